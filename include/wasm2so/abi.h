/*===- wasm2so/abi.h - The contract between compiled code and the runtime -===*
 *
 * Compiled modules (.so files written by wasm2so) and the loader (rt/) both
 * include this header. The compiler reads every offset it needs from these
 * structs through offsetof (see compiler/Environment.cpp); the runtime uses
 * the same structs directly. Any change to a layout here bumps
 * W2S_ABI_VERSION, which the loader checks before touching anything else.
 *
 * Plain C so that the layouts are those of the platform's C ABI.
 *===----------------------------------------------------------------------===*/
#ifndef WASM2SO_ABI_H
#define WASM2SO_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define W2S_ABI_VERSION 6u
/* "w2sDESC\0" read as a little-endian 64-bit integer. */
#define W2S_DESCRIPTOR_MAGIC 0x0043534544733277ull
/* The one symbol every compiled .so exports. */
#define W2S_DESCRIPTOR_SYMBOL "wasm2so_module_descriptor"

/*===------------------------------ values ------------------------------===*/

/* Value types, encoded as in the binary format. */
enum w2s_valtype {
  W2S_I32 = 0x7f,
  W2S_I64 = 0x7e,
  W2S_F32 = 0x7d,
  W2S_F64 = 0x7c,
  W2S_V128 = 0x7b,
  W2S_FUNCREF = 0x70,
  W2S_EXTERNREF = 0x6f,
  W2S_EXNREF = 0x69,
  /* Every reference of the any hierarchy (anyref, eqref, i31ref, ...):
   * null, an i31 ((v << 1) | 1) or a pointer to a w2s_gc_header
   * (docs/abi.md, "Garbage collection"). */
  W2S_ANYREF = 0x6e,
};

/* A reference type in full, for link-time subtyping (docs/abi.md, "Typed
 * function references"). heap is an abstract heap type's binary code
 * (0x70 func, 0x6f extern, 0x73 nofunc, 0x72 noextern) or
 * W2S_HEAP_TYPE_INDEX | the index of a type of the module's descriptor.
 * All zero where the type is not a reference, and also allowed for plain
 * funcref/externref (the valtype beside it says which). */
typedef struct w2s_reftype {
  uint32_t heap;
  uint32_t nullable;
} w2s_reftype;

#define W2S_HEAP_TYPE_INDEX 0x80000000u

/* One value of any type: globals' storage and the slots of the entry
 * trampolines' argument/result arrays. */
typedef union w2s_value {
  int32_t i32;
  int64_t i64;
  float f32;
  double f64;
  uint8_t v128[16];
  const void *ref; /* funcref: const w2s_funcref *; externref: host's;
                     exnref: w2s_exception * */
} w2s_value;

/*===----------------------------- functions ----------------------------===*/

/* The canonical object of one function of one instance. A funcref value is
 * a pointer to one of these (null is the null reference). Every instance
 * (and every host function) owns one per function for its whole life.
 *
 * Compiled functions and host adapters use the wasm calling convention:
 * LLVM's swifttailcc with vmctx as the swiftself parameter on x86-64 (r13)
 * and AArch64 (x20), where the callee pops its stack arguments so that
 * return_call is a jump between any two signatures; the C convention
 * elsewhere (docs/abi.md, "Functions", "Tail calls").
 * The host calls them only through the entry trampolines, which are C. */
typedef struct w2s_funcref {
  uint64_t hash; /* signature hash of the function's type; never 0 */
  void *code;    /* native code: RET code(void *vmctx, PARAMS...) */
  void *vmctx;   /* first argument of code */
  /* The supertype display of the function's type (w2s_func_type.supers),
   * null when the type declares no supertype. */
  const uint64_t *supers;
} w2s_funcref;

/*===------------------------------ tables ------------------------------===*/

/* One table slot. hash/code/vmctx are a copy of the funcref's fields so that
 * call_indirect needs no extra indirection; ref is the reference value itself
 * (funcref object or externref). A null slot is all zeros. */
typedef struct w2s_table_elem {
  uint64_t hash;
  void *code;
  void *vmctx;
  const void *ref;
} w2s_table_elem;

/* A table, always allocated by the runtime. elems may move when the table
 * grows, so compiled code reloads it at every access. */
typedef struct w2s_table {
  w2s_table_elem *elems;
  uint32_t size;     /* current number of elements */
  uint32_t max;      /* maximum (0xffffffff when unbounded) */
  uint32_t elemtype; /* enum w2s_valtype */
  uint32_t reserved;
} w2s_table;

/*===------------------------------ memory ------------------------------===*/

#define W2S_PAGE_SIZE 65536u

/* A linear memory, always allocated by the runtime. base never moves: the
 * runtime reserves W2S_MEMORY_RESERVATION bytes of address space and commits
 * [0, pages * 64 KiB). Compiled code reads pages for memory.size and for
 * the bounds check of every access to a 64-bit memory (docs/abi.md,
 * "Memories"); 32-bit memories rely on the reservation instead. */
typedef struct w2s_memory {
  uint8_t *base;
  uint64_t pages;
  uint64_t max_pages;
  uint64_t reserved_bytes;
} w2s_memory;

/* 4 GiB of index range plus 4 GiB covering the largest static offset: no
 * 32-bit address plus offset can reach past the reservation. The runtime
 * reserves as much for a 64-bit memory, which it lets grow to 4 GiB too. */
#define W2S_MEMORY_RESERVATION (8ull << 30)

/*===------------------------------- traps ------------------------------===*/

enum w2s_trap_code {
#define W2S_TRAP(Name, Message) W2S_TRAP_##Name,
#include "wasm2so/traps.def"
  W2S_TRAP_COUNT
};

/*===----------------------------- builtins -----------------------------===*/

/* Runtime entry points that compiled code calls, in the order of
 * builtins.def. The compiler loads slot W2S_BUILTIN_x from
 * vmctx->builtins and calls it with the signature the .def gives. */
enum w2s_builtin_index {
#define W2S_BUILTIN(Name, Signature) W2S_BUILTIN_##Name,
#include "wasm2so/builtins.def"
  W2S_BUILTIN_COUNT
};

/*===-------------------------- instance context ------------------------===*/

/* The limits of the thread that runs an instance's code. The runtime places
 * one immediately before every vmctx header, at
 * vmctx - sizeof(w2s_runtime_limits) (w2s_vmctx_limits), and keeps it equal
 * to the limits of the thread that calls into the instance, so that compiled
 * code reads the stack limit with a single load from its vmctx argument. */
typedef struct w2s_runtime_limits {
  /* Lowest stack address compiled code may run at; a function that calls
   * others traps call stack exhausted when its stack pointer, read before
   * its first call, is below it. */
  uintptr_t stack_limit;
} w2s_runtime_limits;

/* The instance context (vmctx), first argument of every compiled function.
 * It is preceded by its w2s_runtime_limits (see above), which is not
 * counted in the descriptor's vmctx_size: the runtime allocates it.
 * The fixed header below is followed by four arrays of pointers, in this
 * order and with these lengths (imported entities first in each):
 *   const w2s_funcref *funcs[num_funcs];
 *   w2s_table *tables[num_tables];
 *   w2s_memory *memories[num_memories];
 *   w2s_value *globals[num_globals];
 * w2s_vmctx_layout computes their offsets; the compiler and the runtime both
 * call it. */
typedef struct w2s_vmctx {
  uint8_t *memory0_base;           /* == memories[0]->base, or null */
  /* == w2s_vmctx_limits(this), for C code; compiled code reads the limits
   * at their fixed offset instead. */
  const w2s_runtime_limits *limits;
  void *const *builtins;           /* W2S_BUILTIN_COUNT function pointers */
  void *instance;                  /* the runtime's own instance object */
} w2s_vmctx;

/* The limits just before a vmctx header (a negative offset from vmctx). */
#define W2S_VMCTX_LIMITS_OFFSET (-(int)sizeof(w2s_runtime_limits))

static inline w2s_runtime_limits *w2s_vmctx_limits(w2s_vmctx *vmctx) {
  return (w2s_runtime_limits *)vmctx - 1;
}

typedef struct w2s_vmctx_layout {
  uint32_t funcs, tables, memories, globals; /* byte offsets from vmctx */
  uint32_t tags;                             /* ... */
  uint32_t size;                             /* total size in bytes */
} w2s_vmctx_layout;

/* The arrays of a module with tags: a fifth array follows the globals,
 *   const w2s_tag *tags[num_tags]; (imported tags first). */
static inline w2s_vmctx_layout
w2s_compute_vmctx_layout_with_tags(uint32_t num_funcs, uint32_t num_tables,
                                   uint32_t num_memories, uint32_t num_globals,
                                   uint32_t num_tags) {
  w2s_vmctx_layout l;
  l.funcs = (uint32_t)sizeof(w2s_vmctx);
  l.tables = l.funcs + num_funcs * (uint32_t)sizeof(void *);
  l.memories = l.tables + num_tables * (uint32_t)sizeof(void *);
  l.globals = l.memories + num_memories * (uint32_t)sizeof(void *);
  l.tags = l.globals + num_globals * (uint32_t)sizeof(void *);
  l.size = l.tags + num_tags * (uint32_t)sizeof(void *);
  return l;
}

static inline w2s_vmctx_layout w2s_compute_vmctx_layout(uint32_t num_funcs,
                                                        uint32_t num_tables,
                                                        uint32_t num_memories,
                                                        uint32_t num_globals) {
  return w2s_compute_vmctx_layout_with_tags(num_funcs, num_tables,
                                            num_memories, num_globals, 0);
}

/*===-------------------------- signature hash --------------------------===*/

/* The signature hash of a function type: 64-bit FNV-1a over its canonical
 * binary encoding (0x60, vec(params), vec(results), counts as 32-bit
 * little-endian words), finished with a 64-bit mixer. 0 is reserved for
 * null table slots. The compiler embeds it as a constant in call_indirect;
 * the loader recomputes it for every type it loads and keeps a registry
 * that refuses two different types with the same hash. */
static inline uint64_t w2s_hash_bytes(uint64_t h, const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

static inline uint64_t w2s_signature_hash(const uint8_t *params,
                                          uint32_t num_params,
                                          const uint8_t *results,
                                          uint32_t num_results) {
  uint64_t h = 0xcbf29ce484222325ull;
  uint8_t form = 0x60, count[4];
  h = w2s_hash_bytes(h, &form, 1);
  for (int i = 0; i < 4; ++i)
    count[i] = (uint8_t)(num_params >> (8 * i));
  h = w2s_hash_bytes(h, count, 4);
  h = w2s_hash_bytes(h, params, num_params);
  for (int i = 0; i < 4; ++i)
    count[i] = (uint8_t)(num_results >> (8 * i));
  h = w2s_hash_bytes(h, count, 4);
  h = w2s_hash_bytes(h, results, num_results);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h ? h : 1;
}

/*===----------------------------- descriptor ---------------------------===*/

/* A byte string that may hold NULs (wasm names are UTF-8 with a length). */
typedef struct w2s_name {
  const char *data;
  uint32_t len;
  uint32_t reserved;
} w2s_name;

typedef struct w2s_limits {
  uint64_t min;
  uint64_t max; /* meaningful only when has_max */
  uint32_t has_max;
  uint32_t is64; /* address type i64: memory64, table64 */
} w2s_limits;

/* Entry trampoline of a function type: calls code(vmctx, args...) reading
 * the arguments from values[0..params) and writing the results to
 * values[0..results). One per type, so the host can call any function. */
typedef void (*w2s_entry_trampoline)(void *code, void *vmctx,
                                     w2s_value *values);

/* A host function as seen by compiled code: the funcref's vmctx points to
 * one of these, and its code is the host adapter of the function's type,
 * which stores the arguments into an array, calls callback, and returns the
 * results from the same array (sized max(params, results)). */
typedef struct w2s_host_func {
  void (*callback)(struct w2s_host_func *self, w2s_value *values);
  void *user;
} w2s_host_func;

typedef struct w2s_func_type {
  uint64_t hash; /* w2s signature hash; never 0 */
  uint32_t num_params;
  uint32_t num_results;
  const uint8_t *valtypes; /* params then results, enum w2s_valtype */
  w2s_entry_trampoline entry_trampoline;
  void *host_adapter; /* RET adapter(w2s_host_func *, PARAMS...) */
  /* The bytes hash is computed over when they differ from valtypes (a
   * typed reference: docs/abi.md, "Typed function references"): params'
   * then results' encodings, sig_param_bytes + sig_result_bytes long.
   * Null (and both sizes 0) otherwise. */
  const uint8_t *sig;
  uint32_t sig_param_bytes;
  uint32_t sig_result_bytes;
  /* The supertype display of a type with a declared supertype, else null:
   * supers[0] = n, then the hashes of its chain of supertypes from the
   * root down to the type itself, supers[1..n]. S is a subtype of a type
   * T of depth d (its own display's n - 1; 0 without one) when S's hash is
   * T's or S's supers[0] > d and supers[1 + d] is T's hash (docs/abi.md,
   * "Subtypes across modules"). */
  const uint64_t *supers;
  /* A type that is not a plain function type (a member of a larger rec
   * group, a sub type, a struct or array type): the bytes of its whole rec
   * group, shared by every member. Its sig is then 0x4e, the group's size
   * and the type's position (u32 each) and the 64-bit hash of these bytes,
   * w2s_signature_hash(rec_group, rec_group_bytes, 0, 0): 17 bytes, so a
   * group of n types costs its bytes once, not n times. Null and 0 for a
   * plain function type. */
  const uint8_t *rec_group;
  uint64_t rec_group_bytes;
  /* What the type defines (ABI 6): 0 a function, 0x5f a struct, 0x5e an
   * array (the binary format's forms), so that linking can tell a defined
   * struct type from an array type below the abstract ones. */
  uint32_t form;
  uint32_t reserved;
} w2s_func_type;

enum w2s_extern_kind {
  W2S_EXTERN_FUNC = 0,
  W2S_EXTERN_TABLE = 1,
  W2S_EXTERN_MEMORY = 2,
  W2S_EXTERN_GLOBAL = 3,
  W2S_EXTERN_TAG = 4,
};

typedef struct w2s_import {
  w2s_name module;
  w2s_name name;
  uint32_t kind;       /* enum w2s_extern_kind */
  uint32_t type_index; /* func, tag: index into types */
  uint32_t valtype;    /* table: element type; global: value type */
  uint32_t mutable_;   /* global */
  w2s_limits limits;   /* table, memory */
  w2s_reftype reftype; /* table, global of reference type: in full */
} w2s_import;

typedef struct w2s_export {
  w2s_name name;
  uint32_t kind;  /* enum w2s_extern_kind */
  uint32_t index; /* in the kind's index space (imports first) */
} w2s_export;

enum w2s_const_kind {
  W2S_CONST_I32 = 0, /* bits[0] */
  W2S_CONST_I64,     /* bits[0] */
  W2S_CONST_F32,     /* bits[0] holds the bit pattern */
  W2S_CONST_F64,     /* bits[0] holds the bit pattern */
  W2S_CONST_V128,    /* bits[0] low, bits[1] high */
  W2S_CONST_REF_NULL,
  W2S_CONST_REF_FUNC,   /* index: function */
  W2S_CONST_GLOBAL_GET, /* index: global */
  /* Wasm 3.0's extended constant expressions: pop two values, push the
   * result (wrapping). Only inside a sequence. */
  W2S_CONST_I32_ADD,
  W2S_CONST_I32_SUB,
  W2S_CONST_I32_MUL,
  W2S_CONST_I64_ADD,
  W2S_CONST_I64_SUB,
  W2S_CONST_I64_MUL,
  /* Several instructions: seq points to index of them (none of them a
   * sequence), run in order on a stack that ends with the one value. */
  W2S_CONST_SEQUENCE,
  /* GC (ABI 5): pop one value, push its conversion. Only inside a
   * sequence. */
  W2S_CONST_REF_I31,
  W2S_CONST_ANY_CONVERT_EXTERN,
  W2S_CONST_EXTERN_CONVERT_ANY,
  /* GC constructors (ABI 6): gc points to the w2s_gc_layout of the type
   * made, the record and layout compiled code uses. struct.new pops one
   * value per field, array.new a value and a length, array.new_default a
   * length, array.new_fixed index values; each pushes the new object. */
  W2S_CONST_STRUCT_NEW,
  W2S_CONST_STRUCT_NEW_DEFAULT,
  W2S_CONST_ARRAY_NEW,
  W2S_CONST_ARRAY_NEW_DEFAULT,
  W2S_CONST_ARRAY_NEW_FIXED,
};

/* A constant expression (initializers and segment offsets/items), or one
 * instruction of a sequence. An expression of one instruction, the usual
 * case, is that instruction itself; a longer one is a W2S_CONST_SEQUENCE.
 * The runtime evaluates both in one place (rt/Instance.cpp, evalConst). */
typedef struct w2s_const_expr {
  uint32_t kind; /* enum w2s_const_kind */
  uint32_t index;
  union {
    uint64_t bits[2];
    const struct w2s_const_expr *seq; /* W2S_CONST_SEQUENCE */
    const struct w2s_gc_layout *gc;   /* W2S_CONST_STRUCT_NEW ... */
  };
} w2s_const_expr;

/*===------------------------ garbage collection ------------------------===*/
/* A reference of the any hierarchy that is neither null nor an i31 points
 * to an object of the runtime's GC heap, outside linear memory, which
 * starts with this header (docs/abi.md, "Garbage collection"). */
enum w2s_gc_kind {
  W2S_GC_STRUCT = 1,
  W2S_GC_ARRAY = 2,
  /* A host externref seen as anyref (any.convert_extern): payload after the
   * header. Neither eq, struct nor array. */
  W2S_GC_EXTERN_BOX = 3,
  /* An i31 seen as externref (extern.convert_any): the i31 value after the
   * header. Never an anyref itself. */
  W2S_GC_I31_BOX = 4,
};
/* The collector (ABI 6) reads num_refs and ref_offsets to mark precisely
 * inside the heap: a struct's reference fields (of any type: a word that
 * is not a heap object is skipped), or for an array, num_refs 1 when its
 * elements are references (8 bytes each from W2S_ARRAY_ELEMS). */
typedef struct w2s_gc_type {
  uint64_t hash;          /* canonical type id; 0 for the box kinds */
  const uint64_t *supers; /* supertype display, as w2s_func_type's */
  uint32_t kind;          /* enum w2s_gc_kind */
  uint32_t num_refs;      /* struct: entries of ref_offsets; array: 0 or 1 */
  const uint32_t *ref_offsets; /* struct: byte offsets of reference fields */
} w2s_gc_type;
typedef struct w2s_gc_header {
  const w2s_gc_type *type;
} w2s_gc_header;
/* Arrays: the length (u32) after the header, the elements from
 * W2S_ARRAY_ELEMS; struct fields follow the header at the offsets the
 * compiler chose (natural alignment, i8/i16 stored narrow). */
#define W2S_ARRAY_LENGTH 8u
#define W2S_ARRAY_ELEMS 16u
/* Tag bit of an i31 reference: (v << 1) | W2S_I31_TAG. */
#define W2S_I31_TAG 1u

/* Where the runtime stores the operands of a constant expression's
 * struct.new or array.new* (docs/abi.md, "GC constructors in constant
 * expressions"): the compiler writes one per type that such an expression
 * makes, from the layout its compiled code uses. */
typedef struct w2s_gc_field {
  uint32_t offset;  /* struct: from the object's start; array: 0 */
  uint8_t bytes;    /* storage: 1, 2, 4, 8 or 16 */
  uint8_t valtype;  /* enum w2s_valtype of the value; W2S_I32 for i8, i16 */
  uint16_t reserved;
} w2s_gc_field;
typedef struct w2s_gc_layout {
  const w2s_gc_type *type; /* the record objects are made with */
  uint64_t size;           /* struct: object bytes, header included;
                              array: 0 (W2S_ARRAY_ELEMS + length * bytes) */
  uint32_t num_fields;     /* struct: its fields; array: 1, the element */
  uint32_t reserved;
  const w2s_gc_field *fields;
} w2s_gc_layout;

/*===---------------------------- exceptions ----------------------------===*/

/* A tag, always a runtime object: a defined tag is one object per instance,
 * an imported tag is the exporter's object itself, so two tags are the same
 * tag exactly when their pointers are equal (docs/abi.md, "Exceptions"). */
typedef struct w2s_tag {
  uint64_t hash;           /* signature hash of the tag's function type */
  uint32_t num_params;     /* the payload's values */
  uint32_t reserved;
  const uint8_t *valtypes; /* num_params entries, enum w2s_valtype */
  const char *name;        /* for messages (runtime's; compiled code never
                              reads it) */
} w2s_tag;

/* An exception in flight or held as an exnref. header is the unwinder's
 * _Unwind_Exception (class "W2SWASM\0"); values are the payload, one slot
 * per parameter of the tag's type. */
#ifdef __cplusplus
#define W2S_ALIGN16 alignas(16)
#else
#define W2S_ALIGN16 _Alignas(16)
#endif
typedef struct w2s_exception {
  W2S_ALIGN16 uint8_t header[32];
  const w2s_tag *tag;
  uint64_t escaped; /* nonzero once handed out as an exnref */
  w2s_value values[1]; /* really tag->num_params (at least one slot) */
} w2s_exception;

#define W2S_EXCEPTION_CLASS 0x0053414D53573257ull /* "W2SWASM\0" */

typedef struct w2s_tag_desc {
  uint32_t type_index;
  uint32_t reserved;
} w2s_tag_desc;

typedef struct w2s_func {
  void *code;
  uint32_t type_index;
  uint32_t reserved;
} w2s_func;

typedef struct w2s_table_desc {
  uint32_t elemtype;
  uint32_t has_init; /* elements start as init, else null */
  w2s_limits limits;
  w2s_reftype reftype; /* the element type in full */
  w2s_const_expr init;
} w2s_table_desc;

typedef struct w2s_global_desc {
  uint32_t valtype;
  uint32_t mutable_;
  w2s_const_expr init;
  w2s_reftype reftype; /* a reference type in full */
} w2s_global_desc;

enum w2s_segment_mode {
  W2S_SEGMENT_ACTIVE = 0,
  W2S_SEGMENT_PASSIVE = 1,
  W2S_SEGMENT_DECLARATIVE = 2,
};

typedef struct w2s_data_segment {
  uint32_t mode;
  uint32_t memory;
  w2s_const_expr offset; /* active only */
  const uint8_t *bytes;
  uint32_t size;
  uint32_t reserved;
} w2s_data_segment;

typedef struct w2s_elem_segment {
  uint32_t mode;
  uint32_t table;
  uint32_t elemtype;
  uint32_t num_items;
  w2s_const_expr offset; /* active only */
  const w2s_const_expr *items;
} w2s_elem_segment;

/* Names of functions, from the name section, else export names, else
 * absent (data == null). Indexed by function index, imports included. */
typedef struct w2s_descriptor {
  uint64_t magic;       /* W2S_DESCRIPTOR_MAGIC */
  uint32_t abi_version; /* W2S_ABI_VERSION */
  uint32_t descriptor_size; /* sizeof(w2s_descriptor) */

  w2s_name module_name;

  uint32_t num_types;
  uint32_t num_imports;
  const w2s_func_type *types;
  const w2s_import *imports;

  uint32_t num_funcs; /* imports included */
  uint32_t num_imported_funcs;
  const w2s_func *funcs; /* defined functions only */
  const w2s_name *func_names; /* num_funcs entries */

  uint32_t num_tables;
  uint32_t num_imported_tables;
  const w2s_table_desc *tables; /* defined only */

  uint32_t num_memories;
  uint32_t num_imported_memories;
  const w2s_limits *memories; /* defined only */

  uint32_t num_globals;
  uint32_t num_imported_globals;
  const w2s_global_desc *globals; /* defined only */

  uint32_t num_exports;
  uint32_t num_elem_segments;
  const w2s_export *exports;
  const w2s_elem_segment *elem_segments;

  uint32_t num_data_segments;
  uint32_t has_start;
  const w2s_data_segment *data_segments;

  uint32_t start_func;
  uint32_t vmctx_size; /* w2s_compute_vmctx_layout_with_tags(...).size */

  uint32_t num_tags; /* imports included */
  uint32_t num_imported_tags;
  const w2s_tag_desc *tags; /* defined only */
  /* Where the loader stores the personality routine that the module's
   * landing pads use (docs/abi.md, "Exceptions"); null when it has none. */
  void **personality_slot;
} w2s_descriptor;

#ifdef __cplusplus
} /* extern "C" */

static_assert(sizeof(w2s_value) == 16, "value slots are 16 bytes");
static_assert(sizeof(w2s_funcref) == 32, "funcref layout");
static_assert(sizeof(w2s_table_elem) == 32, "table slots are 32 bytes");
static_assert(offsetof(w2s_table_elem, hash) == 0 &&
                  offsetof(w2s_table_elem, code) == 8 &&
                  offsetof(w2s_table_elem, vmctx) == 16,
              "a table slot begins with the funcref's fields");
static_assert(sizeof(w2s_vmctx) == 32, "vmctx header layout");
static_assert(sizeof(w2s_const_expr) == 24 && sizeof(w2s_gc_field) == 8 &&
                  sizeof(w2s_gc_layout) == 32,
              "constant expressions and GC layouts (compiler/Descriptor.cpp)");
static_assert(offsetof(w2s_exception, tag) == 32 &&
                  offsetof(w2s_exception, values) == 48,
              "exception layout (compiled catch clauses read it)");
static_assert(sizeof(w2s_runtime_limits) == 8 &&
                  W2S_VMCTX_LIMITS_OFFSET == -8,
              "the stack limit sits 8 bytes before the vmctx header");
#endif

#endif /* WASM2SO_ABI_H */
