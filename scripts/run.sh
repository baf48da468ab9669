#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: installs what is missing,
# builds chancery (Release) and runs it over the cables shipped in examples/.
#
# Today the job is `chancery parse`: every example cable read into the record
# of docs/cable-record.md and printed as JSON Lines on stdout. Later steps add
# stages below (build an archive, search it, serve it); each is one function
# called at the end of this file.
#
# Usage: bash scripts/run.sh [extra chancery parse options, e.g. --raw]
# Environment: JOBS (build parallelism, default nproc), CHANCERY_BUILD_ROOT.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build=${CHANCERY_BUILD_ROOT:-$root/build}/release
jobs=${JOBS:-$(nproc)}

# Progress goes to stderr so that stdout holds only the job's output.
say() { printf '==== %s ====\n' "$*" >&2; }

install_deps() {
  say "deps"
  bash scripts/deps.sh >&2
}

build_release() {
  say "build (release)"
  cmake --preset release -B "$build" >&2
  cmake --build "$build" -j "$jobs" --target chancery >&2
  chancery=$(find "$build" -maxdepth 4 -type f -name chancery -perm -u+x -print -quit)
  [[ -n $chancery ]] || { echo "run.sh: chancery binary not found under $build" >&2; exit 1; }
}

parse_examples() {
  say "chancery parse --json examples/"
  local inputs=()
  for f in examples/*; do
    case $f in *.txt|*.html|*.csv|*.jsonl) inputs+=("$f") ;; esac
  done
  "$chancery" parse --json "$@" "${inputs[@]}"
}

install_deps
build_release
parse_examples "$@"
