/* stream.c - Memory-bound streaming: STREAM copy, scale, add and triad over
   arrays much larger than the caches. */
#include "kernel.h"

#define N (2 * 1024 * 1024)
static double A[N], B[N], C[N];

EXPORT(run) uint64_t run(void) {
  for (int I = 0; I < N; ++I) {
    A[I] = 1.0 + (double)(I & 1023);
    B[I] = 2.0;
    C[I] = 0.0;
  }
  const double Q = 3.0;
  for (int Rep = 0; Rep < 10; ++Rep) {
    for (int I = 0; I < N; ++I) C[I] = A[I];
    for (int I = 0; I < N; ++I) B[I] = Q * C[I];
    for (int I = 0; I < N; ++I) C[I] = A[I] + B[I];
    for (int I = 0; I < N; ++I) A[I] = B[I] + Q * C[I];
    for (int I = 0; I < N; ++I) A[I] *= 0.0625;
  }
  double Sum = 0.0;
  for (int I = 0; I < N; I += 7)
    Sum += A[I] + B[I] - C[I];
  return (uint64_t)(int64_t)Sum;
}
