/* symlinks.c - Symlinks and hard links that stay inside the sandbox. */
#include "common.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void cat(const char *path) {
  char buf[128] = {0};
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    printf("cat %s: %s\n", path, errname(errno));
    return;
  }
  long n = (long)read(fd, buf, sizeof buf - 1);
  close(fd);
  printf("cat %s: %ld [%s]\n", path, n, buf);
}

static void rl(const char *path) {
  char buf[128] = {0};
  long n = (long)readlink(path, buf, sizeof buf - 1);
  if (n < 0)
    printf("readlink %s: %s\n", path, errname(errno));
  else
    printf("readlink %s: [%s]\n", path, buf);
}

int main(void) {
  CHECK("symlink", symlink("target.txt", "link"));
  rl("link");
  cat("link");
  FILE *f = fopen("target.txt", "w");
  fputs("target text", f);
  fclose(f);
  cat("link");
  struct stat st;
  CHECK("lstat", lstat("link", &st));
  printf("lstat: link %d reg %d\n", S_ISLNK(st.st_mode), S_ISREG(st.st_mode));
  CHECK("stat", stat("link", &st));
  printf("stat: link %d reg %d size %ld\n", S_ISLNK(st.st_mode),
         S_ISREG(st.st_mode), (long)st.st_size);
  CHECK("open nofollow", open("link", O_RDONLY | O_NOFOLLOW));
  CHECK("symlink exists", symlink("x", "link"));
  rl("target.txt");
  rl("missing");

  CHECK("mkdir sub", mkdir("sub", 0755));
  CHECK("symlink up", symlink("../target.txt", "sub/up"));
  cat("sub/up");
  CHECK("symlink dir", symlink("sub", "dirlink"));
  cat("dirlink/up");
  CHECK("symlink dir/", symlink("sub/", "dirlink2"));
  cat("dirlink2/up");
  CHECK("create through dirlink", open("dirlink/new.txt", O_CREAT | O_WRONLY, 0644));
  cat("sub/new.txt");
  CHECK("dangling", symlink("not-yet.txt", "dangling"));
  int fd = open("dangling", O_CREAT | O_WRONLY, 0644);
  CHECK("create through dangling", fd);
  CHECK("write", write(fd, "made", 4));
  close(fd);
  cat("not-yet.txt");

  CHECK("loop1", symlink("loop2", "loop1"));
  CHECK("loop2", symlink("loop1", "loop2"));
  cat("loop1");
  CHECK("stat loop", stat("loop1", &st));

  CHECK("link", link("target.txt", "hard"));
  CHECK("stat hard", stat("hard", &st));
  printf("nlink %ld\n", (long)st.st_nlink);
  CHECK("link exists", link("target.txt", "hard"));
  CHECK("link dir", link("sub", "subhard"));
  CHECK("rename link", rename("link", "link2"));
  rl("link2");
  CHECK("unlink link2", unlink("link2"));
  cat("target.txt");
  CHECK("unlink dirlink", unlink("dirlink"));
  CHECK("unlink dirlink2", unlink("dirlink2"));
  CHECK("unlink loops", unlink("loop1") | unlink("loop2"));
  CHECK("unlink dangling", unlink("dangling"));
  return 0;
}
