/* Error recovery with setjmp/longjmp: a small expression evaluator that
 * longjmps out of its recursive descent on a syntax error or a division
 * by zero, and a nested recovery point that handles some errors itself
 * and passes the others on to the outer one. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf *Handler;
static const char *P;

static void fail(int code) { longjmp(*Handler, code); }

static long expr(void);

static long atom(void) {
  if (*P == '(') {
    ++P;
    long V = expr();
    if (*P++ != ')')
      fail(1);
    return V;
  }
  if (*P < '0' || *P > '9')
    fail(1);
  long V = 0;
  while (*P >= '0' && *P <= '9')
    V = V * 10 + (*P++ - '0');
  return V;
}

static long term(void) {
  long V = atom();
  while (*P == '*' || *P == '/') {
    char Op = *P++;
    long R = atom();
    if (Op == '/' && R == 0)
      fail(2);
    V = Op == '*' ? V * R : V / R;
  }
  return V;
}

static long expr(void) {
  long V = term();
  while (*P == '+' || *P == '-') {
    char Op = *P++;
    long R = term();
    V = Op == '+' ? V + R : V - R;
  }
  return V;
}

/* Division by zero counts as 0 here; syntax errors go to the caller's
 * handler. */
static long lenient(const char *S) {
  jmp_buf Mine, *Outer = Handler;
  Handler = &Mine;
  int Code = setjmp(Mine);
  if (Code == 0) {
    P = S;
    long V = expr();
    Handler = Outer;
    return V;
  }
  Handler = Outer;
  if (Code == 2)
    return 0;
  fail(Code);
  return -1;
}

int main(void) {
  static const char *const Inputs[] = {"1+2*3", "(4+5)*(6-1)", "7/(3-3)",
                                       "2*(3+", "((((((9))))))", "8/0+1"};
  jmp_buf Top;
  for (unsigned I = 0; I < sizeof(Inputs) / sizeof(Inputs[0]); ++I) {
    Handler = &Top;
    volatile unsigned Index = I;
    int Code = setjmp(Top);
    if (Code != 0) {
      printf("%s: error %d\n", Inputs[Index], Code);
      continue;
    }
    printf("%s = %ld\n", Inputs[I], lenient(Inputs[I]));
  }
  return 0;
}
