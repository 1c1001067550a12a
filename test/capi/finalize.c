/* Host information with finalizers: every instance's finalizer runs when
 * the instance goes, for many instances in several stores; those of the
 * other reference types too, and for objects that wasm code holds, when
 * their store goes. */
#include "common.h"

enum { ITERATIONS = 2000 };

static int live = 0;
static int finalized = 0;

static void finalize(void *data) {
  intptr_t i = (intptr_t)data;
  if (i % (ITERATIONS / 4) == 0)
    printf("> finalizing #%ld\n", (long)i);
  --live;
  ++finalized;
}

static void run_in_store(wasm_store_t *store) {
  wasm_module_t *module = compile_file(store, "finalize.wasm");
  for (int i = 0; i < ITERATIONS; ++i) {
    wasm_extern_vec_t imports = WASM_EMPTY_VEC;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_instance_set_host_info_with_finalizer(instance, (void *)(intptr_t)i,
                                               finalize);
    CHECK(wasm_instance_get_host_info(instance) == (void *)(intptr_t)i);
    ++live;
    /* Exports of some instances keep them alive for a while. */
    if (i % 100 == 0) {
      wasm_extern_vec_t exports;
      wasm_instance_exports(instance, &exports);
      wasm_instance_delete(instance);
      CHECK(live == 1); /* still referenced through its exports */
      wasm_extern_vec_delete(&exports);
    } else {
      wasm_instance_delete(instance);
    }
    CHECK(live == 0);
  }
  wasm_module_delete(module);
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();

  wasm_store_t *store1 = wasm_store_new(engine);
  run_in_store(store1);
  wasm_store_delete(store1);
  printf("> live after store 1: %d\n", live);

  wasm_store_t *store2 = wasm_store_new(engine);
  wasm_store_t *store3 = wasm_store_new(engine);
  run_in_store(store2);
  run_in_store(store3);
  wasm_store_delete(store2);
  wasm_store_delete(store3);
  printf("> live after stores 2 and 3: %d\n", live);
  CHECK(live == 0 && finalized == 3 * ITERATIONS);

  /* Other references: a copy shares the host info, the finalizer runs once
   * the last handle goes. */
  wasm_store_t *store = wasm_store_new(engine);
  wasm_foreign_t *foreign = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(foreign, (void *)1, finalize);
  wasm_foreign_t *copy = wasm_foreign_copy(foreign);
  CHECK(wasm_foreign_get_host_info(copy) == (void *)1);
  CHECK(wasm_foreign_same(foreign, copy));
  ++live;
  wasm_foreign_delete(foreign);
  CHECK(live == 1);
  wasm_foreign_delete(copy);
  CHECK(live == 0);

  /* A module's, through the ref interface. */
  wasm_module_t *module = compile_file(store, "finalize.wasm");
  wasm_ref_t *module_ref = wasm_module_as_ref(module);
  wasm_ref_set_host_info_with_finalizer(module_ref, (void *)2, finalize);
  CHECK(wasm_module_get_host_info(module) == (void *)2);
  CHECK(wasm_ref_as_module(module_ref) == module);
  CHECK(wasm_ref_as_func(module_ref) == NULL);
  ++live;
  wasm_module_delete(module);
  CHECK(live == 0);

  /* A global's host info sticks to the global however it is reached. */
  wasm_module_t *m = compile_file(store, "finalize.wasm");
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t *instance = wasm_instance_new(store, m, &imports, NULL);
  wasm_extern_vec_t exports1, exports2;
  wasm_instance_exports(instance, &exports1);
  wasm_instance_exports(instance, &exports2);
  wasm_global_t *g1 = wasm_extern_as_global(exports1.data[0]);
  wasm_global_t *g2 = wasm_extern_as_global(exports2.data[0]);
  wasm_global_set_host_info_with_finalizer(g1, (void *)3, finalize);
  ++live;
  CHECK(wasm_global_get_host_info(g2) == (void *)3);
  CHECK(wasm_global_same(g1, g2));
  CHECK(wasm_extern_same(exports1.data[1], exports2.data[1]));
  CHECK(!wasm_extern_same(exports1.data[0], exports2.data[1]));
  wasm_extern_vec_delete(&exports1);
  CHECK(live == 1);
  wasm_extern_vec_delete(&exports2);
  CHECK(live == 0);

  /* A foreign object stored in wasm (here: a table of the instance's
   * module is funcref, so pass it through a host global of externref):
   * it lives until the store goes. */
  wasm_globaltype_t *gt =
      wasm_globaltype_new(wasm_valtype_new_externref(), WASM_VAR);
  wasm_val_t null_ref = WASM_INIT_VAL;
  wasm_global_t *holder = wasm_global_new(store, gt, &null_ref);
  wasm_globaltype_delete(gt);
  wasm_foreign_t *held = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(held, (void *)4, finalize);
  ++live;
  wasm_val_t v = WASM_REF_VAL(wasm_foreign_as_ref(held));
  wasm_global_set(holder, &v);
  wasm_foreign_delete(held);
  CHECK(live == 1);
  wasm_global_get(holder, &v);
  CHECK(v.kind == WASM_EXTERNREF && v.of.ref != NULL);
  CHECK(wasm_ref_get_host_info(v.of.ref) == (void *)4);
  wasm_val_delete(&v);
  wasm_global_delete(holder);
  wasm_instance_delete(instance);
  wasm_module_delete(m);
  CHECK(live == 1);
  wasm_store_delete(store);
  CHECK(live == 0);
  printf("> all finalizers ran: %d\n", finalized);

  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
