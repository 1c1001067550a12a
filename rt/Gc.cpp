//===- Gc.cpp - The GC heap and its mark-sweep collector -------------------===//
//
// Objects of the any hierarchy live here, outside every linear memory, in
// one reserved range of address space, so that "is this a GC object" is a
// range compare (docs/abi.md, "Garbage collection"). Every object is made
// by gcAllocate.
//
// The heap is cut into 64 KiB blocks. A small block holds cells of one
// size class, with an allocation bitmap and a mark bitmap beside it (side
// tables, never in the objects); a large object takes a run of whole
// blocks. Nothing ever moves. A collection starts only in an allocation
// made by compiled code (or collectGarbage), when the bytes allocated
// since the last one exceed max(live bytes after it, 4 MiB), or when the
// heap is full. It stops every other thread that is inside wasm with a
// signal, marks from the roots, lets them go, and sweeps: allocation bits
// become the mark bits, empty blocks return to the pool.
//
// Roots: the stacks and registers of the threads inside wasm, scanned
// conservatively (any word pointing into an allocated cell keeps it: the
// price of needing no stack maps), and precisely the reference globals,
// tables of anyref/externref, element segments, exception payloads and
// host-held references (HeldRef). Inside the heap, marking follows the
// reference fields that each w2s_gc_type lists.
//
//===----------------------------------------------------------------------===//
#include "Builtins.h"
#include "Internal.h"

#include "wasm2so/runtime.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <linux/futex.h>
#include <map>
#include <mutex>
#include <pthread.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>

using namespace wasm2so::rt;

namespace {

//===------------------------------ layout -------------------------------===//

/// Reserved address space for the heap, committed in steps as it grows.
constexpr uint64_t HeapReservation = 64ull << 30;
constexpr unsigned BlockShift = 16;
constexpr uint64_t BlockSize = 1ull << BlockShift;
constexpr uint32_t NumBlocks = uint32_t(HeapReservation >> BlockShift);
constexpr uint64_t CommitStep = 1ull << 20;
/// The fewest bytes allocated between two collections.
constexpr uint64_t MinTrigger = 4ull << 20;

constexpr uint32_t MinCell = 16;
constexpr uint32_t MaxCellsPerBlock = BlockSize / MinCell;
constexpr uint32_t BitmapWords = MaxCellsPerBlock / 64;

/// Cell sizes of the small blocks (multiples of 8); bigger objects take
/// whole blocks.
constexpr uint32_t ClassSizes[] = {
    16,   24,   32,   40,   48,   56,    64,    80,    96,   112,  128, 160,
    192,  224,  256,  320,  384,  448,   512,   640,   768,  1024, 1280,
    1536, 2048, 2560, 3072, 4096, 5456, 8192, 10920, 16384, 21840, 32768};
constexpr unsigned NumClasses = sizeof(ClassSizes) / sizeof(ClassSizes[0]);
constexpr uint32_t MaxSmall = ClassSizes[NumClasses - 1];

enum BlockState : uint8_t { FreeBlock = 0, SmallBlock, LargeHead, LargeTail };

struct BlockInfo {
  uint8_t State = FreeBlock;
  uint8_t Class = 0;  // small: size class; free: 1 when known to read zero
  uint16_t Cells = 0; // small: cells in the block
  uint32_t Link = 0;  // large head: blocks in the run; tail: its head
};

/// A stack for marking that never calls malloc: the collector runs with
/// other threads stopped anywhere, perhaps inside malloc.
struct MarkStack {
  uintptr_t *Data = nullptr;
  size_t Size = 0, Cap = 0;

  void push(uintptr_t V) {
    if (Size == Cap)
      grow();
    Data[Size++] = V;
  }
  bool empty() const { return Size == 0; }
  uintptr_t pop() { return Data[--Size]; }
  void grow() {
    size_t NewCap = Cap ? Cap * 2 : (1u << 16);
    void *P = mmap(nullptr, NewCap * sizeof(uintptr_t), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (P == MAP_FAILED) {
      std::fprintf(stderr, "wasm2so: out of memory marking the GC heap\n");
      std::abort();
    }
    if (Data) {
      std::memcpy(P, Data, Size * sizeof(uintptr_t));
      munmap(Data, Cap * sizeof(uintptr_t));
    }
    Data = static_cast<uintptr_t *>(P);
    Cap = NewCap;
  }
};

struct Heap {
  std::mutex Lock; // allocation and collection
  uint8_t *Base = nullptr;
  bool Failed = false; // a reservation could not be made
  BlockInfo *Info = nullptr;
  uint64_t *AllocBits = nullptr; // BitmapWords per block
  uint64_t *MarkBits = nullptr;
  uint32_t Frontier = 0;  // blocks [0, Frontier) have been handed out
  uint64_t Committed = 0; // bytes readable and writable
  /// Free blocks below the frontier: start -> length, coalesced.
  std::map<uint32_t, uint32_t> FreeRuns;
  /// Per size class: the block being allocated from, its next cell to
  /// try, whether its free cells are known zero (a fresh block), and the
  /// blocks with free cells that the last sweep found.
  uint32_t Current[NumClasses];
  uint32_t Cursor[NumClasses] = {};
  bool CurrentFresh[NumClasses] = {};
  std::vector<uint32_t> Partial[NumClasses];

  uint64_t SinceGc = 0;          // bytes allocated since the last collection
  uint64_t Trigger = MinTrigger; // collect when SinceGc reaches this
  MarkStack Marks;
  GcStats Stats;

  Heap() { std::fill(std::begin(Current), std::end(Current), ~0u); }
  uint64_t *allocBits(uint32_t B) { return AllocBits + uint64_t(B) * BitmapWords; }
  uint64_t *markBits(uint32_t B) { return MarkBits + uint64_t(B) * BitmapWords; }
  uint8_t *blockAddr(uint32_t B) { return Base + uint64_t(B) * BlockSize; }
};

void *reserve(uint64_t Bytes, int Prot) {
  void *P = mmap(nullptr, Bytes, Prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                 -1, 0);
  return P == MAP_FAILED ? nullptr : P;
}

Heap &heap() {
  static Heap *H = [] {
    auto *H = new Heap();
    H->Base = static_cast<uint8_t *>(reserve(HeapReservation, PROT_NONE));
    H->Info = static_cast<BlockInfo *>(
        reserve(uint64_t(NumBlocks) * sizeof(BlockInfo), PROT_READ | PROT_WRITE));
    uint64_t BitmapBytes = uint64_t(NumBlocks) * BitmapWords * 8;
    H->AllocBits = static_cast<uint64_t *>(reserve(BitmapBytes, PROT_READ | PROT_WRITE));
    H->MarkBits = static_cast<uint64_t *>(reserve(BitmapBytes, PROT_READ | PROT_WRITE));
    H->Failed = !H->Base || !H->Info || !H->AllocBits || !H->MarkBits;
    return H;
  }();
  return *H;
}

/// The size class of an object of Bytes (at most MaxSmall).
unsigned classOf(uint64_t Bytes) {
  static uint8_t Table[MaxSmall / 8 + 1];
  static std::once_flag Once;
  std::call_once(Once, [] {
    unsigned C = 0;
    for (uint32_t G = 0; G <= MaxSmall / 8; ++G) {
      while (ClassSizes[C] < G * 8)
        ++C;
      Table[G] = uint8_t(C);
    }
  });
  return Table[(Bytes + 7) / 8];
}

bool testBit(const uint64_t *Bits, uint32_t I) { return Bits[I / 64] >> (I % 64) & 1; }
void setBit(uint64_t *Bits, uint32_t I) { Bits[I / 64] |= uint64_t(1) << (I % 64); }

//===---------------------------- allocation -----------------------------===//

/// N contiguous free blocks (first fit below the frontier, else at it),
/// or ~0u. Fresh tells whether they are known to read zero.
uint32_t takeBlocks(Heap &H, uint32_t N, bool &Fresh) {
  for (auto It = H.FreeRuns.begin(); It != H.FreeRuns.end(); ++It) {
    if (It->second < N)
      continue;
    uint32_t Start = It->first, Len = It->second;
    H.FreeRuns.erase(It);
    if (Len > N)
      H.FreeRuns.emplace(Start + N, Len - N);
    Fresh = true;
    for (uint32_t B = Start; B < Start + N; ++B)
      Fresh &= H.Info[B].Class == 1;
    return Start;
  }
  if (N > NumBlocks - H.Frontier)
    return ~0u;
  uint64_t End = uint64_t(H.Frontier + N) * BlockSize;
  if (End > H.Committed) {
    uint64_t NewCommit =
        std::min(HeapReservation, (End + CommitStep - 1) & ~(CommitStep - 1));
    if (mprotect(H.Base + H.Committed, NewCommit - H.Committed,
                 PROT_READ | PROT_WRITE) != 0)
      return ~0u;
    H.Committed = NewCommit;
  }
  uint32_t Start = H.Frontier;
  H.Frontier += N;
  Fresh = true;
  return Start;
}

uint8_t *allocateSmall(Heap &H, uint64_t Bytes) {
  unsigned C = classOf(Bytes);
  uint32_t Size = ClassSizes[C];
  for (;;) {
    uint32_t B = H.Current[C];
    if (B != ~0u) {
      uint64_t *Bits = H.allocBits(B);
      uint32_t Cells = H.Info[B].Cells;
      for (uint32_t I = H.Cursor[C]; I < Cells;) {
        uint64_t Free = ~Bits[I / 64] & (~uint64_t(0) << (I % 64));
        if (!Free) {
          I = (I / 64 + 1) * 64;
          continue;
        }
        uint32_t Cell = (I / 64) * 64 + uint32_t(__builtin_ctzll(Free));
        if (Cell >= Cells)
          break;
        setBit(Bits, Cell);
        H.Cursor[C] = Cell + 1;
        H.SinceGc += Size;
        uint8_t *P = H.blockAddr(B) + uint64_t(Cell) * Size;
        if (!H.CurrentFresh[C])
          std::memset(P, 0, Bytes);
        return P;
      }
      H.Current[C] = ~0u;
    }
    if (!H.Partial[C].empty()) {
      H.Current[C] = H.Partial[C].back();
      H.Partial[C].pop_back();
      H.Cursor[C] = 0;
      H.CurrentFresh[C] = false;
      continue;
    }
    bool Fresh = false;
    B = takeBlocks(H, 1, Fresh);
    if (B == ~0u)
      return nullptr;
    H.Info[B] = {SmallBlock, uint8_t(C), uint16_t(BlockSize / Size), 0};
    H.Current[C] = B;
    H.Cursor[C] = 0;
    H.CurrentFresh[C] = Fresh;
  }
}

uint8_t *allocateLarge(Heap &H, uint64_t Bytes) {
  uint64_t N64 = (Bytes + BlockSize - 1) / BlockSize;
  if (N64 > NumBlocks)
    return nullptr;
  uint32_t N = uint32_t(N64);
  bool Fresh = false;
  uint32_t B = takeBlocks(H, N, Fresh);
  if (B == ~0u)
    return nullptr;
  H.Info[B] = {LargeHead, 0, 0, N};
  for (uint32_t I = 1; I < N; ++I)
    H.Info[B + I] = {LargeTail, 0, 0, B};
  setBit(H.allocBits(B), 0);
  H.SinceGc += uint64_t(N) * BlockSize;
  uint8_t *P = H.blockAddr(B);
  if (!Fresh)
    std::memset(P, 0, Bytes);
  return P;
}

uint8_t *allocateLocked(Heap &H, uint64_t Bytes) {
  return Bytes <= MaxSmall ? allocateSmall(H, Bytes) : allocateLarge(H, Bytes);
}

//===------------------------------ threads ------------------------------===//

/// A thread that has called into wasm: what the collector needs to scan
/// it. The signal handler touches only the trivially destructible parts.
struct GcThread {
  pthread_t Self{};
  uintptr_t StackLow = 0, StackHigh = 0;
  std::atomic<bool> InWasm{false};
  // Written by the suspend handler: the interrupted registers and stack
  // pointer.
  uintptr_t Regs[40] = {};
  unsigned NumRegs = 0;
  uintptr_t SavedSP = 0;
};

/// Guards every root registry below, the thread list, and collections'
/// reading of them. Taken after Heap::Lock, never before.
std::mutex &rootsLock() {
  static auto *M = new std::mutex();
  return *M;
}

/// An exception the collector owns (gcAdoptException): its size, taken
/// when it escaped (its tag may belong to an instance gone since), and
/// whether the collection under way has reached it.
struct EscapedException {
  uint64_t Bytes;
  bool Marked = false;
};

struct Roots {
  std::vector<GcThread *> Threads;
  std::unordered_set<const Global *> Globals;
  std::unordered_set<const Table *> Tables;
  std::unordered_set<const InstanceCore *> Cores;
  std::unordered_set<const w2s_exception *> Exceptions;
  std::unordered_map<const void *, size_t> Held;
  /// Not roots: escaped exceptions by address, ordered so that a stack
  /// word pointing inside one finds it.
  std::map<uintptr_t, EscapedException> Escaped;
};

Roots &roots() {
  static auto *R = new Roots();
  return *R;
}

thread_local GcThread *MyThread = nullptr;
thread_local unsigned DeferDepth = 0;

/// Unregisters the thread when it exits.
struct ThreadOwner {
  GcThread *T = nullptr;
  ~ThreadOwner() {
    if (!T)
      return;
    {
      std::lock_guard<std::mutex> L(rootsLock());
      auto &V = roots().Threads;
      V.erase(std::remove(V.begin(), V.end(), T), V.end());
    }
    MyThread = nullptr;
    delete T;
  }
};
thread_local ThreadOwner MyOwner;

/// Stop-the-world state.
struct World {
  std::atomic<bool> Stopping{false};
  std::atomic<uint32_t> Generation{0}; // futex word: bumped to resume
  sem_t Ack;
  int Signal = 0;
};

World &world();

void suspendHandler(int, siginfo_t *, void *Ctx) {
  int SavedErrno = errno;
  World &W = world();
  uint32_t Gen = W.Generation.load();
  if (GcThread *T = MyThread) {
    auto *UC = static_cast<ucontext_t *>(Ctx);
#if defined(__x86_64__)
    static_assert(NGREG <= 40, "register copy");
    for (unsigned I = 0; I < NGREG; ++I)
      T->Regs[I] = uintptr_t(UC->uc_mcontext.gregs[I]);
    T->NumRegs = NGREG;
    T->SavedSP = uintptr_t(UC->uc_mcontext.gregs[REG_RSP]);
#elif defined(__aarch64__)
    for (unsigned I = 0; I < 31; ++I)
      T->Regs[I] = uintptr_t(UC->uc_mcontext.regs[I]);
    T->NumRegs = 31;
    T->SavedSP = uintptr_t(UC->uc_mcontext.sp);
#else
#error "the collector needs the interrupted registers of this architecture"
#endif
  }
  sem_post(&W.Ack);
  while (W.Generation.load() == Gen)
    syscall(SYS_futex, reinterpret_cast<uint32_t *>(&W.Generation),
            FUTEX_WAIT_PRIVATE, Gen, nullptr, nullptr, 0);
  errno = SavedErrno;
}

World &world() {
  static World *W = [] {
    auto *W = new World();
    sem_init(&W->Ack, 0, 0);
    W->Signal = SIGRTMIN + 6;
    struct sigaction SA {};
    SA.sa_sigaction = suspendHandler;
    SA.sa_flags = SA_SIGINFO | SA_RESTART;
    sigfillset(&SA.sa_mask);
    sigaction(W->Signal, &SA, nullptr);
    return W;
  }();
  return *W;
}

GcThread *currentThread() {
  if (MyThread)
    return MyThread;
  world(); // the handler is installed before any thread can be signalled
  auto *T = new GcThread();
  T->Self = pthread_self();
  pthread_attr_t Attr;
  if (pthread_getattr_np(pthread_self(), &Attr) == 0) {
    void *Addr = nullptr;
    size_t Size = 0;
    if (pthread_attr_getstack(&Attr, &Addr, &Size) == 0 && Addr) {
      T->StackLow = reinterpret_cast<uintptr_t>(Addr);
      T->StackHigh = T->StackLow + Size;
    }
    pthread_attr_destroy(&Attr);
  }
  {
    std::lock_guard<std::mutex> L(rootsLock());
    roots().Threads.push_back(T);
  }
  MyThread = T;
  MyOwner.T = T;
  return T;
}

//===------------------------------ marking ------------------------------===//

/// Marks the escaped exception that Word points to (to its start only,
/// unless Interior) and queues its payload: an exnref outside the heap.
/// The mark stack tells it from a heap object by its low bit (both are
/// 8-byte aligned). Runs with rootsLock held, as all marking does.
void markEscaped(Heap &H, uintptr_t Word, bool Interior) {
  std::map<uintptr_t, EscapedException> &Escaped = roots().Escaped;
  if (Escaped.empty())
    return;
  auto It = Escaped.upper_bound(Word);
  if (It == Escaped.begin())
    return;
  --It;
  if (Word - It->first >= It->second.Bytes ||
      (!Interior && Word != It->first) || It->second.Marked)
    return;
  It->second.Marked = true;
  H.Marks.push(It->first | 1);
}

/// Marks the object that Word points to (to its start only, unless
/// Interior), if it is an allocated cell of the heap or an escaped
/// exception.
inline void markWord(Heap &H, uintptr_t Word, bool Interior) {
  uintptr_t Base = reinterpret_cast<uintptr_t>(H.Base);
  if (Word - Base >= uint64_t(H.Frontier) * BlockSize) {
    markEscaped(H, Word, Interior);
    return;
  }
  uint64_t Off = Word - Base;
  uint32_t B = uint32_t(Off >> BlockShift);
  const BlockInfo &I = H.Info[B];
  uint32_t Cell = 0;
  switch (I.State) {
  case SmallBlock: {
    uint32_t Size = ClassSizes[I.Class];
    uint32_t InBlock = uint32_t(Off & (BlockSize - 1));
    Cell = InBlock / Size;
    if (Cell >= I.Cells || (!Interior && InBlock % Size))
      return;
    break;
  }
  case LargeTail:
    if (!Interior)
      return;
    B = I.Link;
    break;
  case LargeHead:
    if (!Interior && (Off & (BlockSize - 1)))
      return;
    break;
  default:
    return;
  }
  if (!testBit(H.allocBits(B), Cell) || testBit(H.markBits(B), Cell))
    return;
  setBit(H.markBits(B), Cell);
  uint32_t Size = I.State == SmallBlock ? ClassSizes[I.Class] : 0;
  H.Marks.push(reinterpret_cast<uintptr_t>(H.blockAddr(B)) + uint64_t(Cell) * Size);
}

/// Every aligned word of [Low, High) that may point into the heap. A
/// stack holds words no C++ object owns (ASan's redzones around locals,
/// slots of frames that returned), and reading them is the point: the
/// scan is not instrumented.
__attribute__((no_sanitize("address")))
void scanRange(Heap &H, uintptr_t Low, uintptr_t High) {
  Low = (Low + 7) & ~uintptr_t(7);
  for (uintptr_t P = Low; P + 8 <= High; P += 8)
    markWord(H, *reinterpret_cast<const uintptr_t *>(P), true);
}

/// Follows the reference fields of a marked object, or the payload of a
/// marked escaped exception (low bit set: markEscaped), every word of it
/// as for the exceptions in flight.
void traceObject(Heap &H, uintptr_t Object) {
  if (Object & 1) {
    uintptr_t Start = Object & ~uintptr_t(1);
    const EscapedException &X = roots().Escaped.find(Start)->second;
    scanRange(H, Start + offsetof(w2s_exception, values), Start + X.Bytes);
    return;
  }
  const w2s_gc_type *T = reinterpret_cast<const w2s_gc_header *>(Object)->type;
  if (!T || !T->num_refs)
    return;
  if (T->kind == W2S_GC_STRUCT) {
    for (uint32_t I = 0; I < T->num_refs; ++I)
      markWord(H, *reinterpret_cast<const uintptr_t *>(Object + T->ref_offsets[I]),
               false);
  } else if (T->kind == W2S_GC_ARRAY) {
    uint32_t Len = *reinterpret_cast<const uint32_t *>(Object + W2S_ARRAY_LENGTH);
    auto *Elems = reinterpret_cast<const uintptr_t *>(Object + W2S_ARRAY_ELEMS);
    for (uint32_t I = 0; I < Len; ++I)
      markWord(H, Elems[I], false);
  }
}

void drain(Heap &H) {
  while (!H.Marks.empty())
    traceObject(H, H.Marks.pop());
}

/// This thread's registers and stack, from the caller of this function up.
[[gnu::noinline]] void markOwnStack(Heap &H, const GcThread &Me) {
  ucontext_t UC;
  getcontext(&UC);
  uintptr_t Here = reinterpret_cast<uintptr_t>(&UC);
  scanRange(H, Here, Here + sizeof(UC));
  if (Me.StackHigh > Here)
    scanRange(H, Here, Me.StackHigh);
  asm volatile("" ::"r"(&UC) : "memory");
}

void markRoots(Heap &H, Roots &R, GcThread &Me) {
  markOwnStack(H, Me);
  for (GcThread *T : R.Threads) {
    if (T == &Me || !T->SavedSP)
      continue;
    for (unsigned I = 0; I < T->NumRegs; ++I)
      markWord(H, T->Regs[I], true);
    // The red zone below the stack pointer (x86-64) may hold live data.
    uintptr_t Low = std::max(T->SavedSP - 128, T->StackLow);
    if (T->StackHigh > Low)
      scanRange(H, Low, T->StackHigh);
  }
  for (const Global *G : R.Globals)
    markWord(H, reinterpret_cast<uintptr_t>(const_cast<Global *>(G)->cell()->ref),
             false);
  for (const Table *T : R.Tables) {
    auto *Raw = const_cast<Table *>(T)->raw();
    if (Raw->elemtype == W2S_FUNCREF)
      continue;
    for (uint32_t I = 0; I < Raw->size; ++I)
      markWord(H, reinterpret_cast<uintptr_t>(Raw->elems[I].ref), false);
  }
  for (const InstanceCore *C : R.Cores)
    for (const auto &Seg : C->Elems)
      for (const void *Ref : Seg)
        markWord(H, reinterpret_cast<uintptr_t>(Ref), false);
  for (const w2s_exception *E : R.Exceptions) {
    uint32_t N = E->tag ? E->tag->num_params : 0;
    auto V = reinterpret_cast<uintptr_t>(E->values);
    scanRange(H, V, V + N * sizeof(w2s_value));
  }
  for (const auto &[Ref, Count] : R.Held)
    markWord(H, reinterpret_cast<uintptr_t>(Ref), false);
}

//===------------------------------ sweeping -----------------------------===//

void sweep(Heap &H) {
  for (auto &P : H.Partial)
    P.clear();
  std::fill(std::begin(H.Current), std::end(H.Current), ~0u);
  H.FreeRuns.clear();
  uint64_t Live = 0;
  uint32_t RunStart = 0, RunLen = 0, FreeBlocks = 0;
  auto endRun = [&] {
    if (!RunLen)
      return;
    H.FreeRuns.emplace(RunStart, RunLen);
    FreeBlocks += RunLen;
    RunLen = 0;
  };
  auto freeBlock = [&](uint32_t B) {
    H.Info[B] = BlockInfo(); // dirty: Class 0
    if (!RunLen)
      RunStart = B;
    ++RunLen;
  };
  for (uint32_t B = 0; B < H.Frontier;) {
    BlockInfo &I = H.Info[B];
    uint64_t *A = H.allocBits(B), *M = H.markBits(B);
    if (I.State == SmallBlock) {
      uint32_t LiveCells = 0;
      for (uint32_t W = 0; W < BitmapWords; ++W) {
        A[W] &= M[W];
        M[W] = 0;
        LiveCells += uint32_t(__builtin_popcountll(A[W]));
      }
      Live += uint64_t(LiveCells) * ClassSizes[I.Class];
      if (!LiveCells) {
        freeBlock(B);
      } else {
        endRun();
        if (LiveCells < I.Cells)
          H.Partial[I.Class].push_back(B);
      }
      ++B;
    } else if (I.State == LargeHead) {
      uint32_t N = I.Link;
      bool Marked = M[0] & 1;
      M[0] = 0;
      if (Marked) {
        endRun();
        Live += uint64_t(N) * BlockSize;
      } else {
        A[0] = 0;
        for (uint32_t K = 0; K < N; ++K)
          freeBlock(B + K);
      }
      B += N;
    } else {
      if (I.State == FreeBlock) {
        if (!RunLen)
          RunStart = B;
        ++RunLen;
      }
      ++B;
    }
  }
  endRun();
  // Reuse the lowest blocks first: the heap's top stays free longest.
  for (auto &P : H.Partial)
    std::reverse(P.begin(), P.end());
  H.Stats.LiveBytes = Live;
  H.SinceGc = 0;
  H.Trigger = std::max(Live, MinTrigger);
  // Keep free blocks for what the next cycle allocates; give the rest,
  // highest first, back to the kernel (they read zero when reused).
  uint64_t Keep = H.Trigger / BlockSize + 16;
  for (auto It = H.FreeRuns.rbegin(); It != H.FreeRuns.rend() && FreeBlocks > Keep;
       ++It) {
    uint32_t Len = std::min<uint64_t>(It->second, FreeBlocks - Keep);
    uint32_t Start = It->first + It->second - Len;
    if (H.Info[Start].Class == 1 && H.Info[Start + Len - 1].Class == 1) {
      FreeBlocks -= Len;
      continue;
    }
    madvise(H.blockAddr(Start), uint64_t(Len) * BlockSize, MADV_DONTNEED);
    for (uint32_t B = Start; B < Start + Len; ++B)
      H.Info[B].Class = 1;
    FreeBlocks -= Len;
  }
}

/// Frees the escaped exceptions that the marking did not reach, and
/// clears the marks of the others. After the world runs again: free may
/// need a lock that a stopped thread held. No thread can have reached an
/// unmarked one since (a pointer to it was only where marking looked).
void sweepEscaped(Heap &H) {
  std::lock_guard<std::mutex> L(rootsLock());
  std::map<uintptr_t, EscapedException> &Escaped = roots().Escaped;
  for (auto It = Escaped.begin(); It != Escaped.end();) {
    if (It->second.Marked) {
      It->second.Marked = false;
      H.Stats.LiveBytes += It->second.Bytes;
      ++It;
      continue;
    }
    std::free(reinterpret_cast<void *>(It->first));
    It = Escaped.erase(It);
  }
  // What the escaped exceptions take counts like the heap's live data.
  H.Trigger = std::max(H.Stats.LiveBytes, MinTrigger);
}

//===----------------------------- collection ----------------------------===//

/// A collection, with Heap::Lock held.
uint64_t threadCpuNanos() {
  timespec T{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &T);
  return uint64_t(T.tv_sec) * 1000000000u + uint64_t(T.tv_nsec);
}

void collectLocked(Heap &H) {
  auto Start = std::chrono::steady_clock::now();
  uint64_t CpuStart = threadCpuNanos();
  GcThread &Me = *currentThread();
  World &W = world();
  {
    std::lock_guard<std::mutex> L(rootsLock());
    Roots &R = roots();
    // Stop every other thread that is inside wasm.
    W.Stopping.store(true);
    unsigned Stopped = 0;
    for (GcThread *T : R.Threads) {
      T->SavedSP = 0;
      if (T != &Me && T->InWasm.load() && pthread_kill(T->Self, W.Signal) == 0)
        ++Stopped;
    }
    for (unsigned I = 0; I < Stopped; ++I)
      while (sem_wait(&W.Ack) != 0 && errno == EINTR) {
      }
    markRoots(H, R, Me);
    drain(H);
    for (GcThread *T : R.Threads)
      T->SavedSP = 0;
    W.Stopping.store(false);
    W.Generation.fetch_add(1);
    syscall(SYS_futex, reinterpret_cast<uint32_t *>(&W.Generation),
            FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0);
  }
  sweep(H);
  sweepEscaped(H);
  uint64_t Nanos = uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::steady_clock::now() - Start)
                                .count());
  uint64_t Cpu = threadCpuNanos() - CpuStart;
  ++H.Stats.Collections;
  H.Stats.PauseNanosTotal += Nanos;
  H.Stats.PauseNanosMax = std::max(H.Stats.PauseNanosMax, Nanos);
  H.Stats.PauseCpuNanosTotal += Cpu;
  H.Stats.PauseCpuNanosMax = std::max(H.Stats.PauseCpuNanosMax, Cpu);
}

/// Whether an allocation on this thread may collect: it runs wasm code
/// (so the runtime's own half-built state is not on its stack) outside
/// any GcDeferral.
bool mayCollect() { return MyThread && MyThread->InWasm.load(std::memory_order_relaxed) && !DeferDepth; }

const w2s_gc_type ExternBoxType = {0, nullptr, W2S_GC_EXTERN_BOX, 0, nullptr};
const w2s_gc_type I31BoxType = {0, nullptr, W2S_GC_I31_BOX, 0, nullptr};

/// A box: the header, then one pointer-sized payload.
struct Box {
  w2s_gc_header Header;
  const void *Payload;
};

bool isI31(const void *P) {
  return reinterpret_cast<uintptr_t>(P) & W2S_I31_TAG;
}

} // namespace

namespace wasm2so::rt {

void *gcAllocate(const w2s_gc_type *Type, uint64_t Bytes) {
  Heap &H = heap();
  if (H.Failed || Bytes > HeapReservation)
    return nullptr;
  Bytes = std::max<uint64_t>(MinCell, (Bytes + 7) & ~uint64_t(7));
  std::lock_guard<std::mutex> Guard(H.Lock);
  bool Collect = mayCollect();
  if (Collect && H.SinceGc >= H.Trigger)
    collectLocked(H);
  uint8_t *Object = allocateLocked(H, Bytes);
  if (!Object && Collect) {
    collectLocked(H);
    Object = allocateLocked(H, Bytes);
  }
  if (!Object)
    return nullptr;
  H.Stats.AllocatedBytes += Bytes;
  H.Stats.HeapBytes = uint64_t(H.Frontier) * BlockSize;
  reinterpret_cast<w2s_gc_header *>(Object)->type = Type;
  return Object;
}

bool isGcObject(const void *P) {
  Heap &H = heap();
  auto *B = static_cast<const uint8_t *>(P);
  return H.Base && B >= H.Base && B < H.Base + HeapReservation;
}

bool gcHeapUsed() {
  Heap &H = heap();
  std::lock_guard<std::mutex> Guard(H.Lock);
  return H.Frontier != 0;
}

void gcEnterWasm() {
  GcThread *T = currentThread();
  for (;;) {
    T->InWasm.store(true);
    if (!world().Stopping.load())
      return;
    // A collection is stopping the world: wait until it is done.
    T->InWasm.store(false);
    std::lock_guard<std::mutex> Wait(heap().Lock);
  }
}

void gcLeaveWasm() {
  if (MyThread)
    MyThread->InWasm.store(false, std::memory_order_release);
}

int gcSuspendSignal() { return world().Signal; }

GcDeferral::GcDeferral() { ++DeferDepth; }
GcDeferral::~GcDeferral() { --DeferDepth; }

void gcRegisterGlobal(const Global *G) {
  std::lock_guard<std::mutex> L(rootsLock());
  roots().Globals.insert(G);
}
void gcUnregisterGlobal(const Global *G) {
  std::lock_guard<std::mutex> L(rootsLock());
  roots().Globals.erase(G);
}
void gcRegisterTable(const Table *T) {
  std::lock_guard<std::mutex> L(rootsLock());
  roots().Tables.insert(T);
}
void gcUnregisterTable(const Table *T) {
  std::lock_guard<std::mutex> L(rootsLock());
  roots().Tables.erase(T);
}
void gcRegisterCore(const InstanceCore *C) {
  std::lock_guard<std::mutex> L(rootsLock());
  roots().Cores.insert(C);
}
void gcUnregisterCore(const InstanceCore *C) {
  std::lock_guard<std::mutex> L(rootsLock());
  roots().Cores.erase(C);
}
void gcRegisterException(const w2s_exception *E) {
  std::lock_guard<std::mutex> L(rootsLock());
  roots().Exceptions.insert(E);
}
void gcUnregisterException(const w2s_exception *E) {
  std::lock_guard<std::mutex> L(rootsLock());
  roots().Exceptions.erase(E);
}

bool gcAdoptException(w2s_exception *E) {
  Heap &H = heap();
  uint64_t Bytes = exceptionBytes(E->tag);
  std::lock_guard<std::mutex> Guard(H.Lock);
  {
    std::lock_guard<std::mutex> L(rootsLock());
    if (E->escaped == ExnEscaped)
      return false;
    E->escaped = ExnEscaped;
    Roots &R = roots();
    R.Exceptions.erase(E);
    R.Escaped.emplace(reinterpret_cast<uintptr_t>(E), EscapedException{Bytes});
  }
  // As an allocation of its size: a module that only throws collects too.
  // E is live in the caller (compiled code returns it to the handler).
  H.SinceGc += Bytes;
  if (mayCollect() && H.SinceGc >= H.Trigger)
    collectLocked(H);
  return true;
}

size_t gcEscapedExceptionCount() {
  std::lock_guard<std::mutex> L(rootsLock());
  return roots().Escaped.size();
}

//===------------------------------ host API -----------------------------===//

HeldRef::HeldRef(const void *R) : Ref(R) {
  if (!Ref)
    return;
  std::lock_guard<std::mutex> L(rootsLock());
  ++roots().Held[Ref];
}

HeldRef::HeldRef(const HeldRef &O) : HeldRef(O.Ref) {}

HeldRef &HeldRef::operator=(const HeldRef &O) {
  if (this != &O) {
    HeldRef Copy(O);
    std::swap(Ref, Copy.Ref);
  }
  return *this;
}

HeldRef::~HeldRef() {
  if (!Ref)
    return;
  std::lock_guard<std::mutex> L(rootsLock());
  auto It = roots().Held.find(Ref);
  if (It != roots().Held.end() && --It->second == 0)
    roots().Held.erase(It);
}

void collectGarbage() {
  Heap &H = heap();
  if (H.Failed || DeferDepth)
    return;
  std::lock_guard<std::mutex> Guard(H.Lock);
  collectLocked(H);
}

GcStats gcStats() {
  Heap &H = heap();
  std::lock_guard<std::mutex> Guard(H.Lock);
  GcStats S = H.Stats;
  S.HeapBytes = uint64_t(H.Frontier) * BlockSize;
  return S;
}

const void *anyFromExtern(const void *Ref) {
  if (!Ref)
    return nullptr;
  if (isGcObject(Ref)) {
    const auto *Object = static_cast<const Box *>(Ref);
    // An i31 that went out as an externref comes back as itself.
    if (Object->Header.type->kind == W2S_GC_I31_BOX)
      return Object->Payload;
    return Ref;
  }
  auto *B = static_cast<Box *>(gcAllocate(&ExternBoxType, sizeof(Box)));
  if (!B)
    return nullptr;
  B->Payload = Ref;
  return B;
}

const void *externFromAny(const void *Ref) {
  if (!Ref)
    return nullptr;
  if (isI31(Ref)) {
    auto *B = static_cast<Box *>(gcAllocate(&I31BoxType, sizeof(Box)));
    if (!B)
      return nullptr;
    B->Payload = Ref;
    return B;
  }
  const auto *Object = static_cast<const Box *>(Ref);
  if (Object->Header.type->kind == W2S_GC_EXTERN_BOX)
    return Object->Payload;
  return Ref;
}

AnyKind anyKind(const void *Ref) {
  if (!Ref)
    return AnyKind::Null;
  if (isI31(Ref))
    return AnyKind::I31;
  if (!isGcObject(Ref))
    return AnyKind::Unknown;
  switch (static_cast<const w2s_gc_header *>(Ref)->type->kind) {
  case W2S_GC_STRUCT:
    return AnyKind::Struct;
  case W2S_GC_ARRAY:
    return AnyKind::Array;
  case W2S_GC_EXTERN_BOX:
    return AnyKind::Host;
  default:
    return AnyKind::Unknown;
  }
}

const void *hostRefOf(const void *Ref) {
  if (anyKind(Ref) != AnyKind::Host)
    return nullptr;
  return static_cast<const Box *>(Ref)->Payload;
}

} // namespace wasm2so::rt

extern "C" {

const void *w2s_builtin_any_convert_extern(void *Vmctx, const void *Ref) {
  const void *R = anyFromExtern(Ref);
  if (Ref && !R)
    raiseTrap(W2S_TRAP_GcHeapExhausted);
  return R;
}

const void *w2s_builtin_extern_convert_any(void *Vmctx, const void *Ref) {
  const void *R = externFromAny(Ref);
  if (Ref && !R)
    raiseTrap(W2S_TRAP_GcHeapExhausted);
  return R;
}

void *w2s_builtin_struct_new(void *Vmctx, const void *Type, uint64_t Bytes) {
  void *P = gcAllocate(static_cast<const w2s_gc_type *>(Type), Bytes);
  if (!P)
    raiseTrap(W2S_TRAP_GcHeapExhausted);
  return P;
}

void *w2s_builtin_array_new(void *Vmctx, const void *Type, uint32_t Length,
                            uint32_t ElemBytes) {
  uint64_t Bytes = W2S_ARRAY_ELEMS + uint64_t(Length) * ElemBytes;
  void *P = gcAllocate(static_cast<const w2s_gc_type *>(Type), Bytes);
  if (!P)
    raiseTrap(W2S_TRAP_GcHeapExhausted);
  *reinterpret_cast<uint32_t *>(static_cast<uint8_t *>(P) + W2S_ARRAY_LENGTH) =
      Length;
  return P;
}

} // extern "C"
