#!/usr/bin/env python3
"""Rewrites the counts of tools/spec/expected-3.0.txt from a fresh run.

Runs `wasmspec --spec-dir DIR --group G` for every 3.0 group (without
--expect), reads the per-script `NAME: P passed, F failed, S skipped` lines
and sets each entry's COUNT to the failures measured. Reasons are kept; an
entry that now fails nothing is dropped; a script that fails but has no
entry gets one with the reason `unexplained: investigate`, which must be
replaced by hand before committing. Prints what changed.

Usage: scripts/update-spec3-expect.py [--build build] [--spec-dir DIR]
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIST = os.path.join(ROOT, "tools", "spec", "expected-3.0.txt")
GROUPS = ["core3", "simd3", "core3-gc-eh"]
LINE = re.compile(r"^([\w.-]+): (\d+) passed, (\d+) failed")


def measure(wasmspec, spec_dir, jobs):
    failed = {}
    for group in GROUPS:
        out = subprocess.run(
            [wasmspec, "--spec-dir", spec_dir, "--group", group, "-j", str(jobs)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
        for line in out.splitlines():
            m = LINE.match(line)
            if m:
                failed[m.group(1)] = int(m.group(3))
    return failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--spec-dir", default=os.path.join(ROOT, "..", "shared", "spec-3.0"))
    ap.add_argument("-j", type=int, default=2)
    args = ap.parse_args()
    failed = measure(os.path.join(args.build, "bin", "wasmspec"), args.spec_dir, args.j)
    if not failed:
        sys.exit("update-spec3-expect: no results (is the suite at %s?)" % args.spec_dir)

    out, seen = [], set()
    for line in open(LIST):
        fields = line.rstrip("\n").split(" ", 2)
        if line.startswith("#") or len(fields) < 2:
            out.append(line.rstrip("\n"))
            continue
        name, count = fields[0], int(fields[1])
        reason = fields[2] if len(fields) > 2 else ""
        seen.add(name)
        now = failed.get(name, count)
        if now != count:
            print("%s: %d -> %d" % (name, count, now))
        if now:
            out.append("%s %d %s" % (name, now, reason))
    for name in sorted(set(failed) - seen):
        if failed[name]:
            print("%s: new entry, %d failures" % (name, failed[name]))
            out.append("%s %d unexplained: investigate" % (name, failed[name]))
    with open(LIST, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
