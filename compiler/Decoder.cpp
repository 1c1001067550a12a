//===- Decoder.cpp - Streaming reader of the binary format ----------------===//
//
// Error wording follows the spec interpreter, since the spec suite's
// assert_malformed compares by prefix; what was being read is appended.
// Like the spec interpreter, section and body contents are read up to the
// end of the file and their declared sizes are checked afterwards, so a
// truncated vector reports what the spec tests expect.
//
//===----------------------------------------------------------------------===//

#include "Decoder.h"
#include "Error.h"
#include "Limits.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"

#include <array>

using namespace llvm;

namespace wasm2so {

namespace {

constexpr const char *UnexpectedEnd = "unexpected end of section or function";
constexpr const char *LengthOutOfBounds = "length out of bounds";
constexpr const char *TooLong = "integer representation too long";
constexpr const char *TooLarge = "integer too large";

Error readError(uint32_t Offset, const Twine &Message, const char *What) {
  return malformed(Offset, Message + " while reading " + What);
}

/// An implementation limit (Limits.h): Count Things, counted at Offset,
/// where wasm2so allows at most Limit.
Error checkLimit(uint64_t Count, uint64_t Limit, uint32_t Offset,
                 const char *Things) {
  if (Count <= Limit)
    return Error::success();
  return unsupported(Offset, Twine("too many ") + Things + ": " + Twine(Count) +
                                 " (wasm2so allows " + Twine(Limit) + ")");
}

/// Reads an N-bit LEB128 integer at Pos with the spec's rules: at most
/// ceil(N/7) bytes, and the unused bits of the last byte must be zero
/// (unsigned) or copies of the sign bit (signed).
Error decodeLEB(ArrayRef<uint8_t> Bytes, uint32_t &Pos, uint32_t End,
                unsigned Bits, bool Signed, uint64_t &Out, const char *What) {
  uint32_t Start = Pos;
  unsigned MaxBytes = (Bits + 6) / 7;
  uint64_t Result = 0;
  unsigned NumBits = 0; // bits of Result that came from the input
  for (unsigned I = 0;; ++I) {
    if (Pos >= End)
      return readError(Pos, UnexpectedEnd, What);
    uint8_t B = Bytes[Pos++];
    unsigned Shift = 7 * I;
    Result |= uint64_t(B & 0x7f) << Shift;
    if (I + 1 < MaxBytes) {
      if (B & 0x80)
        continue;
      NumBits = Shift + 7;
      break;
    }
    // The last byte a value of this width may have.
    if (B & 0x80)
      return readError(Start, TooLong, What);
    unsigned UsedBits = Bits - Shift; // 1..7 value bits in this byte
    if (Signed) {
      uint8_t Rest = B >> (UsedBits - 1); // the sign bit and the unused ones
      if (Rest != 0 && Rest != (0x7f >> (UsedBits - 1)))
        return readError(Start, TooLarge, What);
    } else if (B >> UsedBits) {
      return readError(Start, TooLarge, What);
    }
    NumBits = Bits;
    break;
  }
  if (NumBits < 64)
    Result &= maskTrailingOnes<uint64_t>(NumBits);
  Out = Signed ? uint64_t(SignExtend64(Result, NumBits)) : Result;
  return Error::success();
}

/// The one-byte value types: number and vector types and the shorthands
/// of nullable abstract reference types (funcref, externref, and GC's).
/// 0x63/0x64 (ref null? ht) take a heap type after them.
std::optional<ValType> shortValType(uint8_t B) {
  switch (B) {
  case ValType::I32:
  case ValType::I64:
  case ValType::F32:
  case ValType::F64:
  case ValType::V128:
    return ValType(ValType::Kind(B));
  default:
    break;
  }
  if (B >= uint8_t(AbsHeap::Exn) && B <= uint8_t(AbsHeap::NoExn))
    return ValType::ref(HeapType(AbsHeap(B)), true);
  return std::nullopt;
}

constexpr uint8_t RefNullForm = 0x63;
constexpr uint8_t RefForm = 0x64;

/// Strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF.
bool isValidUTF8(ArrayRef<uint8_t> S) {
  size_t I = 0, N = S.size();
  while (I < N) {
    uint8_t B = S[I];
    if (B < 0x80) {
      ++I;
      continue;
    }
    unsigned Len;
    uint8_t Lo = 0x80, Hi = 0xbf; // range of the second byte
    if (B >= 0xc2 && B <= 0xdf) {
      Len = 2;
    } else if (B >= 0xe0 && B <= 0xef) {
      Len = 3;
      if (B == 0xe0)
        Lo = 0xa0;
      else if (B == 0xed)
        Hi = 0x9f;
    } else if (B >= 0xf0 && B <= 0xf4) {
      Len = 4;
      if (B == 0xf0)
        Lo = 0x90;
      else if (B == 0xf4)
        Hi = 0x8f;
    } else {
      return false;
    }
    if (N - I < Len)
      return false;
    if (S[I + 1] < Lo || S[I + 1] > Hi)
      return false;
    for (unsigned K = 2; K < Len; ++K)
      if ((S[I + K] & 0xc0) != 0x80)
        return false;
    I += Len;
  }
  return true;
}

} // namespace

//===----------------------------------------------------------------------===//
// Reader
//===----------------------------------------------------------------------===//

Error Reader::readU8(uint8_t &V, const char *What) {
  if (Pos >= End)
    return readError(Pos, UnexpectedEnd, What);
  V = Bytes[Pos++];
  return Error::success();
}

Error Reader::readU32(uint32_t &V, const char *What) {
  if (bytesLeft() < 4 || Pos >= End)
    return readError(End, UnexpectedEnd, What);
  V = 0;
  for (unsigned I = 0; I < 4; ++I)
    V |= uint32_t(Bytes[Pos + I]) << (8 * I);
  Pos += 4;
  return Error::success();
}

Error Reader::readU64(uint64_t &V, const char *What) {
  if (bytesLeft() < 8 || Pos >= End)
    return readError(End, UnexpectedEnd, What);
  V = 0;
  for (unsigned I = 0; I < 8; ++I)
    V |= uint64_t(Bytes[Pos + I]) << (8 * I);
  Pos += 8;
  return Error::success();
}

Error Reader::readVarU32(uint32_t &V, const char *What) {
  uint64_t X = 0;
  if (Error E = decodeLEB(Bytes, Pos, End, 32, false, X, What))
    return E;
  V = uint32_t(X);
  return Error::success();
}

Error Reader::readVarS32(int32_t &V, const char *What) {
  uint64_t X = 0;
  if (Error E = decodeLEB(Bytes, Pos, End, 32, true, X, What))
    return E;
  V = int32_t(uint32_t(X));
  return Error::success();
}

Error Reader::readVarU64(uint64_t &V, const char *What) {
  return decodeLEB(Bytes, Pos, End, 64, false, V, What);
}

Error Reader::readVarS64(int64_t &V, const char *What) {
  uint64_t X = 0;
  if (Error E = decodeLEB(Bytes, Pos, End, 64, true, X, What))
    return E;
  V = int64_t(X);
  return Error::success();
}

Error Reader::readVarS33(int64_t &V, const char *What) {
  uint64_t X = 0;
  if (Error E = decodeLEB(Bytes, Pos, End, 33, true, X, What))
    return E;
  V = int64_t(X);
  return Error::success();
}

Error Reader::readBytes(ArrayRef<uint8_t> &V, uint32_t N, const char *What) {
  if (N > bytesLeft() || Pos > End)
    return readError(End, UnexpectedEnd, What);
  V = Bytes.slice(Pos, N);
  Pos += N;
  return Error::success();
}

Error Reader::readName(std::string &V, const char *What) {
  uint32_t Start = Pos;
  uint32_t Len = 0;
  if (Error E = readVarU32(Len, What))
    return E;
  // As in the spec interpreter, the length counts from the length field.
  if (Len > End - Start)
    return readError(Start, LengthOutOfBounds, What);
  if (Len > limits::NameBytes)
    return unsupported(Start, Twine(What) + " of " + Twine(Len) +
                                  " bytes is too long (wasm2so allows " +
                                  Twine(limits::NameBytes) + ")");
  ArrayRef<uint8_t> Chars;
  if (Error E = readBytes(Chars, Len, What))
    return E;
  if (!isValidUTF8(Chars))
    return readError(Start, "malformed UTF-8 encoding", What);
  V.assign(Chars.begin(), Chars.end());
  return Error::success();
}

Error Reader::readHeapType(HeapType &H, const char *What) {
  uint32_t Start = Pos;
  int64_t V = 0;
  if (Error E = readVarS33(V, What))
    return E;
  if (V >= 0) {
    H = HeapType::index(uint32_t(V));
    return Error::success();
  }
  uint8_t B = uint8_t(V & 0x7f);
  if (V < -0x40 || B < uint8_t(AbsHeap::Exn) || B > uint8_t(AbsHeap::NoExn))
    return readError(Start, "malformed heap type", What);
  H = HeapType(AbsHeap(B));
  return Error::success();
}

Error Reader::readValType(ValType &V, const char *What) {
  uint32_t Start = Pos;
  uint8_t B = 0;
  if (Error E = readU8(B, What))
    return E;
  // A value type is a one-byte signed LEB128 (s7) in the spec.
  if (B & 0x80)
    return readError(Start, TooLong, What);
  if (B == RefNullForm || B == RefForm) {
    HeapType H(AbsHeap::Func);
    if (Error E = readHeapType(H, What))
      return E;
    V = ValType::ref(H, B == RefNullForm);
    return Error::success();
  }
  std::optional<ValType> T = shortValType(B);
  if (!T)
    return readError(Start, "malformed value type 0x" + utohexstr(B, true),
                     What);
  V = *T;
  return Error::success();
}

Error Reader::readRefType(ValType &V, const char *What) {
  uint32_t Start = Pos;
  if (Error E = readValType(V, What))
    return E;
  if (!V.isRef())
    return readError(Start, "malformed reference type", What);
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

namespace {

constexpr int16_t NoOpcode = -1;
constexpr unsigned NumFCOpcodes = 32;
constexpr unsigned NumFDOpcodes = 0x114;
constexpr unsigned NumFBOpcodes = 32;

/// (prefix, code) -> Opcode, expanded from Opcodes.def.
struct OpcodeLookup {
  std::array<int16_t, 256> Single;
  std::array<int16_t, NumFCOpcodes> FC;
  std::array<int16_t, NumFDOpcodes> FD;
  std::array<int16_t, NumFBOpcodes> FB;
  OpcodeLookup() {
    FB.fill(NoOpcode);
    Single.fill(NoOpcode);
    FC.fill(NoOpcode);
    FD.fill(NoOpcode);
    unsigned Index = 0;
#define WASM_OP(Name, Prefix, Code, Text, Imm, Result, P0, P1)                 \
  add(Prefix, Code, Index++);
#include "Opcodes.def"
  }
  void add(unsigned Prefix, unsigned Code, unsigned Index) {
    if (Prefix == 0x00)
      Single[Code] = int16_t(Index);
    else if (Prefix == 0xFC && Code < NumFCOpcodes)
      FC[Code] = int16_t(Index);
    else if (Prefix == 0xFD && Code < NumFDOpcodes)
      FD[Code] = int16_t(Index);
    else if (Prefix == 0xFB && Code < NumFBOpcodes)
      FB[Code] = int16_t(Index);
  }
};

const OpcodeLookup &opcodeLookup() {
  static const OpcodeLookup L;
  return L;
}

/// Wasm 2.0's reserved byte where multi-memory has a memory index.
Error readZeroByte(Reader &R, const char *What) {
  uint32_t Start = R.pos();
  uint8_t B = 0;
  if (Error E = R.readU8(B, What))
    return E;
  if (B != 0)
    return readError(Start, "zero byte expected", What);
  return Error::success();
}

/// A memory index: a u32, or Wasm 2.0's zero byte.
Error readMemoryIndex(Reader &R, const Features &F, uint32_t &Index,
                      const char *What) {
  Index = 0;
  if (!F.MultiMemory)
    return readZeroByte(R, What);
  return R.readVarU32(Index, What);
}

/// A memarg: the alignment field's bit 6 says a memory index follows
/// (multi-memory); bits 0-5 are log2 of the alignment. The offset is a u64
/// (memory64); the validator limits it to 32 bits on i32 memories. Wasm 2.0
/// has a u32 alignment and a u32 offset.
Error readMemArg(Reader &R, const Features &F, MemArg &M) {
  uint32_t Start = R.pos();
  uint32_t Flags = 0;
  if (Error E = R.readVarU32(Flags, "memory alignment"))
    return E;
  M.Memory = 0;
  if (!F.MultiMemory) {
    M.AlignLog2 = Flags;
  } else {
    if (Flags >= 0x80)
      return readError(Start, "malformed memop flags", "memory alignment");
    M.AlignLog2 = Flags & 0x3f;
    if (Flags & 0x40)
      if (Error E = R.readVarU32(M.Memory, "memory index"))
        return E;
  }
  if (F.Memory64)
    return R.readVarU64(M.Offset, "memory offset");
  uint32_t Offset = 0;
  if (Error E = R.readVarU32(Offset, "memory offset"))
    return E;
  M.Offset = Offset;
  return Error::success();
}

/// 16 bytes (a v128 constant or the lanes of i8x16.shuffle) into Bits.
Error readBytes16(Reader &R, uint64_t (&Bits)[2], const char *What) {
  ArrayRef<uint8_t> V;
  if (Error E = R.readBytes(V, 16, What))
    return E;
  Bits[0] = Bits[1] = 0;
  for (unsigned K = 0; K < 16; ++K)
    Bits[K / 8] |= uint64_t(V[K]) << (8 * (K % 8));
  return Error::success();
}

Error readBlockType(Reader &R, BlockType &BT) {
  uint32_t Start = R.pos();
  int64_t V = 0;
  if (Error E = R.readVarS33(V, "block type"))
    return E;
  if (V >= 0) {
    BT.K = BlockType::TypeIndex;
    BT.Index = uint32_t(V);
    return Error::success();
  }
  if (V == -0x40) {
    BT.K = BlockType::Empty;
    return Error::success();
  }
  // A value type: one byte, or 0x63/0x64 and a heap type.
  uint8_t B = uint8_t(V & 0x7f);
  if (V < -0x40)
    return readError(Start, "malformed value type", "block type");
  BT.K = BlockType::Value;
  if (B == RefNullForm || B == RefForm) {
    HeapType H(AbsHeap::Func);
    if (Error E = R.readHeapType(H, "block type"))
      return E;
    BT.Type = ValType::ref(H, B == RefNullForm);
    return Error::success();
  }
  std::optional<ValType> T = shortValType(B);
  if (!T)
    return readError(Start, "malformed value type", "block type");
  BT.Type = *T;
  return Error::success();
}

/// Two LEB128 indices, into I.Index and I.Index2.
static Error readTwoIndices(Reader &R, Instr &I, const char *First,
                            const char *Second) {
  if (Error E = R.readVarU32(I.Index, First))
    return E;
  return R.readVarU32(I.Index2, Second);
}

Error readImmediates(Reader &R, const Features &F, Instr &I,
                     std::vector<uint32_t> &Targets) {
  switch (opcodeInfo(I.Op).Imm) {
  case ImmKind::None:
    return Error::success();
  case ImmKind::BlockType:
    return readBlockType(R, I.Block);
  case ImmKind::Label:
    return R.readVarU32(I.Index, "label index");
  case ImmKind::BrTable: {
    uint32_t Count = 0;
    uint32_t CountPos = R.pos();
    if (Error E = R.readVarU32(Count, "br_table target count"))
      return E;
    if (Error E = checkLimit(Count, limits::BrTableTargets, CountPos,
                             "br_table targets"))
      return E;
    Targets.clear();
    // Every target takes at least a byte: the loop ends with the input.
    for (uint32_t K = 0; K < Count; ++K) {
      uint32_t T = 0;
      if (Error E = R.readVarU32(T, "br_table target"))
        return E;
      Targets.push_back(T);
    }
    I.Targets = Targets;
    return R.readVarU32(I.Index, "br_table default target");
  }
  case ImmKind::Func:
    return R.readVarU32(I.Index, "function index");
  case ImmKind::Tag:
    return R.readVarU32(I.Index, "tag index");
  case ImmKind::TryTable: {
    if (Error E = readBlockType(R, I.Block))
      return E;
    uint32_t Count = 0;
    uint32_t CountPos = R.pos();
    if (Error E = R.readVarU32(Count, "catch clause count"))
      return E;
    if (Error E = checkLimit(Count, limits::BrTableTargets, CountPos,
                             "catch clauses"))
      return E;
    Targets.clear();
    for (uint32_t K = 0; K < Count; ++K) {
      uint32_t KindPos = R.pos();
      uint8_t Kind = 0;
      if (Error E = R.readU8(Kind, "catch clause kind"))
        return E;
      if (Kind > uint8_t(CatchKind::CatchAllRef))
        return malformed(KindPos, "malformed catch clause");
      uint32_t Tag = 0, Label = 0;
      if (Kind <= uint8_t(CatchKind::CatchRef))
        if (Error E = R.readVarU32(Tag, "tag index"))
          return E;
      if (Error E = R.readVarU32(Label, "label index"))
        return E;
      Targets.push_back(Kind);
      Targets.push_back(Tag);
      Targets.push_back(Label);
    }
    I.Targets = Targets;
    return Error::success();
  }
  case ImmKind::CallIndirect:
    return readTwoIndices(R, I, "type index", "table index");
  case ImmKind::Local:
    return R.readVarU32(I.Index, "local index");
  case ImmKind::Global:
    return R.readVarU32(I.Index, "global index");
  case ImmKind::Table:
    return R.readVarU32(I.Index, "table index");
  case ImmKind::Memory:
    return readMemoryIndex(R, F, I.Index, "memory index");
  case ImmKind::MemArg1:
  case ImmKind::MemArg2:
  case ImmKind::MemArg4:
  case ImmKind::MemArg8:
  case ImmKind::MemArg16:
    return readMemArg(R, F, I.Mem);
  case ImmKind::I32: {
    int32_t V = 0;
    if (Error E = R.readVarS32(V, "i32 constant"))
      return E;
    I.Bits[0] = uint64_t(int64_t(V));
    return Error::success();
  }
  case ImmKind::I64: {
    int64_t V = 0;
    if (Error E = R.readVarS64(V, "i64 constant"))
      return E;
    I.Bits[0] = uint64_t(V);
    return Error::success();
  }
  case ImmKind::F32: {
    uint32_t V = 0;
    if (Error E = R.readU32(V, "f32 constant"))
      return E;
    I.Bits[0] = V;
    return Error::success();
  }
  case ImmKind::F64:
    return R.readU64(I.Bits[0], "f64 constant");
  case ImmKind::SelectT: {
    // Index holds the number of types; only 1 is valid (the validator's
    // "invalid result arity"), Type the first of them.
    if (Error E = R.readVarU32(I.Index, "select type count"))
      return E;
    for (uint32_t K = 0; K < I.Index; ++K) {
      ValType T = ValType::I32;
      if (Error E = R.readValType(T, "select type"))
        return E;
      if (K == 0)
        I.Type = T;
    }
    return Error::success();
  }
  case ImmKind::HeapType: {
    HeapType H(AbsHeap::Func);
    if (Error E = R.readHeapType(H, "heap type"))
      return E;
    I.Type = ValType::ref(H, true);
    return Error::success();
  }
  case ImmKind::Type:
    return R.readVarU32(I.Index, "type index");
  case ImmKind::TypeField:
    return readTwoIndices(R, I, "type index", "field index");
  case ImmKind::TypeLen:
    return readTwoIndices(R, I, "type index", "array.new_fixed operand count");
  case ImmKind::TypeType:
    return readTwoIndices(R, I, "type index", "type index");
  case ImmKind::TypeData:
    return readTwoIndices(R, I, "type index", "data segment index");
  case ImmKind::TypeElem:
    return readTwoIndices(R, I, "type index", "element segment index");
  case ImmKind::RefType: {
    HeapType H(AbsHeap::Func);
    if (Error E = R.readHeapType(H, "heap type"))
      return E;
    I.Type = ValType::ref(H, I.Op == Opcode::RefTestNull ||
                                 I.Op == Opcode::RefCastNull);
    return Error::success();
  }
  case ImmKind::BrOnCast: {
    uint32_t FlagsPos = R.pos();
    uint8_t Flags = 0;
    if (Error E = R.readU8(Flags, "br_on_cast flags"))
      return E;
    if (Flags > 3)
      return malformed(FlagsPos, "malformed br_on_cast flags");
    if (Error E = R.readVarU32(I.Index, "label index"))
      return E;
    HeapType H1(AbsHeap::Func), H2(AbsHeap::Func);
    if (Error E = R.readHeapType(H1, "heap type"))
      return E;
    if (Error E = R.readHeapType(H2, "heap type"))
      return E;
    I.Type = ValType::ref(H1, Flags & 1);
    I.Type2 = ValType::ref(H2, Flags & 2);
    return Error::success();
  }
  case ImmKind::Elem:
    return R.readVarU32(I.Index, "element segment index");
  case ImmKind::Data:
    return R.readVarU32(I.Index, "data segment index");
  case ImmKind::TableCopy:
    return readTwoIndices(R, I, "destination table index",
                          "source table index");
  case ImmKind::TableInit:
    return readTwoIndices(R, I, "element segment index", "table index");
  case ImmKind::MemoryInit:
    if (Error E = R.readVarU32(I.Index, "data segment index"))
      return E;
    return readMemoryIndex(R, F, I.Index2, "memory index");
  case ImmKind::MemoryCopy:
    if (Error E =
            readMemoryIndex(R, F, I.Index, "destination memory index"))
      return E;
    return readMemoryIndex(R, F, I.Index2, "source memory index");
  case ImmKind::V128:
    return readBytes16(R, I.Bits, "v128 constant");
  case ImmKind::Shuffle:
    return readBytes16(R, I.Bits, "shuffle lane indices");
  case ImmKind::Lane2:
  case ImmKind::Lane4:
  case ImmKind::Lane8:
  case ImmKind::Lane16:
    return R.readU8(I.Lane, "lane index");
  case ImmKind::MemArgLane1:
  case ImmKind::MemArgLane2:
  case ImmKind::MemArgLane4:
  case ImmKind::MemArgLane8:
    if (Error E = readMemArg(R, F, I.Mem))
      return E;
    return R.readU8(I.Lane, "lane index");
  }
  llvm_unreachable("unknown immediate kind");
}

/// Decodes one instruction and its immediates at R's position.
Error decodeInstr(Reader &R, const Features &F, Instr &I,
                  std::vector<uint32_t> &Targets) {
  I = Instr();
  I.Offset = R.pos();
  uint8_t B = 0;
  if (Error E = R.readU8(B, "opcode"))
    return E;
  const OpcodeLookup &L = opcodeLookup();
  int16_t Op = L.Single[B];
  if (B == 0xFC) {
    uint32_t Sub = 0;
    if (Error E = R.readVarU32(Sub, "opcode"))
      return E;
    Op = Sub < NumFCOpcodes ? L.FC[Sub] : NoOpcode;
    if (Op == NoOpcode)
      return malformed(I.Offset,
                       "illegal opcode fc " + utohexstr(Sub, true));
  } else if (B == 0xFD) {
    uint32_t Sub = 0;
    if (Error E = R.readVarU32(Sub, "opcode"))
      return E;
    Op = Sub < NumFDOpcodes ? L.FD[Sub] : NoOpcode;
    if (Op == NoOpcode)
      return malformed(I.Offset,
                       "illegal opcode fd " + utohexstr(Sub, true));
  } else if (B == 0xFB) {
    uint32_t Sub = 0;
    if (Error E = R.readVarU32(Sub, "opcode"))
      return E;
    Op = Sub < NumFBOpcodes ? L.FB[Sub] : NoOpcode;
    // array.new_data/new_elem/init_data/init_elem are still to come.
    if (Op == NoOpcode && Sub <= 0x13)
      return unsupported(I.Offset,
                         "GC operator fb " + utohexstr(Sub, true) +
                             " (array.new_data, array.new_elem, "
                             "array.init_data, array.init_elem): wasm2so "
                             "does not support it yet");
    if (Op == NoOpcode)
      return malformed(I.Offset,
                       "illegal opcode fb " + utohexstr(Sub, true));
  } else if (Op == NoOpcode) {
    return malformed(I.Offset, Twine("illegal opcode ") + (B < 16 ? "0" : "") +
                                   utohexstr(B, true));
  }
  I.Op = static_cast<Opcode>(Op);
  return readImmediates(R, F, I, Targets);
}

/// What the module decoder learns while scanning an expression.
struct ExprScan {
  bool UsesDataCount = false; // memory.init, data.drop, array.*_data
  /// Where set, every instruction but the final `end` (constant
  /// expressions).
  SmallVectorImpl<ConstInstr> *Record = nullptr;
};

/// Reads instructions up to the `end` that closes the expression, checking
/// the nesting of blocks, `else` and `end`.
Error scanExpr(Reader &R, const Features &F, ExprScan &S) {
  // One entry per open block: whether it is an `if` still without `else`.
  std::vector<bool> OpenIf = {false};
  std::vector<uint32_t> Targets;
  Instr I;
  while (!OpenIf.empty()) {
    if (Error E = decodeInstr(R, F, I, Targets))
      return E;
    if (S.Record && !(I.Op == Opcode::End && OpenIf.size() == 1)) {
      ConstInstr C;
      C.Op = I.Op;
      C.Type = I.Type;
      C.Index = I.Index;
      C.Index2 = I.Index2;
      C.Bits[0] = I.Bits[0];
      C.Bits[1] = I.Bits[1];
      C.Offset = I.Offset;
      S.Record->push_back(C);
    }
    switch (I.Op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If:
    case Opcode::TryTable:
    case Opcode::Try:
      if (OpenIf.size() > limits::NestingDepth)
        return unsupported(I.Offset, "blocks nested too deeply (wasm2so "
                                     "allows " +
                                         Twine(limits::NestingDepth) + ")");
      OpenIf.push_back(I.Op == Opcode::If);
      break;
    case Opcode::Else:
      if (!OpenIf.back())
        return malformed(I.Offset, "END opcode expected, found else");
      OpenIf.back() = false;
      break;
    case Opcode::End:
    case Opcode::Delegate: // ends a (legacy) try
      OpenIf.pop_back();
      break;
    case Opcode::MemoryInit:
    case Opcode::DataDrop:
    case Opcode::ArrayNewData:
    case Opcode::ArrayInitData:
      S.UsesDataCount = true;
      break;
    default:
      break;
    }
  }
  return Error::success();
}

} // namespace

BodyReader::BodyReader(const Module &M, const Function &F)
    : R(M.Bytes, F.BodyOffset,
        std::min<uint64_t>(F.BodyEnd, M.Bytes.size())),
      Feats(M.Feats) {}

Error BodyReader::read(Instr &I) { return decodeInstr(R, Feats, I, Targets); }

//===----------------------------------------------------------------------===//
// Sections
//===----------------------------------------------------------------------===//

namespace {

enum SectionId : uint8_t {
  CustomId = 0,
  TypeId = 1,
  ImportId = 2,
  FunctionId = 3,
  TableId = 4,
  MemoryId = 5,
  GlobalId = 6,
  ExportId = 7,
  StartId = 8,
  ElementId = 9,
  CodeId = 10,
  DataId = 11,
  DataCountId = 12,
  TagId = 13,
};

const char *sectionName(uint8_t Id) {
  static const char *const Names[] = {
      "custom", "type",  "import",  "function", "table", "memory",    "global",
      "export", "start", "element", "code",     "data",  "data count",
      "tag"};
  return Id <= TagId ? Names[Id] : "unknown";
}

/// The position of a section in the required order (the data count section
/// sits between element and code).
unsigned sectionRank(uint8_t Id) {
  switch (Id) {
  case DataCountId:
    return 2 * ElementId + 1;
  case TagId:
    return 2 * MemoryId + 1;
  default:
    return 2 * Id;
  }
}

class ModuleDecoder {
public:
  ModuleDecoder(Module &M, bool Tags)
      : M(M), Bytes(M.Bytes), Size(Bytes.size()), Tags(Tags) {}
  Error decode();

private:
  Error readHeader();
  Error readSection(uint8_t Id, Reader &R);
  Error readTypeSection(Reader &R);
  Error readImportSection(Reader &R);
  Error readFunctionSection(Reader &R);
  Error readTableSection(Reader &R);
  Error readMemorySection(Reader &R);
  Error readGlobalSection(Reader &R);
  Error readExportSection(Reader &R);
  Error readStartSection(Reader &R);
  Error readElementSection(Reader &R);
  Error readCodeSection(Reader &R);
  Error readDataSection(Reader &R);
  Error readDataCountSection(Reader &R);
  Error readTagSection(Reader &R);
  Error readCustomSection(Reader &R);
  void readNameSection(Reader R);
  Error readFunctionBody(Reader &R, Function &F);
  Error readConstExpr(Reader &R, ConstExpr &CE);
  Error readCount(Reader &R, uint32_t &N, const char *What,
                  const char *Things = nullptr, uint64_t Limit = 0,
                  uint64_t Already = 0);
  Error readLength(Reader &R, uint32_t &N, const char *What);
  Error readLimits(Reader &R, Limits &L);
  Error readSubType(Reader &R, SubType &ST, FuncType &FT);
  Error readTableType(Reader &R, TableType &T);
  Error readGlobalType(Reader &R, GlobalType &T);
  Error checkEnd();

  Module &M;
  ArrayRef<uint8_t> Bytes;
  uint32_t Size = 0;
  bool Tags = true; // the tag section and tag imports/exports (3.0)

  std::optional<uint32_t> NumDeclaredFuncs; // the function section's count
  bool HaveCode = false;
  /// A code section whose body count differs from the function section's,
  /// reported by checkEnd: the offset of its count and the message.
  std::optional<std::pair<uint32_t, std::string>> CodeMismatch;
  uint32_t SectionEndPos = 0; // of the section being read
  bool HaveData = false;
  bool UsesDataCount = false;
  uint32_t FirstDataCountUse = 0;
  bool HaveNames = false;
  std::vector<std::pair<uint32_t, std::string>> FuncNames;
};

/// A vector's count. With Things, checked against Limit, counting Already
/// entities of the same index space that imports declared.
Error ModuleDecoder::readCount(Reader &R, uint32_t &N, const char *What,
                               const char *Things, uint64_t Limit,
                               uint64_t Already) {
  uint32_t Start = R.pos();
  if (Error E = R.readVarU32(N, What))
    return E;
  if (!Things)
    return Error::success();
  return checkLimit(Already + N, Limit, Start, Things);
}

/// A byte length, bounded as the spec interpreter bounds it: by what is
/// left of the input from the length field on.
Error ModuleDecoder::readLength(Reader &R, uint32_t &N, const char *What) {
  uint32_t Start = R.pos();
  if (Error E = R.readVarU32(N, What))
    return E;
  if (N > R.end() - Start)
    return readError(Start, LengthOutOfBounds, What);
  return Error::success();
}

Error ModuleDecoder::readHeader() {
  if (Size < 4)
    return malformed(Size, "unexpected end while reading magic header");
  if (Bytes[0] != 0x00 || Bytes[1] != 'a' || Bytes[2] != 's' || Bytes[3] != 'm')
    return malformed(0, "magic header not detected");
  if (Size < 8)
    return malformed(Size, "unexpected end while reading binary version");
  uint32_t Version =
      Bytes[4] | Bytes[5] << 8 | Bytes[6] << 16 | uint32_t(Bytes[7]) << 24;
  if (Version != 1)
    return malformed(4, "unknown binary version " + Twine(Version));
  return Error::success();
}

Error ModuleDecoder::decode() {
  if (Bytes.size() > limits::ModuleBytes)
    return unsupported(WasmError::NoOffset,
                       "module of " + Twine(uint64_t(Bytes.size())) +
                           " bytes is too large (wasm2so allows " +
                           Twine(limits::ModuleBytes) + ")");
  if (Error E = readHeader())
    return E;

  uint32_t Pos = 8;
  unsigned LastRank = 0;
  uint8_t LastId = 0;
  while (Pos < Size) {
    uint32_t SectionStart = Pos;
    uint8_t Id = Bytes[Pos++];
    if (Id > (Tags ? TagId : DataCountId))
      return malformed(SectionStart,
                       "malformed section id 0x" + utohexstr(Id, true));
    Reader SizeReader(Bytes, Pos, Size);
    uint32_t SectionSize = 0;
    if (Error E = readLength(SizeReader, SectionSize, "section size"))
      return handleErrors(std::move(E), [&](const WasmError &WE) -> Error {
        // At the top level, running out of input is the plain message.
        std::string Msg = WE.message();
        if (StringRef(Msg).starts_with(UnexpectedEnd))
          Msg = "unexpected end while reading section size";
        return makeError(WE.kind(), WE.offset(), Msg);
      });
    uint32_t ContentStart = SizeReader.pos();
    // The size may still overrun the file by the length of its own field.
    uint64_t SectionEnd = uint64_t(ContentStart) + SectionSize;
    if (SectionEnd > Size)
      return malformed(Size, Twine(UnexpectedEnd) + " while reading the " +
                                 sectionName(Id) + " section");

    if (Id != CustomId) {
      unsigned Rank = sectionRank(Id);
      if (Rank <= LastRank)
        return malformed(
            SectionStart,
            Twine("unexpected content after last section (") +
                (Rank == LastRank
                     ? Twine("duplicate ") + sectionName(Id) + " section"
                     : Twine(sectionName(Id)) + " section after the " +
                           sectionName(LastId) + " section") +
                ")");
      LastRank = Rank;
      LastId = Id;
    }

    // Contents are read up to the end of the input; the size is checked
    // after (custom sections alone are bounded by their size).
    Reader R(Bytes, ContentStart, Id == CustomId ? uint32_t(SectionEnd) : Size);
    SectionEndPos = uint32_t(SectionEnd);
    if (Error E = readSection(Id, R))
      return E;
    if (Id != CustomId && R.pos() != SectionEnd)
      return malformed(SectionStart,
                       Twine("section size mismatch: the ") + sectionName(Id) +
                           " section declares " + Twine(SectionSize) +
                           " bytes but its contents take " +
                           Twine(R.pos() - ContentStart));
    Pos = uint32_t(SectionEnd);
  }
  return checkEnd();
}

Error ModuleDecoder::readSection(uint8_t Id, Reader &R) {
  switch (Id) {
  case CustomId:
    return readCustomSection(R);
  case TypeId:
    return readTypeSection(R);
  case ImportId:
    return readImportSection(R);
  case FunctionId:
    return readFunctionSection(R);
  case TableId:
    return readTableSection(R);
  case MemoryId:
    return readMemorySection(R);
  case GlobalId:
    return readGlobalSection(R);
  case ExportId:
    return readExportSection(R);
  case StartId:
    return readStartSection(R);
  case ElementId:
    return readElementSection(R);
  case CodeId:
    return readCodeSection(R);
  case DataId:
    return readDataSection(R);
  case DataCountId:
    return readDataCountSection(R);
  case TagId:
    return readTagSection(R);
  }
  llvm_unreachable("section id checked by the caller");
}

Error ModuleDecoder::checkEnd() {
  if (CodeMismatch)
    return malformed(CodeMismatch->first, CodeMismatch->second);
  uint32_t NumFuncs = NumDeclaredFuncs.value_or(0);
  if (!HaveCode && NumFuncs != 0)
    return malformed(
        Size, "function and code section have inconsistent lengths: " +
                  Twine(NumFuncs) + " functions declared, but no code section");
  if (M.DataCount && !HaveData && *M.DataCount != 0)
    return malformed(Size,
                     "data count and data section have inconsistent lengths: "
                     "data count " +
                         Twine(*M.DataCount) + ", but no data section");
  // Only when there is a data section: text modules converted by WABT
  // have no data count section when they have no data, and the spec wants
  // such a module to be invalid ("unknown data segment"), not malformed.
  if (UsesDataCount && !M.DataCount && HaveData)
    return malformed(FirstDataCountUse, "data count section required");

  if (HaveNames) {
    M.FuncNames.assign(M.FuncTypes.size(), std::string());
    for (auto &[Index, Name] : FuncNames)
      if (Index < M.FuncNames.size())
        M.FuncNames[Index] = std::move(Name);
  }
  return Error::success();
}

Error ModuleDecoder::readTypeSection(Reader &R) {
  // Wasm 3.0: a vector of rec groups, `0x4e vec(subtype)` or one subtype
  // alone; a subtype is `0x50 vec(typeidx) comptype` (open), `0x4f
  // vec(typeidx) comptype` (final) or a bare comptype (final, no
  // supertype).
  uint32_t Count = 0;
  if (Error E = readCount(R, Count, "type count", "types", limits::Types))
    return E;
  for (uint32_t I = 0; I < Count; ++I) {
    uint32_t GroupSize = 1;
    if (R.pos() < R.end() && Bytes[R.pos()] == 0x4e) {
      uint8_t Rec = 0;
      cantFail(R.readU8(Rec, "rec group"));
      if (Error E = readCount(R, GroupSize, "rec group size", "types",
                              limits::Types, M.Types.size()))
        return E;
    } else if (M.Types.size() >= limits::Types) {
      return checkLimit(M.Types.size() + 1, limits::Types, R.pos(), "types");
    }
    uint32_t RecStart = uint32_t(M.Types.size());
    for (uint32_t K = 0; K < GroupSize; ++K) {
      SubType ST;
      ST.RecStart = RecStart;
      ST.RecSize = GroupSize;
      ST.Offset = R.pos();
      FuncType FT;
      if (Error E = readSubType(R, ST, FT))
        return E;
      M.Types.push_back(std::move(FT));
      M.SubTypes.push_back(std::move(ST));
    }
  }
  return Error::success();
}

Error ModuleDecoder::readSubType(Reader &R, SubType &ST, FuncType &FT) {
  uint32_t Start = R.pos();
  uint8_t Form = 0;
  if (Error E = R.readU8(Form, "type"))
    return E;
  if (Form & 0x80) // an s7 in the spec: one byte only
    return readError(Start, TooLong, "type");
  if (Form == 0x50 || Form == 0x4f) {
    ST.Final = Form == 0x4f;
    uint32_t NumSupers = 0;
    if (Error E = readCount(R, NumSupers, "supertype count"))
      return E;
    for (uint32_t K = 0; K < NumSupers; ++K) {
      uint32_t X = 0;
      if (Error E = R.readVarU32(X, "supertype index"))
        return E;
      ST.Supers.push_back(X);
    }
    Start = R.pos();
    if (Error E = R.readU8(Form, "composite type"))
      return E;
    if (Form & 0x80)
      return readError(Start, TooLong, "composite type");
  }
  switch (Form) {
  case 0x60:
    ST.Form = TypeForm::Func;
    break;
  case 0x5f:
  case 0x5e: {
    ST.Form = TypeForm(Form);
    uint32_t NumFields = 1;
    if (Form == 0x5f)
      if (Error E = readCount(R, NumFields, "field count", "struct fields",
                              limits::Params))
        return E;
    for (uint32_t K = 0; K < NumFields; ++K) {
      FieldType F;
      uint32_t At = R.pos();
      if (At < R.end() && (Bytes[At] == 0x78 || Bytes[At] == 0x77)) {
        cantFail(R.readU8(F.Packed, "storage type"));
      } else if (Error E = R.readValType(F.Type, "storage type")) {
        return E;
      }
      At = R.pos();
      uint8_t Mut = 0;
      if (Error E = R.readU8(Mut, "field mutability"))
        return E;
      if (Mut > 1)
        return readError(At, "malformed mutability", "field mutability");
      F.Mutable = Mut == 1;
      ST.Fields.push_back(F);
    }
    return Error::success();
  }
  default:
    return readError(Start,
                     "malformed function type 0x" + utohexstr(Form, true),
                     "function type");
  }
  uint32_t NumParams, NumResults;
  if (Error E = readCount(R, NumParams, "parameter count", "parameters",
                          limits::Params))
    return E;
  for (uint32_t K = 0; K < NumParams; ++K) {
    ValType T = ValType::I32;
    if (Error E = R.readValType(T, "parameter type"))
      return E;
    FT.Params.push_back(T);
  }
  if (Error E =
          readCount(R, NumResults, "result count", "results", limits::Results))
    return E;
  for (uint32_t K = 0; K < NumResults; ++K) {
    ValType T = ValType::I32;
    if (Error E = R.readValType(T, "result type"))
      return E;
    FT.Results.push_back(T);
  }
  return Error::success();
}

Error ModuleDecoder::readLimits(Reader &R, Limits &L) {
  uint32_t Start = R.pos();
  uint8_t Flags = 0;
  if (Error E = R.readU8(Flags, "limits flags"))
    return E;
  if (!M.Feats.Memory64) {
    // Wasm 2.0: a one-bit LEB128 (u1).
    if (Flags & 0x80)
      return readError(Start, TooLong, "limits flags");
    if (Flags > 1)
      return readError(Start, TooLarge, "limits flags");
  }
  // A byte: bit 0, a maximum follows; bit 2, the address type is i64
  // (memory64, table64). Bit 1 is the threads proposal's `shared`, not part
  // of Wasm 3.0; like every other bit it is malformed.
  if (Flags & ~0x05)
    return readError(Start, "malformed limits flags", "limits flags");
  L.Is64 = Flags & 4;
  L.Max.reset();
  // Wasm 3.0 reads the bounds of either address type as u64; the
  // validator limits them by the type (memory size, table size).
  if (M.Feats.Memory64) {
    if (Error E = R.readVarU64(L.Min, "limits minimum"))
      return E;
    if (Flags & 1) {
      uint64_t Max = 0;
      if (Error E = R.readVarU64(Max, "limits maximum"))
        return E;
      L.Max = Max;
    }
    return Error::success();
  }
  uint32_t Min = 0;
  if (Error E = R.readVarU32(Min, "limits minimum"))
    return E;
  L.Min = Min;
  if (Flags & 1) {
    uint32_t Max = 0;
    if (Error E = R.readVarU32(Max, "limits maximum"))
      return E;
    L.Max = Max;
  }
  return Error::success();
}

Error ModuleDecoder::readTableType(Reader &R, TableType &T) {
  if (Error E = R.readRefType(T.Elem, "table element type"))
    return E;
  return readLimits(R, T.Lim);
}

Error ModuleDecoder::readGlobalType(Reader &R, GlobalType &T) {
  if (Error E = R.readValType(T.Type, "global type"))
    return E;
  uint32_t Start = R.pos();
  uint8_t Mut = 0;
  if (Error E = R.readU8(Mut, "global mutability"))
    return E;
  if (Mut > 1)
    return readError(Start, "malformed mutability", "global mutability");
  T.Mutable = Mut == 1;
  return Error::success();
}

/// A tag type: the attribute byte (0, exception) and a type index.
static Error readTagType(Reader &R, uint32_t &TypeIdx) {
  uint32_t Pos = R.pos();
  uint8_t Attribute = 0;
  if (Error E = R.readU8(Attribute, "tag attribute"))
    return E;
  if (Attribute != 0)
    return malformed(Pos, "malformed tag attribute");
  return R.readVarU32(TypeIdx, "tag type index");
}

Error ModuleDecoder::readTagSection(Reader &R) {
  uint32_t Count = 0;
  if (Error E = readCount(R, Count, "tag count", "tags", limits::Imports))
    return E;
  for (uint32_t I = 0; I < Count; ++I) {
    uint32_t TypeIdx = 0;
    if (Error E = readTagType(R, TypeIdx))
      return E;
    M.Tags.push_back(TypeIdx);
  }
  return Error::success();
}

Error ModuleDecoder::readImportSection(Reader &R) {
  uint32_t Count = 0;
  if (Error E = readCount(R, Count, "import count", "imports", limits::Imports))
    return E;
  for (uint32_t I = 0; I < Count; ++I) {
    Import Imp;
    if (Error E = R.readName(Imp.Module, "import module name"))
      return E;
    if (Error E = R.readName(Imp.Name, "import name"))
      return E;
    uint32_t KindPos = R.pos();
    uint8_t Kind = 0;
    if (Error E = R.readU8(Kind, "import kind"))
      return E;
    switch (Kind) {
    case uint8_t(ExternKind::Func):
      if (Error E = R.readVarU32(Imp.TypeIdx, "import type index"))
        return E;
      M.FuncTypes.push_back(Imp.TypeIdx);
      ++M.NumImportedFuncs;
      break;
    case uint8_t(ExternKind::Table):
      if (Error E = readTableType(R, Imp.Table))
        return E;
      M.Tables.push_back(Imp.Table);
      ++M.NumImportedTables;
      break;
    case uint8_t(ExternKind::Memory):
      if (Error E = readLimits(R, Imp.Memory.Lim))
        return E;
      M.Memories.push_back(Imp.Memory);
      ++M.NumImportedMemories;
      break;
    case uint8_t(ExternKind::Global): {
      if (Error E = readGlobalType(R, Imp.Global))
        return E;
      Global G;
      G.Type = Imp.Global;
      M.Globals.push_back(G);
      ++M.NumImportedGlobals;
      break;
    }
    case uint8_t(ExternKind::Tag): {
      if (!Tags)
        return readError(KindPos, "malformed import kind " + Twine(Kind),
                         "import kind");
      if (Error E = readTagType(R, Imp.TypeIdx))
        return E;
      M.Tags.push_back(Imp.TypeIdx);
      ++M.NumImportedTags;
      break;
    }
    default:
      return readError(KindPos, "malformed import kind " + Twine(Kind),
                       "import kind");
    }
    Imp.Kind = static_cast<ExternKind>(Kind);
    M.Imports.push_back(std::move(Imp));
  }
  return Error::success();
}

Error ModuleDecoder::readFunctionSection(Reader &R) {
  uint32_t Count = 0;
  if (Error E = readCount(R, Count, "function count", "functions",
                          limits::Functions, M.NumImportedFuncs))
    return E;
  for (uint32_t I = 0; I < Count; ++I) {
    uint32_t TypeIdx = 0;
    if (Error E = R.readVarU32(TypeIdx, "function type index"))
      return E;
    M.FuncTypes.push_back(TypeIdx);
  }
  NumDeclaredFuncs = Count;
  return Error::success();
}

Error ModuleDecoder::readTableSection(Reader &R) {
  uint32_t Count = 0;
  if (Error E = readCount(R, Count, "table count", "tables", limits::Tables,
                          M.NumImportedTables))
    return E;
  for (uint32_t I = 0; I < Count; ++I) {
    TableType T;
    // 0x40 0x00 introduces a table with an initializer expression; a
    // table type starts with a reference type, never 0x40.
    uint32_t Start = R.pos();
    uint8_t B = 0;
    if (Error E = R.readU8(B, "table type"))
      return E;
    if (B == 0x40) {
      if (Error E = readZeroByte(R, "table type"))
        return E;
      T.HasInit = true;
    } else {
      R = Reader(M.Bytes, Start, R.end());
    }
    if (Error E = readTableType(R, T))
      return E;
    ConstExpr Init;
    if (T.HasInit)
      if (Error E = readConstExpr(R, Init))
        return E;
    M.Tables.push_back(T);
    M.TableInits.push_back(Init);
  }
  return Error::success();
}

Error ModuleDecoder::readMemorySection(Reader &R) {
  uint32_t Count = 0;
  if (Error E = readCount(R, Count, "memory count", "memories",
                          limits::Memories, M.NumImportedMemories))
    return E;
  for (uint32_t I = 0; I < Count; ++I) {
    MemoryType T;
    if (Error E = readLimits(R, T.Lim))
      return E;
    M.Memories.push_back(T);
  }
  return Error::success();
}

Error ModuleDecoder::readConstExpr(Reader &R, ConstExpr &CE) {
  CE = ConstExpr();
  CE.Offset = R.pos();
  ExprScan S;
  S.Record = &CE.Instrs;
  if (Error E = scanExpr(R, M.Feats, S))
    return E;
  CE.End = R.pos();
  return Error::success();
}

Error ModuleDecoder::readGlobalSection(Reader &R) {
  uint32_t Count = 0;
  if (Error E = readCount(R, Count, "global count", "globals", limits::Globals,
                          M.NumImportedGlobals))
    return E;
  for (uint32_t I = 0; I < Count; ++I) {
    Global G;
    if (Error E = readGlobalType(R, G.Type))
      return E;
    if (Error E = readConstExpr(R, G.Init))
      return E;
    M.Globals.push_back(G);
  }
  return Error::success();
}

Error ModuleDecoder::readExportSection(Reader &R) {
  uint32_t Count = 0;
  if (Error E = readCount(R, Count, "export count", "exports", limits::Exports))
    return E;
  for (uint32_t I = 0; I < Count; ++I) {
    Export Exp;
    if (Error E = R.readName(Exp.Name, "export name"))
      return E;
    uint32_t KindPos = R.pos();
    uint8_t Kind = 0;
    if (Error E = R.readU8(Kind, "export kind"))
      return E;
    if (Kind > uint8_t(Tags ? ExternKind::Tag : ExternKind::Global))
      return readError(KindPos, "malformed export kind " + Twine(Kind),
                       "export kind");
    Exp.Kind = static_cast<ExternKind>(Kind);
    if (Error E = R.readVarU32(Exp.Index, "export index"))
      return E;
    M.Exports.push_back(std::move(Exp));
  }
  return Error::success();
}

Error ModuleDecoder::readStartSection(Reader &R) {
  uint32_t Func = 0;
  if (Error E = R.readVarU32(Func, "start function index"))
    return E;
  M.Start = Func;
  return Error::success();
}

Error ModuleDecoder::readElementSection(Reader &R) {
  uint32_t Count = 0;
  if (Error E = readCount(R, Count, "element segment count", "element segments",
                          limits::ElemSegments))
    return E;
  for (uint32_t I = 0; I < Count; ++I) {
    ElemSegment S;
    uint32_t FlagsPos = R.pos();
    uint32_t Flags = 0;
    if (Error E = R.readVarU32(Flags, "element segment flags"))
      return E;
    if (Flags > 7)
      return readError(FlagsPos,
                       "malformed elements segment kind " + Twine(Flags),
                       "element segment flags");
    // Bit 0: passive or declarative; bit 1: explicit table index (active)
    // or declarative; bit 2: items are expressions.
    bool Passive = Flags & 1;
    bool Explicit = Flags & 2;
    bool Exprs = Flags & 4;
    S.Mode = !Passive   ? SegmentMode::Active
             : Explicit ? SegmentMode::Declarative
                        : SegmentMode::Passive;
    if (S.Mode == SegmentMode::Active) {
      if (Explicit)
        if (Error E = R.readVarU32(S.Table, "element segment table index"))
          return E;
      if (Error E = readConstExpr(R, S.Offset))
        return E;
    }
    // The element type is implicit in forms 0 and 4: (ref func) for a list
    // of function indices (as every elemkind 0x00 list is in 3.0), funcref
    // for expressions.
    if (!Exprs)
      S.Type = ValType::ref(HeapType(AbsHeap::Func), false);
    if (Passive || Explicit) {
      if (Exprs) {
        if (Error E = R.readRefType(S.Type, "element segment type"))
          return E;
      } else {
        uint32_t KindPos = R.pos();
        uint8_t Kind = 0;
        if (Error E = R.readU8(Kind, "element kind"))
          return E;
        if (Kind != 0x00)
          return readError(KindPos, "malformed element kind " + Twine(Kind),
                           "element kind");
      }
    }
    uint32_t NumItems = 0;
    if (Error E = readCount(R, NumItems, "element count",
                            "elements in a segment", limits::ElemSegmentItems))
      return E;
    for (uint32_t K = 0; K < NumItems; ++K) {
      ConstExpr Item;
      if (Exprs) {
        if (Error E = readConstExpr(R, Item))
          return E;
      } else {
        ConstInstr F;
        F.Op = Opcode::RefFunc;
        F.Type = ValType::FuncRef;
        F.Offset = Item.Offset = R.pos();
        if (Error E = R.readVarU32(F.Index, "element function index"))
          return E;
        Item.Instrs.push_back(F);
        Item.End = R.pos();
      }
      S.Items.push_back(Item);
    }
    M.Elems.push_back(std::move(S));
  }
  return Error::success();
}

Error ModuleDecoder::readDataCountSection(Reader &R) {
  uint32_t Count = 0;
  uint32_t Start = R.pos();
  if (Error E = R.readVarU32(Count, "data count"))
    return E;
  if (Error E = checkLimit(Count, limits::DataSegments, Start, "data segments"))
    return E;
  M.DataCount = Count;
  return Error::success();
}

Error ModuleDecoder::readDataSection(Reader &R) {
  uint32_t CountPos = R.pos();
  uint32_t Count = 0;
  if (Error E = readCount(R, Count, "data segment count", "data segments",
                          limits::DataSegments))
    return E;
  if (M.DataCount && *M.DataCount != Count)
    return malformed(CountPos, "data count and data section have inconsistent "
                               "lengths: data count " +
                                   Twine(*M.DataCount) + ", data section " +
                                   Twine(Count));
  HaveData = true;
  for (uint32_t I = 0; I < Count; ++I) {
    DataSegment S;
    uint32_t FlagsPos = R.pos();
    uint32_t Flags = 0;
    if (Error E = R.readVarU32(Flags, "data segment flags"))
      return E;
    if (Flags > 2)
      return readError(FlagsPos, "malformed data segment kind " + Twine(Flags),
                       "data segment flags");
    S.Mode = Flags == 1 ? SegmentMode::Passive : SegmentMode::Active;
    if (Flags == 2)
      if (Error E = R.readVarU32(S.Memory, "data segment memory index"))
        return E;
    if (S.Mode == SegmentMode::Active)
      if (Error E = readConstExpr(R, S.Offset))
        return E;
    uint32_t Len = 0;
    if (Error E = readLength(R, Len, "data segment size"))
      return E;
    if (Error E = R.readBytes(S.Bytes, Len, "data segment contents"))
      return E;
    M.Datas.push_back(S);
  }
  return Error::success();
}

Error ModuleDecoder::readCodeSection(Reader &R) {
  uint32_t CountPos = R.pos();
  uint32_t Count = 0;
  if (Error E = readCount(R, Count, "function body count"))
    return E;
  uint32_t NumFuncs = NumDeclaredFuncs.value_or(0);
  HaveCode = true;
  if (Count != NumFuncs) {
    // Reported once every section has been read, as the reference
    // interpreter does: a misplaced section after this one is the error.
    CodeMismatch = {CountPos,
                    ("function and code section have inconsistent lengths: " +
                     Twine(NumFuncs) + " functions declared, " + Twine(Count) +
                     " bodies")
                        .str()};
    R = Reader(M.Bytes, SectionEndPos, R.end());
    return Error::success();
  }
  for (uint32_t I = 0; I < Count; ++I) {
    Function F;
    F.TypeIdx = M.FuncTypes[M.NumImportedFuncs + I];
    F.CodeOffset = R.pos();
    uint32_t BodySize = 0;
    if (Error E = readLength(R, BodySize, "function body size"))
      return E;
    if (BodySize > limits::FunctionBodyBytes)
      return unsupported(F.CodeOffset,
                         "function body " + Twine(M.NumImportedFuncs + I) +
                             " of " + Twine(BodySize) +
                             " bytes is too large (wasm2so allows " +
                             Twine(limits::FunctionBodyBytes) + ")");
    uint32_t BodyStart = R.pos();
    if (Error E = readFunctionBody(R, F))
      return E;
    if (R.pos() != BodyStart + BodySize)
      return malformed(F.CodeOffset, "section size mismatch: function body " +
                                         Twine(M.NumImportedFuncs + I) +
                                         " declares " + Twine(BodySize) +
                                         " bytes but takes " +
                                         Twine(R.pos() - BodyStart));
    M.Functions.push_back(std::move(F));
  }
  return Error::success();
}

Error ModuleDecoder::readFunctionBody(Reader &R, Function &F) {
  uint32_t Start = R.pos();
  uint32_t NumDecls = 0;
  if (Error E = readCount(R, NumDecls, "local declaration count"))
    return E;
  uint64_t Total = 0;
  for (uint32_t K = 0; K < NumDecls; ++K) {
    LocalDecl D;
    if (Error E = R.readVarU32(D.Count, "local count"))
      return E;
    if (Error E = R.readValType(D.Type, "local type"))
      return E;
    Total += D.Count;
    F.Locals.push_back(D);
  }
  if (Total > UINT32_MAX)
    return malformed(Start, "too many locals: " + Twine(Total));
  if (Error E = checkLimit(Total, limits::Locals, Start, "locals"))
    return E;
  F.NumLocals = Total;
  F.BodyOffset = R.pos();
  ExprScan S;
  if (Error E = scanExpr(R, M.Feats, S))
    return E;
  F.BodyEnd = R.pos();
  if (S.UsesDataCount && !UsesDataCount) {
    UsesDataCount = true;
    FirstDataCountUse = F.BodyOffset;
  }
  return Error::success();
}

Error ModuleDecoder::readCustomSection(Reader &R) {
  std::string Name;
  if (Error E = R.readName(Name, "custom section name"))
    return E;
  if (Name == "name")
    readNameSection(R);
  return Error::success();
}

/// The name section is advisory: when malformed, it is ignored.
void ModuleDecoder::readNameSection(Reader R) {
  std::string ModuleName;
  std::vector<std::pair<uint32_t, std::string>> Names;
  auto Parse = [&]() -> Error {
    while (!R.atEnd()) {
      uint8_t Id = 0;
      if (Error E = R.readU8(Id, "name subsection id"))
        return E;
      uint32_t Len = 0;
      if (Error E = readLength(R, Len, "name subsection size"))
        return E;
      if (Len > R.bytesLeft())
        return malformed(R.pos(), "name subsection too long");
      Reader Sub(Bytes, R.pos(), R.pos() + Len);
      if (Id == 0) {
        if (Error E = Sub.readName(ModuleName, "module name"))
          return E;
      } else if (Id == 1) {
        uint32_t Count = 0;
        if (Error E = readCount(Sub, Count, "function name count"))
          return E;
        for (uint32_t K = 0; K < Count; ++K) {
          std::pair<uint32_t, std::string> Entry;
          if (Error E = Sub.readVarU32(Entry.first, "function index"))
            return E;
          if (Error E = Sub.readName(Entry.second, "function name"))
            return E;
          Names.push_back(std::move(Entry));
        }
      }
      // Other subsections (locals, labels, ...) are not used.
      Reader Skip(Bytes, R.pos(), R.end());
      ArrayRef<uint8_t> Ignored;
      cantFail(Skip.readBytes(Ignored, Len, "name subsection"));
      R = Skip;
    }
    return Error::success();
  };
  if (Error E = Parse()) {
    consumeError(std::move(E));
    return;
  }
  M.ModuleName = std::move(ModuleName);
  FuncNames = std::move(Names);
  HaveNames = true;
}

} // namespace

Expected<std::unique_ptr<Module>> decodeModule(std::vector<uint8_t> Bytes,
                                               StringRef FileName,
                                               const Features &Feats) {
  auto M = std::make_unique<Module>();
  M->FileName = FileName.str();
  M->Feats = Feats;
  M->Bytes = std::move(Bytes);
  ModuleDecoder D(*M, Feats.Exceptions);
  if (Error E = D.decode())
    return E;
  M->canonicalizeTypes();
  return M;
}

} // namespace wasm2so
