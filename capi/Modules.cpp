//===- Modules.cpp - Modules and instances of the C API -------------------===//
//
// wasm_module_new compiles in process (wasm2so/compiler.h) into a shared
// object in a fresh temporary directory, keeps its bytes, loads it, and
// removes the file: nothing stays on disk. Serialization is those bytes
// behind a header of our own; deserialization writes them out again and
// loads them, with the loader's checks (rt/Module.cpp) on top of the
// header's. Modules are compiled with debug information (the same code but
// for a trap call per trap site), so that trap frames can report wasm byte
// offsets.
//
// wasm_instance_new binds the imports by position to the module's imports
// through a Linker.
//
//===----------------------------------------------------------------------===//
#include "CApi.h"

#include "../rt/Internal.h"
#include "Error.h"
#include "wasm2so/compiler.h"

#include "llvm/DebugInfo/DWARF/DWARFContext.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <iterator>
#include <mutex>
#include <unistd.h>

using namespace w2s_capi;

namespace {

/// The header of a serialized module: magic, format version, the runtime
/// ABI version, the size of the shared object that follows.
constexpr char SerialMagic[8] = {'w', '2', 's', 'C', 'M', 'O', 'D', 0};
constexpr uint32_t SerialVersion = 1;
constexpr size_t SerialHeaderSize = 8 + 4 + 4 + 8;

void report(const char *Fn, const std::string &Msg) {
  if (Msg.find("error: ") == std::string::npos)
    std::fprintf(stderr, "%s: error: %s\n", Fn, Msg.c_str());
  else
    std::fprintf(stderr, "%s: %s\n", Fn, Msg.c_str());
}

/// The loaded modules by the path they were loaded from, for trap frames.
std::mutex ModulesMutex;
std::unordered_map<std::string, std::weak_ptr<ModuleData>> &loadedModules() {
  static auto *M =
      new std::unordered_map<std::string, std::weak_ptr<ModuleData>>();
  return *M;
}

/// A temporary directory that removes itself and its one file.
struct TempDir {
  std::string Dir, File;
  bool make() {
    const char *Tmp = std::getenv("TMPDIR");
    std::string Tmpl =
        std::string(Tmp && *Tmp ? Tmp : "/tmp") + "/w2s-capi-XXXXXX";
    if (!mkdtemp(Tmpl.data()))
      return false;
    Dir = Tmpl;
    File = Dir + "/module.so";
    return true;
  }
  ~TempDir() {
    if (Dir.empty())
      return;
    unlink(File.c_str());
    rmdir(Dir.c_str());
  }
};

bool readFile(const std::string &Path, std::vector<uint8_t> &Out) {
  FILE *F = std::fopen(Path.c_str(), "rb");
  if (!F)
    return false;
  uint8_t Buf[65536];
  size_t N;
  while ((N = std::fread(Buf, 1, sizeof(Buf), F)) > 0)
    Out.insert(Out.end(), Buf, Buf + N);
  bool Ok = !std::ferror(F);
  std::fclose(F);
  return Ok;
}

bool writeFile(const std::string &Path, const uint8_t *Data, size_t Size) {
  int Fd = open(Path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (Fd < 0)
    return false;
  bool Ok = true;
  for (size_t Off = 0; Ok && Off < Size;) {
    ssize_t N = write(Fd, Data + Off, Size - Off);
    Ok = N > 0;
    Off += N > 0 ? size_t(N) : 0;
  }
  return close(Fd) == 0 && Ok;
}

/// Gives host function F the host adapter of its type in module M, if M has
/// the type (under ModulesMutex); M stays loaded while F lives.
bool bindFrom(rt::Function &F, const std::shared_ptr<rt::Module> &M) {
  const w2s_descriptor &D = M->descriptor();
  for (uint32_t T = 0; T < D.num_types; ++T)
    if (D.types[T].hash == F.Ref.hash && rt::sigOfType(D.types[T]) == F.Sig) {
      F.Ref.code = D.types[T].host_adapter;
      F.Owner = M;
      return true;
    }
  return false;
}

/// Loads the shared object at Path (whose bytes So holds) as a module.
std::shared_ptr<ModuleData> load(const std::string &Path,
                                 std::vector<uint8_t> So, std::string &Err) {
  auto M = rt::Module::load(Path);
  if (!M) {
    Err = M.error().Message;
    return nullptr;
  }
  auto Data = std::make_shared<ModuleData>();
  Data->So = std::move(So);
  Data->Mod = *M;
  const w2s_descriptor &D = Data->Mod->descriptor();
  for (uint32_t I = 0; I < D.num_imports; ++I)
    if (D.imports[I].kind != W2S_EXTERN_TAG)
      Data->Imports.push_back(I);
  for (uint32_t I = 0; I < D.num_exports; ++I)
    if (D.exports[I].kind != W2S_EXTERN_TAG)
      Data->Exports.push_back(I);
  std::lock_guard<std::mutex> Lock(ModulesMutex);
  auto &Loaded = loadedModules();
  for (auto It = Loaded.begin(); It != Loaded.end();)
    It = It->second.expired() ? Loaded.erase(It) : std::next(It);
  Loaded[Path] = Data;
  return Data;
}

std::shared_ptr<ModuleData> compile(const wasm_engine_t &E,
                                    const wasm_byte_vec_t &Binary,
                                    std::string &Err) {
  TempDir Tmp;
  if (!Tmp.make()) {
    Err = std::string("cannot create a temporary directory: ") +
          std::strerror(errno);
    return nullptr;
  }
  wasm2so::CompileOptions O;
  O.OptLevel = E.OptLevel;
  O.DebugInfo = true;
  llvm::ArrayRef<uint8_t> Wasm(reinterpret_cast<const uint8_t *>(Binary.data),
                               Binary.size);
  // One compilation at a time: LLVM's and lld's one-time initializations
  // are not made for several threads at once (a compilation still uses
  // every core for a large module).
  static std::mutex CompileMutex;
  std::lock_guard<std::mutex> Lock(CompileMutex);
  if (llvm::Error Failure =
          wasm2so::compileModule(Wasm, "module.wasm", Tmp.File, O)) {
    Err = wasm2so::formatError("module.wasm", std::move(Failure));
    return nullptr;
  }
  std::vector<uint8_t> So;
  if (!readFile(Tmp.File, So)) {
    Err = "cannot read the compiled module";
    return nullptr;
  }
  return load(Tmp.File, std::move(So), Err);
}

wasm_module_t *newModule(wasm_store_t *S, std::shared_ptr<ModuleData> Data) {
  auto O = std::make_shared<Object>(RefKind::Module);
  O->Module = std::move(Data);
  return new wasm_module_t(S, std::move(O));
}

/// The type of export or import entity Index of kind Kind.
wasm_externtype_t *entityType(const w2s_descriptor &D, uint32_t Kind,
                              uint32_t Index) {
  // An imported entity: the Index-th import of its kind.
  const w2s_import *Imp = nullptr;
  for (uint32_t I = 0, Seen = 0; I < D.num_imports; ++I)
    if (D.imports[I].kind == Kind && Seen++ == Index) {
      Imp = &D.imports[I];
      break;
    }
  auto MaxOf = [](const w2s_limits &L) -> std::optional<uint64_t> {
    if (!L.has_max)
      return std::nullopt;
    return L.max;
  };
  switch (Kind) {
  case W2S_EXTERN_FUNC: {
    uint32_t Type = Imp ? Imp->type_index
                        : D.funcs[Index - D.num_imported_funcs].type_index;
    return functypeOf(rt::sigOfType(D.types[Type]));
  }
  case W2S_EXTERN_TABLE: {
    if (Imp)
      return tabletypeOf(rt::ValType(Imp->valtype), Imp->limits.min,
                         MaxOf(Imp->limits));
    const w2s_table_desc &T = D.tables[Index - D.num_imported_tables];
    return tabletypeOf(rt::ValType(T.elemtype), T.limits.min, MaxOf(T.limits));
  }
  case W2S_EXTERN_MEMORY: {
    const w2s_limits &L =
        Imp ? Imp->limits : D.memories[Index - D.num_imported_memories];
    return memorytypeOf(L.min, MaxOf(L));
  }
  default: {
    if (Imp)
      return globaltypeOf(rt::ValType(Imp->valtype), Imp->mutable_);
    const w2s_global_desc &G = D.globals[Index - D.num_imported_globals];
    return globaltypeOf(rt::ValType(G.valtype), G.mutable_);
  }
  }
}

/// Hook for the runtime's switch that binds unresolved function imports to
/// stubs (issue 17, wasmrun --trap-unknown-imports): the extern that a
/// missing import of the C API should get, or nothing (the import then
/// fails to link with "unknown import").
std::optional<rt::Extern> missingImport(const wasm_store_t &,
                                        const w2s_import &) {
  return std::nullopt;
}

} // namespace

namespace w2s_capi {

/// Gives a host function that no module imported yet the host adapter of
/// its type (from any loaded module that has the type), so that wasm code
/// can call it through a table or a funcref; the module stays loaded.
bool bindHostAdapter(rt::Function &F) {
  if (F.Trampoline || F.Ref.code)
    return true;
  std::lock_guard<std::mutex> Lock(ModulesMutex);
  if (F.Ref.code)
    return true;
  for (auto &[Path, Weak] : loadedModules())
    if (std::shared_ptr<ModuleData> Data = Weak.lock();
        Data && bindFrom(F, Data->Mod))
      return true;
  return false;
}

namespace {

/// The function index in a compiled function's linkage name, wasm_f<N>_...
std::optional<uint32_t> funcIndexOf(const std::string &Linkage) {
  if (Linkage.rfind("wasm_f", 0) != 0)
    return std::nullopt;
  uint64_t N = 0;
  size_t I = 6;
  for (; I < Linkage.size() && Linkage[I] >= '0' && Linkage[I] <= '9'; ++I)
    N = N * 10 + uint64_t(Linkage[I] - '0');
  if (I == 6 || N > UINT32_MAX)
    return std::nullopt;
  return uint32_t(N);
}

} // namespace

/// Fills in the wasm byte offsets of D's frames from the debug information
/// of the modules they are in (those this library compiled and loaded):
/// the line of an instruction is its offset in the module, the line of a
/// function its code's start. A frame whose code holds calls the optimizer
/// inlined becomes one frame per inlined call, innermost first (unless the
/// runtime's backtrace has them already).
void addWasmOffsets(TrapData &D) {
  std::vector<rt::Frame> Frames;
  std::vector<size_t> ModuleOffsets, FuncOffsets;
  for (size_t I = 0; I < D.Frames.size(); ++I) {
    const rt::Frame &F = D.Frames[I];
    std::shared_ptr<ModuleData> Mod;
    {
      std::lock_guard<std::mutex> Lock(ModulesMutex);
      auto It = loadedModules().find(F.Object);
      if (It != loadedModules().end())
        Mod = It->second.lock();
    }
    llvm::DIInliningInfo Chain;
    if (Mod) {
      llvm::StringRef Bytes(reinterpret_cast<const char *>(Mod->So.data()),
                            Mod->So.size());
      auto Obj = llvm::object::ObjectFile::createObjectFile(
          llvm::MemoryBufferRef(Bytes, "module.so"));
      if (Obj) {
        auto Ctx = llvm::DWARFContext::create(**Obj);
        llvm::DILineInfoSpecifier Spec(
            llvm::DILineInfoSpecifier::FileLineInfoKind::RawValue,
            llvm::DILineInfoSpecifier::FunctionNameKind::LinkageName);
        Chain = Ctx->getInliningInfoForAddress(
            {F.ObjectAddress, llvm::object::SectionedAddress::UndefSection},
            Spec);
      } else {
        llvm::consumeError(Obj.takeError());
      }
    }
    auto Add = [&](rt::Frame Fr, const llvm::DILineInfo *L) {
      size_t ModOff = SIZE_MAX, FuncOff = SIZE_MAX;
      if (L && L->Line) {
        ModOff = L->Line;
        if (L->StartLine && L->StartLine <= L->Line)
          FuncOff = L->Line - L->StartLine;
      }
      Frames.push_back(std::move(Fr));
      ModuleOffsets.push_back(ModOff);
      FuncOffsets.push_back(FuncOff);
    };
    uint32_t N = Chain.getNumberOfFrames();
    std::optional<uint32_t> Outer =
        N ? funcIndexOf(Chain.getFrame(N - 1).FunctionName) : std::nullopt;
    if (N > 1 && Outer && *Outer == F.FuncIndex) {
      // Inlined calls the runtime's frames do not show: one frame each.
      for (uint32_t K = 0; K < N; ++K) {
        const llvm::DILineInfo &L = Chain.getFrame(K);
        rt::Frame Fr = F;
        if (auto Index = funcIndexOf(L.FunctionName); Index && K + 1 < N) {
          Fr.FuncIndex = *Index;
          Fr.Function = L.FunctionName.substr(
              std::min(L.FunctionName.size(), L.FunctionName.find('_', 6) + 1));
        }
        Add(std::move(Fr), &L);
      }
      continue;
    }
    // The chain's entry for this frame's function, if any.
    const llvm::DILineInfo *Match = nullptr;
    for (uint32_t K = 0; K < N && !Match; ++K)
      if (funcIndexOf(Chain.getFrame(K).FunctionName) == F.FuncIndex)
        Match = &Chain.getFrame(K);
    Add(F, Match);
  }
  D.Frames = std::move(Frames);
  D.ModuleOffsets = std::move(ModuleOffsets);
  D.FuncOffsets = std::move(FuncOffsets);
}

} // namespace w2s_capi

extern "C" {

//===------------------------------ modules ------------------------------===//

wasm_module_t *wasm_module_new(wasm_store_t *S, const wasm_byte_vec_t *Binary) {
  std::string Err;
  auto Data = compile(*S->Engine, *Binary, Err);
  if (!Data) {
    report("wasm_module_new", Err);
    return nullptr;
  }
  return newModule(S, std::move(Data));
}

bool wasm_module_validate(wasm_store_t *, const wasm_byte_vec_t *Binary) {
  llvm::ArrayRef<uint8_t> Wasm(reinterpret_cast<const uint8_t *>(Binary->data),
                               Binary->size);
  if (llvm::Error E = wasm2so::checkModule(Wasm, "module.wasm")) {
    llvm::consumeError(std::move(E));
    return false;
  }
  return true;
}

void wasm_module_imports(const wasm_module_t *M, wasm_importtype_vec_t *Out) {
  const ModuleData &Data = *M->Obj->Module;
  const w2s_descriptor &D = Data.Mod->descriptor();
  wasm_importtype_vec_new_uninitialized(Out, Data.Imports.size());
  uint32_t Counts[5] = {0, 0, 0, 0, 0};
  size_t K = 0;
  for (uint32_t I = 0; I < D.num_imports; ++I) {
    const w2s_import &Imp = D.imports[I];
    uint32_t Index = Counts[Imp.kind]++;
    if (Imp.kind == W2S_EXTERN_TAG)
      continue;
    wasm_name_t Module, Name;
    newName(&Module, rt::nameOf(Imp.module));
    newName(&Name, rt::nameOf(Imp.name));
    Out->data[K++] =
        wasm_importtype_new(&Module, &Name, entityType(D, Imp.kind, Index));
  }
}

void wasm_module_exports(const wasm_module_t *M, wasm_exporttype_vec_t *Out) {
  const ModuleData &Data = *M->Obj->Module;
  const w2s_descriptor &D = Data.Mod->descriptor();
  wasm_exporttype_vec_new_uninitialized(Out, Data.Exports.size());
  for (size_t K = 0; K < Data.Exports.size(); ++K) {
    const w2s_export &E = D.exports[Data.Exports[K]];
    wasm_name_t Name;
    newName(&Name, rt::nameOf(E.name));
    Out->data[K] = wasm_exporttype_new(&Name, entityType(D, E.kind, E.index));
  }
}

void wasm_module_serialize(const wasm_module_t *M, wasm_byte_vec_t *Out) {
  const std::vector<uint8_t> &So = M->Obj->Module->So;
  wasm_byte_vec_new_uninitialized(Out, SerialHeaderSize + So.size());
  char *P = Out->data;
  uint32_t Abi = W2S_ABI_VERSION;
  uint64_t Size = So.size();
  std::memcpy(P, SerialMagic, 8);
  std::memcpy(P + 8, &SerialVersion, 4);
  std::memcpy(P + 12, &Abi, 4);
  std::memcpy(P + 16, &Size, 8);
  if (!So.empty())
    std::memcpy(P + SerialHeaderSize, So.data(), So.size());
}

wasm_module_t *wasm_module_deserialize(wasm_store_t *S,
                                       const wasm_byte_vec_t *Bytes) {
  const char *Fn = "wasm_module_deserialize";
  const char *P = Bytes->data;
  uint32_t Version = 0, Abi = 0;
  uint64_t Size = 0;
  if (Bytes->size < SerialHeaderSize || std::memcmp(P, SerialMagic, 8) != 0) {
    report(Fn, "not a module serialized by wasm2so");
    return nullptr;
  }
  std::memcpy(&Version, P + 8, 4);
  std::memcpy(&Abi, P + 12, 4);
  std::memcpy(&Size, P + 16, 8);
  if (Version != SerialVersion || Abi != W2S_ABI_VERSION) {
    report(Fn, "serialized by another version of wasm2so (format " +
                   std::to_string(Version) + ", ABI " + std::to_string(Abi) +
                   "); compile the module again");
    return nullptr;
  }
  if (Size != Bytes->size - SerialHeaderSize) {
    report(Fn, "truncated serialized module");
    return nullptr;
  }
  TempDir Tmp;
  const auto *So = reinterpret_cast<const uint8_t *>(P + SerialHeaderSize);
  if (!Tmp.make() || !writeFile(Tmp.File, So, Size)) {
    report(Fn, std::string("cannot write a temporary file: ") +
                   std::strerror(errno));
    return nullptr;
  }
  std::string Err;
  auto Data = load(Tmp.File, std::vector<uint8_t>(So, So + Size), Err);
  if (!Data) {
    report(Fn, Err);
    return nullptr;
  }
  return newModule(S, std::move(Data));
}

wasm_shared_module_t *wasm_module_share(const wasm_module_t *M) {
  return new wasm_shared_module_t{M->Obj->Module};
}

wasm_module_t *wasm_module_obtain(wasm_store_t *S,
                                  const wasm_shared_module_t *Shared) {
  return newModule(S, Shared->Data);
}

void wasm_shared_module_delete(wasm_shared_module_t *Shared) { delete Shared; }

//===----------------------------- instances -----------------------------===//

wasm_instance_t *wasm_instance_new(wasm_store_t *S, const wasm_module_t *M,
                                   const wasm_extern_vec_t *Imports,
                                   wasm_trap_t **Trap) {
  if (Trap)
    *Trap = nullptr;
  const ModuleData &Data = *M->Obj->Module;
  const w2s_descriptor &D = Data.Mod->descriptor();
  rt::Linker L;
  size_t Given = Imports ? Imports->size : 0;
  for (size_t K = 0; K < Data.Imports.size(); ++K) {
    const w2s_import &Imp = D.imports[Data.Imports[K]];
    std::optional<rt::Extern> Ext;
    if (K < Given && Imports->data[K])
      Ext = externOf(Imports->data[K]);
    else
      Ext = missingImport(*S, Imp);
    if (Ext)
      L.define(rt::nameOf(Imp.module), rt::nameOf(Imp.name), *Ext);
  }
  auto I = L.instantiate(Data.Mod);
  if (!I) {
    if (Trap)
      *Trap = newTrap(S, I.error());
    else
      report("wasm_instance_new", I.error().Message);
    return nullptr;
  }
  auto O = std::make_shared<Object>(RefKind::Instance);
  O->Instance = *I;
  O->Module = M->Obj->Module;
  return new wasm_instance_t(S, std::move(O));
}

void wasm_instance_exports(const wasm_instance_t *I, wasm_extern_vec_t *Out) {
  const auto &Exports = I->Obj->Instance->exports();
  std::vector<wasm_extern_t *> Externs;
  for (const auto &[Name, Ext] : Exports)
    if (wasm_extern_t *E = newExtern(I->Store, Ext)) {
      if (!E->Obj->Owner && E->Obj != I->Obj)
        E->Obj->Owner = I->Obj;
      Externs.push_back(E);
    }
  wasm_extern_vec_new(Out, Externs.size(), Externs.data());
}

} // extern "C"
