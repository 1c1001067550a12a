//===- Backtrace.cpp - Mapping code addresses back to wasm functions -------===//
//
// Every instantiated module's code is entered here: the start of each defined
// function, entry trampoline and host adapter, sorted. An address belongs to
// a wasm function when it lies between that function's start and the next
// known start of the same module; trampolines and adapters are emitted after
// the functions, so every function has such an end, and an address in a
// trampoline, an adapter or anything else is not wasm code.
//
// Modules are held weakly: an unloaded module's entry is skipped and dropped
// at the next registration, so no unload hook is needed.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include <algorithm>
#include <cstdio>
#include <dlfcn.h>
#include <mutex>

using namespace wasm2so::rt;

namespace {

constexpr uint32_t NotWasm = ~0u;

struct CodeMap {
  std::weak_ptr<Module> Mod;
  const Module *Raw = nullptr;
  std::string Name;
  std::string Object;
  uintptr_t Base = 0;
  /// (start, function index or NotWasm), sorted by start.
  std::vector<std::pair<uintptr_t, uint32_t>> Starts;
};

std::mutex MapsMutex;
std::vector<CodeMap> &maps() {
  static auto *Maps = new std::vector<CodeMap>();
  return *Maps;
}

std::string stemOf(const std::string &Path) {
  size_t Slash = Path.rfind('/');
  std::string File = Slash == std::string::npos ? Path : Path.substr(Slash + 1);
  size_t Dot = File.rfind('.');
  return Dot == std::string::npos || Dot == 0 ? File : File.substr(0, Dot);
}

CodeMap buildMap(const std::shared_ptr<Module> &M) {
  const w2s_descriptor &D = M->descriptor();
  CodeMap Map;
  Map.Mod = M;
  Map.Raw = M.get();
  Map.Name = D.module_name.data && D.module_name.len ? nameOf(D.module_name)
                                                     : stemOf(M->path());
  uint32_t NumDefined = D.num_funcs - D.num_imported_funcs;
  for (uint32_t I = 0; I < NumDefined; ++I)
    Map.Starts.emplace_back(reinterpret_cast<uintptr_t>(D.funcs[I].code),
                            D.num_imported_funcs + I);
  for (uint32_t T = 0; T < D.num_types; ++T) {
    Map.Starts.emplace_back(
        reinterpret_cast<uintptr_t>(D.types[T].entry_trampoline), NotWasm);
    Map.Starts.emplace_back(
        reinterpret_cast<uintptr_t>(D.types[T].host_adapter), NotWasm);
  }
  std::sort(Map.Starts.begin(), Map.Starts.end());
  // Without trampolines after it, the last function's end is unknown.
  if (!Map.Starts.empty() && Map.Starts.back().second != NotWasm)
    Map.Starts.emplace_back(Map.Starts.back().first + 1, NotWasm);
  Dl_info Info;
  if (!Map.Starts.empty() &&
      dladdr(reinterpret_cast<void *>(Map.Starts.front().first), &Info)) {
    Map.Object = Info.dli_fname ? Info.dli_fname : "";
    Map.Base = reinterpret_cast<uintptr_t>(Info.dli_fbase);
  }
  return Map;
}

/// The map and function index of the wasm function holding PC, if any.
std::optional<std::pair<const CodeMap *, size_t>> lookup(uintptr_t PC) {
  for (const CodeMap &Map : maps()) {
    if (Map.Mod.expired() || Map.Starts.empty() ||
        PC < Map.Starts.front().first || PC >= Map.Starts.back().first)
      continue;
    auto It = std::upper_bound(
        Map.Starts.begin(), Map.Starts.end(), PC,
        [](uintptr_t A, const std::pair<uintptr_t, uint32_t> &B) {
          return A < B.first;
        });
    size_t I = size_t(It - Map.Starts.begin()) - 1;
    if (Map.Starts[I].second == NotWasm)
      return std::nullopt;
    return std::make_pair(&Map, I);
  }
  return std::nullopt;
}

} // namespace

namespace wasm2so::rt {

void registerCode(const std::shared_ptr<Module> &M) {
  std::lock_guard<std::mutex> Lock(MapsMutex);
  std::vector<CodeMap> &Maps = maps();
  Maps.erase(std::remove_if(Maps.begin(), Maps.end(),
                            [](const CodeMap &C) { return C.Mod.expired(); }),
             Maps.end());
  for (const CodeMap &C : Maps)
    if (C.Raw == M.get())
      return;
  Maps.push_back(buildMap(M));
}

std::string formatFrame(const Frame &F) {
  char Offset[32];
  std::snprintf(Offset, sizeof(Offset), " (+0x%zx)", size_t(F.CodeOffset));
  return F.Module + "!" + F.Function + Offset;
}

std::vector<Frame> symbolizeFrames(const uintptr_t *PCs, unsigned N,
                                   bool FirstIsFault) {
  // The runtime's frames come first (the capture, raiseTrap, the trap
  // builtin or the helpers of the other builtins).
  constexpr unsigned MaxRuntimeFrames = 8;
  constexpr unsigned MaxFrames = 100; // the innermost ones (Trap.cpp)
  std::lock_guard<std::mutex> Lock(MapsMutex);
  std::vector<Frame> Frames;
  for (unsigned I = 0; I < N && Frames.size() < MaxFrames; ++I) {
    // A return address is the instruction after the call, which may be the
    // next function's first when the call (to the trap builtin, say) ends
    // its function: look up the call itself.
    bool IsReturn = !(FirstIsFault && I == 0);
    auto Hit = lookup(PCs[I] - (IsReturn ? 1 : 0));
    if (!Hit) {
      if (Frames.empty() && I < MaxRuntimeFrames)
        continue;
      break;
    }
    const CodeMap &Map = *Hit->first;
    uintptr_t Start = Map.Starts[Hit->second].first;
    uint32_t Index = Map.Starts[Hit->second].second;
    const w2s_descriptor &D = Map.Raw->descriptor();
    Frame F;
    F.Module = Map.Name;
    F.FuncIndex = Index;
    const w2s_name *Name = D.func_names ? &D.func_names[Index] : nullptr;
    F.Function = Name && Name->data && Name->len
                     ? nameOf(*Name)
                     : "func[" + std::to_string(Index) + "]";
    F.CodeOffset = PCs[I] - Start;
    F.Object = Map.Object;
    F.ObjectAddress = PCs[I] - Map.Base - (IsReturn ? 1 : 0);
    Frames.push_back(std::move(F));
  }
  return Frames;
}

} // namespace wasm2so::rt
