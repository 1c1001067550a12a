/* A start function that traps: instantiation fails with the trap, its
 * message and frames. */
#include "common.h"

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile_file(store, "start.wasm");

  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t *trap = NULL;
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance == NULL && trap != NULL);

  char msg[256];
  trap_message(trap, msg, sizeof(msg));
  printf("> start trapped: %s\n", msg);
  CHECK(strstr(msg, "unreachable") != NULL);

  wasm_frame_t *origin = wasm_trap_origin(trap);
  CHECK(origin != NULL);
  printf("> origin: function %u\n", wasm_frame_func_index(origin));
  CHECK(wasm_frame_func_index(origin) <= 2);
  wasm_frame_delete(origin);

  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  printf("> %zu frame(s)\n", trace.size);
  CHECK(trace.size >= 1);
  /* The outermost frame is the start function. */
  CHECK(wasm_frame_func_index(trace.data[trace.size - 1]) == 2);
  wasm_frame_vec_delete(&trace);

  /* Host info sticks to the trap and its copies. */
  wasm_trap_t *copy = wasm_trap_copy(trap);
  wasm_trap_set_host_info(trap, (void *)7);
  CHECK(wasm_trap_get_host_info(copy) == (void *)7);
  CHECK(wasm_trap_same(trap, copy));
  wasm_trap_delete(copy);
  wasm_trap_delete(trap);

  /* Without an out-parameter, failure is still a NULL instance. */
  CHECK(wasm_instance_new(store, module, &imports, NULL) == NULL);

  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
