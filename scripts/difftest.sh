#!/bin/sh
# The differential tester (docs/testing.md, "difftest"): modules generated
# from seeds by binaryen's `wasm-opt -ttf`, run on V8 (node) and on wasm2so
# at -O0 and -O2, whole and cut into parts; every trace must agree.
#
#   scripts/difftest.sh --seeds FIRST-LAST [--jobs N] [--reduce] [-v]
#   scripts/difftest.sh --replay fuzz/regressions/difftest
#
# Installs binaryen and node when missing (apt-get), builds
# w2s-difftest-run in $BUILD_DIR (default build/), and ends with
# `difftest: N modules, M mismatches`; exits non-zero when M > 0. A
# mismatch's module, traces and diff stay in the work directory
# (--work DIR, default a new one under /tmp), reduced with --reduce.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD_DIR:-build}

missing=""
command -v wasm-opt >/dev/null 2>&1 || missing="$missing binaryen"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "difftest: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq &&
    $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
    exit 1
fi
if [ ! -f "$BUILD/build.ninja" ]; then
  sh scripts/build.sh >/dev/null || exit 1
fi
cmake --build "$BUILD" --target w2s-difftest-run >/dev/null || exit 1
exec python3 fuzz/difftest/difftest.py --runner "$BUILD/bin/w2s-difftest-run" "$@"
