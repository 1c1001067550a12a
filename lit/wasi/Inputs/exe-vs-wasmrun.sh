#!/bin/sh
# exe-vs-wasmrun.sh - Runs a C program built for wasm32-wasi both as a
# standalone executable (wasm2so --exe) and through wasmrun, and fails
# unless both agree.
#
#   exe-vs-wasmrun.sh OUT SOURCE.c [-s SEED] [-c SUBDIR] [-i STDIN]
#                     [-d HOST[::GUEST]]... [-e NAME=VALUE]... [-w FLAGS]
#                     [-- ARGS...]
#
# Builds SOURCE.c with clang-19 for wasm32-wasi (-w adds flags), then with
# wasm2so both to OUT/NAME.so and to the executable OUT/NAME. Each run gets
# its own copy of the directory SEED (or an empty one) and starts in its
# SUBDIR; -d and -e (values without spaces) become `wasmrun --dir/--env`
# and `--wasm2so-dir=` / `--wasm2so-env=`. The executable gets `--wasm2so--`
# before ARGS only when the first of them starts with `--wasm2so-`. stdout,
# stderr, the exit code and the files left behind must be identical, except
# a trap's backtrace lines ("  at ..."): wasmrun reads the wasm offsets and
# the inlined frames from the .so's debug lines, which the executable's
# runtime (no LLVM) does not, so those lines are compared apart (their
# wasm function names, see below). Prints the executable's stdout then
# "exit N", for FileCheck.
set -u
Out=$1
Src=$2
shift 2
Seed=
Sub=.
Stdin=/dev/null
RunFlags=
ExeFlags=
WasmFlags=
while [ $# -gt 0 ]; do
  case $1 in
  -s) Seed=$2; shift 2 ;;
  -c) Sub=$2; shift 2 ;;
  -i) Stdin=$2; shift 2 ;;
  -w) WasmFlags="$WasmFlags $2"; shift 2 ;;
  -d) RunFlags="$RunFlags --dir $2"; ExeFlags="$ExeFlags --wasm2so-dir=$2"
      shift 2 ;;
  -e) RunFlags="$RunFlags --env $2"; ExeFlags="$ExeFlags --wasm2so-env=$2"
      shift 2 ;;
  --) shift; break ;;
  *) echo "exe-vs-wasmrun.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case ${1-} in
--wasm2so-*) ExeFlags="$ExeFlags --wasm2so--" ;;
esac

Name=$(basename "$Src" .c)
rm -rf "$Out" && mkdir -p "$Out" || exit 2
clang-19 --target=wasm32-wasi --sysroot=/usr -O2 $WasmFlags "$Src" \
  -o "$Out/$Name.wasm" \
  || { echo "exe-vs-wasmrun.sh: wasm build failed" >&2; exit 2; }
wasm2so "$Out/$Name.wasm" -o "$Out/$Name.so" \
  || { echo "exe-vs-wasmrun.sh: wasm2so failed" >&2; exit 2; }
wasm2so --exe "$Out/$Name.wasm" -o "$Out/$Name" \
  || { echo "exe-vs-wasmrun.sh: wasm2so --exe failed" >&2; exit 2; }

for Kind in wasmrun exe; do
  mkdir -p "$Out/$Kind/root" || exit 2
  if [ -n "$Seed" ]; then
    cp -a "$Seed/." "$Out/$Kind/root" || exit 2
  fi
done

# A variable of the host's environment must not reach either program.
(cd "$Out/wasmrun/root/$Sub" &&
  exec env W2S_HOST_ONLY=1 wasmrun "$Out/$Name.so" $RunFlags -- "$@") \
  <"$Stdin" >"$Out/wasmrun/stdout" 2>"$Out/wasmrun/stderr"
echo "exit $?" >"$Out/wasmrun/status"
(cd "$Out/exe/root/$Sub" &&
  exec env W2S_HOST_ONLY=1 "$Out/$Name" $ExeFlags "$@") \
  <"$Stdin" >"$Out/exe/stdout" 2>"$Out/exe/stderr"
echo "exit $?" >"$Out/exe/status"

# The backtraces: the functions the executable names are wasmrun's, in the
# same order, wasmrun's with the inlined ones besides; the outermost frame
# (never inlined) is the same.
for Kind in wasmrun exe; do
  grep -v '^  at ' "$Out/$Kind/stderr" >"$Out/$Kind/messages"
  sed -n 's/^  at \([^ ]*\) .*/\1/p' "$Out/$Kind/stderr" >"$Out/$Kind/frames"
done
Status=0
if ! awk 'NR == FNR { Want[++N] = $0; next }
          I < N && $0 == Want[I + 1] { ++I }
          END { exit I == N ? 0 : 1 }' \
     "$Out/exe/frames" "$Out/wasmrun/frames" ||
   [ "$(tail -n 1 "$Out/exe/frames")" != "$(tail -n 1 "$Out/wasmrun/frames")" ]
then
  echo "exe-vs-wasmrun.sh: backtraces differ (wasmrun vs exe):" >&2
  diff -u "$Out/wasmrun/frames" "$Out/exe/frames" >&2
  Status=1
fi
for F in stdout messages status; do
  if ! cmp -s "$Out/wasmrun/$F" "$Out/exe/$F"; then
    echo "exe-vs-wasmrun.sh: $F differs (wasmrun vs exe):" >&2
    diff -u "$Out/wasmrun/$F" "$Out/exe/$F" >&2
    Status=1
  fi
done
if ! diff -r --no-dereference "$Out/wasmrun/root" "$Out/exe/root" >&2; then
  echo "exe-vs-wasmrun.sh: the files left behind differ (wasmrun vs exe)" >&2
  Status=1
fi
cat "$Out/exe/stdout" "$Out/exe/status"
exit $Status
