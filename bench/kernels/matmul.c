/* matmul.c - Dense double-precision matrix multiply (i-k-j order). */
#include "kernel.h"

#define N 256
static double A[N][N], B[N][N], C[N][N];

EXPORT(run) uint64_t run(void) {
  uint32_t S = 12345;
  for (int I = 0; I < N; ++I)
    for (int J = 0; J < N; ++J) {
      A[I][J] = (double)(next_rand(&S) % 1000) / 500.0 - 1.0;
      B[I][J] = (double)(next_rand(&S) % 1000) / 250.0 - 2.0;
      C[I][J] = 0.0;
    }
  for (int Rep = 0; Rep < 16; ++Rep)
    for (int I = 0; I < N; ++I)
      for (int K = 0; K < N; ++K) {
        double Aik = A[I][K];
        for (int J = 0; J < N; ++J)
          C[I][J] += Aik * B[K][J];
      }
  double Sum = 0.0;
  for (int I = 0; I < N; ++I)
    for (int J = 0; J < N; ++J)
      Sum += C[I][J] * (double)((I ^ J) & 7);
  return (uint64_t)(int64_t)(Sum * 1000.0);
}
