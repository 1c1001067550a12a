/* Threads: a module compiled once and shared (wasm_shared_module_t); each
 * thread obtains it (or compiles it anew) in a store of its own,
 * instantiates it with its own imports several times and runs it. */
#include <pthread.h>

#include "common.h"

enum { THREADS = 8, REPEATS = 5 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int reports[THREADS];
static int bad_results = 0;

static wasm_trap_t *report(void *env, const wasm_val_vec_t *args,
                           wasm_val_vec_t *results) {
  int id = args->data[0].of.i32;
  pthread_mutex_lock(&lock);
  if (id != (int)(intptr_t)env || args->data[1].of.i32 != 6765)
    ++bad_results;
  else
    ++reports[id];
  pthread_mutex_unlock(&lock);
  return NULL;
}

struct thread_args {
  wasm_engine_t *engine;
  wasm_shared_module_t *shared;
  int id;
};

static void *run(void *p) {
  struct thread_args *a = p;
  wasm_store_t *store = wasm_store_new(a->engine);
  /* Even threads obtain the shared module; odd ones compile their own, at
   * the same time as each other. */
  wasm_module_t *module = a->id % 2 ? compile_file(store, "threads.wasm")
                                    : wasm_module_obtain(store, a->shared);
  CHECK(module != NULL);
  for (int i = 0; i < REPEATS; ++i) {
    wasm_functype_t *ft = wasm_functype_new_2_0(wasm_valtype_new_i32(),
                                                wasm_valtype_new_i32());
    wasm_func_t *func = wasm_func_new_with_env(
        store, ft, report, (void *)(intptr_t)a->id, NULL);
    wasm_functype_delete(ft);
    wasm_globaltype_t *gt =
        wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    wasm_val_t id = WASM_I32_VAL(a->id);
    wasm_global_t *global = wasm_global_new(store, gt, &id);
    wasm_globaltype_delete(gt);

    wasm_extern_t *externs[] = {wasm_func_as_extern(func),
                                wasm_global_as_extern(global)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_func_delete(func);
    wasm_global_delete(global);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_instance_delete(instance);
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    CHECK(wasm_func_call(export_func(&exports, 0), &none, &none) == NULL);
    wasm_extern_vec_delete(&exports);
  }
  wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile_file(store, "threads.wasm");
  wasm_shared_module_t *shared = wasm_module_share(module);
  wasm_module_delete(module);
  wasm_store_delete(store);

  pthread_t threads[THREADS];
  struct thread_args args[THREADS];
  for (int i = 0; i < THREADS; ++i) {
    args[i] = (struct thread_args){engine, shared, i};
    CHECK(pthread_create(&threads[i], NULL, run, &args[i]) == 0);
  }
  for (int i = 0; i < THREADS; ++i)
    pthread_join(threads[i], NULL);

  CHECK(bad_results == 0);
  for (int i = 0; i < THREADS; ++i) {
    printf("> thread %d reported %d times\n", i, reports[i]);
    CHECK(reports[i] == REPEATS);
  }
  wasm_shared_module_delete(shared);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
