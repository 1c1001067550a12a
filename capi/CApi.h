//===- CApi.h - The objects behind wasm.h's opaque types --------*- C++ -*-===//
//
// wasm.h's types are defined here over the runtime's (wasm2so/runtime.h):
//
//  - Every reference type (func, global, table, memory, extern, instance,
//    module, trap, foreign, ref) is a handle: a heap object holding a
//    shared_ptr to the Object it refers to. Copies are new handles on the
//    same Object; deleting a handle drops one reference. An Object carries
//    the host information and its finalizer, which runs when the Object
//    goes away; wasm_X_same compares Objects.
//  - A store gives each runtime function, global, table and memory one
//    Object (so that host information sticks to the entity, however the
//    host reaches it), and roots every Object whose reference was handed to
//    wasm code (a funcref or externref argument, global or table element):
//    wasm keeps no counts, so those live until the store is deleted.
//  - An externref value in wasm is the Object's address; a funcref value is
//    the function's w2s_funcref, as everywhere in the runtime.
//
// Type objects (valtype, functype, ...) are plain values owned by whoever
// holds the pointer.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_CAPI_CAPI_H
#define WASM2SO_CAPI_CAPI_H

#include "wasm.h"
#include "wasm2so/runtime.h"

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace w2s_capi {

namespace rt = wasm2so::rt;

/// The value kind wasm.h has no name for: v128, which the C API cannot pass
/// (calls with v128 parameters or results trap) but reflection reports.
constexpr wasm_valkind_t V128Kind = 4;

enum class RefKind {
  Func,
  Global,
  Table,
  Memory,
  Instance,
  Module,
  Trap,
  Foreign,
};

struct ModuleData;
struct TrapData;

/// One object of the runtime as the C API sees it: its identity, its host
/// information, and what keeps the runtime's object alive.
struct Object : std::enable_shared_from_this<Object> {
  explicit Object(RefKind K) : Kind(K) {}
  ~Object() {
    if (Finalizer)
      Finalizer(HostInfo);
  }
  Object(const Object &) = delete;
  Object &operator=(const Object &) = delete;

  RefKind Kind;
  /// The Object of the instance this one was exported from: an instance's
  /// host information lives as long as its exports' handles.
  std::shared_ptr<Object> Owner;
  void *HostInfo = nullptr;
  void (*Finalizer)(void *) = nullptr;

  // One of these is set, as Kind says (none for Foreign).
  std::shared_ptr<rt::Function> Func;
  std::shared_ptr<rt::Global> Global;
  std::shared_ptr<rt::Table> Table;
  std::shared_ptr<rt::Memory> Memory;
  std::shared_ptr<rt::Instance> Instance;
  /// A module's; an instance's too: its module's code and debug information
  /// (for trap frames and host adapters) outlive the wasm_module_t.
  std::shared_ptr<ModuleData> Module;
  std::shared_ptr<TrapData> Trap;
};

/// A compiled module: the .so's bytes (what serialization carries) and the
/// loaded module. Shared by every store and thread that obtains it.
struct ModuleData {
  std::vector<uint8_t> So;
  std::shared_ptr<rt::Module> Mod;
  /// The descriptor's import indices that the C API shows (tag imports and
  /// exports are not part of it), in order.
  std::vector<uint32_t> Imports;
  std::vector<uint32_t> Exports;
};

struct TrapData {
  std::string Message; // without the terminating NUL
  std::vector<rt::Frame> Frames;
  /// Each frame's wasm byte offsets, from the module's debug information
  /// (SIZE_MAX when unknown).
  std::vector<size_t> ModuleOffsets, FuncOffsets;
};

/// The process-wide map from a host function's funcref to the function,
/// for funcref values that come back out of wasm.
void registerHostFunction(const std::shared_ptr<rt::Function> &F);
void unregisterHostFunction(const w2s_funcref *Ref);
/// The function whose canonical funcref R is (null for null).
std::shared_ptr<rt::Function> functionOfRef(const w2s_funcref *R);

/// The Object of a runtime entity in store S (made on first use).
std::shared_ptr<Object> objectOf(wasm_store_t *S,
                                 const std::shared_ptr<rt::Function> &F);
std::shared_ptr<Object> objectOf(wasm_store_t *S,
                                 const std::shared_ptr<rt::Global> &G);
std::shared_ptr<Object> objectOf(wasm_store_t *S,
                                 const std::shared_ptr<rt::Table> &T);
std::shared_ptr<Object> objectOf(wasm_store_t *S,
                                 const std::shared_ptr<rt::Memory> &M);

/// A new handle of the type Obj's kind asks for.
wasm_ref_t *newHandle(wasm_store_t *S, std::shared_ptr<Object> Obj);
/// A new handle on an export or import of the runtime (null for a tag).
wasm_extern_t *newExtern(wasm_store_t *S, const rt::Extern &E);
/// The runtime entity behind an extern handle.
rt::Extern externOf(const wasm_extern_t *E);

/// How toValue takes a numeric value whose kind is another numeric kind
/// than Type's (docs/embedding.md, "Values of another kind").
enum class KindRule {
  /// Refused: a global is set or made only with a value of its own kind.
  Exact,
  /// Read as Type, as V8 reads call arguments and host results: the
  /// value's own bytes (4 for i32 and f32, 8 for i64 and f64), cut to
  /// Type's width or zero-extended to it. Never for references.
  TypeBits,
};

/// Values across the boundary. toValue roots reference arguments in S;
/// fromValue makes a new handle for a reference (the caller owns it).
/// toValue fails (false, Why set) on a value that does not fit Type.
bool toValue(wasm_store_t *S, const wasm_val_t &V, rt::ValType Type,
             KindRule Rule, rt::Value &Out, std::string &Why);
void fromValue(wasm_store_t *S, const rt::Value &V, wasm_val_t &Out);

wasm_valkind_t kindOf(rt::ValType T);
/// The runtime's value type of a C API kind (false: none, e.g. v128).
bool valTypeOf(wasm_valkind_t K, rt::ValType &T);

/// Type objects of runtime entities.
wasm_functype_t *functypeOf(const rt::FuncSig &Sig);
wasm_globaltype_t *globaltypeOf(rt::ValType T, bool Mutable);
wasm_tabletype_t *tabletypeOf(rt::ValType Elem, uint64_t Min,
                              std::optional<uint64_t> Max);
wasm_memorytype_t *memorytypeOf(uint64_t Min, std::optional<uint64_t> Max);
rt::FuncSig sigOf(const wasm_functype_t *T);

/// A trap carrying an error of the runtime, made in store S.
wasm_trap_t *newTrap(wasm_store_t *S, const rt::Error &E);
/// Gives host function F the code wasm calls it through, the host adapter
/// of its type in a loaded module (Modules.cpp); false when no loaded
/// module has F's type (then a module with that type loaded later cannot
/// call F through a table slot or value made before: they copy the code).
bool bindHostAdapter(rt::Function &F);
/// Fills in the wasm byte offsets of D's frames (Modules.cpp).
void addWasmOffsets(TrapData &D);
/// The runtime error a host callback's trap stands for.
rt::Error errorOf(const wasm_trap_t *T);

/// A new name holding S's bytes.
void newName(wasm_name_t *Out, const std::string &S);

} // namespace w2s_capi

//===------------------------------ handles ------------------------------===//

struct wasm_config_t {
  // The runner's switches for unresolved imports (issue 17) belong here.
};

struct wasm_engine_t {
  unsigned OptLevel = 2;
};

struct wasm_store_t {
  wasm_engine_t *Engine = nullptr;
  /// Each runtime entity's Object, by the entity's address.
  std::unordered_map<const void *, std::weak_ptr<w2s_capi::Object>> Objects;
  size_t SweepAt = 64;
  /// Objects handed to wasm code, alive until the store goes.
  std::vector<std::shared_ptr<w2s_capi::Object>> Roots;
  std::unordered_set<const w2s_capi::Object *> Rooted;
  void root(const std::shared_ptr<w2s_capi::Object> &O) {
    if (Rooted.insert(O.get()).second)
      Roots.push_back(O);
  }
};

struct wasm_ref_t {
  explicit wasm_ref_t(wasm_store_t *S, std::shared_ptr<w2s_capi::Object> O)
      : Store(S), Obj(std::move(O)) {}
  virtual ~wasm_ref_t() = default;
  wasm_store_t *Store;
  std::shared_ptr<w2s_capi::Object> Obj;
};

struct wasm_extern_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
};
struct wasm_func_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
};
struct wasm_global_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
};
struct wasm_table_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
};
struct wasm_memory_t : wasm_extern_t {
  using wasm_extern_t::wasm_extern_t;
};
struct wasm_instance_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
};
struct wasm_module_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
};
struct wasm_trap_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
};
struct wasm_foreign_t : wasm_ref_t {
  using wasm_ref_t::wasm_ref_t;
};

struct wasm_shared_module_t {
  std::shared_ptr<w2s_capi::ModuleData> Data;
};

struct wasm_frame_t {
  wasm2so::rt::Frame F;
  size_t ModuleOffset = 0, FuncOffset = 0;
};

//===------------------------------- types -------------------------------===//

struct wasm_valtype_t {
  wasm_valkind_t Kind;
};

struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t K) : Kind(K) {}
  virtual ~wasm_externtype_t() = default;
  wasm_externkind_t Kind;
};

struct wasm_functype_t : wasm_externtype_t {
  wasm_functype_t() : wasm_externtype_t(WASM_EXTERN_FUNC) {}
  ~wasm_functype_t() override;
  wasm_valtype_vec_t Params{0, nullptr}, Results{0, nullptr};
};

struct wasm_globaltype_t : wasm_externtype_t {
  wasm_globaltype_t() : wasm_externtype_t(WASM_EXTERN_GLOBAL) {}
  ~wasm_globaltype_t() override { delete Content; }
  wasm_valtype_t *Content = nullptr;
  wasm_mutability_t Mutability = WASM_CONST;
};

struct wasm_tabletype_t : wasm_externtype_t {
  wasm_tabletype_t() : wasm_externtype_t(WASM_EXTERN_TABLE) {}
  ~wasm_tabletype_t() override { delete Element; }
  wasm_valtype_t *Element = nullptr;
  wasm_limits_t Limits{0, wasm_limits_max_default};
};

struct wasm_memorytype_t : wasm_externtype_t {
  wasm_memorytype_t() : wasm_externtype_t(WASM_EXTERN_MEMORY) {}
  wasm_limits_t Limits{0, wasm_limits_max_default};
};

struct wasm_importtype_t {
  ~wasm_importtype_t();
  wasm_name_t Module{0, nullptr}, Name{0, nullptr};
  wasm_externtype_t *Type = nullptr;
};

struct wasm_exporttype_t {
  ~wasm_exporttype_t();
  wasm_name_t Name{0, nullptr};
  wasm_externtype_t *Type = nullptr;
};

#endif
