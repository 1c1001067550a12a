//===- StaticLLVMStubs.cpp - Symbols the static LLVM archives lack ---------===//
//
// Debian builds LLVM with Polly linked into its tools, so LLVM's LTO
// backend (pulled in by lld's ELF driver) registers Polly's pass plugin by
// calling getPollyPluginInfo(). Debian ships no static Polly library. The
// plugin below registers nothing; wasm2so hands lld only ELF objects, so
// lld never runs LTO and this is never called in practice. Linked only
// into executables built with W2S_STATIC_LLVM (cmake/StaticLLVM.cmake).
//
//===----------------------------------------------------------------------===//
#include "llvm/Config/llvm-config.h"
#include "llvm/Passes/PassPlugin.h"

llvm::PassPluginLibraryInfo getPollyPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "Polly (not linked)", LLVM_VERSION_STRING,
          nullptr};
}
