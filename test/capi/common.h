/* Helpers shared by the C API tests: each test reads NAME.wasm from the
 * current directory (the test driver converts NAME.wat beside it), checks
 * what it does with CHECK, and prints "Done." at the end. */
#ifndef W2S_CAPI_TEST_COMMON_H
#define W2S_CAPI_TEST_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm.h"

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      printf("> CHECK failed at %s:%d: %s\n", __FILE__, __LINE__, #cond);    \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

/* The bytes of FILE, or exit. */
static inline void load_binary(const char *file, wasm_byte_vec_t *out) {
  FILE *f = fopen(file, "rb");
  if (!f) {
    printf("> cannot open %s\n", file);
    exit(1);
  }
  fseek(f, 0L, SEEK_END);
  long size = ftell(f);
  fseek(f, 0L, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  if (size > 0 && fread(out->data, (size_t)size, 1, f) != 1) {
    printf("> cannot read %s\n", file);
    exit(1);
  }
  fclose(f);
}

/* Compiles FILE in STORE, or exits. */
static inline wasm_module_t *compile_file(wasm_store_t *store,
                                          const char *file) {
  wasm_byte_vec_t binary;
  load_binary(file, &binary);
  wasm_module_t *module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) {
    printf("> cannot compile %s\n", file);
    exit(1);
  }
  return module;
}

/* Export I of EXPORTS as a function, or exit. */
static inline wasm_func_t *export_func(const wasm_extern_vec_t *exports,
                                       size_t i) {
  CHECK(i < exports->size);
  wasm_func_t *f = wasm_extern_as_func(exports->data[i]);
  CHECK(f != NULL);
  return f;
}

/* A trap's message as a string (which it holds with its NUL). */
static inline void trap_message(const wasm_trap_t *trap, char *buf,
                                size_t size) {
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  CHECK(msg.size > 0 && msg.data[msg.size - 1] == '\0');
  snprintf(buf, size, "%s", msg.data);
  wasm_byte_vec_delete(&msg);
}

#endif
