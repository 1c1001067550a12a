/* native_main.c - Times run() of a kernel linked in natively, or of a
   wasm2c-compiled module when built with -DWASM2C. Prints checksum and ns. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef WASM2C
/* wasm2c -n MOD (WABT 1.0.32 names): Z_MOD_instance_t, Z_MODZ_run, ... */
#include "wasm-rt.h"
#include WASM2C_HEADER
#define CAT3(A, B, C) A##B##C
#define W2C(Mod, Suffix) CAT3(Z_, Mod, Suffix)
static W2C(WASM2C, _instance_t) Inst;
#define CALL_RUN() W2C(WASM2C, Z_run)(&Inst)
#else
uint64_t run(void);
#define CALL_RUN() run()
#endif

static int64_t nowNs(void) {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return (int64_t)T.tv_sec * 1000000000 + T.tv_nsec;
}

static int cmp(const void *A, const void *B) {
  int64_t X = *(const int64_t *)A, Y = *(const int64_t *)B;
  return X < Y ? -1 : X > Y;
}

int main(int Argc, char **Argv) {
  int Reps = Argc > 1 ? atoi(Argv[1]) : 3;
  if (Reps < 1 || Reps > 100)
    Reps = 3;
#ifdef WASM2C
  wasm_rt_init();
  W2C(WASM2C, _init_module)();
  W2C(WASM2C, _instantiate)(&Inst);
#endif
  uint64_t Sum = CALL_RUN(); /* warm-up, and the checksum */
  int64_t Ns[100];
  for (int I = 0; I < Reps; ++I) {
    int64_t T0 = nowNs();
    uint64_t S = CALL_RUN();
    Ns[I] = nowNs() - T0;
    if (S != Sum) {
      fprintf(stderr, "checksum changed between calls\n");
      return 1;
    }
  }
  qsort(Ns, (size_t)Reps, sizeof(Ns[0]), cmp);
  printf("%" PRIu64 " %" PRId64 "\n", Sum, Ns[Reps / 2]);
  return 0;
}
