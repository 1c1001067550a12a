/* Values of another kind than the declared type (docs/embedding.md,
 * "Values of another kind"): call arguments and host results that are
 * numbers are read as the declared type, as V8 does, taking only the bytes
 * their own kind defines; a reference where a number is expected, a number
 * where a reference is expected, or an unknown kind traps; globals take
 * only their own kind. */
#include "common.h"

#include <stdint.h>

/* A value of KIND whose unused union bytes are all 0xaa, as a host's stack
 * may leave them. */
static wasm_val_t dirty(wasm_valkind_t kind) {
  wasm_val_t v;
  memset(&v, 0xaa, sizeof v);
  v.kind = kind;
  return v;
}

static uint32_t f32_bits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

static uint64_t f64_bits(double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}

static wasm_trap_t *numbers(const wasm_val_vec_t *args,
                            wasm_val_vec_t *results) {
  CHECK(args->size == 0 && results->size == 4);
  /* i32 result from an i64: its low half. */
  results->data[0] = dirty(WASM_I64);
  results->data[0].of.i64 = 0x100000007LL;
  /* i64 result from an i32: zero-extended. */
  results->data[1] = dirty(WASM_I32);
  results->data[1].of.i32 = -2;
  /* f32 result from an f64: the low half of its bits. */
  results->data[2] = dirty(WASM_F64);
  results->data[2].of.f64 = 2.0;
  /* f64 result from an f32: its bits, zero-extended. */
  results->data[3] = dirty(WASM_F32);
  results->data[3].of.f32 = 1.0f;
  return NULL;
}

static wasm_trap_t *not_a_ref(const wasm_val_vec_t *args,
                              wasm_val_vec_t *results) {
  results->data[0] = dirty(WASM_I32);
  results->data[0].of.i32 = 0;
  return NULL;
}

/* Calls F with ARGS and expects a trap whose message starts with WANT. */
static void expect_trap(const wasm_func_t *f, wasm_val_t *args, size_t n,
                        size_t nresults, const char *want) {
  wasm_val_t out[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL,
                       WASM_INIT_VAL};
  wasm_val_vec_t as = {n, args}, rs = {nresults, out};
  wasm_trap_t *trap = wasm_func_call(f, &as, &rs);
  CHECK(trap != NULL);
  char msg[256];
  trap_message(trap, msg, sizeof msg);
  printf("> trap: %s\n", msg);
  CHECK(strncmp(msg, want, strlen(want)) == 0);
  wasm_trap_delete(trap);
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = compile_file(store, "kinds.wasm");

  wasm_valtype_t *rs[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                           wasm_valtype_new_f32(), wasm_valtype_new_f64()};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new_empty(&params);
  wasm_valtype_vec_new(&results, 4, rs);
  wasm_functype_t *numbers_type = wasm_functype_new(&params, &results);
  wasm_functype_t *ref_type =
      wasm_functype_new_0_1(wasm_valtype_new_externref());
  wasm_func_t *numbers_func = wasm_func_new(store, numbers_type, numbers);
  wasm_func_t *ref_func = wasm_func_new(store, ref_type, not_a_ref);
  wasm_functype_delete(numbers_type);
  wasm_functype_delete(ref_type);
  wasm_extern_t *externs[] = {wasm_func_as_extern(numbers_func),
                              wasm_func_as_extern(ref_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 5);
  wasm_func_t *bits = export_func(&exports, 0);
  wasm_func_t *is_null = export_func(&exports, 1);
  wasm_func_t *host_numbers = export_func(&exports, 2);
  wasm_func_t *host_ref = export_func(&exports, 3);
  wasm_global_t *g = wasm_extern_as_global(exports.data[4]);
  CHECK(g != NULL);

  /* Arguments: each of another numeric kind than its parameter. */
  wasm_val_t as[4];
  as[0] = dirty(WASM_I64); /* to i32: the low half */
  as[0].of.i64 = 0x1122334455667788LL;
  as[1] = dirty(WASM_I32); /* to i64: zero-extended, not 0xaaaaaaaa... */
  as[1].of.i32 = -1;
  as[2] = dirty(WASM_I32); /* to f32: the same bits */
  as[2].of.i32 = (int32_t)f32_bits(1.5f);
  as[3] = dirty(WASM_I64); /* to f64: the same bits (upstream global.c) */
  as[3].of.i64 = 74;
  wasm_val_t out[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL,
                       WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as), outs = WASM_ARRAY_VEC(out);
  CHECK(!wasm_func_call(bits, &args, &outs));
  printf("> %08x %016llx %08x %016llx\n", (unsigned)out[0].of.i32,
         (unsigned long long)out[1].of.i64, (unsigned)out[2].of.i32,
         (unsigned long long)out[3].of.i64);
  CHECK(out[0].kind == WASM_I32 && out[0].of.i32 == 0x55667788);
  CHECK(out[1].kind == WASM_I64 && out[1].of.i64 == 0xffffffffLL);
  CHECK(out[2].kind == WASM_I32 && (uint32_t)out[2].of.i32 == f32_bits(1.5f));
  CHECK(out[3].kind == WASM_I64 && out[3].of.i64 == 74);

  /* The other way round: f32 to i64 and f64 to i32. */
  as[0] = dirty(WASM_F64);
  as[0].of.f64 = -0.0;
  as[1] = dirty(WASM_F32);
  as[1].of.f32 = 2.5f;
  as[2] = dirty(WASM_F64);
  as[2].of.f64 = 1.0;
  as[3] = dirty(WASM_F32);
  as[3].of.f32 = 1.0f;
  CHECK(!wasm_func_call(bits, &args, &outs));
  CHECK(out[0].of.i32 == (int32_t)(uint32_t)f64_bits(-0.0));
  CHECK((uint64_t)out[1].of.i64 == f32_bits(2.5f));
  CHECK((uint32_t)out[2].of.i32 == (uint32_t)f64_bits(1.0));
  CHECK((uint64_t)out[3].of.i64 == f32_bits(1.0f));

  /* References never pass for numbers, nor numbers for references. */
  wasm_foreign_t *foreign = wasm_foreign_new(store);
  as[0] = dirty(WASM_EXTERNREF);
  as[0].of.ref = wasm_foreign_as_ref(foreign);
  expect_trap(bits, as, 4, 4, "argument 1: a value of kind 128 where kind 0");
  wasm_val_t one[1];
  one[0] = dirty(WASM_I32);
  one[0].of.i32 = 0;
  expect_trap(is_null, one, 1, 1, "argument 1: a value of kind 0 where kind 128");
  one[0] = dirty(WASM_I64);
  one[0].of.i64 = 0;
  expect_trap(is_null, one, 1, 1, "argument 1: a value of kind 1 where kind 128");
  /* Nor a kind that is none of the API's. */
  as[0] = dirty(9);
  expect_trap(bits, as, 4, 4, "argument 1: a value of kind 9 where kind 0");
  /* A real reference still passes. */
  one[0] = dirty(WASM_EXTERNREF);
  one[0].of.ref = wasm_foreign_as_ref(foreign);
  wasm_val_vec_t one_arg = WASM_ARRAY_VEC(one), one_out = {1, out};
  CHECK(!wasm_func_call(is_null, &one_arg, &one_out));
  CHECK(out[0].kind == WASM_I32 && out[0].of.i32 == 0);

  /* Host results: numbers read as the declared type... */
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  CHECK(!wasm_func_call(host_numbers, &none, &outs));
  CHECK(out[0].of.i32 == 7);
  CHECK(out[1].of.i64 == 0xfffffffeLL);
  CHECK((uint32_t)out[2].of.i32 == (uint32_t)f64_bits(2.0));
  CHECK((uint64_t)out[3].of.i64 == f32_bits(1.0f));
  /* ...and a number for a reference result traps. */
  expect_trap(host_ref, NULL, 0, 1, "host function result 1: a value of kind 0");

  /* Globals take their own kind only: a set of another is ignored, a new
   * global of another fails. */
  wasm_val_t v = WASM_I32_VAL(1);
  wasm_global_set(g, &v);
  wasm_global_get(g, &v);
  CHECK(v.kind == WASM_I64 && v.of.i64 == 5);
  v = (wasm_val_t)WASM_I64_VAL(6);
  wasm_global_set(g, &v);
  wasm_global_get(g, &v);
  CHECK(v.kind == WASM_I64 && v.of.i64 == 6);
  wasm_globaltype_t *gt =
      wasm_globaltype_new(wasm_valtype_new_f64(), WASM_VAR);
  v = (wasm_val_t)WASM_I64_VAL(1);
  CHECK(wasm_global_new(store, gt, &v) == NULL);
  wasm_globaltype_delete(gt);

  wasm_foreign_delete(foreign);
  wasm_func_delete(numbers_func);
  wasm_func_delete(ref_func);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("Done.\n");
  return 0;
}
