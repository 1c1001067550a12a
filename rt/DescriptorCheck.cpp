//===- DescriptorCheck.cpp - What the loader checks before trusting a .so -===//
//
// Two stages. Before dlopen: the file's dynamic symbol table, read with
// pread and bounds-checked at every step, must define the descriptor, so a
// shared object that is not a wasm2so module is refused before its
// constructors could run. After dlopen: the descriptor is walked with every
// pointer checked against the PT_LOAD segments (dl_iterate_phdr) of the
// object that holds it, before Module.cpp's checks follow any of them.
//
//===----------------------------------------------------------------------===//
#include "DescriptorCheck.h"

#include <atomic>
#include <cstring>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace wasm2so::rt;

namespace {

//===---------------------- the symbol table on disk ---------------------===//

/// Caps on what is read from the file: far above any compiled module.
constexpr uint64_t MaxSections = 1 << 16;
constexpr uint64_t MaxSymbols = 1 << 20;
constexpr uint64_t MaxStringTable = 64 << 20;
/// Bounds on a GC constructor's layout in a constant expression, far
/// above what the compiler writes (at most 1,000 fields of 16 bytes).
constexpr uint32_t MaxGcFields = 1 << 20;
constexpr uint64_t MaxGcStructBytes = 1 << 26;

bool isGcConstructor(uint32_t Kind) {
  return Kind >= W2S_CONST_STRUCT_NEW && Kind <= W2S_CONST_ARRAY_NEW_FIXED;
}

class ElfFile {
public:
  explicit ElfFile(const std::string &Path)
      : Fd(open(Path.c_str(), O_RDONLY | O_CLOEXEC)) {
    struct stat St;
    if (Fd >= 0 && fstat(Fd, &St) == 0)
      Size = uint64_t(St.st_size);
  }
  ~ElfFile() {
    if (Fd >= 0)
      close(Fd);
  }
  bool ok() const { return Fd >= 0; }

  /// Reads N bytes at Offset, all inside the file, or fails.
  bool read(uint64_t Offset, void *Out, uint64_t N) const {
    if (Offset > Size || N > Size - Offset)
      return false;
    auto *P = static_cast<char *>(Out);
    while (N) {
      ssize_t Got = pread(Fd, P, N, off_t(Offset));
      if (Got <= 0)
        return false;
      P += Got;
      Offset += uint64_t(Got);
      N -= uint64_t(Got);
    }
    return true;
  }

private:
  int Fd;
  uint64_t Size = 0;
};

/// [Addr, Addr + Size) lies inside one PT_LOAD segment of the file.
bool inLoadSegment(const ElfFile &F, const Elf64_Ehdr &H, uint64_t Addr,
                   uint64_t Size) {
  if (H.e_phentsize != sizeof(Elf64_Phdr) || H.e_phnum > MaxSections)
    return false;
  std::vector<Elf64_Phdr> Phdrs(H.e_phnum);
  if (!F.read(H.e_phoff, Phdrs.data(), Phdrs.size() * sizeof(Elf64_Phdr)))
    return false;
  for (const Elf64_Phdr &P : Phdrs)
    if (P.p_type == PT_LOAD && Addr >= P.p_vaddr &&
        Addr - P.p_vaddr < P.p_memsz && Size <= P.p_memsz - (Addr - P.p_vaddr))
      return true;
  return false;
}

std::optional<std::string> symbolTableError(const std::string &Why) {
  return "malformed ELF file: " + Why;
}

//===---------------------- the descriptor in memory ---------------------===//

struct Segment {
  uintptr_t Begin, End;
  uint32_t Flags; // PF_R, PF_W, PF_X
};

struct FindObject {
  uintptr_t Addr;
  std::vector<Segment> Segments;
};

int findObject(struct dl_phdr_info *Info, size_t, void *Data) {
  auto *F = static_cast<FindObject *>(Data);
  std::vector<Segment> Segs;
  bool Contains = false;
  for (unsigned I = 0; I < Info->dlpi_phnum; ++I) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[I];
    if (P.p_type != PT_LOAD)
      continue;
    uintptr_t Begin = Info->dlpi_addr + P.p_vaddr;
    Segs.push_back({Begin, Begin + P.p_memsz, P.p_flags});
    Contains |= F->Addr >= Begin && F->Addr < Begin + P.p_memsz;
  }
  if (!Contains)
    return 0;
  F->Segments = std::move(Segs);
  return 1;
}

/// The loaded segments of one object, and checks that pointers stay in them.
class ObjectMemory {
public:
  explicit ObjectMemory(const void *Inside) {
    FindObject F{reinterpret_cast<uintptr_t>(Inside), {}};
    dl_iterate_phdr(findObject, &F);
    Segments = std::move(F.Segments);
  }

  /// [P, P + Bytes) lies in one segment with all of Flags; empty is fine.
  bool holds(const void *P, uint64_t Bytes, uint32_t Flags,
             size_t Align = 1) const {
    if (Bytes == 0)
      return true;
    auto A = reinterpret_cast<uintptr_t>(P);
    if (!P || A % Align != 0)
      return false;
    for (const Segment &S : Segments)
      if ((S.Flags & Flags) == Flags && A >= S.Begin && A < S.End &&
          Bytes <= S.End - A)
        return true;
    return false;
  }

  template <typename T> bool holdsArray(const T *P, uint64_t N) const {
    return holds(P, N * sizeof(T), PF_R, alignof(T));
  }
  bool holdsName(const w2s_name &N) const { return holds(N.data, N.len, PF_R); }
  bool holdsCode(const void *P) const { return holds(P, 1, PF_X); }
  bool empty() const { return Segments.empty(); }

private:
  std::vector<Segment> Segments;
};

/// Every pointer of D, followed only once it has been checked.
std::optional<std::string> checkPointers(const w2s_descriptor &D,
                                         const ObjectMemory &Mem) {
  auto Outside = [](const std::string &What) {
    return "descriptor's " + What + " points outside the module";
  };
  if (!Mem.holdsName(D.module_name))
    return Outside("module name");

  if (!Mem.holdsArray(D.types, D.num_types))
    return Outside("type array");
  for (uint32_t I = 0; I < D.num_types; ++I) {
    const w2s_func_type &T = D.types[I];
    std::string What = "type " + std::to_string(I);
    if (!Mem.holds(T.valtypes, uint64_t(T.num_params) + T.num_results, PF_R))
      return Outside(What + "'s value types");
    if (!Mem.holds(T.sig, uint64_t(T.sig_param_bytes) + T.sig_result_bytes,
                   PF_R))
      return Outside(What + "'s signature bytes");
    if (T.supers && (!Mem.holdsArray(T.supers, 1) || T.supers[0] > 1000000 ||
                     !Mem.holdsArray(T.supers, 1 + T.supers[0])))
      return Outside(What + "'s supertype display");
    if (T.rec_group_bytes > (1u << 30) ||
        !Mem.holds(T.rec_group, T.rec_group_bytes, PF_R))
      return Outside(What + "'s rec group");
    if ((T.entry_trampoline && !Mem.holdsCode((void *)T.entry_trampoline)) ||
        (T.host_adapter && !Mem.holdsCode(T.host_adapter)))
      return Outside(What + "'s trampolines");
  }

  if (!Mem.holdsArray(D.imports, D.num_imports))
    return Outside("import array");
  for (uint32_t I = 0; I < D.num_imports; ++I)
    if (!Mem.holdsName(D.imports[I].module) ||
        !Mem.holdsName(D.imports[I].name))
      return Outside("import " + std::to_string(I) + "'s name");

  if (D.num_imported_funcs <= D.num_funcs) {
    uint32_t N = D.num_funcs - D.num_imported_funcs;
    if (!Mem.holdsArray(D.funcs, N))
      return Outside("function array");
    for (uint32_t I = 0; I < N; ++I)
      if (D.funcs[I].code && !Mem.holdsCode(D.funcs[I].code))
        return Outside("function " + std::to_string(D.num_imported_funcs + I) +
                       "'s code");
  }
  if (D.func_names) {
    if (!Mem.holdsArray(D.func_names, D.num_funcs))
      return Outside("function name array");
    for (uint32_t I = 0; I < D.num_funcs; ++I)
      if (!Mem.holdsName(D.func_names[I]))
        return Outside("function " + std::to_string(I) + "'s name");
  }
  if (D.num_imported_tables <= D.num_tables &&
      !Mem.holdsArray(D.tables, D.num_tables - D.num_imported_tables))
    return Outside("table array");
  if (D.num_imported_memories <= D.num_memories &&
      !Mem.holdsArray(D.memories, D.num_memories - D.num_imported_memories))
    return Outside("memory array");
  if (D.num_imported_tags <= D.num_tags &&
      !Mem.holdsArray(D.tags, D.num_tags - D.num_imported_tags))
    return Outside("tag array");
  // The loader writes the personality routine there.
  if (D.personality_slot &&
      !Mem.holds(D.personality_slot, sizeof(void *), PF_W, alignof(void *)))
    return Outside("personality slot");
  if (D.num_imported_globals <= D.num_globals &&
      !Mem.holdsArray(D.globals, D.num_globals - D.num_imported_globals))
    return Outside("global array");

  if (!Mem.holdsArray(D.exports, D.num_exports))
    return Outside("export array");
  for (uint32_t I = 0; I < D.num_exports; ++I)
    if (!Mem.holdsName(D.exports[I].name))
      return Outside("export " + std::to_string(I) + "'s name");

  // The instructions of a sequence, wherever a constant expression sits,
  // and the layouts of its GC constructors.
  auto HoldsConst = [&](const w2s_const_expr &C) {
    if (C.kind == W2S_CONST_SEQUENCE && !Mem.holdsArray(C.seq, C.index))
      return false;
    auto [Code, N] = constInstrs(C);
    for (uint32_t K = 0; K < N; ++K) {
      const w2s_const_expr &I = Code[K];
      if (!isGcConstructor(I.kind))
        continue;
      const w2s_gc_layout *L = I.gc;
      if (!Mem.holdsArray(L, 1) || !Mem.holdsArray(L->type, 1) ||
          L->num_fields > MaxGcFields ||
          !Mem.holdsArray(L->fields, L->num_fields))
        return false;
    }
    return true;
  };
  if (D.num_imported_globals <= D.num_globals)
    for (uint32_t I = 0; I < D.num_globals - D.num_imported_globals; ++I)
      if (!HoldsConst(D.globals[I].init))
        return Outside("global " + std::to_string(D.num_imported_globals + I) +
                       "'s initializer");

  if (!Mem.holdsArray(D.elem_segments, D.num_elem_segments))
    return Outside("element segment array");
  for (uint32_t I = 0; I < D.num_elem_segments; ++I) {
    const w2s_elem_segment &S = D.elem_segments[I];
    if (!Mem.holdsArray(S.items, S.num_items))
      return Outside("element segment " + std::to_string(I) + "'s items");
    bool Held = HoldsConst(S.offset);
    for (uint32_t J = 0; Held && J < S.num_items; ++J)
      Held = HoldsConst(S.items[J]);
    if (!Held)
      return Outside("element segment " + std::to_string(I) +
                     "'s constant expressions");
  }

  if (!Mem.holdsArray(D.data_segments, D.num_data_segments))
    return Outside("data segment array");
  for (uint32_t I = 0; I < D.num_data_segments; ++I) {
    if (!Mem.holds(D.data_segments[I].bytes, D.data_segments[I].size, PF_R))
      return Outside("data segment " + std::to_string(I) + "'s bytes");
    if (!HoldsConst(D.data_segments[I].offset))
      return Outside("data segment " + std::to_string(I) + "'s offset");
  }
  return std::nullopt;
}

/// Whether the layout of a GC constructor of Kind is one the compiler
/// writes: an object of the constructor's kind, every field's storage
/// within the object and of its value type's size.
bool validGcLayout(uint32_t Kind, const w2s_gc_layout *L) {
  if (!L || !L->type || L->num_fields > MaxGcFields ||
      (L->num_fields && !L->fields))
    return false;
  bool Struct =
      Kind == W2S_CONST_STRUCT_NEW || Kind == W2S_CONST_STRUCT_NEW_DEFAULT;
  if (L->type->kind != (Struct ? W2S_GC_STRUCT : W2S_GC_ARRAY))
    return false;
  if (Struct ? L->size < sizeof(w2s_gc_header) || L->size > MaxGcStructBytes
             : L->num_fields != 1 || L->fields[0].offset != 0)
    return false;
  for (uint32_t K = 0; K < L->num_fields; ++K) {
    const w2s_gc_field &F = L->fields[K];
    uint32_t Want = 0;
    switch (F.valtype) {
    case W2S_I32:
      Want = F.bytes == 1 || F.bytes == 2 ? F.bytes : 4;
      break;
    case W2S_F32:
      Want = 4;
      break;
    case W2S_I64:
    case W2S_F64:
    case W2S_FUNCREF:
    case W2S_EXTERNREF:
    case W2S_EXNREF:
    case W2S_ANYREF:
      Want = 8;
      break;
    case W2S_V128:
      Want = 16;
      break;
    }
    if (!Want || F.bytes != Want)
      return false;
    if (Struct && (F.offset < sizeof(w2s_gc_header) ||
                   uint64_t(F.offset) + F.bytes > L->size))
      return false;
  }
  return true;
}

bool isRefType(uint32_t T) {
  return T == W2S_FUNCREF || T == W2S_EXTERNREF || T == W2S_EXNREF ||
         T == W2S_ANYREF;
}

/// The types of values: instantiation stores a constant expression's bits
/// as its destination's type, and a funcref table dereferences what it is
/// given, so every constant must have its destination's type.
std::optional<std::string> checkTypes(const w2s_descriptor &D) {
  // w2s_compute_vmctx_layout computes in 32 bits: counts whose pointer
  // arrays do not fit would wrap to a small vmctx that instantiation then
  // overruns.
  uint64_t Slots =
      uint64_t(D.num_funcs) + D.num_tables + D.num_memories + D.num_globals +
      D.num_tags;
  if (Slots > (UINT32_MAX - sizeof(w2s_vmctx)) / sizeof(void *))
    return std::string("descriptor's counts overflow the vmctx");
  // A count without its array is Module.cpp's to report.
  auto Missing = [](const void *P, uint64_t N) { return N && !P; };
  if (Missing(D.imports, D.num_imports) ||
      Missing(D.elem_segments, D.num_elem_segments) ||
      Missing(D.data_segments, D.num_data_segments))
    return std::nullopt;
  for (uint32_t I = 0; I < D.num_elem_segments; ++I)
    if (Missing(D.elem_segments[I].items, D.elem_segments[I].num_items))
      return std::nullopt;
  // Import counts are rechecked by Module.cpp; agreeing here first bounds
  // the vectors below by the import array.
  std::vector<uint32_t> GlobalTypes, TableTypes;
  // Address types (memory64, table64): W2S_I64 or W2S_I32.
  std::vector<uint32_t> TableAddr, MemoryAddr;
  auto AddrOf = [](const w2s_limits &L) { return L.is64 ? W2S_I64 : W2S_I32; };
  for (uint32_t I = 0; I < D.num_imports; ++I) {
    if (D.imports[I].kind == W2S_EXTERN_GLOBAL)
      GlobalTypes.push_back(D.imports[I].valtype);
    else if (D.imports[I].kind == W2S_EXTERN_TABLE) {
      TableTypes.push_back(D.imports[I].valtype);
      TableAddr.push_back(AddrOf(D.imports[I].limits));
    } else if (D.imports[I].kind == W2S_EXTERN_MEMORY)
      MemoryAddr.push_back(AddrOf(D.imports[I].limits));
  }
  if (GlobalTypes.size() != D.num_imported_globals ||
      TableTypes.size() != D.num_imported_tables ||
      D.num_imported_globals > D.num_globals ||
      D.num_imported_tables > D.num_tables)
    return "descriptor's import counts disagree with its imports";
  if (Missing(D.globals, D.num_globals - D.num_imported_globals) ||
      Missing(D.tables, D.num_tables - D.num_imported_tables))
    return std::nullopt;
  for (uint32_t I = 0; I < D.num_globals - D.num_imported_globals; ++I)
    GlobalTypes.push_back(D.globals[I].valtype);
  for (uint32_t I = 0; I < D.num_tables - D.num_imported_tables; ++I) {
    TableTypes.push_back(D.tables[I].elemtype);
    TableAddr.push_back(AddrOf(D.tables[I].limits));
  }
  if (MemoryAddr.size() == D.num_imported_memories &&
      D.num_imported_memories <= D.num_memories &&
      !Missing(D.memories, D.num_memories - D.num_imported_memories))
    for (uint32_t I = 0; I < D.num_memories - D.num_imported_memories; ++I)
      MemoryAddr.push_back(AddrOf(D.memories[I]));

  // The type of a constant expression's value, run on a stack of types:
  // 0 when it has none (a bad kind, index or arity: Module.cpp reports the
  // kinds and indices), NullRef for ref.null, which fits any reference.
  constexpr uint32_t NullRef = 1;
  auto TypeOf = [&](const w2s_const_expr &C) -> uint32_t {
    auto [Code, N] = constInstrs(C);
    if (!Code)
      return 0;
    std::vector<uint32_t> Stack;
    for (uint32_t K = 0; K < N; ++K) {
      const w2s_const_expr &I = Code[K];
      switch (I.kind) {
      case W2S_CONST_I32:
        Stack.push_back(W2S_I32);
        break;
      case W2S_CONST_I64:
        Stack.push_back(W2S_I64);
        break;
      case W2S_CONST_F32:
        Stack.push_back(W2S_F32);
        break;
      case W2S_CONST_F64:
        Stack.push_back(W2S_F64);
        break;
      case W2S_CONST_V128:
        Stack.push_back(W2S_V128);
        break;
      case W2S_CONST_REF_NULL:
        Stack.push_back(NullRef);
        break;
      case W2S_CONST_REF_FUNC:
        Stack.push_back(W2S_FUNCREF);
        break;
      case W2S_CONST_GLOBAL_GET:
        if (I.index >= GlobalTypes.size())
          return 0;
        Stack.push_back(GlobalTypes[I.index]);
        break;
      case W2S_CONST_I32_ADD:
      case W2S_CONST_I32_SUB:
      case W2S_CONST_I32_MUL:
      case W2S_CONST_I64_ADD:
      case W2S_CONST_I64_SUB:
      case W2S_CONST_I64_MUL: {
        uint32_t T = I.kind >= W2S_CONST_I64_ADD ? W2S_I64 : W2S_I32;
        if (Stack.size() < 2 || Stack.back() != T ||
            Stack[Stack.size() - 2] != T)
          return 0;
        Stack.pop_back();
        break;
      }
      case W2S_CONST_REF_I31:
        if (Stack.empty() || Stack.back() != W2S_I32)
          return 0;
        Stack.back() = W2S_ANYREF;
        break;
      case W2S_CONST_ANY_CONVERT_EXTERN:
      case W2S_CONST_EXTERN_CONVERT_ANY: {
        bool ToAny = I.kind == W2S_CONST_ANY_CONVERT_EXTERN;
        uint32_t From = ToAny ? W2S_EXTERNREF : W2S_ANYREF;
        if (Stack.empty() || (Stack.back() != From && Stack.back() != NullRef))
          return 0;
        Stack.back() = ToAny ? W2S_ANYREF : W2S_EXTERNREF;
        break;
      }
      case W2S_CONST_STRUCT_NEW:
      case W2S_CONST_STRUCT_NEW_DEFAULT:
      case W2S_CONST_ARRAY_NEW:
      case W2S_CONST_ARRAY_NEW_DEFAULT:
      case W2S_CONST_ARRAY_NEW_FIXED: {
        // The operands, from the top: a length, then the values.
        if (!validGcLayout(I.kind, I.gc))
          return 0;
        auto Pop = [&](uint32_t Want) {
          if (Stack.empty() ||
              !(Stack.back() == Want ||
                (Stack.back() == NullRef && isRefType(Want))))
            return false;
          Stack.pop_back();
          return true;
        };
        const w2s_gc_field *F = I.gc->fields;
        bool Ok = true;
        switch (I.kind) {
        case W2S_CONST_STRUCT_NEW:
          for (uint32_t J = I.gc->num_fields; Ok && J-- > 0;)
            Ok = Pop(F[J].valtype);
          break;
        case W2S_CONST_ARRAY_NEW:
          Ok = Pop(W2S_I32) && Pop(F[0].valtype);
          break;
        case W2S_CONST_ARRAY_NEW_DEFAULT:
          Ok = Pop(W2S_I32);
          break;
        case W2S_CONST_ARRAY_NEW_FIXED:
          for (uint32_t J = 0; Ok && J < I.index; ++J)
            Ok = Pop(F[0].valtype);
          break;
        }
        if (!Ok)
          return 0;
        Stack.push_back(W2S_ANYREF);
        break;
      }
      default:
        return 0;
      }
    }
    return Stack.size() == 1 ? Stack[0] : 0;
  };
  auto Fits = [&](const w2s_const_expr &C, uint32_t Want) {
    uint32_t T = TypeOf(C);
    return T == Want || (T == NullRef && isRefType(Want));
  };

  for (uint32_t I = 0; I < D.num_globals - D.num_imported_globals; ++I)
    if (!Fits(D.globals[I].init, D.globals[I].valtype))
      return "global " + std::to_string(D.num_imported_globals + I) +
             "'s initializer has another type";
  for (uint32_t I = 0; I < D.num_tables - D.num_imported_tables; ++I)
    if (D.tables[I].has_init && !Fits(D.tables[I].init, D.tables[I].elemtype))
      return "table " + std::to_string(D.num_imported_tables + I) +
             "'s initializer has another type";
  for (uint32_t I = 0; I < D.num_elem_segments; ++I) {
    const w2s_elem_segment &S = D.elem_segments[I];
    std::string What = "element segment " + std::to_string(I);
    if (!isRefType(S.elemtype))
      return What + " has an invalid element type";
    for (uint32_t J = 0; J < S.num_items; ++J)
      if (!Fits(S.items[J], S.elemtype))
        return What + " has an item of another type";
    if (S.mode != W2S_SEGMENT_ACTIVE)
      continue;
    if (S.table < TableTypes.size() && TableTypes[S.table] != S.elemtype)
      return What + " does not match its table's element type";
    uint32_t Addr = S.table < TableAddr.size() ? TableAddr[S.table] : W2S_I32;
    if (!Fits(S.offset, Addr))
      return What + "'s offset is not of its table's address type";
  }
  for (uint32_t I = 0; I < D.num_data_segments; ++I) {
    const w2s_data_segment &S = D.data_segments[I];
    uint32_t Addr =
        S.memory < MemoryAddr.size() ? MemoryAddr[S.memory] : W2S_I32;
    if (S.mode == W2S_SEGMENT_ACTIVE && !Fits(S.offset, Addr))
      return "data segment " + std::to_string(I) +
             "'s offset is not of its memory's address type";
  }
  return std::nullopt;
}

std::atomic<uint64_t (*)(const w2s_func_type &)> HashHook{nullptr};

} // namespace

std::optional<std::string>
wasm2so::rt::checkDescriptorSymbol(const std::string &Path) {
  ElfFile F(Path);
  if (!F.ok())
    return std::string("cannot open file for reading");
  Elf64_Ehdr H;
  if (!F.read(0, &H, sizeof(H)) || H.e_ident[EI_CLASS] != ELFCLASS64)
    return symbolTableError("no 64-bit ELF header");
  if (H.e_ident[EI_DATA] != ELFDATA2LSB)
    return symbolTableError("not little-endian");
  if (H.e_shoff == 0 || H.e_shentsize != sizeof(Elf64_Shdr))
    return symbolTableError("no section headers");
  uint64_t NumSections = H.e_shnum;
  if (NumSections == 0) { // past SHN_LORESERVE: in section 0's sh_size
    Elf64_Shdr First;
    if (!F.read(H.e_shoff, &First, sizeof(First)))
      return symbolTableError("section headers outside the file");
    NumSections = First.sh_size;
  }
  if (NumSections > MaxSections)
    return symbolTableError("too many sections");
  std::vector<Elf64_Shdr> Sections(NumSections);
  if (!F.read(H.e_shoff, Sections.data(), NumSections * sizeof(Elf64_Shdr)))
    return symbolTableError("section headers outside the file");

  for (const Elf64_Shdr &S : Sections) {
    if (S.sh_type != SHT_DYNSYM)
      continue;
    if (S.sh_entsize != sizeof(Elf64_Sym) || S.sh_link >= NumSections)
      return symbolTableError("bad dynamic symbol table");
    const Elf64_Shdr &StrSec = Sections[S.sh_link];
    uint64_t NumSyms = S.sh_size / sizeof(Elf64_Sym);
    if (StrSec.sh_type != SHT_STRTAB || StrSec.sh_size > MaxStringTable ||
        NumSyms > MaxSymbols)
      return symbolTableError("bad dynamic symbol table");
    std::vector<char> Strings(StrSec.sh_size);
    std::vector<Elf64_Sym> Syms(NumSyms);
    if (!F.read(StrSec.sh_offset, Strings.data(), Strings.size()) ||
        !F.read(S.sh_offset, Syms.data(), NumSyms * sizeof(Elf64_Sym)))
      return symbolTableError("dynamic symbol table outside the file");
    static const char Want[] = W2S_DESCRIPTOR_SYMBOL;
    for (const Elf64_Sym &Sym : Syms) {
      if (Sym.st_name >= Strings.size() ||
          Strings.size() - Sym.st_name < sizeof(Want) ||
          std::memcmp(&Strings[Sym.st_name], Want, sizeof(Want)) != 0)
        continue;
      if (Sym.st_shndx == SHN_UNDEF)
        continue; // a reference to someone else's descriptor
      if (ELF64_ST_TYPE(Sym.st_info) != STT_OBJECT ||
          ELF64_ST_BIND(Sym.st_info) != STB_GLOBAL ||
          Sym.st_shndx >= SHN_LORESERVE)
        return std::string(W2S_DESCRIPTOR_SYMBOL " is not a global data "
                                                 "object");
      // dlsym will return the load address plus st_value: it must fall in
      // a loaded segment, or the descriptor would be read from elsewhere.
      if (!inLoadSegment(F, H, Sym.st_value, Sym.st_size))
        return std::string(W2S_DESCRIPTOR_SYMBOL " is outside the loaded "
                                                 "segments");
      return std::nullopt;
    }
    break;
  }
  return std::string("not a wasm2so module (no " W2S_DESCRIPTOR_SYMBOL
                     " symbol)");
}

std::optional<std::string>
wasm2so::rt::checkDescriptorMemory(const w2s_descriptor *D) {
  ObjectMemory Mem(D);
  // Outside every loaded object, D can only be the embedding program's own
  // (Module::fromDescriptor; load() takes it from a loaded file): its
  // pointers are the program's, and are not range-checked.
  bool InObject = !Mem.empty();
  // The header first: with another ABI, the rest may be laid out otherwise.
  constexpr size_t HeaderSize = offsetof(w2s_descriptor, module_name);
  if (InObject && !Mem.holds(D, HeaderSize, PF_R, alignof(w2s_descriptor)))
    return std::string("descriptor is not inside the module's memory");
  if (D->magic != W2S_DESCRIPTOR_MAGIC || D->abi_version != W2S_ABI_VERSION ||
      D->descriptor_size != sizeof(w2s_descriptor))
    return std::nullopt;
  if (InObject) {
    if (!Mem.holds(D, sizeof(w2s_descriptor), PF_R))
      return std::string("descriptor is not inside the module's memory");
    if (auto Msg = checkPointers(*D, Mem))
      return Msg;
  }
  return checkTypes(*D);
}

uint64_t wasm2so::rt::registryHash(const w2s_func_type &T) {
  if (auto *Hook = HashHook.load())
    return Hook(T);
  if (T.sig)
    return w2s_signature_hash(T.sig, T.sig_param_bytes,
                              T.sig + T.sig_param_bytes, T.sig_result_bytes);
  return w2s_signature_hash(T.valtypes, T.num_params, T.valtypes + T.num_params,
                            T.num_results);
}

void wasm2so::rt::setRegistryHashForTesting(
    uint64_t (*Hash)(const w2s_func_type &)) {
  HashHook.store(Hash);
}
