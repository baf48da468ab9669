#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: installs what is missing,
# builds chancery (Release) and runs it over the cables shipped in examples/.
#
# The job: an archive (SQLite store + Xapian index in one directory) built
# from the example cables and 2,000 cables generated from them, then the
# archive's statistics, a search with facets, a cable and its references;
# then the server on it (the JSON API and the web UI) until Ctrl-C.
# Nothing outside this checkout is needed.
#
# Usage: bash scripts/run.sh
# Environment: JOBS (build parallelism, default nproc), CHANCERY_BUILD_ROOT,
# CHANCERY_LISTEN (default 127.0.0.1:8080), CHANCERY_SERVE=0 (stop before serving).
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

# The cable files of examples/ (its README.md is not a cable).
example_inputs() {
  for f in examples/*; do
    case $f in *.txt|*.html|*.csv|*.jsonl) printf '%s\n' "$f" ;; esac
  done
}

# An archive of the example cables plus 2,000 generated from them, then a
# search and a cable, as a researcher would start.
build_demo_archive() {
  local demo=$build/demo
  rm -rf "$demo" && mkdir -p "$demo"
  archive=$demo/archive
  say "chancery init $archive"
  "$chancery" init "$archive"
  say "chancery ingest examples/"
  mapfile -t inputs < <(example_inputs)
  "$chancery" ingest --archive "$archive" "${inputs[@]}"
  say "chancery gen: 2,000 synthetic cables drawn from examples/"
  "$chancery" gen --seed "${inputs[@]}" --count 2000 --format csv --random-seed 7 \
    --out "$demo/generated.csv"
  "$chancery" ingest --archive "$archive" "$demo/generated.csv"
  say "chancery stats"
  "$chancery" stats --archive "$archive" --top 5
  say "chancery search 'iran nuclear' --facets tag,year,class"
  "$chancery" search --archive "$archive" --limit 5 --facets tag,year,class 'iran nuclear'
  say "chancery show 07TELAVIV557"
  "$chancery" show --archive "$archive" 07TELAVIV557
  say "chancery refs 07TELAVIV557"
  "$chancery" refs --archive "$archive" 07TELAVIV557
  say "a CONFIDENTIAL reader, as of 2016-01-01 (before its declassification date)"
  printf 'demo\n' | "$chancery" user add reader --archive "$archive" --role reader \
    --clearance CONFIDENTIAL --nationality USA --password-stdin
  "$chancery" show --archive "$archive" --as reader --as-of 2016-01-01 07TELAVIV557
  say "chancery audit list (reads of classified text)"
  "$chancery" audit list --archive "$archive" --limit 5
  say "done: the archive is in $archive (try: $chancery search --archive $archive --help)"
}

# The archive on the network: the JSON API and the web UI, in the
# foreground until Ctrl-C. A SECRET demo reader joins the CONFIDENTIAL one,
# so that the same cable can be compared as each sees it.
serve_demo_archive() {
  printf 'demo\n' | "$chancery" user add analyst --archive "$archive" --role reader \
    --clearance SECRET --nationality USA --password-stdin >&2
  local listen=${CHANCERY_LISTEN:-127.0.0.1:8080}
  say "chancery serve: open http://$listen/ and sign in as reader / demo (CONFIDENTIAL) or analyst / demo (SECRET); Ctrl-C stops it"
  exec "$chancery" serve --archive "$archive" --listen "$listen"
}

install_deps
build_release
build_demo_archive
if [[ ${CHANCERY_SERVE:-1} != 0 ]]; then serve_demo_archive; fi
