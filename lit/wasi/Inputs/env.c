/* env.c - Arguments and the environment. */
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv) {
  printf("argc %d\n", argc);
  for (int i = 1; i < argc; ++i)
    printf("argv[%d] = [%s]\n", i, argv[i]);
  for (char **e = environ; *e; ++e)
    printf("env [%s]\n", *e);
  const char *g = getenv("GREETING");
  printf("GREETING=%s\n", g ? g : "(unset)");
  const char *h = getenv("HOME");
  printf("HOME=%s\n", h ? h : "(unset)");
  return argc;
}
