/* stdio.c - Arguments, stdin piped through, stdout/stderr, exit status. */
#include <ctype.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i)
    printf("arg %d: [%s]\n", i, argv[i]);

  /* stdin is ready before it is read (a file, a pipe with data, or null). */
  struct pollfd p = {0, POLLIN, 0};
  int ready = poll(&p, 1, 5000);
  printf("poll stdin: %d %d\n", ready, (p.revents & POLLIN) != 0);

  char line[256];
  int lines = 0;
  long bytes = 0;
  while (fgets(line, sizeof line, stdin)) {
    ++lines;
    bytes += (long)strlen(line);
    for (char *p = line; *p; ++p)
      *p = (char)toupper((unsigned char)*p);
    printf("%d: %s", lines, line);
  }
  fprintf(stderr, "stdin: %d lines, %ld bytes, eof %d\n", lines, bytes,
          feof(stdin) != 0);

  /* Lots of output, then a raw write after a flush: order is kept. */
  unsigned sum = 0;
  for (int i = 0; i < 5000; ++i) {
    printf("line %05d %08x\n", i, sum);
    sum = sum * 31 + (unsigned)i;
  }
  fflush(stdout);
  if (write(1, "raw write\n", 10) != 10)
    return 100;
  fputs("to stderr\n", stderr);
  return lines;
}
