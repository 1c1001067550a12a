#!/bin/sh
# Builds the fuzzers' seed corpus: every binary module of the spec suite's
# scripts (valid, invalid and malformed ones alike), converted with
# wast2json, one file per distinct module, named by its SHA-1.
#
#   fuzz/make-corpus.sh [SPEC_DIR [OUT_DIR]]
#
# SPEC_DIR defaults to W2S_SPEC_DIR or ../shared/spec, OUT_DIR to
# build-fuzz/corpus. The corpus is generated, never committed.
set -eu
cd "$(dirname "$0")/.."
SPEC=${1:-${W2S_SPEC_DIR:-../shared/spec}}
OUT=${2:-build-fuzz/corpus}
[ -d "$SPEC" ] || { echo "make-corpus: no spec suite at $SPEC" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
for wast in "$SPEC"/*.wast; do
  name=$(basename "$wast" .wast)
  mkdir -p "$WORK/$name"
  # Scripts wabt cannot read are skipped: the rest still seed plenty.
  wast2json --enable-all "$wast" -o "$WORK/$name/$name.json" >/dev/null 2>&1 ||
    wast2json "$wast" -o "$WORK/$name/$name.json" >/dev/null 2>&1 || continue
done
find "$WORK" -name '*.wasm' -size -64k | while read -r f; do
  sum=$(sha1sum "$f" | cut -c1-40)
  cp "$f" "$OUT/$sum"
done
echo "make-corpus: $(ls "$OUT" | wc -l) modules in $OUT"
