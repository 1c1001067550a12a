//===- Values.cpp - Value formatting, signatures and trap messages ---------===//
#include "Internal.h"

#include <charconv>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>

using namespace wasm2so::rt;

namespace {

template <typename FloatT, typename BitsT>
std::string formatFloat(FloatT V, BitsT Bits, int MantissaBits) {
  BitsT Sign = Bits >> (sizeof(BitsT) * 8 - 1);
  std::string S = Sign ? "-" : "";
  if (std::isnan(V)) {
    BitsT Payload = Bits & ((BitsT(1) << MantissaBits) - 1);
    S += "nan";
    if (Payload != BitsT(1) << (MantissaBits - 1)) {
      char Buf[32];
      std::snprintf(Buf, sizeof(Buf), ":0x%" PRIx64, uint64_t(Payload));
      S += Buf;
    }
    return S;
  }
  if (std::isinf(V))
    return S + "inf";
  char Buf[64];
  auto R = std::to_chars(Buf, Buf + sizeof(Buf), V);
  return std::string(Buf, R.ptr);
}

} // namespace

namespace wasm2so::rt {

const char *valTypeName(uint32_t T) {
  switch (T) {
  case W2S_I32: return "i32";
  case W2S_I64: return "i64";
  case W2S_F32: return "f32";
  case W2S_F64: return "f64";
  case W2S_V128: return "v128";
  case W2S_FUNCREF: return "funcref";
  case W2S_EXTERNREF: return "externref";
  case W2S_EXNREF: return "exnref";
  case W2S_ANYREF: return "anyref";
  }
  return "<invalid type>";
}

std::string nameOf(const w2s_name &N) {
  return N.data ? std::string(N.data, N.len) : std::string();
}

std::string formatValue(const Value &V) {
  char Buf[128];
  switch (V.Type) {
  case W2S_I32:
    return std::to_string(V.Bits.i32);
  case W2S_I64:
    return std::to_string(V.Bits.i64);
  case W2S_F32: {
    uint32_t B;
    std::memcpy(&B, &V.Bits.f32, 4);
    return formatFloat(V.Bits.f32, B, 23);
  }
  case W2S_F64: {
    uint64_t B;
    std::memcpy(&B, &V.Bits.f64, 8);
    return formatFloat(V.Bits.f64, B, 52);
  }
  case W2S_V128: {
    uint32_t L[4];
    std::memcpy(L, V.Bits.v128, 16);
    std::snprintf(Buf, sizeof(Buf), "i32x4 0x%08x 0x%08x 0x%08x 0x%08x", L[0],
                  L[1], L[2], L[3]);
    return Buf;
  }
  case W2S_EXNREF:
    if (!V.Bits.ref)
      return "ref.null exn";
    std::snprintf(Buf, sizeof(Buf), "ref.exn %p", V.Bits.ref);
    return Buf;
  case W2S_ANYREF:
    switch (anyKind(V.Bits.ref)) {
    case AnyKind::Null:
      return "ref.null any";
    case AnyKind::I31:
      return "ref.i31 " +
             std::to_string(uint32_t(reinterpret_cast<uintptr_t>(V.Bits.ref) >> 1));
    case AnyKind::Struct:
      std::snprintf(Buf, sizeof(Buf), "ref.struct %p", V.Bits.ref);
      return Buf;
    case AnyKind::Array:
      std::snprintf(Buf, sizeof(Buf), "ref.array %p", V.Bits.ref);
      return Buf;
    case AnyKind::Host:
      std::snprintf(Buf, sizeof(Buf), "ref.host %p", hostRefOf(V.Bits.ref));
      return Buf;
    case AnyKind::Unknown:
      break;
    }
    std::snprintf(Buf, sizeof(Buf), "ref.any %p", V.Bits.ref);
    return Buf;
  case W2S_FUNCREF:
  case W2S_EXTERNREF:
    if (!V.Bits.ref)
      return V.Type == W2S_FUNCREF ? "ref.null func" : "ref.null extern";
    std::snprintf(Buf, sizeof(Buf), "%s %p",
                  V.Type == W2S_FUNCREF ? "ref.func" : "ref.extern", V.Bits.ref);
    return Buf;
  }
  return "<invalid value>";
}

std::string FuncSig::str() const {
  auto List = [](const std::vector<ValType> &Types) {
    std::string S = "(";
    for (size_t I = 0; I < Types.size(); ++I) {
      if (I)
        S += ", ";
      S += valTypeName(Types[I]);
    }
    return S + ")";
  };
  return List(Params) + " -> " + List(Results);
}

uint64_t hashOf(const FuncSig &Sig) {
  std::vector<uint8_t> P(Sig.Params.begin(), Sig.Params.end());
  std::vector<uint8_t> R(Sig.Results.begin(), Sig.Results.end());
  return w2s_signature_hash(P.data(), uint32_t(P.size()), R.data(),
                            uint32_t(R.size()));
}

FuncSig sigOfType(const w2s_func_type &T) {
  FuncSig S;
  for (uint32_t I = 0; I < T.num_params; ++I)
    S.Params.push_back(ValType(T.valtypes[I]));
  for (uint32_t I = 0; I < T.num_results; ++I)
    S.Results.push_back(ValType(T.valtypes[T.num_params + I]));
  return S;
}

const char *trapMessage(w2s_trap_code Code) {
  static const char *const Messages[] = {
#define W2S_TRAP(Name, Message) Message,
#include "wasm2so/traps.def"
  };
  if (unsigned(Code) >= W2S_TRAP_COUNT)
    return "unknown trap";
  return Messages[Code];
}

} // namespace wasm2so::rt
