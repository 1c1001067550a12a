//===- CompileCache.cpp - wasmrun's cache of compiled modules -------------===//
#include "CompileCache.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include <stdlib.h> // mkdtemp

namespace fs = std::filesystem;

namespace wasm2so::cache {

namespace {

struct Entry {
  fs::path Dir;
  uint64_t Size = 0;
  fs::file_time_type LastUse{};
};

/// An entry's name: 32 hex digits (so that a cache directory set to the
/// wrong place never loses anything else).
bool isEntryName(const std::string &Name) {
  return Name.size() == 32 && std::all_of(Name.begin(), Name.end(), [](char C) {
    return std::isxdigit(static_cast<unsigned char>(C));
  });
}

constexpr const char *StagingPrefix = ".staging-";
constexpr const char *EvictedPrefix = ".evicted-";

/// Removes a directory and its files: first renamed out of the way (to a
/// unique name a listing skips), so that no run sees it half removed.
/// Another process may be removing it too, or may have its .so loaded (a
/// removed file stays mapped).
void removeEntry(const fs::path &Dir) {
  std::string Away = (Dir.parent_path() / EvictedPrefix).string() + "XXXXXX";
  std::error_code EC;
  // mkdtemp reserves a unique name; renaming the entry onto the empty
  // directory replaces it.
  bool Made = mkdtemp(Away.data()) != nullptr;
  if (Made && std::rename(Dir.c_str(), Away.c_str()) == 0) {
    fs::remove_all(Away, EC);
    return;
  }
  // Gone already (another run evicted it), or no name to move it to.
  if (Made)
    fs::remove(Away, EC);
  fs::remove_all(Dir, EC);
}

/// The entries of Dir: its subdirectories named by a hash. Staging and
/// evicted directories an hour old are removed on the way.
std::vector<Entry> listEntries(const fs::path &Dir) {
  std::vector<Entry> Entries;
  std::error_code EC;
  auto Now = fs::file_time_type::clock::now();
  for (fs::directory_iterator It(Dir, EC), End; !EC && It != End;
       It.increment(EC)) {
    std::error_code StatEC;
    std::string Name = It->path().filename().string();
    if ((Name.rfind(StagingPrefix, 0) == 0 ||
         Name.rfind(EvictedPrefix, 0) == 0) &&
        Now - It->last_write_time(StatEC) > std::chrono::hours(1)) {
      fs::remove_all(It->path(), StatEC);
      continue;
    }
    if (!isEntryName(Name) || !It->is_directory(StatEC))
      continue;
    Entry E;
    E.Dir = It->path();
    E.LastUse = fs::last_write_time(E.Dir, StatEC);
    std::error_code FileEC;
    for (fs::directory_iterator F(E.Dir, FileEC), FEnd; !FileEC && F != FEnd;
         F.increment(FileEC)) {
      std::error_code SizeEC;
      uintmax_t Size = F->file_size(SizeEC);
      if (!SizeEC)
        E.Size += Size;
      fs::file_time_type T = F->last_write_time(SizeEC);
      if (!SizeEC && T > E.LastUse)
        E.LastUse = T;
    }
    Entries.push_back(std::move(E));
  }
  return Entries;
}

} // namespace

std::optional<uint64_t> maxSize(std::string &Error) {
  const char *S = std::getenv("WASM2SO_CACHE_MAX_SIZE");
  if (!S || !*S)
    return DefaultMaxSize;
  char *End = nullptr;
  errno = 0;
  unsigned long long V = std::strtoull(S, &End, 10);
  std::string Unit = End;
  unsigned Shift = Unit.empty() || Unit == "B"    ? 0
                   : Unit == "K" || Unit == "KiB" ? 10
                   : Unit == "M" || Unit == "MiB" ? 20
                   : Unit == "G" || Unit == "GiB" ? 30
                                                  : 64;
  if (errno || End == S || !std::isdigit(static_cast<unsigned char>(*S)) ||
      Shift == 64 || V > (~0ull >> (Shift + 1))) {
    Error = std::string("WASM2SO_CACHE_MAX_SIZE: not a size: ") + S +
            " (bytes, or a number and K, M or G)";
    return std::nullopt;
  }
  return uint64_t(V) << Shift;
}

std::optional<std::string> stage(const std::string &Dir, std::string &Error) {
  std::error_code EC;
  fs::create_directories(Dir, EC);
  std::string Staging = Dir + "/" + StagingPrefix + "XXXXXX";
  if (EC || !mkdtemp(Staging.data())) {
    Error = "cannot create a directory in the cache " + Dir + ": " +
            (EC ? EC.message() : std::string(std::strerror(errno)));
    return std::nullopt;
  }
  return Staging;
}

bool publish(const std::string &Staging, const std::string &Entry) {
  // A failed rename (ENOTEMPTY or EEXIST) means another run published the
  // same entry, unless a third evicted it since: then try again.
  for (int Attempt = 0; Attempt < 8; ++Attempt) {
    if (std::rename(Staging.c_str(), Entry.c_str()) == 0)
      return true;
    std::error_code EC;
    if (fs::is_directory(Entry, EC)) {
      discard(Staging);
      return true;
    }
  }
  discard(Staging);
  return false;
}

void discard(const std::string &Staging) {
  std::error_code EC;
  fs::remove_all(Staging, EC);
}

void touch(const std::string &File) {
  std::error_code EC;
  auto Now = fs::file_time_type::clock::now();
  fs::last_write_time(File, Now, EC);
}

unsigned evict(const std::string &Dir, uint64_t MaxSize,
               const std::string &Keep) {
  std::vector<Entry> Entries = listEntries(Dir);
  uint64_t Total = 0;
  for (const Entry &E : Entries)
    Total += E.Size;
  if (Total <= MaxSize)
    return 0;
  // Oldest first.
  std::sort(Entries.begin(), Entries.end(),
            [](const Entry &A, const Entry &B) { return A.LastUse < B.LastUse; });
  std::error_code EC;
  fs::path KeepPath = fs::weakly_canonical(Keep, EC);
  unsigned Removed = 0;
  for (const Entry &E : Entries) {
    if (Total <= MaxSize)
      break;
    std::error_code CanonEC;
    if (fs::weakly_canonical(E.Dir, CanonEC) == KeepPath)
      continue;
    removeEntry(E.Dir);
    Total -= E.Size;
    ++Removed;
  }
  return Removed;
}

std::optional<unsigned> clear(const std::string &Dir, std::string &Error) {
  std::error_code EC;
  if (!fs::exists(Dir, EC))
    return 0u;
  unsigned Removed = 0;
  for (fs::directory_iterator It(Dir, EC), End; !EC && It != End;
       It.increment(EC)) {
    std::error_code StatEC;
    if (!isEntryName(It->path().filename().string()) ||
        !It->is_directory(StatEC))
      continue;
    removeEntry(It->path());
    ++Removed;
  }
  if (EC) {
    Error = "cannot read the cache " + Dir + ": " + EC.message();
    return std::nullopt;
  }
  return Removed;
}

} // namespace wasm2so::cache
