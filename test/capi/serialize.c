/* Serialization: a compiled module's bytes load again (in a new store),
 * instantiate and run; garbage and truncated bytes are refused. */
#include "common.h"

static wasm_trap_t *base(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 6;
  return NULL;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile_file(store, "serialize.wasm");

  wasm_byte_vec_t serialized;
  wasm_module_serialize(module, &serialized);
  printf("> serialized: %zu bytes\n", serialized.size);
  CHECK(serialized.size > 0);
  wasm_module_delete(module);
  wasm_store_delete(store);

  wasm_store_t *store2 = wasm_store_new(engine);
  wasm_module_t *loaded = wasm_module_deserialize(store2, &serialized);
  CHECK(loaded != NULL);

  wasm_importtype_vec_t imports;
  wasm_module_imports(loaded, &imports);
  CHECK(imports.size == 1);
  wasm_importtype_vec_delete(&imports);

  wasm_functype_t *type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t *func = wasm_func_new(store2, type, base);
  wasm_functype_delete(type);
  wasm_extern_t *externs[] = {wasm_func_as_extern(func)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(externs);
  wasm_instance_t *instance =
      wasm_instance_new(store2, loaded, &import_vec, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_t as[] = {WASM_I32_VAL(7)};
  wasm_val_t rs[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_ARRAY_VEC(rs);
  CHECK(!wasm_func_call(export_func(&exports, 0), &args, &results));
  CHECK(rs[0].of.i32 == 42);
  printf("> deserialized module ran: %d\n", rs[0].of.i32);

  /* A serialization of a serialization's bytes is the same. */
  wasm_byte_vec_t again;
  wasm_module_serialize(loaded, &again);
  CHECK(again.size == serialized.size &&
        memcmp(again.data, serialized.data, again.size) == 0);
  wasm_byte_vec_delete(&again);

  /* Garbage, a truncated module, a corrupted shared object: refused. */
  wasm_byte_vec_t garbage;
  wasm_byte_vec_new(&garbage, 11, "not module");
  CHECK(wasm_module_deserialize(store2, &garbage) == NULL);
  wasm_byte_vec_delete(&garbage);
  wasm_byte_vec_t truncated;
  wasm_byte_vec_new(&truncated, serialized.size / 2, serialized.data);
  CHECK(wasm_module_deserialize(store2, &truncated) == NULL);
  wasm_byte_vec_delete(&truncated);
  wasm_byte_vec_t corrupt;
  wasm_byte_vec_copy(&corrupt, &serialized);
  memset(corrupt.data + 24, 0x5a, 64); /* the ELF header after ours */
  CHECK(wasm_module_deserialize(store2, &corrupt) == NULL);
  wasm_byte_vec_delete(&corrupt);
  /* A wasm binary is not a serialized module either. */
  wasm_byte_vec_t binary;
  load_binary("serialize.wasm", &binary);
  CHECK(wasm_module_deserialize(store2, &binary) == NULL);
  CHECK(wasm_module_validate(store2, &binary));
  binary.data[4] = 2; /* an unknown binary format version */
  CHECK(!wasm_module_validate(store2, &binary));
  CHECK(wasm_module_new(store2, &binary) == NULL);
  wasm_byte_vec_delete(&binary);
  printf("> bad inputs refused\n");

  wasm_byte_vec_delete(&serialized);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(func);
  wasm_module_delete(loaded);
  wasm_store_delete(store2);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
