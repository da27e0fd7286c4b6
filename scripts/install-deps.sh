#!/usr/bin/env bash
# Installs the Debian 12 packages OpenCustoms builds and tests with, when any is missing.
# Non-interactive; uses sudo when not root. Safe to run again: it does nothing when all are there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libsimdjson-dev libcli11-dev libfmt-dev libsqlite3-dev sqlite3 libsodium-dev
  libboost-dev libboost-system-dev
  libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev libxgboost-dev libqrencode-dev libpng-dev
  libhpdf-dev
  clang libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing Debian packages: ${missing[*]}"
as_root=()
[[ $(id -u) -eq 0 ]] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
