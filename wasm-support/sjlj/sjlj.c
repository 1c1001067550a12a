/*===- sjlj.c - The runtime functions of LLVM's wasm setjmp/longjmp --------===*
 *
 * clang-19's -mllvm -wasm-enable-sjlj turns setjmp and longjmp into calls
 * of these three functions and a catch of the C longjmp tag in every
 * function that calls setjmp (LLVM's WebAssemblyLowerEmscriptenEHSjLj):
 *
 *   setjmp(env)        -> __wasm_setjmp(env, label, invocation): env
 *                         remembers which call of which function set it
 *                         (invocation) and which of its setjmps (label);
 *   longjmp(env, val)  -> __wasm_longjmp(env, val): throws the C longjmp
 *                         tag with a pointer to {env, val};
 *   the catch          -> __wasm_setjmp_test(env, invocation): the label
 *                         when env was set by this call of the function,
 *                         else 0 (then the exception goes on up).
 *
 * Debian's 2022 wasi-libc lacks them; compile this file into the program
 * (docs/wasi.md, "setjmp and longjmp").
 *===----------------------------------------------------------------------===*/
#include <stdint.h>

/* What a jmp_buf holds (setjmp.h reserves 32 bytes). */
struct w2s_jmp_record {
  void *invocation;
  uint32_t label;
  /* The exception's payload: what the catching code reads. */
  struct {
    void *env;
    int val;
  } arg;
};

_Static_assert(sizeof(struct w2s_jmp_record) <= 32, "fits in a jmp_buf");

void __wasm_setjmp(void *env, uint32_t label, void *invocation) {
  struct w2s_jmp_record *R = env;
  R->invocation = invocation;
  R->label = label;
}

uint32_t __wasm_setjmp_test(void *env, void *invocation) {
  struct w2s_jmp_record *R = env;
  return R->invocation == invocation ? R->label : 0;
}

void __wasm_longjmp(void *env, int val) {
  struct w2s_jmp_record *R = env;
  R->arg.env = env;
  R->arg.val = val == 0 ? 1 : val; /* longjmp(env, 0) returns 1 */
  /* Tag 1 is the C longjmp tag (__c_longjmp). */
  __builtin_wasm_throw(1, &R->arg);
}
