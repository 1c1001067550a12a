#!/usr/bin/env python3
"""gen-nops.py - A module with more than 2 MiB of code that costs almost
nothing to compile: each function is a short loop after a long run of
`nop`s, which lowering drops. Enough bytes of code for -O2's large-module
tier (compiler/Optimize.h, LargeModuleCodeBytes), in a few seconds.

  gen-nops.py OUT.wasm      writes the module (binary)
  gen-nops.py --expect K A B
                            prints what `--invoke fK A B` returns

fK(a, b): s = 0, i = 0; do { s = s * (31 + K) + a + i; i += 1 }
while i < b (signed); return s, all in i32.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', '..', 'scripts'))
from wasmbin import uleb  # noqa: E402

FUNCS = 4
NOPS = 600000  # 4 x 600,000 bytes of nops: 2.4 MB of code
M32 = 0xffffffff


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


def name(s):
    return uleb(len(s)) + s.encode()


def body(k):
    # Parameters a = 0, b = 1; locals i = 2, s = 3.
    code = bytearray(b'\x01' * NOPS)
    code += b'\x03\x40'                                 # loop
    code += b'\x20\x03\x41' + bytes([31 + k]) + b'\x6c'  # s * (31 + k) < 64
    code += b'\x20\x00\x6a\x20\x02\x6a\x21\x03'         # + a + i -> s
    code += b'\x20\x02\x41\x01\x6a\x22\x02'             # i += 1
    code += b'\x20\x01\x48\x0d\x00'                     # br_if i < b
    code += b'\x0b\x20\x03\x0b'                         # end, s, end
    func = uleb(1) + uleb(2) + b'\x7f' + bytes(code)    # two i32 locals
    return uleb(len(func)) + func


def module():
    types = uleb(1) + b'\x60' + uleb(2) + b'\x7f\x7f' + uleb(1) + b'\x7f'
    funcs = uleb(FUNCS) + b''.join(uleb(0) for _ in range(FUNCS))
    exports = uleb(FUNCS) + b''.join(
        name('f%d' % k) + b'\x00' + uleb(k) for k in range(FUNCS))
    code = uleb(FUNCS) + b''.join(body(k) for k in range(FUNCS))
    return (b'\x00asm\x01\x00\x00\x00' + section(1, types) +
            section(3, funcs) + section(7, exports) + section(10, code))


def run(k, a, b):
    s = i = 0
    while True:
        s = (s * (31 + k) + a + i) & M32
        i = (i + 1) & M32
        if not (i if i < 0x80000000 else i - (1 << 32)) < b:
            return s


if len(sys.argv) == 5 and sys.argv[1] == '--expect':
    v = run(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    print(v - (1 << 32) if v > 0x7fffffff else v)  # wasmrun prints i32 signed
else:
    with open(sys.argv[1], 'wb') as f:
        f.write(module())
