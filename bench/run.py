#!/usr/bin/env python3
"""run.py - Build the benchmark kernels for every engine and compare them.

  bench/run.py [--build DIR] [--rounds N] [--reps N] [--only K1,K2] [--check]

Each kernel in bench/kernels/*.c exports run(), which returns a checksum.
It is built four ways, all for the same target CPU (-march=x86-64-v2, also
wasm2so's default):

  native   clang-19 -O2 of the C source (= 1.00)
  wasm2so  clang-19 --target=wasm32 -O2, then wasm2so -O2; timed by
           bench/harness/harness.cpp through the runtime library
  wasm2c   the same .wasm through wasm2c, then clang-19 -O2 with WABT's
           runtime in guard-page mode (WASM_RT_MEMCHECK_SIGNAL_HANDLER)
  v8       the same .wasm in Node.js; compilation and instantiation are
           outside the timed region

Every timing process calls run() once to warm up (V8 tiers up here) and
then REPS more times, reporting the median call. Engines run interleaved,
one process each per round and in a rotating order, so that machine load
hits them alike. Ratios are paired: each round divides an engine's time by
the native time of the same round, and the table shows the median of those
ROUNDS ratios (and, for native, the median time). A second table compares
compile times: wasm2so -O2 against wasm2c + clang-19 -O2 -c of the
generated C (the shared runtime and harness objects are excluded).

--extra A.wasm,B.wasm adds modules to the compile-time table only (they
may import anything: nothing runs them), e.g. the WASI builds of zlib's
minigzip and bzip2, the largest modules built here from real sources.

--callgrind adds a column that does not depend on machine load: the ratio
of instructions executed (valgrind --tool=callgrind, whole process, one
warm-up and one timed call) by the wasm2so build to the native build.

--check builds everything and runs each engine once, untimed, and fails if
any checksum disagrees: what CI may run.
"""

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
KERNELS = os.path.join(BENCH, 'kernels')
HARNESS = os.path.join(BENCH, 'harness')
WABT_RT = '/usr/share/wabt/wasm2c'

CC = 'clang-19'
CXX = 'clang++-19'
MARCH = '-march=x86-64-v2'
ENGINES = ['native', 'wasm2so', 'wasm2c', 'v8']


def sh(args, **kw):
    """Runs a command; exits with its output when it fails."""
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, **kw)
    if r.returncode != 0:
        sys.exit('command failed: %s\n%s%s' % (' '.join(args), r.stdout,
                                                r.stderr))
    return r.stdout


def timed(args):
    """Wall-clock seconds of one run of a command."""
    t0 = time.perf_counter()
    sh(args)
    return time.perf_counter() - t0


def compile_both(wasm, name, out, build_dir, reps):
    """Compiles a module with wasm2so -O2 and with wasm2c + clang -O2 -c;
    returns the median wall times of both."""
    base = os.path.join(out, name)
    wasm2so = [os.path.join(build_dir, 'bin', 'wasm2so'), wasm, '-O2', '-o',
               base + '.so']
    w2c_c = base + '_w2c.c'
    wasm2c = ['wasm2c', wasm, '-n', name, '-o', w2c_c]
    clang_w2c = [CC, '-O2', MARCH, '-I', WABT_RT, '-c', w2c_c, '-o',
                 base + '_w2c.o']
    t_so, t_w2c = [], []
    for _ in range(reps):
        t_so.append(timed(wasm2so))
        t_w2c.append(timed(wasm2c) + timed(clang_w2c))
    return statistics.median(t_so), statistics.median(t_w2c)


def build(kernel, out, build_dir, compile_reps):
    """Builds one kernel for every engine; returns its compile times."""
    src = os.path.join(KERNELS, kernel + '.c')
    base = os.path.join(out, kernel)
    wasm = base + '.wasm'
    sh([CC, '-O2', MARCH, '-I', KERNELS, '-o', base + '.native', src,
        os.path.join(HARNESS, 'native_main.c')])
    # -mbulk-memory: memset/memcpy become memory.fill/memory.copy, so the
    # module needs no imports.
    sh([CC, '--target=wasm32', '-nostdlib', '-O2', '-mbulk-memory',
        '-Wl,--no-entry', '-Wl,--export=run', '-o', wasm, src])
    times = compile_both(wasm, kernel, out, build_dir, compile_reps)
    sh([CC, '-O2', MARCH, '-I', WABT_RT, '-I', out, '-DWASM2C=' + kernel,
        '-DWASM2C_HEADER="%s_w2c.h"' % kernel, '-o', base + '.w2c',
        base + '_w2c.o', os.path.join(out, 'wasm-rt-impl.o'),
        os.path.join(HARNESS, 'native_main.c'), '-lm'])
    return times


def command(engine, kernel, out, reps):
    base = os.path.join(out, kernel)
    if engine == 'native':
        return [base + '.native', str(reps)]
    if engine == 'wasm2so':
        return [os.path.join(out, 'harness'), base + '.so', str(reps)]
    if engine == 'wasm2c':
        return [base + '.w2c', str(reps)]
    return ['node', os.path.join(HARNESS, 'node_harness.js'), base + '.wasm',
            str(reps)]


def measure(engine, kernel, out, reps):
    """(checksum, median ns) of one timing process."""
    fields = sh(command(engine, kernel, out, reps)).split()
    return int(fields[0]), int(fields[1])


def instructions(cmd):
    """Instructions executed by a command, counted by callgrind."""
    r = subprocess.run(['valgrind', '--tool=callgrind',
                        '--callgrind-out-file=/dev/null'] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    for line in r.stderr.splitlines():
        if 'Collected :' in line:
            return int(line.split(':')[-1])
    sys.exit('callgrind failed: %s\n%s' % (' '.join(cmd), r.stderr))


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build', default=os.path.join(ROOT, 'build'),
                    help='wasm2so build directory (bin/, lib/)')
    ap.add_argument('--out', default='/tmp/wasm2so-bench',
                    help='where binaries go')
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--reps', type=int, default=3,
                    help='timed calls per process (after one warm-up)')
    ap.add_argument('--compile-reps', type=int, default=3)
    ap.add_argument('--only', help='comma-separated kernels')
    ap.add_argument('--engines', default=','.join(ENGINES))
    ap.add_argument('--check', action='store_true',
                    help='untimed: run once, compare checksums')
    ap.add_argument('--extra', default='',
                    help='comma-separated .wasm files, compile time only')
    ap.add_argument('--callgrind', action='store_true',
                    help='also count instructions, wasm2so vs native')
    args = ap.parse_args()

    kernels = sorted(f[:-2] for f in os.listdir(KERNELS) if f.endswith('.c'))
    if args.only:
        kernels = [k for k in kernels if k in args.only.split(',')]
    engines = args.engines.split(',')
    if 'native' not in engines or 'wasm2so' not in engines:
        sys.exit('--engines must include native and wasm2so')
    if args.check:
        args.rounds, args.reps, args.compile_reps = 1, 1, 1

    os.makedirs(args.out, exist_ok=True)
    build_dir = os.path.abspath(args.build)
    sh([CC, '-O2', MARCH, '-I', WABT_RT, '-c',
        os.path.join(WABT_RT, 'wasm-rt-impl.c'), '-o',
        os.path.join(args.out, 'wasm-rt-impl.o')])
    sh([CXX, '-O2', '-std=c++17', MARCH, '-I', os.path.join(ROOT, 'include'),
        '-o', os.path.join(args.out, 'harness'),
        os.path.join(HARNESS, 'harness.cpp'),
        os.path.join(build_dir, 'lib', 'libw2s_rt.a'), '-ldl', '-lpthread'])
    compile_times = {}
    for k in kernels:
        compile_times[k] = build(k, args.out, build_dir, args.compile_reps)
        print('built %s' % k, file=sys.stderr)
    sizes = {k: os.path.getsize(os.path.join(args.out, k + '.wasm'))
             for k in kernels}
    for path in filter(None, args.extra.split(',')):
        name = os.path.splitext(os.path.basename(path))[0]
        compile_times[name] = compile_both(path, name, args.out, build_dir,
                                           args.compile_reps)
        sizes[name] = os.path.getsize(path)
        print('compiled %s' % name, file=sys.stderr)

    ns = {(k, e): [] for k in kernels for e in engines}
    sums = {(k, e): set() for k in kernels for e in engines}
    for r in range(args.rounds):
        for i, k in enumerate(kernels):
            shift = (r + i) % len(engines)
            for e in engines[shift:] + engines[:shift]:
                s, t = measure(e, k, args.out, args.reps)
                sums[(k, e)].add(s)
                ns[(k, e)].append(t)
        print('round %d/%d done' % (r + 1, args.rounds), file=sys.stderr)

    bad = [k for k in kernels
           if len(set().union(*(sums[(k, e)] for e in engines))) != 1]
    for k in bad:
        print('CHECKSUM MISMATCH %s: %s' % (k, {e: sorted(sums[(k, e)])
                                               for e in engines}))
    if args.check:
        print('checksums agree on %d kernels' % len(kernels) if not bad else
              'checksums disagree')
        return 1 if bad else 0

    others = [e for e in engines if e != 'native']
    irs = {}
    if args.callgrind:
        for k in kernels:
            irs[k] = (instructions(command('wasm2so', k, args.out, 1)) /
                      instructions(command('native', k, args.out, 1)))
    print('\nRun time: paired ratio to native (lower is better), median of '
          '%d rounds, each the median of %d calls\n' % (args.rounds,
                                                          args.reps))
    ir_head = ' | wasm2so instr.' if args.callgrind else ''
    print('| kernel | native ms | ' + ' | '.join(others) + ir_head +
          ' | wasm2so ratio range |')
    print('|---|---:|' + '---:|' * (len(others) + bool(args.callgrind)) +
          '---:|')
    ratios = {e: [] for e in others}
    for k in kernels:
        base = ns[(k, 'native')]
        cells = []
        for e in others:
            per_round = [t / b for t, b in zip(ns[(k, e)], base)]
            ratio = statistics.median(per_round)
            ratios[e].append(ratio)
            cells.append('%.2f' % ratio)
        if args.callgrind:
            cells.append('%.2f' % irs[k])
        so = [t / b for t, b in zip(ns[(k, 'wasm2so')], base)]
        print('| %s | %.1f | %s | %.2f-%.2f |' % (
            k, statistics.median(base) / 1e6, ' | '.join(cells), min(so),
            max(so)))
    print('| **geomean** | | ' +
          ' | '.join('**%.2f**' % geomean(ratios[e]) for e in others) +
          (' | **%.2f**' % geomean(list(irs.values())) if irs else '') +
          ' | |')

    print('\nCompile time (wall, median of %d): wasm2so -O2 vs wasm2c + '
          'clang-19 -O2 -c\n' % args.compile_reps)
    print('| kernel | .wasm bytes | wasm2so ms | wasm2c+clang ms | speed-up |')
    print('|---|---:|---:|---:|---:|')
    for k, (so, w2c) in compile_times.items():
        print('| %s | %d | %.0f | %.0f | %.1fx |' % (k, sizes[k], so * 1e3,
                                                   w2c * 1e3, w2c / so))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
