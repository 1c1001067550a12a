//===- WasiContext.h - The state behind the WASI host functions -----------===//
//
// WasiContext holds one program's descriptor table, arguments, environment
// and bound memory, and declares one method per row of wasi.def. Wasi.cpp
// implements the process-level calls (args, clocks, poll, random, sockets)
// and the registration; WasiFs.cpp the descriptor and path calls and the
// sandboxed path resolution.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_RT_WASICONTEXT_H
#define WASM2SO_RT_WASICONTEXT_H

#include "wasm2so/wasi.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>
#include <sys/uio.h>

namespace wasm2so::rt {
namespace wasi {

/// WASI errno values, in the witx order (0 ... 76).
// clang-format off
enum class Errno : uint16_t {
  Success, TooBig, Acces, AddrInUse, AddrNotAvail, AfNoSupport, Again,
  Already, Badf, BadMsg, Busy, Canceled, Child, ConnAborted, ConnRefused,
  ConnReset, Deadlk, DestAddrReq, Dom, Dquot, Exist, Fault, Fbig,
  HostUnreach, Idrm, Ilseq, InProgress, Intr, Inval, Io, IsConn, IsDir, Loop,
  Mfile, Mlink, MsgSize, Multihop, NameTooLong, NetDown, NetReset,
  NetUnreach, Nfile, NoBufs, NoDev, NoEnt, NoExec, NoLck, NoLink, NoMem,
  NoMsg, NoProtoOpt, NoSpc, NoSys, NotConn, NotDir, NotEmpty,
  NotRecoverable, NotSock, NotSup, NotTy, Nxio, Overflow, OwnerDead, Perm,
  Pipe, Proto, ProtoNoSupport, ProtoType, Range, Rofs, Spipe, Srch, Stale,
  TimedOut, TxtBsy, Xdev, NotCapable,
};
// clang-format on
static_assert(uint16_t(Errno::NotCapable) == 76, "witx errno numbering");

/// The WASI errno for a host errno value (EIO for anything unknown).
Errno fromHostErrno(int E);
/// fromHostErrno(errno).
Errno lastError();

// filetype
enum : uint8_t {
  FiletypeUnknown = 0,
  FiletypeBlockDevice = 1,
  FiletypeCharacterDevice = 2,
  FiletypeDirectory = 3,
  FiletypeRegularFile = 4,
  FiletypeSocketDgram = 5,
  FiletypeSocketStream = 6,
  FiletypeSymbolicLink = 7,
};

// fdflags
enum : uint16_t {
  FdflagAppend = 1,
  FdflagDsync = 2,
  FdflagNonblock = 4,
  FdflagRsync = 8,
  FdflagSync = 16,
};

// rights: the bits the runtime looks at; RightsAll is every defined bit.
enum : uint64_t {
  RightFdDatasync = 1ull << 0,
  RightFdRead = 1ull << 1,
  RightFdSeek = 1ull << 2,
  RightFdTell = 1ull << 5,
  RightFdWrite = 1ull << 6,
  RightFdAllocate = 1ull << 8,
  RightFdReaddir = 1ull << 14,
  RightFdFilestatSetSize = 1ull << 22,
  RightsAll = (1ull << 30) - 1,
};

/// Guest memory as seen by one call: every pointer the guest passes is
/// checked against the current size before it is touched.
class GuestMemory {
public:
  GuestMemory() = default;
  GuestMemory(uint8_t *Base, uint64_t Size) : Base(Base), Size(Size) {}

  bool valid(uint32_t Ptr, uint64_t Len) const {
    return uint64_t(Ptr) + Len <= Size;
  }
  uint8_t *at(uint32_t Ptr) const { return Base + Ptr; }

  /// Little-endian loads and stores; the caller has checked the range.
  template <typename T> T load(uint32_t Ptr) const {
    T V;
    std::memcpy(&V, Base + Ptr, sizeof(T));
    return V;
  }
  template <typename T> void store(uint32_t Ptr, T V) const {
    std::memcpy(Base + Ptr, &V, sizeof(T));
  }
  /// Checked store: Fault when [Ptr, Ptr + sizeof(T)) is outside memory.
  template <typename T> Errno put(uint32_t Ptr, T V) const {
    if (!valid(Ptr, sizeof(T)))
      return Errno::Fault;
    store(Ptr, V);
    return Errno::Success;
  }

private:
  uint8_t *Base = nullptr;
  uint64_t Size = 0;
};

/// The arguments of one call, read by position.
class Args {
public:
  explicit Args(const Value *V) : V(V) {}
  uint32_t u32(unsigned I) const { return uint32_t(V[I].Bits.i32); }
  uint64_t u64(unsigned I) const { return uint64_t(V[I].Bits.i64); }

private:
  const Value *V;
};

/// An owned host descriptor.
class UniqueFd {
public:
  UniqueFd() = default;
  explicit UniqueFd(int Fd) : Fd(Fd) {}
  UniqueFd(UniqueFd &&O) noexcept : Fd(O.release()) {}
  UniqueFd &operator=(UniqueFd &&O) noexcept;
  UniqueFd(const UniqueFd &) = delete;
  UniqueFd &operator=(const UniqueFd &) = delete;
  ~UniqueFd();

  int get() const { return Fd; }
  int release() {
    int R = Fd;
    Fd = -1;
    return R;
  }

private:
  int Fd = -1;
};

/// The filetype of a host st_mode.
uint8_t filetypeOf(mode_t M);

/// One directory entry of an fd_readdir listing.
struct DirEntry {
  std::string Name;
  uint64_t Ino = 0;
  uint8_t Type = FiletypeUnknown;
};

/// One open guest descriptor.
struct FdEntry {
  int Host = -1;
  bool OwnsHost = true; // false for the inherited stdin/stdout/stderr
  uint8_t Type = FiletypeUnknown;
  uint64_t RightsBase = RightsAll;
  uint64_t RightsInheriting = RightsAll;
  std::optional<std::string> PreopenName; // set for a preopened directory
  /// fd_readdir's snapshot of the directory, taken at cookie 0.
  std::optional<std::vector<DirEntry>> Listing;

  ~FdEntry();
};

/// A path resolved inside the sandbox: an entry Name of the directory Dir.
/// Name is never empty, never contains '/', never is "..", and is not a
/// symlink that was to be followed. "." stands for Dir itself. Dir is either
/// the descriptor the path was relative to or Owned, a directory below it.
struct ResolvedPath {
  int Dir = -1;
  UniqueFd Owned;
  std::string Name;
  bool MustBeDir = false; // the guest path ended with '/'
};

} // namespace wasi

class WasiContext {
public:
  explicit WasiContext(const WasiConfig &C);

  /// Opens the preopens; an error message on failure.
  std::optional<std::string> openPreopens(
      const std::vector<std::pair<std::string, std::string>> &Preopens);
  void bindMemory(std::shared_ptr<Memory> M) { Mem = std::move(M); }

  /// Set by proc_exit; the caller turns it into Error::Exit.
  std::optional<int> ExitRequested;

  // One method per function of wasi.def, returning its errno.
#define W2S_WASI(Name, Signature) wasi::Errno Name(wasi::Args A);
#include "wasi.def"

private:
  wasi::GuestMemory memory() const;
  wasi::FdEntry *entry(uint32_t Fd);
  /// Installs E at the lowest free descriptor number and returns it.
  uint32_t install(std::unique_ptr<wasi::FdEntry> E);

  /// Reads a guest path (no NUL inside) of Len bytes at Ptr.
  wasi::Errno readPath(const wasi::GuestMemory &M, uint32_t Ptr, uint32_t Len,
                       std::string &Out) const;
  /// Resolves a guest path relative to descriptor Fd inside the sandbox.
  wasi::Errno resolve(uint32_t Fd, std::string_view Path, bool FollowLast,
                      wasi::ResolvedPath &Out);
  /// readPath then resolve.
  wasi::Errno resolveArg(const wasi::GuestMemory &M, uint32_t Fd, uint32_t Ptr,
                         uint32_t Len, bool FollowLast,
                         wasi::ResolvedPath &Out);
  /// Gathers a guest iovec array into host iovecs.
  wasi::Errno gatherIovs(const wasi::GuestMemory &M, uint32_t Iovs,
                         uint32_t Count, std::vector<struct iovec> &Out) const;
  /// The body of fd_read/fd_write/fd_pread/fd_pwrite (WasiFs.cpp).
  template <typename IoFn>
  wasi::Errno vectoredIo(uint32_t Fd, uint32_t Iovs, uint32_t NIovs,
                         uint32_t ResultPtr, bool BadOffset, IoFn Io);

  std::vector<std::string> Argv, Environ;
  std::vector<std::unique_ptr<wasi::FdEntry>> Fds;
  std::shared_ptr<Memory> Mem;
};

} // namespace wasm2so::rt

#endif
