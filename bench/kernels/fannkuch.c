/* fannkuch.c - Fannkuch-redux for 10 elements: every permutation in
   counting order, the flips of each and a signed checksum. Small arrays,
   data-dependent loops. */
#include "kernel.h"

#define SIZE 10

EXPORT(run) uint64_t run(void) {
  int32_t Perm[SIZE], Perm1[SIZE], Count[SIZE];
  int32_t MaxFlips = 0, Checksum = 0, PermCount = 0;
  for (int I = 0; I < SIZE; ++I)
    Perm1[I] = I;
  int R = SIZE;
  for (;;) {
    for (; R != 1; --R)
      Count[R - 1] = R;
    for (int I = 0; I < SIZE; ++I)
      Perm[I] = Perm1[I];
    int Flips = 0;
    for (int K = Perm[0]; K != 0; K = Perm[0]) {
      for (int I = 0, J = K; I < J; ++I, --J) {
        int32_t T = Perm[I];
        Perm[I] = Perm[J];
        Perm[J] = T;
      }
      ++Flips;
    }
    if (Flips > MaxFlips)
      MaxFlips = Flips;
    Checksum += PermCount % 2 == 0 ? Flips : -Flips;
    /* The next permutation: rotate the first R+1 elements left until a
       counter does not wrap. */
    for (;;) {
      if (R == SIZE)
        return (uint64_t)(uint32_t)Checksum * 1000 + (uint64_t)MaxFlips;
      int32_t First = Perm1[0];
      for (int I = 0; I < R; ++I)
        Perm1[I] = Perm1[I + 1];
      Perm1[R] = First;
      if (--Count[R] > 0)
        break;
      ++R;
    }
    ++PermCount;
  }
}
