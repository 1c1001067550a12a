#!/bin/sh
# README's first command: install what is missing, build, and run the
# shared-table demo (two modules compiled separately, linked at load time
# through one common table).
set -eu
cd "$(dirname "$0")/.."
bash scripts/setup.sh
sh scripts/build.sh
BIN=${BUILD_DIR:-build}/bin
OUT=${BUILD_DIR:-build}/demo
mkdir -p "$OUT"
set -x
"$BIN/wasm2so" examples/seed/math.wat -o "$OUT/math.so"
"$BIN/wasm2so" examples/seed/calc.wat -o "$OUT/calc.so"
"$BIN/wasmrun" "$OUT/math.so" "$OUT/calc.so" --invoke add_five 10
# calc.so alone: nothing filled slot 0, so call_indirect traps.
if "$BIN/wasmrun" "$OUT/calc.so" --invoke add_five 10; then
  echo "demo: expected a trap" >&2
  exit 1
fi
