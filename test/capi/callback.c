/* Host callbacks of every number type, a callback with an environment and
 * its finalizer, and calls of host functions from the host. */
#include "common.h"

static wasm_trap_t *add_i32(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + args->data[1].of.i32;
  return NULL;
}
static wasm_trap_t *neg_i64(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_I64;
  results->data[0].of.i64 = -args->data[0].of.i64;
  return NULL;
}
static wasm_trap_t *half_f32(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_F32;
  results->data[0].of.f32 = args->data[0].of.f32 / 2;
  return NULL;
}
static wasm_trap_t *twice_f64(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_F64;
  results->data[0].of.f64 = args->data[0].of.f64 * 2;
  return NULL;
}

struct counter_env {
  int count;
  int finalized;
};

static wasm_trap_t *counter(void *env, const wasm_val_vec_t *args,
                            wasm_val_vec_t *results) {
  struct counter_env *c = env;
  CHECK(args->size == 0 && results->size == 1);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = ++c->count;
  return NULL;
}

static void finalize_counter(void *env) {
  ((struct counter_env *)env)->finalized++;
}

static wasm_func_t *host(wasm_store_t *store, wasm_functype_t *type,
                         wasm_func_callback_t cb) {
  wasm_func_t *f = wasm_func_new(store, type, cb);
  wasm_functype_delete(type);
  return f;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile_file(store, "callback.wasm");

  struct counter_env env = {0, 0};
  wasm_functype_t *counter_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t *funcs[] = {
      host(store,
           wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                                 wasm_valtype_new_i32()),
           add_i32),
      host(store, wasm_functype_new_1_1(wasm_valtype_new_i64(),
                                        wasm_valtype_new_i64()),
           neg_i64),
      host(store, wasm_functype_new_1_1(wasm_valtype_new_f32(),
                                        wasm_valtype_new_f32()),
           half_f32),
      host(store, wasm_functype_new_1_1(wasm_valtype_new_f64(),
                                        wasm_valtype_new_f64()),
           twice_f64),
      wasm_func_new_with_env(store, counter_type, counter, &env,
                             finalize_counter),
  };
  wasm_functype_delete(counter_type);

  wasm_extern_t *externs[5];
  for (int i = 0; i < 5; ++i)
    externs[i] = wasm_func_as_extern(funcs[i]);
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 5);

  {
    wasm_val_t as[] = {WASM_I32_VAL(40), WASM_I32_VAL(2)};
    wasm_val_t rs[] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
    CHECK(!wasm_func_call(export_func(&exports, 0), &args, &results));
    CHECK(rs[0].kind == WASM_I32 && rs[0].of.i32 == 42);
  }
  {
    wasm_val_t as[] = {WASM_I64_VAL(-5000000000LL)};
    wasm_val_t rs[] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
    CHECK(!wasm_func_call(export_func(&exports, 1), &args, &results));
    CHECK(rs[0].kind == WASM_I64 && rs[0].of.i64 == 5000000000LL);
  }
  {
    wasm_val_t as[] = {WASM_F32_VAL(3.0f)};
    wasm_val_t rs[] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
    CHECK(!wasm_func_call(export_func(&exports, 2), &args, &results));
    CHECK(rs[0].kind == WASM_F32 && rs[0].of.f32 == 1.5f);
  }
  {
    wasm_val_t as[] = {WASM_F64_VAL(0.25)};
    wasm_val_t rs[] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
    CHECK(!wasm_func_call(export_func(&exports, 3), &args, &results));
    CHECK(rs[0].kind == WASM_F64 && rs[0].of.f64 == 0.5);
  }
  {
    wasm_val_t rs[] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(rs);
    CHECK(!wasm_func_call(export_func(&exports, 4), &args, &results));
    CHECK(rs[0].of.i32 == 3 && env.count == 3);
    /* The host function called from the host directly. */
    CHECK(!wasm_func_call(funcs[4], &args, &results));
    CHECK(rs[0].of.i32 == 4);
  }
  printf("> counter called %d times\n", env.count);

  /* A number of another kind is read as the parameter's type (the low
   * half of 1.0's bits is 0: kinds.c has the rule); a reference where a
   * number is expected is a trap, not a crash. */
  {
    wasm_val_t as[] = {WASM_F64_VAL(1), WASM_I32_VAL(2)};
    wasm_val_t rs[] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
    CHECK(!wasm_func_call(export_func(&exports, 0), &args, &results));
    CHECK(rs[0].kind == WASM_I32 && rs[0].of.i32 == 2);
    wasm_val_t ref = WASM_REF_VAL(NULL);
    as[0] = ref;
    wasm_trap_t *trap = wasm_func_call(export_func(&exports, 0), &args, &results);
    CHECK(trap != NULL);
    wasm_trap_delete(trap);
  }

  /* The environment's finalizer runs once the function is gone: after the
   * host's handle and the instance that imports it. */
  for (int i = 0; i < 5; ++i)
    wasm_func_delete(funcs[i]);
  CHECK(env.finalized == 0);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  CHECK(env.finalized == 1);
  printf("> environment finalized\n");

  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
