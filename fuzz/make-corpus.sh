#!/bin/sh
# Builds the fuzzers' seed corpus: every binary module of the spec suites'
# scripts (valid, invalid and malformed ones alike), converted with
# wast2json, one file per distinct module, named by its SHA-1. Both the
# Wasm 2.0 suite and the 3.0 suite seed it, so that the targets start from
# modules with several memories, memory64, tail calls, typed references,
# extended constants and relaxed SIMD too.
#
#   fuzz/make-corpus.sh [SPEC_DIR [OUT_DIR [SPEC3_DIR]]]
#
# SPEC_DIR defaults to W2S_SPEC_DIR or ../shared/spec, OUT_DIR to
# build-fuzz/corpus, SPEC3_DIR to W2S_SPEC3_DIR or ../shared/spec-3.0 (left
# out when missing). The corpus is generated, never committed.
set -eu
cd "$(dirname "$0")/.."
SPEC=${1:-${W2S_SPEC_DIR:-../shared/spec}}
OUT=${2:-build-fuzz/corpus}
SPEC3=${3:-${W2S_SPEC3_DIR:-../shared/spec-3.0}}
[ -d "$SPEC" ] || { echo "make-corpus: no spec suite at $SPEC" >&2; exit 1; }
[ -d "$SPEC3" ] || { echo "make-corpus: no 3.0 suite at $SPEC3, left out" >&2; SPEC3=; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
n=0
for dir in "$SPEC" ${SPEC3:+"$SPEC3"}; do
  n=$((n + 1))
  for wast in "$dir"/*.wast; do
    name=$(basename "$wast" .wast)
    mkdir -p "$WORK/$n/$name"
    # Scripts wabt cannot read are skipped: the rest still seed plenty
    # (wabt 1.0.32 reads about 190 of the 3.0 suite's 255).
    wast2json --enable-all "$wast" -o "$WORK/$n/$name/$name.json" >/dev/null 2>&1 ||
      wast2json "$wast" -o "$WORK/$n/$name/$name.json" >/dev/null 2>&1 || continue
  done
done
find "$WORK" -name '*.wasm' -size -64k | while read -r f; do
  sum=$(sha1sum "$f" | cut -c1-40)
  cp "$f" "$OUT/$sum"
done
echo "make-corpus: $(ls "$OUT" | wc -l) modules in $OUT"
