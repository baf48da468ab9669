#!/usr/bin/env bash
# Load benchmark of `chancery serve`: wrk over loopback against /api/search,
# 64 connections, for a signed-in SECRET reader (every answer audited), with
# the search-answer cache and without it, and for the anonymous reading room;
# then the server's peak RSS.
#
# Usage: bench/server/wrk.sh CHANCERY_BIN ARCHIVE_DIR [SECONDS]
#   ARCHIVE_DIR: an archive (e.g. the corpus: chancery init a && chancery
#   ingest a ../shared/corpus/cables-dev.csv.zst). A user `wrk-bench` is
#   added to it (or reused).
# Each run is warmed up for 5 s (the first answer to each of the 20 queries
# of search.lua is computed then) before the measured run.
set -euo pipefail

bin=$(realpath "$1")
archive=$(realpath "$2")
seconds=${3:-30}
here=$(cd "$(dirname "$0")" && pwd)
port=${PORT:-18090}
url=http://127.0.0.1:$port
pid=""
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; wait 2>/dev/null || true' EXIT

printf 'wrk-bench-pw\n' | "$bin" user add wrk-bench --archive "$archive" --role reader \
  --clearance SECRET --nationality USA --password-stdin >/dev/null 2>&1 || true

start() {  # start [serve options...]
  "$bin" serve --archive "$archive" --listen "127.0.0.1:$port" --quiet "$@" >/tmp/wrk-serve.out 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    grep -q listening /tmp/wrk-serve.out 2>/dev/null && return 0
    sleep 0.1
  done
  echo "the server did not start" >&2
  exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
cookie() {
  curl -s -c - -H 'Content-Type: application/json' \
    -d '{"name":"wrk-bench","password":"wrk-bench-pw"}' "$url/api/session" |
    awk '$6 == "chancery_session" {print $7}'
}
run() {  # run LABEL COOKIE
  CHANCERY_COOKIE=$2 wrk -t2 -c64 -d5s --timeout 10s -s "$here/search.lua" "$url" >/dev/null
  echo "== $1"
  CHANCERY_COOKIE=$2 wrk -t2 -c64 -d"${seconds}s" --timeout 10s -s "$here/search.lua" "$url" |
    grep -E '^(requests/s|p50_ms|p90_ms|p99_ms|errors)'
  echo "rss_mb $(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' /proc/$pid/status)"
}

start
run "SECRET reader, search-answer cache on" "$(cookie)"
stop
start --cached-answers 0
run "SECRET reader, no cache: every request searches" "$(cookie)"
stop
start --reading-room
run "reading room (anonymous), cache on" ""
stop
