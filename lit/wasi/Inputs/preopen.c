/* preopen.c - Lists the preopened directories, then prints each file named
 * on the command line. */
#include "common.h"

#include <wasi/api.h>

int main(int argc, char **argv) {
  for (__wasi_fd_t fd = 3;; ++fd) {
    __wasi_prestat_t ps;
    if (__wasi_fd_prestat_get(fd, &ps) != 0)
      break;
    char name[256] = {0};
    if (ps.u.dir.pr_name_len < sizeof name &&
        __wasi_fd_prestat_dir_name(fd, (uint8_t *)name,
                                   ps.u.dir.pr_name_len) == 0)
      printf("preopen %u: %s\n", fd, name);
  }
  for (int i = 1; i < argc; ++i) {
    FILE *f = fopen(argv[i], "r");
    if (!f) {
      printf("%s: %s\n", argv[i], errname(errno));
      continue;
    }
    char buf[128] = {0};
    if (!fgets(buf, sizeof buf, f))
      buf[0] = 0;
    fclose(f);
    printf("%s: %s", argv[i], buf);
  }
  return 0;
}
