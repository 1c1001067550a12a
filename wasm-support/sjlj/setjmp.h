/*===- setjmp.h - setjmp/longjmp for wasm32-wasi C built with wasm EH ------===*
 *
 * Debian's wasi-libc has no <setjmp.h>. With this directory on the include
 * path, and sjlj.c compiled into the program, clang-19 lowers setjmp and
 * longjmp to wasm exception handling:
 *
 *   clang-19 --target=wasm32-wasi --sysroot=/usr -mexception-handling \
 *     -mllvm -wasm-enable-sjlj -I wasm-support/sjlj prog.c \
 *     wasm-support/sjlj/sjlj.c -o prog.wasm
 *
 * (docs/wasi.md, "setjmp and longjmp").
 *===----------------------------------------------------------------------===*/
#ifndef W2S_WASM_SETJMP_H
#define W2S_WASM_SETJMP_H

#ifdef __cplusplus
extern "C" {
#endif

/* Room for sjlj.c's record (w2s_jmp_record), with some to spare. */
typedef struct __jmp_buf_tag {
  unsigned long long __storage[4];
} jmp_buf[1];

int setjmp(jmp_buf env) __attribute__((__returns_twice__));
_Noreturn void longjmp(jmp_buf env, int val);

#ifdef __cplusplus
}
#endif

#endif
