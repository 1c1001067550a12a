/* Traps: one a host callback returns, with its message, and one of wasm
 * code, with its frames (function indices and wasm byte offsets). */
#include "common.h"

static wasm_store_t *store;

static wasm_trap_t *fail(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "the host says no");
  wasm_trap_t *trap = wasm_trap_new(store, &message);
  wasm_name_delete(&message);
  return trap;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  store = wasm_store_new(engine);
  wasm_module_t *module = compile_file(store, "trap.wasm");
  wasm_functype_t *type = wasm_functype_new_0_0();
  wasm_func_t *func = wasm_func_new(store, type, fail);
  wasm_functype_delete(type);
  wasm_extern_t *externs[] = {wasm_func_as_extern(func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_func_delete(func);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  char msg[256];

  /* The host's trap comes back with its message. */
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t *trap = wasm_func_call(export_func(&exports, 0), &none, &none);
  CHECK(trap != NULL);
  trap_message(trap, msg, sizeof(msg));
  printf("> host trap: %s\n", msg);
  CHECK(strcmp(msg, "the host says no") == 0);
  wasm_trap_delete(trap);

  /* A division by zero three calls deep. */
  wasm_val_t as[] = {WASM_I32_VAL(0)};
  wasm_val_t rs[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
  trap = wasm_func_call(export_func(&exports, 1), &args, &results);
  CHECK(trap != NULL);
  trap_message(trap, msg, sizeof(msg));
  printf("> wasm trap: %s\n", msg);
  CHECK(strcmp(msg, "integer divide by zero") == 0);

  wasm_frame_t *origin = wasm_trap_origin(trap);
  CHECK(origin != NULL);
  printf("> origin: function %u, function offset 0x%zx, module offset 0x%zx\n",
         wasm_frame_func_index(origin), wasm_frame_func_offset(origin),
         wasm_frame_module_offset(origin));
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK(trace.size >= 1);
  CHECK(wasm_frame_func_index(trace.data[0]) ==
        wasm_frame_func_index(origin));
  for (size_t i = 0; i < trace.size; ++i) {
    const wasm_frame_t *f = trace.data[i];
    printf("> frame %zu: function %u, function offset 0x%zx, module offset "
           "0x%zx\n",
           i, wasm_frame_func_index(f), wasm_frame_func_offset(f),
           wasm_frame_module_offset(f));
    CHECK(wasm_frame_instance(f) == NULL);
    /* Every offset lies inside the module, after its function's start. */
    CHECK(wasm_frame_module_offset(f) < 200);
    CHECK(wasm_frame_func_offset(f) <= wasm_frame_module_offset(f));
  }
  /* The innermost frame is the division, in $divide (function 1), or in a
   * caller it was inlined into; the outermost is the export (function 4). */
  CHECK(wasm_frame_func_index(trace.data[trace.size - 1]) == 4);
  wasm_frame_t *copy = wasm_frame_copy(trace.data[0]);
  CHECK(wasm_frame_module_offset(copy) ==
        wasm_frame_module_offset(trace.data[0]));
  wasm_frame_delete(copy);
  wasm_frame_vec_delete(&trace);
  wasm_frame_delete(origin);
  wasm_trap_delete(trap);

  /* A call that traps reports the trap even with no room for its result
   * (the upstream trap example passes an empty results vector). */
  wasm_val_vec_t no_results = WASM_EMPTY_VEC;
  trap = wasm_func_call(export_func(&exports, 1), &args, &no_results);
  CHECK(trap != NULL);
  trap_message(trap, msg, sizeof(msg));
  CHECK(strcmp(msg, "integer divide by zero") == 0);
  wasm_trap_delete(trap);

  /* The instance stays usable after a trap. */
  as[0] = (wasm_val_t)WASM_I32_VAL(5);
  CHECK(!wasm_func_call(export_func(&exports, 1), &args, &results));
  CHECK(rs[0].of.i32 == 9);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
