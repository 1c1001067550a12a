//===- ModuleLowering.h - Lowering a whole module ---------------*- C++ -*-===//
//
// ModuleLowering owns what every function's lowering shares: the LLVM
// module, the Environment, the LLVM function of every wasm function, the
// native signature of every wasm type, and the per-type entry trampolines
// and host adapters. After the functions, it emits the descriptor
// (Descriptor.cpp) that the loader reads.
//
// Native calling convention of a wasm function of type [P...] -> [R...]:
//   R0 f(ptr vmctx, P...)              one result
//   void f(ptr vmctx, P...)            no result
//   {R0, R1, ...} f(ptr vmctx, P...)   several results, as an LLVM struct
// in the wasm calling convention (Environment::wasmCallingConv: swifttailcc
// with vmctx as swiftself on x86-64 and AArch64; docs/abi.md).
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_MODULELOWERING_H
#define WASM2SO_COMPILER_MODULELOWERING_H

#include "Environment.h"
#include "Lower.h"
#include "Module.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/IR/DIBuilder.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <vector>

namespace wasm2so {

class PartPlan;

class ModuleLowering {
public:
  /// Lowers all of M into LM, or with a Plan, part Part of it: the
  /// functions the part owns, copies of those it imports, and for part 0
  /// the trampolines, adapters and descriptor (Split.h).
  ModuleLowering(const Module &M, llvm::Module &LM,
                 DebugLevel Debug = DebugLevel::None,
                 const PartPlan *Plan = nullptr, unsigned Part = 0);

  /// Lowers every function (of the part), then emits trampolines,
  /// adapters and the descriptor (in part 0).
  llvm::Error run();
  /// Called after each function is lowered (progress reports).
  std::function<void()> OnFunction;

  const Module &M;
  llvm::Module &LM;
  llvm::LLVMContext &Ctx;
  Environment Env;

  /// The LLVM type of a wasm value type.
  llvm::Type *llvmType(ValType T) const;
  void hashEncoding(ValType V, uint32_t Self,
                    llvm::SmallVectorImpl<uint8_t> &Out) const;
  /// The bytes the signature hash of type TypeIdx is computed over, in its
  /// parameters' and results' parts (docs/abi.md).
  void signatureBytes(uint32_t TypeIdx, llvm::SmallVectorImpl<uint8_t> &P,
                      llvm::SmallVectorImpl<uint8_t> &R) const;
  void subTypeBytes(uint32_t TypeIdx, uint32_t RecStart, uint32_t RecSize,
                    llvm::SmallVectorImpl<uint8_t> &Out) const;
  /// The bytes of the rec group that starts at RecStart: its members'
  /// subTypeBytes, whose hash a non-plain type's signature bytes hold.
  void recGroupBytes(uint32_t RecStart,
                     llvm::SmallVectorImpl<uint8_t> &Out) const;
  /// The native function type of wasm type TypeIdx (vmctx first).
  llvm::FunctionType *nativeType(uint32_t TypeIdx) const {
    return NativeTypes[TypeIdx];
  }
  /// The signature hash of wasm type TypeIdx.
  uint64_t typeHash(uint32_t TypeIdx) const { return TypeHashes[TypeIdx]; }
  /// The LLVM function of a defined function (null for imports); in a
  /// part, a declaration made on first use for another part's function.
  llvm::Function *function(uint32_t FuncIdx);

  /// Unless DebugLevel::None: a compile unit whose file is the input, one
  /// subprogram per defined function. A location's line is the wasm byte
  /// offset of the instruction (column 0), so tools print
  /// `app.wasm:<offset>`.
  std::unique_ptr<llvm::DIBuilder> DIB;
  llvm::DIFile *DebugFile = nullptr;
  DebugLevel Debug = DebugLevel::None;
  /// True when code generation runs without optimization (-O0), so that no
  /// pass but the instruction selector's dead-code check could delete a
  /// load: loads that must trap are then made volatile rather than pinned
  /// (FunctionLowering::pinGuardedLoad).
  bool Unoptimized = false;
  /// True when lowering one part of a module cut in several (Split.h).
  bool inParts() const { return Plan != nullptr; }
  /// The subprogram of a defined function, or null without debug
  /// information.
  llvm::DISubprogram *subprogram(uint32_t FuncIdx);

  /// True when table TableIdx can only ever hold null or this instance's
  /// own functions, in the slots the element segments gave it: defined, not
  /// exported, written only by active segments of ref.func/ref.null items,
  /// and never changed by table.set/grow/fill/copy/init. call_indirect
  /// through it then passes its own vmctx and knows the size.
  bool isPrivateFuncTable(uint32_t TableIdx) const {
    return TableIdx < PrivateFuncTables.size() && PrivateFuncTables[TableIdx];
  }
  /// Lowering notes here what makes a private table's runtime entries or
  /// a function's funcref visible to compiled code: table.get of a table,
  /// table.copy from it, a call_indirect through it that reads the
  /// runtime's entries (its contents not known), ref.func in a body.
  /// markSealedTables reads them (whole modules only).
  void noteTableEntriesRead(uint32_t TableIdx) {
    if (TableIdx < TableEntriesRead.size())
      TableEntriesRead[TableIdx] = true;
  }
  void noteRefFunc(uint32_t FuncIdx) {
    if (FuncIdx < RefFuncInCode.size())
      RefFuncInCode.set(FuncIdx);
  }

  /// The personality routine of functions with landing pads: an internal
  /// stub that jumps through PersonalitySlot, where the loader stores the
  /// runtime's routine (docs/abi.md, "Exceptions"). Made on first use.
  llvm::Function *personality();
  llvm::GlobalVariable *PersonalitySlot = nullptr;
  /// Makes PersonalitySlot (defined, or in parts other than 0 declared).
  void personalitySlot();

private:
  llvm::Function *Personality = nullptr;
  /// Fills PrivateFuncTables; scans the bodies for table writes.
  llvm::Error analyzeTables();
  std::vector<bool> PrivateFuncTables;
  std::vector<bool> TableEntriesRead;
  llvm::BitVector RefFuncInCode;
  /// After every body: marks the known-contents arrays of the private
  /// tables that nothing reads but call_indirect (Environment::SealedTableMD)
  /// and the functions that only such tables reach
  /// (Environment::TableOnlyAttr).
  void markSealedTables();

  void declareFunctions();
  /// Creates the LLVM function of defined function Idx with Linkage.
  llvm::Function *createFunction(uint32_t Idx,
                                 llvm::GlobalValue::LinkageTypes Linkage);
  const PartPlan *Plan;
  unsigned Part;
  llvm::Function *emitEntryTrampoline(uint32_t TypeIdx);
  llvm::Function *emitHostAdapter(uint32_t TypeIdx);
  /// Descriptor.cpp: the wasm2so_module_descriptor global.
  void emitDescriptor();

  std::vector<llvm::FunctionType *> NativeTypes;
  std::vector<uint64_t> TypeHashes;
  std::vector<uint64_t> GroupHashes; // by type; non-plain types only
  std::vector<llvm::Function *> Functions;
  /// The functions a funcref can reach (the others get DirectOnlyAttr).
  llvm::BitVector FuncrefReachable;
  /// Whether the functions that no funcref reaches take the C convention
  /// (createFunction).
  bool DirectOnlyC = false;
  std::vector<llvm::Function *> EntryTrampolines;
  std::vector<llvm::Function *> HostAdapters;
};

} // namespace wasm2so

#endif
