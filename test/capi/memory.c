/* Memories: an exported one read and written from both sides, grown by
 * the host and by wasm limits, out-of-bounds traps; a host-made memory. */
#include "common.h"

static wasm_func_t *size_f, *load_f, *store_f;

static int32_t call_size(void) {
  wasm_val_t rs[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(rs);
  CHECK(!wasm_func_call(size_f, &args, &results));
  return rs[0].of.i32;
}

/* The loaded byte, or -1000 on a trap. */
static int32_t call_load(int32_t addr) {
  wasm_val_t as[] = {WASM_I32_VAL(addr)};
  wasm_val_t rs[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
  wasm_trap_t *trap = wasm_func_call(load_f, &args, &results);
  if (trap) {
    char msg[256];
    trap_message(trap, msg, sizeof(msg));
    CHECK(strstr(msg, "out of bounds memory access") != NULL);
    wasm_trap_delete(trap);
    return -1000;
  }
  return rs[0].of.i32;
}

static int call_store(int32_t addr, int32_t v) {
  wasm_val_t as[] = {WASM_I32_VAL(addr), WASM_I32_VAL(v)};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_EMPTY_VEC;
  wasm_trap_t *trap = wasm_func_call(store_f, &args, &results);
  if (trap) {
    wasm_trap_delete(trap);
    return 0;
  }
  return 1;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile_file(store, "memory.wasm");
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 4);
  wasm_memory_t *memory = wasm_extern_as_memory(exports.data[0]);
  CHECK(memory != NULL);
  size_f = export_func(&exports, 1);
  load_f = export_func(&exports, 2);
  store_f = export_func(&exports, 3);

  /* The initial state. */
  CHECK(wasm_memory_size(memory) == 2);
  CHECK(wasm_memory_data_size(memory) == 2 * MEMORY_PAGE_SIZE);
  CHECK(call_size() == 2);
  byte_t *data = wasm_memory_data(memory);
  CHECK(data[0] == 0 && data[0x1000] == 1 && data[0x1003] == 4);
  CHECK(call_load(0x1002) == 3);
  CHECK(call_load(0x1ffff) == 0);
  CHECK(call_load(0x20000) == -1000);
  CHECK(call_load(-1) == -1000);

  /* Writes from each side. */
  data[0x1002] = 5;
  CHECK(call_load(0x1002) == 5);
  CHECK(call_store(0x1003, -7));
  CHECK(data[0x1003] == -7);
  CHECK(!call_store(0x20000, 1));

  /* Growing within the maximum, and past it. */
  CHECK(wasm_memory_grow(memory, 1));
  CHECK(wasm_memory_size(memory) == 3 && call_size() == 3);
  CHECK(wasm_memory_data_size(memory) == 3 * MEMORY_PAGE_SIZE);
  CHECK(call_load(0x20000) == 0);
  CHECK(call_load(0x30000) == -1000);
  CHECK(!wasm_memory_grow(memory, 1));
  CHECK(wasm_memory_size(memory) == 3);
  CHECK(wasm_memory_grow(memory, 0));

  wasm_memorytype_t *type = wasm_memory_type(memory);
  const wasm_limits_t *limits = wasm_memorytype_limits(type);
  CHECK(limits->min == 3 && limits->max == 3);
  wasm_memorytype_delete(type);

  /* A memory the host makes: 0 pages, no maximum. */
  wasm_limits_t host_limits = {0, wasm_limits_max_default};
  wasm_memorytype_t *host_type = wasm_memorytype_new(&host_limits);
  wasm_memory_t *host_memory = wasm_memory_new(store, host_type);
  wasm_memorytype_delete(host_type);
  CHECK(host_memory && wasm_memory_size(host_memory) == 0);
  CHECK(wasm_memory_data_size(host_memory) == 0);
  CHECK(wasm_memory_grow(host_memory, 2));
  wasm_memory_data(host_memory)[2 * MEMORY_PAGE_SIZE - 1] = 42;
  CHECK(wasm_memory_size(host_memory) == 2);
  wasm_memory_delete(host_memory);
  printf("> memory checks passed\n");

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
