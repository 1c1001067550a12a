#!/bin/sh
# The robustness checks in one instrumented build (build-fuzz/: clang-19,
# ASan + UBSan + fuzzer coverage): each fuzz target for FUZZ_SECONDS
# (default 30 here), then the unit tests, lit and the spec suite under the
# sanitizers. About 13 minutes on 2 cores from a cold build, 5 with ccache
# warm (docs/security.md). Exits non-zero on any finding or failure.
set -u
cd "$(dirname "$0")/.."
export FUZZ_SECONDS=${FUZZ_SECONDS:-30}
export FUZZ_BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
status=0
sh scripts/fuzz.sh || status=1
ASAN_BUILD_DIR="$FUZZ_BUILD_DIR" sh scripts/sanitize.sh || status=1
exit $status
