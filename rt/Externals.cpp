//===- Externals.cpp - Tables, linear memories and globals -----------------===//
#include "Internal.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>

using namespace wasm2so::rt;

namespace {

/// The most elements any table may hold: 320 MB of slots.
constexpr uint32_t MaxTableElems = 10000000;
/// The most pages a 32-bit memory may hold (4 GiB).
constexpr uint64_t MaxMemoryPages = 65536;

Error makeError(Error::Kind K, std::string Msg) {
  Error E;
  E.K = K;
  E.Message = std::move(Msg);
  return E;
}

void fillSlot(w2s_table_elem &Slot, uint32_t ElemType, const void *Ref) {
  if (ElemType == W2S_FUNCREF && Ref) {
    auto *F = static_cast<const w2s_funcref *>(Ref);
    Slot.hash = F->hash;
    Slot.code = F->code;
    Slot.vmctx = F->vmctx;
  } else {
    Slot.hash = 0;
    Slot.code = nullptr;
    Slot.vmctx = nullptr;
  }
  Slot.ref = Ref;
}

} // namespace

//===-------------------------------- Table ------------------------------===//

Result<std::shared_ptr<Table>> Table::create(ValType Elem, uint32_t Min,
                                             std::optional<uint32_t> Max,
                                             bool Is64) {
  if (Elem != W2S_FUNCREF && Elem != W2S_EXTERNREF && Elem != W2S_ANYREF)
    return makeError(Error::Usage, "table element type must be a reference");
  if (Max && *Max < Min)
    return makeError(Error::Usage, "table maximum is below its minimum");
  if (Min > MaxTableElems)
    return makeError(Error::Instantiation,
                     "table of " + std::to_string(Min) +
                         " elements exceeds the runtime's limit");
  auto T = std::make_shared<Table>();
  T->Capacity = Min ? Min : 1;
  T->Raw.elems = static_cast<w2s_table_elem *>(
      std::calloc(T->Capacity, sizeof(w2s_table_elem)));
  if (!T->Raw.elems)
    return makeError(Error::Instantiation, "out of memory allocating a table");
  T->Raw.size = Min;
  T->Raw.max = Max ? *Max : 0xffffffffu;
  T->Raw.elemtype = Elem;
  T->FullType = RefType::of(Elem);
  T->Is64 = Is64;
  if (Elem != W2S_FUNCREF)
    gcRegisterTable(T.get());
  return T;
}

Table::~Table() {
  if (Raw.elemtype != W2S_FUNCREF)
    gcUnregisterTable(this);
  std::free(Raw.elems);
}

std::optional<uint32_t> Table::max() const {
  if (Raw.max == 0xffffffffu)
    return std::nullopt;
  return Raw.max;
}

int64_t Table::grow(uint32_t Delta, const void *Init) {
  uint32_t Old = Raw.size;
  uint64_t New = uint64_t(Old) + Delta;
  if (New > Raw.max || New > MaxTableElems)
    return -1;
  if (New > Capacity) {
    uint64_t Cap = std::max<uint64_t>(New, uint64_t(Capacity) * 2);
    if (Cap > MaxTableElems)
      Cap = MaxTableElems;
    auto *Elems = static_cast<w2s_table_elem *>(
        std::realloc(Raw.elems, Cap * sizeof(w2s_table_elem)));
    if (!Elems)
      return -1;
    Raw.elems = Elems;
    Capacity = uint32_t(Cap);
  }
  for (uint64_t I = Old; I < New; ++I)
    fillSlot(Raw.elems[I], Raw.elemtype, Init);
  Raw.size = uint32_t(New);
  return Old;
}

void Table::set(uint32_t I, const void *Ref) {
  fillSlot(Raw.elems[I], Raw.elemtype, Ref);
}

//===------------------------------- Memory ------------------------------===//

Result<std::shared_ptr<Memory>> Memory::create(uint64_t MinPages,
                                               std::optional<uint64_t> MaxPages,
                                               bool Is64) {
  if (MaxPages && *MaxPages < MinPages)
    return makeError(Error::Usage, "memory maximum is below its minimum");
  if (MinPages > MaxMemoryPages)
    return makeError(Error::Instantiation,
                     "memory of " + std::to_string(MinPages) +
                         " pages exceeds 4 GiB");
  void *Base = mmap(nullptr, W2S_MEMORY_RESERVATION, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (Base == MAP_FAILED)
    return makeError(Error::Instantiation,
                     "cannot reserve address space for a linear memory");
  uint64_t Bytes = MinPages * W2S_PAGE_SIZE;
  if (Bytes && mprotect(Base, Bytes, PROT_READ | PROT_WRITE) != 0) {
    munmap(Base, W2S_MEMORY_RESERVATION);
    return makeError(Error::Instantiation,
                     "cannot commit " + std::to_string(MinPages) +
                         " pages of linear memory");
  }
  auto M = std::make_shared<Memory>();
  M->Raw.base = static_cast<uint8_t *>(Base);
  M->Raw.pages = MinPages;
  M->Raw.max_pages = MaxPages ? std::min(*MaxPages, MaxMemoryPages)
                              : MaxMemoryPages;
  M->Raw.reserved_bytes = W2S_MEMORY_RESERVATION;
  M->Max = MaxPages;
  M->Is64 = Is64;
  registerReservation(Base, W2S_MEMORY_RESERVATION);
  return M;
}

Memory::~Memory() {
  if (!Raw.base)
    return;
  unregisterReservation(Raw.base);
  munmap(Raw.base, Raw.reserved_bytes);
}

std::optional<uint64_t> Memory::maxPages() const { return Max; }

int64_t Memory::grow(uint64_t Delta) {
  uint64_t Old = Raw.pages;
  if (Delta > Raw.max_pages - Old)
    return -1;
  if (Delta == 0)
    return int64_t(Old);
  uint64_t New = Old + Delta;
  if (mprotect(Raw.base + Old * W2S_PAGE_SIZE, Delta * W2S_PAGE_SIZE,
               PROT_READ | PROT_WRITE) != 0)
    return -1;
  Raw.pages = New;
  return int64_t(Old);
}

//===------------------------------- Global ------------------------------===//

std::shared_ptr<Global> Global::create(ValType T, bool Mutable, Value Init) {
  // A global that may hold a GC reference or an escaped exception is a
  // root of the collector.
  bool Root = T == W2S_ANYREF || T == W2S_EXTERNREF || T == W2S_EXNREF;
  std::shared_ptr<Global> G;
  if (Root)
    G = std::shared_ptr<Global>(new Global(), [](Global *P) {
      gcUnregisterGlobal(P);
      delete P;
    });
  else
    G = std::make_shared<Global>();
  G->Type = T;
  G->Mutable = Mutable;
  G->Cell = Init.Bits;
  G->FullType = RefType::of(T);
  if (Root)
    gcRegisterGlobal(G.get());
  return G;
}

//===------------------------------- RefType -----------------------------===//

RefType RefType::of(ValType T) {
  RefType R;
  R.Heap = T == W2S_EXTERNREF ? 0x6f : T == W2S_ANYREF ? 0x6e : 0x70;
  return R;
}

namespace {
/// The top of an abstract heap type's hierarchy (a type index: func, the
/// only defined types with values today).
uint32_t topOf(uint32_t Heap) {
  switch (Heap) {
  case 0x6f: // extern
  case 0x72: // noextern
    return 0x6f;
  case 0x6e: // any
  case 0x6d: // eq
  case 0x6c: // i31
  case 0x6b: // struct
  case 0x6a: // array
  case 0x71: // none
    return 0x6e;
  case 0x69: // exn
  case 0x74: // noexn
    return 0x69;
  default: // func, nofunc, a type index
    return 0x70;
  }
}
} // namespace

/// (ref $t) <: (ref null $t) <: funcref; in each hierarchy the bottom
/// (nofunc, noextern, none, noexn) is below everything and the top above;
/// i31, struct and array are below eq. Type indices are equal when their
/// signature hashes (canonical type ids) are.
bool RefType::isSubtypeOf(const RefType &O) const {
  if (Nullable && !O.Nullable)
    return false;
  if (Heap == O.Heap)
    return Heap != W2S_HEAP_TYPE_INDEX || TypeHash == O.TypeHash;
  bool Bottom = Heap == 0x73 || Heap == 0x72 || Heap == 0x71 || Heap == 0x74;
  if (Heap == W2S_HEAP_TYPE_INDEX || O.Heap == W2S_HEAP_TYPE_INDEX) {
    // Below a defined type: its hierarchy's bottom (the value type beside
    // it, which linking compares first, names the hierarchy). A defined
    // type is below func (a function type), or below any, eq and struct
    // (a struct type) or array (an array type).
    if (O.Heap == W2S_HEAP_TYPE_INDEX)
      return Bottom;
    switch (Form) {
    case 0x5f:
      return O.Heap == 0x6e || O.Heap == 0x6d || O.Heap == 0x6b;
    case 0x5e:
      return O.Heap == 0x6e || O.Heap == 0x6d || O.Heap == 0x6a;
    default:
      return O.Heap == 0x70;
    }
  }
  if (topOf(Heap) != topOf(O.Heap))
    return false;
  if (Bottom)
    return true;
  if (O.Heap == topOf(O.Heap))
    return true;
  return O.Heap == 0x6d && (Heap == 0x6c || Heap == 0x6b || Heap == 0x6a);
}

std::string RefType::str() const {
  if (Nullable && Heap == 0x70)
    return "funcref";
  if (Nullable && Heap == 0x6f)
    return "externref";
  std::string H;
  switch (Heap) {
  case 0x70:
    H = "func";
    break;
  case 0x6f:
    H = "extern";
    break;
  case 0x73:
    H = "nofunc";
    break;
  case 0x72:
    H = "noextern";
    break;
  case 0x6e:
    H = "any";
    break;
  case 0x6d:
    H = "eq";
    break;
  case 0x6c:
    H = "i31";
    break;
  case 0x6b:
    H = "struct";
    break;
  case 0x6a:
    H = "array";
    break;
  case 0x71:
    H = "none";
    break;
  default: {
    char Buf[32];
    std::snprintf(Buf, sizeof(Buf), "type#%016llx",
                  (unsigned long long)TypeHash);
    H = Buf;
  }
  }
  return std::string(Nullable ? "(ref null " : "(ref ") + H + ")";
}

Value Global::get() const {
  Value V;
  V.Type = Type;
  V.Bits = Cell;
  return V;
}

void Global::set(const Value &V) { Cell = V.Bits; }

std::shared_ptr<Tag> wasm2so::rt::Tag::create(FuncSig Sig, std::string Name) {
  auto T = std::make_shared<Tag>();
  T->Sig = std::move(Sig);
  T->Name = std::move(Name);
  T->ValTypes.assign(T->Sig.Params.begin(), T->Sig.Params.end());
  T->Raw.hash = hashOf(T->Sig);
  T->Raw.num_params = uint32_t(T->ValTypes.size());
  T->Raw.valtypes = T->ValTypes.data();
  T->Raw.name = T->Name.c_str();
  return T;
}
