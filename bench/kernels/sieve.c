/* sieve.c - The sieve of Eratosthenes over a byte array of 24 million
   flags, then a sum over the primes found. */
#include "kernel.h"

#define N 24000000
static uint8_t Composite[N];

EXPORT(run) uint64_t run(void) {
  __builtin_memset(Composite, 0, sizeof Composite);
  for (uint32_t I = 2; I * I < N; ++I)
    if (!Composite[I])
      for (uint32_t J = I * I; J < N; J += I)
        Composite[J] = 1;
  uint64_t Count = 0, Sum = 0;
  for (uint32_t I = 2; I < N; ++I)
    if (!Composite[I]) {
      ++Count;
      Sum += I;
    }
  return Count * 1000003 + Sum;
}
