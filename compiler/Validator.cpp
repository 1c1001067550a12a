//===- Validator.cpp - The spec's validation algorithm --------------------===//
//
// Module-level rules first (indices, limits, constant expressions, segments,
// start, exports), then every function body with the operand-stack and
// control-stack algorithm of the spec's appendix. Messages follow the spec
// interpreter, which the test suite's assert_invalid texts are prefixes of.
//
//===----------------------------------------------------------------------===//

#include "Validator.h"
#include "Decoder.h"
#include "Error.h"
#include "Instr.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <optional>
#include <vector>

using namespace llvm;

namespace wasm2so {
namespace {

/// The operand stack's bottom type: a value of any type, left by code after
/// an unconditional branch.
constexpr ValType Unknown = ValType(ValType::Bot);

std::string typeName(ValType T) { return valTypeName(T); }

bool isNumType(ValType T) { return T.isNum(); }

//===----------------------------------------------------------------------===//
// The fixed signatures of Opcodes.def
//===----------------------------------------------------------------------===//

/// One cell of the Result/Param columns: `_` none, `X` typed by hand.
enum class Sig : uint8_t { _, X, I32, I64, F32, F64, V128 };

struct OpSig {
  Sig Result, P0, P1;
};

constexpr OpSig OpSigs[] = {
#define WASM_OP(Name, Prefix, Code, Text, Imm, Result, P0, P1)                 \
  {Sig::Result, Sig::P0, Sig::P1},
#include "Opcodes.def"
};
static_assert(sizeof(OpSigs) / sizeof(OpSigs[0]) == NumOpcodes,
              "one signature per opcode");

ValType sigType(Sig S) {
  switch (S) {
  case Sig::I32:
    return ValType::I32;
  case Sig::I64:
    return ValType::I64;
  case Sig::F32:
    return ValType::F32;
  case Sig::F64:
    return ValType::F64;
  case Sig::V128:
    return ValType::V128;
  case Sig::_:
  case Sig::X:
    break;
  }
  llvm_unreachable("not a value type");
}

/// log2 of the natural alignment of a MemArgN immediate, or -1.
int naturalAlignLog2(ImmKind K) {
  switch (K) {
  case ImmKind::MemArg1:
  case ImmKind::MemArgLane1:
    return 0;
  case ImmKind::MemArg2:
  case ImmKind::MemArgLane2:
    return 1;
  case ImmKind::MemArg4:
  case ImmKind::MemArgLane4:
    return 2;
  case ImmKind::MemArg8:
  case ImmKind::MemArgLane8:
    return 3;
  case ImmKind::MemArg16:
    return 4;
  default:
    return -1;
  }
}

/// How many lanes a lane immediate may name, or 0 when K has none.
unsigned laneCount(ImmKind K) {
  switch (K) {
  case ImmKind::Lane2:
  case ImmKind::MemArgLane8:
    return 2;
  case ImmKind::Lane4:
  case ImmKind::MemArgLane4:
    return 4;
  case ImmKind::Lane8:
  case ImmKind::MemArgLane2:
    return 8;
  case ImmKind::Lane16:
  case ImmKind::MemArgLane1:
    return 16;
  default:
    return 0;
  }
}

//===----------------------------------------------------------------------===//
// Module context
//===----------------------------------------------------------------------===//

/// What function bodies may refer to, computed once per module.
struct Context {
  const Module &M;
  /// Functions named outside function bodies (elements, exports, global
  /// initializers): the only legal targets of ref.func in a body.
  BitVector DeclaredFuncs;

  /// The edition whose rules apply where Wasm 2.0 and 3.0 differ.

  explicit Context(const Module &M) : M(M) {}

  uint32_t numFuncs() const { return M.FuncTypes.size(); }
  uint32_t numGlobals() const { return M.Globals.size(); }
};

Error unknown(uint64_t Offset, const char *What, uint32_t Index) {
  return invalid(Offset, Twine("unknown ") + What + " " + Twine(Index));
}

/// A heap type is valid when its type index exists (NumTypes: the types
/// visible where it is used). Outside the type section, references to
/// struct and array types decode but are not supported before the struct
/// and array operators land (issue 15); the abstract heap types of GC are
/// (docs/abi.md, "Garbage collection").
Error checkHeapType(const Module &M, HeapType H, size_t NumTypes,
                    uint64_t Offset) {
  if (H.isIndex()) {
    if (H.index() >= NumTypes)
      return unknown(Offset, "type", H.index());
    return Error::success();
  }
  switch (H.abs()) {
  case AbsHeap::Func:
  case AbsHeap::Extern:
  case AbsHeap::NoFunc:
  case AbsHeap::NoExtern:
  case AbsHeap::Exn:
  case AbsHeap::NoExn:
  case AbsHeap::Any:
  case AbsHeap::Eq:
  case AbsHeap::I31:
  case AbsHeap::Struct:
  case AbsHeap::Array:
  case AbsHeap::None:
    return Error::success();
  }
  return unsupported(Offset, "heap type " + heapTypeName(H));
}

Error checkValType(const Module &M, ValType T, size_t NumTypes,
                   uint64_t Offset) {
  return T.isRef() ? checkHeapType(M, T.heap(), NumTypes, Offset)
                   : Error::success();
}

/// Type TypeIdx where a function type is required (a function, a tag, a
/// call's or a block's type): it must be one, and its values supported.
Error checkFuncTypeUse(const Module &M, uint32_t TypeIdx, uint64_t Offset) {
  if (TypeIdx >= M.Types.size())
    return unknown(Offset, "type", TypeIdx);
  if (!M.isFuncType(TypeIdx))
    return invalid(Offset, "non-function type " + Twine(TypeIdx));
  for (ValType T : M.Types[TypeIdx].Params)
    if (Error E = checkValType(M, T, M.Types.size(), Offset))
      return E;
  for (ValType T : M.Types[TypeIdx].Results)
    if (Error E = checkValType(M, T, M.Types.size(), Offset))
      return E;
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Function bodies
//===----------------------------------------------------------------------===//

struct CtrlFrame {
  Opcode Op = Opcode::Block;
  SmallVector<ValType, 4> Params;
  SmallVector<ValType, 4> Results;
  size_t Height = 0;
  size_t InitHeight = 0; // of FunctionValidator::InitStack at entry
  bool Unreachable = false;

  ArrayRef<ValType> labelTypes() const {
    return Op == Opcode::Loop ? ArrayRef<ValType>(Params)
                              : ArrayRef<ValType>(Results);
  }
};

class FunctionValidator {
public:
  FunctionValidator(const Context &C, uint32_t FuncIdx)
      : C(C), M(C.M), F(M.definedFunc(FuncIdx)), Type(M.funcType(FuncIdx)) {}

  Error run();

private:
  Error instr(const Instr &I);
  Error fixedSignature(const Instr &I, const OpSig &S);
  Error memoryAccess(const Instr &I);

  // The operand stack.
  void push(ValType T) { Vals.push_back(T); }
  void push(ArrayRef<ValType> Ts) {
    Vals.insert(Vals.end(), Ts.begin(), Ts.end());
  }
  Error popAny(ValType &Actual);
  Error pop(ValType Expect) {
    ValType Ignored;
    return pop(Expect, Ignored);
  }
  Error pop(ValType Expect, ValType &Actual);
  Error pop(ArrayRef<ValType> Expect);
  /// The address types of table and memory Index (checked to exist).
  ValType tableAddr(uint32_t Index) const {
    return M.Tables[Index].Lim.addrType();
  }
  ValType memoryAddr(uint32_t Index) const {
    return M.Memories[Index].Lim.addrType();
  }
  /// memory.copy, table.copy: [dst src len], the length of the smaller of
  /// the two address types.
  Error popCopyOperands(ValType Dst, ValType Src) {
    ValType Len = Dst == ValType::I64 && Src == ValType::I64 ? ValType::I64
                                                             : ValType::I32;
    if (Error E = pop(Len))
      return E;
    if (Error E = pop(Src))
      return E;
    return pop(Dst);
  }
  /// memory.init, table.init: [dst src len], src and len in the segment.
  Error popInitOperands(ValType Dst) {
    if (Error E = pop(ValType::I32))
      return E;
    if (Error E = pop(ValType::I32))
      return E;
    return pop(Dst);
  }

  // The control stack.
  void pushCtrl(Opcode Op, ArrayRef<ValType> In, ArrayRef<ValType> Out);
  Error popCtrl(CtrlFrame &Frame);
  void setUnreachable() {
    Vals.resize(Ctrls.back().Height);
    Ctrls.back().Unreachable = true;
  }
  Error label(uint32_t Depth, const CtrlFrame *&Frame);

  Error popRef(ValType &Actual);
  /// Type Index exists and is of form Form (a struct or an array type).
  Error compositeType(uint32_t Index, TypeForm Form) {
    if (Index >= M.Types.size())
      return unknown(Offset, "type", Index);
    if (M.subType(Index).Form != Form)
      return mismatch(Twine("type ") + Twine(Index) + " is not " +
                      (Form == TypeForm::Struct ? "a struct" : "an array") +
                      " type");
    return Error::success();
  }
  /// The type of a field's values on the stack: i32 for a packed field.
  static ValType unpacked(const FieldType &F) {
    return F.Packed ? ValType::I32 : F.Type;
  }
  Error checkType(ValType T) {
    return checkValType(M, T, M.Types.size(), Offset);
  }

  // Index lookups, each with the spec interpreter's message.
  Error local(uint32_t Index, ValType &T);
  Error global(uint32_t Index);
  Error table(uint32_t Index);
  Error memory(uint32_t Index);
  Error elem(uint32_t Index);
  Error data(uint32_t Index);
  Error func(uint32_t Index);
  Error blockType(const BlockType &BT, ArrayRef<ValType> &In,
                  ArrayRef<ValType> &Out);

  /// The reference interpreter's words: "type mismatch: instruction
  /// requires [i32] but stack has [i64]".
  Error mismatch(ValType Expect, ValType Actual) {
    return invalid(Offset, Twine("type mismatch: instruction requires [") +
                               typeName(Expect) + "] but stack has [" +
                               typeName(Actual) + "]");
  }
  Error mismatch(const Twine &Why) {
    return invalid(Offset, "type mismatch: " + Why);
  }
  /// Every call: pops Target (the table index or the reference, when
  /// there is one) and the callee's parameters. A call pushes the callee's
  /// results; a tail call returns them as the function's own (each must be
  /// a subtype of the function's), and the rest of the block is
  /// unreachable, as after return.
  Error callOp(const FuncType &Callee, std::optional<ValType> Target,
               bool Tail) {
    if (Tail) {
      bool Match = Callee.Results.size() == Type.Results.size();
      for (size_t K = 0; Match && K < Callee.Results.size(); ++K)
        Match = M.isSubtype(Callee.Results[K], Type.Results[K]);
      if (!Match)
        return mismatch("tail call's results differ from the function's");
    }
    if (Target)
      if (Error E = pop(*Target))
        return E;
    if (Error E = pop(Callee.Params))
      return E;
    if (Tail)
      setUnreachable();
    else
      push(Callee.Results);
    return Error::success();
  }

  const Context &C;
  const Module &M;
  const Function &F;
  const FuncType &Type;

  /// Locals as runs: local I has the type of the first run whose End > I.
  struct LocalRun {
    uint64_t End;
    ValType Type;
  };
  std::vector<LocalRun> Locals;
  /// The 3.0 local initialization rule: which locals of non-defaultable
  /// type are set, and the order they were set in, so that leaving a block
  /// forgets what the block set.
  BitVector Inited;
  std::vector<uint32_t> InitStack;

  std::vector<ValType> Vals;
  std::vector<CtrlFrame> Ctrls;
  uint32_t Offset = 0; // of the instruction being validated
};

Error FunctionValidator::popAny(ValType &Actual) {
  const CtrlFrame &Top = Ctrls.back();
  if (Vals.size() == Top.Height) {
    if (Top.Unreachable) {
      Actual = Unknown;
      return Error::success();
    }
    return invalid(Offset, "type mismatch: operand stack is empty");
  }
  Actual = Vals.back();
  Vals.pop_back();
  return Error::success();
}

Error FunctionValidator::pop(ValType Expect, ValType &Actual) {
  const CtrlFrame &Top = Ctrls.back();
  if (Vals.size() == Top.Height && !Top.Unreachable)
    return invalid(Offset, Twine("type mismatch: instruction requires [") +
                               typeName(Expect) + "] but stack has []");
  if (Error E = popAny(Actual))
    return E;
  if (!M.isSubtype(Actual, Expect))
    return mismatch(Expect, Actual);
  return Error::success();
}

Error FunctionValidator::popRef(ValType &Actual) {
  if (Error E = popAny(Actual))
    return E;
  if (Actual != Unknown && !Actual.isRef())
    return mismatch(Twine("expected a reference, found ") + typeName(Actual));
  return Error::success();
}

Error FunctionValidator::pop(ArrayRef<ValType> Expect) {
  for (ValType T : llvm::reverse(Expect))
    if (Error E = pop(T))
      return E;
  return Error::success();
}

void FunctionValidator::pushCtrl(Opcode Op, ArrayRef<ValType> In,
                                 ArrayRef<ValType> Out) {
  CtrlFrame Frame;
  Frame.Op = Op;
  Frame.Params.assign(In.begin(), In.end());
  Frame.Results.assign(Out.begin(), Out.end());
  Frame.Height = Vals.size();
  Frame.InitHeight = InitStack.size();
  Ctrls.push_back(std::move(Frame));
  push(In);
}

Error FunctionValidator::popCtrl(CtrlFrame &Frame) {
  if (Error E = pop(ArrayRef<ValType>(Ctrls.back().Results)))
    return E;
  if (Vals.size() != Ctrls.back().Height) {
    // What is left above the block's results, then the results.
    std::string Want, Have;
    for (ValType T : Ctrls.back().Results)
      Want += (Want.empty() ? "" : " ") + typeName(T);
    for (size_t K = Ctrls.back().Height; K < Vals.size(); ++K)
      Have += (Have.empty() ? "" : " ") + typeName(Vals[K]);
    for (ValType T : Ctrls.back().Results)
      Have += (Have.empty() ? "" : " ") + typeName(T);
    return invalid(Offset, "type mismatch: block requires [" + Want +
                               "] but stack has [" + Have + "]");
  }
  Frame = std::move(Ctrls.back());
  Ctrls.pop_back();
  // Locals set inside the block are unset again after it.
  while (InitStack.size() > Frame.InitHeight) {
    Inited.reset(InitStack.back());
    InitStack.pop_back();
  }
  return Error::success();
}

Error FunctionValidator::label(uint32_t Depth, const CtrlFrame *&Frame) {
  if (Depth >= Ctrls.size())
    return unknown(Offset, "label", Depth);
  Frame = &Ctrls[Ctrls.size() - 1 - Depth];
  return Error::success();
}

Error FunctionValidator::local(uint32_t Index, ValType &T) {
  auto It =
      std::upper_bound(Locals.begin(), Locals.end(), uint64_t(Index),
                       [](uint64_t I, const LocalRun &R) { return I < R.End; });
  if (It == Locals.end())
    return unknown(Offset, "local", Index);
  T = It->Type;
  return Error::success();
}

Error FunctionValidator::global(uint32_t Index) {
  return Index < M.Globals.size() ? Error::success()
                                  : unknown(Offset, "global", Index);
}
Error FunctionValidator::table(uint32_t Index) {
  return Index < M.Tables.size() ? Error::success()
                                 : unknown(Offset, "table", Index);
}
Error FunctionValidator::memory(uint32_t Index) {
  return Index < M.Memories.size() ? Error::success()
                                   : unknown(Offset, "memory", Index);
}
Error FunctionValidator::elem(uint32_t Index) {
  return Index < M.Elems.size() ? Error::success()
                                : unknown(Offset, "elem segment", Index);
}
Error FunctionValidator::data(uint32_t Index) {
  // The binary format lets bodies name data segments only after a data
  // count section. Without one and without data, the index is simply
  // unknown (what the spec suite expects of modules converted from text).
  if (!M.DataCount && !M.Datas.empty())
    return malformed(Offset, "data count section required");
  return Index < M.Datas.size() ? Error::success()
                                : unknown(Offset, "data segment", Index);
}
Error FunctionValidator::func(uint32_t Index) {
  return Index < C.numFuncs() ? Error::success()
                              : unknown(Offset, "function", Index);
}

Error FunctionValidator::blockType(const BlockType &BT, ArrayRef<ValType> &In,
                                   ArrayRef<ValType> &Out) {
  switch (BT.K) {
  case BlockType::Empty:
    In = Out = {};
    return Error::success();
  case BlockType::Value:
    if (Error E = checkType(BT.Type))
      return E;
    In = {};
    Out = ArrayRef<ValType>(BT.Type);
    return Error::success();
  case BlockType::TypeIndex:
    if (Error E = checkFuncTypeUse(M, BT.Index, Offset))
      return E;
    In = M.Types[BT.Index].Params;
    Out = M.Types[BT.Index].Results;
    return Error::success();
  }
  llvm_unreachable("bad block type kind");
}

Error FunctionValidator::run() {
  // Parameters, then the declared locals, as runs of one type.
  for (ValType T : Type.Params)
    Locals.push_back({Locals.empty() ? 1 : Locals.back().End + 1, T});
  for (const LocalDecl &D : F.Locals) {
    if (!D.Count)
      continue;
    Offset = F.CodeOffset;
    if (Error E = checkType(D.Type))
      return E;
    uint64_t Start = Locals.empty() ? 0 : Locals.back().End;
    Locals.push_back({Start + D.Count, D.Type});
  }
  // Parameters count as set; so do locals of defaultable type (local()).
  Inited.resize(Locals.empty() ? 0 : Locals.back().End);
  Inited.set(0, Type.Params.size());

  Offset = F.BodyOffset;
  pushCtrl(Opcode::Block, {}, Type.Results);

  BodyReader R(M, F);
  Instr I;
  while (!R.atEnd()) {
    if (Ctrls.empty())
      return malformed(R.offset(), "operators remaining after end of function");
    if (Error E = R.read(I))
      return E;
    Offset = I.Offset;
    if (Error E = instr(I))
      return E;
  }
  if (!Ctrls.empty())
    return malformed(F.BodyEnd, "unexpected end of function body");
  return Error::success();
}

Error FunctionValidator::memoryAccess(const Instr &I) {
  if (Error E = memory(I.Mem.Memory))
    return E;
  int Natural = naturalAlignLog2(opcodeInfo(I.Op).Imm);
  if (I.Mem.AlignLog2 > uint32_t(Natural))
    return invalid(Offset, "alignment must not be larger than natural");
  if (!M.Memories[I.Mem.Memory].Lim.Is64 && I.Mem.Offset > 0xFFFFFFFFu)
    return invalid(Offset, "offset out of range");
  return Error::success();
}

Error FunctionValidator::fixedSignature(const Instr &I, const OpSig &S) {
  ImmKind Imm = opcodeInfo(I.Op).Imm;
  // The address operand (P0) of a memory instruction, and the results of
  // memory.size and memory.grow, have the memory's address type.
  ValType Addr = ValType::I32, Result = ValType::I32;
  if (naturalAlignLog2(Imm) >= 0) {
    if (Error E = memoryAccess(I))
      return E;
    Addr = M.Memories[I.Mem.Memory].Lim.addrType();
  } else if (Imm == ImmKind::Memory) {
    if (Error E = memory(I.Index))
      return E;
    Addr = Result = M.Memories[I.Index].Lim.addrType();
  }
  if (unsigned Lanes = laneCount(Imm))
    if (I.Lane >= Lanes)
      return invalid(Offset, "invalid lane index");
  if (Imm == ImmKind::Shuffle)
    for (unsigned K = 0; K < 16; ++K)
      if (immByte(I.Bits, K) >= 32)
        return invalid(Offset, "invalid lane index");
  if (S.P1 != Sig::_)
    if (Error E = pop(sigType(S.P1)))
      return E;
  if (S.P0 != Sig::_)
    if (Error E = pop(S.P0 == Sig::I32 ? Addr : sigType(S.P0)))
      return E;
  if (S.Result != Sig::_)
    push(S.Result == Sig::I32 ? Result : sigType(S.Result));
  return Error::success();
}

Error FunctionValidator::instr(const Instr &I) {
  const OpSig &S = OpSigs[size_t(I.Op)];
  if (S.Result != Sig::X)
    return fixedSignature(I, S);

  switch (I.Op) {
  // Control.
  case Opcode::Unreachable:
    setUnreachable();
    return Error::success();
  case Opcode::Nop:
    return Error::success();
  case Opcode::Block:
  case Opcode::Loop:
  case Opcode::If: {
    ArrayRef<ValType> In, Out;
    if (Error E = blockType(I.Block, In, Out))
      return E;
    if (I.Op == Opcode::If)
      if (Error E = pop(ValType::I32))
        return E;
    if (Error E = pop(In))
      return E;
    pushCtrl(I.Op, In, Out);
    return Error::success();
  }
  case Opcode::TryTable: {
    ArrayRef<ValType> In, Out;
    if (Error E = blockType(I.Block, In, Out))
      return E;
    if (Error E = pop(In))
      return E;
    // The clauses' labels are those around the try_table.
    for (size_t K = 0; K + 2 < I.Targets.size(); K += 3) {
      auto Kind = CatchKind(I.Targets[K]);
      SmallVector<ValType, 4> Sent;
      if (Kind == CatchKind::Catch || Kind == CatchKind::CatchRef) {
        if (I.Targets[K + 1] >= M.Tags.size())
          return unknown(Offset, "tag", I.Targets[K + 1]);
        const FuncType &T = M.Types[M.Tags[I.Targets[K + 1]]];
        Sent.append(T.Params.begin(), T.Params.end());
      }
      if (Kind == CatchKind::CatchRef || Kind == CatchKind::CatchAllRef)
        Sent.push_back(ValType::ref(HeapType(AbsHeap::Exn), false));
      const CtrlFrame *Target = nullptr;
      if (Error E = label(I.Targets[K + 2], Target))
        return E;
      ArrayRef<ValType> Types = Target->labelTypes();
      if (Types.size() != Sent.size())
        return mismatch("catch clause sends " + Twine(Sent.size()) +
                        " values to a label of " + Twine(Types.size()));
      for (size_t J = 0; J < Types.size(); ++J)
        if (!M.isSubtype(Sent[J], Types[J]))
          return mismatch(Types[J], Sent[J]);
    }
    pushCtrl(I.Op, In, Out);
    return Error::success();
  }
  // Legacy exception handling (what LLVM emits for -fwasm-exceptions).
  case Opcode::Try: {
    ArrayRef<ValType> In, Out;
    if (Error E = blockType(I.Block, In, Out))
      return E;
    if (Error E = pop(In))
      return E;
    pushCtrl(I.Op, In, Out);
    return Error::success();
  }
  case Opcode::Catch:
  case Opcode::CatchAll: {
    Opcode Open = Ctrls.back().Op;
    if (Open != Opcode::Try && Open != Opcode::Catch)
      return invalid(Offset, Open == Opcode::CatchAll
                                 ? "catch after catch_all"
                                 : "catch without matching try");
    SmallVector<ValType, 4> Params;
    if (I.Op == Opcode::Catch) {
      if (I.Index >= M.Tags.size())
        return unknown(Offset, "tag", I.Index);
      const FuncType &T = M.Types[M.Tags[I.Index]];
      Params.append(T.Params.begin(), T.Params.end());
    }
    CtrlFrame Frame;
    if (Error E = popCtrl(Frame))
      return E;
    pushCtrl(I.Op, {}, Frame.Results);
    push(Params);
    return Error::success();
  }
  case Opcode::Delegate: {
    if (Ctrls.back().Op != Opcode::Try)
      return invalid(Offset, "delegate without matching try");
    CtrlFrame Frame;
    if (Error E = popCtrl(Frame))
      return E;
    const CtrlFrame *Target = nullptr;
    if (Error E = label(I.Index, Target))
      return E;
    push(Frame.Results);
    return Error::success();
  }
  case Opcode::Rethrow: {
    const CtrlFrame *Target = nullptr;
    if (Error E = label(I.Index, Target))
      return E;
    if (Target->Op != Opcode::Catch && Target->Op != Opcode::CatchAll)
      return invalid(Offset, "invalid rethrow label");
    setUnreachable();
    return Error::success();
  }
  case Opcode::Throw: {
    if (I.Index >= M.Tags.size())
      return unknown(Offset, "tag", I.Index);
    if (Error E = pop(M.Types[M.Tags[I.Index]].Params))
      return E;
    setUnreachable();
    return Error::success();
  }
  case Opcode::ThrowRef: {
    if (Error E = pop(ValType::ref(HeapType(AbsHeap::Exn), true)))
      return E;
    setUnreachable();
    return Error::success();
  }
  case Opcode::Else: {
    if (Ctrls.back().Op != Opcode::If)
      return malformed(Offset, "else without matching if");
    CtrlFrame Frame;
    if (Error E = popCtrl(Frame))
      return E;
    pushCtrl(Opcode::Else, Frame.Params, Frame.Results);
    return Error::success();
  }
  case Opcode::End: {
    CtrlFrame Frame;
    if (Error E = popCtrl(Frame))
      return E;
    if (Frame.Op == Opcode::If) {
      // A missing else branch passes the parameters through unchanged.
      pushCtrl(Opcode::Else, Frame.Params, Frame.Results);
      if (Error E = popCtrl(Frame))
        return E;
    }
    push(Frame.Results);
    return Error::success();
  }
  case Opcode::Br: {
    const CtrlFrame *Target;
    if (Error E = label(I.Index, Target))
      return E;
    if (Error E = pop(Target->labelTypes()))
      return E;
    setUnreachable();
    return Error::success();
  }
  case Opcode::BrIf: {
    const CtrlFrame *Target;
    if (Error E = label(I.Index, Target))
      return E;
    if (Error E = pop(ValType::I32))
      return E;
    SmallVector<ValType, 4> Types(Target->labelTypes());
    if (Error E = pop(Types))
      return E;
    push(Types);
    return Error::success();
  }
  case Opcode::BrTable: {
    if (Error E = pop(ValType::I32))
      return E;
    const CtrlFrame *Default;
    if (Error E = label(I.Index, Default))
      return E;
    SmallVector<ValType, 4> DefaultTypes(Default->labelTypes());
    size_t Arity = DefaultTypes.size();
    for (uint32_t Depth : I.Targets) {
      const CtrlFrame *Target;
      if (Error E = label(Depth, Target))
        return E;
      ArrayRef<ValType> Types = Target->labelTypes();
      if (Types.size() != Arity)
        return mismatch("br_table targets have inconsistent arity");
      // Pop and push back what was there, so that an unknown operand
      // stays unknown for the other targets.
      SmallVector<ValType, 4> Popped(Arity);
      for (size_t J = Arity; J-- > 0;)
        if (Error E = pop(Types[J], Popped[J]))
          return E;
      push(Popped);
    }
    if (Error E = pop(DefaultTypes))
      return E;
    setUnreachable();
    return Error::success();
  }
  case Opcode::Return:
    if (Error E = pop(ArrayRef<ValType>(Ctrls.front().Results)))
      return E;
    setUnreachable();
    return Error::success();
  case Opcode::Call:
  case Opcode::ReturnCall:
    if (Error E = func(I.Index))
      return E;
    return callOp(M.funcType(I.Index), std::nullopt,
                  I.Op == Opcode::ReturnCall);
  case Opcode::CallIndirect:
  case Opcode::ReturnCallIndirect:
    if (Error E = table(I.Index2))
      return E;
    if (Error E = checkFuncTypeUse(M, I.Index, Offset))
      return E;
    if (!M.isSubtype(M.Tables[I.Index2].Elem, ValType::FuncRef))
      return mismatch(Twine(opcodeText(I.Op)) + " requires a funcref table");
    return callOp(M.Types[I.Index], tableAddr(I.Index2),
                  I.Op == Opcode::ReturnCallIndirect);
  case Opcode::CallRef:
  case Opcode::ReturnCallRef:
    if (Error E = checkFuncTypeUse(M, I.Index, Offset))
      return E;
    return callOp(M.Types[I.Index], ValType::ref(HeapType::index(I.Index), true),
                  I.Op == Opcode::ReturnCallRef);
  case Opcode::BrOnNull: {
    const CtrlFrame *Target;
    if (Error E = label(I.Index, Target))
      return E;
    ValType T;
    if (Error E = popRef(T))
      return E;
    SmallVector<ValType, 4> Types(Target->labelTypes());
    if (Error E = pop(Types))
      return E;
    push(Types);
    push(T == Unknown ? Unknown : T.asNonNull());
    return Error::success();
  }
  case Opcode::BrOnNonNull: {
    const CtrlFrame *Target;
    if (Error E = label(I.Index, Target))
      return E;
    ValType T;
    if (Error E = popRef(T))
      return E;
    SmallVector<ValType, 4> Types(Target->labelTypes());
    if (Types.empty() || !Types.back().isRef())
      return mismatch("br_on_non_null needs a label whose last type is a "
                      "reference");
    push(T == Unknown ? Unknown : T.asNonNull());
    if (Error E = pop(Types))
      return E;
    Types.pop_back();
    push(Types);
    return Error::success();
  }

  // Parametric.
  case Opcode::Drop: {
    ValType T;
    return popAny(T);
  }
  case Opcode::Select: {
    if (Error E = pop(ValType::I32))
      return E;
    ValType T1, T2;
    if (Error E = popAny(T1))
      return E;
    if (Error E = popAny(T2))
      return E;
    bool Num =
        (T1 == Unknown || isNumType(T1)) && (T2 == Unknown || isNumType(T2));
    bool Vec = (T1 == Unknown || T1 == ValType::V128) &&
               (T2 == Unknown || T2 == ValType::V128);
    if (!Num && !Vec)
      return mismatch("select without a type needs numeric operands");
    if (T1 != T2 && T1 != Unknown && T2 != Unknown)
      return mismatch(T1, T2);
    push(T1 == Unknown ? T2 : T1);
    return Error::success();
  }
  case Opcode::SelectT:
    // The decoder leaves the number of types in Index.
    if (I.Index != 1)
      return invalid(Offset, "invalid result arity");
    if (Error E = checkType(I.Type))
      return E;
    if (Error E = pop(ValType::I32))
      return E;
    if (Error E = pop(I.Type))
      return E;
    if (Error E = pop(I.Type))
      return E;
    push(I.Type);
    return Error::success();

  // Variables.
  case Opcode::LocalGet:
  case Opcode::LocalSet:
  case Opcode::LocalTee: {
    ValType T;
    if (Error E = local(I.Index, T))
      return E;
    if (I.Op == Opcode::LocalGet && !T.defaultable() && !Inited.test(I.Index))
      return invalid(Offset, "uninitialized local " + Twine(I.Index));
    if (I.Op != Opcode::LocalGet) {
      if (Error E = pop(T))
        return E;
      if (!T.defaultable() && !Inited.test(I.Index)) {
        Inited.set(I.Index);
        InitStack.push_back(I.Index);
      }
    }
    if (I.Op != Opcode::LocalSet)
      push(T);
    return Error::success();
  }
  case Opcode::GlobalGet:
    if (Error E = global(I.Index))
      return E;
    push(M.Globals[I.Index].Type.Type);
    return Error::success();
  case Opcode::GlobalSet:
    if (Error E = global(I.Index))
      return E;
    if (!M.Globals[I.Index].Type.Mutable)
      return invalid(Offset, C.M.Feats.Wasm2Messages ? "global is immutable"
                                                       : "immutable global");
    return pop(M.Globals[I.Index].Type.Type);

  // Tables.
  case Opcode::TableGet:
    if (Error E = table(I.Index))
      return E;
    if (Error E = pop(tableAddr(I.Index)))
      return E;
    push(M.Tables[I.Index].Elem);
    return Error::success();
  case Opcode::TableSet:
    if (Error E = table(I.Index))
      return E;
    if (Error E = pop(M.Tables[I.Index].Elem))
      return E;
    return pop(tableAddr(I.Index));
  case Opcode::TableSize:
    if (Error E = table(I.Index))
      return E;
    push(tableAddr(I.Index));
    return Error::success();
  case Opcode::TableGrow:
    if (Error E = table(I.Index))
      return E;
    if (Error E = pop(tableAddr(I.Index)))
      return E;
    if (Error E = pop(M.Tables[I.Index].Elem))
      return E;
    push(tableAddr(I.Index));
    return Error::success();
  case Opcode::TableFill:
    if (Error E = table(I.Index))
      return E;
    if (Error E = pop(tableAddr(I.Index)))
      return E;
    if (Error E = pop(M.Tables[I.Index].Elem))
      return E;
    return pop(tableAddr(I.Index));
  case Opcode::TableCopy:
    if (Error E = table(I.Index))
      return E;
    if (Error E = table(I.Index2))
      return E;
    if (!M.isSubtype(M.Tables[I.Index2].Elem, M.Tables[I.Index].Elem))
      return mismatch(M.Tables[I.Index].Elem, M.Tables[I.Index2].Elem);
    return popCopyOperands(tableAddr(I.Index), tableAddr(I.Index2));
  case Opcode::TableInit:
    if (Error E = table(I.Index2))
      return E;
    if (Error E = elem(I.Index))
      return E;
    if (!M.isSubtype(M.Elems[I.Index].Type, M.Tables[I.Index2].Elem))
      return mismatch(M.Tables[I.Index2].Elem, M.Elems[I.Index].Type);
    return popInitOperands(tableAddr(I.Index2));
  case Opcode::ElemDrop:
    return elem(I.Index);

  // References.
  case Opcode::RefNull:
    if (Error E = checkType(I.Type))
      return E;
    push(I.Type);
    return Error::success();
  case Opcode::RefIsNull: {
    ValType T;
    if (Error E = popRef(T))
      return E;
    push(ValType::I32);
    return Error::success();
  }
  case Opcode::RefAsNonNull: {
    ValType T;
    if (Error E = popRef(T))
      return E;
    push(T == Unknown ? Unknown : T.asNonNull());
    return Error::success();
  }
  // Garbage collection: structs and arrays.
  case Opcode::StructNew:
  case Opcode::StructNewDefault: {
    if (Error E = compositeType(I.Index, TypeForm::Struct))
      return E;
    const SubType &ST = M.subType(I.Index);
    if (I.Op == Opcode::StructNew) {
      for (size_t K = ST.Fields.size(); K-- > 0;)
        if (Error E = pop(unpacked(ST.Fields[K])))
          return E;
    } else {
      for (const FieldType &F : ST.Fields)
        if (!F.Type.defaultable())
          return invalid(Offset, "field type is not defaultable");
    }
    push(ValType::ref(HeapType::index(I.Index), false));
    return Error::success();
  }
  case Opcode::StructGet:
  case Opcode::StructGetS:
  case Opcode::StructGetU:
  case Opcode::StructSet: {
    if (Error E = compositeType(I.Index, TypeForm::Struct))
      return E;
    const SubType &ST = M.subType(I.Index);
    if (I.Index2 >= ST.Fields.size())
      return invalid(Offset, "unknown field " + Twine(I.Index2));
    const FieldType &F = ST.Fields[I.Index2];
    if (I.Op == Opcode::StructSet) {
      if (!F.Mutable)
        return invalid(Offset, "immutable field");
      if (Error E = pop(unpacked(F)))
        return E;
    } else if ((I.Op == Opcode::StructGet) != (F.Packed == 0)) {
      return invalid(Offset, F.Packed ? "field is packed"
                                      : "field is not packed");
    }
    if (Error E = pop(ValType::ref(HeapType::index(I.Index), true)))
      return E;
    if (I.Op != Opcode::StructSet)
      push(unpacked(F));
    return Error::success();
  }
  case Opcode::ArrayNew:
  case Opcode::ArrayNewDefault:
  case Opcode::ArrayNewFixed: {
    if (Error E = compositeType(I.Index, TypeForm::Array))
      return E;
    const FieldType &F = M.subType(I.Index).Fields[0];
    if (I.Op == Opcode::ArrayNewFixed) {
      if (I.Index2 > 10000)
        return unsupported(Offset, "array.new_fixed of more than 10000 "
                                   "operands");
      for (uint32_t K = 0; K < I.Index2; ++K)
        if (Error E = pop(unpacked(F)))
          return E;
    } else {
      if (Error E = pop(ValType::I32))
        return E;
      if (I.Op == Opcode::ArrayNew) {
        if (Error E = pop(unpacked(F)))
          return E;
      } else if (!F.Type.defaultable()) {
        return invalid(Offset, "array type is not defaultable");
      }
    }
    push(ValType::ref(HeapType::index(I.Index), false));
    return Error::success();
  }
  case Opcode::ArrayGet:
  case Opcode::ArrayGetS:
  case Opcode::ArrayGetU:
  case Opcode::ArraySet:
  case Opcode::ArrayFill: {
    if (Error E = compositeType(I.Index, TypeForm::Array))
      return E;
    const FieldType &F = M.subType(I.Index).Fields[0];
    bool Get = I.Op == Opcode::ArrayGet || I.Op == Opcode::ArrayGetS ||
               I.Op == Opcode::ArrayGetU;
    if (!Get && !F.Mutable)
      return invalid(Offset, "immutable array");
    if (Get && (I.Op == Opcode::ArrayGet) != (F.Packed == 0))
      return invalid(Offset, F.Packed ? "array is packed"
                                      : "array is not packed");
    if (I.Op == Opcode::ArrayFill)
      if (Error E = pop(ValType::I32))
        return E;
    if (!Get)
      if (Error E = pop(unpacked(F)))
        return E;
    if (Error E = pop(ValType::I32))
      return E;
    if (Error E = pop(ValType::ref(HeapType::index(I.Index), true)))
      return E;
    if (Get)
      push(unpacked(F));
    return Error::success();
  }
  case Opcode::ArrayLen:
    if (Error E = pop(ValType::ref(HeapType(AbsHeap::Array), true)))
      return E;
    push(ValType::I32);
    return Error::success();
  case Opcode::ArrayCopy: {
    if (Error E = compositeType(I.Index, TypeForm::Array))
      return E;
    if (Error E = compositeType(I.Index2, TypeForm::Array))
      return E;
    const FieldType &Dst = M.subType(I.Index).Fields[0];
    const FieldType &Src = M.subType(I.Index2).Fields[0];
    if (!Dst.Mutable)
      return invalid(Offset, "immutable array");
    bool Fits = Dst.Packed || Src.Packed ? Dst.Packed == Src.Packed
                                         : M.isSubtype(Src.Type, Dst.Type);
    if (!Fits)
      return invalid(Offset, "array types do not match");
    if (Error E = pop(ValType::I32))
      return E;
    if (Error E = pop(ValType::I32))
      return E;
    if (Error E = pop(ValType::ref(HeapType::index(I.Index2), true)))
      return E;
    if (Error E = pop(ValType::I32))
      return E;
    return pop(ValType::ref(HeapType::index(I.Index), true));
  }

  case Opcode::ArrayNewData:
  case Opcode::ArrayNewElem:
  case Opcode::ArrayInitData:
  case Opcode::ArrayInitElem: {
    // new: [offset len] -> [(ref x)]; init: [(ref null x) dst offset len].
    if (Error E = compositeType(I.Index, TypeForm::Array))
      return E;
    const FieldType &F = M.subType(I.Index).Fields[0];
    bool Init = I.Op == Opcode::ArrayInitData || I.Op == Opcode::ArrayInitElem;
    if (Init && !F.Mutable)
      return invalid(Offset, "immutable array");
    if (I.Op == Opcode::ArrayNewData || I.Op == Opcode::ArrayInitData) {
      if (!F.Packed && F.Type.isRef())
        return invalid(Offset, "array type is not numeric or vector");
      if (Error E = data(I.Index2))
        return E;
    } else {
      if (Error E = elem(I.Index2))
        return E;
      if (!M.isSubtype(M.Elems[I.Index2].Type, unpacked(F)))
        return mismatch(unpacked(F), M.Elems[I.Index2].Type);
    }
    for (int K = 0; K < (Init ? 3 : 2); ++K)
      if (Error E = pop(ValType::I32))
        return E;
    if (Init)
      return pop(ValType::ref(HeapType::index(I.Index), true));
    push(ValType::ref(HeapType::index(I.Index), false));
    return Error::success();
  }

  // Garbage collection: the abstract heap types (docs/abi.md).
  case Opcode::RefEq: {
    ValType EqRef = ValType::ref(HeapType(AbsHeap::Eq), true);
    if (Error E = pop(EqRef))
      return E;
    if (Error E = pop(EqRef))
      return E;
    push(ValType::I32);
    return Error::success();
  }
  case Opcode::RefI31:
    if (Error E = pop(ValType::I32))
      return E;
    push(ValType::ref(HeapType(AbsHeap::I31), false));
    return Error::success();
  case Opcode::I31GetS:
  case Opcode::I31GetU:
    if (Error E = pop(ValType::ref(HeapType(AbsHeap::I31), true)))
      return E;
    push(ValType::I32);
    return Error::success();
  case Opcode::AnyConvertExtern:
  case Opcode::ExternConvertAny: {
    bool ToAny = I.Op == Opcode::AnyConvertExtern;
    HeapType From(ToAny ? AbsHeap::Extern : AbsHeap::Any);
    HeapType To(ToAny ? AbsHeap::Any : AbsHeap::Extern);
    ValType T;
    if (Error E = pop(ValType::ref(From, true), T))
      return E;
    push(ValType::ref(To, T != Unknown && T.nullable()));
    return Error::success();
  }
  case Opcode::RefTest:
  case Opcode::RefTestNull:
  case Opcode::RefCast:
  case Opcode::RefCastNull: {
    if (Error E = checkType(I.Type))
      return E;
    if (Error E = pop(ValType::ref(M.topHeap(I.Type.heap()), true)))
      return E;
    bool Test = I.Op == Opcode::RefTest || I.Op == Opcode::RefTestNull;
    push(Test ? ValType::I32 : I.Type);
    return Error::success();
  }
  case Opcode::BrOnCast:
  case Opcode::BrOnCastFail: {
    const CtrlFrame *Target;
    if (Error E = label(I.Index, Target))
      return E;
    if (Error E = checkType(I.Type))
      return E;
    if (Error E = checkType(I.Type2))
      return E;
    if (!M.isSubtype(I.Type2, I.Type))
      return mismatch(Twine(opcodeText(I.Op)) + "'s target type " +
                      typeName(I.Type2) + " is not a subtype of " +
                      typeName(I.Type));
    // What is left when the cast fails: the source without the target.
    ValType Diff = I.Type2.nullable() ? I.Type.asNonNull() : I.Type;
    bool OnCast = I.Op == Opcode::BrOnCast;
    ValType Taken = OnCast ? I.Type2 : Diff;
    ValType Stays = OnCast ? Diff : I.Type2;
    SmallVector<ValType, 4> Types(Target->labelTypes());
    if (Types.empty())
      return mismatch(Twine(opcodeText(I.Op)) +
                      " needs a label whose last type is a reference");
    if (!M.isSubtype(Taken, Types.back()))
      return mismatch(Types.back(), Taken);
    if (Error E = pop(I.Type))
      return E;
    Types.pop_back();
    if (Error E = pop(Types))
      return E;
    push(Types);
    push(Stays);
    return Error::success();
  }

  case Opcode::RefFunc:
    if (Error E = func(I.Index))
      return E;
    if (!C.DeclaredFuncs.test(I.Index))
      return invalid(Offset, "undeclared function reference " + Twine(I.Index));
    push(ValType::ref(HeapType::index(M.FuncTypes[I.Index]), false));
    return Error::success();

  // Bulk memory.
  case Opcode::MemoryInit:
    if (Error E = memory(I.Index2))
      return E;
    if (Error E = data(I.Index))
      return E;
    return popInitOperands(memoryAddr(I.Index2));
  case Opcode::DataDrop:
    return data(I.Index);
  case Opcode::MemoryCopy:
    if (Error E = memory(I.Index))
      return E;
    if (Error E = memory(I.Index2))
      return E;
    return popCopyOperands(memoryAddr(I.Index), memoryAddr(I.Index2));
  case Opcode::MemoryFill:
    if (Error E = memory(I.Index))
      return E;
    if (Error E = pop(memoryAddr(I.Index)))
      return E;
    if (Error E = pop(ValType::I32))
      return E;
    return pop(memoryAddr(I.Index));

  // SIMD: the operators of three v128 operands.
  case Opcode::V128Bitselect:
  case Opcode::F32x4RelaxedMadd:
  case Opcode::F32x4RelaxedNmadd:
  case Opcode::F64x2RelaxedMadd:
  case Opcode::F64x2RelaxedNmadd:
  case Opcode::I8x16RelaxedLaneselect:
  case Opcode::I16x8RelaxedLaneselect:
  case Opcode::I32x4RelaxedLaneselect:
  case Opcode::I64x2RelaxedLaneselect:
  case Opcode::I32x4RelaxedDotI8x16I7x16AddS:
    for (int K = 0; K < 3; ++K)
      if (Error E = pop(ValType::V128))
        return E;
    push(ValType::V128);
    return Error::success();

  default:
    break;
  }
  return unsupported(Offset, Twine("cannot validate ") + opcodeText(I.Op));
}

//===----------------------------------------------------------------------===//
// Module-level rules
//===----------------------------------------------------------------------===//

Error checkLimits(const Limits &L, uint64_t Range, const char *TooLarge) {
  if (L.Min > Range)
    return invalid(WasmError::NoOffset, TooLarge);
  if (L.Max) {
    if (*L.Max > Range)
      return invalid(WasmError::NoOffset, TooLarge);
    if (L.Min > *L.Max)
      return invalid(WasmError::NoOffset,
                     "size minimum must not be greater than maximum");
  }
  return Error::success();
}

Error checkTableType(const TableType &T) {
  if (T.Lim.Is64)
    return checkLimits(T.Lim, ~uint64_t(0),
                       "table size must be at most 2^64-1");
  return checkLimits(T.Lim, 0xFFFFFFFFu, "table size must be at most 2^32-1");
}

Error checkMemoryType(const MemoryType &T) {
  if (T.Lim.Is64)
    return checkLimits(T.Lim, uint64_t(1) << 48,
                       "memory size must be at most 2^48 pages (256TiB)");
  return checkLimits(T.Lim, 65536,
                     "memory size must be at most 65536 pages (4GiB)");
}

/// A constant expression, typed against Expect. It may read globals below
/// NumGlobals: Wasm 3.0 lets a global's initializer read the globals before
/// it and a segment any global; Wasm 2.0 (without Features::ExtendedConst) only imported
/// ones. As the reference interpreter does, every instruction is checked
/// to be constant before any is typed.
Error checkConst(const Context &C, const ConstExpr &CE, ValType Expect,
                 uint32_t NumGlobals) {
  const Module &M = C.M;
  if (!M.Feats.ExtendedConst)
    NumGlobals = std::min(NumGlobals, M.NumImportedGlobals);
  for (const ConstInstr &I : CE.Instrs) {
    switch (I.Op) {
    case Opcode::I32Const:
    case Opcode::I64Const:
    case Opcode::F32Const:
    case Opcode::F64Const:
    case Opcode::V128Const:
    case Opcode::RefNull:
    case Opcode::RefI31:
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny:
      break;
    case Opcode::StructNew:
    case Opcode::StructNewDefault:
    case Opcode::ArrayNew:
    case Opcode::ArrayNewDefault:
    case Opcode::ArrayNewFixed: {
      bool Struct =
          I.Op == Opcode::StructNew || I.Op == Opcode::StructNewDefault;
      if (I.Index >= M.Types.size())
        return unknown(I.Offset, "type", I.Index);
      if (M.subType(I.Index).Form !=
          (Struct ? TypeForm::Struct : TypeForm::Array))
        return invalid(I.Offset, Twine("type mismatch: type ") +
                                     Twine(I.Index) + " is not " +
                                     (Struct ? "a struct" : "an array") +
                                     " type");
      if (I.Op == Opcode::ArrayNewFixed && I.Index2 > 10000)
        return unsupported(I.Offset, "array.new_fixed of more than 10000 "
                                     "operands");
      break;
    }
    case Opcode::I32Add:
    case Opcode::I32Sub:
    case Opcode::I32Mul:
    case Opcode::I64Add:
    case Opcode::I64Sub:
    case Opcode::I64Mul:
      if (!M.Feats.ExtendedConst)
        return invalid(I.Offset, Twine("constant expression required, found ") +
                                     opcodeText(I.Op));
      break;
    case Opcode::RefFunc:
      if (I.Index >= C.numFuncs())
        return unknown(I.Offset, "function", I.Index);
      break;
    case Opcode::GlobalGet:
      if (I.Index >= NumGlobals || I.Index >= M.Globals.size())
        return unknown(I.Offset, "global", I.Index);
      if (M.Globals[I.Index].Type.Mutable)
        return invalid(I.Offset, "constant expression required");
      break;
    default:
      return invalid(I.Offset, Twine("constant expression required, found ") +
                                   opcodeText(I.Op));
    }
  }

  SmallVector<ValType, 4> Stack;
  auto Mismatch = [&](uint32_t Offset, ValType Want, ValType Found) {
    return invalid(Offset, Twine("type mismatch: instruction requires [") +
                               typeName(Want) + "] but stack has [" +
                               typeName(Found) + "]");
  };
  for (const ConstInstr &I : CE.Instrs) {
    switch (I.Op) {
    case Opcode::I32Const:
      Stack.push_back(ValType::I32);
      break;
    case Opcode::I64Const:
      Stack.push_back(ValType::I64);
      break;
    case Opcode::F32Const:
      Stack.push_back(ValType::F32);
      break;
    case Opcode::F64Const:
      Stack.push_back(ValType::F64);
      break;
    case Opcode::V128Const:
      Stack.push_back(ValType::V128);
      break;
    case Opcode::RefNull:
      if (Error E = checkValType(M, I.Type, M.Types.size(), I.Offset))
        return E;
      Stack.push_back(I.Type);
      break;
    case Opcode::RefFunc:
      Stack.push_back(
          ValType::ref(HeapType::index(M.FuncTypes[I.Index]), false));
      break;
    case Opcode::GlobalGet:
      Stack.push_back(M.Globals[I.Index].Type.Type);
      break;
    case Opcode::RefI31:
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny: {
      // [i32] -> [(ref i31)]; [(ref null? extern)] -> [(ref null? any)]
      // and back.
      ValType Want = I.Op == Opcode::RefI31 ? ValType::I32
                     : I.Op == Opcode::AnyConvertExtern
                         ? ValType::ExternRef
                         : ValType::ref(HeapType(AbsHeap::Any), true);
      if (Stack.empty())
        return invalid(I.Offset, Twine("type mismatch: ") + opcodeText(I.Op) +
                                     " expects an operand");
      if (!M.isSubtype(Stack.back(), Want))
        return Mismatch(I.Offset, Want, Stack.back());
      bool Null = Stack.back().isRef() && Stack.back().nullable();
      Stack.pop_back();
      if (I.Op == Opcode::RefI31)
        Stack.push_back(ValType::ref(HeapType(AbsHeap::I31), false));
      else
        Stack.push_back(ValType::ref(
            HeapType(I.Op == Opcode::AnyConvertExtern ? AbsHeap::Any
                                                      : AbsHeap::Extern),
            Null));
      break;
    }
    case Opcode::StructNew:
    case Opcode::StructNewDefault:
    case Opcode::ArrayNew:
    case Opcode::ArrayNewDefault:
    case Opcode::ArrayNewFixed: {
      // As in a function body: the fields' values (i32 for packed ones)
      // or an array's value and length, then the new (ref $t).
      const SubType &ST = M.subType(I.Index);
      SmallVector<ValType, 8> Want;
      auto Unpacked = [](const FieldType &F) {
        return F.Packed ? ValType::I32 : F.Type;
      };
      switch (I.Op) {
      case Opcode::StructNew:
        for (const FieldType &F : ST.Fields)
          Want.push_back(Unpacked(F));
        break;
      case Opcode::StructNewDefault:
      case Opcode::ArrayNewDefault:
        for (const FieldType &F : ST.Fields)
          if (!F.Type.defaultable())
            return invalid(I.Offset, ST.Form == TypeForm::Struct
                                         ? "field type is not defaultable"
                                         : "array type is not defaultable");
        if (I.Op == Opcode::ArrayNewDefault)
          Want.push_back(ValType::I32);
        break;
      case Opcode::ArrayNew:
        Want = {Unpacked(ST.Fields[0]), ValType::I32};
        break;
      default: // array.new_fixed
        Want.assign(I.Index2, Unpacked(ST.Fields[0]));
        break;
      }
      for (size_t K = Want.size(); K-- > 0;) {
        if (Stack.empty())
          return invalid(I.Offset, Twine("type mismatch: ") + opcodeText(I.Op) +
                                       " expects " + Twine(Want.size()) +
                                       " operands");
        if (!M.isSubtype(Stack.back(), Want[K]))
          return Mismatch(I.Offset, Want[K], Stack.back());
        Stack.pop_back();
      }
      Stack.push_back(ValType::ref(HeapType::index(I.Index), false));
      break;
    }
    default: { // i32/i64 add, sub, mul: [t t] -> [t]
      bool Is64 = I.Op == Opcode::I64Add || I.Op == Opcode::I64Sub ||
                  I.Op == Opcode::I64Mul;
      ValType T = Is64 ? ValType::I64 : ValType::I32;
      for (int K = 0; K < 2; ++K) {
        if (Stack.empty())
          return invalid(I.Offset, Twine("type mismatch: ") + opcodeText(I.Op) +
                                       " expects two operands");
        if (Stack.back() != T)
          return Mismatch(I.Offset, T, Stack.back());
        Stack.pop_back();
      }
      Stack.push_back(T);
      break;
    }
    }
  }
  // Exactly one value of type Expect must remain.
  if (Stack.size() != 1)
    return invalid(CE.End ? CE.End - 1 : CE.Offset,
                   Twine("type mismatch: constant expression of ") +
                       Twine(Stack.size()) + " values where one " +
                       typeName(Expect) + " is expected");
  if (!M.isSubtype(Stack[0], Expect))
    return Mismatch(CE.Offset, Expect, Stack[0]);
  return Error::success();
}

/// A value type inside the type section: its type indices must lie before
/// the end of its rec group (GroupEnd); GC's abstract heap types are fine
/// in a definition.
Error checkDefValType(ValType T, size_t GroupEnd, uint64_t Offset) {
  if (T.isRef() && T.heap().isIndex() && T.heap().index() >= GroupEnd)
    return unknown(Offset, "type", T.heap().index());
  return Error::success();
}

/// Storage types of fields: a packed type matches only itself.
bool fieldMatches(const Module &M, const FieldType &Sub,
                  const FieldType &Super) {
  if (Sub.Mutable != Super.Mutable || Sub.Packed != Super.Packed)
    return false;
  if (Sub.Packed)
    return true;
  if (!M.isSubtype(Sub.Type, Super.Type))
    return false;
  return !Sub.Mutable || M.isSubtype(Super.Type, Sub.Type); // invariant
}

/// Whether type Sub's definition matches type Super's (Wasm 3.0 composite
/// type matching): functions contravariant in their parameters and
/// covariant in their results; structs by a prefix of their fields;
/// arrays by their element.
bool compositeMatches(const Module &M, uint32_t Sub, uint32_t Super) {
  const SubType &A = M.subType(Sub), &B = M.subType(Super);
  if (A.Form != B.Form)
    return false;
  if (A.Form == TypeForm::Func) {
    const FuncType &F = M.Types[Sub], &G = M.Types[Super];
    if (F.Params.size() != G.Params.size() ||
        F.Results.size() != G.Results.size())
      return false;
    for (size_t K = 0; K < F.Params.size(); ++K)
      if (!M.isSubtype(G.Params[K], F.Params[K]))
        return false;
    for (size_t K = 0; K < F.Results.size(); ++K)
      if (!M.isSubtype(F.Results[K], G.Results[K]))
        return false;
    return true;
  }
  if (A.Fields.size() < B.Fields.size() ||
      (A.Form == TypeForm::Array && A.Fields.size() != B.Fields.size()))
    return false;
  for (size_t K = 0; K < B.Fields.size(); ++K)
    if (!fieldMatches(M, A.Fields[K], B.Fields[K]))
      return false;
  return true;
}

/// The type section: a type may refer to any type of its rec group and to
/// earlier ones (a type outside a `rec` is a group of one); a declared
/// supertype comes before the type, is not final, and its definition
/// matches.
Error checkTypes(const Context &C) {
  const Module &M = C.M;
  for (uint32_t I = 0; I < M.Types.size(); ++I) {
    const SubType &S = M.subType(I);
    size_t GroupEnd = size_t(S.RecStart) + S.RecSize;
    uint64_t At = S.Offset ? S.Offset : uint64_t(WasmError::NoOffset);
    for (ValType T : M.Types[I].Params)
      if (Error E = checkDefValType(T, GroupEnd, At))
        return E;
    for (ValType T : M.Types[I].Results)
      if (Error E = checkDefValType(T, GroupEnd, At))
        return E;
    for (const FieldType &F : S.Fields)
      if (Error E = checkDefValType(F.Type, GroupEnd, At))
        return E;
    if (S.Supers.size() > 1)
      return invalid(At, "multiple supertypes");
    for (uint32_t Super : S.Supers) {
      if (Super >= I)
        return unknown(At, "type", Super);
      if (M.subType(Super).Final)
        return invalid(At, "sub type " + Twine(I) + " has final super type " +
                               Twine(Super));
      if (!compositeMatches(M, I, Super))
        return invalid(At, "sub type " + Twine(I) +
                               " does not match super type " + Twine(Super));
    }
  }
  return Error::success();
}

Error checkImports(const Context &C) {
  const Module &M = C.M;
  size_t NumTypes = M.Types.size();
  for (const Import &Imp : M.Imports) {
    switch (Imp.Kind) {
    case ExternKind::Func:
      if (Error E = checkFuncTypeUse(M, Imp.TypeIdx, WasmError::NoOffset))
        return E;
      break;
    case ExternKind::Table:
      if (Error E =
              checkValType(M, Imp.Table.Elem, NumTypes, WasmError::NoOffset))
        return E;
      if (Error E = checkTableType(Imp.Table))
        return E;
      break;
    case ExternKind::Memory:
      if (Error E = checkMemoryType(Imp.Memory))
        return E;
      break;
    case ExternKind::Global:
      if (Error E =
              checkValType(M, Imp.Global.Type, NumTypes, WasmError::NoOffset))
        return E;
      break;
    case ExternKind::Tag:
      break; // checkTags
    }
  }
  return Error::success();
}

/// A tag's type is a function type without results.
Error checkTags(const Context &C) {
  const Module &M = C.M;
  for (uint32_t TypeIdx : M.Tags) {
    if (Error E = checkFuncTypeUse(M, TypeIdx, WasmError::NoOffset))
      return E;
    if (!M.Types[TypeIdx].Results.empty())
      return invalid(WasmError::NoOffset, "non-empty tag result type");
  }
  return Error::success();
}

Error checkDefinitions(const Context &C) {
  const Module &M = C.M;
  for (uint32_t TypeIdx : M.FuncTypes)
    if (Error E = checkFuncTypeUse(M, TypeIdx, WasmError::NoOffset))
      return E;
  size_t NumTypes = M.Types.size();
  for (size_t I = M.NumImportedGlobals; I < M.Globals.size(); ++I) {
    if (Error E = checkValType(M, M.Globals[I].Type.Type, NumTypes,
                               M.Globals[I].Init.Offset))
      return E;
    if (Error E = checkConst(C, M.Globals[I].Init, M.Globals[I].Type.Type,
                             uint32_t(I)))
      return E;
  }
  for (size_t I = M.NumImportedTables; I < M.Tables.size(); ++I) {
    const TableType &T = M.Tables[I];
    if (Error E = checkValType(M, T.Elem, NumTypes, WasmError::NoOffset))
      return E;
    if (Error E = checkTableType(T))
      return E;
    const ConstExpr &Init = M.TableInits[I - M.NumImportedTables];
    // The table section precedes the global section: an initializer reads
    // imported globals only.
    if (T.HasInit) {
      if (Error E = checkConst(C, Init, T.Elem, M.NumImportedGlobals))
        return E;
    } else if (!T.Elem.defaultable()) {
      return invalid(WasmError::NoOffset,
                     "type mismatch: table of non-nullable type " +
                         typeName(T.Elem) + " needs an initializer");
    }
  }
  for (size_t I = M.NumImportedMemories; I < M.Memories.size(); ++I)
    if (Error E = checkMemoryType(M.Memories[I]))
      return E;
  if (!M.Feats.MultiMemory && M.Memories.size() > 1)
    return invalid(WasmError::NoOffset, "multiple memories");
  return Error::success();
}

Error checkSegments(const Context &C) {
  const Module &M = C.M;
  for (const ElemSegment &S : M.Elems) {
    if (Error E = checkValType(M, S.Type, M.Types.size(), S.Offset.Offset))
      return E;
    for (const ConstExpr &Item : S.Items)
      if (Error E = checkConst(C, Item, S.Type, C.numGlobals()))
        return E;
    if (S.Mode != SegmentMode::Active)
      continue;
    if (S.Table >= M.Tables.size())
      return unknown(S.Offset.Offset, "table", S.Table);
    if (Error E = checkConst(C, S.Offset, M.Tables[S.Table].Lim.addrType(),
                             C.numGlobals()))
      return E;
    if (!M.isSubtype(S.Type, M.Tables[S.Table].Elem))
      return invalid(S.Offset.Offset,
                     Twine("type mismatch: element segment of ") +
                         typeName(S.Type) + " for a table of " +
                         typeName(M.Tables[S.Table].Elem));
  }
  for (const DataSegment &S : M.Datas) {
    if (S.Mode != SegmentMode::Active)
      continue;
    if (S.Memory >= M.Memories.size())
      return unknown(S.Offset.Offset, "memory", S.Memory);
    if (Error E = checkConst(C, S.Offset, M.Memories[S.Memory].Lim.addrType(),
                             C.numGlobals()))
      return E;
  }
  return Error::success();
}

Error checkStartAndExports(const Context &C) {
  const Module &M = C.M;
  if (M.Start) {
    if (*M.Start >= C.numFuncs())
      return unknown(WasmError::NoOffset, "function", *M.Start);
    const FuncType &T = M.funcType(*M.Start);
    if (!T.Params.empty() || !T.Results.empty())
      return invalid(WasmError::NoOffset,
                     "start function must take no arguments and return "
                     "nothing");
  }
  StringSet<> Names;
  for (const Export &Ex : M.Exports) {
    switch (Ex.Kind) {
    case ExternKind::Func:
      if (Ex.Index >= C.numFuncs())
        return unknown(WasmError::NoOffset, "function", Ex.Index);
      break;
    case ExternKind::Table:
      if (Ex.Index >= M.Tables.size())
        return unknown(WasmError::NoOffset, "table", Ex.Index);
      break;
    case ExternKind::Memory:
      if (Ex.Index >= M.Memories.size())
        return unknown(WasmError::NoOffset, "memory", Ex.Index);
      break;
    case ExternKind::Global:
      if (Ex.Index >= M.Globals.size())
        return unknown(WasmError::NoOffset, "global", Ex.Index);
      break;
    case ExternKind::Tag:
      if (Ex.Index >= M.Tags.size())
        return unknown(WasmError::NoOffset, "tag", Ex.Index);
      break;
    }
    if (!Names.insert(Ex.Name).second)
      return invalid(WasmError::NoOffset,
                     "duplicate export name \"" + Twine(Ex.Name) + "\"");
  }
  return Error::success();
}

/// The functions that ref.func may name inside bodies: those referenced by
/// element segments, exports and global initializers.
void collectDeclaredFuncs(Context &C) {
  const Module &M = C.M;
  C.DeclaredFuncs.resize(C.numFuncs());
  auto Note = [&](const ConstExpr &CE) {
    for (const ConstInstr &I : CE.Instrs)
      if (I.Op == Opcode::RefFunc && I.Index < C.numFuncs())
        C.DeclaredFuncs.set(I.Index);
  };
  for (size_t I = M.NumImportedGlobals; I < M.Globals.size(); ++I)
    Note(M.Globals[I].Init);
  for (size_t I = M.NumImportedTables; I < M.Tables.size(); ++I)
    if (M.Tables[I].HasInit)
      Note(M.TableInits[I - M.NumImportedTables]);
  for (const ElemSegment &S : M.Elems)
    for (const ConstExpr &Item : S.Items)
      Note(Item);
  for (const Export &Ex : M.Exports)
    if (Ex.Kind == ExternKind::Func && Ex.Index < C.numFuncs())
      C.DeclaredFuncs.set(Ex.Index);
}

} // namespace

Error validateModule(const Module &M) {
  Context C(M);
  if (Error E = checkTypes(C))
    return E;
  if (Error E = checkImports(C))
    return E;
  if (Error E = checkTags(C))
    return E;
  if (Error E = checkDefinitions(C))
    return E;
  if (Error E = checkSegments(C))
    return E;
  collectDeclaredFuncs(C);
  for (uint32_t I = 0, E = M.Functions.size(); I != E; ++I)
    if (Error Err = FunctionValidator(C, M.NumImportedFuncs + I).run())
      return Err;
  return checkStartAndExports(C);
}

} // namespace wasm2so
