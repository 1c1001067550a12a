/* Compile-only: every wasm_* function, type and macro that the example
 * programs of the wasm-c-api repository (hello, callback, global, memory,
 * multi, reflect, serialize, start, table, trap, finalize, hostref,
 * threads) use, each bound to a pointer of the exact type those programs
 * rely on. Built with -Werror, so a missing declaration or a different
 * signature fails the build. The list was written from the API's
 * documentation and the examples' usage, not copied from them. */
#include "wasm.h"

#define own

/* A function pointer of exactly this type must accept the function. */
#define HAS(name, ret, ...) ret (*const check_##name)(__VA_ARGS__) = name;

/* Engine, store, config. */
HAS(wasm_engine_new, own wasm_engine_t *, void)
HAS(wasm_engine_new_with_config, own wasm_engine_t *, own wasm_config_t *)
HAS(wasm_engine_delete, void, own wasm_engine_t *)
HAS(wasm_config_new, own wasm_config_t *, void)
HAS(wasm_config_delete, void, own wasm_config_t *)
HAS(wasm_store_new, own wasm_store_t *, wasm_engine_t *)
HAS(wasm_store_delete, void, own wasm_store_t *)

/* Byte vectors and names. */
HAS(wasm_byte_vec_new_uninitialized, void, own wasm_byte_vec_t *, size_t)
HAS(wasm_byte_vec_new, void, own wasm_byte_vec_t *, size_t, const wasm_byte_t *)
HAS(wasm_byte_vec_new_empty, void, own wasm_byte_vec_t *)
HAS(wasm_byte_vec_copy, void, own wasm_byte_vec_t *, const wasm_byte_vec_t *)
HAS(wasm_byte_vec_delete, void, own wasm_byte_vec_t *)

/* Modules. */
HAS(wasm_module_new, own wasm_module_t *, wasm_store_t *,
    const wasm_byte_vec_t *)
HAS(wasm_module_validate, bool, wasm_store_t *, const wasm_byte_vec_t *)
HAS(wasm_module_delete, void, own wasm_module_t *)
HAS(wasm_module_imports, void, const wasm_module_t *,
    own wasm_importtype_vec_t *)
HAS(wasm_module_exports, void, const wasm_module_t *,
    own wasm_exporttype_vec_t *)
HAS(wasm_module_serialize, void, const wasm_module_t *, own wasm_byte_vec_t *)
HAS(wasm_module_deserialize, own wasm_module_t *, wasm_store_t *,
    const wasm_byte_vec_t *)
HAS(wasm_module_share, own wasm_shared_module_t *, const wasm_module_t *)
HAS(wasm_module_obtain, own wasm_module_t *, wasm_store_t *,
    const wasm_shared_module_t *)
HAS(wasm_shared_module_delete, void, own wasm_shared_module_t *)
HAS(wasm_module_set_host_info_with_finalizer, void, wasm_module_t *, void *,
    void (*)(void *))

/* Instances and externs. */
HAS(wasm_instance_new, own wasm_instance_t *, wasm_store_t *,
    const wasm_module_t *, const wasm_extern_vec_t *, own wasm_trap_t **)
HAS(wasm_instance_delete, void, own wasm_instance_t *)
HAS(wasm_instance_exports, void, const wasm_instance_t *,
    own wasm_extern_vec_t *)
HAS(wasm_instance_set_host_info_with_finalizer, void, wasm_instance_t *,
    void *, void (*)(void *))
HAS(wasm_instance_get_host_info, void *, const wasm_instance_t *)
HAS(wasm_extern_vec_delete, void, own wasm_extern_vec_t *)
HAS(wasm_extern_vec_new, void, own wasm_extern_vec_t *, size_t,
    wasm_extern_t *const[])
HAS(wasm_extern_vec_new_empty, void, own wasm_extern_vec_t *)
HAS(wasm_extern_kind, wasm_externkind_t, const wasm_extern_t *)
HAS(wasm_extern_type, own wasm_externtype_t *, const wasm_extern_t *)
HAS(wasm_extern_delete, void, own wasm_extern_t *)
HAS(wasm_func_as_extern, wasm_extern_t *, wasm_func_t *)
HAS(wasm_global_as_extern, wasm_extern_t *, wasm_global_t *)
HAS(wasm_table_as_extern, wasm_extern_t *, wasm_table_t *)
HAS(wasm_memory_as_extern, wasm_extern_t *, wasm_memory_t *)
HAS(wasm_extern_as_func, wasm_func_t *, wasm_extern_t *)
HAS(wasm_extern_as_global, wasm_global_t *, wasm_extern_t *)
HAS(wasm_extern_as_table, wasm_table_t *, wasm_extern_t *)
HAS(wasm_extern_as_memory, wasm_memory_t *, wasm_extern_t *)
HAS(wasm_extern_as_func_const, const wasm_func_t *, const wasm_extern_t *)
HAS(wasm_func_as_extern_const, const wasm_extern_t *, const wasm_func_t *)

/* Functions. */
HAS(wasm_func_new, own wasm_func_t *, wasm_store_t *, const wasm_functype_t *,
    wasm_func_callback_t)
HAS(wasm_func_new_with_env, own wasm_func_t *, wasm_store_t *,
    const wasm_functype_t *, wasm_func_callback_with_env_t, void *,
    void (*)(void *))
HAS(wasm_func_call, own wasm_trap_t *, const wasm_func_t *,
    const wasm_val_vec_t *, wasm_val_vec_t *)
HAS(wasm_func_delete, void, own wasm_func_t *)
HAS(wasm_func_type, own wasm_functype_t *, const wasm_func_t *)
HAS(wasm_func_param_arity, size_t, const wasm_func_t *)
HAS(wasm_func_result_arity, size_t, const wasm_func_t *)
HAS(wasm_func_copy, own wasm_func_t *, const wasm_func_t *)
HAS(wasm_func_as_ref, wasm_ref_t *, wasm_func_t *)
HAS(wasm_ref_as_func, wasm_func_t *, wasm_ref_t *)
HAS(wasm_func_set_host_info_with_finalizer, void, wasm_func_t *, void *,
    void (*)(void *))
HAS(wasm_func_get_host_info, void *, const wasm_func_t *)

/* Function types and value types. */
HAS(wasm_functype_new, own wasm_functype_t *, own wasm_valtype_vec_t *,
    own wasm_valtype_vec_t *)
HAS(wasm_functype_delete, void, own wasm_functype_t *)
HAS(wasm_functype_params, const wasm_valtype_vec_t *, const wasm_functype_t *)
HAS(wasm_functype_results, const wasm_valtype_vec_t *,
    const wasm_functype_t *)
HAS(wasm_functype_copy, own wasm_functype_t *, const wasm_functype_t *)
HAS(wasm_valtype_new, own wasm_valtype_t *, wasm_valkind_t)
HAS(wasm_valtype_kind, wasm_valkind_t, const wasm_valtype_t *)
HAS(wasm_valtype_delete, void, own wasm_valtype_t *)
HAS(wasm_valtype_vec_new, void, own wasm_valtype_vec_t *, size_t,
    wasm_valtype_t *const[])
HAS(wasm_valtype_vec_new_empty, void, own wasm_valtype_vec_t *)
HAS(wasm_valtype_vec_new_uninitialized, void, own wasm_valtype_vec_t *,
    size_t)
HAS(wasm_valtype_vec_copy, void, own wasm_valtype_vec_t *,
    const wasm_valtype_vec_t *)
HAS(wasm_valtype_vec_delete, void, own wasm_valtype_vec_t *)

/* Values. */
HAS(wasm_val_copy, void, own wasm_val_t *, const wasm_val_t *)
HAS(wasm_val_delete, void, own wasm_val_t *)
HAS(wasm_val_vec_new, void, own wasm_val_vec_t *, size_t, const wasm_val_t[])
HAS(wasm_val_vec_new_uninitialized, void, own wasm_val_vec_t *, size_t)
HAS(wasm_val_vec_delete, void, own wasm_val_vec_t *)

/* Globals. */
HAS(wasm_globaltype_new, own wasm_globaltype_t *, own wasm_valtype_t *,
    wasm_mutability_t)
HAS(wasm_globaltype_delete, void, own wasm_globaltype_t *)
HAS(wasm_globaltype_content, const wasm_valtype_t *, const wasm_globaltype_t *)
HAS(wasm_globaltype_mutability, wasm_mutability_t, const wasm_globaltype_t *)
HAS(wasm_global_new, own wasm_global_t *, wasm_store_t *,
    const wasm_globaltype_t *, const wasm_val_t *)
HAS(wasm_global_delete, void, own wasm_global_t *)
HAS(wasm_global_get, void, const wasm_global_t *, own wasm_val_t *)
HAS(wasm_global_set, void, wasm_global_t *, const wasm_val_t *)
HAS(wasm_global_type, own wasm_globaltype_t *, const wasm_global_t *)

/* Tables. */
HAS(wasm_tabletype_new, own wasm_tabletype_t *, own wasm_valtype_t *,
    const wasm_limits_t *)
HAS(wasm_tabletype_delete, void, own wasm_tabletype_t *)
HAS(wasm_tabletype_element, const wasm_valtype_t *, const wasm_tabletype_t *)
HAS(wasm_tabletype_limits, const wasm_limits_t *, const wasm_tabletype_t *)
HAS(wasm_table_new, own wasm_table_t *, wasm_store_t *,
    const wasm_tabletype_t *, wasm_ref_t *)
HAS(wasm_table_delete, void, own wasm_table_t *)
HAS(wasm_table_get, own wasm_ref_t *, const wasm_table_t *, wasm_table_size_t)
HAS(wasm_table_set, bool, wasm_table_t *, wasm_table_size_t, wasm_ref_t *)
HAS(wasm_table_size, wasm_table_size_t, const wasm_table_t *)
HAS(wasm_table_grow, bool, wasm_table_t *, wasm_table_size_t, wasm_ref_t *)
HAS(wasm_table_type, own wasm_tabletype_t *, const wasm_table_t *)

/* Memories. */
HAS(wasm_memorytype_new, own wasm_memorytype_t *, const wasm_limits_t *)
HAS(wasm_memorytype_delete, void, own wasm_memorytype_t *)
HAS(wasm_memorytype_limits, const wasm_limits_t *, const wasm_memorytype_t *)
HAS(wasm_memory_new, own wasm_memory_t *, wasm_store_t *,
    const wasm_memorytype_t *)
HAS(wasm_memory_delete, void, own wasm_memory_t *)
HAS(wasm_memory_data, byte_t *, wasm_memory_t *)
HAS(wasm_memory_data_size, size_t, const wasm_memory_t *)
HAS(wasm_memory_size, wasm_memory_pages_t, const wasm_memory_t *)
HAS(wasm_memory_grow, bool, wasm_memory_t *, wasm_memory_pages_t)
HAS(wasm_memory_type, own wasm_memorytype_t *, const wasm_memory_t *)

/* Reflection. */
HAS(wasm_importtype_vec_delete, void, own wasm_importtype_vec_t *)
HAS(wasm_exporttype_vec_delete, void, own wasm_exporttype_vec_t *)
HAS(wasm_importtype_module, const wasm_name_t *, const wasm_importtype_t *)
HAS(wasm_importtype_name, const wasm_name_t *, const wasm_importtype_t *)
HAS(wasm_importtype_type, const wasm_externtype_t *, const wasm_importtype_t *)
HAS(wasm_exporttype_name, const wasm_name_t *, const wasm_exporttype_t *)
HAS(wasm_exporttype_type, const wasm_externtype_t *, const wasm_exporttype_t *)
HAS(wasm_externtype_kind, wasm_externkind_t, const wasm_externtype_t *)
HAS(wasm_externtype_delete, void, own wasm_externtype_t *)
HAS(wasm_externtype_as_functype_const, const wasm_functype_t *,
    const wasm_externtype_t *)
HAS(wasm_externtype_as_globaltype_const, const wasm_globaltype_t *,
    const wasm_externtype_t *)
HAS(wasm_externtype_as_tabletype_const, const wasm_tabletype_t *,
    const wasm_externtype_t *)
HAS(wasm_externtype_as_memorytype_const, const wasm_memorytype_t *,
    const wasm_externtype_t *)
HAS(wasm_externtype_as_functype, wasm_functype_t *, wasm_externtype_t *)
HAS(wasm_functype_as_externtype, wasm_externtype_t *, wasm_functype_t *)

/* Traps and frames. */
HAS(wasm_trap_new, own wasm_trap_t *, wasm_store_t *, const wasm_message_t *)
HAS(wasm_trap_delete, void, own wasm_trap_t *)
HAS(wasm_trap_message, void, const wasm_trap_t *, own wasm_message_t *)
HAS(wasm_trap_origin, own wasm_frame_t *, const wasm_trap_t *)
HAS(wasm_trap_trace, void, const wasm_trap_t *, own wasm_frame_vec_t *)
HAS(wasm_trap_copy, own wasm_trap_t *, const wasm_trap_t *)
HAS(wasm_frame_delete, void, own wasm_frame_t *)
HAS(wasm_frame_copy, own wasm_frame_t *, const wasm_frame_t *)
HAS(wasm_frame_vec_delete, void, own wasm_frame_vec_t *)
HAS(wasm_frame_instance, struct wasm_instance_t *, const wasm_frame_t *)
HAS(wasm_frame_func_index, uint32_t, const wasm_frame_t *)
HAS(wasm_frame_func_offset, size_t, const wasm_frame_t *)
HAS(wasm_frame_module_offset, size_t, const wasm_frame_t *)

/* References and foreign objects (hostref, finalize). */
HAS(wasm_foreign_new, own wasm_foreign_t *, wasm_store_t *)
HAS(wasm_foreign_delete, void, own wasm_foreign_t *)
HAS(wasm_foreign_as_ref, wasm_ref_t *, wasm_foreign_t *)
HAS(wasm_ref_as_foreign, wasm_foreign_t *, wasm_ref_t *)
HAS(wasm_ref_copy, own wasm_ref_t *, const wasm_ref_t *)
HAS(wasm_ref_same, bool, const wasm_ref_t *, const wasm_ref_t *)
HAS(wasm_ref_delete, void, own wasm_ref_t *)
HAS(wasm_ref_get_host_info, void *, const wasm_ref_t *)
HAS(wasm_ref_set_host_info, void, wasm_ref_t *, void *)
HAS(wasm_ref_set_host_info_with_finalizer, void, wasm_ref_t *, void *,
    void (*)(void *))
HAS(wasm_global_as_ref, wasm_ref_t *, wasm_global_t *)
HAS(wasm_table_as_ref, wasm_ref_t *, wasm_table_t *)
HAS(wasm_memory_as_ref, wasm_ref_t *, wasm_memory_t *)
HAS(wasm_instance_as_ref, wasm_ref_t *, wasm_instance_t *)
HAS(wasm_module_as_ref, wasm_ref_t *, wasm_module_t *)
HAS(wasm_trap_as_ref, wasm_ref_t *, wasm_trap_t *)
HAS(wasm_func_as_ref_const, const wasm_ref_t *, const wasm_func_t *)
HAS(wasm_ref_as_func_const, const wasm_func_t *, const wasm_ref_t *)

/* The convenience functions, macros and constants. */
static int use_convenience(wasm_store_t *store) {
  wasm_functype_t *types[] = {
      wasm_functype_new_0_0(),
      wasm_functype_new_1_0(wasm_valtype_new_i32()),
      wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i64()),
      wasm_functype_new_3_0(wasm_valtype_new_f32(), wasm_valtype_new_f64(),
                            wasm_valtype_new_externref()),
      wasm_functype_new_0_1(wasm_valtype_new_funcref()),
      wasm_functype_new_1_1(wasm_valtype_new(WASM_ANYREF),
                            wasm_valtype_new(WASM_EXTERNREF)),
      wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                            wasm_valtype_new_i32()),
      wasm_functype_new_3_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                            wasm_valtype_new_i32(), wasm_valtype_new_i32()),
      wasm_functype_new_0_2(wasm_valtype_new_i32(), wasm_valtype_new_i64()),
      wasm_functype_new_1_2(wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                            wasm_valtype_new_i64()),
      wasm_functype_new_2_2(wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                            wasm_valtype_new_i64(), wasm_valtype_new_i32()),
      wasm_functype_new_3_2(wasm_valtype_new_i32(), wasm_valtype_new_i64(),
                            wasm_valtype_new_i64(), wasm_valtype_new_i32(),
                            wasm_valtype_new_anyref()),
  };
  int n = 0;
  for (size_t i = 0; i < sizeof(types) / sizeof(*types); ++i) {
    n += wasm_valtype_is_num(wasm_functype_params(types[i])->size
                                 ? wasm_functype_params(types[i])->data[0]
                                 : wasm_functype_results(types[i])->data[0]);
    wasm_functype_delete(types[i]);
  }
  wasm_val_t vals[] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_F32_VAL(3.0f),
                       WASM_F64_VAL(4.0), WASM_REF_VAL(NULL), WASM_INIT_VAL};
  wasm_val_vec_t vec = WASM_ARRAY_VEC(vals);
  wasm_val_vec_t empty = WASM_EMPTY_VEC;
  wasm_val_t p;
  wasm_val_init_ptr(&p, store);
  n += wasm_val_ptr(&p) == (void *)store;
  wasm_name_t name;
  wasm_name_new_from_string(&name, "hello");
  wasm_name_delete(&name);
  wasm_name_new_from_string_nt(&name, "hello");
  wasm_message_t message = name;
  wasm_trap_t *trap = wasm_trap_new(store, &message);
  wasm_trap_delete(trap);
  wasm_name_delete(&name);
  wasm_limits_t limits = {1, wasm_limits_max_default};
  wasm_mutability_t mut = WASM_VAR;
  wasm_externkind_t kinds[] = {WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL,
                               WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY};
  wasm_valkind_t vk[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64,
                         WASM_EXTERNREF, WASM_FUNCREF, WASM_ANYREF};
  n += wasm_valkind_is_ref(vk[4]) + wasm_valkind_is_num(vk[0]);
  return n + (int)vec.size + (int)empty.size + (int)limits.min + mut +
         kinds[3] + (int)MEMORY_PAGE_SIZE + (int)sizeof(byte_t) +
         (int)sizeof(float32_t) + (int)sizeof(float64_t);
}

int (*const check_convenience)(wasm_store_t *) = use_convenience;
