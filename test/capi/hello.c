/* A host callback without environment, called through an export. */
#include "common.h"

static int calls = 0;
static int seen = 0;

static wasm_trap_t *hello(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  CHECK(args->size == 1 && results->size == 0);
  CHECK(args->data[0].kind == WASM_I32);
  printf("> hello from wasm: %d\n", args->data[0].of.i32);
  seen = args->data[0].of.i32;
  ++calls;
  return NULL;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile_file(store, "hello.wasm");

  wasm_functype_t *type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t *func = wasm_func_new(store, type, hello);
  wasm_functype_delete(type);
  CHECK(wasm_func_param_arity(func) == 1 && wasm_func_result_arity(func) == 0);

  wasm_extern_t *externs[] = {wasm_func_as_extern(func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_trap_t *trap = NULL;
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance && !trap);
  wasm_func_delete(func);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 1);
  wasm_func_t *run = export_func(&exports, 0);

  wasm_val_t as[] = {WASM_I32_VAL(41)};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as);
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  CHECK(wasm_func_call(run, &args, &results) == NULL);
  CHECK(calls == 1 && seen == 42);

  /* A missing import fails to instantiate, with a message. */
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  CHECK(wasm_instance_new(store, module, &none, &trap) == NULL);
  CHECK(trap != NULL);
  char msg[256];
  trap_message(trap, msg, sizeof(msg));
  printf("> without imports: %s\n", msg);
  CHECK(strstr(msg, "unknown import host.hello") != NULL);
  wasm_trap_delete(trap);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
