/* fib.c - Doubly recursive Fibonacci and Ackermann: call-heavy recursion. */
#include "kernel.h"

NOINLINE static uint32_t fib(uint32_t N) {
  return N < 2 ? N : fib(N - 1) + fib(N - 2);
}

NOINLINE static uint32_t ack(uint32_t M, uint32_t N) {
  if (M == 0) return N + 1;
  if (N == 0) return ack(M - 1, 1);
  return ack(M - 1, ack(M, N - 1));
}

EXPORT(run) uint64_t run(void) {
  uint64_t Acc = fib(35);
  Acc = Acc * 1000003 + ack(2, 2000);
  Acc = Acc * 1000003 + ack(3, 7);
  return Acc;
}
