/* exit.c - Exit codes: return from main, exit(), _Exit(), atexit handlers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void bye(void) { printf("atexit handler\n"); }

int main(int argc, char **argv) {
  atexit(bye);
  const char *how = argc > 1 ? argv[1] : "return";
  int code = argc > 2 ? atoi(argv[2]) : 0;
  printf("exiting by %s with %d\n", how, code);
  if (strcmp(how, "exit") == 0)
    exit(code);
  if (strcmp(how, "_Exit") == 0) {
    fflush(stdout);
    _Exit(code);
  }
  return code;
}
