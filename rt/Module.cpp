//===- Module.cpp - Loading compiled .so files and checking descriptors ----===//
//
// Module::load refuses anything that is not a wasm2so module of this ABI
// before any of its code runs: the ELF header is read first, then the .so is
// dlopen'ed, its descriptor checked field by field, and its signature hashes
// recomputed and entered into the process-wide registry.
// Module::fromDescriptor runs the same descriptor checks on a module linked
// into the process itself (a standalone executable made by wasm2so --exe).
//
//===----------------------------------------------------------------------===//
#include "DescriptorCheck.h"
#include "Internal.h"

#include <cerrno>
#include <cstring>
#include <dlfcn.h>
#include <elf.h>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

using namespace wasm2so::rt;

namespace {

Error loadError(std::string Msg) {
  Error E;
  E.K = Error::Load;
  E.Message = std::move(Msg);
  return E;
}

#if defined(__x86_64__)
constexpr uint16_t HostMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr uint16_t HostMachine = EM_AARCH64;
#else
constexpr uint16_t HostMachine = EM_NONE;
#endif

/// Checks that Path names a readable ELF shared object for this machine.
std::optional<Error> checkElfHeader(const std::string &Path, struct stat &St) {
  if (stat(Path.c_str(), &St) != 0)
    return loadError(std::string("cannot open file: ") + std::strerror(errno));
  if (!S_ISREG(St.st_mode))
    return loadError("not a regular file");
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    return loadError("cannot open file for reading");
  Elf64_Ehdr H;
  std::memset(&H, 0, sizeof(H));
  In.read(reinterpret_cast<char *>(&H), sizeof(H));
  if (In.gcount() < EI_NIDENT || std::memcmp(H.e_ident, ELFMAG, SELFMAG) != 0)
    return loadError("not an ELF file");
  if (size_t(In.gcount()) < sizeof(H) || H.e_ident[EI_CLASS] != ELFCLASS64 ||
      H.e_type != ET_DYN)
    return loadError("not an ELF shared object");
  if (HostMachine != EM_NONE && H.e_machine != HostMachine)
    return loadError("ELF shared object for another machine");
  return std::nullopt;
}

bool validValType(uint32_t T) {
  switch (T) {
  case W2S_I32:
  case W2S_I64:
  case W2S_F32:
  case W2S_F64:
  case W2S_V128:
  case W2S_FUNCREF:
  case W2S_EXTERNREF:
  case W2S_EXNREF:
  case W2S_ANYREF:
    return true;
  }
  return false;
}

bool validRefType(uint32_t T) {
  return T == W2S_FUNCREF || T == W2S_EXTERNREF || T == W2S_EXNREF ||
         T == W2S_ANYREF;
}

/// A w2s_reftype agrees with its value type: all zero (a non-reference, or
/// the plain funcref/externref of the value type), or a heap type of the
/// value type's hierarchy, a type index in range.
bool validFullType(const w2s_descriptor &D, uint32_t ValType,
                   const w2s_reftype &R) {
  if (R.heap == 0)
    return R.nullable == 0; // a non-reference, or just funcref/externref
  if (!validRefType(ValType))
    return false;
  if (R.nullable > 1)
    return false;
  if (R.heap & W2S_HEAP_TYPE_INDEX) {
    // A function type is a funcref, a struct or array type an anyref.
    uint32_t Index = R.heap & ~W2S_HEAP_TYPE_INDEX;
    return Index < D.num_types &&
           ValType == (D.types[Index].form == 0 ? W2S_FUNCREF : W2S_ANYREF);
  }
  if (ValType == W2S_FUNCREF)
    return R.heap == 0x70 || R.heap == 0x73; // func, nofunc
  if (ValType == W2S_ANYREF) // any eq i31 struct array none
    return R.heap >= 0x6a && R.heap <= 0x6e ? true : R.heap == 0x71;
  if (ValType == W2S_EXNREF)
    return R.heap == 0x69 || R.heap == 0x74; // exn, noexn
  return R.heap == 0x6f || R.heap == 0x72;   // extern, noextern
}

/// The checks that make every later use of the descriptor safe: counts
/// match their arrays, indices are in range, pointers are present.
std::optional<std::string> checkDescriptor(const w2s_descriptor &D) {
  auto Missing = [](const void *P, uint32_t N) { return N && !P; };
  if (Missing(D.types, D.num_types) || Missing(D.imports, D.num_imports) ||
      Missing(D.exports, D.num_exports) ||
      Missing(D.elem_segments, D.num_elem_segments) ||
      Missing(D.data_segments, D.num_data_segments))
    return "descriptor has a count without its array";
  if (D.num_imported_funcs > D.num_funcs ||
      D.num_imported_tables > D.num_tables ||
      D.num_imported_memories > D.num_memories ||
      D.num_imported_globals > D.num_globals)
    return "descriptor has more imports than entities";
  if (Missing(D.funcs, D.num_funcs - D.num_imported_funcs) ||
      Missing(D.tables, D.num_tables - D.num_imported_tables) ||
      Missing(D.memories, D.num_memories - D.num_imported_memories) ||
      Missing(D.globals, D.num_globals - D.num_imported_globals))
    return "descriptor has a count without its array";

  for (uint32_t I = 0; I < D.num_types; ++I) {
    const w2s_func_type &T = D.types[I];
    uint64_t N = uint64_t(T.num_params) + T.num_results;
    if (N > 1000000 || Missing(T.valtypes, uint32_t(N)))
      return "type " + std::to_string(I) + " is malformed";
    for (uint64_t J = 0; J < N; ++J)
      if (!validValType(T.valtypes[J]))
        return "type " + std::to_string(I) + " has an invalid value type";
    uint64_t SigBytes = uint64_t(T.sig_param_bytes) + T.sig_result_bytes;
    if (SigBytes > 16000000 || (SigBytes != 0) != (T.sig != nullptr))
      return "type " + std::to_string(I) + " is malformed";
    if (!T.entry_trampoline || !T.host_adapter)
      return "type " + std::to_string(I) + " has no trampolines";
    // A rec group's bytes come with the 17 signature bytes that name them
    // (docs/abi.md, "Typed function references"); only those start 0x4e.
    bool GroupSig = T.sig && T.sig_param_bytes > 0 && T.sig[0] == 0x4e;
    if ((T.rec_group != nullptr) != (T.rec_group_bytes != 0) ||
        T.rec_group_bytes > (1u << 30) || GroupSig != (T.rec_group != nullptr) ||
        (GroupSig && (T.sig_param_bytes != 17 || T.sig_result_bytes != 0)))
      return "type " + std::to_string(I) + " has a malformed rec group";
    // A struct or array type is never a plain function type.
    if ((T.form != 0 && T.form != 0x5f && T.form != 0x5e) ||
        (T.form != 0 && !T.rec_group))
      return "type " + std::to_string(I) + " has an invalid form";
    // A display is a chain of supertypes that ends with the type itself.
    if (T.supers && (T.supers[0] < 2 || T.supers[0] > 1000000 ||
                     T.supers[T.supers[0]] != T.hash))
      return "type " + std::to_string(I) + " has a malformed supertype display";
  }

  uint32_t Counts[5] = {0, 0, 0, 0, 0};
  for (uint32_t I = 0; I < D.num_imports; ++I) {
    const w2s_import &Imp = D.imports[I];
    if (Imp.kind > W2S_EXTERN_TAG)
      return "import " + std::to_string(I) + " has an invalid kind";
    ++Counts[Imp.kind];
    if (((Imp.kind == W2S_EXTERN_FUNC || Imp.kind == W2S_EXTERN_TAG) &&
         Imp.type_index >= D.num_types) ||
        (Imp.kind == W2S_EXTERN_TABLE && !validRefType(Imp.valtype)) ||
        (Imp.kind == W2S_EXTERN_GLOBAL && !validValType(Imp.valtype)) ||
        !validFullType(D, Imp.valtype, Imp.reftype))
      return "import " + std::to_string(I) + " has an invalid type";
    if ((Imp.module.len && !Imp.module.data) || (Imp.name.len && !Imp.name.data))
      return "import " + std::to_string(I) + " has a malformed name";
  }
  if (Counts[W2S_EXTERN_FUNC] != D.num_imported_funcs ||
      Counts[W2S_EXTERN_TABLE] != D.num_imported_tables ||
      Counts[W2S_EXTERN_MEMORY] != D.num_imported_memories ||
      Counts[W2S_EXTERN_GLOBAL] != D.num_imported_globals ||
      Counts[W2S_EXTERN_TAG] != D.num_imported_tags)
    return "descriptor's import counts disagree with its imports";

  for (uint32_t I = 0; I < D.num_funcs - D.num_imported_funcs; ++I)
    if (!D.funcs[I].code || D.funcs[I].type_index >= D.num_types)
      return "function " + std::to_string(D.num_imported_funcs + I) +
             " is malformed";
  if (D.num_imported_tags > D.num_tags ||
      Missing(D.tags, D.num_tags - D.num_imported_tags))
    return "descriptor's tag counts are malformed";
  for (uint32_t I = 0; I < D.num_tags - D.num_imported_tags; ++I)
    if (D.tags[I].type_index >= D.num_types)
      return "tag " + std::to_string(D.num_imported_tags + I) +
             " is malformed";
  for (uint32_t I = 0; I < D.num_tables - D.num_imported_tables; ++I)
    if (!validRefType(D.tables[I].elemtype) ||
        !validFullType(D, D.tables[I].elemtype, D.tables[I].reftype))
      return "table " + std::to_string(I) + " has an invalid element type";

  // Every instruction of a constant expression has a known kind and its
  // index in range; it may read the globals below NumGlobals (a global's
  // initializer: those before it).
  auto CheckConst = [&](const w2s_const_expr &C,
                        uint32_t NumGlobals = UINT32_MAX) {
    auto [Code, N] = constInstrs(C);
    if (!Code || N == 0)
      return false;
    for (uint32_t K = 0; K < N; ++K) {
      const w2s_const_expr &I = Code[K];
      bool Ok = I.kind == W2S_CONST_REF_FUNC     ? I.index < D.num_funcs
                : I.kind == W2S_CONST_GLOBAL_GET ? I.index < D.num_globals &&
                                                       I.index < NumGlobals
                                                 : I.kind != W2S_CONST_SEQUENCE &&
                                                       I.kind <= W2S_CONST_ARRAY_NEW_FIXED;
      if (!Ok)
        return false;
    }
    return true;
  };
  for (uint32_t I = 0; I < D.num_globals - D.num_imported_globals; ++I)
    if (!validValType(D.globals[I].valtype) ||
        !validFullType(D, D.globals[I].valtype, D.globals[I].reftype) ||
        !CheckConst(D.globals[I].init, D.num_imported_globals + I))
      return "global " + std::to_string(D.num_imported_globals + I) +
             " is malformed";
  for (uint32_t I = 0; I < D.num_tables - D.num_imported_tables; ++I)
    if (D.tables[I].has_init > 1 ||
        (D.tables[I].has_init &&
         !CheckConst(D.tables[I].init, D.num_imported_globals)))
      return "table " + std::to_string(D.num_imported_tables + I) +
             " is malformed";

  const uint32_t Limits[5] = {D.num_funcs, D.num_tables, D.num_memories,
                              D.num_globals, D.num_tags};
  for (uint32_t I = 0; I < D.num_exports; ++I) {
    const w2s_export &E = D.exports[I];
    if (E.kind > W2S_EXTERN_TAG || E.index >= Limits[E.kind] ||
        (E.name.len && !E.name.data))
      return "export " + std::to_string(I) + " is malformed";
  }
  for (uint32_t I = 0; I < D.num_elem_segments; ++I) {
    const w2s_elem_segment &S = D.elem_segments[I];
    bool Ok = S.mode <= W2S_SEGMENT_DECLARATIVE && validRefType(S.elemtype) &&
              !Missing(S.items, S.num_items);
    if (Ok && S.mode == W2S_SEGMENT_ACTIVE)
      Ok = S.table < D.num_tables && CheckConst(S.offset);
    for (uint32_t J = 0; Ok && J < S.num_items; ++J)
      Ok = CheckConst(S.items[J]);
    if (!Ok)
      return "element segment " + std::to_string(I) + " is malformed";
  }
  for (uint32_t I = 0; I < D.num_data_segments; ++I) {
    const w2s_data_segment &S = D.data_segments[I];
    bool Ok = S.mode <= W2S_SEGMENT_PASSIVE && !Missing(S.bytes, S.size);
    if (Ok && S.mode == W2S_SEGMENT_ACTIVE)
      Ok = S.memory < D.num_memories && CheckConst(S.offset);
    if (!Ok)
      return "data segment " + std::to_string(I) + " is malformed";
  }
  if (D.has_start && D.start_func >= D.num_funcs)
    return "start function index out of range";

  w2s_vmctx_layout L = w2s_compute_vmctx_layout_with_tags(
      D.num_funcs, D.num_tables, D.num_memories, D.num_globals, D.num_tags);
  if (D.vmctx_size != L.size)
    return "vmctx size " + std::to_string(D.vmctx_size) + ", expected " +
           std::to_string(L.size);
  return std::nullopt;
}

//===-------------------------- signature registry -----------------------===//

std::mutex RegistryMutex;
std::unordered_map<uint64_t, FuncSig> &registry() {
  static auto *R = new std::unordered_map<uint64_t, FuncSig>();
  return *R;
}

/// Recomputes every type's hash and checks it against the registry; only
/// when all pass are the new signatures entered.
std::optional<std::string> registerSignatures(const w2s_descriptor &D) {
  std::lock_guard<std::mutex> Lock(RegistryMutex);
  auto &Reg = registry();
  std::unordered_map<uint64_t, FuncSig> New;
  static auto &SigBytes = *new std::unordered_map<uint64_t, std::string>();
  std::unordered_map<uint64_t, std::string> NewBytes;
  static auto &GroupBytes = *new std::unordered_map<uint64_t, std::string>();
  std::unordered_map<uint64_t, std::string> NewGroups;
  std::unordered_map<const uint8_t *, uint64_t> GroupOf; // hashed groups
  for (uint32_t I = 0; I < D.num_types; ++I) {
    const w2s_func_type &T = D.types[I];
    FuncSig Sig = sigOfType(T);
    uint64_t H = registryHash(T);
    if (H != T.hash)
      return "type " + std::to_string(I) + " " + Sig.str() +
             ": signature hash does not match its value types";
    for (auto *Map : {&Reg, &New}) {
      auto It = Map->find(H);
      if (It != Map->end() && !(It->second == Sig))
        return "signature hash collision: type " + std::to_string(I) + " " +
               Sig.str() + " and " + It->second.str() +
               " have the same hash";
    }
    // Typed references hash more than the value types show: the hashed
    // bytes themselves must agree too.
    std::string Bytes(reinterpret_cast<const char *>(T.sig),
                      T.sig ? T.sig_param_bytes + T.sig_result_bytes : 0);
    for (auto *Map : {&SigBytes, &NewBytes}) {
      auto It = Map->find(H);
      if (It != Map->end() && It->second != Bytes)
        return "signature hash collision: type " + std::to_string(I) + " " +
               Sig.str() +
               " and another type with typed references have "
               "the same hash";
    }
    // A rec group's hash must be that of its bytes, and name no other
    // group's bytes: hashed once per group.
    if (T.rec_group) {
      auto [It, First] = GroupOf.try_emplace(T.rec_group, 0);
      if (First) {
        It->second = w2s_signature_hash(
            T.rec_group, uint32_t(T.rec_group_bytes), nullptr, 0);
        std::string G(reinterpret_cast<const char *>(T.rec_group),
                      T.rec_group_bytes);
        for (auto *Map : {&GroupBytes, &NewGroups}) {
          auto Known = Map->find(It->second);
          if (Known != Map->end() && Known->second != G)
            return "signature hash collision: the rec group of type " +
                   std::to_string(I) + " and another have the same hash";
        }
        NewGroups.emplace(It->second, std::move(G));
      }
      uint64_t Named = 0;
      for (int K = 0; K < 8; ++K)
        Named |= uint64_t(T.sig[9 + K]) << (8 * K);
      if (Named != It->second)
        return "type " + std::to_string(I) +
               ": rec group hash does not match its bytes";
    }
    New.emplace(H, std::move(Sig));
    NewBytes.emplace(H, std::move(Bytes));
  }
  Reg.insert(New.begin(), New.end());
  SigBytes.insert(NewBytes.begin(), NewBytes.end());
  GroupBytes.insert(NewGroups.begin(), NewGroups.end());
  return std::nullopt;
}

/// The checks every module passes before use, wherever its descriptor came
/// from: magic, ABI version, layout, contents, signature hashes.
std::optional<Error> checkModuleDescriptor(const w2s_descriptor &D) {
  if (auto Msg = checkDescriptorMemory(&D))
    return loadError(*Msg);
  if (D.magic != W2S_DESCRIPTOR_MAGIC)
    return loadError("bad descriptor magic");
  if (D.abi_version != W2S_ABI_VERSION)
    return loadError("ABI version " + std::to_string(D.abi_version) +
                     ", expected " + std::to_string(W2S_ABI_VERSION) +
                     ": compiled by another wasm2so; compile the module "
                     "again with this one");
  if (D.descriptor_size != sizeof(w2s_descriptor))
    return loadError("descriptor size " + std::to_string(D.descriptor_size) +
                     ", expected " + std::to_string(sizeof(w2s_descriptor)));
  if (auto Msg = checkDescriptor(D))
    return loadError(*Msg);
  if (auto Msg = registerSignatures(D))
    return loadError(*Msg);
  // The landing pads of compiled code unwind with the runtime's
  // personality routine (docs/abi.md, "Exceptions").
  if (D.personality_slot)
    *D.personality_slot = exceptionPersonality();
  return std::nullopt;
}

//===---------------------------- stale handles --------------------------===//

// dlopen matches an already loaded object by name, so a file rewritten at
// the same path while the old one is still loaded (a compiler overwriting
// its output) would silently yield the old code. Every live handle records
// the identity of the file it came from; on a mismatch the new file is
// loaded from a private copy instead.
struct FileId {
  dev_t Dev;
  ino_t Ino;
  struct timespec MTime;
  off_t Size;
  bool operator==(const FileId &O) const {
    return Dev == O.Dev && Ino == O.Ino && MTime.tv_sec == O.MTime.tv_sec &&
           MTime.tv_nsec == O.MTime.tv_nsec && Size == O.Size;
  }
};

struct LiveHandle {
  FileId Id;
  unsigned Refs;
};

std::mutex HandlesMutex;
std::unordered_map<void *, LiveHandle> &liveHandles() {
  static auto *H = new std::unordered_map<void *, LiveHandle>();
  return *H;
}

FileId fileId(const struct stat &St) {
  return {St.st_dev, St.st_ino, St.st_mtim, St.st_size};
}

/// dlopen, or a copy of the file when Path's name is taken by another file.
void *openFresh(const std::string &Path, const struct stat &St,
                std::string &Msg) {
  std::string Name = Path.find('/') == std::string::npos ? "./" + Path : Path;
  std::lock_guard<std::mutex> Lock(HandlesMutex);
  void *H = dlopen(Name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!H) {
    const char *E = dlerror();
    Msg = E ? E : "unknown error";
    return nullptr;
  }
  auto &Live = liveHandles();
  auto It = Live.find(H);
  if (It == Live.end()) {
    Live.emplace(H, LiveHandle{fileId(St), 1});
    return H;
  }
  if (It->second.Id == fileId(St)) {
    ++It->second.Refs;
    return H;
  }
  dlclose(H);
  const char *Tmp = std::getenv("TMPDIR");
  std::string Copy = std::string(Tmp && *Tmp ? Tmp : "/tmp") + "/w2s-XXXXXX.so";
  int Fd = mkstemps(Copy.data(), 3);
  if (Fd < 0) {
    Msg = "cannot copy a rewritten shared object: " +
          std::string(std::strerror(errno));
    return nullptr;
  }
  std::ifstream In(Path, std::ios::binary);
  std::string Bytes((std::istreambuf_iterator<char>(In)),
                    std::istreambuf_iterator<char>());
  bool Ok = In.good() || In.eof();
  for (size_t Off = 0; Ok && Off < Bytes.size();) {
    ssize_t N = write(Fd, Bytes.data() + Off, Bytes.size() - Off);
    Ok = N > 0;
    Off += N > 0 ? size_t(N) : 0;
  }
  close(Fd);
  H = Ok ? dlopen(Copy.c_str(), RTLD_NOW | RTLD_LOCAL) : nullptr;
  if (!H) {
    const char *E = dlerror();
    Msg = E ? E : "cannot copy a rewritten shared object";
  } else {
    struct stat CopySt;
    stat(Copy.c_str(), &CopySt);
    Live.emplace(H, LiveHandle{fileId(CopySt), 1});
  }
  unlink(Copy.c_str());
  return H;
}

void closeHandle(void *H) {
  std::lock_guard<std::mutex> Lock(HandlesMutex);
  auto &Live = liveHandles();
  auto It = Live.find(H);
  if (It != Live.end() && --It->second.Refs == 0)
    Live.erase(It);
  dlclose(H);
}

} // namespace

namespace wasm2so::rt {

/// Enters a host function's signature; false on a collision.
bool registerHostSignature(const FuncSig &Sig, uint64_t Hash) {
  std::lock_guard<std::mutex> Lock(RegistryMutex);
  auto [It, Inserted] = registry().emplace(Hash, Sig);
  return Inserted || It->second == Sig;
}

} // namespace wasm2so::rt

Result<std::shared_ptr<Module>> Module::load(const std::string &Path) {
  struct stat St;
  if (auto E = checkElfHeader(Path, St))
    return *E;
  if (auto Msg = checkDescriptorSymbol(Path))
    return loadError(*Msg);
  std::string Msg;
  void *Handle = openFresh(Path, St, Msg);
  if (!Handle)
    return loadError("cannot load shared object: " + Msg);
  auto M = std::make_shared<Module>();
  M->Handle = Handle;
  M->Path = Path;
  auto *D = static_cast<const w2s_descriptor *>(
      dlsym(Handle, W2S_DESCRIPTOR_SYMBOL));
  if (!D)
    return loadError("not a wasm2so module (no " W2S_DESCRIPTOR_SYMBOL
                     " symbol)");
  if (auto E = checkModuleDescriptor(*D))
    return *E;
  M->Desc = D;
  return M;
}

Result<std::shared_ptr<Module>>
Module::fromDescriptor(const w2s_descriptor *D, std::string Name) {
  if (!D)
    return loadError("no descriptor");
  if (auto E = checkModuleDescriptor(*D))
    return *E;
  auto M = std::make_shared<Module>();
  M->Path = std::move(Name);
  M->Desc = D;
  return M;
}

/// Whether D defines struct or array types, whose w2s_gc_type records (in
/// its .so) the objects of those types point to.
static bool definesGcTypes(const w2s_descriptor &D) {
  for (uint32_t I = 0; I < D.num_types; ++I)
    if (D.types[I].form != 0)
      return true;
  return false;
}

Module::~Module() {
  // An object's header points to its type's record in the .so of the
  // module that made it, and an object may outlive that module (a root
  // elsewhere, or a stale stack word the conservative scan still sees): a
  // module that defines struct or array types stays loaded once the GC
  // heap has been used (docs/abi.md, "Garbage collection").
  if (Handle && !(Desc && definesGcTypes(*Desc) && gcHeapUsed()))
    closeHandle(Handle);
}
