//===- Split.h - Cutting a lowered module into parts ------------*- C++ -*-===//
//
// A large module is optimized and compiled in parts, on several threads,
// each part in an LLVMContext of its own (Driver.cpp). The cut is made
// before any optimization, so that the whole pipeline runs in parallel, and
// it is made so as to cost the optimizer as little as possible: see
// Split.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_SPLIT_H
#define WASM2SO_COMPILER_SPLIT_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <cstddef>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace wasm2so {

/// Which part each function of a module goes to, and what else each part
/// needs.
class ModuleSplit {
public:
  /// A module is cut into parts of about this many IR instructions as
  /// lowered (at most MaxParts); a smaller module is one part. Parts a few
  /// times smaller than a thread's share keep the threads evenly loaded
  /// (compile time is far from proportional to instruction counts); each
  /// part costs reading its functions back from bitcode and setting up
  /// the pipelines.
  static constexpr size_t DefaultPartSize = 6000;
  static constexpr unsigned MaxParts = 16;

  /// Plans the split of LM, as lowered (before any optimization), into
  /// parts of about PartSize instructions, and prepares LM for it: every
  /// local symbol that another part refers to becomes a hidden global. A
  /// small module is one part, and LM is left as it is. The plan depends
  /// on LM alone, never on the machine.
  static ModuleSplit plan(llvm::Module &LM, size_t PartSize = DefaultPartSize);

  unsigned parts() const { return Parts; }

  /// Reduces M, which is the prepared LM or a copy of it read from bitcode,
  /// to part Part: the functions it owns, copies of small functions of
  /// other parts as available_externally definitions (for the inliner),
  /// copies of the local constants it reads; everything else becomes a
  /// declaration. Part 0 keeps every global variable.
  void keepPart(llvm::Module &M, unsigned Part) const;

private:
  unsigned Parts = 1;
  /// Each defined function's part, by name.
  llvm::StringMap<unsigned> Owner;
  /// Per part: the functions of other parts it has a copy of.
  std::vector<llvm::StringSet<>> Imported;
  /// Per part (but 0): the local constants it has a copy of.
  std::vector<llvm::StringSet<>> Constants;
};

} // namespace wasm2so

#endif
