//===- Backtrace.cpp - Inlined wasm frames from a .so's debug lines -------===//
//
// Every .so carries line tables whose lines are wasm byte offsets and whose
// subprograms are wasm functions (DebugLevel::InlineSites); the DWARF
// inlined-subroutine entries say which functions the optimizer inlined at
// an address. LLVM's symbolizer reads both, and caches each .so it opened.
//
//===----------------------------------------------------------------------===//
#include "wasm2so/backtrace.h"

#include "llvm/DebugInfo/Symbolize/Symbolize.h"
#include "llvm/Support/Path.h"

#include <cstdio>

using namespace llvm;

namespace wasm2so {

std::vector<WasmFrame>
symbolizeBacktrace(const std::vector<rt::Frame> &Backtrace) {
  symbolize::LLVMSymbolizer::Options Opts;
  Opts.PrintFunctions = symbolize::FunctionNameKind::ShortName;
  Opts.PathStyle = DILineInfoSpecifier::FileLineInfoKind::RawValue;
  symbolize::LLVMSymbolizer Symbolizer(Opts);
  std::vector<WasmFrame> Frames;
  for (size_t N = 0; N < Backtrace.size(); ++N) {
    const rt::Frame &F = Backtrace[N];
    WasmFrame Own;
    Own.Module = F.Module;
    Own.Function = F.Function;
    Own.Native = N;
    if (F.Object.empty()) {
      Frames.push_back(std::move(Own));
      continue;
    }
    Expected<DIInliningInfo> Info = Symbolizer.symbolizeInlinedCode(
        F.Object, {F.ObjectAddress, object::SectionedAddress::UndefSection});
    if (!Info) {
      consumeError(Info.takeError());
      Frames.push_back(std::move(Own));
      continue;
    }
    // The symbolizer's frames run innermost first; the last is the
    // function that owns the native frame.
    uint32_t Count = Info->getNumberOfFrames();
    if (Count == 0 || Info->getFrame(Count - 1).FileName ==
                          DILineInfo::BadString) {
      Frames.push_back(std::move(Own));
      continue;
    }
    for (uint32_t I = 0; I < Count; ++I) {
      const DILineInfo &L = Info->getFrame(I);
      WasmFrame W;
      W.Module = F.Module;
      W.Function = I + 1 == Count || L.FunctionName == DILineInfo::BadString
                       ? F.Function
                       : L.FunctionName;
      W.File = L.FileName == DILineInfo::BadString
                   ? std::string()
                   : sys::path::filename(L.FileName).str();
      W.Offset = L.Line;
      W.Inlined = I + 1 < Count;
      W.Native = N;
      Frames.push_back(std::move(W));
    }
  }
  return Frames;
}

std::string formatWasmFrame(const WasmFrame &F,
                            const std::vector<rt::Frame> &Backtrace) {
  std::string Name = F.Module + "!" + F.Function;
  if (F.Offset) {
    char Where[32];
    std::snprintf(Where, sizeof(Where), ":0x%x)", unsigned(F.Offset));
    return Name + " (" + F.File + Where;
  }
  if (F.Inlined)
    return Name + " (" + (F.File.empty() ? "" : F.File + ", ") + "inlined)";
  if (F.Native < Backtrace.size())
    return rt::formatFrame(Backtrace[F.Native]);
  return Name;
}

} // namespace wasm2so
