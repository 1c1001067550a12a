//===- wasm2so/backtrace.h - Trap backtraces with inlined frames -*- C++ -*-===//
//
// A trap's rt::Error::Backtrace has one frame per native frame. Where the
// optimizer inlined calls, one native frame runs several wasm functions;
// the .so's debug information (line tables, which every .so carries:
// docs/abi.md, "Inlined frames") says which, and at which wasm byte
// offsets. This reads it with LLVM's DWARF reader, so it lives in the
// compiler library; the runtime (libw2s_rt) stays free of LLVM.
//
//   for (const WasmFrame &F : symbolizeBacktrace(E.Backtrace))
//     std::fprintf(stderr, "  at %s\n", formatWasmFrame(F).c_str());
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_BACKTRACE_H
#define WASM2SO_BACKTRACE_H

#include "wasm2so/runtime.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wasm2so {

/// One wasm frame of a trap: a wasm function active at the trap.
struct WasmFrame {
  std::string Module;   // as in rt::Frame
  std::string Function; // the wasm function's name
  /// The wasm file the .so was compiled from, as named to the compiler;
  /// empty when the .so has no debug information.
  std::string File;
  /// The byte offset, from the start of the module, of the wasm
  /// instruction: the one that trapped in the innermost frame, the call
  /// in the others. 0 when unknown (no debug information, or a trap call
  /// the optimizer merged from several sites).
  uint32_t Offset = 0;
  /// The optimizer inlined this function into the next frame's: it has
  /// no native frame of its own.
  bool Inlined = false;
  /// The native frame (index into the backtrace) this frame runs in.
  size_t Native = 0;
};

/// The wasm frames of a backtrace, innermost first: each native frame
/// expanded into the calls inlined at its address. A frame whose .so has
/// no debug information stays one frame without an offset.
std::vector<WasmFrame>
symbolizeBacktrace(const std::vector<rt::Frame> &Backtrace);

/// "MODULE!FUNCTION (FILE:0xOFFSET)"; without an offset,
/// rt::formatFrame's "MODULE!FUNCTION (+0xNATIVE_OFFSET)" for a frame of
/// its own, "MODULE!FUNCTION (FILE, inlined)" for an inlined one.
std::string formatWasmFrame(const WasmFrame &F,
                            const std::vector<rt::Frame> &Backtrace);

} // namespace wasm2so

#endif
