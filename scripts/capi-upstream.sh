#!/bin/sh
# Builds and runs the C example programs of a wasm-c-api checkout against
# an installed wasm2so, unmodified, and checks that each ends with "Done."
# (or, for one that prints none, exits 0; docs/embedding.md, "The C API"). The examples are not part of this
# repository; point the script at a checkout:
#
#   sh scripts/capi-upstream.sh WASM_C_API_DIR [BUILD_DIR]
#
# BUILD_DIR (default build/) is installed into a temporary prefix; its
# w2s_wat2wasm turns the examples' .wat files into the .wasm files they
# read. Exit status: 0 all passed, 1 a failure, 77 no checkout given.
set -u
SRC=${1:-}
BUILD=$(cd "${2:-build}" && pwd) || exit 1
if [ -z "$SRC" ] || [ ! -d "$SRC/example" ]; then
  echo "usage: sh scripts/capi-upstream.sh WASM_C_API_DIR [BUILD_DIR]" >&2
  exit 77
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cmake --install "$BUILD" --prefix "$WORK/prefix" --component Development \
  >/dev/null || exit 1
CC=${CC:-cc}
status=0
for NAME in hello callback global memory multi reflect serialize start table \
            trap finalize hostref threads; do
  mkdir -p "$WORK/$NAME"
  if [ -f "$SRC/example/$NAME.wat" ]; then
    "$BUILD/bin/w2s_wat2wasm" "$SRC/example/$NAME.wat" "$WORK/$NAME/$NAME.wasm"
  elif [ -f "$SRC/example/$NAME.wasm" ]; then
    cp "$SRC/example/$NAME.wasm" "$WORK/$NAME/"
  fi
  if ! "$CC" "$SRC/example/$NAME.c" -I"$WORK/prefix/include" \
      -L"$WORK/prefix/lib" -lwasm2so -Wl,-rpath,"$WORK/prefix/lib" \
      -lpthread -o "$WORK/$NAME/$NAME" 2> "$WORK/$NAME/build.log"; then
    echo "$NAME: does not build"; sed -n 1,20p "$WORK/$NAME/build.log"
    status=1; continue
  fi
  # threads.c prints no "Done."; it passes by its exit status alone.
  if ! grep -q '"Done\.' "$SRC/example/$NAME.c"; then
    if (cd "$WORK/$NAME" && "./$NAME" > run.log 2>&1); then
      echo "$NAME: exit 0 (the example prints no Done.)"
    else
      echo "$NAME: FAILED"; tail -n 20 "$WORK/$NAME/run.log"; status=1
    fi
  elif (cd "$WORK/$NAME" && "./$NAME" > run.log 2>&1) &&
     [ "$(tail -n 1 "$WORK/$NAME/run.log")" = "Done." ]; then
    echo "$NAME: Done."
  else
    echo "$NAME: FAILED"; tail -n 20 "$WORK/$NAME/run.log"; status=1
  fi
done
exit $status
