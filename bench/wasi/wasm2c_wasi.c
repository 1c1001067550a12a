/* wasm2c_wasi.c - Runs a WASI preview1 command compiled by wasm2c (WABT
   1.0.32), for bench/run.py: a minimal host with exactly the imports that
   zlib's minigzip and bzip2 use, enough for `prog [ARGS...] <in >out`.

     clang-19 -O2 -I /usr/share/wabt/wasm2c -I DIR -DWASM2C=MOD \
       -DWASM2C_HEADER='"MOD_w2c.h"' MOD_w2c.o wasm-rt-impl.o wasm2c_wasi.c

   where DIR/MOD_w2c.h comes from `wasm2c MOD.wasm -n MOD -o MOD_w2c.c`.

   The guest sees the process's argv (argv[0] included), an empty
   environment, no preopened directories (so every path_* call fails with
   EBADF, and wasi-libc never makes one) and file descriptors 0, 1 and 2,
   which are the host's own. proc_exit exits the process: the shim keeps no
   buffers, and the guest's libc has flushed its own before calling it. A
   trap prints its reason and exits with status 134, as an abort would. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasm-rt-impl.h"
#include "wasm-rt.h"
#include WASM2C_HEADER

/* wasm2c -n MOD (WABT 1.0.32 names): Z_MOD_instance_t, Z_MODZ__start, ... */
#define CAT3(A, B, C) A##B##C
#define W2C(Mod, Suffix) CAT3(Z_, Mod, Suffix)
#define WASI(Name) Z_wasi_snapshot_preview1Z_##Name

/* The import module's instance: what every import gets as its first
   argument. Only the guest's memory (set once instantiated), and argv. */
struct Z_wasi_snapshot_preview1_instance_t {
  wasm_rt_memory_t *Memory;
  int Argc;
  char **Argv;
};
typedef struct Z_wasi_snapshot_preview1_instance_t Wasi;

/* WASI preview1 values (wasi-libc's <wasi/api.h>). */
enum {
  ESuccess = 0,
  EAcces = 2,
  EAgain = 6,
  EBadf = 8,
  EFault = 21,
  EFbig = 22,
  EIntr = 27,
  EInval = 28,
  EIo = 29,
  EIsdir = 31,
  ENospc = 51,
  EPerm = 63,
  EPipe = 64,
  ESpipe = 70,
};
enum {
  FiletypeUnknown = 0,
  FiletypeBlockDevice = 1,
  FiletypeCharacterDevice = 2,
  FiletypeDirectory = 3,
  FiletypeRegularFile = 4,
  FiletypeSocketStream = 6,
};
enum { FdflagAppend = 1, FdflagNonblock = 4 };
enum { RightFdSeek = 1 << 2, RightFdTell = 1 << 5 };

/* A host errno as a WASI errno; anything unlisted is EIO. */
static uint32_t wasiErrno(int E) {
  switch (E) {
  case EACCES: return EAcces;
  case EAGAIN: return EAgain;
  case EBADF: return EBadf;
  case EFAULT: return EFault;
  case EFBIG: return EFbig;
  case EINTR: return EIntr;
  case EINVAL: return EInval;
  case EISDIR: return EIsdir;
  case ENOSPC: return ENospc;
  case EPERM: return EPerm;
  case EPIPE: return EPipe;
  case ESPIPE: return ESpipe;
  default: return EIo;
  }
}

/* The guest's bytes [Addr, Addr + Len), or NULL when they are not all in
   its memory. The memory may have grown (moved) since the last call. */
static uint8_t *guest(Wasi *W, uint32_t Addr, uint64_t Len) {
  if ((uint64_t)Addr + Len > W->Memory->size)
    return NULL;
  return W->Memory->data + Addr;
}

static int store32(Wasi *W, uint32_t Addr, uint32_t V) {
  uint8_t *P = guest(W, Addr, 4);
  if (P)
    memcpy(P, &V, 4); /* x86-64 is little-endian, as Wasm is */
  return P != NULL;
}

static int store64(Wasi *W, uint32_t Addr, uint64_t V) {
  uint8_t *P = guest(W, Addr, 8);
  if (P)
    memcpy(P, &V, 8);
  return P != NULL;
}

/* Only the three standard descriptors exist: the guest opens nothing. */
static int validFd(uint32_t Fd) { return Fd <= 2; }

/*===------------------------- arguments, environment --------------------===*/

u32 WASI(args_sizes_get)(Wasi *W, u32 ArgcPtr, u32 BufSizePtr) {
  uint64_t Size = 0;
  for (int I = 0; I < W->Argc; ++I)
    Size += strlen(W->Argv[I]) + 1;
  if (Size > UINT32_MAX)
    return EInval;
  return store32(W, ArgcPtr, (uint32_t)W->Argc) &&
                 store32(W, BufSizePtr, (uint32_t)Size)
             ? ESuccess
             : EFault;
}

u32 WASI(args_get)(Wasi *W, u32 ArgvPtr, u32 BufPtr) {
  for (int I = 0; I < W->Argc; ++I) {
    size_t Len = strlen(W->Argv[I]) + 1;
    uint8_t *Dst = guest(W, BufPtr, Len);
    if (!Dst || !store32(W, ArgvPtr + 4 * (uint32_t)I, BufPtr))
      return EFault;
    memcpy(Dst, W->Argv[I], Len);
    BufPtr += (uint32_t)Len;
  }
  return ESuccess;
}

u32 WASI(environ_sizes_get)(Wasi *W, u32 CountPtr, u32 BufSizePtr) {
  return store32(W, CountPtr, 0) && store32(W, BufSizePtr, 0) ? ESuccess
                                                               : EFault;
}

u32 WASI(environ_get)(Wasi *W, u32 EnvironPtr, u32 BufPtr) {
  (void)W, (void)EnvironPtr, (void)BufPtr;
  return ESuccess; /* nothing to write */
}

/*===---------------------------- descriptors ----------------------------===*/

/* fd_read and fd_write: at most 64 buffers at a time (a short transfer is
   allowed; wasi-libc's stdio passes one or two). */
static u32 vectoredIo(Wasi *W, u32 Fd, u32 Iovs, u32 IovsLen, u32 ResultPtr,
                      int Write) {
  if (!validFd(Fd))
    return EBadf;
  struct iovec Host[64];
  if (IovsLen > 64)
    IovsLen = 64;
  for (uint32_t I = 0; I < IovsLen; ++I) {
    uint8_t *Iov = guest(W, Iovs + 8 * I, 8);
    if (!Iov)
      return EFault;
    uint32_t Buf, Len;
    memcpy(&Buf, Iov, 4);
    memcpy(&Len, Iov + 4, 4);
    if (!(Host[I].iov_base = guest(W, Buf, Len)))
      return EFault;
    Host[I].iov_len = Len;
  }
  ssize_t N;
  do
    N = Write ? writev((int)Fd, Host, (int)IovsLen)
              : readv((int)Fd, Host, (int)IovsLen);
  while (N < 0 && errno == EINTR);
  if (N < 0)
    return wasiErrno(errno);
  return store32(W, ResultPtr, (uint32_t)N) ? ESuccess : EFault;
}

u32 WASI(fd_read)(Wasi *W, u32 Fd, u32 Iovs, u32 IovsLen, u32 NreadPtr) {
  return vectoredIo(W, Fd, Iovs, IovsLen, NreadPtr, 0);
}

u32 WASI(fd_write)(Wasi *W, u32 Fd, u32 Iovs, u32 IovsLen, u32 NwrittenPtr) {
  return vectoredIo(W, Fd, Iovs, IovsLen, NwrittenPtr, 1);
}

u32 WASI(fd_seek)(Wasi *W, u32 Fd, u64 Offset, u32 Whence, u32 ResultPtr) {
  static const int HostWhence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
  if (!validFd(Fd))
    return EBadf;
  if (Whence > 2)
    return EInval;
  off_t Pos = lseek((int)Fd, (off_t)Offset, HostWhence[Whence]);
  if (Pos < 0)
    return wasiErrno(errno);
  return store64(W, ResultPtr, (uint64_t)Pos) ? ESuccess : EFault;
}

u32 WASI(fd_tell)(Wasi *W, u32 Fd, u32 ResultPtr) {
  return WASI(fd_seek)(W, Fd, 0, 1 /* CUR */, ResultPtr);
}

u32 WASI(fd_close)(Wasi *W, u32 Fd) {
  (void)W;
  if (!validFd(Fd))
    return EBadf;
  return close((int)Fd) == 0 ? ESuccess : wasiErrno(errno);
}

/* The descriptor's type, flags and rights. A descriptor that cannot seek
   (a terminal, a pipe) lacks the seek and tell rights, which is how
   wasi-libc's isatty() tells a terminal from a character-device file. */
u32 WASI(fd_fdstat_get)(Wasi *W, u32 Fd, u32 ResultPtr) {
  if (!validFd(Fd))
    return EBadf;
  struct stat St;
  int Flags = fcntl((int)Fd, F_GETFL);
  if (fstat((int)Fd, &St) != 0 || Flags < 0)
    return wasiErrno(errno);
  uint8_t Type = S_ISREG(St.st_mode)    ? FiletypeRegularFile
                 : S_ISDIR(St.st_mode)  ? FiletypeDirectory
                 : S_ISCHR(St.st_mode)  ? FiletypeCharacterDevice
                 : S_ISBLK(St.st_mode)  ? FiletypeBlockDevice
                 : S_ISSOCK(St.st_mode) ? FiletypeSocketStream
                                        : FiletypeUnknown;
  uint16_t FdFlags = (Flags & O_APPEND ? FdflagAppend : 0) |
                     (Flags & O_NONBLOCK ? FdflagNonblock : 0);
  uint64_t Rights = ~(uint64_t)0;
  if (lseek((int)Fd, 0, SEEK_CUR) < 0)
    Rights &= ~(uint64_t)(RightFdSeek | RightFdTell);
  uint8_t *P = guest(W, ResultPtr, 24);
  if (!P)
    return EFault;
  memset(P, 0, 24);
  P[0] = Type;                 /* fs_filetype */
  memcpy(P + 2, &FdFlags, 2);  /* fs_flags */
  memcpy(P + 8, &Rights, 8);   /* fs_rights_base */
  memcpy(P + 16, &Rights, 8);  /* fs_rights_inheriting */
  return ESuccess;
}

u32 WASI(fd_fdstat_set_flags)(Wasi *W, u32 Fd, u32 FdFlags) {
  (void)W;
  if (!validFd(Fd))
    return EBadf;
  if (FdFlags & ~(u32)(FdflagAppend | FdflagNonblock))
    return EInval; /* the sync flags: not supported here */
  int Flags = fcntl((int)Fd, F_GETFL);
  if (Flags < 0)
    return wasiErrno(errno);
  Flags &= ~(O_APPEND | O_NONBLOCK);
  Flags |= (FdFlags & FdflagAppend ? O_APPEND : 0) |
           (FdFlags & FdflagNonblock ? O_NONBLOCK : 0);
  return fcntl((int)Fd, F_SETFL, Flags) == 0 ? ESuccess : wasiErrno(errno);
}

/* No preopened directories: wasi-libc asks for fd 3 first and stops at
   EBADF. */
u32 WASI(fd_prestat_get)(Wasi *W, u32 Fd, u32 ResultPtr) {
  (void)W, (void)Fd, (void)ResultPtr;
  return EBadf;
}

u32 WASI(fd_prestat_dir_name)(Wasi *W, u32 Fd, u32 Path, u32 PathLen) {
  (void)W, (void)Fd, (void)Path, (void)PathLen;
  return EBadf;
}

/*===------------------- paths: no directory to resolve in ---------------===*/

u32 WASI(path_open)(Wasi *W, u32 DirFd, u32 DirFlags, u32 Path, u32 PathLen,
                    u32 OFlags, u64 RightsBase, u64 RightsInheriting,
                    u32 FdFlags, u32 ResultPtr) {
  (void)W, (void)DirFd, (void)DirFlags, (void)Path, (void)PathLen;
  (void)OFlags, (void)RightsBase, (void)RightsInheriting, (void)FdFlags;
  (void)ResultPtr;
  return EBadf;
}

u32 WASI(path_filestat_get)(Wasi *W, u32 DirFd, u32 Flags, u32 Path,
                            u32 PathLen, u32 ResultPtr) {
  (void)W, (void)DirFd, (void)Flags, (void)Path, (void)PathLen;
  (void)ResultPtr;
  return EBadf;
}

u32 WASI(path_filestat_set_times)(Wasi *W, u32 DirFd, u32 Flags, u32 Path,
                                  u32 PathLen, u64 Atime, u64 Mtime,
                                  u32 FstFlags) {
  (void)W, (void)DirFd, (void)Flags, (void)Path, (void)PathLen;
  (void)Atime, (void)Mtime, (void)FstFlags;
  return EBadf;
}

u32 WASI(path_remove_directory)(Wasi *W, u32 DirFd, u32 Path, u32 PathLen) {
  (void)W, (void)DirFd, (void)Path, (void)PathLen;
  return EBadf;
}

u32 WASI(path_unlink_file)(Wasi *W, u32 DirFd, u32 Path, u32 PathLen) {
  (void)W, (void)DirFd, (void)Path, (void)PathLen;
  return EBadf;
}

/*===------------------------------- process -----------------------------===*/

void WASI(proc_exit)(Wasi *W, u32 Code) {
  (void)W;
  exit((int)Code);
}

int main(int Argc, char **Argv) {
  static W2C(WASM2C, _instance_t) Inst;
  Wasi W = {NULL, Argc, Argv};
  wasm_rt_init();
  W2C(WASM2C, _init_module)();
  W2C(WASM2C, _instantiate)(&Inst, &W);
  W.Memory = W2C(WASM2C, Z_memory)(&Inst);
  wasm_rt_trap_t Trap = wasm_rt_impl_try();
  if (Trap != WASM_RT_TRAP_NONE) {
    fprintf(stderr, "%s: trap: %s\n", Argv[0], wasm_rt_strerror(Trap));
    return 134;
  }
  W2C(WASM2C, Z__start)(&Inst); /* returns when main returns 0 */
  W2C(WASM2C, _free)(&Inst);
  wasm_rt_free();
  return 0;
}
