#!/bin/sh
# Builds everything with ASan + UBSan (clang-19, build-asan/ or
# $ASAN_BUILD_DIR) and runs ctest under it: the GoogleTest units, the lit
# tests and the whole spec suite (spec-core and spec-simd; under a minute
# together). LLVM itself (the shared libLLVM) and the code inside compiled
# .so files are not instrumented. Left out: what links this tree's
# instrumented runtime into a program built without the sanitizers (the lit
# tests of `wasm2so --exe`, wasi/exe-* and exceptions/exe-*, and
# embed-find-package), and
# wasi-real-programs (network, minutes). Exits non-zero when a test fails
# or a sanitizer reports.
#
# ASAN_BUILD_DIR=build-fuzz reuses the fuzz build (scripts/fuzz.sh), which
# is instrumented the same way plus coverage: one build for both scripts.
set -u
cd "$(dirname "$0")/.."
BUILD=${ASAN_BUILD_DIR:-build-asan}
JOBS=${JOBS:-2}
SPEC_DIR=${W2S_SPEC_DIR:-../shared/spec}

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
# with. No fake stacks: the stack limit is computed from the thread's real
# stack. Leaks are checked; LLVM's process-lifetime singletons are not
# leaks (fuzz/lsan.supp).
export ASAN_OPTIONS=${ASAN_OPTIONS:-allow_user_segv_handler=1:detect_stack_use_after_return=0:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
echo "== sanitize: unit tests, lit, spec suite (core and SIMD)"
(cd "$BUILD" && LIT_FILTER_OUT='wasi/exe-|exceptions/exe-' ctest -j "$JOBS" \
  -E 'wasi-real-programs|embed-find-package' \
  --output-on-failure > ctest-asan.log 2>&1) || status=1
grep -E '^[0-9]+% tests passed|^[0-9]+ passed, [0-9]+ failed' \
  "$BUILD/ctest-asan.log" "$BUILD/Testing/Temporary/LastTest.log" 2>/dev/null
if [ $status -ne 0 ]; then
  grep -E 'Failed|SEGFAULT|Subprocess aborted|Timeout' "$BUILD/ctest-asan.log" |
    head -30
  grep -E 'AddressSanitizer|runtime error:|LeakSanitizer' \
    "$BUILD/ctest-asan.log" | head -10
fi
exit $status
