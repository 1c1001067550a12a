/* recurse.c - Pure recursive functions (Fibonacci, Ackermann, Takeuchi)
   whose arguments the caller re-reads from volatile variables each time.
   The volatile reads are loads in C; wasm has no volatile, so in the .wasm
   they are plain loads and the calls pure: a compiler that knows a wasm
   function is pure may merge the repeated calls. */
#include "kernel.h"

static volatile uint32_t FibN = 24, AckM = 2, AckN = 300;
static volatile int32_t TakX = 18, TakY = 12, TakZ = 6;

NOINLINE static uint32_t fib(uint32_t N) {
  return N < 2 ? N : fib(N - 1) + fib(N - 2);
}

NOINLINE static uint32_t ack(uint32_t M, uint32_t N) {
  if (M == 0) return N + 1;
  if (N == 0) return ack(M - 1, 1);
  return ack(M - 1, ack(M, N - 1));
}

NOINLINE static int32_t tak(int32_t X, int32_t Y, int32_t Z) {
  if (Y >= X) return Z;
  return tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
}

EXPORT(run) uint64_t run(void) {
  uint64_t Acc = 0;
  /* Each pure call twice with the same arguments, which change from one
     iteration to the next: a compiler that knows the calls are pure makes
     each once; none can leave the loop. */
  for (uint32_t I = 0; I < 16; ++I) {
    uint32_t J = I & 3;
    Acc = Acc * 31 + fib(FibN + J);
    Acc = Acc * 31 + fib(FibN + J);
    Acc = Acc * 31 + ack(AckM, AckN + J);
    Acc = Acc * 31 + (uint32_t)tak(TakX + (int32_t)J, TakY, TakZ);
    Acc = Acc * 31 + (uint32_t)tak(TakX + (int32_t)J, TakY, TakZ);
  }
  return Acc;
}
