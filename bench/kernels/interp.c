/* interp.c - A register-machine interpreter whose dispatch calls handlers
   through a table of function pointers (call_indirect in wasm). */
#include "kernel.h"

enum { OP_LOADI, OP_ADD, OP_SUB, OP_MUL, OP_XOR, OP_SHR, OP_DEC, OP_JNZ,
       OP_HALT, OP_COUNT };

typedef struct {
  uint8_t Op, A, B, C;
  int32_t Imm;
} Insn;

typedef struct {
  uint32_t R[8];
  int Pc;
  int Running;
} Machine;

typedef void (*Handler)(Machine *, const Insn *);

static void opLoadi(Machine *M, const Insn *I) { M->R[I->A] = (uint32_t)I->Imm; M->Pc++; }
static void opAdd(Machine *M, const Insn *I) { M->R[I->A] = M->R[I->B] + M->R[I->C]; M->Pc++; }
static void opSub(Machine *M, const Insn *I) { M->R[I->A] = M->R[I->B] - M->R[I->C]; M->Pc++; }
static void opMul(Machine *M, const Insn *I) { M->R[I->A] = M->R[I->B] * M->R[I->C]; M->Pc++; }
static void opXor(Machine *M, const Insn *I) { M->R[I->A] = M->R[I->B] ^ M->R[I->C]; M->Pc++; }
static void opShr(Machine *M, const Insn *I) { M->R[I->A] = M->R[I->B] >> (I->Imm & 31); M->Pc++; }
static void opDec(Machine *M, const Insn *I) { M->R[I->A]--; M->Pc++; }
static void opJnz(Machine *M, const Insn *I) { M->Pc = M->R[I->A] ? I->Imm : M->Pc + 1; }
static void opHalt(Machine *M, const Insn *I) { (void)I; M->Running = 0; }

/* volatile keeps the table a real table: the compiler cannot see through it. */
static Handler volatile Handlers[OP_COUNT] = {
    opLoadi, opAdd, opSub, opMul, opXor, opShr, opDec, opJnz, opHalt};

static const Insn Program[] = {
    {OP_LOADI, 0, 0, 0, 3000000}, /* r0 = loop count */
    {OP_LOADI, 1, 0, 0, 1},       /* r1 = 1 */
    {OP_LOADI, 2, 0, 0, 12345},   /* r2 = state */
    {OP_LOADI, 3, 0, 0, 0},       /* r3 = acc */
    {OP_LOADI, 5, 0, 0, 1103515245},
    {OP_MUL, 2, 2, 5, 0},         /* 5: loop */
    {OP_ADD, 2, 2, 1, 0},
    {OP_SHR, 4, 2, 0, 11},
    {OP_XOR, 3, 3, 4, 0},
    {OP_ADD, 3, 3, 2, 0},
    {OP_SUB, 6, 3, 4, 0},
    {OP_XOR, 3, 3, 6, 0},
    {OP_DEC, 0, 0, 0, 0},
    {OP_JNZ, 0, 0, 0, 5},
    {OP_HALT, 0, 0, 0, 0},
};

EXPORT(run) uint64_t run(void) {
  Machine M = {{0}, 0, 1};
  uint64_t Steps = 0;
  while (M.Running) {
    const Insn *I = &Program[M.Pc];
    Handlers[I->Op](&M, I);
    ++Steps;
  }
  return Steps * 1000003 + M.R[3];
}
