#!/bin/sh
# run-both.sh - Runs a C program natively and as wasm (through wasm2so and
# wasmrun) and fails unless both agree.
#
#   run-both.sh OUT SOURCE.c [-s SEED] [-i STDIN] [-e NAME=VALUE]...
#               [-w WASM-FLAGS] [-- ARGS...]
#
# Builds SOURCE.c with clang-19 for wasm32-wasi (then wasm2so to a .so) and
# for the host, in OUT; -w adds flags to the wasm build (to link wasi-libc's
# emulation libraries, say). Each run gets its own copy of SEED (or an empty
# directory) as its working directory; the wasm run preopens it as ".". Both
# get the same arguments, the same standard input and only the -e variables
# as their environment. stdout, stderr, the exit code and the files left in
# the directory must be identical. Prints the wasm run's stdout then
# "exit N", for FileCheck.
set -u
Out=$1
Src=$2
shift 2
Seed=
Stdin=/dev/null
NativeEnv=
WasmEnv=
WasmFlags=
while [ $# -gt 0 ]; do
  case $1 in
  -s) Seed=$2; shift 2 ;;
  -i) Stdin=$2; shift 2 ;;
  -w) WasmFlags="$WasmFlags $2"; shift 2 ;;
  -e) NativeEnv="$NativeEnv $2"; WasmEnv="$WasmEnv --env $2"; shift 2 ;;
  --) shift; break ;;
  *) echo "run-both.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

Name=$(basename "$Src" .c)
rm -rf "$Out" && mkdir -p "$Out" || exit 2
clang-19 --target=wasm32-wasi --sysroot=/usr -O2 $WasmFlags "$Src" -o "$Out/$Name.wasm" \
  || { echo "run-both.sh: wasm build failed" >&2; exit 2; }
wasm2so "$Out/$Name.wasm" -o "$Out/$Name.so" \
  || { echo "run-both.sh: wasm2so failed" >&2; exit 2; }
clang-19 -O2 -Wno-unused-command-line-argument "$Src" -o "$Out/$Name.native" \
  || { echo "run-both.sh: native build failed" >&2; exit 2; }

for Kind in native wasm; do
  mkdir -p "$Out/$Kind"
  if [ -n "$Seed" ]; then
    cp -a "$Seed" "$Out/$Kind/sandbox" || exit 2
  else
    mkdir "$Out/$Kind/sandbox"
  fi
done

(cd "$Out/native/sandbox" &&
  exec env -i $NativeEnv "$Out/$Name.native" "$@") \
  <"$Stdin" >"$Out/native/stdout" 2>"$Out/native/stderr"
echo "exit $?" >"$Out/native/status"
(cd "$Out/wasm/sandbox" &&
  exec wasmrun "$Out/$Name.so" --dir . $WasmEnv -- "$@") \
  <"$Stdin" >"$Out/wasm/stdout" 2>"$Out/wasm/stderr"
echo "exit $?" >"$Out/wasm/status"

Status=0
for F in stdout stderr status; do
  if ! cmp -s "$Out/native/$F" "$Out/wasm/$F"; then
    echo "run-both.sh: $F differs (native vs wasm):" >&2
    diff -u "$Out/native/$F" "$Out/wasm/$F" >&2
    Status=1
  fi
done
if ! diff -r "$Out/native/sandbox" "$Out/wasm/sandbox" >&2; then
  echo "run-both.sh: the files left behind differ (native vs wasm)" >&2
  Status=1
fi
cat "$Out/wasm/stdout" "$Out/wasm/status"
exit $Status
