#!/bin/sh
# README's second command (and .ci/run): install what is missing, build, and
# run every test: GoogleTest units, lit regression tests, and the official
# spec suite (from W2S_SPEC_DIR, default ../shared/spec; reported as skipped,
# loudly, where it is absent). Ends with ctest's summary and the spec
# runner's total.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
bash scripts/setup.sh || exit 1
sh scripts/build.sh || exit 1
cd "${BUILD_DIR:-build}" || exit 1
ctest --output-on-failure -j 2 > ctest.log 2>&1
status=$?
cat ctest.log

# Robustness: the fuzz targets for FUZZ_SECONDS each and the unit, lit and
# spec suites under ASan + UBSan, from one instrumented build (build-fuzz/).
# W2S_HARDENING=0 leaves it out.
hardening="not run (W2S_HARDENING=0)"
if [ "${W2S_HARDENING:-1}" != 0 ]; then
  sh "$ROOT/scripts/hardening.sh" > hardening.log 2>&1
  hstatus=$?
  tail -n 40 hardening.log
  if [ $hstatus -eq 0 ]; then
    hardening="passed"
  else
    hardening="FAILED (see $(pwd)/hardening.log)"
    status=1
  fi
fi
# The differential tester over a fixed seed range (docs/testing.md,
# "difftest"): 200 modules at about 0.6 s of CPU each, a minute or two on
# 2 cores (plus apt-get install of binaryen and nodejs on a clean machine).
# Fails the run on any mismatch. W2S_DIFFTEST=0 leaves it out.
difftest="difftest: not run (W2S_DIFFTEST=0)"
if [ "${W2S_DIFFTEST:-1}" != 0 ]; then
  BUILD_DIR="$(pwd)" sh "$ROOT/scripts/difftest.sh" --seeds 1-200 \
    --work "$(pwd)/difftest-work" > difftest.log 2>&1
  dstatus=$?
  tail -n 20 difftest.log
  difftest=$(grep -E '^difftest: [0-9]+ modules' difftest.log ||
    echo "difftest: FAILED to run (see $(pwd)/difftest.log)")
  [ $dstatus -eq 0 ] || status=1
fi
echo
echo "== summary =="
grep -E '^[0-9]+% tests passed' ctest.log || echo "ctest: no summary (status $status)"
# The spec runner's totals, one line per group, from ctest's log.
for group in core simd core-split; do
  spec=$(awk -v t="spec-$group" '
    $0 ~ "^[0-9]+/[0-9]+ Test: " t "$" { on = 1; next }
    on && /^[0-9]+\/[0-9]+ Testing: / { on = 0 }
    on && /^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$/ { last = $0 }
    on && /spec suite not found/ { missing = $0 }
    END { print (missing != "" ? missing : last) }' Testing/Temporary/LastTest.log 2>/dev/null)
  echo "spec suite ($group): ${spec:-did not run}"
done
for group in spec3-core3 spec3-simd3 spec3-core3-gc-eh spec-eh-legacy; do
  spec=$(awk -v t="$group" '
    $0 ~ "^[0-9]+/[0-9]+ Test: " t "$" { on = 1; next }
    on && /^[0-9]+\/[0-9]+ Testing: / { on = 0 }
    on && /^expected failures: / { expected = $0 }
    on && /^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$/ { last = $0 }
    on && /spec suite not found/ { missing = $0 }
    END { print (missing != "" ? missing : last " (" expected ")") }' \
    Testing/Temporary/LastTest.log 2>/dev/null)
  echo "spec suite ($group): ${spec:-did not run}"
done
echo "fuzzing and sanitizers: $hardening"
echo "$difftest"
exit $status
