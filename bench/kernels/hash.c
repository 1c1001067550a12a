/* hash.c - CRC-32 (table driven) and FNV-1a over a buffer, byte at a time,
   plus a 64-bit multiply-rotate hash over words. */
#include "kernel.h"

#define LEN (1 << 20)
static uint8_t Buf[LEN];
static uint32_t CrcTable[256];

static void initCrc(void) {
  for (uint32_t I = 0; I < 256; ++I) {
    uint32_t C = I;
    for (int K = 0; K < 8; ++K)
      C = C & 1 ? 0xedb88320u ^ (C >> 1) : C >> 1;
    CrcTable[I] = C;
  }
}

static uint32_t crc32(const uint8_t *P, uint32_t N, uint32_t Crc) {
  Crc = ~Crc;
  for (uint32_t I = 0; I < N; ++I)
    Crc = CrcTable[(Crc ^ P[I]) & 0xff] ^ (Crc >> 8);
  return ~Crc;
}

static uint32_t fnv1a(const uint8_t *P, uint32_t N) {
  uint32_t H = 2166136261u;
  for (uint32_t I = 0; I < N; ++I)
    H = (H ^ P[I]) * 16777619u;
  return H;
}

static uint64_t wordHash(const uint8_t *P, uint32_t N, uint64_t Seed) {
  uint64_t H = Seed;
  for (uint32_t I = 0; I + 8 <= N; I += 8) {
    uint64_t W;
    __builtin_memcpy(&W, P + I, 8);
    H ^= W * 0x87c37b91114253d5ull;
    H = (H << 31) | (H >> 33);
    H = H * 5 + 0x52dce729;
  }
  return H;
}

EXPORT(run) uint64_t run(void) {
  initCrc();
  uint32_t S = 4242;
  for (uint32_t I = 0; I < LEN; I += 4) {
    uint32_t R = next_rand(&S);
    __builtin_memcpy(Buf + I, &R, 4);
  }
  uint64_t Acc = 0;
  uint32_t Crc = 0;
  for (int Rep = 0; Rep < 16; ++Rep) {
    Crc = crc32(Buf, LEN, Crc);
    Acc += fnv1a(Buf + Rep, LEN - Rep);
    Acc ^= wordHash(Buf, LEN, Acc);
  }
  return Acc ^ ((uint64_t)Crc << 32);
}
