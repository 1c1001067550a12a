//===- wasm2so/runtime.h - Loading and running compiled modules -*- C++ -*-===//
//
// The embedding API of the loader (rt/). It does not depend on LLVM.
//
//   auto M = Module::load("calc.so");            // dlopen + descriptor checks
//   Linker L;                                    // imports by (module, name)
//   L.defineInstance("math", *MathInstance);     // a loaded instance's exports
//   auto I = L.instantiate(*M);                  // link, init, run start
//   auto R = (*I)->invoke("add_five", {Value::i32(10)});
//
// Every failure comes back as an rt::Error; traps in wasm code come back as
// Error::Trap with the spec's message and never take the process down.
// An instance is used by one thread at a time; different threads may use
// different instances at once.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_RUNTIME_H
#define WASM2SO_RUNTIME_H

#include "wasm2so/abi.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace wasm2so::rt {

//===------------------------------ errors ------------------------------===//

/// One frame of the wasm call stack of a trap.
struct Frame {
  std::string Module;   // the module's name section name, else its file stem
  std::string Function; // the function's name, else "func[N]"
  uint32_t FuncIndex = 0;
  /// Bytes from the start of the function's native code to the faulting
  /// instruction (innermost frame of a fault) or to the return address.
  uintptr_t CodeOffset = 0;
  /// The shared object holding the code and the address of the instruction
  /// (the call, not the return address) relative to its load base: what
  /// `llvm-addr2line -e Object` takes, which for a module compiled with -g
  /// gives the wasm byte offset.
  std::string Object;
  uintptr_t ObjectAddress = 0;
};

struct Error {
  enum Kind {
    Load,          // not a usable wasm2so .so (dlopen, magic, ABI, checks)
    Link,          // unknown import, incompatible import type
    Instantiation, // segment out of bounds during instantiation
    Trap,          // a trap while running wasm code (start included)
    Exit,          // WASI proc_exit: ExitCode holds the status
    Usage,         // bad call: unknown export, wrong argument count/types
    Exception,     // a wasm exception that no handler caught (Message:
                   // "uncaught exception", then the tag's name if known)
  };
  Kind K = Trap;
  std::string Message;
  w2s_trap_code TrapCode = W2S_TRAP_None; // Trap only
  int ExitCode = 0;                       // Exit only
  /// Trap only: the wasm functions active at the trap, innermost first (at
  /// most 100; calls inlined by the optimizer have no frame of their own).
  std::vector<Frame> Backtrace;
};

/// A value or an Error.
template <typename T> class Result {
public:
  Result(T V) : V(std::move(V)) {}
  Result(Error E) : V(std::move(E)) {}
  explicit operator bool() const { return V.index() == 0; }
  T &operator*() { return std::get<0>(V); }
  const T &operator*() const { return std::get<0>(V); }
  T *operator->() { return &std::get<0>(V); }
  const Error &error() const { return std::get<1>(V); }

private:
  std::variant<T, Error> V;
};

//===------------------------------ values ------------------------------===//

using ValType = w2s_valtype;

struct Value {
  ValType Type = W2S_I32;
  w2s_value Bits{};

  static Value i32(int32_t V) { Value R; R.Type = W2S_I32; R.Bits.i32 = V; return R; }
  static Value i64(int64_t V) { Value R; R.Type = W2S_I64; R.Bits.i64 = V; return R; }
  static Value f32(float V) { Value R; R.Type = W2S_F32; R.Bits.f32 = V; return R; }
  static Value f64(double V) { Value R; R.Type = W2S_F64; R.Bits.f64 = V; return R; }
  static Value ref(ValType T, const void *P) { Value R; R.Type = T; R.Bits.ref = P; return R; }
};

/// The full type of a reference-typed table or global, which import linking
/// checks by subtyping (docs/abi.md, "Typed function references"). Heap is
/// as in w2s_reftype, except that a type index is replaced by that type's
/// signature hash, so that types of different modules compare.
struct RefType {
  uint32_t Heap = 0x70;  // func
  uint64_t TypeHash = 0; // when Heap == W2S_HEAP_TYPE_INDEX
  /// When Heap == W2S_HEAP_TYPE_INDEX, what the type defines: 0 a
  /// function, 0x5f a struct, 0x5e an array (w2s_func_type.form).
  uint32_t Form = 0;
  bool Nullable = true;
  /// funcref or externref (the types host tables and globals have).
  static RefType of(ValType T);
  bool isSubtypeOf(const RefType &O) const;
  bool operator==(const RefType &O) const {
    return Heap == O.Heap && TypeHash == O.TypeHash && Nullable == O.Nullable;
  }
  std::string str() const; // "funcref", "(ref $<hash>)", ...
};

/// Formats a value the way wasmrun prints results ("15", "-1", "1.5", ...).
std::string formatValue(const Value &V);

/// Values of the any hierarchy (W2S_ANYREF; docs/abi.md, "Garbage
/// collection"). They live in the runtime's collected heap: a reference
/// the host keeps in a Value (a call's result, a global's or a table's
/// value) stays valid only until compiled code next allocates; to keep it
/// longer, hold it in a HeldRef.
enum class AnyKind { Null, I31, Struct, Array, Host, Unknown };
/// What an anyref (or an externref that came from one) is.
AnyKind anyKind(const void *Ref);
/// any.convert_extern and extern.convert_any, for the host: a host
/// externref as an anyref (boxed) and back; null for a non-null Ref only
/// when the GC heap is exhausted.
const void *anyFromExtern(const void *Ref);
const void *externFromAny(const void *Ref);
/// The host reference inside an anyref of kind Host, else null.
const void *hostRefOf(const void *Ref);

/// Keeps a reference of the any hierarchy (or an externref that came from
/// one) alive while any copy of the handle exists: a counted entry in the
/// collector's root set. Null and non-heap references need no holding.
class HeldRef {
public:
  HeldRef() = default;
  explicit HeldRef(const void *Ref);
  HeldRef(const HeldRef &O);
  HeldRef(HeldRef &&O) noexcept : Ref(O.Ref) { O.Ref = nullptr; }
  HeldRef &operator=(const HeldRef &O);
  HeldRef &operator=(HeldRef &&O) noexcept {
    std::swap(Ref, O.Ref);
    return *this;
  }
  ~HeldRef();
  const void *get() const { return Ref; }

private:
  const void *Ref = nullptr;
};

/// What the collector has done so far in this process.
struct GcStats {
  uint64_t Collections = 0;
  uint64_t AllocatedBytes = 0; // requested by every allocation
  uint64_t LiveBytes = 0;      // cells and escaped exceptions live after
                               // the last collection
  uint64_t HeapBytes = 0;      // blocks ever handed out (the high mark)
  uint64_t PauseNanosTotal = 0; // wall time, every thread stopped
  uint64_t PauseNanosMax = 0;
  uint64_t PauseCpuNanosTotal = 0; // CPU time of the collecting thread
  uint64_t PauseCpuNanosMax = 0;
};
GcStats gcStats();
/// A full collection now, from the host. Roots are as for any collection
/// (docs/abi.md): references the host holds in a HeldRef or in a global
/// or table survive; one it keeps only in its own heap memory does not.
void collectGarbage();

struct FuncSig {
  std::vector<ValType> Params;
  std::vector<ValType> Results;
  bool operator==(const FuncSig &O) const {
    return Params == O.Params && Results == O.Results;
  }
  std::string str() const; // "(i32, i32) -> (i32)"
};

//===----------------------------- externals ----------------------------===//

/// A function: its canonical funcref object plus what the host needs to
/// call it. Host functions are Functions too.
class Function {
public:
  /// Host function. The callback reads Args, writes Results, and returns
  /// std::nullopt, or an Error (Trap or Exit) to stop the wasm caller.
  using Callback = std::function<std::optional<Error>(
      const Value *Args, Value *Results)>;
  static std::shared_ptr<Function> host(FuncSig Sig, Callback CB);

  const FuncSig &sig() const { return Sig; }
  const w2s_funcref *ref() const { return &Ref; }

  // Internal: the runtime fills these in.
  FuncSig Sig;
  w2s_funcref Ref{};
  w2s_entry_trampoline Trampoline = nullptr; // null: host function
  std::shared_ptr<void> Owner; // keeps the code (and vmctx) alive
  Callback HostCallback;
  w2s_host_func HostFunc{};
};

class Table {
public:
  /// Is64: a table64 (i64 indices); its sizes are limited as any table's.
  static Result<std::shared_ptr<Table>> create(ValType Elem, uint32_t Min,
                                               std::optional<uint32_t> Max,
                                               bool Is64 = false);
  w2s_table *raw() { return &Raw; }
  bool is64() const { return Is64; }
  uint32_t size() const { return Raw.size; }
  std::optional<uint32_t> max() const;
  ValType elemType() const { return static_cast<ValType>(Raw.elemtype); }
  /// The element type in full (RefType::of(elemType()) unless a module's
  /// typed table).
  RefType FullType;
  /// Old size, or -1 when growing past the maximum or the runtime's limit.
  int64_t grow(uint32_t Delta, const void *Init);
  /// Sets slot I to a reference (a w2s_funcref* for funcref tables).
  void set(uint32_t I, const void *Ref);
  const void *get(uint32_t I) const { return Raw.elems[I].ref; }

  ~Table();
  Table() = default;
  Table(const Table &) = delete;
  Table &operator=(const Table &) = delete;

  // Keeps alive whatever owns the funcrefs stored in the table.
  std::vector<std::shared_ptr<void>> Owners;

private:
  w2s_table Raw{};
  uint32_t Capacity = 0;
  bool Is64 = false;
};

class Memory {
public:
  /// Is64: a memory64 (i64 addresses). Either type holds at most 65536
  /// pages (4 GiB) in this runtime (docs/abi.md, "Memory64").
  static Result<std::shared_ptr<Memory>> create(uint64_t MinPages,
                                                std::optional<uint64_t> MaxPages,
                                                bool Is64 = false);
  w2s_memory *raw() { return &Raw; }
  bool is64() const { return Is64; }
  uint8_t *data() const { return Raw.base; }
  uint64_t pages() const { return Raw.pages; }
  std::optional<uint64_t> maxPages() const;
  /// Old page count, or -1.
  int64_t grow(uint64_t Delta);

  ~Memory();
  Memory() = default;
  Memory(const Memory &) = delete;
  Memory &operator=(const Memory &) = delete;

private:
  w2s_memory Raw{};
  std::optional<uint64_t> Max;
  bool Is64 = false;
};

class Global {
public:
  static std::shared_ptr<Global> create(ValType T, bool Mutable, Value Init);
  ValType type() const { return Type; }
  bool isMutable() const { return Mutable; }
  /// A reference type in full (RefType::of(type()) unless a module's
  /// typed global); meaningless for other types.
  RefType FullType;
  Value get() const;
  void set(const Value &V);
  w2s_value *cell() { return &Cell; }

private:
  ValType Type = W2S_I32;
  bool Mutable = false;
  w2s_value Cell{};
};

/// An exception tag (docs/abi.md, "Exceptions"): a defined tag is one
/// object per instance; importing it shares the object, so tags are the
/// same exactly when their objects are.
class Tag {
public:
  static std::shared_ptr<Tag> create(FuncSig Sig, std::string Name);
  const FuncSig &sig() const { return Sig; }
  /// For messages: the first export name, else where it was defined.
  const std::string &name() const { return Name; }
  const w2s_tag *raw() const { return &Raw; }

  // Internal.
  FuncSig Sig;
  std::string Name;
  std::vector<uint8_t> ValTypes;
  w2s_tag Raw{};
  /// The signature hash of the defining module's type (0 for a host tag):
  /// tells types apart that the value types do not (typed references, rec
  /// groups).
  uint64_t TypeHash = 0;
};

using Extern = std::variant<std::shared_ptr<Function>, std::shared_ptr<Table>,
                            std::shared_ptr<Memory>, std::shared_ptr<Global>,
                            std::shared_ptr<Tag>>;

//===----------------------------- modules ------------------------------===//

/// A compiled module: a dlopen'ed .so whose descriptor passed every check.
class Module {
public:
  static Result<std::shared_ptr<Module>> load(const std::string &Path);
  /// A module linked into this process (wasm2so --exe): the same checks as
  /// load() on the descriptor D, which must outlive the module. Name is
  /// what path() returns.
  static Result<std::shared_ptr<Module>>
  fromDescriptor(const w2s_descriptor *D, std::string Name);
  const w2s_descriptor &descriptor() const { return *Desc; }
  const std::string &path() const { return Path; }
  ~Module();

  // Internal.
  void *Handle = nullptr;
  const w2s_descriptor *Desc = nullptr;
  std::string Path;
};

class Instance {
public:
  /// The export called Name, if any.
  std::optional<Extern> exportByName(std::string_view Name) const;
  const std::vector<std::pair<std::string, Extern>> &exports() const {
    return Exports;
  }
  /// Calls an exported function with typed arguments.
  Result<std::vector<Value>> invoke(std::string_view Name,
                                    const std::vector<Value> &Args);
  /// Calls any function (of this or another instance, or the host).
  static Result<std::vector<Value>> call(const Function &F,
                                         const std::vector<Value> &Args);
  const Module &module() const { return *Mod; }
  ~Instance();

  // Internal: the runtime's state for this instance.
  struct State;
  std::unique_ptr<State> S;
  std::shared_ptr<Module> Mod;
  std::vector<std::pair<std::string, Extern>> Exports;
};

//===------------------------------ linking -----------------------------===//

/// What to link a function import to when nothing defines it.
enum class UnknownImports {
  Error,         // instantiation fails: "unknown import MODULE.NAME"
  Trap,          // a stub that traps "unknown import MODULE.NAME called"
  DefaultValues, // a stub that returns zeros (null for references)
};

/// The stub that UnknownImports::Trap or DefaultValues links the function
/// import (Module, Name) of type Sig to: a host function, so that its trap
/// takes the path of every host error (a Trap with the wasm backtrace).
std::shared_ptr<Function> unknownImportStub(const std::string &Module,
                                            const std::string &Name,
                                            FuncSig Sig, UnknownImports How);

/// Resolves imports by (module, name) and instantiates modules.
class Linker {
public:
  /// Makes Ext importable as (Module, Name).
  void define(const std::string &Module, const std::string &Name, Extern Ext);
  /// Makes every export of I importable under the module name Module.
  void defineInstance(const std::string &Module, const Instance &I);
  /// When on, a table import that nothing defines binds to the one common
  /// table of this linker: created with the first such import's limits and
  /// grown when a later import asks for a larger minimum.
  void setCommonTable(bool On) { UseCommonTable = On; }
  std::shared_ptr<Table> commonTable() const { return Common; }
  /// Caps every memory that this linker's instantiations create at Pages
  /// pages: memory.grow past it fails (returns -1), and a module whose
  /// minimum is larger fails to instantiate. Declared limits are unchanged.
  void setMaxMemoryPages(uint64_t Pages) { MaxMemoryPages = Pages; }
  /// What instantiate links a function import that nothing defines to
  /// (default: Error). Memory, table, global and tag imports that nothing
  /// defines fail to link whatever this says.
  void setUnknownImports(UnknownImports How) { Unknown = How; }

  /// Links M's imports, then instantiates it in spec order (globals, tables,
  /// memories, element and data segments, start function).
  Result<std::shared_ptr<Instance>> instantiate(std::shared_ptr<Module> M);

  std::optional<Extern> lookup(const std::string &Module,
                               const std::string &Name) const;

private:
  std::map<std::pair<std::string, std::string>, Extern> Defs;
  bool UseCommonTable = false;
  std::shared_ptr<Table> Common;
  uint64_t MaxMemoryPages = 65536;
  UnknownImports Unknown = UnknownImports::Error;
};

/// Runs Fn on a new thread with room for about StackBytes of wasm frames
/// (plus the runtime's own margin) and returns what Fn returns. Wasm code
/// that needs more traps "call stack exhausted". Returns -1, without
/// running Fn, when the thread cannot be created.
int runWithStackSize(size_t StackBytes, const std::function<int()> &Fn);

/// The `spectest` host module of the spec test suite.
void defineSpectest(Linker &L);

/// A backtrace frame as wasmrun prints it without debug information:
/// "MODULE!FUNCTION (+0xCODE_OFFSET)".
std::string formatFrame(const Frame &F);

/// The message of a trap code ("integer divide by zero", ...).
const char *trapMessage(w2s_trap_code Code);

} // namespace wasm2so::rt

#endif
