//===- Objects.cpp - Engines, stores, references, functions, globals, ... -===//
//
// The reference types of wasm.h over the runtime's objects (CApi.h explains
// the handles, Objects and roots). Calls go through rt::Instance::call; a
// host function is an rt::Function whose callback converts the values and
// calls the C callback.
//
//===----------------------------------------------------------------------===//
#include "CApi.h"

#include "../rt/Internal.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <mutex>

using namespace w2s_capi;

namespace {

//===------------------------- host function registry --------------------===//

std::mutex HostFuncsMutex;
std::unordered_map<const w2s_funcref *, std::weak_ptr<rt::Function>> &
hostFuncs() {
  static auto *M = new std::unordered_map<const w2s_funcref *,
                                          std::weak_ptr<rt::Function>>();
  return *M;
}

template <typename T>
std::shared_ptr<Object> canonical(wasm_store_t *S, const std::shared_ptr<T> &E,
                                  RefKind K,
                                  std::shared_ptr<T> Object::*Member) {
  if (!E)
    return nullptr;
  // Entities die and their addresses come back: drop the dead entries
  // whenever the map has doubled since the last sweep.
  if (S->Objects.size() >= S->SweepAt) {
    for (auto It = S->Objects.begin(); It != S->Objects.end();)
      It = It->second.expired() ? S->Objects.erase(It) : std::next(It);
    S->SweepAt = std::max<size_t>(64, 2 * S->Objects.size());
  }
  std::weak_ptr<Object> &W = S->Objects[E.get()];
  if (auto O = W.lock())
    return O;
  auto O = std::make_shared<Object>(K);
  (*O).*Member = E;
  W = O;
  return O;
}

rt::Error usageError(std::string Msg) {
  rt::Error E;
  E.K = rt::Error::Usage;
  E.Message = std::move(Msg);
  return E;
}

/// What a host function created here carries: the C callback, its
/// environment and the environment's finalizer, run when the function goes.
struct HostEnv {
  wasm_store_t *Store = nullptr;
  wasm_func_callback_t Callback = nullptr;
  wasm_func_callback_with_env_t CallbackWithEnv = nullptr;
  void *Env = nullptr;
  void (*Finalizer)(void *) = nullptr;
  const w2s_funcref *Ref = nullptr;
  ~HostEnv() {
    if (Ref)
      unregisterHostFunction(Ref);
    if (Finalizer)
      Finalizer(Env);
  }
};

std::optional<rt::Error> callHost(HostEnv &H, const rt::FuncSig &Sig,
                                  const rt::Value *Args, rt::Value *Results) {
  size_t NP = Sig.Params.size(), NR = Sig.Results.size();
  std::vector<wasm_val_t> ArgVals(NP), ResultVals(NR);
  for (size_t I = 0; I < NP; ++I)
    fromValue(H.Store, Args[I], ArgVals[I]);
  for (size_t I = 0; I < NR; ++I) {
    ResultVals[I].kind = kindOf(Sig.Results[I]);
    std::memset(&ResultVals[I].of, 0, sizeof(ResultVals[I].of));
  }
  wasm_val_vec_t ArgVec{NP, ArgVals.data()};
  wasm_val_vec_t ResultVec{NR, ResultVals.data()};
  wasm_trap_t *Trap = H.CallbackWithEnv
                          ? H.CallbackWithEnv(H.Env, &ArgVec, &ResultVec)
                          : H.Callback(&ArgVec, &ResultVec);
  for (wasm_val_t &V : ArgVals)
    wasm_val_delete(&V);
  std::optional<rt::Error> Failure;
  if (Trap) {
    Failure = errorOf(Trap);
    wasm_trap_delete(Trap);
  }
  // The results the callback owns now, including those of a failed call.
  for (size_t I = 0; I < NR; ++I) {
    std::string Why;
    if (!Failure && !toValue(H.Store, ResultVals[I], Sig.Results[I],
                             KindRule::TypeBits, Results[I], Why)) {
      Failure = usageError("host function result " + std::to_string(I + 1) +
                           ": " + Why);
      Failure->K = rt::Error::Trap;
      Failure->TrapCode = W2S_TRAP_Host;
    }
    wasm_val_delete(&ResultVals[I]);
  }
  return Failure;
}

wasm_func_t *newHostFunc(wasm_store_t *S, const wasm_functype_t *Type,
                         std::shared_ptr<HostEnv> H) {
  rt::FuncSig Sig = sigOf(Type);
  H->Store = S;
  HostEnv *Raw = H.get();
  auto F = rt::Function::host(
      Sig, [H = std::move(H), Sig](const rt::Value *Args, rt::Value *Results) {
        return callHost(*H, Sig, Args, Results);
      });
  Raw->Ref = F->ref();
  registerHostFunction(F);
  return static_cast<wasm_func_t *>(newHandle(S, objectOf(S, F)));
}

wasm_trap_t *newTrapWithMessage(wasm_store_t *S, std::string Msg) {
  auto O = std::make_shared<Object>(RefKind::Trap);
  O->Trap = std::make_shared<TrapData>();
  O->Trap->Message = std::move(Msg);
  return new wasm_trap_t(S, std::move(O));
}

} // namespace

//===----------------------------- internals -----------------------------===//

namespace w2s_capi {

void registerHostFunction(const std::shared_ptr<rt::Function> &F) {
  std::lock_guard<std::mutex> Lock(HostFuncsMutex);
  hostFuncs()[F->ref()] = F;
}

void unregisterHostFunction(const w2s_funcref *Ref) {
  std::lock_guard<std::mutex> Lock(HostFuncsMutex);
  hostFuncs().erase(Ref);
}

std::shared_ptr<rt::Function> functionOfRef(const w2s_funcref *R) {
  if (!R)
    return nullptr;
  {
    std::lock_guard<std::mutex> Lock(HostFuncsMutex);
    auto It = hostFuncs().find(R);
    if (It != hostFuncs().end())
      return It->second.lock();
  }
  // A function an instance defines: R is its canonical funcref, one of the
  // core's Defined functions.
  rt::InstanceCore &C = rt::coreOf(R->vmctx);
  uint32_t N = C.Desc->num_funcs - C.Desc->num_imported_funcs;
  if (N == 0)
    return nullptr;
  auto Base = reinterpret_cast<uintptr_t>(C.Defined[0].ref());
  auto Addr = reinterpret_cast<uintptr_t>(R);
  size_t J = (Addr - Base) / sizeof(rt::Function);
  if (Addr < Base || J >= N || C.Defined[J].ref() != R)
    return nullptr;
  return std::shared_ptr<rt::Function>(C.Self.lock(), &C.Defined[J]);
}

std::shared_ptr<Object> objectOf(wasm_store_t *S,
                                 const std::shared_ptr<rt::Function> &F) {
  return canonical(S, F, RefKind::Func, &Object::Func);
}
std::shared_ptr<Object> objectOf(wasm_store_t *S,
                                 const std::shared_ptr<rt::Global> &G) {
  return canonical(S, G, RefKind::Global, &Object::Global);
}
std::shared_ptr<Object> objectOf(wasm_store_t *S,
                                 const std::shared_ptr<rt::Table> &T) {
  return canonical(S, T, RefKind::Table, &Object::Table);
}
std::shared_ptr<Object> objectOf(wasm_store_t *S,
                                 const std::shared_ptr<rt::Memory> &M) {
  return canonical(S, M, RefKind::Memory, &Object::Memory);
}

wasm_ref_t *newHandle(wasm_store_t *S, std::shared_ptr<Object> Obj) {
  switch (Obj->Kind) {
  case RefKind::Func:
    return new wasm_func_t(S, std::move(Obj));
  case RefKind::Global:
    return new wasm_global_t(S, std::move(Obj));
  case RefKind::Table:
    return new wasm_table_t(S, std::move(Obj));
  case RefKind::Memory:
    return new wasm_memory_t(S, std::move(Obj));
  case RefKind::Instance:
    return new wasm_instance_t(S, std::move(Obj));
  case RefKind::Module:
    return new wasm_module_t(S, std::move(Obj));
  case RefKind::Trap:
    return new wasm_trap_t(S, std::move(Obj));
  case RefKind::Foreign:
    return new wasm_foreign_t(S, std::move(Obj));
  }
  return nullptr;
}

wasm_extern_t *newExtern(wasm_store_t *S, const rt::Extern &E) {
  std::shared_ptr<Object> O;
  if (auto *F = std::get_if<std::shared_ptr<rt::Function>>(&E))
    O = objectOf(S, *F);
  else if (auto *G = std::get_if<std::shared_ptr<rt::Global>>(&E))
    O = objectOf(S, *G);
  else if (auto *T = std::get_if<std::shared_ptr<rt::Table>>(&E))
    O = objectOf(S, *T);
  else if (auto *M = std::get_if<std::shared_ptr<rt::Memory>>(&E))
    O = objectOf(S, *M);
  if (!O)
    return nullptr;
  return static_cast<wasm_extern_t *>(newHandle(S, std::move(O)));
}

rt::Extern externOf(const wasm_extern_t *E) {
  const Object &O = *E->Obj;
  switch (O.Kind) {
  case RefKind::Func:
    return O.Func;
  case RefKind::Global:
    return O.Global;
  case RefKind::Table:
    return O.Table;
  default:
    return O.Memory;
  }
}

bool toValue(wasm_store_t *S, const wasm_val_t &V, rt::ValType Type,
             KindRule Rule, rt::Value &Out, std::string &Why) {
  Out.Type = Type;
  std::memset(&Out.Bits, 0, sizeof(Out.Bits));
  wasm_valkind_t Want = kindOf(Type);
  auto IsNum = [](wasm_valkind_t K) { return K <= WASM_F64; };
  if (V.kind != Want && Rule == KindRule::TypeBits && IsNum(V.kind) &&
      IsNum(Want)) {
    // Only the bytes the value's kind defines are read (the union's others
    // may be whatever the host left there); the rest of Bits stays zero.
    auto Width = [](wasm_valkind_t K) -> size_t {
      return K == WASM_I32 || K == WASM_F32 ? 4 : 8;
    };
    std::memcpy(&Out.Bits, &V.of, std::min(Width(V.kind), Width(Want)));
    return true;
  }
  if (V.kind != Want) {
    Why = "a value of kind " + std::to_string(V.kind) + " where kind " +
          std::to_string(kindOf(Type)) + " is expected";
    return false;
  }
  switch (Type) {
  case W2S_I32:
    Out.Bits.i32 = V.of.i32;
    return true;
  case W2S_I64:
    Out.Bits.i64 = V.of.i64;
    return true;
  case W2S_F32:
    Out.Bits.f32 = V.of.f32;
    return true;
  case W2S_F64:
    Out.Bits.f64 = V.of.f64;
    return true;
  case W2S_FUNCREF:
    if (!V.of.ref)
      return true;
    if (V.of.ref->Obj->Kind != RefKind::Func) {
      Why = "a funcref that is not a function";
      return false;
    }
    S->root(V.of.ref->Obj);
    bindHostAdapter(*V.of.ref->Obj->Func);
    Out.Bits.ref = V.of.ref->Obj->Func->ref();
    return true;
  case W2S_EXTERNREF:
    if (!V.of.ref)
      return true;
    S->root(V.of.ref->Obj);
    Out.Bits.ref = V.of.ref->Obj.get();
    return true;
  default:
    Why = "v128 values cannot cross the C API";
    return false;
  }
}

void fromValue(wasm_store_t *S, const rt::Value &V, wasm_val_t &Out) {
  Out.kind = kindOf(V.Type);
  std::memset(&Out.of, 0, sizeof(Out.of));
  switch (V.Type) {
  case W2S_I32:
    Out.of.i32 = V.Bits.i32;
    break;
  case W2S_I64:
    Out.of.i64 = V.Bits.i64;
    break;
  case W2S_F32:
    Out.of.f32 = V.Bits.f32;
    break;
  case W2S_F64:
    Out.of.f64 = V.Bits.f64;
    break;
  case W2S_FUNCREF: {
    auto F = functionOfRef(static_cast<const w2s_funcref *>(V.Bits.ref));
    if (F)
      Out.of.ref = newHandle(S, objectOf(S, F));
    break;
  }
  case W2S_EXTERNREF:
    if (V.Bits.ref) {
      auto *O = const_cast<Object *>(static_cast<const Object *>(V.Bits.ref));
      Out.of.ref = newHandle(S, O->shared_from_this());
    }
    break;
  default:
    break;
  }
}

wasm_trap_t *newTrap(wasm_store_t *S, const rt::Error &E) {
  std::string Msg = E.Message;
  if (E.K == rt::Error::Exit)
    Msg = "exit with status " + std::to_string(E.ExitCode);
  wasm_trap_t *T = newTrapWithMessage(S, std::move(Msg));
  TrapData &D = *T->Obj->Trap;
  D.Frames = E.Backtrace;
  addWasmOffsets(D);
  return T;
}

rt::Error errorOf(const wasm_trap_t *T) {
  rt::Error E;
  E.K = rt::Error::Trap;
  E.TrapCode = W2S_TRAP_Host;
  E.Message = T->Obj->Trap->Message;
  return E;
}

} // namespace w2s_capi

//===-------------------------------- API --------------------------------===//

extern "C" {

wasm_config_t *wasm_config_new(void) { return new wasm_config_t(); }
void wasm_config_delete(wasm_config_t *C) { delete C; }

wasm_engine_t *wasm_engine_new(void) { return new wasm_engine_t(); }
wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *C) {
  delete C;
  return new wasm_engine_t();
}
void wasm_engine_delete(wasm_engine_t *E) { delete E; }

wasm_store_t *wasm_store_new(wasm_engine_t *E) {
  auto *S = new wasm_store_t();
  S->Engine = E;
  return S;
}
/// Releases what wasm code was handed; their finalizers run now.
void wasm_store_delete(wasm_store_t *S) {
  std::vector<std::shared_ptr<Object>> Roots = std::move(S->Roots);
  S->Rooted.clear();
  Roots.clear();
  delete S;
}

//===--------------------------- values, refs ----------------------------===//

void wasm_val_delete(wasm_val_t *V) {
  if (wasm_valkind_is_ref(V->kind) && V->of.ref) {
    wasm_ref_delete(V->of.ref);
    V->of.ref = nullptr;
  }
}

void wasm_val_copy(wasm_val_t *Out, const wasm_val_t *V) {
  *Out = *V;
  if (wasm_valkind_is_ref(V->kind) && V->of.ref)
    Out->of.ref = wasm_ref_copy(V->of.ref);
}

#define W2S_REF_BASE(name)                                                     \
  void wasm_##name##_delete(wasm_##name##_t *R) { delete R; }                  \
  wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *R) {              \
    return static_cast<wasm_##name##_t *>(newHandle(R->Store, R->Obj));        \
  }                                                                            \
  bool wasm_##name##_same(const wasm_##name##_t *A,                            \
                          const wasm_##name##_t *B) {                          \
    return A->Obj == B->Obj;                                                   \
  }                                                                            \
  void *wasm_##name##_get_host_info(const wasm_##name##_t *R) {                \
    return R->Obj->HostInfo;                                                   \
  }                                                                            \
  void wasm_##name##_set_host_info(wasm_##name##_t *R, void *Info) {           \
    R->Obj->HostInfo = Info;                                                   \
    R->Obj->Finalizer = nullptr;                                               \
  }                                                                            \
  void wasm_##name##_set_host_info_with_finalizer(                             \
      wasm_##name##_t *R, void *Info, void (*Finalizer)(void *)) {             \
    R->Obj->HostInfo = Info;                                                   \
    R->Obj->Finalizer = Finalizer;                                             \
  }

#define W2S_REF(name, kind)                                                    \
  W2S_REF_BASE(name)                                                           \
  wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *R) { return R; }           \
  const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *R) {     \
    return R;                                                                  \
  }                                                                            \
  wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *R) {                         \
    return R && R->Obj->Kind == kind ? static_cast<wasm_##name##_t *>(R)       \
                                     : nullptr;                                \
  }                                                                            \
  const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *R) {     \
    return R && R->Obj->Kind == kind ? static_cast<const wasm_##name##_t *>(R) \
                                     : nullptr;                                \
  }

W2S_REF_BASE(ref)
W2S_REF(func, RefKind::Func)
W2S_REF(global, RefKind::Global)
W2S_REF(table, RefKind::Table)
W2S_REF(memory, RefKind::Memory)
W2S_REF(instance, RefKind::Instance)
W2S_REF(module, RefKind::Module)
W2S_REF(trap, RefKind::Trap)
W2S_REF(foreign, RefKind::Foreign)

// Externs: every func, global, table and memory handle is one.
W2S_REF_BASE(extern)
wasm_ref_t *wasm_extern_as_ref(wasm_extern_t *R) { return R; }
const wasm_ref_t *wasm_extern_as_ref_const(const wasm_extern_t *R) { return R; }
static bool isExtern(const wasm_ref_t *R) {
  RefKind K = R->Obj->Kind;
  return K == RefKind::Func || K == RefKind::Global || K == RefKind::Table ||
         K == RefKind::Memory;
}
wasm_extern_t *wasm_ref_as_extern(wasm_ref_t *R) {
  return R && isExtern(R) ? static_cast<wasm_extern_t *>(R) : nullptr;
}
const wasm_extern_t *wasm_ref_as_extern_const(const wasm_ref_t *R) {
  return R && isExtern(R) ? static_cast<const wasm_extern_t *>(R) : nullptr;
}

wasm_externkind_t wasm_extern_kind(const wasm_extern_t *E) {
  switch (E->Obj->Kind) {
  case RefKind::Func:
    return WASM_EXTERN_FUNC;
  case RefKind::Global:
    return WASM_EXTERN_GLOBAL;
  case RefKind::Table:
    return WASM_EXTERN_TABLE;
  default:
    return WASM_EXTERN_MEMORY;
  }
}

wasm_externtype_t *wasm_extern_type(const wasm_extern_t *E) {
  switch (E->Obj->Kind) {
  case RefKind::Func:
    return wasm_func_type(static_cast<const wasm_func_t *>(E));
  case RefKind::Global:
    return wasm_global_type(static_cast<const wasm_global_t *>(E));
  case RefKind::Table:
    return wasm_table_type(static_cast<const wasm_table_t *>(E));
  default:
    return wasm_memory_type(static_cast<const wasm_memory_t *>(E));
  }
}

#define W2S_EXTERN_CASTS(name, kind)                                           \
  wasm_extern_t *wasm_##name##_as_extern(wasm_##name##_t *X) { return X; }     \
  const wasm_extern_t *wasm_##name##_as_extern_const(                          \
      const wasm_##name##_t *X) {                                              \
    return X;                                                                  \
  }                                                                            \
  wasm_##name##_t *wasm_extern_as_##name(wasm_extern_t *E) {                   \
    return E && E->Obj->Kind == kind ? static_cast<wasm_##name##_t *>(E)       \
                                     : nullptr;                                \
  }                                                                            \
  const wasm_##name##_t *wasm_extern_as_##name##_const(                        \
      const wasm_extern_t *E) {                                                \
    return E && E->Obj->Kind == kind ? static_cast<const wasm_##name##_t *>(E) \
                                     : nullptr;                                \
  }

W2S_EXTERN_CASTS(func, RefKind::Func)
W2S_EXTERN_CASTS(global, RefKind::Global)
W2S_EXTERN_CASTS(table, RefKind::Table)
W2S_EXTERN_CASTS(memory, RefKind::Memory)

wasm_foreign_t *wasm_foreign_new(wasm_store_t *S) {
  return new wasm_foreign_t(S, std::make_shared<Object>(RefKind::Foreign));
}

//===----------------------------- functions -----------------------------===//

wasm_func_t *wasm_func_new(wasm_store_t *S, const wasm_functype_t *Type,
                           wasm_func_callback_t Callback) {
  auto H = std::make_shared<HostEnv>();
  H->Callback = Callback;
  return newHostFunc(S, Type, std::move(H));
}

wasm_func_t *wasm_func_new_with_env(wasm_store_t *S,
                                    const wasm_functype_t *Type,
                                    wasm_func_callback_with_env_t Callback,
                                    void *Env, void (*Finalizer)(void *)) {
  auto H = std::make_shared<HostEnv>();
  H->CallbackWithEnv = Callback;
  H->Env = Env;
  H->Finalizer = Finalizer;
  return newHostFunc(S, Type, std::move(H));
}

wasm_functype_t *wasm_func_type(const wasm_func_t *F) {
  return functypeOf(F->Obj->Func->sig());
}
size_t wasm_func_param_arity(const wasm_func_t *F) {
  return F->Obj->Func->sig().Params.size();
}
size_t wasm_func_result_arity(const wasm_func_t *F) {
  return F->Obj->Func->sig().Results.size();
}

wasm_trap_t *wasm_func_call(const wasm_func_t *F, const wasm_val_vec_t *Args,
                            wasm_val_vec_t *Results) {
  const rt::FuncSig &Sig = F->Obj->Func->sig();
  size_t NArgs = Args ? Args->size : 0, NResults = Results ? Results->size : 0;
  if (NArgs != Sig.Params.size())
    return newTrapWithMessage(F->Store, "wrong number of arguments: expected " +
                                            std::to_string(Sig.Params.size()) +
                                            ", got " + std::to_string(NArgs));
  std::vector<rt::Value> In(NArgs);
  for (size_t I = 0; I < NArgs; ++I) {
    std::string Why;
    if (!toValue(F->Store, Args->data[I], Sig.Params[I], KindRule::TypeBits,
                 In[I], Why))
      return newTrapWithMessage(F->Store, "argument " + std::to_string(I + 1) +
                                              ": " + Why);
  }
  // Too small a results vector is refused only when there are results to
  // store: hosts (the upstream trap example) pass none to calls that trap.
  auto R = rt::Instance::call(*F->Obj->Func, In);
  if (!R)
    return newTrap(F->Store, R.error());
  if (NResults < R->size())
    return newTrapWithMessage(F->Store, "results vector too small: expected " +
                                            std::to_string(R->size()) +
                                            ", got " +
                                            std::to_string(NResults));
  for (size_t I = 0; I < R->size(); ++I)
    fromValue(F->Store, (*R)[I], Results->data[I]);
  return nullptr;
}

//===------------------------------ globals ------------------------------===//

wasm_global_t *wasm_global_new(wasm_store_t *S, const wasm_globaltype_t *Type,
                               const wasm_val_t *Init) {
  rt::ValType T;
  if (!valTypeOf(Type->Content->Kind, T))
    return nullptr;
  rt::Value V;
  std::string Why;
  if (!toValue(S, *Init, T, KindRule::Exact, V, Why))
    return nullptr;
  auto G = rt::Global::create(T, Type->Mutability == WASM_VAR, V);
  return static_cast<wasm_global_t *>(newHandle(S, objectOf(S, G)));
}

wasm_globaltype_t *wasm_global_type(const wasm_global_t *G) {
  return globaltypeOf(G->Obj->Global->type(), G->Obj->Global->isMutable());
}

void wasm_global_get(const wasm_global_t *G, wasm_val_t *Out) {
  fromValue(G->Store, G->Obj->Global->get(), *Out);
}

/// Sets a mutable global to a value of its type; anything else is ignored.
void wasm_global_set(wasm_global_t *G, const wasm_val_t *V) {
  rt::Global &Glob = *G->Obj->Global;
  rt::Value Val;
  std::string Why;
  if (Glob.isMutable() &&
      toValue(G->Store, *V, Glob.type(), KindRule::Exact, Val, Why))
    Glob.set(Val);
}

//===------------------------------- tables ------------------------------===//

namespace {
/// The raw reference to store into table T for R, or false when R does not
/// fit T's element type. A stored function keeps its owner alive.
bool tableRef(wasm_store_t *S, rt::Table &T, const wasm_ref_t *R,
              const void *&Raw) {
  Raw = nullptr;
  if (!R)
    return true;
  if (T.elemType() == W2S_FUNCREF) {
    if (R->Obj->Kind != RefKind::Func)
      return false;
    bindHostAdapter(*R->Obj->Func);
    Raw = R->Obj->Func->ref();
  } else {
    Raw = R->Obj.get();
  }
  S->root(R->Obj);
  return true;
}
} // namespace

wasm_table_t *wasm_table_new(wasm_store_t *S, const wasm_tabletype_t *Type,
                             wasm_ref_t *Init) {
  rt::ValType Elem;
  if (!valTypeOf(Type->Element->Kind, Elem) ||
      !wasm_valkind_is_ref(Type->Element->Kind))
    return nullptr;
  std::optional<uint32_t> Max;
  if (Type->Limits.max != wasm_limits_max_default)
    Max = Type->Limits.max;
  auto T = rt::Table::create(Elem, Type->Limits.min, Max);
  if (!T)
    return nullptr;
  const void *Raw;
  if (!tableRef(S, **T, Init, Raw))
    return nullptr;
  for (uint32_t I = 0; I < (*T)->size(); ++I)
    (*T)->set(I, Raw);
  return static_cast<wasm_table_t *>(newHandle(S, objectOf(S, *T)));
}

wasm_tabletype_t *wasm_table_type(const wasm_table_t *T) {
  rt::Table &Tab = *T->Obj->Table;
  std::optional<uint64_t> Max;
  if (Tab.max())
    Max = *Tab.max();
  return tabletypeOf(Tab.elemType(), Tab.size(), Max);
}

wasm_ref_t *wasm_table_get(const wasm_table_t *T, wasm_table_size_t Index) {
  rt::Table &Tab = *T->Obj->Table;
  if (Index >= Tab.size())
    return nullptr;
  rt::Value V = rt::Value::ref(Tab.elemType(), Tab.get(Index));
  wasm_val_t Out;
  fromValue(T->Store, V, Out);
  return Out.of.ref;
}

bool wasm_table_set(wasm_table_t *T, wasm_table_size_t Index, wasm_ref_t *R) {
  rt::Table &Tab = *T->Obj->Table;
  const void *Raw;
  if (Index >= Tab.size() || !tableRef(T->Store, Tab, R, Raw))
    return false;
  Tab.set(Index, Raw);
  return true;
}

wasm_table_size_t wasm_table_size(const wasm_table_t *T) {
  return T->Obj->Table->size();
}

bool wasm_table_grow(wasm_table_t *T, wasm_table_size_t Delta,
                     wasm_ref_t *Init) {
  rt::Table &Tab = *T->Obj->Table;
  const void *Raw;
  if (!tableRef(T->Store, Tab, Init, Raw))
    return false;
  return Tab.grow(Delta, Raw) >= 0;
}

//===------------------------------ memories -----------------------------===//

wasm_memory_t *wasm_memory_new(wasm_store_t *S, const wasm_memorytype_t *Type) {
  std::optional<uint64_t> Max;
  if (Type->Limits.max != wasm_limits_max_default)
    Max = Type->Limits.max;
  auto M = rt::Memory::create(Type->Limits.min, Max);
  if (!M)
    return nullptr;
  return static_cast<wasm_memory_t *>(newHandle(S, objectOf(S, *M)));
}

wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *M) {
  return memorytypeOf(M->Obj->Memory->pages(), M->Obj->Memory->maxPages());
}

byte_t *wasm_memory_data(wasm_memory_t *M) {
  return reinterpret_cast<byte_t *>(M->Obj->Memory->data());
}
size_t wasm_memory_data_size(const wasm_memory_t *M) {
  return size_t(M->Obj->Memory->pages()) * W2S_PAGE_SIZE;
}
wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *M) {
  return wasm_memory_pages_t(M->Obj->Memory->pages());
}
bool wasm_memory_grow(wasm_memory_t *M, wasm_memory_pages_t Delta) {
  return M->Obj->Memory->grow(Delta) >= 0;
}

//===------------------------------- traps -------------------------------===//

/// Message is NUL-terminated, as wasm.h asks; one without is taken whole.
wasm_trap_t *wasm_trap_new(wasm_store_t *S, const wasm_message_t *Message) {
  std::string Msg(Message->data, Message->size);
  if (!Msg.empty() && Msg.back() == '\0')
    Msg.pop_back();
  return newTrapWithMessage(S, std::move(Msg));
}

void wasm_trap_message(const wasm_trap_t *T, wasm_message_t *Out) {
  const std::string &Msg = T->Obj->Trap->Message;
  wasm_byte_vec_new(Out, Msg.size() + 1, Msg.c_str());
}

static wasm_frame_t *newFrame(const TrapData &D, size_t I) {
  auto *F = new wasm_frame_t();
  F->F = D.Frames[I];
  F->ModuleOffset = D.ModuleOffsets[I];
  F->FuncOffset = D.FuncOffsets[I];
  return F;
}

wasm_frame_t *wasm_trap_origin(const wasm_trap_t *T) {
  const TrapData &D = *T->Obj->Trap;
  return D.Frames.empty() ? nullptr : newFrame(D, 0);
}

void wasm_trap_trace(const wasm_trap_t *T, wasm_frame_vec_t *Out) {
  const TrapData &D = *T->Obj->Trap;
  wasm_frame_vec_new_uninitialized(Out, D.Frames.size());
  for (size_t I = 0; I < D.Frames.size(); ++I)
    Out->data[I] = newFrame(D, I);
}

//===------------------------------- frames ------------------------------===//

void wasm_frame_delete(wasm_frame_t *F) { delete F; }
wasm_frame_t *wasm_frame_copy(const wasm_frame_t *F) {
  return new wasm_frame_t(*F);
}
/// Frames do not keep their instance: always null.
wasm_instance_t *wasm_frame_instance(const wasm_frame_t *) { return nullptr; }
uint32_t wasm_frame_func_index(const wasm_frame_t *F) { return F->F.FuncIndex; }
size_t wasm_frame_func_offset(const wasm_frame_t *F) { return F->FuncOffset; }
size_t wasm_frame_module_offset(const wasm_frame_t *F) {
  return F->ModuleOffset;
}

} // extern "C"
