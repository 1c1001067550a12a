#!/usr/bin/env python3
"""run.py - Build the benchmarks for every engine and compare them.

  bench/run.py [--build DIR] [--rounds N] [--reps N] [--only K1,K2]
               [--real | --no-real] [--real-mib N] [--check]

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

The real programs, zlib's minigzip and bzip2 (the WASI builds from Debian's
sources), each compress a generated file of --real-mib MiB (default 50,
deterministic text, log lines and binary data, made once and kept in OUT)
from stdin to stdout, once per engine and round, timed as whole runs:

  native   scripts/real-programs.sh's native build, compiled here with
           clang-19 -O2 -march=x86-64-v2 (run.py passes the -march in
           W2S_NATIVE_CFLAGS)
  wasm2so  its .wasm through wasm2so -O2 (the compile table's .so), run by
           wasmrun: the wall time includes loading the .so
  wasm2c   the same .wasm through wasm2c and clang-19 -O2, linked with
           bench/wasi/wasm2c_wasi.c (the WASI calls these two programs make)
  v8       the same .wasm through node:wasi (bench/harness/node_wasi.js);
           only wasi.start() is timed, so Node's startup, compilation and
           instantiation are not, but V8's tier-up during the run is

native, wasm2so and wasm2c are timed as the whole process (a few
milliseconds of process start against seconds of work). Every output must
equal the native build's byte for byte, and the native build's output must
decompress to the input (checked once per run, untimed). The programs are
rows of both tables, below the kernels; the kernels' geomean row stays the
kernels' own, and a second row is the geomean over all rows.
scripts/real-programs.sh fetches the sources once (apt-get source, so it
needs the network the first time) and builds in --real-work (default
OUT/real); when it cannot, the programs are reported as SKIPPED, loudly.

The programs are in a timed run by default; --no-real leaves them out.
--check leaves them out unless --real asks for them. --only selects kernels
and programs by name (--only fib,bzip2); with --only, the programs are in
only when named or with --real.

--extra A.wasm,B.wasm adds modules to the compile-time table only (they
may import anything: nothing runs them).

--callgrind adds a column that does not depend on machine load: the ratio
of instructions executed (valgrind --tool=callgrind, whole process, one
warm-up and one timed call) by the wasm2so build to the native build, for
the kernels only.

--baseline DIR adds the engine "baseline": wasm2so -O2 and its runtime
from another build tree (an older commit, say), compiled, linked and run
like wasm2so. It gives paired before/after ratios in one run, the form in
which docs/performance.md reports a change's effect.

--check builds everything and runs each engine once, untimed, and fails if
any checksum or compressed output disagrees: what CI may run. With --real
it exits with 77 when the programs are skipped (and the kernels agree).
"""

import argparse
import array
import filecmp
import itertools
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
KERNELS = os.path.join(BENCH, 'kernels')
HARNESS = os.path.join(BENCH, 'harness')
WASI_SHIM = os.path.join(BENCH, 'wasi', 'wasm2c_wasi.c')
REAL_SCRIPT = os.path.join(ROOT, 'scripts', 'real-programs.sh')
WABT_RT = '/usr/share/wabt/wasm2c'

CC = 'clang-19'
CXX = 'clang++-19'
MARCH = '-march=x86-64-v2'
ENGINES = ['native', 'wasm2so', 'wasm2c', 'v8']

# The real programs: the arguments that compress stdin to stdout, and those
# that decompress.
PROGRAMS = {'minigzip': ([], ['-d']), 'bzip2': (['-z'], ['-d'])}
# Part of the generated input's file name: change it with make_input.
INPUT_VERSION = 1


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
    """Compiles a module with wasm2so -O2 (on every core, its default, and
    with -j1) and with wasm2c + clang -O2 -c; returns the median wall times
    of the three."""
    base = os.path.join(out, name)
    wasm2so = [os.path.join(build_dir, 'bin', 'wasm2so'), wasm, '-O2', '-o',
               base + '.so']
    wasm2so_j1 = wasm2so[:-1] + [base + '.j1.so', '-j1']
    w2c_c = base + '_w2c.c'
    wasm2c = ['wasm2c', wasm, '-n', name, '-o', w2c_c]
    clang_w2c = [CC, '-O2', MARCH, '-I', WABT_RT, '-c', w2c_c, '-o',
                 base + '_w2c.o']
    t_so, t_j1, t_w2c = [], [], []
    for _ in range(reps):
        t_so.append(timed(wasm2so))
        t_j1.append(timed(wasm2so_j1))
        t_w2c.append(timed(wasm2c) + timed(clang_w2c))
    return (statistics.median(t_so), statistics.median(t_j1),
            statistics.median(t_w2c))


def link_w2c(name, out, main_c):
    """Links a module compiled by compile_both with WABT's runtime and
    MAIN_C (native_main.c for a kernel, the WASI shim for a program)."""
    base = os.path.join(out, name)
    sh([CC, '-O2', MARCH, '-I', WABT_RT, '-I', out, '-DWASM2C=' + name,
        '-DWASM2C_HEADER="%s_w2c.h"' % name, '-o', base + '.w2c',
        base + '_w2c.o', os.path.join(out, 'wasm-rt-impl.o'), main_c, '-lm'])


def compile_baseline(wasm, name, out, baseline):
    """Compiles a module with the --baseline build's wasm2so -O2."""
    if baseline:
        sh([os.path.join(baseline, 'bin', 'wasm2so'), wasm, '-O2', '-o',
            os.path.join(out, name + '.base.so')])


def source_dir(build_dir):
    """The source tree a CMake build directory was configured from."""
    with open(os.path.join(build_dir, 'CMakeCache.txt')) as f:
        for line in f:
            if line.startswith('CMAKE_HOME_DIRECTORY:'):
                return line.split('=', 1)[1].strip()
    sys.exit('%s: not a configured CMake build directory' % build_dir)


def build_harness(out, build_dir, name):
    """Links bench/harness/harness.cpp with BUILD_DIR's runtime and
    headers."""
    sh([CXX, '-O2', '-std=c++17', MARCH, '-I',
        os.path.join(source_dir(build_dir), 'include'), '-o',
        os.path.join(out, name), os.path.join(HARNESS, 'harness.cpp'),
        os.path.join(build_dir, 'lib', 'libw2s_rt.a'), '-ldl', '-lpthread'])


def build(kernel, out, build_dir, compile_reps, baseline):
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
    compile_baseline(wasm, kernel, out, baseline)
    link_w2c(kernel, out, os.path.join(HARNESS, 'native_main.c'))
    return times


def command(engine, kernel, out, reps):
    base = os.path.join(out, kernel)
    if engine == 'native':
        return [base + '.native', str(reps)]
    if engine == 'wasm2so':
        return [os.path.join(out, 'harness'), base + '.so', str(reps)]
    if engine == 'baseline':
        return [os.path.join(out, 'harness-base'), base + '.base.so',
                str(reps)]
    if engine == 'wasm2c':
        return [base + '.w2c', str(reps)]
    return ['node', os.path.join(HARNESS, 'node_harness.js'), base + '.wasm',
            str(reps)]


def measure(engine, kernel, out, reps):
    """(checksum, median ns) of one timing process."""
    fields = sh(command(engine, kernel, out, reps)).split()
    return int(fields[0]), int(fields[1])


# ---------------------------- real programs ---------------------------- #

def build_programs(work, build_dir):
    """Has scripts/real-programs.sh fetch and build minigzip and bzip2 in
    WORK, unless an earlier run did (with the same native flags and an
    older script). Returns {name: (.wasm, native executable)}, or the reason
    they are skipped."""
    out = os.path.join(work, 'out')
    progs = {p: (os.path.join(out, 'wasm', p + '.wasm'),
                 os.path.join(out, 'native', p)) for p in PROGRAMS}
    stamp = os.path.join(work, 'bench-native-flags')
    flags = '-O2 ' + MARCH
    if (all(os.path.exists(f) for pair in progs.values() for f in pair) and
            os.path.exists(stamp) and open(stamp).read() == flags and
            os.path.getmtime(stamp) >= os.path.getmtime(REAL_SCRIPT)):
        return progs
    if os.path.exists(stamp):
        os.remove(stamp)
    # The script builds natively with `clang-19 -O2 $W2S_NATIVE_CFLAGS`.
    if not shutil.which(CC):
        return '%s is not installed' % CC
    env = dict(os.environ, W2S_NATIVE_CFLAGS=MARCH)
    os.makedirs(work, exist_ok=True)
    log = os.path.join(work, 'real-programs.log')
    print('building minigzip and bzip2 with %s (log: %s)' % (
        os.path.relpath(REAL_SCRIPT, ROOT), log), file=sys.stderr)
    with open(log, 'w') as f:
        r = subprocess.run(
            ['bash', REAL_SCRIPT, '--work', work,
             '--wasm2so', os.path.join(build_dir, 'bin', 'wasm2so'),
             '--wasmrun', os.path.join(build_dir, 'bin', 'wasmrun')],
            env=env, stdout=f, stderr=subprocess.STDOUT)
    lines = open(log).read().splitlines()
    if r.returncode == 77:
        return next((l.split('SKIPPED: ', 1)[1] for l in lines
                     if 'SKIPPED: ' in l), 'skipped, see ' + log)
    if r.returncode != 0:
        sys.exit('%s failed (exit %d):\n%s\nsee %s' % (
            REAL_SCRIPT, r.returncode, '\n'.join(lines[-15:]), log))
    with open(stamp, 'w') as f:
        f.write(flags)
    return progs


def make_input(path, size, seed=20261127):
    """Writes SIZE deterministic bytes that compress like mixed real data
    (about 2x with gzip -6), unless PATH already holds them (its name
    carries INPUT_VERSION): prose from a Zipf-distributed vocabulary, log
    lines, low-entropy binary, tables of increasing 32-bit integers, byte
    runs and incompressible noise."""
    if os.path.exists(path) and os.path.getsize(path) == size:
        return
    r = random.Random(seed)
    letters = 'etaoinshrdlcumwfgypbvkjxqz'  # by English letter frequency
    weights = [12.7, 9.1, 8.2, 7.5, 7.0, 6.7, 6.3, 6.1, 6.0, 4.3, 4.0, 2.8,
               2.8, 2.4, 2.4, 2.2, 2.0, 2.0, 1.9, 1.5, 1.0, 0.8, 0.2, 0.2,
               0.1, 0.1]
    vocab = [''.join(r.choices(letters, weights, k=r.randint(1, 12)))
             for _ in range(20000)]
    zipf = list(itertools.accumulate(1.0 / (i + 1)
                                     for i in range(len(vocab))))
    # 16 byte values, as in flags, masks and small counters.
    low = bytes(r.choice(b'\x00\x01\x02\x03\x04\x07\x08\x0f\x10\x1f\x20'
                         b'\x3f\x40\x7f\x80\xff') for _ in range(256))
    data = bytearray()
    while len(data) < size:
        k = r.random()
        if k < 0.5:
            words = r.choices(vocab, cum_weights=zipf,
                              k=r.randint(200, 3000))
            for i in range(0, len(words), 12):
                data += (' '.join(words[i:i + 12]) + '\n').encode()
        elif k < 0.7:
            t = r.randint(1700000000, 1800000000)
            for _ in range(r.randint(50, 500)):
                t += r.randint(0, 30)
                data += ('%d host%02d %s id=%d status=%s bytes=%d\n' % (
                    t, r.randint(0, 40),
                    r.choice(('GET', 'PUT', 'POST', 'DELETE')),
                    r.getrandbits(20), r.choice(('200', '200', '404', '500')),
                    r.getrandbits(r.randint(4, 20)))).encode()
        elif k < 0.82:
            data += r.randbytes(r.randint(1000, 30000)).translate(low)
        elif k < 0.92:
            v, table = r.getrandbits(24), array.array('I')
            for _ in range(r.randint(500, 8000)):
                v = (v + r.randint(0, 300)) & 0xffffffff
                table.append(v)
            data += table.tobytes()
        elif k < 0.97:
            data += bytes([r.getrandbits(8)]) * r.randint(1, 5000)
        else:
            data += r.randbytes(r.randint(100, 20000))
    with open(path + '.tmp', 'wb') as f:
        f.write(data[:size])
    os.replace(path + '.tmp', path)


def program_command(engine, name, progs, out, build_dir, time_file,
                    baseline=None):
    """The command that compresses stdin to stdout with one engine."""
    args = PROGRAMS[name][0]
    wasm, native = progs[name]
    if engine == 'native':
        return [native] + args
    if engine == 'wasm2so':
        return [os.path.join(build_dir, 'bin', 'wasmrun'),
                os.path.join(out, name + '.so'), '--'] + args
    if engine == 'baseline':
        return [os.path.join(baseline, 'bin', 'wasmrun'),
                os.path.join(out, name + '.base.so'), '--'] + args
    if engine == 'wasm2c':
        return [os.path.join(out, name + '.w2c')] + args
    return ['node', '--no-warnings', os.path.join(HARNESS, 'node_wasi.js'),
            time_file, wasm] + args


def run_program(cmd, stdin, stdout, time_file=None):
    """Runs CMD <STDIN >STDOUT; returns its wall time in ns, or the time
    node_wasi.js measured around wasi.start() and wrote to TIME_FILE."""
    if time_file and os.path.exists(time_file):
        os.remove(time_file)
    with open(stdin, 'rb') as i, open(stdout, 'wb') as o:
        t0 = time.perf_counter()
        r = subprocess.run(cmd, stdin=i, stdout=o, stderr=subprocess.PIPE,
                           text=True)
        ns = int((time.perf_counter() - t0) * 1e9)
    if r.returncode != 0:
        sys.exit('command failed (exit %d): %s <%s >%s\n%s' % (
            r.returncode, ' '.join(cmd), stdin, stdout, r.stderr))
    if time_file:
        ns = int(open(time_file).read())
    return ns


def check_program(name, progs, data, out):
    """Compresses DATA with the native build and decompresses it back
    (untimed); returns the compressed file, the reference for every
    engine's output."""
    _, native = progs[name]
    ref = os.path.join(out, name + '.ref')
    run_program([native] + PROGRAMS[name][0], data, ref)
    back = os.path.join(out, name + '.back')
    run_program([native] + PROGRAMS[name][1], ref, back)
    if not filecmp.cmp(data, back, shallow=False):
        sys.exit('%s: the native build does not decompress its own output '
                 'back to %s' % (name, data))
    os.remove(back)
    return ref


# -------------------------------- tables -------------------------------- #

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
    ap.add_argument('--only', help='comma-separated kernels and programs')
    ap.add_argument('--engines', default=','.join(ENGINES))
    ap.add_argument('--check', action='store_true',
                    help='untimed: run once, compare checksums and outputs')
    real = ap.add_mutually_exclusive_group()
    real.add_argument('--real', action='store_true', default=None,
                      help='include minigzip and bzip2 (needs the network '
                      'the first time)')
    real.add_argument('--no-real', dest='real', action='store_false',
                      help='leave minigzip and bzip2 out')
    ap.add_argument('--real-mib', type=int, default=50,
                    help='size of the generated input the programs compress')
    ap.add_argument('--real-work',
                    help='scripts/real-programs.sh work directory '
                    '(default OUT/real)')
    ap.add_argument('--extra', default='',
                    help='comma-separated .wasm files, compile time only')
    ap.add_argument('--baseline', metavar='DIR',
                    help='another wasm2so build directory, run as the '
                    'engine "baseline"')
    ap.add_argument('--callgrind', action='store_true',
                    help='also count instructions, wasm2so vs native')
    args = ap.parse_args()

    kernels = sorted(f[:-2] for f in os.listdir(KERNELS) if f.endswith('.c'))
    programs = list(PROGRAMS)
    if args.only:
        only = args.only.split(',')
        unknown = [n for n in only if n not in kernels + programs]
        if unknown:
            sys.exit('--only: no kernel or program %s' % ','.join(unknown))
        kernels = [k for k in kernels if k in only]
        if not args.real:
            programs = [p for p in programs if p in only]
    elif args.real is None:
        programs = [] if args.check else programs
    if args.real is False:
        programs = []
    engines = args.engines.split(',')
    if 'native' not in engines or 'wasm2so' not in engines:
        sys.exit('--engines must include native and wasm2so')
    baseline = os.path.abspath(args.baseline) if args.baseline else None
    if baseline:
        engines.insert(engines.index('wasm2so') + 1, 'baseline')
    if args.check:
        args.rounds, args.reps, args.compile_reps = 1, 1, 1

    os.makedirs(args.out, exist_ok=True)
    build_dir = os.path.abspath(args.build)
    sh([CC, '-O2', MARCH, '-I', WABT_RT, '-c',
        os.path.join(WABT_RT, 'wasm-rt-impl.c'), '-o',
        os.path.join(args.out, 'wasm-rt-impl.o')])
    build_harness(args.out, build_dir, 'harness')
    if baseline:
        build_harness(args.out, baseline, 'harness-base')
    compile_times = {}
    sizes = {}
    for k in kernels:
        compile_times[k] = build(k, args.out, build_dir, args.compile_reps,
                                 baseline)
        sizes[k] = os.path.getsize(os.path.join(args.out, k + '.wasm'))
        print('built %s' % k, file=sys.stderr)

    # The real programs: built by scripts/real-programs.sh, then compiled
    # here like the kernels' .wasm; skipped loudly when the script cannot
    # fetch their sources.
    progs, skipped, data, refs = {}, None, None, {}
    if programs:
        work = os.path.abspath(args.real_work or
                               os.path.join(args.out, 'real'))
        built = build_programs(work, build_dir)
        if isinstance(built, str):
            skipped = built
            print('*** REAL PROGRAMS SKIPPED: %s' % skipped, file=sys.stderr)
        else:
            progs = {p: built[p] for p in programs}
    for p in progs:
        wasm = progs[p][0]
        compile_times[p] = compile_both(wasm, p, args.out, build_dir,
                                        args.compile_reps)
        compile_baseline(wasm, p, args.out, baseline)
        sizes[p] = os.path.getsize(wasm)
        link_w2c(p, args.out, WASI_SHIM)
        print('built %s' % p, file=sys.stderr)
    if progs:
        data = os.path.join(args.out, 'real-input-v%d-%dMiB' % (
            INPUT_VERSION, args.real_mib))
        make_input(data, args.real_mib << 20)
        for p in progs:
            refs[p] = check_program(p, progs, data, args.out)
        print('native round trips of %s agree' % ', '.join(progs),
              file=sys.stderr)

    for path in filter(None, args.extra.split(',')):
        name = os.path.splitext(os.path.basename(path))[0]
        compile_times[name] = compile_both(path, name, args.out, build_dir,
                                           args.compile_reps)
        sizes[name] = os.path.getsize(path)
        print('compiled %s' % name, file=sys.stderr)

    # Kernels and programs share the rounds; within a round every row
    # starts with a different engine.
    rows = kernels + list(progs)
    ns = {(k, e): [] for k in rows for e in engines}
    sums = {(k, e): set() for k in kernels for e in engines}
    differ = set()  # (program, engine) whose output was not the reference
    time_file = os.path.join(args.out, 'v8-start-ns')
    for r in range(args.rounds):
        for i, k in enumerate(rows):
            shift = (r + i) % len(engines)
            for e in engines[shift:] + engines[:shift]:
                if k in progs:
                    z = os.path.join(args.out, '%s.%s.out' % (k, e))
                    cmd = program_command(e, k, progs, args.out, build_dir,
                                          time_file, baseline)
                    ns[(k, e)].append(run_program(
                        cmd, data, z, time_file if e == 'v8' else None))
                    if not filecmp.cmp(z, refs[k], shallow=False):
                        differ.add((k, e))
                    os.remove(z)
                    continue
                s, t = measure(e, k, args.out, args.reps)
                sums[(k, e)].add(s)
                ns[(k, e)].append(t)
        print('round %d/%d done' % (r + 1, args.rounds), file=sys.stderr)

    bad = [k for k in kernels
           if len(set().union(*(sums[(k, e)] for e in engines))) != 1]
    for k in bad:
        print('CHECKSUM MISMATCH %s: %s' % (k, {e: sorted(sums[(k, e)])
                                               for e in engines}))
    for k, e in sorted(differ):
        print('OUTPUT MISMATCH %s: %s does not compress as native does' % (
            k, e))
    bad += sorted({k for k, _ in differ})
    if args.check:
        print('checksums agree on %d kernels' % len(kernels) if not bad else
              'checksums or outputs disagree')
        if progs and not bad:
            print('%s: every engine compresses the %d MiB input as the '
                  'native build does, which decompresses it back' % (
                      ', '.join(progs), args.real_mib))
        if skipped:
            print('*** REAL PROGRAMS SKIPPED: %s' % skipped)
        return 1 if bad else 77 if skipped else 0

    others = [e for e in engines if e != 'native']
    irs = {}
    if args.callgrind:
        for k in kernels:
            irs[k] = (instructions(command('wasm2so', k, args.out, 1)) /
                      instructions(command('native', k, args.out, 1)))
    print('\nRun time: paired ratio to native (lower is better), median of '
          '%d rounds, each the median of %d calls%s\n' % (
              args.rounds, args.reps,
              ' (a program: one run)' if progs else ''))
    ir_head = ' | wasm2so instr.' if args.callgrind else ''
    ir_blank = ' | ' if args.callgrind else ''
    print('| benchmark | native ms | ' + ' | '.join(others) + ir_head +
          ' | wasm2so ratio range |')
    print('|---|---:|' + '---:|' * (len(others) + bool(args.callgrind)) +
          '---:|')
    ratios = {e: {} for e in others}

    def row(k):
        base = ns[(k, 'native')]
        cells = []
        for e in others:
            per_round = [t / b for t, b in zip(ns[(k, e)], base)]
            ratios[e][k] = statistics.median(per_round)
            cells.append('%.2f' % ratios[e][k])
        if args.callgrind:
            cells.append('%.2f' % irs[k] if k in irs else 'n/a')
        so = [t / b for t, b in zip(ns[(k, 'wasm2so')], base)]
        print('| %s | %.1f | %s | %.2f-%.2f |' % (
            k, statistics.median(base) / 1e6, ' | '.join(cells), min(so),
            max(so)))

    def mean_row(label, names):
        print('| **%s** | | ' % label +
              ' | '.join('**%.2f**' % geomean([ratios[e][k] for k in names])
                         for e in others) +
              (' | **%.2f**' % geomean([irs[k] for k in names])
               if irs and all(k in irs for k in names) else ir_blank) +
              ' | |')

    for k in kernels:
        row(k)
    if kernels:
        mean_row('geomean', kernels)
    if progs or skipped:
        print('| *real programs, compressing %d MiB* | |' % args.real_mib +
              ' |' * (len(others) + bool(args.callgrind) + 1))
    for k in progs:
        row(k)
    if skipped:
        for k in programs:
            print('| %s | SKIPPED: %s |' % (k, skipped) +
                  ' |' * (len(others) + bool(args.callgrind) + 1))
    if progs and kernels:
        mean_row('geomean, all rows', rows)
    if progs:
        print('\nReal programs: one compression (stdin to stdout, output '
              'checked) per engine and round; native, wasm2so (wasmrun) and '
              'wasm2c timed as whole processes, v8 only inside '
              'wasi.start() (Node startup, compilation and instantiation '
              'excluded).' + (' The geomean row is the kernels\' alone.'
                              if kernels else ''))
    if skipped:
        print('\n*** REAL PROGRAMS SKIPPED: %s' % skipped)

    print('\nCompile time (wall, median of %d): wasm2so -O2 (on all %d '
          'cores, and with -j1) vs wasm2c + clang-19 -O2 -c\n' % (
              args.compile_reps, os.cpu_count()))
    print('| module | .wasm bytes | wasm2so ms | wasm2so -j1 ms | '
          'wasm2c+clang ms | speed-up |')
    print('|---|---:|---:|---:|---:|---:|')
    for k, (so, j1, w2c) in compile_times.items():
        print('| %s | %d | %.0f | %.0f | %.0f | %.1fx |' % (
            k, sizes[k], so * 1e3, j1 * 1e3, w2c * 1e3, w2c / so))
    if skipped:
        for k in programs:
            print('| %s | SKIPPED | | | | |' % k)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
