/* files.c - Create, write, read, seek, stat, truncate, times, errors. */
#include "common.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

static void show(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    printf("show %s: %s\n", path, errname(errno));
    return;
  }
  char buf[512];
  size_t n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  printf("%s (%zu bytes): [", path, n);
  for (size_t i = 0; i < n; ++i)
    putchar(buf[i] == 0 ? '.' : buf[i] == '\n' ? '|' : buf[i]);
  printf("]\n");
}

static long size_of(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0)
    return -1;
  return (long)st.st_size;
}

int main(void) {
  int fd = open("data.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  CHECK("create", fd);
  CHECK("write", write(fd, "hello world\n", 12));
  CHECK("close", close(fd));
  CHECK("create excl", open("data.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
  CHECK("open missing", open("missing.txt", O_RDONLY));
  CHECK("open missing dir", open("nodir/x.txt", O_RDONLY));
  CHECK("open file as dir", open("data.txt/x", O_RDONLY));
  CHECK("open trailing slash", open("data.txt/", O_RDONLY));
  show("data.txt");

  fd = open("data.txt", O_RDWR);
  CHECK("open rw", fd);
  printf("seek set: %ld\n", (long)lseek(fd, 6, SEEK_SET));
  CHECK("overwrite", write(fd, "WASM!", 5));
  printf("tell: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
  printf("seek end: %ld\n", (long)lseek(fd, 0, SEEK_END));
  printf("seek cur -4: %ld\n", (long)lseek(fd, -4, SEEK_CUR));
  char buf[64] = {0};
  printf("read: %ld [%.3s]\n", (long)read(fd, buf, 3), buf);
  CHECK("seek negative", lseek(fd, -100, SEEK_SET));
  CHECK("pwrite", pwrite(fd, "tail", 4, 20));
  memset(buf, 0, sizeof buf);
  printf("pread: %ld [%s]\n", (long)pread(fd, buf, 5, 6), buf);
  printf("tell after p*: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
  struct stat st;
  CHECK("fstat", fstat(fd, &st));
  printf("size %ld reg %d dir %d nlink %ld\n", (long)st.st_size,
         S_ISREG(st.st_mode), S_ISDIR(st.st_mode), (long)st.st_nlink);
  CHECK("ftruncate", ftruncate(fd, 9));
  printf("size after ftruncate: %ld\n", size_of("data.txt"));
  CHECK("ftruncate grow", ftruncate(fd, 16));
  printf("size after grow: %ld\n", size_of("data.txt"));
  CHECK("fsync", fsync(fd));
  CHECK("close", close(fd));
  show("data.txt");

  fd = open("data.txt", O_WRONLY | O_APPEND);
  CHECK("open append", fd);
  CHECK("append", write(fd, "+more\n", 6));
  CHECK("close", close(fd));
  show("data.txt");
  CHECK("truncate", truncate("data.txt", 5));
  show("data.txt");

  fd = open("data.txt", O_RDONLY);
  CHECK("write to read-only", write(fd, "x", 1));
  CHECK("close", close(fd));
  CHECK("close again", close(fd));
  CHECK("read closed", read(fd, buf, 1));
  CHECK("lseek bad fd", lseek(99, 0, SEEK_SET));
  fd = open(".", O_RDONLY | O_DIRECTORY);
  CHECK("open dir", fd);
  CHECK("read dir", read(fd, buf, 1));
  CHECK("close", close(fd));
  CHECK("open dir for write", open(".", O_WRONLY));

  /* stdio on files: many lines, ftell/fseek/rewind. */
  FILE *f = fopen("lines.txt", "w+");
  for (int i = 0; i < 1000; ++i)
    fprintf(f, "%d squared is %d\n", i, i * i);
  printf("ftell: %ld\n", ftell(f));
  rewind(f);
  int a, b, n = 0;
  while (fscanf(f, "%d squared is %d\n", &a, &b) == 2 && a * a == b)
    ++n;
  printf("read back %d lines\n", n);
  fseek(f, -12, SEEK_END);
  printf("last: [%s]\n", fgets(buf, sizeof buf, f) ? buf : "?");
  fclose(f);

  /* Times: set, then read back. */
  struct timeval tv[2] = {{1000000000, 0}, {1234567890, 500000}};
  CHECK("utimes", utimes("data.txt", tv));
  CHECK("stat", stat("data.txt", &st));
  printf("atime %ld mtime %ld.%06ld\n", (long)st.st_atim.tv_sec,
         (long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec / 1000);
  CHECK("stat missing", stat("nothing", &st));
  CHECK("stat trailing slash", stat("data.txt/", &st));
  CHECK("unlink", unlink("lines.txt"));
  return 0;
}
