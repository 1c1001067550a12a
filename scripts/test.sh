#!/bin/sh
# README's second command (and .ci/run): install what is missing, build, and
# run every test: GoogleTest units, lit regression tests, and the official
# spec suite (from W2S_SPEC_DIR, default ../shared/spec; reported as skipped,
# loudly, where it is absent).
set -eu
cd "$(dirname "$0")/.."
bash scripts/setup.sh
sh scripts/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j 2
