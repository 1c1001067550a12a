#!/bin/sh
# Builds everything with ASan + UBSan (clang-19, build-asan/ or
# $ASAN_BUILD_DIR) and runs under it: the GoogleTest units, the lit tests,
# and a representative part of the spec suite (SANITIZE_SPEC, default 20
# scripts covering calls, memory, tables, traps, conversions and linking;
# "all" runs the whole suite). LLVM itself (the shared libLLVM) and the code
# inside compiled .so files are not instrumented. Left out: the lit tests of
# `wasm2so --exe` (wasi/exe-*), whose executables link this tree's runtime,
# instrumented, without the sanitizer runtimes. Exits non-zero when any of
# them fails or a sanitizer reports.
#
# ASAN_BUILD_DIR=build-fuzz reuses the fuzz build (scripts/fuzz.sh), which
# is instrumented the same way plus coverage: one build for both scripts.
set -u
cd "$(dirname "$0")/.."
BUILD=${ASAN_BUILD_DIR:-build-asan}
JOBS=${JOBS:-2}
SPEC_DIR=${W2S_SPEC_DIR:-../shared/spec}
SPEC_FILES=${SANITIZE_SPEC:-"address align binary br_table call_indirect
  conversions elem endianness float_exprs func_ptrs i32 i64 imports left-to-right
  linking memory memory_grow stack table_grow traps"}

if [ ! -d /usr/lib/llvm-19/lib/clang/19/lib/linux ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends libclang-rt-19-dev \
    >/dev/null || exit 1
fi
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DW2S_SANITIZE=address,undefined -DW2S_SPEC_DIR="$SPEC_DIR" \
    >/dev/null || exit 1
fi
cmake --build "$BUILD" -j "$JOBS" || exit 1

# The runtime turns guard-page faults into traps with its own SIGSEGV
# handler and chains to ASan's for any other fault; it switches stacks
# with sigaltstack and siglongjmp, which ASan's no-return handling copes
# with. Leaks are checked; LLVM's process-lifetime singletons are not leaks
# (lsan.supp).
export ASAN_OPTIONS=${ASAN_OPTIONS:-allow_user_segv_handler=1:detect_stack_use_after_return=0:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
echo "== sanitize: unit tests and lit"
(cd "$BUILD" && LIT_FILTER_OUT='wasi/exe-' ctest -j "$JOBS" -E 'spec-core|wasi-real-programs' \
  --output-on-failure > ctest-asan.log 2>&1) || status=1
tail -n 3 "$BUILD/ctest-asan.log"
[ $status -eq 0 ] || grep -E 'Failed|SEGFAULT|Subprocess aborted|Timeout' \
  "$BUILD/ctest-asan.log" | head -30

if [ -d "$SPEC_DIR" ]; then
  if [ "$SPEC_FILES" = all ]; then
    set -- "$SPEC_DIR"/*.wast
  else
    set --
    for f in $SPEC_FILES; do set -- "$@" "$SPEC_DIR/$f.wast"; done
  fi
  echo "== sanitize: spec suite, $# scripts"
  "$BUILD/bin/wasmspec" -j "$JOBS" "$@" > "$BUILD/spec-asan.log" 2>&1 ||
    status=1
  tail -n 2 "$BUILD/spec-asan.log"
  grep -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$BUILD/spec-asan.log" |
    head -10
else
  echo "== sanitize: spec suite not found at $SPEC_DIR, skipped"
fi
exit $status
