//===- Instance.cpp - Linking, instantiation and calls into wasm -----------===//
//
// Linker::instantiate follows the spec's order: resolve imports, build the
// vmctx, then globals, memories, tables, element segments, data segments and
// the start function. Calls from the host go through the type's entry
// trampoline under a recovery point; calls from wasm to the host arrive in
// hostEntry through the importing module's host adapter.
//
//===----------------------------------------------------------------------===//
#include "DescriptorCheck.h"
#include "Internal.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>

using namespace wasm2so::rt;

namespace {

Error makeError(Error::Kind K, std::string Msg) {
  Error E;
  E.K = K;
  E.Message = std::move(Msg);
  return E;
}

/// Whether the function F is of type T or of a declared subtype of it: T's
/// hash in F's supertype display at T's depth (docs/abi.md, "Subtypes
/// across modules"). Displays were checked when their modules loaded.
bool isFuncSubtype(const w2s_funcref &F, const w2s_func_type &T) {
  if (F.hash == T.hash)
    return true;
  uint64_t Depth = T.supers ? T.supers[0] - 1 : 0;
  return F.supers && F.supers[0] > Depth && F.supers[1 + Depth] == T.hash;
}

//===---------------------------- host functions -------------------------===//

/// Runs a host function's callback on the values array of its adapter. All
/// C++ objects live in this frame only, so the caller may siglongjmp after
/// it returns false.
bool runHostCallback(Function &F, w2s_value *Values) noexcept {
  std::optional<Error> E;
  try {
    size_t NP = F.Sig.Params.size(), NR = F.Sig.Results.size();
    std::vector<Value> Args(NP), Results(NR);
    for (size_t I = 0; I < NP; ++I) {
      Args[I].Type = F.Sig.Params[I];
      Args[I].Bits = Values[I];
    }
    for (size_t I = 0; I < NR; ++I)
      Results[I].Type = F.Sig.Results[I];
    E = F.HostCallback(Args.data(), Results.data());
    if (!E)
      for (size_t I = 0; I < NR; ++I)
        Values[I] = Results[I].Bits;
  } catch (const std::exception &X) {
    E = makeError(Error::Trap, std::string("host error: ") + X.what());
    E->TrapCode = W2S_TRAP_Host;
  } catch (...) {
    E = makeError(Error::Trap, "host error: unknown exception");
    E->TrapCode = W2S_TRAP_Host;
  }
  if (!E)
    return true;
  setPendingError(std::move(*E));
  return false;
}

void hostEntry(w2s_host_func *Self, w2s_value *Values) {
  if (!runHostCallback(*static_cast<Function *>(Self->user), Values))
    raisePendingError();
}

std::optional<Error> checkArgs(const FuncSig &Sig,
                               const std::vector<Value> &Args) {
  if (Args.size() != Sig.Params.size())
    return makeError(Error::Usage,
                     "wrong number of arguments: expected " +
                         std::to_string(Sig.Params.size()) + ", got " +
                         std::to_string(Args.size()));
  for (size_t I = 0; I < Args.size(); ++I)
    if (Args[I].Type != Sig.Params[I])
      return makeError(Error::Usage, "argument " + std::to_string(I + 1) +
                                         ": expected " +
                                         valTypeName(Sig.Params[I]) + ", got " +
                                         valTypeName(Args[I].Type));
  return std::nullopt;
}

/// An instance's stack limit (the w2s_runtime_limits just before its
/// vmctx) is that of the thread that instantiated it. When another thread
/// calls it, set it, and that of the instances whose functions it imports,
/// to the calling thread's limit, so that the stack checks compare against
/// the right stack. (Functions reached only through a shared table keep
/// theirs; the fault handler still catches an overflow there.)
void retargetLimits(void *Vmctx) {
  uintptr_t Mine = threadStackLimit();
  if (w2s_vmctx_limits(static_cast<w2s_vmctx *>(Vmctx))->stack_limit == Mine)
    return;
  std::vector<InstanceCore *> Work{&coreOf(Vmctx)};
  while (!Work.empty()) {
    InstanceCore *C = Work.back();
    Work.pop_back();
    w2s_runtime_limits *Limits = w2s_vmctx_limits(C->Vmctx);
    if (Limits->stack_limit == Mine)
      continue;
    Limits->stack_limit = Mine;
    for (auto &F : C->Imported)
      if (F->Trampoline)
        Work.push_back(&coreOf(F->Ref.vmctx));
  }
}

//===------------------------------- linking -----------------------------===//

std::string describeLimits(uint64_t Min, std::optional<uint64_t> Max) {
  std::string S = "{min " + std::to_string(Min);
  if (Max)
    S += ", max " + std::to_string(*Max);
  return S + "}";
}

bool limitsMatch(uint64_t ActualMin, std::optional<uint64_t> ActualMax,
                 const w2s_limits &Wanted) {
  if (ActualMin < Wanted.min)
    return false;
  if (Wanted.has_max && (!ActualMax || *ActualMax > Wanted.max))
    return false;
  return true;
}

std::optional<uint64_t> maxOf(const w2s_limits &L) {
  if (!L.has_max)
    return std::nullopt;
  return L.max;
}

const char *kindName(uint32_t K) {
  switch (K) {
  case W2S_EXTERN_FUNC: return "function";
  case W2S_EXTERN_TABLE: return "table";
  case W2S_EXTERN_MEMORY: return "memory";
  case W2S_EXTERN_GLOBAL: return "global";
  case W2S_EXTERN_TAG: return "tag";
  }
  return "extern";
}

uint32_t kindOf(const Extern &E) { return uint32_t(E.index()); }

} // namespace

//===---------------------------- InstanceCore ---------------------------===//

InstanceCore::~InstanceCore() {
  gcUnregisterCore(this);
  if (Vmctx)
    std::free(w2s_vmctx_limits(Vmctx));
}

void InstanceCore::keepAliveFrom(uint32_t T) {
  if (PrivateTable[T])
    return;
  std::shared_ptr<InstanceCore> Me = Self.lock();
  std::lock_guard<std::mutex> Lock(ownersMutex());
  std::vector<std::shared_ptr<void>> &Owners = Tables[T]->Owners;
  for (auto It = Owners.rbegin(); It != Owners.rend(); ++It)
    if (It->get() == Me.get())
      return;
  Owners.push_back(std::move(Me));
}

//===------------------------------ Function -----------------------------===//

std::shared_ptr<Function> Function::host(FuncSig Sig, Callback CB) {
  auto F = std::make_shared<Function>();
  F->Sig = std::move(Sig);
  F->HostCallback = std::move(CB);
  F->HostFunc.callback = hostEntry;
  F->HostFunc.user = F.get();
  F->Ref.hash = hashOf(F->Sig);
  F->Ref.vmctx = &F->HostFunc;
  // Ref.code is the host adapter of the first module that imports F.
  registerHostSignature(F->Sig, F->Ref.hash);
  return F;
}

std::shared_ptr<Function>
wasm2so::rt::unknownImportStub(const std::string &Module,
                               const std::string &Name, FuncSig Sig,
                               UnknownImports How) {
  if (How == UnknownImports::DefaultValues)
    // Results come zeroed (Value's Bits are value-initialized): zeros and
    // null references, as a fresh local.
    return Function::host(std::move(Sig),
                          [](const Value *, Value *) -> std::optional<Error> {
                            return std::nullopt;
                          });
  std::string Message = "unknown import " + Module + "." + Name + " called";
  return Function::host(
      std::move(Sig),
      [Message](const Value *, Value *) -> std::optional<Error> {
        Error E = makeError(Error::Trap, Message);
        E.TrapCode = W2S_TRAP_Host;
        return E;
      });
}

//===------------------------------ Instance -----------------------------===//

Instance::~Instance() {
  S.reset();
  Exports.clear();
  Mod.reset();
  collectCycles();
}

std::optional<Extern> Instance::exportByName(std::string_view Name) const {
  for (const auto &[N, E] : Exports)
    if (N == Name)
      return E;
  return std::nullopt;
}

Result<std::vector<Value>> Instance::invoke(std::string_view Name,
                                            const std::vector<Value> &Args) {
  std::optional<Extern> E = exportByName(Name);
  if (!E)
    return makeError(Error::Usage, "unknown export " + std::string(Name));
  auto *F = std::get_if<std::shared_ptr<Function>>(&*E);
  if (!F)
    return makeError(Error::Usage,
                     "export " + std::string(Name) + " is not a function");
  return call(**F, Args);
}

Result<std::vector<Value>> Instance::call(const Function &F,
                                          const std::vector<Value> &Args) {
  if (auto E = checkArgs(F.Sig, Args))
    return *E;
  size_t NP = F.Sig.Params.size(), NR = F.Sig.Results.size();
  std::vector<Value> Results(NR);
  for (size_t I = 0; I < NR; ++I)
    Results[I].Type = F.Sig.Results[I];

  if (!F.Trampoline) {
    if (!F.HostCallback)
      return makeError(Error::Usage, "function has no code");
    if (auto E = F.HostCallback(Args.data(), Results.data()))
      return *E;
    return Results;
  }

  retargetLimits(F.Ref.vmctx);
  std::vector<w2s_value> Slots(std::max<size_t>({NP, NR, 1}));
  for (size_t I = 0; I < NP; ++I)
    Slots[I] = Args[I].Bits;
  if (auto E = callGuarded(F.Trampoline, F.Ref.code, F.Ref.vmctx, Slots.data()))
    return *E;
  for (size_t I = 0; I < NR; ++I)
    Results[I].Bits = Slots[I];
  return Results;
}

//===------------------------------- Linker ------------------------------===//

void Linker::define(const std::string &Module, const std::string &Name,
                    Extern Ext) {
  Defs[{Module, Name}] = std::move(Ext);
}

void Linker::defineInstance(const std::string &Module, const Instance &I) {
  for (const auto &[Name, Ext] : I.exports())
    define(Module, Name, Ext);
}

std::optional<Extern> Linker::lookup(const std::string &Module,
                                     const std::string &Name) const {
  auto It = Defs.find({Module, Name});
  if (It == Defs.end())
    return std::nullopt;
  return It->second;
}

namespace {

/// Builds one instance; Linker::instantiate drives it phase by phase.
class Instantiator {
public:
  Instantiator(std::shared_ptr<Module> M)
      : Mod(std::move(M)), D(*Mod->Desc),
        L(w2s_compute_vmctx_layout_with_tags(D.num_funcs, D.num_tables,
                                             D.num_memories, D.num_globals,
                                             D.num_tags)) {}

  std::optional<Error> createCore();
  std::optional<Error> resolveImports(const Linker &Lk,
                                      std::shared_ptr<Table> &Common,
                                      bool UseCommon, UnknownImports Unknown);
  void createFunctions();
  std::optional<Error> createGlobals();
  std::optional<Error> createMemories(uint64_t MaxPages);
  std::optional<Error> createTables();
  void createExports();
  std::optional<Error> initElements();
  std::optional<Error> initData();
  std::optional<Error> runStart();

  const std::shared_ptr<InstanceCore> &core() const { return Core; }

  std::shared_ptr<Instance> finish() {
    auto I = std::make_shared<Instance>();
    I->S = std::make_unique<Instance::State>();
    I->S->Core = Core;
    I->Mod = Mod;
    I->Exports = std::move(Exports);
    return I;
  }

private:
  template <typename T> T *&slot(uint32_t Offset, uint32_t I) {
    return reinterpret_cast<T **>(reinterpret_cast<uint8_t *>(Core->Vmctx) +
                                  Offset)[I];
  }
  w2s_value evalConst(const w2s_const_expr &C) const;
  /// Set by evalConst when a conversion found the GC heap exhausted.
  mutable bool HeapExhausted = false;
  std::optional<Error> heapError() const {
    if (!HeapExhausted)
      return std::nullopt;
    return makeError(Error::Instantiation,
                     "out of memory: GC heap exhausted");
  }
  std::shared_ptr<Function> functionHandle(uint32_t I) const;
  /// The RefType of a descriptor's reference type: a type index becomes
  /// the hash of that type of this module.
  RefType fullType(uint32_t ValType, const w2s_reftype &R) const {
    RefType T = RefType::of(static_cast<wasm2so::rt::ValType>(ValType));
    if (R.heap == 0)
      return T; // descriptors of abstract funcref/externref tables
    T.Nullable = R.nullable != 0;
    if (R.heap & W2S_HEAP_TYPE_INDEX) {
      T.Heap = W2S_HEAP_TYPE_INDEX;
      T.TypeHash = D.types[R.heap & ~W2S_HEAP_TYPE_INDEX].hash;
      T.Form = D.types[R.heap & ~W2S_HEAP_TYPE_INDEX].form;
    } else {
      T.Heap = R.heap;
    }
    return T;
  }

  std::shared_ptr<Module> Mod;
  const w2s_descriptor &D;
  w2s_vmctx_layout L;
  std::shared_ptr<InstanceCore> Core;
  std::vector<std::pair<std::string, Extern>> Exports;
};

std::optional<Error> Instantiator::createCore() {
  Core = std::make_shared<InstanceCore>();
  gcRegisterCore(Core.get());
  Core->Self = Core;
  Core->Mod = Mod;
  Core->Desc = &D;
  // The instance's w2s_runtime_limits, then the vmctx (abi.h).
  auto *Limits = static_cast<w2s_runtime_limits *>(
      std::calloc(1, sizeof(w2s_runtime_limits) + size_t(D.vmctx_size)));
  if (!Limits)
    return makeError(Error::Instantiation, "out of memory allocating vmctx");
  Limits->stack_limit = threadStackLimit();
  Core->Vmctx = reinterpret_cast<w2s_vmctx *>(Limits + 1);
  Core->Vmctx->limits = Limits;
  Core->Vmctx->builtins = builtinTable();
  Core->Vmctx->instance = Core.get();
  registerCode(Mod); // for trap backtraces
  return std::nullopt;
}

std::optional<Error> Instantiator::resolveImports(const Linker &Lk,
                                                  std::shared_ptr<Table> &Common,
                                                  bool UseCommon,
                                                  UnknownImports Unknown) {
  for (uint32_t I = 0; I < D.num_imports; ++I) {
    const w2s_import &Imp = D.imports[I];
    std::string ModName = nameOf(Imp.module), Name = nameOf(Imp.name);
    std::string Where = ModName + "." + Name;
    std::optional<Extern> Ext = Lk.lookup(ModName, Name);

    if (!Ext && Imp.kind == W2S_EXTERN_TABLE && UseCommon &&
        Imp.valtype == W2S_FUNCREF) {
      // The common table: created by the first import that nothing else
      // provides, grown to a later import's larger minimum.
      if (!Common) {
        std::optional<uint32_t> Max;
        if (Imp.limits.has_max)
          Max = uint32_t(std::min<uint64_t>(Imp.limits.max, 0xffffffffu));
        auto T = Table::create(W2S_FUNCREF,
                               uint32_t(std::min<uint64_t>(Imp.limits.min,
                                                           0xffffffffu)),
                               Max);
        if (!T)
          return T.error();
        Common = *T;
      } else if (Common->size() < Imp.limits.min) {
        Common->grow(uint32_t(std::min<uint64_t>(Imp.limits.min, 0xffffffffu) -
                              Common->size()),
                     nullptr);
      }
      Ext = Extern(Common);
    }
    if (!Ext && Imp.kind == W2S_EXTERN_FUNC &&
        Unknown != UnknownImports::Error) {
      const w2s_func_type &T = D.types[Imp.type_index];
      auto Stub = unknownImportStub(ModName, Name, sigOfType(T), Unknown);
      // A signature with typed references hashes its own bytes (sig).
      Stub->Ref.hash = T.hash;
      Ext = Extern(std::move(Stub));
    }
    if (!Ext && Unknown != UnknownImports::Error)
      return makeError(Error::Link,
                       "unknown import " + Where + ": a " +
                           kindName(Imp.kind) +
                           " import cannot be stubbed (only functions can)");
    if (!Ext)
      return makeError(Error::Link, "unknown import " + Where);

    auto Incompatible = [&](const std::string &Why) {
      return makeError(Error::Link,
                       "incompatible import type for " + Where + ": " + Why);
    };
    if (kindOf(*Ext) != Imp.kind)
      return Incompatible(std::string("expected ") + kindName(Imp.kind) +
                          ", got " + kindName(kindOf(*Ext)));

    switch (Imp.kind) {
    case W2S_EXTERN_FUNC: {
      auto F = std::get<std::shared_ptr<Function>>(*Ext);
      const w2s_func_type &T = D.types[Imp.type_index];
      FuncSig Want = sigOfType(T);
      // The hash tells typed references and rec groups apart, which the
      // value types (funcref for every function reference) do not; a
      // function of a declared subtype has T's hash in its display.
      if (!(F->Sig == Want) || !isFuncSubtype(F->Ref, T))
        return Incompatible("expected " + Want.str() + ", got " + F->Sig.str());
      if (!F->Trampoline && !F->Ref.code) {
        // A host function's first import: any module's adapter of this
        // signature will do; keep that module loaded.
        F->Ref.code = T.host_adapter;
        F->Owner = Mod;
      }
      Core->Imported.push_back(std::move(F));
      break;
    }
    case W2S_EXTERN_TABLE: {
      auto T = std::get<std::shared_ptr<Table>>(*Ext);
      // Table element types are invariant: subtypes both ways.
      RefType Want = fullType(Imp.valtype, Imp.reftype);
      if (T->elemType() != Imp.valtype || !T->FullType.isSubtypeOf(Want) ||
          !Want.isSubtypeOf(T->FullType))
        return Incompatible("expected " + Want.str() + " table, got " +
                            T->FullType.str());
      if (T->is64() != bool(Imp.limits.is64))
        return Incompatible(std::string("expected ") +
                            (Imp.limits.is64 ? "i64" : "i32") +
                            " table, got " + (T->is64() ? "i64" : "i32"));
      std::optional<uint64_t> Max;
      if (T->max())
        Max = *T->max();
      if (!limitsMatch(T->size(), Max, Imp.limits))
        return Incompatible("expected table limits " +
                            describeLimits(Imp.limits.min, maxOf(Imp.limits)) +
                            ", got " + describeLimits(T->size(), Max));
      slot<w2s_table>(L.tables, uint32_t(Core->Tables.size())) = T->raw();
      Core->Tables.push_back(std::move(T));
      Core->PrivateTable.push_back(false);
      break;
    }
    case W2S_EXTERN_MEMORY: {
      auto M = std::get<std::shared_ptr<Memory>>(*Ext);
      if (M->is64() != bool(Imp.limits.is64))
        return Incompatible(std::string("expected ") +
                            (Imp.limits.is64 ? "i64" : "i32") +
                            " memory, got " + (M->is64() ? "i64" : "i32"));
      if (!limitsMatch(M->pages(), M->maxPages(), Imp.limits))
        return Incompatible("expected memory limits " +
                            describeLimits(Imp.limits.min, maxOf(Imp.limits)) +
                            ", got " + describeLimits(M->pages(), M->maxPages()));
      slot<w2s_memory>(L.memories, uint32_t(Core->Memories.size())) = M->raw();
      Core->Memories.push_back(std::move(M));
      break;
    }
    case W2S_EXTERN_GLOBAL: {
      auto G = std::get<std::shared_ptr<Global>>(*Ext);
      // An immutable reference global may be of a subtype; a mutable one
      // must be of the same type.
      bool RefOk = true;
      std::string WantName = valTypeName(Imp.valtype);
      std::string GotName = valTypeName(G->type());
      if (G->type() == Imp.valtype &&
          (G->type() == W2S_FUNCREF || G->type() == W2S_EXTERNREF ||
           G->type() == W2S_ANYREF)) {
        RefType Want = fullType(Imp.valtype, Imp.reftype);
        RefOk = G->FullType.isSubtypeOf(Want) &&
                (!Imp.mutable_ || Want.isSubtypeOf(G->FullType));
        WantName = Want.str();
        GotName = G->FullType.str();
      }
      if (G->type() != Imp.valtype || G->isMutable() != bool(Imp.mutable_) ||
          !RefOk)
        return Incompatible(
            std::string("expected ") + (Imp.mutable_ ? "mutable " : "") +
            WantName + " global, got " + (G->isMutable() ? "mutable " : "") +
            GotName + " global");
      slot<w2s_value>(L.globals, uint32_t(Core->Globals.size())) = G->cell();
      Core->Globals.push_back(std::move(G));
      break;
    }
    case W2S_EXTERN_TAG: {
      auto T = std::get<std::shared_ptr<Tag>>(*Ext);
      FuncSig Want = sigOfType(D.types[Imp.type_index]);
      if (!(T->sig() == Want) ||
          (T->TypeHash && T->TypeHash != D.types[Imp.type_index].hash))
        return Incompatible("expected tag " + Want.str() + ", got tag " +
                            T->sig().str());
      slot<const w2s_tag>(L.tags, uint32_t(Core->Tags.size())) = T->raw();
      Core->Tags.push_back(std::move(T));
      break;
    }
    }
  }
  // The tags this instance defines: new ones.
  for (uint32_t J = 0; J < D.num_tags - D.num_imported_tags; ++J) {
    uint32_t Index = D.num_imported_tags + J;
    std::string Name = Mod->path() + " tag " + std::to_string(Index);
    for (uint32_t X = 0; X < D.num_exports; ++X)
      if (D.exports[X].kind == W2S_EXTERN_TAG && D.exports[X].index == Index) {
        Name = "\"" + nameOf(D.exports[X].name) + "\"";
        break;
      }
    auto T = Tag::create(sigOfType(D.types[D.tags[J].type_index]), Name);
    T->TypeHash = D.types[D.tags[J].type_index].hash;
    slot<const w2s_tag>(L.tags, Index) = T->raw();
    Core->Tags.push_back(std::move(T));
  }
  return std::nullopt;
}

void Instantiator::createFunctions() {
  uint32_t NumDefined = D.num_funcs - D.num_imported_funcs;
  Core->Defined = std::make_unique<Function[]>(NumDefined);
  for (auto &F : Core->Imported)
    Core->Funcs.push_back(F.get());
  for (uint32_t J = 0; J < NumDefined; ++J) {
    const w2s_func_type &T = D.types[D.funcs[J].type_index];
    Function &F = Core->Defined[J];
    F.Sig = sigOfType(T);
    F.Ref.hash = T.hash;
    F.Ref.code = D.funcs[J].code;
    F.Ref.vmctx = Core->Vmctx;
    F.Ref.supers = T.supers;
    F.Trampoline = T.entry_trampoline;
    Core->Funcs.push_back(&F);
  }
  for (uint32_t I = 0; I < D.num_funcs; ++I)
    slot<const w2s_funcref>(L.funcs, I) = Core->Funcs[I]->ref();
}

/// A segment offset: an i64 for a 64-bit memory or table, else an i32.
uint64_t addressOf(const w2s_value &V, bool Is64) {
  return Is64 ? uint64_t(V.i64) : uint64_t(uint32_t(V.i32));
}

/// The value of a constant expression: its instructions run on a stack
/// (the loader checked their kinds, indices and types).
w2s_value Instantiator::evalConst(const w2s_const_expr &C) const {
  auto [Code, N] = constInstrs(C);
  // The stack never holds more values than there are instructions.
  w2s_value Inline[8];
  std::vector<w2s_value> Heap(N > 8 ? N : 0);
  w2s_value *Stack = N > 8 ? Heap.data() : Inline;
  uint32_t Depth = 0;
  for (uint32_t K = 0; K < N; ++K) {
    const w2s_const_expr &I = Code[K];
    w2s_value V;
    std::memset(&V, 0, sizeof(V));
    switch (I.kind) {
    case W2S_CONST_I32:
      V.i32 = int32_t(uint32_t(I.bits[0]));
      break;
    case W2S_CONST_I64:
      V.i64 = int64_t(I.bits[0]);
      break;
    case W2S_CONST_F32: {
      uint32_t B = uint32_t(I.bits[0]);
      std::memcpy(&V.f32, &B, 4);
      break;
    }
    case W2S_CONST_F64:
      std::memcpy(&V.f64, &I.bits[0], 8);
      break;
    case W2S_CONST_V128:
      std::memcpy(V.v128, I.bits, 16);
      break;
    case W2S_CONST_REF_NULL:
      break;
    case W2S_CONST_REF_FUNC:
      V.ref = Core->Funcs[I.index]->ref();
      break;
    case W2S_CONST_GLOBAL_GET:
      V = *Core->Globals[I.index]->cell();
      break;
    case W2S_CONST_REF_I31:
      V.ref = reinterpret_cast<const void *>(
          uintptr_t((uint32_t(Stack[--Depth].i32) << 1) | W2S_I31_TAG));
      break;
    case W2S_CONST_ANY_CONVERT_EXTERN:
    case W2S_CONST_EXTERN_CONVERT_ANY: {
      const void *Ref = Stack[--Depth].ref;
      V.ref = I.kind == W2S_CONST_ANY_CONVERT_EXTERN ? anyFromExtern(Ref)
                                                      : externFromAny(Ref);
      if (Ref && !V.ref)
        HeapExhausted = true;
      break;
    }
    case W2S_CONST_STRUCT_NEW:
    case W2S_CONST_STRUCT_NEW_DEFAULT:
    case W2S_CONST_ARRAY_NEW:
    case W2S_CONST_ARRAY_NEW_DEFAULT:
    case W2S_CONST_ARRAY_NEW_FIXED: {
      uint32_t Ops = I.kind == W2S_CONST_STRUCT_NEW      ? I.gc->num_fields
                     : I.kind == W2S_CONST_ARRAY_NEW      ? 2
                     : I.kind == W2S_CONST_ARRAY_NEW_DEFAULT ? 1
                     : I.kind == W2S_CONST_ARRAY_NEW_FIXED   ? I.index
                                                             : 0;
      Depth -= Ops;
      V.ref = gcConstNew(I.kind, *I.gc, Stack + Depth, Ops);
      if (!V.ref)
        HeapExhausted = true;
      break;
    }
    default: {
      // A binary operator, wrapping as the wasm instructions do.
      w2s_value R = Stack[--Depth];
      V = Stack[--Depth];
      uint32_t A32 = uint32_t(V.i32), B32 = uint32_t(R.i32);
      uint64_t A64 = uint64_t(V.i64), B64 = uint64_t(R.i64);
      switch (I.kind) {
      case W2S_CONST_I32_ADD: V.i32 = int32_t(A32 + B32); break;
      case W2S_CONST_I32_SUB: V.i32 = int32_t(A32 - B32); break;
      case W2S_CONST_I32_MUL: V.i32 = int32_t(A32 * B32); break;
      case W2S_CONST_I64_ADD: V.i64 = int64_t(A64 + B64); break;
      case W2S_CONST_I64_SUB: V.i64 = int64_t(A64 - B64); break;
      case W2S_CONST_I64_MUL: V.i64 = int64_t(A64 * B64); break;
      }
      break;
    }
    }
    Stack[Depth++] = V;
  }
  return Stack[Depth - 1];
}

std::optional<Error> Instantiator::createGlobals() {
  for (uint32_t J = 0; J < D.num_globals - D.num_imported_globals; ++J) {
    const w2s_global_desc &G = D.globals[J];
    Value Init;
    Init.Type = ValType(G.valtype);
    Init.Bits = evalConst(G.init);
    auto Glob = Global::create(ValType(G.valtype), G.mutable_, Init);
    if (G.valtype == W2S_FUNCREF || G.valtype == W2S_EXTERNREF ||
        G.valtype == W2S_ANYREF)
      Glob->FullType = fullType(G.valtype, G.reftype);
    slot<w2s_value>(L.globals, uint32_t(Core->Globals.size())) = Glob->cell();
    Core->Globals.push_back(std::move(Glob));
  }
  return heapError();
}

std::optional<Error> Instantiator::createMemories(uint64_t MaxPages) {
  for (uint32_t J = 0; J < D.num_memories - D.num_imported_memories; ++J) {
    const w2s_limits &Lim = D.memories[J];
    if (Lim.min > MaxPages)
      return makeError(Error::Instantiation,
                       "memory of " + std::to_string(Lim.min) +
                           " pages exceeds the limit of " +
                           std::to_string(MaxPages) + " pages");
    auto M = Memory::create(Lim.min, maxOf(Lim), Lim.is64);
    if (!M) {
      Error E = M.error();
      E.K = Error::Instantiation;
      return E;
    }
    (*M)->raw()->max_pages = std::min((*M)->raw()->max_pages, MaxPages);
    slot<w2s_memory>(L.memories, uint32_t(Core->Memories.size())) =
        (*M)->raw();
    Core->Memories.push_back(std::move(*M));
  }
  if (!Core->Memories.empty())
    Core->Vmctx->memory0_base = Core->Memories[0]->data();
  return std::nullopt;
}

std::optional<Error> Instantiator::createTables() {
  for (uint32_t J = 0; J < D.num_tables - D.num_imported_tables; ++J) {
    const w2s_table_desc &TD = D.tables[J];
    if (TD.limits.min > 0xffffffffu)
      return makeError(Error::Instantiation, "table minimum too large");
    std::optional<uint32_t> Max;
    if (TD.limits.has_max)
      Max = uint32_t(std::min<uint64_t>(TD.limits.max, 0xffffffffu));
    auto T = Table::create(ValType(TD.elemtype), uint32_t(TD.limits.min), Max,
                           TD.limits.is64);
    if (!T) {
      Error E = T.error();
      E.K = Error::Instantiation;
      return E;
    }
    (*T)->FullType = fullType(TD.elemtype, TD.reftype);
    uint32_t Index = uint32_t(Core->Tables.size());
    slot<w2s_table>(L.tables, Index) = (*T)->raw();
    Core->Tables.push_back(std::move(*T));
    bool Exported = false;
    for (uint32_t X = 0; X < D.num_exports; ++X)
      Exported |= D.exports[X].kind == W2S_EXTERN_TABLE &&
                  D.exports[X].index == Index;
    Core->PrivateTable.push_back(!Exported);
    // A table with an initializer starts with it in every element.
    if (TD.has_init) {
      const void *Init = evalConst(TD.init).ref;
      Table &Tab = *Core->Tables.back();
      for (uint32_t E = 0; E < Tab.size(); ++E)
        Tab.set(E, Init);
      if (Init && TD.elemtype == W2S_FUNCREF)
        Core->keepAliveFrom(Index);
    }
  }
  return heapError();
}

std::shared_ptr<Function> Instantiator::functionHandle(uint32_t I) const {
  if (I < D.num_imported_funcs)
    return Core->Imported[I];
  // Aliasing: the handle owns the core, and points at one of its functions.
  return std::shared_ptr<Function>(Core, &Core->Defined[I - D.num_imported_funcs]);
}

void Instantiator::createExports() {
  for (uint32_t X = 0; X < D.num_exports; ++X) {
    const w2s_export &E = D.exports[X];
    Extern Ext;
    switch (E.kind) {
    case W2S_EXTERN_FUNC: Ext = functionHandle(E.index); break;
    case W2S_EXTERN_TABLE: Ext = Core->Tables[E.index]; break;
    case W2S_EXTERN_MEMORY: Ext = Core->Memories[E.index]; break;
    case W2S_EXTERN_GLOBAL: Ext = Core->Globals[E.index]; break;
    case W2S_EXTERN_TAG: Ext = Core->Tags[E.index]; break;
    }
    Exports.emplace_back(nameOf(E.name), std::move(Ext));
  }
}

std::optional<Error> Instantiator::initElements() {
  Core->Elems.resize(D.num_elem_segments);
  for (uint32_t S = 0; S < D.num_elem_segments; ++S) {
    const w2s_elem_segment &Seg = D.elem_segments[S];
    auto &Items = Core->Elems[S];
    Items.reserve(Seg.num_items);
    for (uint32_t J = 0; J < Seg.num_items; ++J)
      Items.push_back(evalConst(Seg.items[J]).ref);
  }
  if (std::optional<Error> E = heapError())
    return E;
  for (uint32_t S = 0; S < D.num_elem_segments; ++S) {
    const w2s_elem_segment &Seg = D.elem_segments[S];
    auto &Items = Core->Elems[S];
    if (Seg.mode == W2S_SEGMENT_ACTIVE) {
      Table &T = *Core->Tables[Seg.table];
      uint64_t Offset = addressOf(evalConst(Seg.offset), T.is64());
      if (Offset > T.size() || Items.size() > T.size() - Offset)
        return makeError(Error::Instantiation, "out of bounds table access");
      for (size_t J = 0; J < Items.size(); ++J)
        T.set(Offset + uint32_t(J), Items[J]);
      if (!Items.empty())
        Core->keepAliveFrom(Seg.table);
    }
    if (Seg.mode != W2S_SEGMENT_PASSIVE)
      std::vector<const void *>().swap(Items);
  }
  return std::nullopt;
}

std::optional<Error> Instantiator::initData() {
  Core->DataSizes.resize(D.num_data_segments);
  for (uint32_t S = 0; S < D.num_data_segments; ++S)
    Core->DataSizes[S] = D.data_segments[S].size;
  for (uint32_t S = 0; S < D.num_data_segments; ++S) {
    const w2s_data_segment &Seg = D.data_segments[S];
    if (Seg.mode != W2S_SEGMENT_ACTIVE)
      continue;
    Memory &M = *Core->Memories[Seg.memory];
    uint64_t Offset = addressOf(evalConst(Seg.offset), M.is64());
    uint64_t Length = M.pages() * W2S_PAGE_SIZE;
    if (Offset > Length || Seg.size > Length - Offset)
      return makeError(Error::Instantiation, "out of bounds memory access");
    if (Seg.size)
      std::memcpy(M.data() + Offset, Seg.bytes, Seg.size);
    Core->DataSizes[S] = 0;
  }
  return std::nullopt;
}

std::optional<Error> Instantiator::runStart() {
  if (!D.has_start)
    return std::nullopt;
  auto R = Instance::call(*Core->Funcs[D.start_func], {});
  if (!R)
    return R.error();
  return std::nullopt;
}

} // namespace

Result<std::shared_ptr<Instance>>
Linker::instantiate(std::shared_ptr<Module> M) {
  if (!M || !M->Desc)
    return makeError(Error::Usage, "no module to instantiate");
  collectCycles();
  Instantiator In(std::move(M));
  if (auto E = In.createCore())
    return *E;
  // Tracked once built, whether or not instantiation succeeds: a failed
  // instance may live on in the tables its element segments wrote to.
  struct Track {
    Instantiator &In;
    ~Track() { trackCore(In.core()); }
  } Tracker{In};
  {
    // Constant expressions' objects sit in the runtime's locals until
    // stored: no collection before the start function.
    GcDeferral NoCollection;
    if (auto E = In.resolveImports(*this, Common, UseCommonTable, Unknown))
      return *E;
    In.createFunctions();
    if (auto E = In.createGlobals())
      return *E;
    if (auto E = In.createMemories(MaxMemoryPages))
      return *E;
    if (auto E = In.createTables())
      return *E;
    In.createExports();
    if (auto E = In.initElements())
      return *E;
    if (auto E = In.initData())
      return *E;
  }
  if (auto E = In.runStart())
    return *E;
  return In.finish();
}
