//===- WasiFs.cpp - WASI preview1: descriptors, paths and the sandbox -----===//
//
// The fd_* and path_* calls. Every guest path goes through
// WasiContext::resolve, which walks it one component at a time from the
// directory descriptor it is relative to, opening each directory with
// O_NOFOLLOW and splicing symlink targets in itself, so that neither `..`,
// an absolute path nor a symlink can leave that directory. The final
// component is then operated on with the *at call of the resolved parent,
// never following a symlink in the kernel.
//
//===----------------------------------------------------------------------===//
#include "WasiContext.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <deque>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace wasm2so::rt;
using namespace wasm2so::rt::wasi;

namespace {

// lookupflags
constexpr uint32_t LookupSymlinkFollow = 1;
// oflags
enum : uint32_t {
  OflagCreat = 1,
  OflagDirectory = 2,
  OflagExcl = 4,
  OflagTrunc = 8,
};
// fstflags
enum : uint32_t {
  FstflagAtim = 1,
  FstflagAtimNow = 2,
  FstflagMtim = 4,
  FstflagMtimNow = 8,
};

/// How many symlinks one resolution may follow (Linux's limit).
constexpr unsigned MaxSymlinks = 40;
/// The most iovecs one call passes to the host; the rest is a short count.
constexpr uint32_t MaxIovs = IOV_MAX;

constexpr Errno Ok = Errno::Success;

// clang-format off
uint8_t filetypeOfDirent(unsigned char T) {
  switch (T) {
  case DT_REG: return FiletypeRegularFile;
  case DT_DIR: return FiletypeDirectory;
  case DT_LNK: return FiletypeSymbolicLink;
  case DT_CHR: return FiletypeCharacterDevice;
  case DT_BLK: return FiletypeBlockDevice;
  case DT_SOCK: return FiletypeSocketStream;
  }
  return FiletypeUnknown;
}
// clang-format on

uint64_t nanos(const struct timespec &T) {
  return uint64_t(T.tv_sec) * 1000000000ull + uint64_t(T.tv_nsec);
}

/// Writes a filestat (64 bytes) at Ptr.
Errno putFilestat(const GuestMemory &M, uint32_t Ptr, const struct stat &St) {
  if (!M.valid(Ptr, 64))
    return Errno::Fault;
  std::memset(M.at(Ptr), 0, 64);
  M.store<uint64_t>(Ptr + 0, uint64_t(St.st_dev));
  M.store<uint64_t>(Ptr + 8, uint64_t(St.st_ino));
  M.store<uint8_t>(Ptr + 16, filetypeOf(St.st_mode));
  M.store<uint64_t>(Ptr + 24, uint64_t(St.st_nlink));
  M.store<uint64_t>(Ptr + 32, uint64_t(St.st_size));
  M.store<uint64_t>(Ptr + 40, nanos(St.st_atim));
  M.store<uint64_t>(Ptr + 48, nanos(St.st_mtim));
  M.store<uint64_t>(Ptr + 56, nanos(St.st_ctim));
  return Ok;
}

/// The two timespecs of utimensat for fd/path_filestat_set_times.
Errno toTimes(uint64_t Atim, uint64_t Mtim, uint32_t Flags,
              struct timespec Times[2]) {
  if (((Flags & FstflagAtim) && (Flags & FstflagAtimNow)) ||
      ((Flags & FstflagMtim) && (Flags & FstflagMtimNow)) || (Flags & ~15u))
    return Errno::Inval;
  auto One = [](bool Set, bool Now, uint64_t T, struct timespec &Out) {
    if (Now)
      Out = {0, UTIME_NOW};
    else if (Set)
      Out = {time_t(T / 1000000000ull), long(T % 1000000000ull)};
    else
      Out = {0, UTIME_OMIT};
  };
  One(Flags & FstflagAtim, Flags & FstflagAtimNow, Atim, Times[0]);
  One(Flags & FstflagMtim, Flags & FstflagMtimNow, Mtim, Times[1]);
  return Ok;
}

/// Appends the components of a path to Out (empty ones dropped).
std::vector<std::string> components(std::string_view P) {
  std::vector<std::string> Out;
  size_t I = 0;
  while (I < P.size()) {
    size_t J = P.find('/', I);
    if (J == std::string_view::npos)
      J = P.size();
    if (J > I)
      Out.emplace_back(P.substr(I, J - I));
    I = J + 1;
  }
  return Out;
}

/// The target of the symlink Name in Dir.
Errno readLink(int Dir, const std::string &Name, std::string &Out) {
  std::vector<char> Buf(256);
  for (;;) {
    ssize_t N = ::readlinkat(Dir, Name.c_str(), Buf.data(), Buf.size());
    if (N < 0)
      return lastError();
    if (size_t(N) < Buf.size()) {
      Out.assign(Buf.data(), size_t(N));
      return Ok;
    }
    Buf.resize(Buf.size() * 2);
  }
}

/// ENOTDIR unless Name in Dir is a directory (for paths ending in '/').
Errno requireDir(const ResolvedPath &R) {
  struct stat St;
  if (::fstatat(R.Dir, R.Name.c_str(), &St, AT_SYMLINK_NOFOLLOW) != 0)
    return lastError();
  return S_ISDIR(St.st_mode) ? Ok : Errno::NotDir;
}

} // namespace

uint8_t wasi::filetypeOf(mode_t M) {
  if (S_ISREG(M))
    return FiletypeRegularFile;
  if (S_ISDIR(M))
    return FiletypeDirectory;
  if (S_ISLNK(M))
    return FiletypeSymbolicLink;
  if (S_ISCHR(M))
    return FiletypeCharacterDevice;
  if (S_ISBLK(M))
    return FiletypeBlockDevice;
  if (S_ISSOCK(M))
    return FiletypeSocketStream;
  return FiletypeUnknown;
}

//===--------------------------- path resolution -------------------------===//

Errno WasiContext::readPath(const GuestMemory &M, uint32_t Ptr, uint32_t Len,
                            std::string &Out) const {
  if (!M.valid(Ptr, Len))
    return Errno::Fault;
  Out.assign(reinterpret_cast<const char *>(M.at(Ptr)), Len);
  if (Out.find('\0') != std::string::npos)
    return Errno::Inval;
  return Ok;
}

Errno WasiContext::resolve(uint32_t Fd, std::string_view Path, bool FollowLast,
                           ResolvedPath &Out) {
  FdEntry *Base = entry(Fd);
  if (!Base)
    return Errno::Badf;
  if (Path.empty())
    return Errno::NoEnt;
  if (Path.front() == '/')
    return Errno::NotCapable;

  // Directories entered below Base; `..` pops one, and popping Base itself
  // would leave the sandbox.
  std::vector<UniqueFd> Stack;
  auto Current = [&] {
    return Stack.empty() ? Base->Host : Stack.back().get();
  };
  std::vector<std::string> Parts = components(Path);
  std::deque<std::string> Pending(Parts.begin(), Parts.end());
  bool Trailing = Path.back() == '/';
  unsigned Links = 0;
  std::string Name;

  while (!Pending.empty()) {
    std::string C = std::move(Pending.front());
    Pending.pop_front();
    bool Last = Pending.empty();
    if (C == ".")
      continue;
    if (C == "..") {
      if (Stack.empty())
        return Errno::NotCapable;
      Stack.pop_back();
      continue;
    }

    struct stat St;
    if (Last) {
      // A trailing slash follows a final symlink, as in POSIX.
      if (!(FollowLast || Trailing) ||
          ::fstatat(Current(), C.c_str(), &St, AT_SYMLINK_NOFOLLOW) != 0 ||
          !S_ISLNK(St.st_mode)) {
        Name = std::move(C);
        break;
      }
    } else {
      int D = ::openat(Current(), C.c_str(),
                       O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (D >= 0) {
        Stack.emplace_back(D);
        continue;
      }
      int Err = errno;
      if ((Err != ENOTDIR && Err != ELOOP) ||
          ::fstatat(Current(), C.c_str(), &St, AT_SYMLINK_NOFOLLOW) != 0 ||
          !S_ISLNK(St.st_mode))
        return fromHostErrno(Err);
    }

    // C is a symlink to follow: its target takes its place, resolved by
    // the same rules (so an absolute or escaping target is refused).
    if (++Links > MaxSymlinks)
      return Errno::Loop;
    std::string Target;
    if (Errno E = readLink(Current(), C, Target); E != Ok)
      return E;
    if (Target.empty())
      return Errno::NoEnt;
    if (Target.front() == '/')
      return Errno::NotCapable;
    if (Last && Target.back() == '/')
      Trailing = true;
    std::vector<std::string> T = components(Target);
    Pending.insert(Pending.begin(), T.begin(), T.end());
  }

  Out.Name = Name.empty() ? "." : std::move(Name);
  Out.MustBeDir = Trailing;
  if (Stack.empty()) {
    Out.Dir = Base->Host;
  } else {
    Out.Owned = std::move(Stack.back());
    Out.Dir = Out.Owned.get();
  }
  return Ok;
}

Errno WasiContext::resolveArg(const GuestMemory &M, uint32_t Fd, uint32_t Ptr,
                              uint32_t Len, bool FollowLast,
                              ResolvedPath &Out) {
  std::string Path;
  if (Errno E = readPath(M, Ptr, Len, Path); E != Ok)
    return E;
  return resolve(Fd, Path, FollowLast, Out);
}

Errno WasiContext::gatherIovs(const GuestMemory &M, uint32_t Iovs,
                              uint32_t Count,
                              std::vector<struct iovec> &Out) const {
  if (!M.valid(Iovs, uint64_t(Count) * 8))
    return Errno::Fault;
  Count = std::min(Count, MaxIovs);
  Out.resize(Count);
  for (uint32_t I = 0; I < Count; ++I) {
    uint32_t Buf = M.load<uint32_t>(Iovs + I * 8);
    uint32_t Len = M.load<uint32_t>(Iovs + I * 8 + 4);
    if (!M.valid(Buf, Len))
      return Errno::Fault;
    Out[I] = {M.at(Buf), Len};
  }
  return Ok;
}

//===------------------------------ descriptors --------------------------===//

Errno WasiContext::fd_advise(Args A) {
  uint32_t Fd = A.u32(0), Advice = A.u32(3);
  uint64_t Offset = A.u64(1), Len = A.u64(2);
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  static const int HostAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL,
                                   POSIX_FADV_RANDOM,   POSIX_FADV_WILLNEED,
                                   POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  if (Advice >= 6 || int64_t(Offset) < 0 || int64_t(Len) < 0)
    return Errno::Inval;
  if (int R = ::posix_fadvise(E->Host, off_t(Offset), off_t(Len),
                              HostAdvice[Advice]))
    return fromHostErrno(R);
  return Ok;
}

Errno WasiContext::fd_allocate(Args A) {
  uint32_t Fd = A.u32(0);
  uint64_t Offset = A.u64(1), Len = A.u64(2);
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  if (int64_t(Offset) < 0 || int64_t(Len) < 0)
    return Errno::Inval;
  if (int R = ::posix_fallocate(E->Host, off_t(Offset), off_t(Len)))
    return fromHostErrno(R);
  return Ok;
}

Errno WasiContext::fd_close(Args A) {
  uint32_t Fd = A.u32(0);
  if (!entry(Fd))
    return Errno::Badf;
  Fds[Fd].reset();
  return Ok;
}

Errno WasiContext::fd_datasync(Args A) {
  FdEntry *E = entry(A.u32(0));
  if (!E)
    return Errno::Badf;
  if (::fdatasync(E->Host) != 0)
    return lastError();
  return Ok;
}

Errno WasiContext::fd_fdstat_get(Args A) {
  uint32_t Fd = A.u32(0), Ptr = A.u32(1);
  GuestMemory M = memory();
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  if (!M.valid(Ptr, 24))
    return Errno::Fault;
  int Fl = ::fcntl(E->Host, F_GETFL);
  if (Fl < 0)
    return lastError();
  uint16_t Flags = 0;
  if (Fl & O_APPEND)
    Flags |= FdflagAppend;
  if (Fl & O_NONBLOCK)
    Flags |= FdflagNonblock;
  if ((Fl & O_SYNC) == O_SYNC)
    Flags |= FdflagSync;
  else if (Fl & O_DSYNC)
    Flags |= FdflagDsync;
  std::memset(M.at(Ptr), 0, 24);
  M.store<uint8_t>(Ptr, E->Type);
  M.store<uint16_t>(Ptr + 2, Flags);
  M.store<uint64_t>(Ptr + 8, E->RightsBase);
  M.store<uint64_t>(Ptr + 16, E->RightsInheriting);
  return Ok;
}

// Linux changes only O_APPEND and O_NONBLOCK after open; asking to change
// the synchronisation flags is ENOTSUP.
Errno WasiContext::fd_fdstat_set_flags(Args A) {
  uint32_t Fd = A.u32(0), Flags = A.u32(1);
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  if (Flags & ~uint32_t(FdflagAppend | FdflagNonblock))
    return Errno::NotSup;
  int Fl = ::fcntl(E->Host, F_GETFL);
  if (Fl < 0)
    return lastError();
  Fl &= ~(O_APPEND | O_NONBLOCK);
  if (Flags & FdflagAppend)
    Fl |= O_APPEND;
  if (Flags & FdflagNonblock)
    Fl |= O_NONBLOCK;
  if (::fcntl(E->Host, F_SETFL, Fl) != 0)
    return lastError();
  return Ok;
}

Errno WasiContext::fd_fdstat_set_rights(Args A) {
  uint32_t Fd = A.u32(0);
  uint64_t Base = A.u64(1), Inheriting = A.u64(2);
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  // Rights can only be dropped.
  if ((Base & ~E->RightsBase) || (Inheriting & ~E->RightsInheriting))
    return Errno::NotCapable;
  E->RightsBase = Base;
  E->RightsInheriting = Inheriting;
  return Ok;
}

Errno WasiContext::fd_filestat_get(Args A) {
  uint32_t Fd = A.u32(0), Ptr = A.u32(1);
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  struct stat St;
  if (::fstat(E->Host, &St) != 0)
    return lastError();
  return putFilestat(memory(), Ptr, St);
}

Errno WasiContext::fd_filestat_set_size(Args A) {
  uint32_t Fd = A.u32(0);
  uint64_t Size = A.u64(1);
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  if (int64_t(Size) < 0)
    return Errno::Inval;
  if (::ftruncate(E->Host, off_t(Size)) != 0)
    return lastError();
  return Ok;
}

Errno WasiContext::fd_filestat_set_times(Args A) {
  uint32_t Fd = A.u32(0), Flags = A.u32(3);
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  struct timespec Times[2];
  if (Errno Err = toTimes(A.u64(1), A.u64(2), Flags, Times); Err != Ok)
    return Err;
  if (::futimens(E->Host, Times) != 0)
    return lastError();
  return Ok;
}

/// fd_read/fd_write/fd_pread/fd_pwrite: gathers the guest's iovecs, runs
/// Io(host fd, iovecs, count) until it is not interrupted, and stores the
/// byte count at ResultPtr. BadOffset: a negative pread/pwrite offset.
template <typename IoFn>
Errno WasiContext::vectoredIo(uint32_t Fd, uint32_t Iovs, uint32_t NIovs,
                              uint32_t ResultPtr, bool BadOffset, IoFn Io) {
  GuestMemory M = memory();
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  if (!M.valid(ResultPtr, 4))
    return Errno::Fault;
  if (BadOffset)
    return Errno::Inval;
  std::vector<struct iovec> V;
  if (Errno Err = gatherIovs(M, Iovs, NIovs, V); Err != Ok)
    return Err;
  ssize_t N;
  while ((N = Io(E->Host, V.data(), int(V.size()))) < 0 && errno == EINTR)
    ;
  if (N < 0)
    return lastError();
  M.store<uint32_t>(ResultPtr, uint32_t(N));
  return Ok;
}

Errno WasiContext::fd_pread(Args A) {
  uint64_t Offset = A.u64(3);
  return vectoredIo(A.u32(0), A.u32(1), A.u32(2), A.u32(4),
                    int64_t(Offset) < 0, [&](int Fd, const iovec *V, int N) {
                      return ::preadv(Fd, V, N, off_t(Offset));
                    });
}

Errno WasiContext::fd_prestat_get(Args A) {
  uint32_t Fd = A.u32(0), Ptr = A.u32(1);
  GuestMemory M = memory();
  FdEntry *E = entry(Fd);
  if (!E || !E->PreopenName)
    return Errno::Badf;
  if (!M.valid(Ptr, 8))
    return Errno::Fault;
  M.store<uint32_t>(Ptr, 0); // tag: dir, and padding
  M.store<uint32_t>(Ptr + 4, uint32_t(E->PreopenName->size()));
  return Ok;
}

Errno WasiContext::fd_prestat_dir_name(Args A) {
  uint32_t Fd = A.u32(0), Ptr = A.u32(1), Len = A.u32(2);
  GuestMemory M = memory();
  FdEntry *E = entry(Fd);
  if (!E || !E->PreopenName)
    return Errno::Badf;
  const std::string &Name = *E->PreopenName;
  if (Len < Name.size())
    return Errno::NameTooLong;
  if (!M.valid(Ptr, Name.size()))
    return Errno::Fault;
  std::memcpy(M.at(Ptr), Name.data(), Name.size());
  return Ok;
}

Errno WasiContext::fd_pwrite(Args A) {
  uint64_t Offset = A.u64(3);
  return vectoredIo(A.u32(0), A.u32(1), A.u32(2), A.u32(4),
                    int64_t(Offset) < 0, [&](int Fd, const iovec *V, int N) {
                      return ::pwritev(Fd, V, N, off_t(Offset));
                    });
}

Errno WasiContext::fd_read(Args A) {
  return vectoredIo(A.u32(0), A.u32(1), A.u32(2), A.u32(3), false, ::readv);
}

Errno WasiContext::fd_readdir(Args A) {
  uint32_t Fd = A.u32(0), Buf = A.u32(1), BufLen = A.u32(2), UsedPtr = A.u32(4);
  uint64_t Cookie = A.u64(3);
  GuestMemory M = memory();
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  if (!M.valid(Buf, BufLen) || !M.valid(UsedPtr, 4))
    return Errno::Fault;

  // A listing is read whole when the guest starts over (cookie 0); cookies
  // are positions in it, so a later call resumes exactly where one ended.
  if (Cookie == 0 || !E->Listing) {
    int D = ::openat(E->Host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (D < 0)
      return lastError();
    DIR *Dir = ::fdopendir(D);
    if (!Dir) {
      Errno Err = lastError();
      ::close(D);
      return Err;
    }
    std::vector<DirEntry> List;
    errno = 0;
    while (struct dirent *Ent = ::readdir(Dir)) {
      DirEntry DE;
      DE.Name = Ent->d_name;
      DE.Ino = Ent->d_ino;
      DE.Type = filetypeOfDirent(Ent->d_type);
      if (Ent->d_type == DT_UNKNOWN) {
        struct stat St;
        if (::fstatat(D, Ent->d_name, &St, AT_SYMLINK_NOFOLLOW) == 0)
          DE.Type = filetypeOf(St.st_mode);
      }
      List.push_back(std::move(DE));
    }
    Errno Err = errno ? lastError() : Ok;
    ::closedir(Dir);
    if (Err != Ok)
      return Err;
    E->Listing = std::move(List);
  }

  // Entries as dirent headers (24 bytes) followed by their names; the last
  // one is cut at the end of the buffer, which tells the guest to read on.
  uint32_t Used = 0;
  const std::vector<DirEntry> &List = *E->Listing;
  for (uint64_t I = Cookie; I < List.size() && Used < BufLen; ++I) {
    const DirEntry &DE = List[I];
    uint8_t Header[24] = {};
    uint64_t Next = I + 1;
    uint32_t NameLen = uint32_t(DE.Name.size());
    std::memcpy(Header, &Next, 8);
    std::memcpy(Header + 8, &DE.Ino, 8);
    std::memcpy(Header + 16, &NameLen, 4);
    Header[20] = DE.Type;
    uint32_t N = std::min<uint32_t>(24, BufLen - Used);
    std::memcpy(M.at(Buf + Used), Header, N);
    Used += N;
    N = std::min<uint32_t>(NameLen, BufLen - Used);
    std::memcpy(M.at(Buf + Used), DE.Name.data(), N);
    Used += N;
  }
  M.store<uint32_t>(UsedPtr, Used);
  return Ok;
}

Errno WasiContext::fd_renumber(Args A) {
  uint32_t From = A.u32(0), To = A.u32(1);
  if (!entry(From) || !entry(To))
    return Errno::Badf;
  if (From != To)
    Fds[To] = std::move(Fds[From]);
  return Ok;
}

Errno WasiContext::fd_seek(Args A) {
  uint32_t Fd = A.u32(0), Whence = A.u32(2), NewPtr = A.u32(3);
  int64_t Offset = int64_t(A.u64(1));
  GuestMemory M = memory();
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  if (!M.valid(NewPtr, 8))
    return Errno::Fault;
  static const int HostWhence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
  if (Whence > 2)
    return Errno::Inval;
  off_t R = ::lseek(E->Host, off_t(Offset), HostWhence[Whence]);
  if (R < 0)
    return lastError();
  M.store<uint64_t>(NewPtr, uint64_t(R));
  return Ok;
}

Errno WasiContext::fd_sync(Args A) {
  FdEntry *E = entry(A.u32(0));
  if (!E)
    return Errno::Badf;
  if (::fsync(E->Host) != 0)
    return lastError();
  return Ok;
}

Errno WasiContext::fd_tell(Args A) {
  uint32_t Fd = A.u32(0), Ptr = A.u32(1);
  GuestMemory M = memory();
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  if (!M.valid(Ptr, 8))
    return Errno::Fault;
  off_t R = ::lseek(E->Host, 0, SEEK_CUR);
  if (R < 0)
    return lastError();
  M.store<uint64_t>(Ptr, uint64_t(R));
  return Ok;
}

Errno WasiContext::fd_write(Args A) {
  return vectoredIo(A.u32(0), A.u32(1), A.u32(2), A.u32(3), false, ::writev);
}

//===--------------------------------- paths -----------------------------===//

Errno WasiContext::path_create_directory(Args A) {
  ResolvedPath R;
  if (Errno E = resolveArg(memory(), A.u32(0), A.u32(1), A.u32(2), false, R);
      E != Ok)
    return E;
  if (::mkdirat(R.Dir, R.Name.c_str(), 0777) != 0)
    return lastError();
  return Ok;
}

Errno WasiContext::path_filestat_get(Args A) {
  uint32_t Fd = A.u32(0), Flags = A.u32(1), Ptr = A.u32(4);
  GuestMemory M = memory();
  ResolvedPath R;
  if (Errno E =
          resolveArg(M, Fd, A.u32(2), A.u32(3), Flags & LookupSymlinkFollow, R);
      E != Ok)
    return E;
  struct stat St;
  if (::fstatat(R.Dir, R.Name.c_str(), &St, AT_SYMLINK_NOFOLLOW) != 0)
    return lastError();
  if (R.MustBeDir && !S_ISDIR(St.st_mode))
    return Errno::NotDir;
  return putFilestat(M, Ptr, St);
}

Errno WasiContext::path_filestat_set_times(Args A) {
  uint32_t Fd = A.u32(0), Flags = A.u32(1), FstFlags = A.u32(6);
  ResolvedPath R;
  if (Errno E = resolveArg(memory(), Fd, A.u32(2), A.u32(3),
                           Flags & LookupSymlinkFollow, R);
      E != Ok)
    return E;
  struct timespec Times[2];
  if (Errno E = toTimes(A.u64(4), A.u64(5), FstFlags, Times); E != Ok)
    return E;
  if (R.MustBeDir)
    if (Errno E = requireDir(R); E != Ok)
      return E;
  if (::utimensat(R.Dir, R.Name.c_str(), Times, AT_SYMLINK_NOFOLLOW) != 0)
    return lastError();
  return Ok;
}

// Both ends are resolved inside the sandbox, and the kernel is never asked
// to follow a symlink (AT_SYMLINK_FOLLOW would reach outside): with
// LOOKUP_SYMLINK_FOLLOW the runtime resolves the old path itself.
Errno WasiContext::path_link(Args A) {
  uint32_t OldFd = A.u32(0), OldFlags = A.u32(1), NewFd = A.u32(4);
  GuestMemory M = memory();
  ResolvedPath Old, New;
  if (Errno E = resolveArg(M, OldFd, A.u32(2), A.u32(3),
                           OldFlags & LookupSymlinkFollow, Old);
      E != Ok)
    return E;
  if (Errno E = resolveArg(M, NewFd, A.u32(5), A.u32(6), false, New); E != Ok)
    return E;
  if (Old.MustBeDir || New.MustBeDir)
    if (Errno E = requireDir(Old); E != Ok)
      return E;
  if (::linkat(Old.Dir, Old.Name.c_str(), New.Dir, New.Name.c_str(), 0) != 0)
    return lastError();
  return Ok;
}

Errno WasiContext::path_open(Args A) {
  uint32_t DirFd = A.u32(0), DirFlags = A.u32(1), OFlags = A.u32(4),
           FdFlags = A.u32(7), FdPtr = A.u32(8);
  uint64_t Base = A.u64(5), Inheriting = A.u64(6);
  GuestMemory M = memory();
  if (!M.valid(FdPtr, 4))
    return Errno::Fault;
  ResolvedPath R;
  if (Errno E = resolveArg(M, DirFd, A.u32(2), A.u32(3),
                           DirFlags & LookupSymlinkFollow, R);
      E != Ok)
    return E;
  FdEntry *Dir = entry(DirFd);

  // The access mode follows the rights asked for, as wasi-libc computes
  // them from O_RDONLY/O_WRONLY/O_RDWR.
  bool Read = Base & (RightFdRead | RightFdReaddir);
  bool Write = Base & (RightFdDatasync | RightFdWrite | RightFdAllocate |
                       RightFdFilestatSetSize);
  int Flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  Flags |= Write ? (Read ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (OFlags & OflagCreat)
    Flags |= O_CREAT;
  if ((OFlags & OflagDirectory) || R.MustBeDir)
    Flags |= O_DIRECTORY;
  if (OFlags & OflagExcl)
    Flags |= O_EXCL;
  if (OFlags & OflagTrunc)
    Flags |= O_TRUNC;
  if (FdFlags & FdflagAppend)
    Flags |= O_APPEND;
  if (FdFlags & FdflagDsync)
    Flags |= O_DSYNC;
  if (FdFlags & FdflagNonblock)
    Flags |= O_NONBLOCK;
  if (FdFlags & FdflagRsync)
    Flags |= O_RSYNC;
  if (FdFlags & FdflagSync)
    Flags |= O_SYNC;

  int Fd;
  while ((Fd = ::openat(R.Dir, R.Name.c_str(), Flags, 0666)) < 0 &&
         errno == EINTR)
    ;
  if (Fd < 0)
    return lastError();
  struct stat St;
  if (::fstat(Fd, &St) != 0) {
    Errno E = lastError();
    ::close(Fd);
    return E;
  }
  auto E = std::make_unique<FdEntry>();
  E->Host = Fd;
  E->Type = filetypeOf(St.st_mode);
  E->RightsBase = Base & Dir->RightsInheriting;
  E->RightsInheriting = Inheriting & Dir->RightsInheriting;
  M.store<uint32_t>(FdPtr, install(std::move(E)));
  return Ok;
}

Errno WasiContext::path_readlink(Args A) {
  uint32_t Fd = A.u32(0), Buf = A.u32(3), BufLen = A.u32(4), UsedPtr = A.u32(5);
  GuestMemory M = memory();
  if (!M.valid(Buf, BufLen) || !M.valid(UsedPtr, 4))
    return Errno::Fault;
  ResolvedPath R;
  if (Errno E = resolveArg(M, Fd, A.u32(1), A.u32(2), false, R); E != Ok)
    return E;
  std::string Target;
  if (Errno E = readLink(R.Dir, R.Name, Target); E != Ok)
    return E;
  uint32_t N = uint32_t(std::min<size_t>(Target.size(), BufLen));
  std::memcpy(M.at(Buf), Target.data(), N);
  M.store<uint32_t>(UsedPtr, N);
  return Ok;
}

Errno WasiContext::path_remove_directory(Args A) {
  ResolvedPath R;
  if (Errno E = resolveArg(memory(), A.u32(0), A.u32(1), A.u32(2), false, R);
      E != Ok)
    return E;
  if (::unlinkat(R.Dir, R.Name.c_str(), AT_REMOVEDIR) != 0)
    return lastError();
  return Ok;
}

Errno WasiContext::path_rename(Args A) {
  uint32_t OldFd = A.u32(0), NewFd = A.u32(3);
  GuestMemory M = memory();
  ResolvedPath Old, New;
  if (Errno E = resolveArg(M, OldFd, A.u32(1), A.u32(2), false, Old); E != Ok)
    return E;
  if (Errno E = resolveArg(M, NewFd, A.u32(4), A.u32(5), false, New); E != Ok)
    return E;
  if (Old.MustBeDir || New.MustBeDir)
    if (Errno E = requireDir(Old); E != Ok)
      return E;
  if (::renameat(Old.Dir, Old.Name.c_str(), New.Dir, New.Name.c_str()) != 0)
    return lastError();
  return Ok;
}

// The link's contents are only data, but an absolute target names the
// host's file system, so it is refused like an absolute path.
Errno WasiContext::path_symlink(Args A) {
  uint32_t OldPtr = A.u32(0), OldLen = A.u32(1), Fd = A.u32(2);
  GuestMemory M = memory();
  std::string Target;
  if (Errno E = readPath(M, OldPtr, OldLen, Target); E != Ok)
    return E;
  if (!Target.empty() && Target.front() == '/')
    return Errno::NotCapable;
  ResolvedPath R;
  if (Errno E = resolveArg(M, Fd, A.u32(3), A.u32(4), false, R); E != Ok)
    return E;
  if (R.MustBeDir)
    return Errno::NoEnt;
  if (::symlinkat(Target.c_str(), R.Dir, R.Name.c_str()) != 0)
    return lastError();
  return Ok;
}

Errno WasiContext::path_unlink_file(Args A) {
  ResolvedPath R;
  if (Errno E = resolveArg(memory(), A.u32(0), A.u32(1), A.u32(2), false, R);
      E != Ok)
    return E;
  if (R.MustBeDir) {
    // "name/" never names a file: EISDIR for a directory, else ENOTDIR.
    struct stat St;
    if (::fstatat(R.Dir, R.Name.c_str(), &St, AT_SYMLINK_NOFOLLOW) != 0)
      return lastError();
    return S_ISDIR(St.st_mode) ? Errno::IsDir : Errno::NotDir;
  }
  if (::unlinkat(R.Dir, R.Name.c_str(), 0) != 0)
    return lastError();
  return Ok;
}
