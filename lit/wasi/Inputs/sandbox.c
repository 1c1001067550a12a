/* sandbox.c - Every way out of the preopened directory, refused.
 *
 * Run as wasm only, with the sandbox preopened as fd 3 ("."), next to a
 * directory "outside" holding secret.txt, and with these links made by the
 * host: abs_link -> /etc, abs_file -> <outside>/secret.txt,
 * up_link -> ../outside/secret.txt, up_dir -> .., inner -> sub. Prints the
 * WASI errno of each attempt. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

#define ROOT 3

static const char *wname(__wasi_errno_t e) {
  switch (e) {
  case __WASI_ERRNO_SUCCESS: return "SUCCESS";
  case __WASI_ERRNO_NOTCAPABLE: return "NOTCAPABLE";
  case __WASI_ERRNO_NOENT: return "NOENT";
  case __WASI_ERRNO_LOOP: return "LOOP";
  case __WASI_ERRNO_PERM: return "PERM";
  case __WASI_ERRNO_NOTDIR: return "NOTDIR";
  case __WASI_ERRNO_EXIST: return "EXIST";
  case __WASI_ERRNO_INVAL: return "INVAL";
  case __WASI_ERRNO_BADF: return "BADF";
  case __WASI_ERRNO_ISDIR: return "ISDIR";
  }
  static char buf[16];
  snprintf(buf, sizeof buf, "errno %d", e);
  return buf;
}

static __wasi_fd_t last_fd;

static __wasi_errno_t open_at(__wasi_fd_t dir, const char *path, int follow,
                              __wasi_oflags_t oflags) {
  __wasi_rights_t rights = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE |
                           __WASI_RIGHTS_FD_READDIR;
  if (oflags & __WASI_OFLAGS_DIRECTORY)
    rights = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_READDIR;
  return __wasi_path_open(dir, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0,
                          path, oflags, rights, ~0ull, 0, &last_fd);
}

static void open_test(const char *path, int follow, __wasi_oflags_t oflags) {
  __wasi_errno_t e = open_at(ROOT, path, follow, oflags);
  printf("open %s%s%s: %s\n", path, follow ? " (follow)" : "",
         oflags & __WASI_OFLAGS_CREAT ? " (create)" : "", wname(e));
  if (e == 0)
    (void)__wasi_fd_close(last_fd);
}

int main(void) {
  /* .. and absolute paths, straight to the runtime. */
  open_test("../outside/secret.txt", 1, 0);
  open_test("..", 1, __WASI_OFLAGS_DIRECTORY);
  open_test("sub/../../outside/secret.txt", 1, 0);
  open_test("sub/../sub/../..", 1, __WASI_OFLAGS_DIRECTORY);
  open_test("/etc/passwd", 1, 0);
  open_test("/", 1, __WASI_OFLAGS_DIRECTORY);
  open_test("../escape.txt", 1, __WASI_OFLAGS_CREAT);

  /* Symlinks out: absolute targets and targets that climb out. */
  open_test("abs_link/passwd", 1, 0);
  open_test("abs_file", 1, 0);
  open_test("abs_file", 0, 0);
  open_test("up_link", 1, 0);
  open_test("up_link", 0, 0);
  open_test("up_dir/outside/secret.txt", 1, 0);
  open_test("up_dir", 1, __WASI_OFLAGS_DIRECTORY);
  open_test("sub/../up_dir/sandbox/inside.txt", 1, 0);

  /* What stays inside works. */
  open_test("inside.txt", 1, 0);
  open_test("./sub/../inside.txt", 1, 0);
  open_test("inner/ok.txt", 1, 0);
  open_test("inner/../inside.txt", 1, 0);
  open_test(".", 1, __WASI_OFLAGS_DIRECTORY);

  /* stat through links. */
  __wasi_filestat_t st;
  printf("stat up_link (follow): %s\n",
         wname(__wasi_path_filestat_get(ROOT, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
                                        "up_link", &st)));
  printf("stat up_link (nofollow): %s\n",
         wname(__wasi_path_filestat_get(ROOT, 0, "up_link", &st)));
  printf("stat ../outside: %s\n",
         wname(__wasi_path_filestat_get(ROOT, 0, "../outside", &st)));
  printf("stat up_dir/ (trailing slash follows): %s\n",
         wname(__wasi_path_filestat_get(ROOT, 0, "up_dir/", &st)));

  /* Renames and links across the boundary, both directions. */
  printf("rename out: %s\n",
         wname(__wasi_path_rename(ROOT, "inside.txt", ROOT, "../moved.txt")));
  printf("rename in: %s\n",
         wname(__wasi_path_rename(ROOT, "../outside/secret.txt", ROOT,
                                  "stolen.txt")));
  printf("rename via up_dir: %s\n",
         wname(__wasi_path_rename(ROOT, "inside.txt", ROOT,
                                  "up_dir/moved.txt")));
  printf("link out: %s\n",
         wname(__wasi_path_link(ROOT, 0, "inside.txt", ROOT, "../linked.txt")));
  printf("link in: %s\n",
         wname(__wasi_path_link(ROOT, 0, "../outside/secret.txt", ROOT,
                                "stolen.txt")));
  printf("link in through up_link (follow): %s\n",
         wname(__wasi_path_link(ROOT, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
                                "up_link", ROOT, "stolen.txt")));
  printf("link in through abs_file (follow): %s\n",
         wname(__wasi_path_link(ROOT, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
                                "abs_file", ROOT, "stolen.txt")));
  printf("link to the symlink itself: %s\n",
         wname(__wasi_path_link(ROOT, 0, "up_link", ROOT, "up_link2")));
  open_test("up_link2", 1, 0);

  /* Creating, removing and symlinking outside. */
  printf("mkdir out: %s\n",
         wname(__wasi_path_create_directory(ROOT, "../newdir")));
  printf("mkdir via up_dir: %s\n",
         wname(__wasi_path_create_directory(ROOT, "up_dir/newdir")));
  printf("unlink out: %s\n",
         wname(__wasi_path_unlink_file(ROOT, "../outside/secret.txt")));
  printf("rmdir ..: %s\n", wname(__wasi_path_remove_directory(ROOT, "..")));
  printf("symlink absolute: %s\n",
         wname(__wasi_path_symlink("/etc/passwd", ROOT, "new_abs")));
  printf("symlink relative out: %s\n",
         wname(__wasi_path_symlink("../outside/secret.txt", ROOT, "mine")));
  open_test("mine", 1, 0);
  printf("symlink placed out: %s\n",
         wname(__wasi_path_symlink("inside.txt", ROOT, "../placed")));
  printf("set times out: %s\n",
         wname(__wasi_path_filestat_set_times(
             ROOT, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "up_link", 0, 0,
             __WASI_FSTFLAGS_MTIM_NOW)));
  char buf[64];
  __wasi_size_t used;
  printf("readlink ../x: %s\n",
         wname(__wasi_path_readlink(ROOT, "../outside/secret.txt",
                                    (uint8_t *)buf, sizeof buf, &used)));

  /* A subdirectory descriptor is a capability for that subdirectory only. */
  __wasi_fd_t subfd;
  __wasi_errno_t e = open_at(ROOT, "sub", 0, __WASI_OFLAGS_DIRECTORY);
  subfd = last_fd;
  printf("open sub: %s\n", wname(e));
  e = open_at(subfd, "../inside.txt", 1, 0);
  printf("from sub, ../inside.txt: %s\n", wname(e));
  e = open_at(subfd, "../sub/ok.txt", 1, 0);
  printf("from sub, ../sub/ok.txt: %s\n", wname(e));
  e = open_at(subfd, "ok.txt", 1, 0);
  printf("from sub, ok.txt: %s\n", wname(e));

  /* Loops end. */
  printf("loop: %s\n",
         wname(__wasi_path_symlink("loop", ROOT, "loop") == 0
                   ? open_at(ROOT, "loop", 1, 0)
                   : 999));

  /* Through wasi-libc's own path handling. */
  errno = 0;
  int fd = open("../outside/secret.txt", O_RDONLY);
  printf("libc open ../outside/secret.txt: %d %s\n", fd, strerror(errno));
  errno = 0;
  fd = open("/etc/passwd", O_RDONLY);
  printf("libc open /etc/passwd: %d %s\n", fd, strerror(errno));
  errno = 0;
  fd = open("up_link", O_RDONLY);
  printf("libc open up_link: %d %s\n", fd, strerror(errno));
  return 0;
}
