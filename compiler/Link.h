//===- Link.h - Linking an object with lld into a .so or an exe -*- C++ -*-===//
//
// Runs lld's ELF driver in process. lld keeps global state, so calls are
// serialized; its diagnostics become the error's message.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_LINK_H
#define WASM2SO_COMPILER_LINK_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace wasm2so {

/// Links the relocatable objects at ObjectPaths (the parts of one module)
/// into the shared object OutputPath. The objects must be self-contained:
/// no libraries are linked.
llvm::Error linkSharedObject(llvm::ArrayRef<std::string> ObjectPaths,
                             llvm::StringRef OutputPath);

/// Links the objects at ObjectPaths, whose module is a WASI command, with
/// the runtime (libw2s_exe_main.a, libw2s_rt.a of the build tree this
/// compiler was built in) and the C and C++ libraries into the PIE
/// OutputPath.
llvm::Error linkExecutable(llvm::ArrayRef<std::string> ObjectPaths,
                           llvm::StringRef OutputPath);

} // namespace wasm2so

#endif
