/* Tables: get, set, grow and size from the host, a host function stored in
 * a table and called through call_indirect, the traps of bad calls, a table
 * the host makes, and a host function stored in the table after the
 * module's handle is gone. */
#include "common.h"

static wasm_func_t *call_at_f, *size_f;

static wasm_trap_t *negate(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = -args->data[0].of.i32;
  return NULL;
}

/* The result of table[index](arg), or -1000 and the trap's message. */
static int32_t call_at(int32_t index, int32_t arg, char *msg, size_t size) {
  wasm_val_t as[] = {WASM_I32_VAL(index), WASM_I32_VAL(arg)};
  wasm_val_t rs[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
  wasm_trap_t *trap = wasm_func_call(call_at_f, &args, &results);
  if (trap) {
    trap_message(trap, msg, size);
    wasm_trap_delete(trap);
    return -1000;
  }
  return rs[0].of.i32;
}

static int32_t wasm_size(void) {
  wasm_val_t rs[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(rs);
  CHECK(!wasm_func_call(size_f, &args, &results));
  return rs[0].of.i32;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile_file(store, "table.wasm");
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 4);
  wasm_table_t *table = wasm_extern_as_table(exports.data[0]);
  CHECK(table != NULL);
  wasm_func_t *double_f = export_func(&exports, 1);
  call_at_f = export_func(&exports, 2);
  size_f = export_func(&exports, 3);
  char msg[256];

  /* The element segment's function, and an empty slot. */
  CHECK(wasm_table_size(table) == 2 && wasm_size() == 2);
  CHECK(wasm_table_get(table, 0) == NULL);
  wasm_ref_t *slot1 = wasm_table_get(table, 1);
  CHECK(slot1 != NULL);
  CHECK(wasm_func_same(wasm_ref_as_func(slot1), double_f));
  wasm_ref_delete(slot1);
  CHECK(call_at(1, 21, msg, sizeof(msg)) == 42);
  CHECK(call_at(0, 1, msg, sizeof(msg)) == -1000);
  printf("> null slot: %s\n", msg);
  CHECK(strstr(msg, "uninitialized element") != NULL);
  CHECK(call_at(2, 1, msg, sizeof(msg)) == -1000);
  printf("> past the end: %s\n", msg);
  CHECK(strstr(msg, "undefined element") != NULL);
  CHECK(wasm_table_get(table, 2) == NULL);

  /* A host function in the table, called from wasm. */
  wasm_functype_t *type =
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t *neg = wasm_func_new(store, type, negate);
  wasm_functype_delete(type);
  CHECK(wasm_table_set(table, 0, wasm_func_as_ref(neg)));
  CHECK(call_at(0, 5, msg, sizeof(msg)) == -5);
  wasm_ref_t *slot0 = wasm_table_get(table, 0);
  CHECK(slot0 && wasm_func_same(wasm_ref_as_func(slot0), neg));
  wasm_ref_delete(slot0);
  CHECK(!wasm_table_set(table, 2, wasm_func_as_ref(neg)));

  /* A function of another type: call_indirect's signature check. */
  wasm_functype_t *other = wasm_functype_new_0_0();
  wasm_func_t *nop = wasm_func_new(store, other, NULL);
  wasm_functype_delete(other);
  CHECK(wasm_table_set(table, 1, wasm_func_as_ref(nop)));
  CHECK(call_at(1, 1, msg, sizeof(msg)) == -1000);
  printf("> wrong type: %s\n", msg);
  CHECK(strstr(msg, "indirect call type mismatch") != NULL);
  CHECK(wasm_table_set(table, 1, NULL));
  CHECK(wasm_table_get(table, 1) == NULL);

  /* Growing, with an initial element, up to the maximum. */
  CHECK(wasm_table_grow(table, 3, wasm_func_as_ref(double_f)));
  CHECK(wasm_table_size(table) == 5 && wasm_size() == 5);
  CHECK(call_at(4, 8, msg, sizeof(msg)) == 16);
  CHECK(!wasm_table_grow(table, 6, NULL));
  CHECK(wasm_table_grow(table, 5, NULL));
  CHECK(wasm_table_size(table) == 10);
  CHECK(wasm_table_get(table, 9) == NULL);

  wasm_tabletype_t *tt = wasm_table_type(table);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(tt)->min == 10 &&
        wasm_tabletype_limits(tt)->max == 10);
  wasm_tabletype_delete(tt);

  /* A table the host makes, filled with its initial element. */
  wasm_limits_t limits = {3, wasm_limits_max_default};
  wasm_tabletype_t *host_type =
      wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
  wasm_table_t *host_table =
      wasm_table_new(store, host_type, wasm_func_as_ref(neg));
  wasm_tabletype_delete(host_type);
  CHECK(host_table && wasm_table_size(host_table) == 3);
  wasm_ref_t *r = wasm_table_get(host_table, 2);
  CHECK(r && wasm_func_same(wasm_ref_as_func(r), neg));
  wasm_ref_delete(r);
  CHECK(wasm_table_grow(host_table, 1, NULL));
  CHECK(wasm_table_get(host_table, 3) == NULL);
  wasm_table_delete(host_table);
  printf("> table checks passed\n");

  /* With the module's handle gone (its instance lives on), a new host
   * function stored in the table is still called through the module's
   * code. */
  wasm_module_delete(module);
  wasm_functype_t *type2 =
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t *neg2 = wasm_func_new(store, type2, negate);
  wasm_functype_delete(type2);
  CHECK(wasm_table_set(table, 0, wasm_func_as_ref(neg2)));
  CHECK(call_at(0, 7, msg, sizeof(msg)) == -7);
  wasm_func_delete(neg2);


  wasm_func_delete(neg);
  wasm_func_delete(nop);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
