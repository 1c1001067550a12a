/* common.h - Helpers shared by the WASI test programs. */
#ifndef WASI_TEST_COMMON_H
#define WASI_TEST_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The symbolic name of an errno value: glibc and wasi-libc number them
 * differently and word their messages differently. */
static const char *errname(int E) {
  switch (E) {
#define N(X) case X: return #X;
    N(EACCES) N(EBADF) N(EEXIST) N(EFAULT) N(EINVAL) N(EIO) N(EISDIR)
    N(ELOOP) N(EMFILE) N(ENAMETOOLONG) N(ENOENT) N(ENOSPC) N(ENOSYS)
    N(ENOTDIR) N(ENOTEMPTY) N(ENOTSUP) N(EPERM) N(EROFS) N(ESPIPE) N(EXDEV)
    N(EBUSY) N(EAGAIN) N(ERANGE) N(EPIPE) N(EOVERFLOW) N(EMLINK)
#ifdef ENOTCAPABLE
    N(ENOTCAPABLE)
#endif
#undef N
  case 0: return "OK";
  }
  return "E?";
}

/* Prints "what: OK" or "what: ENAME" for a call's result (negative = fail). */
#define CHECK(what, call)                                                      \
  do {                                                                         \
    errno = 0;                                                                 \
    long check_r_ = (long)(call);                                              \
    printf("%s: %s\n", what, check_r_ < 0 ? errname(errno) : "OK");           \
  } while (0)

#endif
