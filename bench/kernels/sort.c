/* sort.c - Quicksort (median of three, insertion sort for short runs) and
   heapsort of pseudo-random integers. */
#include "kernel.h"

#define N 1000000
static int32_t A[N], B[N];

static void insertion(int32_t *P, int Lo, int Hi) {
  for (int I = Lo + 1; I <= Hi; ++I) {
    int32_t V = P[I];
    int J = I - 1;
    while (J >= Lo && P[J] > V) {
      P[J + 1] = P[J];
      --J;
    }
    P[J + 1] = V;
  }
}

static void swap(int32_t *P, int I, int J) {
  int32_t T = P[I];
  P[I] = P[J];
  P[J] = T;
}

static void quicksort(int32_t *P, int Lo, int Hi) {
  while (Hi - Lo > 16) {
    int Mid = Lo + (Hi - Lo) / 2;
    if (P[Mid] < P[Lo]) swap(P, Mid, Lo);
    if (P[Hi] < P[Lo]) swap(P, Hi, Lo);
    if (P[Hi] < P[Mid]) swap(P, Hi, Mid);
    int32_t Pivot = P[Mid];
    int I = Lo, J = Hi;
    while (I <= J) {
      while (P[I] < Pivot) ++I;
      while (P[J] > Pivot) --J;
      if (I <= J) swap(P, I++, J--);
    }
    if (J - Lo < Hi - I) {
      quicksort(P, Lo, J);
      Lo = I;
    } else {
      quicksort(P, I, Hi);
      Hi = J;
    }
  }
  insertion(P, Lo, Hi);
}

static void siftDown(int32_t *P, int Root, int End) {
  for (;;) {
    int Child = 2 * Root + 1;
    if (Child >= End) return;
    if (Child + 1 < End && P[Child] < P[Child + 1]) ++Child;
    if (P[Root] >= P[Child]) return;
    swap(P, Root, Child);
    Root = Child;
  }
}

static void heapsort(int32_t *P, int N0) {
  for (int I = N0 / 2 - 1; I >= 0; --I)
    siftDown(P, I, N0);
  for (int End = N0 - 1; End > 0; --End) {
    swap(P, 0, End);
    siftDown(P, 0, End);
  }
}

EXPORT(run) uint64_t run(void) {
  uint32_t S = 99;
  for (int I = 0; I < N; ++I)
    A[I] = B[I] = (int32_t)next_rand(&S);
  quicksort(A, 0, N - 1);
  heapsort(B, N / 2);
  uint64_t Acc = 0;
  for (int I = 0; I < N; I += 97)
    Acc = Acc * 31 + (uint32_t)A[I];
  for (int I = 0; I < N / 2; I += 89)
    Acc = Acc * 37 + (uint32_t)B[I];
  for (int I = 1; I < N; ++I)
    Acc += A[I - 1] > A[I]; /* 0 when sorted */
  return Acc;
}
