//===- Wasi.cpp - WASI preview1: registration, process, clocks, sockets ---===//
//
// Defines the functions of wasi.def as host functions over one WasiContext,
// runs commands, and implements the calls that are not about files: args,
// environment, clocks, poll_oneoff, proc_*, sched_yield, random_get and the
// socket calls. The descriptor and path calls live in WasiFs.cpp.
//
//===----------------------------------------------------------------------===//
#include "WasiContext.h"

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <climits>
#include <ctime>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace wasm2so::rt;
using namespace wasm2so::rt::wasi;

//===------------------------------- errno -------------------------------===//

namespace {

/// Host errno values indexed by WASI errno: witx numbers the POSIX names in
/// the same order, so entry I is the host value of WASI errno I.
// clang-format off
const int HostErrnos[] = {
    0,            E2BIG,        EACCES,          EADDRINUSE,   EADDRNOTAVAIL,
    EAFNOSUPPORT, EAGAIN,       EALREADY,        EBADF,        EBADMSG,
    EBUSY,        ECANCELED,    ECHILD,          ECONNABORTED, ECONNREFUSED,
    ECONNRESET,   EDEADLK,      EDESTADDRREQ,    EDOM,         EDQUOT,
    EEXIST,       EFAULT,       EFBIG,           EHOSTUNREACH, EIDRM,
    EILSEQ,       EINPROGRESS,  EINTR,           EINVAL,       EIO,
    EISCONN,      EISDIR,       ELOOP,           EMFILE,       EMLINK,
    EMSGSIZE,     EMULTIHOP,    ENAMETOOLONG,    ENETDOWN,     ENETRESET,
    ENETUNREACH,  ENFILE,       ENOBUFS,         ENODEV,       ENOENT,
    ENOEXEC,      ENOLCK,       ENOLINK,         ENOMEM,       ENOMSG,
    ENOPROTOOPT,  ENOSPC,       ENOSYS,          ENOTCONN,     ENOTDIR,
    ENOTEMPTY,    ENOTRECOVERABLE, ENOTSOCK,     ENOTSUP,      ENOTTY,
    ENXIO,        EOVERFLOW,    EOWNERDEAD,      EPERM,        EPIPE,
    EPROTO,       EPROTONOSUPPORT, EPROTOTYPE,   ERANGE,       EROFS,
    ESPIPE,       ESRCH,        ESTALE,          ETIMEDOUT,    ETXTBSY,
    EXDEV,
};
// clang-format on
static_assert(sizeof(HostErrnos) / sizeof(int) == size_t(Errno::NotCapable),
              "one host errno per WASI errno below NOTCAPABLE");

} // namespace

Errno wasi::fromHostErrno(int E) {
  if (E == EWOULDBLOCK)
    return Errno::Again;
  if (E == EOPNOTSUPP)
    return Errno::NotSup;
  for (size_t I = 1; I < sizeof(HostErrnos) / sizeof(int); ++I)
    if (HostErrnos[I] == E)
      return Errno(I);
  return Errno::Io;
}

Errno wasi::lastError() { return fromHostErrno(errno); }

//===------------------------ descriptors and memory ---------------------===//

UniqueFd &UniqueFd::operator=(UniqueFd &&O) noexcept {
  if (this != &O) {
    if (Fd >= 0)
      ::close(Fd);
    Fd = O.release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (Fd >= 0)
    ::close(Fd);
}

FdEntry::~FdEntry() {
  if (OwnsHost && Host >= 0)
    ::close(Host);
}

WasiContext::WasiContext(const WasiConfig &C) : Argv(C.Args), Environ(C.Env) {
  // The inherited standard streams. A terminal has no seek or tell rights,
  // which is how wasi-libc's isatty tells it apart from a file.
  for (int Fd = 0; Fd < 3; ++Fd) {
    struct stat St;
    if (::fstat(Fd, &St) != 0) {
      Fds.emplace_back();
      continue;
    }
    auto E = std::make_unique<FdEntry>();
    E->Host = Fd;
    E->OwnsHost = false;
    E->Type = filetypeOf(St.st_mode);
    if (::isatty(Fd))
      E->RightsBase &= ~(RightFdSeek | RightFdTell);
    Fds.push_back(std::move(E));
  }
}

std::optional<std::string> WasiContext::openPreopens(
    const std::vector<std::pair<std::string, std::string>> &Preopens) {
  for (const auto &[HostPath, GuestName] : Preopens) {
    int Fd = ::open(HostPath.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (Fd < 0)
      return "cannot open directory '" + HostPath +
             "': " + std::strerror(errno);
    auto E = std::make_unique<FdEntry>();
    E->Host = Fd;
    E->Type = FiletypeDirectory;
    E->PreopenName = GuestName;
    // Preopens come after stdio even when a standard stream is closed.
    while (Fds.size() < 3)
      Fds.emplace_back();
    Fds.push_back(std::move(E));
  }
  return std::nullopt;
}

GuestMemory WasiContext::memory() const {
  if (!Mem)
    return GuestMemory();
  return GuestMemory(Mem->data(), Mem->pages() * W2S_PAGE_SIZE);
}

FdEntry *WasiContext::entry(uint32_t Fd) {
  if (Fd >= Fds.size())
    return nullptr;
  return Fds[Fd].get();
}

uint32_t WasiContext::install(std::unique_ptr<FdEntry> E) {
  for (size_t I = 0; I < Fds.size(); ++I)
    if (!Fds[I]) {
      Fds[I] = std::move(E);
      return uint32_t(I);
    }
  Fds.push_back(std::move(E));
  return uint32_t(Fds.size() - 1);
}

//===------------------------- args and environment ----------------------===//

namespace {

/// args_sizes_get / environ_sizes_get: the count and the bytes of the
/// NUL-terminated strings.
Errno stringsSizes(const GuestMemory &M, const std::vector<std::string> &V,
                   uint32_t CountPtr, uint32_t SizePtr) {
  uint64_t Bytes = 0;
  for (const std::string &S : V)
    Bytes += S.size() + 1;
  if (!M.valid(CountPtr, 4) || !M.valid(SizePtr, 4))
    return Errno::Fault;
  M.store<uint32_t>(CountPtr, uint32_t(V.size()));
  M.store<uint32_t>(SizePtr, uint32_t(Bytes));
  return Errno::Success;
}

/// args_get / environ_get: the pointer array and the strings.
Errno stringsGet(const GuestMemory &M, const std::vector<std::string> &V,
                 uint32_t PtrArray, uint32_t Buf) {
  uint64_t Bytes = 0;
  for (const std::string &S : V)
    Bytes += S.size() + 1;
  if (!M.valid(PtrArray, uint64_t(V.size()) * 4) || !M.valid(Buf, Bytes))
    return Errno::Fault;
  uint32_t At = Buf;
  for (size_t I = 0; I < V.size(); ++I) {
    M.store<uint32_t>(PtrArray + uint32_t(I) * 4, At);
    std::memcpy(M.at(At), V[I].c_str(), V[I].size() + 1);
    At += uint32_t(V[I].size() + 1);
  }
  return Errno::Success;
}

} // namespace

Errno WasiContext::args_get(Args A) {
  return stringsGet(memory(), Argv, A.u32(0), A.u32(1));
}

Errno WasiContext::args_sizes_get(Args A) {
  return stringsSizes(memory(), Argv, A.u32(0), A.u32(1));
}

Errno WasiContext::environ_get(Args A) {
  return stringsGet(memory(), Environ, A.u32(0), A.u32(1));
}

Errno WasiContext::environ_sizes_get(Args A) {
  return stringsSizes(memory(), Environ, A.u32(0), A.u32(1));
}

//===-------------------------------- clocks -----------------------------===//

namespace {

// clang-format off
std::optional<clockid_t> hostClock(uint32_t Id) {
  switch (Id) {
  case 0: return CLOCK_REALTIME;
  case 1: return CLOCK_MONOTONIC;
  case 2: return CLOCK_PROCESS_CPUTIME_ID;
  case 3: return CLOCK_THREAD_CPUTIME_ID;
  }
  return std::nullopt;
}
// clang-format on

uint64_t toNanos(const struct timespec &T) {
  return uint64_t(T.tv_sec) * 1000000000ull + uint64_t(T.tv_nsec);
}

uint64_t nowNanos(clockid_t C) {
  struct timespec T;
  ::clock_gettime(C, &T);
  return toNanos(T);
}

} // namespace

Errno WasiContext::clock_res_get(Args A) {
  uint32_t Id = A.u32(0), ResPtr = A.u32(1);
  auto C = hostClock(Id);
  if (!C)
    return Errno::Inval;
  struct timespec T;
  if (::clock_getres(*C, &T) != 0)
    return lastError();
  return memory().put<uint64_t>(ResPtr, toNanos(T));
}

Errno WasiContext::clock_time_get(Args A) {
  uint32_t Id = A.u32(0), TimePtr = A.u32(2); // A.u64(1): precision
  auto C = hostClock(Id);
  if (!C)
    return Errno::Inval;
  struct timespec T;
  if (::clock_gettime(*C, &T) != 0)
    return lastError();
  return memory().put<uint64_t>(TimePtr, toNanos(T));
}

//===------------------------------ poll_oneoff --------------------------===//

namespace {

// Layouts in guest memory (witx).
constexpr uint32_t SubscriptionSize = 48; // userdata u64, tag u8 @8, u @16
constexpr uint32_t EventSize = 32; // userdata u64, error u16 @8, type u8 @10,
                                   // nbytes u64 @16, flags u16 @24
enum : uint8_t { EventClock = 0, EventFdRead = 1, EventFdWrite = 2 };
constexpr uint16_t SubclockAbstime = 1;
constexpr uint16_t EventHangup = 1;

struct Event {
  uint64_t Userdata;
  Errno Error;
  uint8_t Type;
  uint64_t NBytes;
  uint16_t Flags;
};

} // namespace

Errno WasiContext::poll_oneoff(Args A) {
  uint32_t In = A.u32(0), Out = A.u32(1), NSubs = A.u32(2),
           NEventsPtr = A.u32(3);
  GuestMemory M = memory();
  if (NSubs == 0)
    return Errno::Inval;
  if (!M.valid(In, uint64_t(NSubs) * SubscriptionSize) ||
      !M.valid(Out, uint64_t(NSubs) * EventSize) || !M.valid(NEventsPtr, 4))
    return Errno::Fault;

  struct Clock {
    uint64_t Userdata;
    clockid_t Id;
    uint64_t Deadline; // absolute, on Id
  };
  std::vector<Event> Events;
  std::vector<Clock> Clocks;
  std::vector<struct pollfd> PollFds;
  std::vector<std::pair<uint64_t, uint8_t>> PollSubs; // userdata, type
  std::optional<uint64_t> Timeout;                    // nanoseconds from now

  for (uint32_t I = 0; I < NSubs; ++I) {
    uint32_t S = In + I * SubscriptionSize;
    uint64_t Userdata = M.load<uint64_t>(S);
    uint8_t Tag = M.load<uint8_t>(S + 8);
    if (Tag == EventClock) {
      auto Id = hostClock(M.load<uint32_t>(S + 16));
      uint64_t T = M.load<uint64_t>(S + 24);
      uint16_t Flags = M.load<uint16_t>(S + 40);
      if (!Id) {
        Events.push_back({Userdata, Errno::Inval, EventClock, 0, 0});
        continue;
      }
      uint64_t Now = nowNanos(*Id);
      uint64_t Deadline = (Flags & SubclockAbstime) ? T : Now + T;
      uint64_t Left = Deadline > Now ? Deadline - Now : 0;
      Timeout = Timeout ? std::min(*Timeout, Left) : Left;
      Clocks.push_back({Userdata, *Id, Deadline});
    } else if (Tag == EventFdRead || Tag == EventFdWrite) {
      FdEntry *E = entry(M.load<uint32_t>(S + 16));
      if (!E) {
        Events.push_back({Userdata, Errno::Badf, Tag, 0, 0});
        continue;
      }
      PollFds.push_back(
          {E->Host, short(Tag == EventFdRead ? POLLIN : POLLOUT), 0});
      PollSubs.push_back({Userdata, Tag});
    } else {
      return Errno::Inval;
    }
  }

  // Errors are events already: report them without waiting.
  if (!Events.empty())
    Timeout = 0;
  if (PollFds.empty()) {
    if (Timeout && *Timeout) {
      struct timespec T = {time_t(*Timeout / 1000000000ull),
                           long(*Timeout % 1000000000ull)};
      while (::nanosleep(&T, &T) != 0 && errno == EINTR)
        ;
    }
  } else {
    struct timespec T, *TP = nullptr;
    if (Timeout) {
      T = {time_t(*Timeout / 1000000000ull), long(*Timeout % 1000000000ull)};
      TP = &T;
    }
    int N;
    while ((N = ::ppoll(PollFds.data(), PollFds.size(), TP, nullptr)) < 0 &&
           errno == EINTR)
      ;
    if (N < 0)
      return lastError();
    for (size_t I = 0; I < PollFds.size(); ++I) {
      short R = PollFds[I].revents;
      if (!R)
        continue;
      Event Ev{PollSubs[I].first, Errno::Success, PollSubs[I].second, 0, 0};
      if (R & POLLNVAL) {
        Ev.Error = Errno::Badf;
      } else {
        int Avail = 0;
        if (Ev.Type == EventFdRead &&
            ::ioctl(PollFds[I].fd, FIONREAD, &Avail) == 0 && Avail > 0)
          Ev.NBytes = uint64_t(Avail);
        if (R & POLLHUP)
          Ev.Flags |= EventHangup;
        if ((R & POLLERR) && !(R & (POLLIN | POLLOUT)))
          Ev.Error = Errno::Io;
      }
      Events.push_back(Ev);
    }
  }
  for (const Clock &C : Clocks)
    if (nowNanos(C.Id) >= C.Deadline)
      Events.push_back({C.Userdata, Errno::Success, EventClock, 0, 0});

  for (size_t I = 0; I < Events.size(); ++I) {
    uint32_t E = Out + uint32_t(I) * EventSize;
    std::memset(M.at(E), 0, EventSize);
    M.store<uint64_t>(E, Events[I].Userdata);
    M.store<uint16_t>(E + 8, uint16_t(Events[I].Error));
    M.store<uint8_t>(E + 10, Events[I].Type);
    M.store<uint64_t>(E + 16, Events[I].NBytes);
    M.store<uint16_t>(E + 24, Events[I].Flags);
  }
  M.store<uint32_t>(NEventsPtr, uint32_t(Events.size()));
  return Errno::Success;
}

//===--------------------------- process, random -------------------------===//

Errno WasiContext::proc_exit(Args A) {
  ExitRequested = int(A.u32(0));
  return Errno::Success;
}

// Signals do not cross the sandbox: a program that wants to stop uses
// proc_exit, and abort() traps.
Errno WasiContext::proc_raise(Args A) { return Errno::NotSup; }

Errno WasiContext::sched_yield(Args A) {
  ::sched_yield();
  return Errno::Success;
}

Errno WasiContext::random_get(Args A) {
  uint32_t Buf = A.u32(0), Len = A.u32(1);
  GuestMemory M = memory();
  if (!M.valid(Buf, Len))
    return Errno::Fault;
  uint32_t Done = 0;
  while (Done < Len) {
    ssize_t N = ::getrandom(M.at(Buf + Done), Len - Done, 0);
    if (N < 0) {
      if (errno == EINTR)
        continue;
      return lastError();
    }
    Done += uint32_t(N);
  }
  return Errno::Success;
}

//===-------------------------------- sockets ----------------------------===//
//
// The guest cannot open sockets; it can use ones the host passes down as
// stdio. Anything else fails as the host says (ENOTSOCK).

Errno WasiContext::sock_accept(Args A) {
  uint32_t Fd = A.u32(0), Flags = A.u32(1), FdPtr = A.u32(2);
  GuestMemory M = memory();
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  if (Flags & ~uint32_t(FdflagNonblock))
    return Errno::Inval;
  if (!M.valid(FdPtr, 4))
    return Errno::Fault;
  int New =
      ::accept4(E->Host, nullptr, nullptr,
                SOCK_CLOEXEC | ((Flags & FdflagNonblock) ? SOCK_NONBLOCK : 0));
  if (New < 0)
    return lastError();
  auto N = std::make_unique<FdEntry>();
  N->Host = New;
  N->Type = FiletypeSocketStream;
  N->RightsBase = E->RightsInheriting;
  N->RightsInheriting = E->RightsInheriting;
  M.store<uint32_t>(FdPtr, install(std::move(N)));
  return Errno::Success;
}

Errno WasiContext::sock_recv(Args A) {
  uint32_t Fd = A.u32(0), Iovs = A.u32(1), NIovs = A.u32(2), RiFlags = A.u32(3),
           LenPtr = A.u32(4), FlagsPtr = A.u32(5);
  GuestMemory M = memory();
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  if (!M.valid(LenPtr, 4) || !M.valid(FlagsPtr, 2))
    return Errno::Fault;
  std::vector<struct iovec> V;
  if (Errno Err = gatherIovs(M, Iovs, NIovs, V); Err != Errno::Success)
    return Err;
  struct msghdr Msg = {};
  Msg.msg_iov = V.data();
  Msg.msg_iovlen = V.size();
  int Flags =
      ((RiFlags & 1) ? MSG_PEEK : 0) | ((RiFlags & 2) ? MSG_WAITALL : 0);
  ssize_t N;
  while ((N = ::recvmsg(E->Host, &Msg, Flags)) < 0 && errno == EINTR)
    ;
  if (N < 0)
    return lastError();
  M.store<uint32_t>(LenPtr, uint32_t(N));
  M.store<uint16_t>(FlagsPtr, (Msg.msg_flags & MSG_TRUNC) ? 1 : 0);
  return Errno::Success;
}

Errno WasiContext::sock_send(Args A) {
  uint32_t Fd = A.u32(0), Iovs = A.u32(1), NIovs = A.u32(2),
           LenPtr = A.u32(4); // A.u32(3): siflags, none defined
  GuestMemory M = memory();
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  if (!M.valid(LenPtr, 4))
    return Errno::Fault;
  std::vector<struct iovec> V;
  if (Errno Err = gatherIovs(M, Iovs, NIovs, V); Err != Errno::Success)
    return Err;
  struct msghdr Msg = {};
  Msg.msg_iov = V.data();
  Msg.msg_iovlen = V.size();
  ssize_t N;
  while ((N = ::sendmsg(E->Host, &Msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
    ;
  if (N < 0)
    return lastError();
  M.store<uint32_t>(LenPtr, uint32_t(N));
  return Errno::Success;
}

Errno WasiContext::sock_shutdown(Args A) {
  uint32_t Fd = A.u32(0), How = A.u32(1);
  FdEntry *E = entry(Fd);
  if (!E)
    return Errno::Badf;
  int H;
  switch (How) {
  case 1:
    H = SHUT_RD;
    break;
  case 2:
    H = SHUT_WR;
    break;
  case 3:
    H = SHUT_RDWR;
    break;
  default:
    return Errno::Inval;
  }
  if (::shutdown(E->Host, H) != 0)
    return lastError();
  return Errno::Success;
}

//===---------------------------- registration ---------------------------===//

std::optional<FuncSig> wasm2so::rt::parseWasiSignature(std::string_view Sig) {
  // clang-format off
  auto TypeOf = [](char C) -> std::optional<ValType> {
    switch (C) {
    case 'i': return W2S_I32;
    case 'I': return W2S_I64;
    case 'f': return W2S_F32;
    case 'F': return W2S_F64;
    }
    return std::nullopt;
  };
  // clang-format on
  size_t Open = Sig.find('(');
  if (Open == std::string_view::npos || Sig.empty() || Sig.back() != ')')
    return std::nullopt;
  FuncSig F;
  for (char C : Sig.substr(0, Open)) {
    auto T = TypeOf(C);
    if (!T)
      return std::nullopt;
    F.Results.push_back(*T);
  }
  for (char C : Sig.substr(Open + 1, Sig.size() - Open - 2)) {
    auto T = TypeOf(C);
    if (!T)
      return std::nullopt;
    F.Params.push_back(*T);
  }
  return F;
}

namespace {

using Method = Errno (WasiContext::*)(Args);

struct WasiFunction {
  const char *Name;
  const char *Signature;
  Method Impl;
};

const WasiFunction WasiFunctions[] = {
#define W2S_WASI(Name, Signature) {#Name, Signature, &WasiContext::Name},
#include "wasi.def"
};

Error makeError(Error::Kind K, std::string Msg) {
  Error E;
  E.K = K;
  E.Message = std::move(Msg);
  return E;
}

} // namespace

Result<std::shared_ptr<WasiContext>>
wasm2so::rt::defineWasi(Linker &L, const WasiConfig &C) {
  auto Ctx = std::make_shared<WasiContext>(C);
  if (auto Err = Ctx->openPreopens(C.Preopens))
    return makeError(Error::Usage, *Err);
  for (const WasiFunction &F : WasiFunctions) {
    std::optional<FuncSig> Sig = parseWasiSignature(F.Signature);
    assert(Sig && "malformed signature in wasi.def");
    bool HasResult = !Sig->Results.empty();
    Method Impl = F.Impl;
    // The functions keep the context alive; the context does not know them.
    auto Call = [Ctx, Impl, HasResult](const Value *ArgValues,
                                       Value *Results) -> std::optional<Error> {
      Errno R = (Ctx.get()->*Impl)(Args(ArgValues));
      if (std::optional<int> Code = Ctx->ExitRequested) {
        Ctx->ExitRequested.reset();
        Error E = makeError(Error::Exit, "exit");
        E.ExitCode = *Code;
        return E;
      }
      if (HasResult)
        Results[0] = Value::i32(int32_t(R));
      return std::nullopt;
    };
    L.define(WasiModuleName, F.Name, Function::host(*Sig, std::move(Call)));
  }
  return Ctx;
}

void wasm2so::rt::bindWasiMemory(WasiContext &Ctx, std::shared_ptr<Memory> M) {
  Ctx.bindMemory(std::move(M));
}

Result<int> wasm2so::rt::runWasiCommand(WasiContext &Ctx, Instance &I) {
  std::optional<Extern> MemExport = I.exportByName("memory");
  auto *Mem =
      MemExport ? std::get_if<std::shared_ptr<Memory>>(&*MemExport) : nullptr;
  if (!Mem)
    return makeError(Error::Link,
                     "a WASI command must export its memory as \"memory\"");
  std::optional<Extern> StartExport = I.exportByName("_start");
  auto *Start = StartExport
                    ? std::get_if<std::shared_ptr<Function>>(&*StartExport)
                    : nullptr;
  if (!Start)
    return makeError(Error::Usage, "a WASI command must export \"_start\"");
  Ctx.bindMemory(*Mem);
  auto R = Instance::call(**Start, {});
  if (R)
    return 0;
  if (R.error().K == Error::Exit)
    return R.error().ExitCode;
  return R.error();
}

Result<int> wasm2so::rt::runWasiCommand(Linker &L, WasiContext &Ctx,
                                        std::shared_ptr<Module> M) {
  auto I = L.instantiate(std::move(M));
  if (!I)
    return I.error();
  return runWasiCommand(Ctx, **I);
}
