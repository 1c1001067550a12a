/* Host references: foreign objects as externref values through a global, a
 * table, wasm calls and a host callback, each coming back as the same
 * object with its host info; funcrefs out of wasm and back in. */
#include "common.h"

static int identity_calls = 0;

static wasm_trap_t *identity(const wasm_val_vec_t *args,
                             wasm_val_vec_t *results) {
  ++identity_calls;
  wasm_val_copy(&results->data[0], &args->data[0]);
  return NULL;
}

static wasm_extern_vec_t exports;

static wasm_ref_t *call_r(size_t export_index, wasm_val_t *arg) {
  wasm_val_t rs[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {arg ? 1 : 0, arg};
  wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
  CHECK(!wasm_func_call(export_func(&exports, export_index), &args, &results));
  return rs[0].of.ref;
}

static void call_v(size_t export_index, wasm_val_t *as, size_t n) {
  wasm_val_vec_t args = {n, as};
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  CHECK(!wasm_func_call(export_func(&exports, export_index), &args, &results));
}

/* Checks that ACTUAL (owned, deleted here) is EXPECTED's object. */
static void check_ref(wasm_ref_t *actual, const wasm_ref_t *expected) {
  if (!expected) {
    CHECK(actual == NULL);
    return;
  }
  CHECK(actual != NULL);
  CHECK(wasm_ref_same(actual, expected));
  CHECK(wasm_ref_get_host_info(actual) == wasm_ref_get_host_info(expected));
  wasm_ref_delete(actual);
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile_file(store, "hostref.wasm");
  wasm_functype_t *type = wasm_functype_new_1_1(wasm_valtype_new_externref(),
                                                wasm_valtype_new_externref());
  wasm_func_t *func = wasm_func_new(store, type, identity);
  wasm_functype_delete(type);
  wasm_extern_t *externs[] = {wasm_func_as_extern(func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_func_delete(func);
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 11);
  wasm_global_t *global = wasm_extern_as_global(exports.data[0]);
  wasm_table_t *table = wasm_extern_as_table(exports.data[1]);
  CHECK(global && table);

  wasm_ref_t *host1 = wasm_foreign_as_ref(wasm_foreign_new(store));
  wasm_ref_t *host2 = wasm_foreign_as_ref(wasm_foreign_new(store));
  wasm_ref_set_host_info(host1, (void *)1);
  wasm_ref_set_host_info(host2, (void *)2);
  CHECK(!wasm_ref_same(host1, host2));
  check_ref(wasm_ref_copy(host1), host1);

  /* Through the global, from wasm and from the host. */
  check_ref(call_r(5, NULL), NULL);
  wasm_val_t v = WASM_REF_VAL(host1);
  call_v(4, &v, 1);
  check_ref(call_r(5, NULL), host1);
  v = (wasm_val_t)WASM_REF_VAL(host2);
  wasm_global_set(global, &v);
  check_ref(call_r(5, NULL), host2);
  wasm_global_get(global, &v);
  CHECK(v.kind == WASM_EXTERNREF);
  check_ref(v.of.ref, host2);
  v = (wasm_val_t)WASM_REF_VAL(NULL);
  call_v(4, &v, 1);
  wasm_global_get(global, &v);
  CHECK(v.of.ref == NULL);

  /* Through the table. */
  wasm_val_t tv[2] = {WASM_I32_VAL(1), WASM_REF_VAL(host1)};
  call_v(6, tv, 2);
  wasm_val_t index = WASM_I32_VAL(1);
  check_ref(call_r(7, &index), host1);
  check_ref(wasm_table_get(table, 1), host1);
  CHECK(wasm_table_set(table, 2, host2));
  index = (wasm_val_t)WASM_I32_VAL(2);
  check_ref(call_r(7, &index), host2);
  index = (wasm_val_t)WASM_I32_VAL(0);
  check_ref(call_r(7, &index), NULL);

  /* Through a call to the host and back. */
  v = (wasm_val_t)WASM_REF_VAL(host2);
  check_ref(call_r(8, &v), host2);
  v = (wasm_val_t)WASM_REF_VAL(NULL);
  check_ref(call_r(8, &v), NULL);
  CHECK(identity_calls == 2);

  /* A funcref out of wasm is the exported function; passed back in, it is
   * called through a table. */
  wasm_val_t rs[] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(rs);
  CHECK(!wasm_func_call(export_func(&exports, 9), &none, &results));
  CHECK(rs[0].kind == WASM_FUNCREF && rs[0].of.ref != NULL);
  wasm_func_t *answer = wasm_ref_as_func(rs[0].of.ref);
  CHECK(answer && wasm_func_same(answer, export_func(&exports, 3)));
  CHECK(!wasm_func_same(answer, export_func(&exports, 9)));
  wasm_val_t fr = {.kind = WASM_FUNCREF, .of = {.ref = rs[0].of.ref}};
  wasm_val_t out[] = {WASM_INIT_VAL};
  wasm_val_vec_t fargs = {1, &fr}, fres = WASM_ARRAY_VEC(out);
  CHECK(!wasm_func_call(export_func(&exports, 10), &fargs, &fres));
  CHECK(out[0].of.i32 == 42);
  wasm_val_delete(&rs[0]);
  /* A foreign object is no funcref. */
  wasm_val_t bad = {.kind = WASM_FUNCREF, .of = {.ref = host1}};
  fargs.data = &bad;
  wasm_trap_t *trap = wasm_func_call(export_func(&exports, 10), &fargs, &fres);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  printf("> references came back as themselves\n");

  wasm_ref_delete(host1);
  wasm_ref_delete(host2);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
