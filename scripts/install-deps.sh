#!/usr/bin/env bash
# Installs the Debian 12 packages sealog builds, tests and benchmarks with,
# when they are missing. Nothing is downloaded from anywhere else.
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config python3
  liburing-dev libxxhash-dev libsodium-dev libfmt-dev libzstd-dev libsimdjson-dev
  libcli11-dev libtomlplusplus-dev zlib1g-dev libgtest-dev libbenchmark-dev
  libsqlite3-dev librocksdb-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}" >/dev/null; then
  "${sudo_cmd[@]}" apt-get update -q >/dev/null
  "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}" >/dev/null
fi
