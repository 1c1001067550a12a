/* Reflection: the module's imports and exports with their types, printed
 * and checked; the types of the instance's exports agree. */
#include "common.h"

static const char *kind_name(wasm_valkind_t k) {
  switch (k) {
  case WASM_I32: return "i32";
  case WASM_I64: return "i64";
  case WASM_F32: return "f32";
  case WASM_F64: return "f64";
  case WASM_EXTERNREF: return "externref";
  case WASM_FUNCREF: return "funcref";
  }
  return "?";
}

/* Appends a description of T to BUF. */
static void describe(const wasm_externtype_t *t, char *buf, size_t size) {
  char *p = buf;
  size_t left = size;
#define PUT(...)                                                             \
  do {                                                                       \
    int n = snprintf(p, left, __VA_ARGS__);                                  \
    p += n;                                                                  \
    left -= (size_t)n;                                                       \
  } while (0)
  switch (wasm_externtype_kind(t)) {
  case WASM_EXTERN_FUNC: {
    const wasm_functype_t *f = wasm_externtype_as_functype_const(t);
    const wasm_valtype_vec_t *ps = wasm_functype_params(f);
    const wasm_valtype_vec_t *rs = wasm_functype_results(f);
    PUT("func (");
    for (size_t i = 0; i < ps->size; ++i)
      PUT("%s%s", i ? " " : "", kind_name(wasm_valtype_kind(ps->data[i])));
    PUT(") -> (");
    for (size_t i = 0; i < rs->size; ++i)
      PUT("%s%s", i ? " " : "", kind_name(wasm_valtype_kind(rs->data[i])));
    PUT(")");
    break;
  }
  case WASM_EXTERN_GLOBAL: {
    const wasm_globaltype_t *g = wasm_externtype_as_globaltype_const(t);
    PUT("global %s%s",
        wasm_globaltype_mutability(g) == WASM_VAR ? "mut " : "",
        kind_name(wasm_valtype_kind(wasm_globaltype_content(g))));
    break;
  }
  case WASM_EXTERN_TABLE: {
    const wasm_tabletype_t *tt = wasm_externtype_as_tabletype_const(t);
    const wasm_limits_t *l = wasm_tabletype_limits(tt);
    PUT("table %s %u", kind_name(wasm_valtype_kind(wasm_tabletype_element(tt))),
        l->min);
    if (l->max != wasm_limits_max_default)
      PUT(" %u", l->max);
    break;
  }
  case WASM_EXTERN_MEMORY: {
    const wasm_limits_t *l =
        wasm_memorytype_limits(wasm_externtype_as_memorytype_const(t));
    PUT("memory %u", l->min);
    if (l->max != wasm_limits_max_default)
      PUT(" %u", l->max);
    break;
  }
  }
#undef PUT
}

static void name_of(const wasm_name_t *n, char *buf, size_t size) {
  snprintf(buf, size, "%.*s", (int)n->size, n->data);
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile_file(store, "reflect.wasm");

  static const char *const want_imports[] = {
      "env.log: func (i32 f64) -> (i64)",
      "env.base: global i32",
      "env.table: table funcref 1",
      "env.memory: memory 1 4",
  };
  static const char *const want_exports[] = {
      "func: func (i64 f32) -> (i32 i32)",
      "global: global mut f32",
      "table: table externref 2 10",
      "memory: memory 1 4",
  };
  char line[512], desc[200], mod[64], name[64];

  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  CHECK(imports.size == 4);
  for (size_t i = 0; i < imports.size; ++i) {
    name_of(wasm_importtype_module(imports.data[i]), mod, sizeof(mod));
    name_of(wasm_importtype_name(imports.data[i]), name, sizeof(name));
    describe(wasm_importtype_type(imports.data[i]), desc, sizeof(desc));
    snprintf(line, sizeof(line), "%s.%s: %s", mod, name, desc);
    printf("> import %s\n", line);
    CHECK(strcmp(line, want_imports[i]) == 0);
  }

  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  CHECK(exports.size == 4);
  for (size_t i = 0; i < exports.size; ++i) {
    name_of(wasm_exporttype_name(exports.data[i]), name, sizeof(name));
    describe(wasm_exporttype_type(exports.data[i]), desc, sizeof(desc));
    snprintf(line, sizeof(line), "%s: %s", name, desc);
    printf("> export %s\n", line);
    CHECK(strcmp(line, want_exports[i]) == 0);
  }

  /* Copies are deep and equal. */
  wasm_exporttype_vec_t copy;
  wasm_exporttype_vec_copy(&copy, &exports);
  describe(wasm_exporttype_type(copy.data[0]), desc, sizeof(desc));
  CHECK(strcmp(desc, "func (i64 f32) -> (i32 i32)") == 0);
  wasm_exporttype_vec_delete(&copy);

  /* The instance's exports have the types the module declares. */
  wasm_functype_t *log_type = wasm_functype_new_2_1(
      wasm_valtype_new_i32(), wasm_valtype_new_f64(), wasm_valtype_new_i64());
  wasm_func_t *log_func = wasm_func_new(store, log_type, NULL);
  wasm_functype_delete(log_type);
  wasm_globaltype_t *base_type =
      wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t zero = WASM_I32_VAL(0);
  wasm_global_t *base = wasm_global_new(store, base_type, &zero);
  wasm_globaltype_delete(base_type);
  wasm_limits_t table_limits = {1, wasm_limits_max_default};
  wasm_tabletype_t *table_type =
      wasm_tabletype_new(wasm_valtype_new_funcref(), &table_limits);
  wasm_table_t *table = wasm_table_new(store, table_type, NULL);
  wasm_tabletype_delete(table_type);
  wasm_limits_t memory_limits = {1, 4};
  wasm_memorytype_t *memory_type = wasm_memorytype_new(&memory_limits);
  wasm_memory_t *memory = wasm_memory_new(store, memory_type);
  wasm_memorytype_delete(memory_type);
  CHECK(log_func && base && table && memory);

  wasm_extern_t *externs[] = {
      wasm_func_as_extern(log_func), wasm_global_as_extern(base),
      wasm_table_as_extern(table), wasm_memory_as_extern(memory)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(externs);
  wasm_instance_t *instance =
      wasm_instance_new(store, module, &import_vec, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t instance_exports;
  wasm_instance_exports(instance, &instance_exports);
  CHECK(instance_exports.size == 4);
  for (size_t i = 0; i < instance_exports.size; ++i) {
    wasm_externtype_t *t = wasm_extern_type(instance_exports.data[i]);
    char want[200];
    describe(wasm_exporttype_type(exports.data[i]), want, sizeof(want));
    describe(t, desc, sizeof(desc));
    CHECK(strcmp(desc, want) == 0);
    wasm_externtype_delete(t);
  }

  wasm_extern_vec_delete(&instance_exports);
  wasm_instance_delete(instance);
  wasm_func_delete(log_func);
  wasm_global_delete(base);
  wasm_table_delete(table);
  wasm_memory_delete(memory);
  wasm_importtype_vec_delete(&imports);
  wasm_exporttype_vec_delete(&exports);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
