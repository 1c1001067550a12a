/* Multi-value: a host function of four results called from wasm, and an
 * export of four results called from the host. */
#include "common.h"

static int calls = 0;

static wasm_trap_t *reverse(const wasm_val_vec_t *args,
                            wasm_val_vec_t *results) {
  CHECK(args->size == 4 && results->size == 4);
  for (size_t i = 0; i < 4; ++i)
    results->data[i] = args->data[3 - i];
  ++calls;
  return NULL;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile_file(store, "multi.wasm");

  wasm_valtype_t *ps[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                           wasm_valtype_new_i64(), wasm_valtype_new_i32()};
  wasm_valtype_t *rs[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                           wasm_valtype_new_i64(), wasm_valtype_new_i32()};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 4, ps);
  wasm_valtype_vec_new(&results, 4, rs);
  wasm_functype_t *type = wasm_functype_new(&params, &results);
  CHECK(wasm_functype_params(type)->size == 4);
  CHECK(wasm_functype_results(type)->size == 4);
  wasm_func_t *func = wasm_func_new(store, type, reverse);
  wasm_functype_delete(type);

  wasm_extern_t *externs[] = {wasm_func_as_extern(func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_func_delete(func);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t *roundtrip = export_func(&exports, 0);
  CHECK(wasm_func_result_arity(roundtrip) == 4);

  wasm_val_t as[4] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(3),
                      WASM_I32_VAL(4)};
  wasm_val_t out[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL,
                       WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as), outs = WASM_ARRAY_VEC(out);
  CHECK(!wasm_func_call(roundtrip, &args, &outs));
  printf("> %d %lld %lld %d\n", out[0].of.i32, (long long)out[1].of.i64,
         (long long)out[2].of.i64, out[3].of.i32);
  CHECK(calls == 1);
  CHECK(out[0].kind == WASM_I32 && out[0].of.i32 == 4);
  CHECK(out[1].kind == WASM_I64 && out[1].of.i64 == 3);
  CHECK(out[2].kind == WASM_I64 && out[2].of.i64 == 2);
  CHECK(out[3].kind == WASM_I32 && out[3].of.i32 == 1);

  /* Too small a results vector is refused, not overrun (after the call,
   * which ran: a call that traps needs none). */
  wasm_val_vec_t short_outs = {2, out};
  wasm_trap_t *trap = wasm_func_call(roundtrip, &args, &short_outs);
  CHECK(trap != NULL);
  char msg[256];
  trap_message(trap, msg, sizeof(msg));
  CHECK(strstr(msg, "results vector too small") != NULL);
  wasm_trap_delete(trap);
  CHECK(calls == 2);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
