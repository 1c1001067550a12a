//===- Link.h - Linking an object into a shared object with lld -*- C++ -*-===//
//
// Runs lld's ELF driver in process. lld keeps global state, so calls are
// serialized; its diagnostics become the error's message.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_COMPILER_LINK_H
#define WASM2SO_COMPILER_LINK_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace wasm2so {

/// Links the relocatable object at ObjectPath into the shared object
/// OutputPath. The object must be self-contained: no libraries are linked.
llvm::Error linkSharedObject(llvm::StringRef ObjectPath,
                             llvm::StringRef OutputPath);

} // namespace wasm2so

#endif
