#!/usr/bin/env python3
"""gen-large.py - A module large enough that wasm2so cuts it into parts
that are optimized and compiled apart (compiler/Split.cpp).

  gen-large.py              prints the module (.wat)
  gen-large.py --expect N   prints what `--invoke fN 7 9` returns, and
                            `--invoke dispatch N 7 9` too

Function fN(a, b) runs a chain of OPS mixing steps that LLVM cannot fold
away, each with its own constants, so every function stays its own code;
then it calls $mix, a small function that the parts share. `dispatch`
calls fN through a table, whose code and signature arrays the parts that
use them copy.
"""
import sys

FUNCS = 100
OPS = 50
M32 = 0xffffffff


def constants(n, i):
    c = (n * 7919 + i * 104729 + 12345) & M32
    return c | 1, (c >> 7) % 31 + 1


def mix(x, n):
    x = (x ^ (n * 0x9E3779B1)) & M32
    return ((x << 5) | (x >> 27)) & M32


def run(n, a, b):
    x = a
    for i in range(OPS):
        c, r = constants(n, i)
        x = (x * c + b) & M32
        x = (x ^ ((x << r) | (x >> (32 - r)))) & M32
        b = (b + x) & M32
    return mix(x, n)


def module():
    out = ['(module',
           '  (type $ab (func (param i32 i32) (result i32)))',
           '  (table %d funcref)' % FUNCS,
           '  (elem (i32.const 0) %s)' % ' '.join('$f%d' % n for n in range(FUNCS)),
           '  (func $mix (param $x i32) (param $n i32) (result i32)',
           '    (i32.rotl (i32.xor (local.get $x) (i32.mul (local.get $n) '
           '(i32.const 0x9E3779B1))) (i32.const 5)))',
           '  (func (export "dispatch") (param $i i32) (param $a i32) '
           '(param $b i32) (result i32)',
           '    (call_indirect (type $ab) (local.get $a) (local.get $b) '
           '(local.get $i)))']
    for n in range(FUNCS):
        out.append('  (func $f%d (export "f%d") (type $ab) (param $a i32) '
                   '(param $b i32) (result i32) (local $x i32)' % (n, n))
        out.append('    (local.set $x (local.get $a))')
        for i in range(OPS):
            c, r = constants(n, i)
            out.append('    (local.set $x (i32.add (i32.mul (local.get $x) '
                       '(i32.const %d)) (local.get $b)))' % (c - (1 << 32) if c > 0x7fffffff else c))
            out.append('    (local.set $x (i32.xor (local.get $x) '
                       '(i32.rotl (local.get $x) (i32.const %d))))' % r)
            out.append('    (local.set $b (i32.add (local.get $b) '
                       '(local.get $x)))')
        out.append('    (call $mix (local.get $x) (i32.const %d)))' % n)
    out.append(')')
    return '\n'.join(out)


if len(sys.argv) == 3 and sys.argv[1] == '--expect':
    v = run(int(sys.argv[2]), 7, 9)
    print(v - (1 << 32) if v > 0x7fffffff else v)  # wasmrun prints i32 signed
else:
    print(module())
