"""Fills a wasmrun cache past its bound and prints what it holds.

cache_bound.py WASMRUN DIR

Compiles small modules m1, m2, ... (each a .wat that returns its number)
through `wasmrun -v` with WASM2SO_CACHE_DIR=DIR/cache and a bound of
about three entries, and prints after each run which modules the cache
holds, oldest use first, and whether the total is within the bound. Then
runs several wasmrun processes at once on a cache with a small bound and
prints whether each printed its module's number and what the cache holds
afterwards (only whole entries: a directory with one .so that loads).
"""
import os
import subprocess
import sys

wasmrun, work = sys.argv[1], sys.argv[2]
cache = os.path.join(work, 'cache')


def module(i):
    path = os.path.join(work, 'm%d.wat' % i)
    with open(path, 'w') as f:
        f.write('(module (func (export "f") (result i32) (i32.const %d)))\n' % i)
    return path


def run(i, bound, extra_env=None):
    env = dict(os.environ, WASM2SO_CACHE_DIR=cache,
               WASM2SO_CACHE_MAX_SIZE=str(bound))
    p = subprocess.run([wasmrun, '-v', module(i), '--invoke', 'f'], env=env,
                       capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout == '%d\n' % i, (p.stdout, p.stderr)
    return p.stderr


def entries():
    """(last use, module, size) of each entry, oldest use first."""
    out = []
    for name in os.listdir(cache):
        d = os.path.join(cache, name)
        files = os.listdir(d)
        assert len(files) == 1 and files[0].endswith('.so'), files
        f = os.path.join(d, files[0])
        out.append((os.stat(f).st_mtime_ns, files[0][:-3], os.stat(f).st_size))
    return sorted(out)


def report(label, bound):
    e = entries()
    total = sum(s for _, _, s in e)
    print('%s: %s; within bound: %s' % (
        label, ' '.join(m for _, m, _ in e), 'yes' if total <= bound else
        'NO (%d > %d)' % (total, bound)))


# One entry's size sets the bound: three entries and a half.
run(1, 1 << 30)
size = entries()[0][2]
bound = size * 7 // 2
for i in range(2, 6):
    run(i, bound)
    report('after m%d' % i, bound)
# A hit makes an entry the most recently used: m3 survives m6, m4 goes.
run(3, bound)
report('after m3 again', bound)
run(6, bound)
report('after m6', bound)

# Concurrent runs: eight processes, four modules each twice, bound of two.
for name in os.listdir(cache):
    d = os.path.join(cache, name)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    os.rmdir(d)
bound = size * 5 // 2
env = dict(os.environ, WASM2SO_CACHE_DIR=cache,
           WASM2SO_CACHE_MAX_SIZE=str(bound))
procs = [(i, subprocess.Popen([wasmrun, module(i), '--invoke', 'f'], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True))
         for i in [7, 8, 9, 10] * 2]
ok = 0
for i, p in procs:
    out, err = p.communicate()
    if p.returncode == 0 and out == '%d\n' % i:
        ok += 1
    else:
        print('m%d failed: %r %r' % (i, out, err))
print('concurrent: %d of %d runs right' % (ok, len(procs)))
e = entries()
print('concurrent: %d entries, within bound: %s' % (
    len(e), 'yes' if sum(s for _, _, s in e) <= bound else 'NO'))
for name in os.listdir(cache):
    d = os.path.join(cache, name)
    so = os.path.join(d, os.listdir(d)[0])
    p = subprocess.run([wasmrun, so, '--invoke', 'f'], capture_output=True,
                       text=True)
    assert p.returncode == 0, p.stderr
print('concurrent: every entry loads')
