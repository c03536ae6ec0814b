#!/usr/bin/env bash
# Installs everything custos needs on Debian 12, as root (or via sudo). Idempotent and quiet when
# everything is already present. Every other script calls this first.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ccache
  clang-14 lld-14 libclang-rt-14-dev llvm-14 clang-format clang-tidy
  libsodium-dev libssl-dev libsecp256k1-dev
  libboost1.81-dev
  nlohmann-json3-dev libsimdjson-dev
  libsqlite3-dev sqlite3 libpq-dev libpqxx-dev postgresql
  libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev libre2-dev libexpected-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  ca-certificates openssl curl
)

# Node.js and npm: the machine may already carry a newer Node.js than Debian's (whose npm package
# conflicts with it); use Debian's only when there is none.
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(nodejs npm); fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# JavaScript interop tooling (jose, viem), pinned by the lock file.
if [ -f tests/interop/package-lock.json ]; then
  if [ ! -d tests/interop/node_modules ] || \
     [ tests/interop/package-lock.json -nt tests/interop/node_modules/.package-lock.json ]; then
    (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
