//===- spec/Values.cpp - wast2json values: parsing, matching, printing ----===//

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

std::optional<rt::ValType> parseType(StringRef Name) {
  return StringSwitch<std::optional<rt::ValType>>(Name)
      .Case("i32", W2S_I32)
      .Case("i64", W2S_I64)
      .Case("f32", W2S_F32)
      .Case("f64", W2S_F64)
      .Case("v128", W2S_V128)
      .Case("funcref", W2S_FUNCREF)
      .Case("externref", W2S_EXTERNREF)
      .Default(std::nullopt);
}

enum class NanPattern { None, Canonical, Arithmetic };

NanPattern nanPattern(StringRef S) {
  if (S == "nan:canonical")
    return NanPattern::Canonical;
  if (S == "nan:arithmetic")
    return NanPattern::Arithmetic;
  return NanPattern::None;
}

Expected<uint64_t> parseBits(StringRef S, unsigned Bits) {
  uint64_t V;
  if (S.getAsInteger(10, V) || (Bits < 64 && (V >> Bits) != 0))
    return specError("bad " + Twine(Bits) + "-bit value '" + S + "'");
  return V;
}

/// Whether the float with these bits matches a NaN pattern: canonical is the
/// quiet NaN with an empty payload (either sign); arithmetic is any quiet NaN.
bool matchesNan(uint64_t Bits, unsigned Width, NanPattern P) {
  uint64_t Sign = uint64_t(1) << (Width - 1);
  uint64_t Exp = Width == 32 ? 0x7f800000u : 0x7ff0000000000000u;
  uint64_t Quiet = Width == 32 ? 0x00400000u : 0x0008000000000000u;
  if (P == NanPattern::Canonical)
    return (Bits & ~Sign) == (Exp | Quiet);
  return (Bits & (Exp | Quiet)) == (Exp | Quiet);
}

struct LaneShape {
  unsigned Bits;
  bool Float;
};

std::optional<LaneShape> parseLaneType(StringRef Name) {
  return StringSwitch<std::optional<LaneShape>>(Name)
      .Case("i8", LaneShape{8, false})
      .Case("i16", LaneShape{16, false})
      .Case("i32", LaneShape{32, false})
      .Case("i64", LaneShape{64, false})
      .Case("f32", LaneShape{32, true})
      .Case("f64", LaneShape{64, true})
      .Default(std::nullopt);
}

uint64_t readLane(const uint8_t *Bytes, unsigned Lane, unsigned Bits) {
  uint64_t V = 0;
  std::memcpy(&V, Bytes + Lane * (Bits / 8), Bits / 8); // little endian host
  return V;
}

void writeLane(uint8_t *Bytes, unsigned Lane, unsigned Bits, uint64_t V) {
  std::memcpy(Bytes + Lane * (Bits / 8), &V, Bits / 8);
}

uint32_t bits32(const rt::Value &V) {
  uint32_t B;
  std::memcpy(&B, &V.Bits, sizeof(B));
  return B;
}

uint64_t bits64(const rt::Value &V) {
  uint64_t B;
  std::memcpy(&B, &V.Bits, sizeof(B));
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
    printFloat(OS, bits32(V), 32);
    break;
  case W2S_F64:
    OS << "f64:";
    printFloat(OS, bits64(V), 64);
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
  default:
    OS << "<value of type 0x" << utohexstr(V.Type) << ">";
    break;
  }
  return OS.str();
}

/// The lane shape an expected v128 value uses, so that the value we got is
/// printed the same way; i32x4 for anything else.
LaneShape expectedShape(const json::Value *E) {
  if (const json::Object *O = E ? E->getAsObject() : nullptr)
    if (std::optional<StringRef> L = O->getString("lane_type"))
      if (std::optional<LaneShape> Shape = parseLaneType(*L))
        return *Shape;
  return LaneShape{32, false};
}

Expected<bool> matchLane(StringRef WantText, const uint8_t *Bytes,
                         unsigned Lane, LaneShape Shape) {
  uint64_t Got = readLane(Bytes, Lane, Shape.Bits);
  NanPattern P = nanPattern(WantText);
  if (P != NanPattern::None) {
    if (!Shape.Float)
      return specError("NaN pattern in an integer lane");
    return matchesNan(Got, Shape.Bits, P);
  }
  Expected<uint64_t> Want = parseBits(WantText, Shape.Bits);
  if (!Want)
    return Want.takeError();
  return Got == *Want;
}

} // namespace

const void *externRef(uint64_t N) {
  return reinterpret_cast<const void *>(static_cast<uintptr_t>(N + 1));
}

Expected<rt::Value> parseArgument(const json::Value &V) {
  const json::Object *O = V.getAsObject();
  if (!O)
    return specError("argument is not a JSON object");
  std::optional<StringRef> TypeName = O->getString("type");
  std::optional<rt::ValType> Type =
      TypeName ? parseType(*TypeName) : std::nullopt;
  if (!Type)
    return specError("unknown argument type '" + TypeName.value_or("") + "'");

  rt::Value R;
  R.Type = *Type;
  if (*Type == W2S_V128) {
    std::optional<StringRef> LaneName = O->getString("lane_type");
    std::optional<LaneShape> Shape =
        LaneName ? parseLaneType(*LaneName) : std::nullopt;
    const json::Array *Lanes = O->getArray("value");
    if (!Shape || !Lanes || Lanes->size() != 128 / Shape->Bits)
      return specError("malformed v128 argument");
    for (unsigned I = 0, E = Lanes->size(); I != E; ++I) {
      std::optional<StringRef> Lane = (*Lanes)[I].getAsString();
      if (!Lane)
        return specError("malformed v128 lane");
      Expected<uint64_t> Bits = parseBits(*Lane, Shape->Bits);
      if (!Bits)
        return Bits.takeError();
      writeLane(R.Bits.v128, I, Shape->Bits, *Bits);
    }
    return R;
  }

  std::optional<StringRef> Text = O->getString("value");
  if (!Text)
    return specError("argument without a value");
  switch (*Type) {
  case W2S_FUNCREF:
    if (*Text != "null")
      return specError("non-null funcref arguments are not expressible");
    R.Bits.ref = nullptr;
    return R;
  case W2S_EXTERNREF: {
    if (*Text == "null") {
      R.Bits.ref = nullptr;
      return R;
    }
    Expected<uint64_t> N = parseBits(*Text, 64);
    if (!N)
      return N.takeError();
    R.Bits.ref = externRef(*N);
    return R;
  }
  default:
    break;
  }
  unsigned Width = (*Type == W2S_I32 || *Type == W2S_F32) ? 32 : 64;
  Expected<uint64_t> Bits = parseBits(*Text, Width);
  if (!Bits)
    return Bits.takeError();
  // Copy bit patterns, never through a float register: NaN payloads and
  // signalling NaNs must arrive unchanged.
  if (Width == 32) {
    uint32_t B = static_cast<uint32_t>(*Bits);
    std::memcpy(&R.Bits, &B, sizeof(B));
  } else {
    std::memcpy(&R.Bits, &*Bits, sizeof(*Bits));
  }
  return R;
}

Expected<bool> matchesExpected(const json::Value &E, const rt::Value &Got) {
  const json::Object *O = E.getAsObject();
  if (!O)
    return specError("expected value is not a JSON object");
  std::optional<StringRef> TypeName = O->getString("type");
  std::optional<rt::ValType> Type =
      TypeName ? parseType(*TypeName) : std::nullopt;
  if (!Type)
    return specError("unknown expected type '" + TypeName.value_or("") + "'");
  if (Got.Type != *Type)
    return false;

  if (*Type == W2S_V128) {
    std::optional<StringRef> LaneName = O->getString("lane_type");
    std::optional<LaneShape> Shape =
        LaneName ? parseLaneType(*LaneName) : std::nullopt;
    const json::Array *Lanes = O->getArray("value");
    if (!Shape || !Lanes || Lanes->size() != 128 / Shape->Bits)
      return specError("malformed expected v128 value");
    for (unsigned I = 0, N = Lanes->size(); I != N; ++I) {
      std::optional<StringRef> Lane = (*Lanes)[I].getAsString();
      if (!Lane)
        return specError("malformed expected v128 lane");
      Expected<bool> Match = matchLane(*Lane, Got.Bits.v128, I, *Shape);
      if (!Match || !*Match)
        return Match;
    }
    return true;
  }

  std::optional<StringRef> Text = O->getString("value");
  if (!Text)
    return specError("expected value has no value");
  switch (*Type) {
  case W2S_FUNCREF:
    // wast2json writes `ref.func` results without naming the function, so
    // any non-null reference is accepted for them.
    return (*Text == "null") == (Got.Bits.ref == nullptr);
  case W2S_EXTERNREF: {
    if (*Text == "null")
      return Got.Bits.ref == nullptr;
    Expected<uint64_t> N = parseBits(*Text, 64);
    if (!N)
      return N.takeError();
    return Got.Bits.ref == externRef(*N);
  }
  case W2S_F32:
  case W2S_F64: {
    unsigned Width = *Type == W2S_F32 ? 32 : 64;
    uint64_t GotBits = Width == 32 ? bits32(Got) : bits64(Got);
    if (NanPattern P = nanPattern(*Text); P != NanPattern::None)
      return matchesNan(GotBits, Width, P);
    Expected<uint64_t> Want = parseBits(*Text, Width);
    if (!Want)
      return Want.takeError();
    return GotBits == *Want;
  }
  default: {
    unsigned Width = *Type == W2S_I32 ? 32 : 64;
    Expected<uint64_t> Want = parseBits(*Text, Width);
    if (!Want)
      return Want.takeError();
    return (Width == 32 ? bits32(Got) : bits64(Got)) == *Want;
  }
  }
}

std::string formatValue(const rt::Value &V) {
  return formatValueAs(V, LaneShape{32, false});
}

std::string formatExpected(const json::Value &V) {
  const json::Object *O = V.getAsObject();
  if (!O)
    return "<malformed>";
  StringRef Type = O->getString("type").value_or("?");
  std::string S;
  raw_string_ostream OS(S);
  if (Type == "v128") {
    std::optional<LaneShape> Shape =
        parseLaneType(O->getString("lane_type").value_or(""));
    const json::Array *Lanes = O->getArray("value");
    if (!Shape || !Lanes)
      return "v128:<malformed>";
    OS << "v128:" << laneName(*Shape);
    for (const json::Value &L : *Lanes) {
      StringRef Text = L.getAsString().value_or("?");
      OS << ' ';
      Expected<uint64_t> Bits = parseBits(Text, Shape->Bits);
      if (Bits)
        printLane(OS, *Bits, *Shape);
      else {
        consumeError(Bits.takeError());
        OS << Text;
      }
    }
    return OS.str();
  }
  StringRef Text = O->getString("value").value_or("?");
  if (Type == "funcref" || Type == "externref") {
    if (Text == "null")
      OS << "ref.null " << (Type == "funcref" ? "func" : "extern");
    else if (Type == "funcref")
      OS << "ref.func";
    else
      OS << "ref.extern " << Text;
    return OS.str();
  }
  std::optional<rt::ValType> T = parseType(Type);
  if (!T || nanPattern(Text) != NanPattern::None) {
    OS << Type << ':' << Text;
    return OS.str();
  }
  unsigned Width = (*T == W2S_I32 || *T == W2S_F32) ? 32 : 64;
  Expected<uint64_t> Bits = parseBits(Text, Width);
  if (!Bits) {
    consumeError(Bits.takeError());
    OS << Type << ':' << Text;
    return OS.str();
  }
  rt::Value R;
  R.Type = *T;
  std::memcpy(&R.Bits, &*Bits, Width / 8);
  return spec::formatValue(R);
}

std::string formatValues(const std::vector<rt::Value> &Vs,
                         const json::Array *Like) {
  std::string S = "(";
  for (size_t I = 0; I != Vs.size(); ++I) {
    if (I)
      S += ", ";
    const json::Value *E = Like && I < Like->size() ? &(*Like)[I] : nullptr;
    S += formatValueAs(Vs[I], expectedShape(E));
  }
  return S + ")";
}

std::string formatExpectedList(const json::Array *Vs) {
  std::string S = "(";
  if (Vs)
    for (size_t I = 0; I != Vs->size(); ++I) {
      if (I)
        S += ", ";
      S += formatExpected((*Vs)[I]);
    }
  return S + ")";
}

} // namespace wasm2so::spec
