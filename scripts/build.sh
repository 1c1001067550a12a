#!/bin/sh
# Configures and builds wasm2so in build/ (or $BUILD_DIR) with two jobs.
set -eu
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-2}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    ${W2S_SPEC_DIR:+-DW2S_SPEC_DIR="$W2S_SPEC_DIR"}
fi
cmake --build "$BUILD_DIR" -j "$JOBS"
