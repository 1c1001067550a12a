//===- FunctionLowering.h - Lowering one wasm function to LLVM --*- C++ -*-===//
//
// FunctionLowering turns one validated function body into one LLVM function.
// It keeps the wasm operand stack as a stack of llvm::Value*, locals as
// allocas (promoted to SSA by mem2reg/SROA), and a control stack of blocks.
//
// There is one lower<Name> method per row of Opcodes.def; each family of
// operators defines its methods in its own file:
//
//   LowerControl.cpp     block loop if else end br br_if br_table return
//                        br_on_null br_on_non_null unreachable nop call
//                        call_indirect call_ref drop select
//   LowerVariable.cpp    local.* global.*
//   LowerMemory.cpp      loads, stores, memory.*, data.drop
//   LowerTable.cpp       table.*, elem.drop, ref.*
//   LowerNumeric.cpp     constants, comparisons, integer and float arithmetic
//   LowerConversion.cpp  wrap, extend, trunc (trapping and saturating),
//                        convert, demote, promote, reinterpret
//   LowerSIMD.cpp        every v128 operator (the 0xFD prefix)
//   LowerGC.cpp          ref.eq ref.i31 i31.* ref.test ref.cast br_on_cast*
//                        any.convert_extern extern.convert_any
//   LowerException.cpp   try_table throw throw_ref (docs/abi.md,
//                        "Exceptions")
//
// A missing method is a link error, never a silent gap. Lowering assumes the
// body validated: operand types are right and the stack never underflows.
// Code after an unconditional branch is never passed to a lower<Name>
// method other than the control ones (lower() skips it).
//
// Where runtime state lives (memory base, globals, tables, builtins) is asked
// of the Environment (Environment.h), never computed here.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_FUNCTIONLOWERING_H
#define WASM2SO_COMPILER_FUNCTIONLOWERING_H

#include "Instr.h"
#include "Module.h"
#include "wasm2so/abi.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/Support/Error.h"

#include <optional>

namespace wasm2so {

class ModuleLowering;
class Environment;

class FunctionLowering {
public:
  FunctionLowering(ModuleLowering &ML, uint32_t FuncIdx);
  /// Lowers the whole body into the function's (empty) LLVM definition.
  llvm::Error lower();

#define WASM_OP(Name, Prefix, Code, Text, Imm, Result, P0, P1)                \
  void lower##Name(const Instr &I);
#include "Opcodes.def"

  //===-- For the family files ------------------------------------------===//

  llvm::IRBuilder<> B;
  llvm::Type *I32Ty, *I64Ty, *F32Ty, *F64Ty, *V128Ty, *PtrTy;

  llvm::Value *pop() { return Stack.pop_back_val(); }
  void push(llvm::Value *V) { Stack.push_back(V); }
  llvm::Value *top() const { return Stack.back(); }
  /// Pops an i32 condition as an i1 (popCondition in FunctionLowering.cpp).
  llvm::Value *popCondition();

  /// Emits: if (Cond) trap(Code); continues in a fresh block. The trap call
  /// sits in a cold, shared block at the end of the function.
  void trapIf(llvm::Value *Cond, w2s_trap_code Code);
  /// Emits an unconditional trap; the rest of the block is unreachable.
  void trap(w2s_trap_code Code);

  /// The declaration of an LLVM intrinsic overloaded on Tys.
  llvm::Function *intrinsic(llvm::Intrinsic::ID ID,
                            llvm::ArrayRef<llvm::Type *> Tys = {});
  llvm::Value *callIntrinsic(llvm::Intrinsic::ID ID,
                             llvm::ArrayRef<llvm::Type *> Tys,
                             llvm::ArrayRef<llvm::Value *> Args);

  /// The LLVM type of a wasm value type.
  llvm::Type *llvmType(ValType T) const;

  /// The current stack pointer as an i64, read without forcing a frame
  /// pointer (the stack-limit check).
  llvm::Value *stackPointer();
  /// Emits the stack-limit check, branching to Trap, at the nearest point
  /// that dominates every reachable call of Calls and lies outside loops
  /// (at -O0: at the end of the entry block).
  void emitStackCheck(llvm::ArrayRef<llvm::CallBase *> Calls,
                      llvm::BasicBlock *Trap);

  /// Pops a memory instruction's address and returns the native address
  /// of address + I.Mem.Offset in memory I.Mem.Memory (LowerMemory.cpp).
  /// No bounds check on a 32-bit memory: the guard region catches what lies
  /// past the end; an explicit one on a 64-bit memory.
  llvm::Value *linearAddress(const Instr &I);
  /// Keeps load L of memory instruction I even where the optimizer finds
  /// its value unused, when the guard region is its bounds check (a 32-bit
  /// memory): it must still fault when out of bounds (LowerMemory.cpp).
  void pinGuardedLoad(llvm::LoadInst *L, const Instr &I);
  /// The metadata kind that marks those pins (Optimize.cpp removes them
  /// where the load's value has other uses).
  static constexpr const char *PinMD = "w2s.pin";
  /// Pops an element index of table Table as an i32: a table64 index
  /// above 2^32-1 becomes 2^32-1, past every table's size (LowerTable.cpp).
  llvm::Value *popTableIndex(uint32_t Table);

  /// Float add/sub/mul/div, scalar or vector (LowerNumeric.cpp). Where an
  /// operand is a constant LLVM would fold the operation away with (x*1,
  /// x-0, ...), a constrained intrinsic keeps it, so a signaling NaN still
  /// comes out quiet.
  llvm::Value *floatArith(llvm::Instruction::BinaryOps Op, llvm::Value *L,
                          llvm::Value *R);

  ModuleLowering &ML;
  Environment &Env;
  const Module &M;
  const uint32_t FuncIdx;
  llvm::Function *F = nullptr;

  // See LowerControl.cpp.
  void branchTo(unsigned Depth);
  /// Where a branch from the current block to the Depth-th label goes, with
  /// the values on top of the stack added to the label's phis. A branch
  /// that leaves legacy catch arms goes through an edge block that frees
  /// their exceptions first (freeCaughtExceptions).
  llvm::BasicBlock *branchOperands(unsigned Depth);
  /// The exception of each legacy catch arm that a branch to the Depth-th
  /// label leaves (each arm owns its exception until it ends).
  llvm::SmallVector<llvm::Value *, 2> caughtExceptions(unsigned Depth);
  /// Frees those exceptions.
  void freeCaughtExceptions(llvm::ArrayRef<llvm::Value *> Exns);
  void enterBlock(const Instr &I, unsigned Kind);
  void collectTypes(const BlockType &BT, llvm::SmallVectorImpl<ValType> &Params,
                    llvm::SmallVectorImpl<ValType> &Results) const;
  llvm::Value *emitCall(llvm::FunctionType *FTy, llvm::Value *Callee,
                        llvm::Value *CalleeVmctx, const FuncType &T,
                        bool MayBecomeLoop = false);
  void pushResults(llvm::Value *Ret, const FuncType &T);
  /// A guaranteed tail call of Callee(CalleeVmctx, the top T.Params.size()
  /// operands) returning its results, for return_call and
  /// return_call_indirect (and return_call_ref: call_ref's callee and
  /// vmctx, then this); the rest of the block is unreachable.
  void emitTailCall(llvm::FunctionType *FTy, llvm::Value *Callee,
                    llvm::Value *CalleeVmctx, const FuncType &T);
  /// call_indirect and return_call_indirect.
  void callIndirect(const Instr &I, bool Tail);
  /// Set by emitTailCall where the target cannot tail-call between two
  /// signatures; lower() returns it.
  std::optional<uint32_t> TailCallError; // the instruction's offset
  uint32_t CurrentOffset = 0;             // of the instruction being lowered

  // See LowerException.cpp.
  /// Inside a try block of this function, turns Call (the last instruction
  /// of the current block) into an invoke unwinding to the block's landing
  /// pad and continues in the normal successor; otherwise returns Call.
  llvm::CallBase *mayThrow(llvm::CallInst *Call);

  /// The callee of a funcref of static type (call_ref, return_call_ref):
  /// traps null function reference on null, then loads its code and vmctx.
  void refCallee(llvm::Value *Ref, llvm::Value *&Code,
                 llvm::Value *&CalleeVmctx);

public:
  llvm::SmallVector<llvm::Value *, 32> Stack;
  llvm::SmallVector<llvm::AllocaInst *, 16> Locals;
  llvm::Value *Vmctx = nullptr;
  llvm::Value *MemoryBase = nullptr; // loaded once in the entry block
  bool Reachable = true;

  struct Control {
    enum Kind : uint8_t { Block, Loop, If, Function, TryTable, LegacyTry };
    Kind K;
    llvm::BasicBlock *Branch; // where br goes: the loop header or the join
    llvm::BasicBlock *Join;   // after end
    llvm::BasicBlock *Else;   // If without else yet: the false block
    llvm::SmallVector<ValType, 2> Params, Results;
    llvm::SmallVector<llvm::PHINode *, 2> BranchPhis; // at Branch
    llvm::SmallVector<llvm::PHINode *, 2> JoinPhis;   // at Join
    unsigned StackHeight;
    bool ElseSeen = false;
    bool ReachableAtEntry = true;
    /// This frame (its current arm, for an if) has called the function
    /// itself: every later path in it has (lowerCall).
    bool SelfCalled = false;
    llvm::SmallVector<llvm::Value *, 2> IfParams; // for the else arm
    /// TryTable: the catch clauses (Instr::Targets), the landing pad and
    /// the dispatch block whose phi receives the exception (w2s_exception
    /// *), from the pad and from the dispatch of try blocks inside it.
    llvm::SmallVector<uint32_t, 6> Catches;
    llvm::BasicBlock *Pad = nullptr;
    llvm::BasicBlock *Dispatch = nullptr;
    llvm::PHINode *DispatchExn = nullptr;
    /// LegacyTry: in a catch arm (calls there are outside the try); the
    /// dispatch block where the next clause's test goes (null after
    /// catch_all); delegate's label.
    bool InCatch = false;
    llvm::BasicBlock *NoMatch = nullptr;
    bool Delegated = false;
    uint32_t DelegateDepth = 0;
  };
  /// The innermost try block (try_table, or legacy try outside its catch
  /// arms) of Controls[0..Top], reachable, or null.
  Control *innermostTry(size_t Top = ~size_t(0));
  /// Sends an exception nothing here caught on: to the dispatch of the try
  /// block innermostTry(Top) finds, or to the caller.
  void forwardException(llvm::Value *Exn, size_t Top = ~size_t(0));
  /// A legacy try that ends (lowerEnd): the fallthrough of a catch arm
  /// frees the exception; what no clause took goes on.
  void finishLegacyTry(Control &C);
  /// C's dispatch block, made on first use.
  llvm::BasicBlock *dispatchBlock(Control &C);
  /// The catch dispatch of a try_table that ends (lowerEnd).
  void emitCatchDispatch(Control &C);
  llvm::SmallVector<Control, 16> Controls;
  llvm::BasicBlock *TrapBlocks[W2S_TRAP_COUNT] = {};
  /// With -g: one trap block per site instead, so each has its offset.
  llvm::SmallVector<llvm::BasicBlock *, 8> ExtraTrapBlocks;
  llvm::BasicBlock *trapBlock(w2s_trap_code Code);
  llvm::BasicBlock *EntryBlock = nullptr;
  /// Set by call and call_indirect: the prologue then checks the stack.
  bool HasCalls = false;
  /// The zexts of comparisons that a condition looked through
  /// (popCondition, i32.eqz): lower() deletes those left unused, and the
  /// comparison with them when nothing else uses it either.
  llvm::SmallVector<llvm::Instruction *, 16> Bypassed;
  void deleteBypassed();
  /// At -O0: branches past the blocks that only branch on, which then go.
  void foldForwardingBlocks();
  /// Marks V (a dropped value) so that the load producing it, if any, is
  /// kept: a dead load out of bounds must still trap.
  void keepLoad(llvm::Value *V);
};

} // namespace wasm2so

#endif
