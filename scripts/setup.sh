#!/usr/bin/env bash
# Installs the Debian packages wasm2so needs to build and test; quiet and
# idempotent: does nothing when everything is already there.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ ccache python3 zlib1g-dev libzstd-dev
  libmimalloc-dev
  llvm-19-dev liblld-19-dev lld-19 clang-19 llvm-19-tools
  libcli11-dev googletest libgtest-dev
  wabt wasi-libc libclang-rt-19-dev-wasm32 libclang-rt-19-dev dpkg-dev
  binaryen nodejs
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
