/* hashtab.c - An open-addressing hash table with linear probing over
   32 MiB (4 Mi slots of a 32-bit key and a 32-bit value), hashed by a
   64-bit multiply: inserts to a load of 5/8, then hits and misses. */
#include "kernel.h"

#define LOG_SLOTS 22
#define SLOTS (1u << LOG_SLOTS)
#define KEYS (SLOTS / 8 * 5)

typedef struct {
  uint32_t Key; /* 0: empty */
  uint32_t Value;
} Slot;

static Slot Table[SLOTS];

static inline uint32_t slotOf(uint32_t Key) {
  return (uint32_t)(((uint64_t)Key * 0x9e3779b97f4a7c15ull) >> (64 - LOG_SLOTS));
}

static void insert(uint32_t Key, uint32_t Value) {
  uint32_t I = slotOf(Key);
  while (Table[I].Key != 0 && Table[I].Key != Key)
    I = (I + 1) & (SLOTS - 1);
  Table[I].Key = Key;
  Table[I].Value += Value;
}

static uint32_t lookup(uint32_t Key) {
  uint32_t I = slotOf(Key);
  for (;;) {
    uint32_t K = Table[I].Key;
    if (K == Key)
      return Table[I].Value;
    if (K == 0)
      return 0;
    I = (I + 1) & (SLOTS - 1);
  }
}

EXPORT(run) uint64_t run(void) {
  __builtin_memset(Table, 0, sizeof Table);
  uint32_t S = 77;
  for (uint32_t I = 0; I < KEYS; ++I)
    insert(next_rand(&S) | 1, I);
  uint64_t Acc = 0;
  /* The same keys again (hits), then fresh ones (mostly misses). */
  S = 77;
  for (uint32_t I = 0; I < KEYS; ++I)
    Acc += lookup(next_rand(&S) | 1);
  for (uint32_t I = 0; I < KEYS; ++I)
    Acc = Acc * 3 + lookup(next_rand(&S) | 1);
  return Acc;
}
