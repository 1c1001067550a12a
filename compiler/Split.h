//===- Split.h - Cutting a module into parts --------------------*- C++ -*-===//
//
// A large module is lowered, optimized and compiled in parts, on several
// threads, each part in an LLVMContext and llvm::Module of its own
// (Driver.cpp). The cut is planned on the wasm module, before any IR
// exists, so that no thread ever holds the whole module's IR: see
// Split.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_SPLIT_H
#define WASM2SO_COMPILER_SPLIT_H

#include "Instr.h"
#include "Module.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <vector>

namespace wasm2so {

/// Which part each defined function of a module goes to, and what else
/// each part lowers.
class PartPlan {
public:
  /// A module is cut into parts of about this many bytes of function
  /// bodies (at most MaxParts of them, unless that would make a part larger
  /// than MaxPartBytes); a smaller module is one part. Parts a few times
  /// smaller than a thread's share keep the threads evenly loaded (compile
  /// time is far from proportional to code size); each part costs setting
  /// up its module and pipelines, and a call across parts is not inlined
  /// unless its callee is copied (Split.cpp).
  static constexpr size_t DefaultPartSize = 9000;
  static constexpr unsigned MaxParts = 16;
  /// The most code in one part: bounds a thread's IR, and so the memory a
  /// compile needs, whatever the module's size.
  static constexpr size_t MaxPartBytes = 192 * 1024;

  /// Plans the cut of a validated module into parts of about PartSize
  /// bytes of code. Imports: give each part copies of the small functions
  /// of other parts it calls (for the inliner; pointless without one). The
  /// plan depends on the module and these two arguments alone, never on
  /// the machine. A read error (never for a validated module) is returned.
  static llvm::Expected<PartPlan> plan(const Module &M,
                                       size_t PartSize = DefaultPartSize,
                                       bool Imports = true);

  unsigned parts() const { return Parts; }
  /// The part defining function FuncIdx (a defined function).
  unsigned owner(uint32_t FuncIdx) const { return Owner[FuncIdx]; }
  /// Whether a part other than its owner refers to function FuncIdx:
  /// it is then a hidden global rather than a local symbol. Part 0's
  /// descriptor refers to every function, so only part 0's own functions
  /// can stay local.
  bool shared(uint32_t FuncIdx) const { return Shared[FuncIdx]; }
  /// The functions part P defines, and those it has available_externally
  /// copies of; both in index order.
  llvm::ArrayRef<uint32_t> owned(unsigned P) const { return Owned[P]; }
  llvm::ArrayRef<uint32_t> imported(unsigned P) const { return Imported[P]; }
  /// Bytes of function bodies part P lowers (owned and copies).
  size_t partBytes(unsigned P) const { return Bytes[P]; }

  /// What lowering would otherwise scan every body for, found once:
  /// the private function tables (ModuleLowering::isPrivateFuncTable),
  /// whether any function has a try block (then part 0 defines the
  /// personality slot that every part's landing pads use), and whether
  /// any makes a tail call (without one, -O0 gives the functions that no
  /// funcref reaches a convention its fast instruction selector takes:
  /// ModuleLowering::createFunction).
  std::vector<bool> PrivateFuncTables;
  bool HasTry = false;
  bool HasTailCall = false;

private:
  unsigned Parts = 1;
  std::vector<unsigned> Owner;             // by function index
  std::vector<bool> Shared;                // by function index
  std::vector<std::vector<uint32_t>> Owned, Imported;
  std::vector<size_t> Bytes;
};

/// Marks in Written the table that I writes, if any.
void noteTableWrite(const Instr &I, std::vector<bool> &Written);

/// The private function tables of M (ModuleLowering::isPrivateFuncTable)
/// given which tables instructions write (table.set, table.grow,
/// table.fill, table.copy's destination, table.init's).
std::vector<bool> privateFuncTables(const Module &M,
                                    const std::vector<bool> &Written);

} // namespace wasm2so

#endif
