/* kernel.h - What every benchmark kernel shares: the export and a PRNG. */
#ifndef BENCH_KERNEL_H
#define BENCH_KERNEL_H

#include <stdint.h>

#ifdef __wasm__
#define EXPORT(Name) __attribute__((export_name(#Name)))
#else
#define EXPORT(Name)
#endif
#define NOINLINE __attribute__((noinline))

/* xorshift32: deterministic data without libc. */
static inline uint32_t next_rand(uint32_t *State) {
  uint32_t X = *State;
  X ^= X << 13;
  X ^= X >> 17;
  X ^= X << 5;
  return *State = X;
}

#endif
