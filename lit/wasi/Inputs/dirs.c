/* dirs.c - mkdir, readdir, rename, unlink, rmdir, chdir, and their errors. */
#include "common.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void touch(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) {
    printf("touch %s: %s\n", path, errname(errno));
    return;
  }
  fputs(text, f);
  fclose(f);
}

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints a directory's entries sorted, with their types. */
static void list(const char *path) {
  DIR *d = opendir(path);
  if (!d) {
    printf("list %s: %s\n", path, errname(errno));
    return;
  }
  char *names[1024];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 1024) {
    char type = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f'
              : e->d_type == DT_LNK ? 'l' : '?';
    char *s = malloc(strlen(e->d_name) + 3);
    s[0] = type;
    s[1] = ' ';
    strcpy(s + 2, e->d_name);
    names[n++] = s;
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp);
  printf("%s:", path);
  for (int i = 0; i < n; ++i) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

static int count(const char *path) {
  DIR *d = opendir(path);
  if (!d)
    return -1;
  int n = 0;
  while (readdir(d))
    ++n;
  closedir(d);
  return n;
}

int main(void) {
  CHECK("mkdir d", mkdir("d", 0755));
  CHECK("mkdir d again", mkdir("d", 0755));
  CHECK("mkdir d/sub", mkdir("d/sub", 0755));
  CHECK("mkdir d/sub/deep/", mkdir("d/sub/deep/", 0755));
  CHECK("mkdir missing parent", mkdir("nope/x", 0755));
  touch("d/a.txt", "a\n");
  touch("d/b.txt", "b\n");
  touch("d/sub/c.txt", "c\n");
  list(".");
  list("d");
  list("d/sub");
  list("d/a.txt");
  list("nope");

  struct stat st;
  CHECK("stat d", stat("d", &st));
  printf("d is dir %d\n", S_ISDIR(st.st_mode));
  CHECK("stat d/", stat("d/", &st));

  CHECK("rename file", rename("d/a.txt", "d/sub/a2.txt"));
  CHECK("rename dir", rename("d/sub", "d/sub2"));
  CHECK("rename missing", rename("d/zzz", "d/yyy"));
  CHECK("rename file over file", rename("d/b.txt", "d/sub2/c.txt"));
  touch("d/b.txt", "b again\n");
  CHECK("rename file over dir", rename("d/b.txt", "d/sub2/deep"));
  CHECK("rename dir over file", rename("d/sub2/deep", "d/b.txt"));
  CHECK("rename dir into itself", rename("d/sub2", "d/sub2/deep/x"));
  CHECK("rename file/", rename("d/b.txt/", "d/c.txt"));
  list("d");
  list("d/sub2");

  CHECK("rmdir non-empty", rmdir("d"));
  CHECK("rmdir file", rmdir("d/b.txt"));
  CHECK("unlink dir", unlink("d/sub2"));
  CHECK("unlink dir/", unlink("d/sub2/"));
  CHECK("unlink file/", unlink("d/b.txt/"));
  CHECK("unlink file", unlink("d/b.txt"));
  CHECK("unlink missing", unlink("d/b.txt"));
  CHECK("rmdir deep", rmdir("d/sub2/deep"));
  CHECK("rmdir missing", rmdir("d/sub2/deep"));
  CHECK("rmdir .", rmdir("d/sub2/."));
  list("d/sub2");

  /* A directory bigger than one fd_readdir buffer. */
  CHECK("mkdir big", mkdir("big", 0755));
  char name[256];
  for (int i = 0; i < 300; ++i) {
    snprintf(name, sizeof name,
             "big/file-with-a-rather-long-name-to-fill-the-buffers-quickly-"
             "and-then-some-more-text-%04d",
             i);
    touch(name, "");
  }
  printf("big has %d entries\n", count("big"));
  for (int i = 0; i < 300; i += 2) {
    snprintf(name, sizeof name,
             "big/file-with-a-rather-long-name-to-fill-the-buffers-quickly-"
             "and-then-some-more-text-%04d",
             i);
    unlink(name);
  }
  printf("big has %d entries\n", count("big"));

  /* chdir is emulated by wasi-libc; relative paths follow it. */
  CHECK("chdir d", chdir("d"));
  touch("from-chdir.txt", "x\n");
  CHECK("chdir ..", chdir(".."));
  CHECK("chdir file", chdir("d/sub2/c.txt"));
  list("d");
  return 0;
}
