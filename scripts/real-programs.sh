#!/usr/bin/env bash
# real-programs.sh - zlib's minigzip and bzip2, built from Debian's sources
# both for wasm32-wasi (run through wasm2so) and natively, must read each
# other's output back byte for byte.
#
#   scripts/real-programs.sh [--wasm2so PATH] [--wasmrun PATH] [--work DIR]
#
# The sources are fetched with `apt-get source zlib bzip2` through a private
# deb-src list kept in the work directory (default build/real-programs), so
# the system's apt configuration is never touched; nothing fetched leaves
# that directory. The mirror is the system's Debian mirror, or
# W2S_DEBIAN_MIRROR. The programs' sources are not edited: a few -D flags stub
# what WASI lacks. For each program, on a generated 4 MiB file of mixed text
# and binary data:
#   - wasm (wasmrun and the --exe executable) compresses; the native build
#     decompresses to the original; and the other way round;
#   - the compressed bytes of both wasm runs equal the native build's;
#   - bzip2 also runs in file mode inside a --wasm2so-dir sandbox.
#
# W2S_NATIVE_CFLAGS adds flags to the native builds.
#
# Exit status: 0 all passed, 1 a check failed, 77 skipped (no clang-19 or
# wasi-libc, or the sources cannot be fetched: said loudly, never a pass).
set -uo pipefail

Root=$(cd "$(dirname "$0")/.." && pwd)
Wasm2so=$Root/build/bin/wasm2so
Wasmrun=$Root/build/bin/wasmrun
Work=$Root/build/real-programs
while [ $# -gt 0 ]; do
  case $1 in
  --wasm2so) Wasm2so=$2; shift 2 ;;
  --wasmrun) Wasmrun=$2; shift 2 ;;
  --work) Work=$2; shift 2 ;;
  *) echo "real-programs: unknown option $1" >&2; exit 2 ;;
  esac
done

skip() {
  echo "real-programs: SKIPPED: $*" >&2
  echo "real-programs: SKIPPED: $*"
  exit 77
}

Failed=0
fail() {
  echo "FAIL: $*"
  Failed=1
}
check() { # check DESCRIPTION FILE-A FILE-B
  if cmp -s "$2" "$3"; then
    echo "ok: $1"
  else
    fail "$1 ($2 and $3 differ)"
  fi
}

die() {
  echo "real-programs: error: $*" >&2
  exit 1
}

command -v clang-19 >/dev/null || skip "clang-19 is not installed"
[ -d /usr/lib/wasm32-wasi ] ||
  skip "wasi-libc (/usr/lib/wasm32-wasi) is not installed"
command -v apt-get >/dev/null && command -v dpkg-source >/dev/null ||
  skip "apt-get and dpkg-source are needed to fetch Debian's sources"
[ -x "$Wasm2so" ] || die "no wasm2so at $Wasm2so"
[ -x "$Wasmrun" ] || die "no wasmrun at $Wasmrun"
Start=$SECONDS

#===--------------------------- Debian's sources ------------------------===#

# A deb-src entry for the system's own Debian mirror and release.
fetchSources() {
  local Apt=$Work/apt Uri Suite
  Suite=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
  [ -n "$Suite" ] || return 1
  Uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources |
    awk '{ print $2 }' | grep -v security | head -n 1)
  [ -n "$Uri" ] || Uri=$(grep -hs '^deb ' /etc/apt/sources.list |
    sed -E 's/^deb (\[[^]]*\] )?([^ ]+).*/\2/' | grep -v security | head -n 1)
  # The system's own mirror (or W2S_DEBIAN_MIRROR); none: no sources.
  Uri=${W2S_DEBIAN_MIRROR:-$Uri}
  [ -n "$Uri" ] || return 1
  rm -rf "$Apt" "$Work/src"
  mkdir -p "$Apt/lists/partial" "$Apt/cache/archives/partial" \
    "$Apt/sources.list.d" "$Work/src" || return 1
  echo "deb-src $Uri $Suite main" >"$Apt/sources.list"
  local Opts=(-q -o "Dir::Etc::SourceList=$Apt/sources.list"
    -o "Dir::Etc::SourceParts=$Apt/sources.list.d"
    -o "Dir::State::Lists=$Apt/lists" -o "Dir::Cache=$Apt/cache"
    -o Acquire::Retries=2 -o Acquire::http::Timeout=30)
  [ "$(id -u)" -eq 0 ] && Opts+=(-o APT::Sandbox::User=root)
  echo "real-programs: fetching zlib and bzip2 from $Uri $Suite"
  apt-get "${Opts[@]}" update >"$Work/apt.log" 2>&1 || return 1
  # `apt-get update` succeeds even when nothing could be downloaded.
  ls "$Apt"/lists/*Sources* >/dev/null 2>&1 || return 1
  (cd "$Work/src" && apt-get "${Opts[@]}" source zlib bzip2) \
    >>"$Work/apt.log" 2>&1 || return 1
}

ZlibDir=$(ls -d "$Work"/src/zlib-*/ 2>/dev/null | head -n 1)
BzipDir=$(ls -d "$Work"/src/bzip2-*/ 2>/dev/null | head -n 1)
if [ ! -f "$ZlibDir/zlib.h" ] || [ ! -f "$BzipDir/bzlib.h" ]; then
  mkdir -p "$Work" || die "cannot create $Work"
  if ! fetchSources; then
    tail -n 5 "$Work/apt.log" >&2 2>/dev/null
    skip "cannot fetch Debian's zlib and bzip2 sources (no network?);" \
      "see $Work/apt.log"
  fi
  ZlibDir=$(ls -d "$Work"/src/zlib-*/ | head -n 1)
  BzipDir=$(ls -d "$Work"/src/bzip2-*/ | head -n 1)
fi
echo "real-programs: $(basename "$ZlibDir") $(basename "$BzipDir")"

#===-------------------------------- builds -----------------------------===#

Out=$Work/out
rm -rf "$Out" && mkdir -p "$Out/wasm" "$Out/native" || die "cannot create $Out"
WasmCC=(clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -w)
# W2S_NATIVE_CFLAGS: more flags for the native builds (bench/run.py passes
# its -march).
NativeCC=(clang-19 -O2 -w ${W2S_NATIVE_CFLAGS:-})

ZlibSources=(adler32.c compress.c crc32.c deflate.c gzclose.c gzlib.c
  gzread.c gzwrite.c infback.c inffast.c inflate.c inftrees.c trees.c
  uncompr.c zutil.c test/minigzip.c)
# As zlib's configure says on both: zconf.h may include <unistd.h>.
ZlibFlags=(-DZ_HAVE_UNISTD_H)
ZlibWasmFlags=()
BzipSources=(blocksort.c huffman.c crctable.c randtable.c compress.c
  decompress.c bzlib.c bzip2.c)
# WASI has no signals, process clocks or file ownership: wasi-libc's
# emulations, and fchmod/fchown (only used to copy a file's attributes in
# file mode) as no-ops.
BzipFlags=(-D_FILE_OFFSET_BITS=64)
BzipWasmFlags=(-D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS
  '-Dfchmod(fd,mode)=0' '-Dfchown(fd,uid,gid)=0'
  -lwasi-emulated-signal -lwasi-emulated-process-clocks)

# Two jobs at a time: the wasm and the native build, then the .so and the
# executable.
build() { # build NAME SOURCE-DIR FLAGS-ARRAY WASM-FLAGS-ARRAY SOURCES...
  local Name=$1 Dir=$2 Flags=$3[@] WasmFlags=$4[@] A B
  shift 4
  (cd "$Dir" && "${WasmCC[@]}" -I. "${!Flags}" "$@" "${!WasmFlags}" \
    -o "$Out/wasm/$Name.wasm") >"$Out/$Name.wasm.log" 2>&1 &
  A=$!
  (cd "$Dir" && "${NativeCC[@]}" -I. "${!Flags}" "$@" \
    -o "$Out/native/$Name") >"$Out/$Name.native.log" 2>&1 &
  B=$!
  wait $A || { cat "$Out/$Name.wasm.log" >&2; die "$Name: wasm build failed"; }
  wait $B ||
    { cat "$Out/$Name.native.log" >&2; die "$Name: native build failed"; }
  "$Wasm2so" "$Out/wasm/$Name.wasm" -o "$Out/wasm/$Name.so" &
  A=$!
  "$Wasm2so" --exe "$Out/wasm/$Name.wasm" -o "$Out/wasm/$Name" &
  B=$!
  wait $A || die "$Name: wasm2so failed"
  wait $B || die "$Name: wasm2so --exe failed"
  echo "real-programs: built $Name (wasm, .so, executable, native)"
}
build minigzip "$ZlibDir" ZlibFlags ZlibWasmFlags "${ZlibSources[@]}"
build bzip2 "$BzipDir" BzipFlags BzipWasmFlags "${BzipSources[@]}"

#===------------------------------ round trips --------------------------===#

# 4 MiB of text, low-entropy binary, runs and noise, the same every time.
Data=$Out/data
python3 - "$Data" <<'EOF' || die "cannot generate the test data"
import random, sys
r = random.Random(20240501)
letters = "abcdefghijklmnopqrstuvwxyz"
words = ["".join(r.choice(letters) for _ in range(r.randint(1, 9)))
         for _ in range(3000)]
out = bytearray()
size = 4 << 20
while len(out) < size:
    k = r.random()
    if k < 0.5:
        line = " ".join(r.choice(words) for _ in range(r.randint(20, 400)))
        out += (line + "\n").encode()
    elif k < 0.75:
        out += bytes(r.getrandbits(3) * 17 for _ in range(r.randint(100, 8000)))
    elif k < 0.9:
        out += bytes([r.getrandbits(8)]) * r.randint(1, 3000)
    else:
        out += r.randbytes(r.randint(100, 20000))
open(sys.argv[1], "wb").write(out[:size])
EOF

# run KIND NAME ARGS... <in >out: KIND is native, wasmrun or exe.
run() {
  local Kind=$1 Name=$2
  shift 2
  case $Kind in
  native) "$Out/native/$Name" "$@" ;;
  wasmrun) "$Wasmrun" "$Out/wasm/$Name.so" -- "$@" ;;
  exe) "$Out/wasm/$Name" "$@" ;;
  esac
}

roundTrip() { # roundTrip NAME COMPRESS-FLAG DECOMPRESS-FLAG
  local Name=$1 Z=$2 D=$3 Kind
  for Kind in native wasmrun exe; do
    run $Kind "$Name" $Z <"$Data" >"$Out/$Name.$Kind.z" ||
      fail "$Name $Z ($Kind) exited with $?"
  done
  check "$Name: wasmrun compresses as native does" \
    "$Out/$Name.native.z" "$Out/$Name.wasmrun.z"
  check "$Name: the executable compresses as native does" \
    "$Out/$Name.native.z" "$Out/$Name.exe.z"
  run native "$Name" $D <"$Out/$Name.wasmrun.z" >"$Out/$Name.wasm-native"
  check "$Name: wasm -> native round trip" "$Data" "$Out/$Name.wasm-native"
  for Kind in wasmrun exe; do
    run $Kind "$Name" $D <"$Out/$Name.native.z" >"$Out/$Name.native-$Kind"
    check "$Name: native -> wasm ($Kind) round trip" "$Data" \
      "$Out/$Name.native-$Kind"
  done
}
roundTrip minigzip "" -d
roundTrip bzip2 -z -d

# bzip2 in file mode: the executable reads data and writes data.bz2 beside
# it in its sandbox, then decompresses a native data.bz2 in place.
mkdir -p "$Out/files" && cp "$Data" "$Out/files/data" &&
  (cd "$Out/files" && "$Out/wasm/bzip2" --wasm2so-dir=. -k data) ||
  fail "bzip2 -k data (executable) exited with $?"
check "bzip2: file mode in the sandbox" "$Out/bzip2.native.z" \
  "$Out/files/data.bz2"
rm -f "$Out/files/data" && cp "$Out/bzip2.native.z" "$Out/files/data.bz2" &&
  (cd "$Out/files" && "$Out/wasm/bzip2" --wasm2so-dir=. -d data.bz2) ||
  fail "bzip2 -d data.bz2 (executable) exited with $?"
check "bzip2: file mode decompression in the sandbox" "$Data" "$Out/files/data"

echo "real-programs: $([ $Failed -eq 0 ] && echo passed || echo FAILED)" \
  "in $((SECONDS - Start)) s"
exit $Failed
