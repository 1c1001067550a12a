#!/usr/bin/env python3
"""The differential tester (docs/testing.md, "difftest").

  difftest.py --seeds FIRST-LAST [--jobs N] [--work DIR] [--reduce]
  difftest.py --replay DIR         the regressions of DIR (NAME.wasm with
                                   NAME.expected, V8's trace) on wasm2so
  difftest.py --check MODULE.wasm  for wasm-reduce: prints `mismatch` when
                                   MODULE still runs differently, else `same`

Each seed becomes a module: deterministic random bytes, turned by binaryen's
`wasm-opt -ttf` into a valid module of the features listed in FEATURES.
difftest.py adds a getter export per global (wasmbin.py), runs the module on
V8 (run-v8.js, node) and on wasm2so in each configuration of CONFIGS
(w2s-difftest-run), and compares the traces line by line. Ends with
`difftest: N modules, M mismatches` and exits 1 when M > 0.
"""

import argparse
import concurrent.futures
import difflib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
import wasmbin  # noqa: E402

# What wasm-opt -ttf may use: every Wasm 2.0 feature binaryen 108 offers
# in its standard form, and the 3.0 features that V8 and wasm2so both run.
# Left out: reference types (binaryen 108 types ref.func with typed function
# references and makes funcref a subtype of externref, so its modules are
# invalid to V8 and wasm2so alike), exception handling (binaryen 108 emits
# the legacy instructions only with GC types here), memory64, GC.
FEATURES = ["--enable-simd", "--enable-bulk-memory", "--enable-multivalue",
            "--enable-sign-ext", "--enable-nontrapping-float-to-int",
            "--enable-mutable-globals", "--enable-tail-call"]
# O2-light: the large-module tier (compiler/Optimize.cpp), which a module
# of more than 2 MiB of code gets at -O1 and -O2 and no generated module
# is large enough to reach, forced on; -split as in spec-core-split.
CONFIGS = ["O0", "O2", "O0-split", "O2-split", "O2-light", "O2-light-split"]
TIMEOUT = 60  # seconds for one engine's whole run of one module


def seed_bytes(seed):
    """The generator's input for SEED: 1 to 16 KiB of random bytes."""
    rng = random.Random(seed)
    return rng.randbytes(rng.randint(1024, 16384))


def generate(seed, path):
    raw = path + ".bytes"
    with open(raw, "wb") as f:
        f.write(seed_bytes(seed))
    subprocess.run(["wasm-opt", "-ttf", raw, "-o", path] + FEATURES,
                   check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    os.unlink(raw)


def prepare(wasm_path, out_dir):
    """Writes OUT_DIR/module.wasm (with getters) and OUT_DIR/sigs.json."""
    with open(wasm_path, "rb") as f:
        data = f.read()
    instrumented = wasmbin.add_getters(data)
    mod = os.path.join(out_dir, "module.wasm")
    with open(mod, "wb") as f:
        f.write(instrumented)
    info = wasmbin.ModuleInfo(instrumented)
    sigs = os.path.join(out_dir, "sigs.json")
    with open(sigs, "w") as f:
        json.dump(info.export_sigs(), f)
    return mod, sigs


def run_v8(mod, sigs):
    """V8's trace, or None when V8 refuses the module."""
    try:
        p = subprocess.run(["node", "--stack-size=900",
                            os.path.join(HERE, "run-v8.js"), mod, sigs],
                           capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return out + "timeout\n"
    if p.returncode != 0:
        if p.returncode == 3:
            return None
        return p.stdout + "v8-error " + p.stderr.strip().splitlines()[-1] + "\n"
    return p.stdout


def runner_env(args):
    """The environment of w2s-difftest-run: with --inject-miscompile, the
    compiler's test-only fault (W2S_DEBUG_INJECT_MISCOMPILE)."""
    env = os.environ.copy()
    env.pop("W2S_DEBUG_INJECT_MISCOMPILE", None)
    if args.inject_miscompile:
        env["W2S_DEBUG_INJECT_MISCOMPILE"] = args.inject_miscompile
    return env


def run_w2s(runner, mod, out_dir, configs, env=None):
    try:
        subprocess.run([runner, mod, out_dir] + configs, check=True,
                       timeout=TIMEOUT * len(configs), env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except subprocess.TimeoutExpired:
        pass
    except subprocess.CalledProcessError as e:
        raise RuntimeError("w2s-difftest-run failed: " + e.stderr.decode())
    traces = {}
    for c in configs:
        path = os.path.join(out_dir, c + ".trace")
        traces[c] = open(path).read() if os.path.exists(path) else "no trace\n"
    return traces


# A v128 half prints as [nan64] when it is an f64 NaN, else as its two
# lanes with an f32 NaN as `nan` (run-v8.js, DiffRun.cpp). Whether an f32
# NaN in the high lane also makes the half an f64 NaN depends on its
# payload, which the spec leaves open (an f32x4.add of two NaNs may return
# either, seed 8036): a half whose high lane is a NaN is a NaN half.
NAN_HALF = re.compile(r"\[(?:[0-9a-f]{8}|nan),nan\]")


def normalized(line):
    return NAN_HALF.sub("[nan64]", line) if "v128:" in line else line


def comparable(a, b):
    """The two traces cut where either exhausted the stack: how deep a
    stack goes is the engine's, and so are the logs and the state of the
    call that ran out. Returns the two lists of lines to compare."""
    la = [normalized(line) for line in a.splitlines()]
    lb = [normalized(line) for line in b.splitlines()]

    def cut(lines):
        for i, line in enumerate(lines):
            if line == "trap stack":
                # Back to the `call` line of the exhausted call.
                j = i
                while j > 0 and not lines[j].startswith("call "):
                    j -= 1
                return j
        return None

    ca, cb = cut(la), cut(lb)
    if ca is None and cb is None:
        return la, lb
    # Count calls, not lines: cut both at the same call.
    def calls_before(lines, n):
        return sum(1 for line in lines[:n] if line.startswith("call "))

    def index_of_call(lines, k):
        seen = 0
        for i, line in enumerate(lines):
            if line.startswith("call "):
                if seen == k:
                    return i
                seen += 1
        return len(lines)

    k = min(calls_before(la, ca) if ca is not None else 1 << 30,
            calls_before(lb, cb) if cb is not None else 1 << 30)
    return la[:index_of_call(la, k)], lb[:index_of_call(lb, k)]


def after_trap_state(ra, rb):
    """True when the traces first differ in the memory or globals printed
    after a call that trapped the same way on both sides: stores and
    global writes that LLVM moved past a load that faults (docs/security.md,
    "Differential testing"). What follows depends on that state."""
    i = next((i for i, (x, y) in enumerate(zip(ra, rb)) if x != y), None)
    if i is None:
        return False
    state = ("memory ", "global ")
    if not (ra[i].startswith(state) and rb[i].startswith(state)):
        return False
    j = i - 1
    while j >= 0 and ra[j].startswith(state):
        j -= 1
    return j >= 0 and ra[j].startswith("trap ")


def compare(reference, traces, strict_trap_state=True, known=None):
    """{config: unified diff} for each configuration that differs. Unless
    strict_trap_state, a difference first seen in the state after a trap
    is not one; its configurations go to KNOWN instead."""
    diffs = {}
    for c, t in traces.items():
        ra, rb = comparable(reference, t)
        if ra == rb:
            continue
        if not strict_trap_state and after_trap_state(ra, rb):
            if known is not None:
                known.append(c)
            continue
        diffs[c] = "\n".join(difflib.unified_diff(
            ra, rb, "v8", c, lineterm="", n=2))
    return diffs


# NaN bits (docs/testing.md, "NaN bits"). The spec (Numerics, NaN
# propagation) fixes every bit of a NaN that a constant, a load, a store,
# local and global traffic, select, reinterpret, neg, abs, copysign, pmin,
# pmax and the v128 bit and lane operators pass on. The NaN result of an
# arithmetic operator is open: any arithmetic NaN (quiet bit set, either
# sign, any payload) when an operand is a NaN that is not canonical, else a
# canonical NaN (payload 0x400000 or 0x8000000000000, either sign). These
# are the operators whose results the spec leaves open, by their names in
# binaryen's text format, with the types of their operands and result.
NAN_OPS = {}
for _t in ("f32", "f64"):
    for _op in ("add", "sub", "mul", "div", "min", "max"):
        NAN_OPS["%s.%s" % (_t, _op)] = ([_t, _t], _t)
    for _op in ("sqrt", "ceil", "floor", "trunc", "nearest"):
        NAN_OPS["%s.%s" % (_t, _op)] = ([_t], _t)
NAN_OPS["f32.demote_f64"] = (["f64"], "f32")
NAN_OPS["f64.promote_f32"] = (["f32"], "f64")
for _t in ("f32x4", "f64x2"):
    for _op in ("add", "sub", "mul", "div", "min", "max"):
        NAN_OPS["%s.%s" % (_t, _op)] = ([_t, _t], _t)
    for _op in ("sqrt", "ceil", "floor", "trunc", "nearest"):
        NAN_OPS["%s.%s" % (_t, _op)] = ([_t], _t)
NAN_OPS["f32x4.demote_f64x2_zero"] = (["f64x2"], "f32x4")
NAN_OPS["f64x2.promote_low_f32x4"] = (["f32x4"], "f64x2")

# Per type: the integer view, |x| mask, +infinity, the canonical NaN, the
# quiet bit. A v128 is checked lane by lane with the integer lane ops.
NAN_BITS = {
    "f32": ("i32", "0x7fffffff", "0x7f800000", "0x7fc00000", "0x400000"),
    "f64": ("i64", "0x7fffffffffffffff", "0x7ff0000000000000",
            "0x7ff8000000000000", "0x8000000000000"),
}


def nan_helpers():
    """Functions that answer, per value or per lane, whether X is a NaN
    that is not canonical ($__nc_T, 1 or all-ones lanes) and whether a
    result R is a NaN the spec allows given that answer for the operands
    ($__ok_T). No float comparison: the injected fault flips one."""
    out = []
    for t, (i, absm, inf, canon, quiet) in NAN_BITS.items():
        bits = "(%s.reinterpret_%s (local.get $x))" % (i, t)
        absx = "(%s.and %s (%s.const %s))" % (i, bits, i, absm)
        out.append(
            "(func $__nc_%s (param $x %s) (result i32)\n"
            " (i32.and (%s.gt_u %s (%s.const %s))\n"
            "  (%s.ne %s (%s.const %s))))" % (
                t, t, i, absx, i, inf, i, absx, i, canon))
        out.append(
            "(func $__ok_%s (param $x %s) (param $open i32) (result i32)\n"
            " (i32.and (i32.and (%s.gt_u %s (%s.const %s))\n"
            "   (%s.ne (%s.and %s (%s.const %s)) (%s.const 0)))\n"
            "  (i32.or (local.get $open) (%s.eq %s (%s.const %s)))))" % (
                t, t, i, absx, i, inf, i, i, bits, i, quiet, i, i, absx, i,
                canon))
    for t, lanes, i, gt in (("f32x4", 4, "i32x4", "i32x4.gt_u"),
                            ("f64x2", 2, "i64x2", "i64x2.gt_s")):
        s = NAN_BITS["f32" if lanes == 4 else "f64"]

        def splat(v):
            return "(v128.const %s %s)" % (i, " ".join([v] * lanes))
        absx = "(v128.and (local.get $x) %s)" % splat(s[1])
        # |x| has no sign bit, so a signed comparison serves for i64x2.
        out.append(
            "(func $__nc_%s (param $x v128) (result v128)\n"
            " (v128.and (%s %s %s)\n  (%s.ne %s %s)))" % (
                t, gt, absx, splat(s[2]), i, absx, splat(s[3])))
        out.append(
            "(func $__ok_%s (param $x v128) (param $open v128) (result v128)\n"
            " (v128.and (v128.and (%s %s %s)\n"
            "   (%s.ne (v128.and (local.get $x) %s) %s))\n"
            "  (v128.or (local.get $open) (%s.eq %s %s))))" % (
                t, gt, absx, splat(s[2]), i, splat(s[4]), splat("0"), i,
                absx, splat(s[3])))
    return out


def wasm_type(t):
    return "v128" if t in ("f32x4", "f64x2") else t


def nan_op_helpers(op, canonicalize):
    """Two functions that take the result R of OP where it stands in the
    code. $__nanx_OP also takes OP's operands again, evaluated a second
    time (only plain local and global reads and constants are); $__nanw_OP
    takes R alone. Each returns R, and, when CANONICALIZE, the positive
    canonical NaN instead where R is a NaN the spec leaves open: quiet,
    and canonical unless an operand was a NaN that is not ($__nanw_OP,
    which cannot tell, and a SIMD conversion, whose lanes change width,
    accept any quiet NaN). Any other NaN (a signaling one, a payload from
    canonical operands) is returned as it came, so that a difference in
    it still shows. Each NaN made canonical counts in $__nan_open."""
    params, result = NAN_OPS[op]
    vec = result in ("f32x4", "f64x2")
    rt = wasm_type(result)
    out = []
    for exact in (True, False):
        name = "$__nan%s_%s" % ("x" if exact else "w", op)
        decl = "(param $r %s)" % rt
        if exact:
            decl += " " + " ".join("(param $a%d %s)" % (k, wasm_type(p))
                                   for k, p in enumerate(params))
        if not canonicalize:
            out.append("(func %s %s (result %s)\n (local.get $r))" % (
                name, decl, rt))
            continue
        if not exact or (vec and params[0] != result):
            open_ = ("(v128.const i32x4 -1 -1 -1 -1)" if vec
                     else "(i32.const 1)")
        else:
            nc = ["(call $__nc_%s (local.get $a%d))" % (p, k)
                  for k, p in enumerate(params)]
            open_ = nc[0] if len(nc) == 1 else "(%s %s %s)" % (
                "v128.or" if vec else "i32.or", nc[0], nc[1])
        ok = "(call $__ok_%s (local.get $r) %s)" % (result, open_)
        if vec:
            b = NAN_BITS["f32" if result == "f32x4" else "f64"]
            n = 4 if result == "f32x4" else 2
            canon = "(v128.const %s %s)" % ("i32x4" if n == 4 else "i64x2",
                                            " ".join([b[3]] * n))
            pick = "(v128.bitselect %s (local.get $r) %s)" % (canon, ok)
        else:
            i, _, _, canon, _ = NAN_BITS[result]
            pick = ("(select (%s.reinterpret_%s (%s.const %s)) "
                    "(local.get $r) %s)" % (result, i, i, canon, ok))
        any_ = "(v128.any_true (local.get $ok))" if vec else "(local.get $ok)"
        out.append(
            "(func %s %s (result %s)\n (local $ok %s)\n (local.set $ok %s)\n"
            " (global.set $__nan_open (i32.add (global.get $__nan_open) %s))\n"
            " %s)" % (name, decl, rt, "v128" if vec else "i32", ok, any_,
                      pick.replace(ok, "(local.get $ok)")))
    return out


def parse_sexprs(text):
    """binaryen's text as nested lists of atoms (comments dropped)."""
    tokens = re.findall(r'"(?:[^"\\]|\\.)*"|\(;.*?;\)|;;[^\n]*|[()]|[^\s()";]+',
                        text, re.S)
    stack = [[]]
    for t in tokens:
        if t.startswith(";;") or t.startswith("(;"):
            continue
        if t == "(":
            stack.append([])
        elif t == ")":
            node = stack.pop()
            stack[-1].append(node)
        else:
            stack[-1].append(t)
    return stack[0]


def print_sexpr(node):
    if isinstance(node, str):
        return node
    return "(" + " ".join(print_sexpr(n) for n in node) + ")"


SIMPLE = ("local.get", "global.get", "f32.const", "f64.const", "v128.const")


def nan_instrument(gen, out, canonicalize, only=None):
    """Writes OUT: module GEN with the result of each operator of NAN_OPS
    (or of ONLY) passed through its helper (nan_op_helpers), the operator
    itself left where it was, with the same operands. Returns the
    operators instrumented and their counts."""
    text = subprocess.run(["wasm-dis", gen] + FEATURES, check=True,
                          capture_output=True, text=True).stdout
    counts = {}

    def walk(node):
        if isinstance(node, str):
            return node
        node = [walk(n) for n in node]
        op = node[0] if node and isinstance(node[0], str) else None
        if op not in NAN_OPS or (only is not None and op not in only):
            return node
        counts[op] = counts.get(op, 0) + 1
        args = node[1:]
        if len(args) == len(NAN_OPS[op][0]) and all(
                isinstance(a, list) and a and a[0] in SIMPLE for a in args):
            return ["call", "$__nanx_" + op, node] + args
        return ["call", "$__nanw_" + op, node]

    module = parse_sexprs(text)
    assert len(module) == 1 and module[0][0] == "module"
    body = [walk(n) for n in module[0]]
    helpers = []
    for op in sorted(counts):
        helpers += nan_op_helpers(op, canonicalize)
    if canonicalize and counts:
        # The number of NaNs made canonical: the module's last global, so
        # its last `global` line in each state of the trace.
        helpers = ["(global $__nan_open (mut i32) (i32.const 0))"] + \
            nan_helpers() + helpers
    text = "\n".join([print_sexpr(n) if not isinstance(n, str) else n
                      for n in body[:1]] +
                     [print_sexpr(n) for n in body[1:]] + helpers)
    wat = out + ".wat"
    with open(wat, "w") as f:
        f.write("(" + text + ")\n")
    subprocess.run(["wasm-as", wat, "-o", out] + FEATURES, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return counts


def run_both(gen, sub, args, configs):
    """V8's trace and wasm2so's of module GEN in directory SUB, or None."""
    os.makedirs(sub, exist_ok=True)
    mod, sigs = prepare(gen, sub)
    reference = run_v8(mod, sigs)
    if reference is None or "v8-error" in reference:
        return None
    return reference, run_w2s(args.runner, mod, sub, configs,
                              runner_env(args))


def nan_count(trace):
    """The largest value of the module's last global in TRACE: how many
    NaNs the helpers of nan_instrument made canonical."""
    last, best = -1, 0
    for line in trace.splitlines():
        m = re.match(r"global g(\d+)_i32 (-?\d+)$", line)
        if m and int(m.group(1)) >= last:
            if int(m.group(1)) > last:
                last, best = int(m.group(1)), 0
            best = max(best, int(m.group(2)))
    return best


def nan_explained(gen, work, args, configs):
    """The reason why the configurations CONFIGS, which differ from V8 on
    module GEN, differ only in NaN bits the spec leaves open; None when
    that is not shown. Shown means: once every NaN result that the spec
    leaves open is made canonical where it is computed (nan_instrument),
    V8 and wasm2so agree, and at least one such NaN was computed (else the
    instrumentation changed nothing at run time, and the difference was
    not in NaN bits). A NaN the spec fixes (a constant, a load, a neg, a
    NaN that must be canonical) is never touched, so a difference in it
    still shows; so does any difference in a value that is not a NaN. V8
    and LLVM pick differently where the spec lets them (x86 returns the
    NaN of the first operand, LLVM may swap the operands of a commutative
    one; seeds 796, 5083), and once such bits are stored or read as
    integers no normalization of the trace hides them. Which bits they
    pick depends on the machine code around the operator, so the
    instrumented module cannot show the original difference itself."""

    def agree(only):
        sub = os.path.join(work, "nan-canon")
        shutil.rmtree(sub, ignore_errors=True)
        os.makedirs(sub)
        counts = nan_instrument(gen, os.path.join(sub, "gen.wasm"), True, only)
        if not counts:
            return None
        both = run_both(os.path.join(sub, "gen.wasm"), sub, args, configs)
        if both is None or compare(both[0], both[1], args.strict_trap_state):
            return None
        return counts if nan_count(both[0]) > 0 else None

    try:
        counts = agree(None)
        if not counts:
            return None
        # Which operator: the first one that alone explains it.
        ops = sorted(counts, key=lambda op: -counts[op])
        for op in ops[:6]:
            if agree({op}):
                return "the NaN results of %s" % op
        return "the NaN results of %s" % ", ".join(ops)
    except (subprocess.CalledProcessError, RuntimeError, OSError):
        return None


class Outcome:
    def __init__(self, seed, status, detail=""):
        self.seed, self.status, self.detail = seed, status, detail


def classify(gen, work, args):
    """Runs module GEN (as generated, before the getters) on V8 and on
    wasm2so in WORK. Returns (status, detail, reference, diffs): status is
    `skipped` (V8 refuses it), `same`, `trap-state`, `nan-bits` or
    `mismatch`."""
    mod, sigs = prepare(gen, work)
    reference = run_v8(mod, sigs)
    if reference is None:
        return "skipped", "V8 refuses the module", None, {}
    try:
        traces = run_w2s(args.runner, mod, work, args.configs,
                         runner_env(args))
    except RuntimeError as e:
        # The compiler itself failed on a valid module (an abort, a
        # crash): a mismatch like any other, kept with its module, and
        # the campaign goes on.
        return "mismatch", "--- compile\n%s\n" % e, reference, {"compile": str(e)}
    known = []
    diffs = compare(reference, traces, args.strict_trap_state, known)
    if not diffs:
        return ("trap-state" if known else "same"), ",".join(known), reference, {}
    if args.explain_nan and "compile" not in diffs:
        why = nan_explained(gen, work, args, list(diffs))
        if why:
            return ("nan-bits", "%s: %s, which the spec leaves open" % (
                ",".join(diffs), why), reference, diffs)
    detail = "".join("--- %s\n%s\n" % (c, d) for c, d in diffs.items())
    return "mismatch", detail, reference, diffs


def test_seed(seed, args):
    work = tempfile.mkdtemp(prefix="seed%d-" % seed, dir=args.work)
    try:
        gen = os.path.join(work, "gen.wasm")
        try:
            generate(seed, gen)
        except subprocess.CalledProcessError:
            return Outcome(seed, "skipped", "wasm-opt -ttf failed")
        status, detail, reference, _ = classify(gen, work, args)
        if status != "mismatch":
            return Outcome(seed, status, detail)
        keep = os.path.join(args.work, "mismatch-%d" % seed)
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(work, keep)
        with open(os.path.join(keep, "v8.trace"), "w") as f:
            f.write(reference)
        with open(os.path.join(keep, "diff.txt"), "w") as f:
            f.write(detail)
        if args.reduce:
            reduce_mismatch(keep, args)
        return Outcome(seed, "mismatch", detail)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def classify_dir(directory, args):
    """The tester's own regressions: each NAME.wasm of DIRECTORY must be
    classified as NAME.outcome says (`same`, `nan-bits`, ...), V8 run
    live. Needs binaryen and node."""
    names = sorted(f[:-5] for f in os.listdir(directory) if f.endswith(".wasm"))
    failed = 0
    for name in names:
        work = tempfile.mkdtemp(prefix="classify-", dir=args.work)
        try:
            with open(os.path.join(directory, name + ".outcome")) as f:
                expected = f.read().strip()
            status, detail, _, _ = classify(
                os.path.join(directory, name + ".wasm"), work, args)
            ok = status == expected
            if ok:
                print("%s: ok, %s%s" % (name, status, " (%s)" % detail
                                        if status == "nan-bits" else ""))
            else:
                print("%s: FAILED: %s, expected %s\n%s" % (
                    name, status, expected, detail))
            failed += not ok
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print("difftest: %d tester cases, %d failed" % (len(names), failed))
    return 1 if failed else 0


def check(wasm_path, args):
    """`mismatch` if the module still runs differently, else `same`."""
    work = tempfile.mkdtemp(prefix="check-", dir=args.work)
    try:
        try:
            mod, sigs = prepare(wasm_path, work)
        except Exception:
            return "same"
        reference = run_v8(mod, sigs)
        if reference is None or "v8-error" in reference:
            return "same"
        try:
            traces = run_w2s(args.runner, mod, work, args.configs,
                             runner_env(args))
        except RuntimeError:
            return "mismatch"  # the compiler failed: keep reducing that
        diffs = compare(reference, traces, args.strict_trap_state)
        return "mismatch" if diffs else "same"
    finally:
        shutil.rmtree(work, ignore_errors=True)


def reduce_mismatch(keep, args):
    """wasm-reduce on the generated module, keeping the mismatch: the test
    command prints `mismatch` while it persists. Writes reduced.wasm."""
    gen = os.path.join(keep, "gen.wasm")
    if not os.path.exists(gen):
        return
    reduced = os.path.join(keep, "reduced.wasm")
    test = os.path.join(keep, "reduce-test.wasm")
    cmd = [sys.executable, os.path.abspath(__file__), "--check", test,
           "--runner", args.runner, "--work", args.work,
           "--configs", ",".join(args.configs)]
    if args.inject_miscompile:
        cmd += ["--inject-miscompile", args.inject_miscompile]
    if args.strict_trap_state:
        cmd += ["--strict-trap-state"]
    subprocess.run(["wasm-reduce", "-b", os.path.dirname(
                        shutil.which("wasm-opt")) + "/", gen,
                    "--command=" + " ".join(cmd), "--timeout", "120",
                    "-t", test, "-w", reduced] + FEATURES,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=os.environ.copy(), timeout=3600)


def replay(directory, args):
    """Every NAME.wasm of DIRECTORY on wasm2so against NAME.expected,
    compared strictly. A NAME that starts with `known-` is a divergence
    not fixed yet (docs/security.md): it must still differ, so that the
    fix that makes it pass also renames it."""
    names = sorted(f[:-5] for f in os.listdir(directory) if f.endswith(".wasm"))
    failed = 0
    for name in names:
        work = tempfile.mkdtemp(prefix="replay-", dir=args.work)
        try:
            mod, _ = prepare(os.path.join(directory, name + ".wasm"), work)
            with open(os.path.join(directory, name + ".expected")) as f:
                expected = f.read()
            traces = run_w2s(args.runner, mod, work, args.configs, runner_env(args))
            diffs = compare(expected, traces)
            if name.startswith("known-"):
                print("%s: %s" % (name, "still differs (%s), as known" % ",".join(
                    diffs) if diffs else "FAILED: runs as expected now; "
                    "drop the known- prefix"))
                failed += not diffs
                continue
            for c, d in diffs.items():
                print("%s: %s differs from the expected trace\n%s" % (name, c, d))
            print("%s: %s" % (name, "FAILED" if diffs else "ok"))
            failed += bool(diffs)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print("difftest: %d regressions, %d failed" % (len(names), failed))
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", help="FIRST-LAST, inclusive")
    ap.add_argument("--replay", metavar="DIR")
    ap.add_argument("--check", metavar="MODULE")
    ap.add_argument("--classify-dir", metavar="DIR",
                    help="the tester's own cases: NAME.wasm classified as "
                    "NAME.outcome says")
    ap.add_argument("--expect-trace", metavar="MODULE",
                    help="print V8's trace of MODULE (a regression's .expected)")
    ap.add_argument("--runner", default=os.environ.get("W2S_DIFFTEST_RUN", ""))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", default=None)
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--reduce", action="store_true",
                    help="reduce each mismatch with wasm-reduce")
    ap.add_argument("--stop-after", type=int, default=0, metavar="M",
                    help="stop after M mismatches (0: run every seed)")
    ap.add_argument("--inject-miscompile", metavar="FAULT", default="",
                    help="test-only: compile with the compiler's injected "
                    "fault FAULT (fcmp-flip), which must be caught")
    ap.add_argument("--expect-mismatches", action="store_true",
                    help="invert the status: 0 when M > 0 (with "
                    "--inject-miscompile: the fault was caught)")
    ap.add_argument("--skip-exit-code", type=int, default=0, metavar="CODE",
                    help="exit with CODE when wasm-opt or node is missing")
    ap.add_argument("--strict-trap-state", action="store_true",
                    help="count a difference in memory or globals after a "
                    "trap as a mismatch (a known one: docs/security.md)")
    ap.add_argument("--explain-nan", dest="explain_nan", action="store_true",
                    default=True,
                    help="(the default) count a module that differs only in "
                    "NaN bits the spec leaves open apart, with the reason, "
                    "not as a mismatch (nan_explained)")
    ap.add_argument("--no-explain-nan", dest="explain_nan",
                    action="store_false",
                    help="count such modules as mismatches")
    ap.add_argument("--progress", type=int, default=0, metavar="K",
                    help="print the counts every K seeds")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    args.configs = args.configs.split(",")
    if not args.runner:
        ap.error("--runner (or W2S_DIFFTEST_RUN) names w2s-difftest-run")
    args.runner = os.path.abspath(args.runner)
    if args.work is None:
        args.work = tempfile.mkdtemp(prefix="difftest-")
    os.makedirs(args.work, exist_ok=True)
    args.work = os.path.abspath(args.work)

    if args.check:
        print(check(args.check, args))
        return 0
    if args.expect_trace:
        work = tempfile.mkdtemp(prefix="expect-", dir=args.work)
        mod, sigs = prepare(args.expect_trace, work)
        sys.stdout.write(run_v8(mod, sigs) or "")
        shutil.rmtree(work, ignore_errors=True)
        return 0
    if args.replay:
        return replay(args.replay, args)
    if args.classify_dir or args.seeds:
        for tool in ("wasm-opt", "node"):
            if not shutil.which(tool):
                print("difftest: %s not found (scripts/difftest.sh installs "
                      "it)" % tool)
                return args.skip_exit_code or 1
    if args.classify_dir:
        return classify_dir(args.classify_dir, args)
    if not args.seeds:
        ap.error("one of --seeds, --replay, --check, --classify-dir is "
                 "needed")
    first, _, last = args.seeds.partition("-")
    seeds = range(int(first), int(last or first) + 1)

    modules = mismatches = skipped = trap_state = nan_bits = 0
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        pending = {}
        it = iter(seeds)
        stop = False
        for seed in it:
            pending[pool.submit(test_seed, seed, args)] = seed
            if len(pending) >= args.jobs * 2:
                break
        while pending:
            done, _ = concurrent.futures.wait(
                pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for fut in done:
                del pending[fut]
                o = fut.result()
                if o.status == "skipped":
                    skipped += 1
                    if args.verbose:
                        print("seed %d: skipped: %s" % (o.seed, o.detail))
                else:
                    modules += 1
                if o.status == "trap-state":
                    trap_state += 1
                    if args.verbose:
                        print("seed %d: state after a trap differs (%s)"
                              % (o.seed, o.detail))
                if o.status == "nan-bits":
                    nan_bits += 1
                    print("seed %d: differs only in NaN bits (%s)"
                          % (o.seed, o.detail))
                if o.status == "mismatch":
                    mismatches += 1
                    print("seed %d: MISMATCH (%s)\n%s" % (
                        o.seed, os.path.join(args.work, "mismatch-%d" % o.seed),
                        o.detail[:4000]))
                    if args.stop_after and mismatches >= args.stop_after:
                        stop = True
                elif args.verbose and o.status == "same":
                    print("seed %d: same" % o.seed)
                if args.progress and (modules + skipped) % args.progress == 0:
                    print("difftest: so far %d modules, %d mismatches, %d "
                          "after-trap state, %d NaN bits, %d skipped, %.0f s"
                          % (modules, mismatches, trap_state, nan_bits,
                             skipped, time.time() - start))
                sys.stdout.flush()
                if not stop:
                    nxt = next(it, None)
                    if nxt is not None:
                        pending[pool.submit(test_seed, nxt, args)] = nxt
    if skipped:
        print("difftest: %d seeds skipped (generator or V8 refused)" % skipped)
    if trap_state:
        print("difftest: %d modules compared up to a trap after which memory "
              "or globals differ (known: docs/security.md; "
              "--strict-trap-state counts them)" % trap_state)
    if nan_bits:
        print("difftest: %d modules differ only in NaN bits that the spec "
              "leaves open (--no-explain-nan counts them)" % nan_bits)
    print("difftest: %d modules, %d mismatches" % (modules, mismatches))
    if args.expect_mismatches:
        return 0 if mismatches else 1
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
