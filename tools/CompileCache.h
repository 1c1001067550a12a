//===- CompileCache.h - wasmrun's cache of compiled modules -----*- C++ -*-===//
//
// The cache that wasmrun compiles .wasm/.wat inputs into: one directory per
// entry, CACHE/HASH/, holding the .so (docs/tools.md). Its total size is
// bounded: after each compile, the least recently used entries (by the
// modification time of their files, which a hit refreshes) are removed
// until the total fits. An entry is built in a staging directory of its
// own and renamed into place whole; an evicted one is renamed away before
// its files are removed. So concurrent wasmrun processes never see a
// partial entry.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_TOOLS_COMPILECACHE_H
#define WASM2SO_TOOLS_COMPILECACHE_H

#include <cstdint>
#include <optional>
#include <string>

namespace wasm2so::cache {

/// The bound when $WASM2SO_CACHE_MAX_SIZE does not set one: 1 GiB.
constexpr uint64_t DefaultMaxSize = uint64_t(1) << 30;

/// $WASM2SO_CACHE_MAX_SIZE (bytes, or with K/M/G: KiB/MiB/GiB), else
/// DefaultMaxSize; nullopt (and Error says why) when it is not a size.
std::optional<uint64_t> maxSize(std::string &Error);

/// A new, empty staging directory in Dir (created if need be) to build an
/// entry in; nullopt (and Error says why) when it cannot be made.
std::optional<std::string> stage(const std::string &Dir, std::string &Error);

/// Renames Staging to Entry. When a concurrent process published Entry
/// first, Staging is removed and Entry kept. False when neither worked.
bool publish(const std::string &Staging, const std::string &Entry);

/// Removes a staging directory and what is in it.
void discard(const std::string &Staging);

/// Marks the entry holding File as just used.
void touch(const std::string &File);

/// Removes the least recently used entries of Dir, except Keep (an entry
/// directory), until the entries' files total at most MaxSize bytes.
/// Staging directories left for an hour (by a run that crashed) are
/// removed too. Returns the number of entries removed.
unsigned evict(const std::string &Dir, uint64_t MaxSize,
               const std::string &Keep);

/// Removes every entry of Dir; returns the number removed, or nullopt
/// (and Error says why) when Dir cannot be read.
std::optional<unsigned> clear(const std::string &Dir, std::string &Error);

} // namespace wasm2so::cache

#endif
