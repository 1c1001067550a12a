//===- Collector.cpp - Breaking instance <-> table reference cycles --------===//
//
// An instance holds its tables, and a table holds (Table::Owners) every
// instance whose functions it contains, so that a funcref in a shared table
// never dangles. An instance that puts its own functions into a table it
// imports or exports (the common-table pattern) is therefore in a cycle
// that reference counting alone never frees.
//
// This is a trial-deletion cycle collector over the live instance cores and
// their tables: the references one of them holds to another are subtracted
// from use_count; what is left is held from outside (Instances, Linkers,
// Function handles, the host). Whatever cannot be reached from such a root
// is garbage, and clearing its tables' Owners breaks every cycle (instances
// only reach each other through tables and imported functions, and imports
// cannot form cycles). It runs when an Instance or a Linker goes away and
// before each instantiation.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"

#include <mutex>
#include <unordered_map>

using namespace wasm2so::rt;

namespace {

std::mutex CollectorMutex;

std::vector<std::weak_ptr<InstanceCore>> &trackedCores() {
  static auto *Cores = new std::vector<std::weak_ptr<InstanceCore>>();
  return *Cores;
}

/// The core a function belongs to, or null for a host function.
InstanceCore *coreOfFunction(const Function &F) {
  if (!F.Trampoline)
    return nullptr;
  return static_cast<InstanceCore *>(
      static_cast<w2s_vmctx *>(F.Ref.vmctx)->instance);
}

} // namespace

namespace wasm2so::rt {

std::mutex &ownersMutex() { return CollectorMutex; }

void trackCore(const std::shared_ptr<InstanceCore> &Core) {
  std::lock_guard<std::mutex> Lock(CollectorMutex);
  trackedCores().push_back(Core);
}

void collectCycles() {
  // Declared first, destroyed last: released references are dropped after
  // the lock is gone, since destructors may come back here.
  std::vector<std::shared_ptr<void>> Released;
  std::vector<std::shared_ptr<InstanceCore>> Cores;
  std::lock_guard<std::mutex> Lock(CollectorMutex);

  auto &Tracked = trackedCores();
  size_t Kept = 0;
  for (auto &W : Tracked)
    if (auto C = W.lock()) {
      Cores.push_back(std::move(C));
      Tracked[Kept++] = W;
    }
  Tracked.resize(Kept);
  if (Cores.empty())
    return;

  struct Node {
    long Internal = 0;
    long Count = 0;
    bool Reached = false;
  };
  std::unordered_map<const void *, Node> Nodes;
  for (auto &C : Cores)
    Nodes[C.get()].Count = C.use_count() - 1; // minus our own copy
  for (auto &C : Cores)
    for (auto &T : C->Tables) {
      Node &N = Nodes[T.get()];
      N.Count = T.use_count();
      ++N.Internal;
    }
  // References between the nodes.
  for (auto &C : Cores) {
    for (auto &F : C->Imported)
      if (InstanceCore *Other = coreOfFunction(*F))
        if (auto It = Nodes.find(Other); It != Nodes.end())
          ++It->second.Internal;
  }
  for (auto &C : Cores)
    for (auto &T : C->Tables)
      if (!Nodes[T.get()].Reached) {
        Nodes[T.get()].Reached = true; // visit each table once
        for (auto &O : T->Owners)
          if (auto It = Nodes.find(O.get()); It != Nodes.end())
            ++It->second.Internal;
      }
  for (auto &[_, N] : Nodes)
    N.Reached = false;

  // Mark from the roots.
  std::unordered_map<const void *, Table *> Tables;
  for (auto &C : Cores)
    for (auto &T : C->Tables)
      Tables[T.get()] = T.get();
  std::unordered_map<const void *, InstanceCore *> CoreOf;
  for (auto &C : Cores)
    CoreOf[C.get()] = C.get();
  std::vector<const void *> Work;
  for (auto &[P, N] : Nodes)
    if (N.Count > N.Internal) {
      N.Reached = true;
      Work.push_back(P);
    }
  auto Reach = [&](const void *P) {
    auto It = Nodes.find(P);
    if (It != Nodes.end() && !It->second.Reached) {
      It->second.Reached = true;
      Work.push_back(P);
    }
  };
  while (!Work.empty()) {
    const void *P = Work.back();
    Work.pop_back();
    if (auto It = CoreOf.find(P); It != CoreOf.end()) {
      for (auto &T : It->second->Tables)
        Reach(T.get());
      for (auto &F : It->second->Imported)
        if (InstanceCore *Other = coreOfFunction(*F))
          Reach(Other);
    } else {
      for (auto &O : Tables[P]->Owners)
        Reach(O.get());
    }
  }

  // Unreached tables are garbage: let go of what they keep alive.
  for (auto &[P, T] : Tables)
    if (!Nodes[P].Reached)
    {
      for (auto &O : T->Owners)
        Released.push_back(std::move(O));
      T->Owners.clear();
    }
}

} // namespace wasm2so::rt
