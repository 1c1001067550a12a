/* calls.c - Many direct calls to small functions that do not inline at the
   C level: a vector-math library used one element at a time. */
#include "kernel.h"

typedef struct { int32_t X, Y, Z; } Vec;

static Vec Points[4096];

NOINLINE static int32_t dot(const Vec *A, const Vec *B) {
  return A->X * B->X + A->Y * B->Y + A->Z * B->Z;
}
NOINLINE static void cross(Vec *Out, const Vec *A, const Vec *B) {
  Out->X = A->Y * B->Z - A->Z * B->Y;
  Out->Y = A->Z * B->X - A->X * B->Z;
  Out->Z = A->X * B->Y - A->Y * B->X;
}
NOINLINE static int32_t clampi(int32_t V, int32_t Lo, int32_t Hi) {
  return V < Lo ? Lo : V > Hi ? Hi : V;
}
NOINLINE static uint32_t step(uint32_t H, int32_t V) {
  return (H ^ (uint32_t)V) * 0x01000193u;
}

EXPORT(run) uint64_t run(void) {
  uint32_t S = 31337;
  for (int I = 0; I < 4096; ++I) {
    Points[I].X = (int32_t)(next_rand(&S) % 2001) - 1000;
    Points[I].Y = (int32_t)(next_rand(&S) % 2001) - 1000;
    Points[I].Z = (int32_t)(next_rand(&S) % 2001) - 1000;
  }
  uint32_t H = 2166136261u;
  Vec C;
  for (int Rep = 0; Rep < 1200; ++Rep)
    for (int I = 0; I < 4095; ++I) {
      const Vec *A = &Points[I], *B = &Points[(I * 7 + Rep) & 4095];
      cross(&C, A, B);
      H = step(H, clampi(dot(&C, A) + dot(A, B), -100000, 100000));
    }
  return H;
}
