#!/usr/bin/env bash
# A stand-in for the chancery binary for tests/browser/run.sh before `chancery serve`
# exists: init/ingest go to the real CLI (CHANCERY_REAL), `user add` records the
# password, `serve` starts dev/mock-server.mjs. Development only.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REAL=${CHANCERY_REAL:-$HERE/../../build-lead/src/cli/chancery}
case "${1:-}" in
  user)
    name=$3; archive=""; shift 3
    while [ $# -gt 0 ]; do [ "$1" = --archive ] && archive=$2; shift; done
    IFS= read -r pw; printf '%s\t%s\n' "$name" "$pw" >>"$archive/mock-users.tsv" ;;
  serve)
    shift; archive=""; web=""
    while [ $# -gt 0 ]; do
      case "$1" in --archive) archive=$2; shift ;; --web-root) web=$2; shift ;; esac; shift
    done
    exec node "$HERE/mock-server.mjs" --port 0 --chancery "$REAL" --users "$archive/mock-users.tsv" ${web:+--web-root "$web"} ;;
  *) exec "$REAL" "$@" ;;
esac
