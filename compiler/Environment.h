//===- Environment.h - Where compiled code finds runtime state --*- C++ -*-===//
//
// The one place that knows the ABI of include/wasm2so/abi.h from the
// compiler's side: offsets in the vmctx, the layout of tables, memories and
// funcrefs, and how builtins are declared and called. Lowering asks this
// class and never computes an offset itself; an ABI change touches only
// this class and the header.
//
// It also owns the alias classes (TBAA) of compiled code: an access to
// linear memory never aliases an access to the runtime's structures (the
// vmctx and what it points to: tables, funcrefs, global cells, memory
// records, limits), so stores to memory do not force reloads of runtime
// state and loops over memory hoist and vectorize like native code.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_ENVIRONMENT_H
#define WASM2SO_COMPILER_ENVIRONMENT_H

#include "Module.h"
#include "wasm2so/abi.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/IR/CallingConv.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

namespace wasm2so {

class Environment {
public:
  Environment(const Module &M, llvm::Module &LM);

  const w2s_vmctx_layout &layout() const { return Layout; }

  /// const w2s_funcref * of function FuncIdx (vmctx->funcs[FuncIdx]).
  llvm::Value *funcRef(llvm::IRBuilder<> &B, llvm::Value *Vmctx,
                       uint32_t FuncIdx);
  /// Fields of a w2s_funcref (hash i64, code ptr, vmctx ptr).
  llvm::Value *funcRefCode(llvm::IRBuilder<> &B, llvm::Value *FuncRef);
  llvm::Value *funcRefVmctx(llvm::IRBuilder<> &B, llvm::Value *FuncRef);
  /// The funcref's supertype display (const uint64_t *, may be null).
  llvm::Value *funcRefSupers(llvm::IRBuilder<> &B, llvm::Value *FuncRef);

  /// w2s_table * of table TableIdx.
  llvm::Value *table(llvm::IRBuilder<> &B, llvm::Value *Vmctx,
                     uint32_t TableIdx);
  /// Current size (i32) and element array (w2s_table_elem *) of a table;
  /// both reloaded at every use since the table may grow.
  llvm::Value *tableSize(llvm::IRBuilder<> &B, llvm::Value *Table);
  llvm::Value *tableElems(llvm::IRBuilder<> &B, llvm::Value *Table);
  /// Address of elems[Index] and of its fields.
  llvm::Value *tableElem(llvm::IRBuilder<> &B, llvm::Value *Elems,
                         llvm::Value *Index);
  llvm::Value *elemHash(llvm::IRBuilder<> &B, llvm::Value *Elem);
  llvm::Value *elemCode(llvm::IRBuilder<> &B, llvm::Value *Elem);
  llvm::Value *elemVmctx(llvm::IRBuilder<> &B, llvm::Value *Elem);
  llvm::Value *elemRef(llvm::IRBuilder<> &B, llvm::Value *Elem);

  /// w2s_memory * of memory MemIdx.
  llvm::Value *memory(llvm::IRBuilder<> &B, llvm::Value *Vmctx,
                      uint32_t MemIdx);
  /// The base address of memory MemIdx. The base never moves, so the
  /// result may be reused for the whole function.
  llvm::Value *memoryBase(llvm::IRBuilder<> &B, llvm::Value *Vmctx,
                          uint32_t MemIdx);
  /// Current size in pages (i64) of memory MemIdx.
  llvm::Value *memoryPages(llvm::IRBuilder<> &B, llvm::Value *Vmctx,
                           uint32_t MemIdx);

  /// w2s_value * holding global GlobalIdx (imported or defined).
  llvm::Value *globalCell(llvm::IRBuilder<> &B, llvm::Value *Vmctx,
                          uint32_t GlobalIdx);

  /// const w2s_tag * of tag TagIdx (vmctx->tags[TagIdx]): the runtime's
  /// object, the same in every module that imports it.
  llvm::Value *tag(llvm::IRBuilder<> &B, llvm::Value *Vmctx, uint32_t TagIdx);
  /// The tag of a w2s_exception, and the address of its payload slot I.
  llvm::Value *exceptionTag(llvm::IRBuilder<> &B, llvm::Value *Exn);
  llvm::Value *exceptionValue(llvm::IRBuilder<> &B, llvm::Value *Exn,
                              unsigned I);

  /// The stack limit of the thread running the instance (uintptr_t as
  /// i64), from the w2s_runtime_limits just before the vmctx header. The
  /// load is tagged as reading constant memory, so that it does not count
  /// among the function's memory effects (docs/abi.md, "Traps").
  llvm::Value *stackLimit(llvm::IRBuilder<> &B, llvm::Value *Vmctx);
  /// Marks Call, the stack check's call of the trap builtin (from
  /// callBuiltin), so that the optimizer may leave it out of a function's
  /// memory effects: the loads of the builtin as constant memory, the call
  /// with StackTrapMD, which optimize() makes memory(none) while it runs
  /// (compiler/Optimize.cpp). A wasm function that reads and writes nothing
  /// can then be found memory(none) although it calls.
  void markStackTrap(llvm::CallInst *Call) const;
  static constexpr const char *StackTrapMD = "w2s.stack.trap";

  /// At -O0 (set by lowering): no alias tags and no invariant or
  /// runtime-pointer marks on the accesses, which only the optimizer reads.
  /// Attaching them (and, in code generation, looking them up) cost -O0
  /// 1.5% of its instructions on a large module.
  bool OptimizerMetadata = true;

  /// Tags I, a load or store of linear memory, with the linear-memory
  /// alias class.
  void markLinearMemory(llvm::Instruction *I) const;
  /// Tags I, a load or store of a runtime structure, with the runtime alias
  /// class.
  void markRuntime(llvm::Instruction *I) const;
  /// Loads of pointers into runtime structures (global cells, tables,
  /// funcrefs, ...) carry this metadata kind, so that an access through such
  /// a pointer that lowering left untagged can be tagged later
  /// (optimize() does, before the pipeline runs).
  static constexpr const char *RuntimePointerMD = "w2s.runtime.ptr";
  /// Calls of builtins carry this metadata kind: in a function body, every
  /// other call that is not an intrinsic calls wasm code.
  static constexpr const char *BuiltinCallMD = "w2s.builtin";

  /// The calling convention of compiled wasm functions, host adapters and
  /// every call to them: LLVM's swifttailcc with the vmctx as the
  /// swiftself parameter on x86-64 and AArch64 (r13 / x20), under which a
  /// musttail call (return_call) is a jump whatever the two signatures
  /// (docs/abi.md, "Tail calls"); the C convention elsewhere, where only
  /// equal signatures can be tail-called.
  llvm::CallingConv::ID wasmCallingConv() const { return WasmCC; }
  /// True when a function of type FTy returns its results in registers
  /// under the wasm convention. Results that do not fit are returned
  /// through a pointer into the caller's frame (LLVM's sret demotion),
  /// which no musttail call can pass on (emitTailCall). On x86-64 swifttailcc
  /// returns up to four integers or references and four floats or vectors;
  /// AArch64 has more registers, counted the same; elsewhere only single
  /// results count as fitting.
  bool returnsInRegisters(llvm::FunctionType *FTy) const;
  /// Gives F, of a wasm native type (vmctx first), the wasm convention.
  void setWasmConvention(llvm::Function *F) const;
  /// Gives a call to a wasm function the wasm convention.
  void setWasmConvention(llvm::CallBase *Call) const;
  /// True for calls that callBuiltin made (C convention).
  static bool isBuiltinCall(const llvm::CallBase *Call);
  /// A defined function that no funcref can reach (not exported, not the
  /// start function, in no element segment, global or table initializer,
  /// so no ref.func names it) carries this string attribute: only direct
  /// calls reach it, and the optimizer may change its convention with its
  /// calls' (compiler/Optimize.cpp).
  static constexpr const char *DirectOnlyAttr = "w2s-direct-only";
  /// A defined function that, besides direct calls, only the slots of
  /// sealed private tables reach (not exported, not the start function,
  /// named by no ref.func in a body, a global, a table initializer or
  /// another segment) carries this string attribute. A sealed table's
  /// known-contents array (`w2s.table<N>.code`, compiler/LowerControl.cpp)
  /// carries SealedTableMD: its runtime entries are never read (no
  /// table.get, no table.copy from it, every call_indirect through it
  /// takes the constant array), so the calls through the array are the
  /// only indirect calls that reach its functions, and the optimizer may
  /// change their convention with those calls' (compiler/Optimize.cpp).
  static constexpr const char *TableOnlyAttr = "w2s-table-only";
  static constexpr const char *SealedTableMD = "w2s.sealed";

  /// The LLVM type of builtin Index, from builtins.def.
  llvm::FunctionType *builtinType(w2s_builtin_index Index) const;
  /// Calls builtin Index through vmctx->builtins. Args exclude the vmctx.
  llvm::CallInst *callBuiltin(llvm::IRBuilder<> &B, llvm::Value *Vmctx,
                              w2s_builtin_index Index,
                              llvm::ArrayRef<llvm::Value *> Args);

private:
  /// Loads a pointer field of a runtime structure. PointsToRuntime: the
  /// loaded pointer points into runtime structures too (not linear memory).
  llvm::Value *loadPtrAt(llvm::IRBuilder<> &B, llvm::Value *Base,
                         uint64_t Offset, const llvm::Twine &Name,
                         bool Invariant = true, bool PointsToRuntime = true);

  const Module &M;
  llvm::LLVMContext &Ctx;
  w2s_vmctx_layout Layout;
  llvm::FunctionType *BuiltinTypes[W2S_BUILTIN_COUNT] = {};
  llvm::MDNode *LinearMemoryTag = nullptr; // TBAA access tags
  llvm::MDNode *RuntimeTag = nullptr;
  llvm::MDNode *RuntimeConstantTag = nullptr; // never written while running
  unsigned RuntimePointerKind = 0;
  llvm::CallingConv::ID WasmCC = llvm::CallingConv::C;
};

} // namespace wasm2so

#endif
