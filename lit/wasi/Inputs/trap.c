/* trap.c - abort() and stack overflow trap; output before the trap is kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int deep(int n) {
  volatile char pad[256];
  pad[0] = (char)n;
  return deep(n + 1) + pad[0];
}

int main(int argc, char **argv) {
  printf("before the trap\n");
  fflush(stdout);
  if (argc > 1 && strcmp(argv[1], "recurse") == 0)
    return deep(0);
  abort();
}
