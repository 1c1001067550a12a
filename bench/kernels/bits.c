/* bits.c - Integer and bit manipulation: popcount, clz/ctz, rotates,
   bit reversal and a 64-bit mixing function. */
#include "kernel.h"

static inline uint32_t rotl32(uint32_t X, int R) {
  return (X << (R & 31)) | (X >> ((32 - R) & 31));
}

static inline uint32_t reverse32(uint32_t X) {
  X = ((X >> 1) & 0x55555555u) | ((X & 0x55555555u) << 1);
  X = ((X >> 2) & 0x33333333u) | ((X & 0x33333333u) << 2);
  X = ((X >> 4) & 0x0f0f0f0fu) | ((X & 0x0f0f0f0fu) << 4);
  X = ((X >> 8) & 0x00ff00ffu) | ((X & 0x00ff00ffu) << 8);
  return (X >> 16) | (X << 16);
}

static inline uint64_t mix64(uint64_t Z) {
  Z = (Z ^ (Z >> 30)) * 0xbf58476d1ce4e5b9ull;
  Z = (Z ^ (Z >> 27)) * 0x94d049bb133111ebull;
  return Z ^ (Z >> 31);
}

EXPORT(run) uint64_t run(void) {
  uint64_t Acc = 0;
  uint32_t S = 0x9e3779b9u;
  for (uint32_t I = 0; I < 20000000u; ++I) {
    uint32_t X = next_rand(&S);
    uint32_t Y = reverse32(X) ^ rotl32(X, I & 31);
    Acc += (uint64_t)__builtin_popcount(Y);
    Acc += (uint64_t)(X ? __builtin_clz(X) + __builtin_ctz(X) : 64);
    Acc ^= mix64(Acc + Y) >> (X & 15);
    Acc += (uint32_t)((int32_t)Y >> 7) / ((X & 0xff) | 1);
  }
  return Acc;
}
