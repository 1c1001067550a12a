//===- spec/Values.cpp - Script values: arguments, matching, printing -----===//

#include "Values.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;

namespace wasm2so::spec {

namespace {

Error specError(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message);
}

rt::ValType numType(StringRef Name) {
  return StringSwitch<rt::ValType>(Name)
      .Case("i32", W2S_I32)
      .Case("i64", W2S_I64)
      .Case("f32", W2S_F32)
      .Case("f64", W2S_F64)
      .Default(W2S_V128);
}

bool isNumeric(rt::ValType T) {
  return T == W2S_I32 || T == W2S_I64 || T == W2S_F32 || T == W2S_F64 ||
         T == W2S_V128;
}

/// The hierarchies of Wasm 3.0's reference types, for matching null
/// references: a `ref.null func` pattern wants a null of the func family.
enum class Family { Func, Extern, Any, Exn, Unknown };

Family familyOfHeapType(StringRef Name) {
  return StringSwitch<Family>(Name)
      .Cases("func", "nofunc", Family::Func)
      .Cases("extern", "noextern", Family::Extern)
      .Cases("any", "eq", "i31", "struct", "array", "none", Family::Any)
      .Cases("exn", "noexn", Family::Exn)
      .Default(Family::Unknown); // `$t`, a type index
}

/// The family of a value type, by its binary encoding (the abstract heap
/// types' short forms); Unknown for the rest.
Family familyOfType(rt::ValType T) {
  switch (static_cast<uint8_t>(T)) {
  case 0x70: // funcref
  case 0x73: // nullfuncref
    return Family::Func;
  case 0x6f: // externref
  case 0x72: // nullexternref
    return Family::Extern;
  case 0x6e: // anyref
  case 0x6d: // eqref
  case 0x6c: // i31ref
  case 0x6b: // structref
  case 0x6a: // arrayref
  case 0x71: // nullref
    return Family::Any;
  case 0x69: // exnref
  case 0x74: // nullexnref
    return Family::Exn;
  default:
    return Family::Unknown;
  }
}

/// Whether the float with these bits matches a NaN pattern: canonical is the
/// quiet NaN with an empty payload (either sign); arithmetic is any quiet NaN.
bool matchesNan(uint64_t Bits, unsigned Width, Value::Nan P) {
  uint64_t Sign = uint64_t(1) << (Width - 1);
  uint64_t Exp = Width == 32 ? 0x7f800000u : 0x7ff0000000000000u;
  uint64_t Quiet = Width == 32 ? 0x00400000u : 0x0008000000000000u;
  if (P == Value::Canonical)
    return (Bits & ~Sign) == (Exp | Quiet);
  return (Bits & (Exp | Quiet)) == (Exp | Quiet);
}

struct LaneShape {
  unsigned Bits;
  bool Float;
};

uint64_t readLane(const uint8_t *Bytes, unsigned Lane, unsigned Bits) {
  uint64_t V = 0;
  std::memcpy(&V, Bytes + Lane * (Bits / 8), Bits / 8); // little endian host
  return V;
}

void writeLane(uint8_t *Bytes, unsigned Lane, unsigned Bits, uint64_t V) {
  std::memcpy(Bytes + Lane * (Bits / 8), &V, Bits / 8);
}

uint64_t bitsOf(const rt::Value &V, unsigned Width) {
  uint64_t B = 0;
  std::memcpy(&B, &V.Bits, Width / 8);
  return B;
}

void printFloat(raw_ostream &OS, uint64_t Bits, unsigned Width) {
  if (Width == 32) {
    uint32_t B = static_cast<uint32_t>(Bits);
    float F;
    std::memcpy(&F, &B, sizeof(F));
    OS << format("%.9g", static_cast<double>(F)) << format(" (0x%08x)", B);
    return;
  }
  double D;
  std::memcpy(&D, &Bits, sizeof(D));
  OS << format("%.17g", D) << format(" (0x%016llx)", (unsigned long long)Bits);
}

void printLane(raw_ostream &OS, uint64_t Bits, LaneShape Shape) {
  if (Shape.Float) {
    printFloat(OS, Bits, Shape.Bits);
    return;
  }
  // Signed, the way the text format usually writes lane constants.
  int64_t Signed = Shape.Bits == 64 ? static_cast<int64_t>(Bits)
                                    : SignExtend64(Bits, Shape.Bits);
  OS << Signed;
}

const char *laneName(LaneShape Shape) {
  if (Shape.Float)
    return Shape.Bits == 32 ? "f32x4" : "f64x2";
  switch (Shape.Bits) {
  case 8:
    return "i8x16";
  case 16:
    return "i16x8";
  case 32:
    return "i32x4";
  default:
    return "i64x2";
  }
}

std::string formatValueAs(const rt::Value &V, LaneShape Shape) {
  std::string S;
  raw_string_ostream OS(S);
  switch (V.Type) {
  case W2S_I32:
    OS << "i32:" << V.Bits.i32;
    break;
  case W2S_I64:
    OS << "i64:" << V.Bits.i64;
    break;
  case W2S_F32:
    OS << "f32:";
    printFloat(OS, bitsOf(V, 32), 32);
    break;
  case W2S_F64:
    OS << "f64:";
    printFloat(OS, bitsOf(V, 64), 64);
    break;
  case W2S_V128: {
    OS << "v128:" << laneName(Shape);
    for (unsigned I = 0, E = 128 / Shape.Bits; I != E; ++I) {
      OS << ' ';
      printLane(OS, readLane(V.Bits.v128, I, Shape.Bits), Shape);
    }
    break;
  }
  case W2S_FUNCREF:
    if (!V.Bits.ref)
      OS << "ref.null func";
    else
      OS << "ref.func " << V.Bits.ref;
    break;
  case W2S_EXTERNREF: {
    uintptr_t P = reinterpret_cast<uintptr_t>(V.Bits.ref);
    if (!P)
      OS << "ref.null extern";
    else
      OS << "ref.extern " << (P - 1);
    break;
  }
  case W2S_ANYREF:
    OS << rt::formatValue(V);
    break;
  default:
    OS << "<reference of type 0x" << utohexstr(V.Type) << ": "
       << (V.Bits.ref ? "non-null" : "null") << ">";
    break;
  }
  return OS.str();
}

/// The lane shape of an expected v128 value, so that the value we got is
/// printed the same way; i32x4 for anything else.
LaneShape expectedShape(const Value *E) {
  if (E && E->K == Value::Either && !E->Alts.empty())
    E = &E->Alts.front();
  if (E && E->K == Value::Vec)
    return LaneShape{E->LaneBits, E->LaneFloat};
  return LaneShape{32, false};
}

} // namespace

const void *externRef(uint64_t N) {
  return reinterpret_cast<const void *>(static_cast<uintptr_t>(N + 1));
}

Expected<rt::Value> toArgument(const Value &V) {
  rt::Value R;
  switch (V.K) {
  case Value::Num: {
    R.Type = numType(V.NumType);
    // Copy bit patterns, never through a float register: NaN payloads and
    // signalling NaNs must arrive unchanged.
    unsigned Width = (R.Type == W2S_I32 || R.Type == W2S_F32) ? 32 : 64;
    std::memcpy(&R.Bits, &V.Bits, Width / 8);
    return R;
  }
  case Value::Vec:
    R.Type = W2S_V128;
    for (unsigned I = 0; I != V.Lanes.size(); ++I)
      writeLane(R.Bits.v128, I, V.LaneBits, V.Lanes[I].Bits);
    return R;
  case Value::RefNull:
    switch (familyOfHeapType(V.Name)) {
    case Family::Func:
      return rt::Value::ref(W2S_FUNCREF, nullptr);
    case Family::Extern:
      return rt::Value::ref(W2S_EXTERNREF, nullptr);
    case Family::Any:
      return rt::Value::ref(W2S_ANYREF, nullptr);
    default:
      return specError("`ref.null " + V.Name +
                       "` arguments: the runtime has only funcref, "
                       "externref and anyref values");
    }
  case Value::RefExtern:
    return rt::Value::ref(W2S_EXTERNREF, externRef(V.Bits));
  case Value::RefHost: {
    // A host reference in the any hierarchy: boxed, as any.convert_extern
    // does.
    const void *Ref = rt::anyFromExtern(externRef(V.Bits));
    if (!Ref)
      return specError("`ref.host` argument: the GC heap is exhausted");
    return rt::Value::ref(W2S_ANYREF, Ref);
  }
  case Value::RefFunc:
  case Value::RefKind:
  case Value::Either:
    break;
  }
  return specError("not a constant");
}

bool matches(const Value &P, const rt::Value &Got) {
  switch (P.K) {
  case Value::Num: {
    rt::ValType T = numType(P.NumType);
    if (Got.Type != T)
      return false;
    unsigned Width = (T == W2S_I32 || T == W2S_F32) ? 32 : 64;
    uint64_t Bits = bitsOf(Got, Width);
    if (P.Pattern != Value::NotNan)
      return matchesNan(Bits, Width, P.Pattern);
    return Bits == P.Bits;
  }
  case Value::Vec:
    if (Got.Type != W2S_V128)
      return false;
    for (unsigned I = 0; I != P.Lanes.size(); ++I) {
      uint64_t Bits = readLane(Got.Bits.v128, I, P.LaneBits);
      const Value::Lane &L = P.Lanes[I];
      if (L.Pattern != Value::NotNan ? !matchesNan(Bits, P.LaneBits, L.Pattern)
                                     : Bits != L.Bits)
        return false;
    }
    return true;
  case Value::RefNull: {
    if (isNumeric(Got.Type) || Got.Bits.ref)
      return false;
    Family Want = familyOfHeapType(P.Name), Have = familyOfType(Got.Type);
    return P.Name.empty() || Want == Family::Unknown ||
           Have == Family::Unknown || Want == Have;
  }
  case Value::RefExtern:
    if (Got.Type != W2S_EXTERNREF || !Got.Bits.ref)
      return false;
    return !P.HasN || Got.Bits.ref == externRef(P.Bits);
  case Value::RefHost:
    // A host reference seen as anyref: a box of that externref.
    return Got.Type == W2S_ANYREF &&
           rt::hostRefOf(Got.Bits.ref) == externRef(P.Bits);
  case Value::RefFunc:
    return familyOfType(Got.Type) == Family::Func && Got.Bits.ref;
  case Value::RefKind: {
    // A non-null reference of that kind. Values carry their static type
    // only, so this holds when the function's result type is that kind.
    if (Got.Type == W2S_ANYREF) {
      // Values of the any hierarchy say what they are.
      rt::AnyKind K = rt::anyKind(Got.Bits.ref);
      bool Eq = K == rt::AnyKind::I31 || K == rt::AnyKind::Struct ||
                K == rt::AnyKind::Array;
      return StringSwitch<bool>(P.Name)
          .Case("ref.any", K != rt::AnyKind::Null)
          .Case("ref.eq", Eq)
          .Case("ref.i31", K == rt::AnyKind::I31)
          .Case("ref.struct", K == rt::AnyKind::Struct)
          .Case("ref.array", K == rt::AnyKind::Array)
          .Default(false);
    }
    int Code = StringSwitch<int>(P.Name)
                   .Case("ref.any", 0x6e)
                   .Case("ref.eq", 0x6d)
                   .Case("ref.i31", 0x6c)
                   .Case("ref.struct", 0x6b)
                   .Case("ref.array", 0x6a)
                   .Case("ref.exn", 0x69)
                   .Default(-1);
    return Code >= 0 && static_cast<uint8_t>(Got.Type) == Code && Got.Bits.ref;
  }
  case Value::Either:
    for (const Value &Alt : P.Alts)
      if (matches(Alt, Got))
        return true;
    return false;
  }
  return false;
}

std::string formatValue(const rt::Value &V) {
  return formatValueAs(V, LaneShape{32, false});
}

std::string formatExpected(const Value &V) {
  std::string S;
  raw_string_ostream OS(S);
  auto NanName = [](Value::Nan P) {
    return P == Value::Canonical ? "nan:canonical" : "nan:arithmetic";
  };
  switch (V.K) {
  case Value::Num: {
    if (V.Pattern != Value::NotNan) {
      OS << V.NumType << ':' << NanName(V.Pattern);
      break;
    }
    rt::Value R;
    R.Type = numType(V.NumType);
    unsigned Width = (R.Type == W2S_I32 || R.Type == W2S_F32) ? 32 : 64;
    std::memcpy(&R.Bits, &V.Bits, Width / 8);
    return formatValueAs(R, LaneShape{32, false});
  }
  case Value::Vec: {
    LaneShape Shape{V.LaneBits, V.LaneFloat};
    OS << "v128:" << laneName(Shape);
    for (const Value::Lane &L : V.Lanes) {
      OS << ' ';
      if (L.Pattern != Value::NotNan)
        OS << NanName(L.Pattern);
      else
        printLane(OS, L.Bits, Shape);
    }
    break;
  }
  case Value::RefNull:
    OS << "ref.null" << (V.Name.empty() ? "" : " ") << V.Name;
    break;
  case Value::RefExtern:
    OS << "ref.extern";
    if (V.HasN)
      OS << ' ' << V.Bits;
    break;
  case Value::RefHost:
    OS << "ref.host " << V.Bits;
    break;
  case Value::RefFunc:
    OS << "ref.func";
    break;
  case Value::RefKind:
    OS << V.Name;
    break;
  case Value::Either:
    OS << "either(";
    for (size_t I = 0; I != V.Alts.size(); ++I)
      OS << (I ? " | " : "") << formatExpected(V.Alts[I]);
    OS << ')';
    break;
  }
  return OS.str();
}

std::string formatValues(const std::vector<rt::Value> &Vs,
                         const std::vector<Value> *Like) {
  std::string S = "(";
  for (size_t I = 0; I != Vs.size(); ++I) {
    if (I)
      S += ", ";
    const Value *E = Like && I < Like->size() ? &(*Like)[I] : nullptr;
    S += formatValueAs(Vs[I], expectedShape(E));
  }
  return S + ")";
}

std::string formatExpectedList(const std::vector<Value> &Vs) {
  std::string S = "(";
  for (size_t I = 0; I != Vs.size(); ++I) {
    if (I)
      S += ", ";
    S += formatExpected(Vs[I]);
  }
  return S + ")";
}

} // namespace wasm2so::spec
