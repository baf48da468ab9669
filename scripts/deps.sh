#!/usr/bin/env bash
# Installs the Debian 12 packages chancery needs to build, test, fuzz and
# benchmark, and only those that are missing: with everything present it asks
# dpkg and returns in well under a second, without touching the network.
#
# Usage: bash scripts/deps.sh [extra-package...]
# Runs apt-get as root, or through sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build g++ clang libclang-rt-14-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  zlib1g-dev libbz2-dev libzstd-dev zstd pkg-config
  libsqlite3-dev libxapian-dev libsodium-dev libcpp-httplib-dev libssl-dev libjemalloc-dev
  nodejs chromium wrk time
  "$@"
)
# npm builds the web UI; Debian's nodejs comes without it (package npm),
# NodeSource's brings its own: ask for the package only when there is none.
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
if ((EUID == 0)); then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "deps: missing packages (${missing[*]}) and neither root nor sudo available" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
