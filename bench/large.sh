#!/bin/sh
# large.sh - Compile time, peak memory and .so size of a large real module.
#
#   bench/large.sh [--build DIR] [--out DIR] [--levels "0 1 2"]
#                  [--w2c-timeout SECONDS] [--jobs N]
#
# The module is ruby.wasm from the npm package @ruby/3.3-wasm-wasi, version
# 2.10.1 (Ruby 3.3 for WASI without its standard library: 16 MB, 17,490
# functions, 11 MB of code). It is fetched once with `npm pack` into the
# output directory (default: BUILD/bench-large) and never committed.
#
# For each -O level: wasm2so's wall time, CPU time (user + system), peak
# resident memory (GNU time's maximum RSS) and the .so's size; then the
# .so runs a small Ruby script (bench/ruby-driver.wat calls the module's
# exports as its JavaScript glue would; bench/import-stubs.py stands in
# for the JavaScript host functions it imports, which the script never
# calls) and its output must be what Ruby prints. Then wasm2c and
# clang-19 -O2 -c on the same module, stopped after --w2c-timeout seconds
# (default 1800): wasm2c writes one C file, so clang runs on one core.
#
# Not part of CI (minutes on two cores). docs/performance.md has a run.
set -eu
BENCH=$(cd "$(dirname "$0")" && pwd)
BUILD=$BENCH/../build
OUT=
LEVELS="0 1 2"
W2C_TIMEOUT=1800
JOBS=
PACKAGE=@ruby/3.3-wasm-wasi
VERSION=2.10.1
while [ $# -gt 0 ]; do
  case $1 in
    --build) BUILD=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --levels) LEVELS=$2; shift 2 ;;
    --w2c-timeout) W2C_TIMEOUT=$2; shift 2 ;;
    --jobs) JOBS="-j$2"; shift 2 ;;
    *) sed -n '2,20p' "$0"; exit 2 ;;
  esac
done
BUILD=$(cd "$BUILD" && pwd)
OUT=${OUT:-$BUILD/bench-large}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
W2S=$BUILD/bin/wasm2so
RUN=$BUILD/bin/wasmrun

# The module, fetched once.
WASM=$OUT/package/dist/ruby.wasm
if [ ! -f "$WASM" ]; then
  echo "fetching $PACKAGE@$VERSION (npm pack)" >&2
  (cd "$OUT" && npm pack --silent "$PACKAGE@$VERSION" > npm-pack.txt)
  TGZ=$OUT/$(tail -n 1 "$OUT/npm-pack.txt")
  tar -xzf "$TGZ" -C "$OUT" package/dist/ruby.wasm package/package.json
  rm -f "$TGZ"
fi
echo "module: $PACKAGE@$VERSION package/dist/ruby.wasm, $(wc -c < "$WASM") bytes"

python3 "$BENCH/import-stubs.py" "$WASM" "$OUT/stubs" > /dev/null
EXPECTED='3
385
[1, 2, 3]
okok
0'

# measure NAME CMD...: runs CMD under GNU time; sets WALL, CPU, RSS_MB;
# returns CMD's status.
measure() {
  name=$1
  shift
  status=0
  /usr/bin/time -f '%e %U %S %M' -o "$OUT/$name.time" "$@" || status=$?
  # (GNU time writes a line about a failed command first.)
  read -r WALL USER SYS RSS <<EOT
$(tail -n 1 "$OUT/$name.time")
EOT
  CPU=$(echo "$USER $SYS" | awk '{ printf "%.1f", $1 + $2 }')
  RSS_MB=$(echo "$RSS" | awk '{ printf "%.0f", $1 / 1024 }')
  return $status
}

ROWS=
for O in $LEVELS; do
  mkdir -p "$OUT/O$O"
  SO=$OUT/O$O/ruby.so
  echo "wasm2so -O$O ..." >&2
  measure "wasm2so-O$O" "$W2S" -q -O"$O" $JOBS --time-report "$WASM" -o "$SO" \
    2> "$OUT/wasm2so-O$O.report"
  SIZE_MB=$(wc -c < "$SO" | awk '{ printf "%.1f", $1 / 1048576 }')
  GOT=$(WASM2SO_CACHE_DIR="$OUT/cache" "$RUN" -q "$OUT"/stubs/*.wat "$SO" \
          "$BENCH/ruby-driver.wat" --invoke run 2>&1) || true
  if [ "$GOT" = "$EXPECTED" ]; then RUNS=yes; else RUNS="NO: $GOT"; fi
  ROWS="$ROWS| wasm2so -O$O | $WALL | $CPU | $RSS_MB | $SIZE_MB | $RUNS |
"
done

echo "wasm2c + clang-19 -O2 -c (at most $W2C_TIMEOUT s) ..." >&2
W2C_ROW="| wasm2c + clang -O2 |"
if measure wasm2c wasm2c "$WASM" -n ruby -o "$OUT/ruby_w2c.c"; then
  W2C_WALL=$WALL W2C_CPU=$CPU W2C_RSS=$RSS_MB
  if measure clang-w2c timeout "$W2C_TIMEOUT" clang-19 -O2 -march=x86-64-v2 \
       -I /usr/share/wabt/wasm2c -c "$OUT/ruby_w2c.c" -o "$OUT/ruby_w2c.o"; then
    W2C_ROW="$W2C_ROW $(echo "$W2C_WALL $WALL" | awk '{ printf "%.1f", $1 + $2 }') |"
    W2C_ROW="$W2C_ROW $(echo "$W2C_CPU $CPU" | awk '{ printf "%.1f", $1 + $2 }') |"
    W2C_ROW="$W2C_ROW $(( W2C_RSS > RSS_MB ? W2C_RSS : RSS_MB )) |"
    W2C_ROW="$W2C_ROW $(wc -c < "$OUT/ruby_w2c.o" | awk '{ printf "%.1f (.o)", $1 / 1048576 }') | not run |"
  else
    W2C_ROW="$W2C_ROW > $W2C_TIMEOUT (stopped) | | | | |"
  fi
else
  W2C_ROW="$W2C_ROW wasm2c failed | | | | |"
fi
rm -f "$OUT/ruby_w2c.c" "$OUT/ruby_w2c.h" "$OUT/ruby_w2c.o"

echo
echo "| compile | wall s | CPU s | peak RSS MB | .so MB | runs |"
echo "|---|---:|---:|---:|---:|---|"
printf '%s' "$ROWS"
echo "$W2C_ROW"
echo
echo "(each -O level's --time-report: $OUT/wasm2so-O*.report)"
