/* Globals: created by the host and imported, defined and exported, read and
 * written from both sides; their types and mutability. */
#include "common.h"

static wasm_val_t call0(wasm_func_t *f) {
  wasm_val_t rs[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(rs);
  CHECK(!wasm_func_call(f, &args, &results));
  return rs[0];
}

static void call1(wasm_func_t *f, wasm_val_t v) {
  wasm_val_t as[] = {v};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_EMPTY_VEC;
  CHECK(!wasm_func_call(f, &args, &results));
}

static void check_type(const wasm_global_t *g, wasm_valkind_t kind,
                       wasm_mutability_t mut) {
  wasm_globaltype_t *t = wasm_global_type(g);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(t)) == kind);
  CHECK(wasm_globaltype_mutability(t) == mut);
  wasm_globaltype_delete(t);
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile_file(store, "global.wasm");

  wasm_globaltype_t *cf32_type =
      wasm_globaltype_new(wasm_valtype_new_f32(), WASM_CONST);
  wasm_globaltype_t *vi64_type =
      wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t cf32_init = WASM_F32_VAL(1.25f);
  wasm_val_t vi64_init = WASM_I64_VAL(-3);
  wasm_global_t *cf32 = wasm_global_new(store, cf32_type, &cf32_init);
  wasm_global_t *vi64 = wasm_global_new(store, vi64_type, &vi64_init);
  wasm_globaltype_delete(cf32_type);
  wasm_globaltype_delete(vi64_type);
  check_type(cf32, WASM_F32, WASM_CONST);
  check_type(vi64, WASM_I64, WASM_VAR);

  wasm_extern_t *externs[] = {wasm_global_as_extern(cf32),
                              wasm_global_as_extern(vi64)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 8);
  wasm_global_t *ci32 = wasm_extern_as_global(exports.data[0]);
  wasm_global_t *vf64 = wasm_extern_as_global(exports.data[1]);
  wasm_global_t *vi64_export = wasm_extern_as_global(exports.data[2]);
  CHECK(ci32 && vf64 && vi64_export);
  CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_GLOBAL);
  CHECK(wasm_extern_as_func(exports.data[0]) == NULL);
  check_type(ci32, WASM_I32, WASM_CONST);
  check_type(vf64, WASM_F64, WASM_VAR);
  /* Re-exporting the host's global gives the same global. */
  CHECK(wasm_global_same(vi64_export, vi64));
  wasm_func_t *get_cf32 = export_func(&exports, 3);
  wasm_func_t *get_vi64 = export_func(&exports, 4);
  wasm_func_t *set_vi64 = export_func(&exports, 5);
  wasm_func_t *get_vf64 = export_func(&exports, 6);
  wasm_func_t *set_vf64 = export_func(&exports, 7);

  wasm_val_t v;
  CHECK(call0(get_cf32).of.f32 == 1.25f);
  wasm_global_get(ci32, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == 7);

  /* Host writes are seen by wasm and the other way round. */
  CHECK(call0(get_vi64).of.i64 == -3);
  v = (wasm_val_t)WASM_I64_VAL(1LL << 40);
  wasm_global_set(vi64, &v);
  CHECK(call0(get_vi64).of.i64 == (1LL << 40));
  call1(set_vi64, (wasm_val_t)WASM_I64_VAL(99));
  wasm_global_get(vi64, &v);
  CHECK(v.kind == WASM_I64 && v.of.i64 == 99);
  wasm_global_get(vi64_export, &v);
  CHECK(v.of.i64 == 99);

  CHECK(call0(get_vf64).of.f64 == 2.5);
  v = (wasm_val_t)WASM_F64_VAL(-8.0);
  wasm_global_set(vf64, &v);
  CHECK(call0(get_vf64).of.f64 == -8.0);
  call1(set_vf64, (wasm_val_t)WASM_F64_VAL(0.125));
  wasm_global_get(vf64, &v);
  CHECK(v.of.f64 == 0.125);

  /* Constant globals stay constant; a value of the wrong type is refused. */
  v = (wasm_val_t)WASM_I32_VAL(8);
  wasm_global_set(ci32, &v);
  wasm_global_get(ci32, &v);
  CHECK(v.of.i32 == 7);
  v = (wasm_val_t)WASM_I32_VAL(8);
  wasm_global_set(vf64, &v);
  CHECK(call0(get_vf64).of.f64 == 0.125);

  /* A mutable import must be given a mutable global. */
  wasm_extern_t *wrong[] = {wasm_global_as_extern(cf32),
                            wasm_global_as_extern(ci32)};
  wasm_extern_vec_t wrong_imports = WASM_ARRAY_VEC(wrong);
  wasm_trap_t *trap = NULL;
  CHECK(wasm_instance_new(store, module, &wrong_imports, &trap) == NULL);
  char msg[256];
  trap_message(trap, msg, sizeof(msg));
  printf("> %s\n", msg);
  CHECK(strstr(msg, "incompatible import type") != NULL);
  wasm_trap_delete(trap);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_global_delete(cf32);
  wasm_global_delete(vi64);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
