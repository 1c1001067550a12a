#!/bin/sh
# Builds the libFuzzer targets (clang-19, ASan + UBSan, in build-fuzz/ or
# $FUZZ_BUILD_DIR), makes the seed corpus from the spec suite if it is not
# there, and runs each target for FUZZ_SECONDS (default 60) seconds.
# Exits non-zero when a target finds a crash, a sanitizer report or a
# timeout; the input is then in build-fuzz/artifacts/TARGET/, to be
# minimized, fixed and added to fuzz/regressions/.
#
#   scripts/fuzz.sh [TARGET...]     TARGET: decode, compile, run (all three
#                                   by default)
set -u
cd "$(dirname "$0")/.."
BUILD=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
JOBS=${JOBS:-2}
TARGETS=${*:-decode compile run}

# The fuzzer and sanitizer runtimes of clang 19.
if [ ! -d /usr/lib/llvm-19/lib/clang/19/lib/linux ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends libclang-rt-19-dev \
    >/dev/null || exit 1
fi
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DW2S_FUZZ=ON >/dev/null || exit 1
fi
cmake --build "$BUILD" -j "$JOBS" --target w2s_fuzzers || exit 1

CORPUS="$BUILD/corpus"
if [ ! -d "$CORPUS" ] || [ -z "$(ls -A "$CORPUS" 2>/dev/null)" ]; then
  sh fuzz/make-corpus.sh "${W2S_SPEC_DIR:-../shared/spec}" "$CORPUS" ||
    mkdir -p "$CORPUS"
fi

# The runtime handles SIGSEGV itself (guard pages become traps) and chains
# to ASan's handler for any other fault.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allow_user_segv_handler=1:detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
for t in $TARGETS; do
  work="$BUILD/corpus-$t"       # what this target learned, kept across runs
  artifacts="$BUILD/artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  seeds="$CORPUS"
  if [ "$t" = run ]; then
    # About 25 inputs a second (compile, link, fork): a sample of the seeds
    # leaves time for mutations within the budget.
    seeds="$BUILD/corpus-run-seeds"
    if [ ! -d "$seeds" ]; then
      mkdir -p "$seeds"
      ls "$CORPUS" | head -n 300 | while read -r f; do cp "$CORPUS/$f" "$seeds/"; done
    fi
  fi
  echo "== fuzz $t: ${SECONDS_EACH}s"
  "$BUILD/bin/w2s_fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=30 \
    -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "$work" "$seeds" \
    > "$BUILD/fuzz-$t.log" 2>&1
  rc=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+.*DONE)' \
    "$BUILD/fuzz-$t.log" | tr '\n' ' '
  echo
  if [ $rc -ne 0 ]; then
    echo "fuzz $t: FOUND a failure (exit $rc); see $BUILD/fuzz-$t.log and $artifacts"
    grep -E 'ERROR|SUMMARY|failure|killed|refused|deadly|timeout' \
      "$BUILD/fuzz-$t.log" | head -20
    status=1
  fi
done
exit $status
