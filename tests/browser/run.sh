#!/usr/bin/env bash
# Browser test of the web UI against the real server.
# usage: tests/browser/run.sh CHANCERY_BIN ARTIFACT_DIR
# Makes a temporary archive from examples/ (plus a second version of 07TELAVIV557 and
# a stand-in for the cable it cites, 07TELAVIV553), adds two readers, and for Step 5 an
# officer at AMEMBASSY TEL AVIV, a collective 'TEST COLLECTIVE' of AMEMBASSY PARIS and
# AMEMBASSY LONDON and a reader at each of those posts, starts
# `chancery serve` on a free port and runs browser_test.mjs with Debian's chromium.
# The UI is built from web/src into a temporary directory and served with --web-root,
# so the test checks the UI as it is in the tree; set CHANCERY_EMBEDDED_UI=1 to test the
# UI built into the binary instead.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 CHANCERY_BIN ARTIFACT_DIR" >&2
  exit 2
fi
BIN=$(realpath "$1")
ART=$(realpath -m "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
EXAMPLES="$ROOT/examples"

fail() { echo "browser test: $*" >&2; exit 1; }
[ -x "$BIN" ] || fail "$BIN is not an executable"
command -v node >/dev/null || fail "node is not installed"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || fail "$CHROMIUM is missing (apt-get install chromium)"
mkdir -p "$ART"
rm -f "$ART"/*.png

WORK=$(mktemp -d "${TMPDIR:-/tmp}/chancery-browser.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# npm packages, from the lock files, when missing
for dir in "$HERE" "$ROOT/web"; do
  if [ ! -d "$dir/node_modules" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund >/dev/null) || fail "npm ci failed in $dir"
  fi
done

WEB_ARGS=()
if [ "${CHANCERY_EMBEDDED_UI:-0}" != 1 ]; then
  node "$ROOT/web/build.mjs" --outdir "$WORK/web" >/dev/null || fail "building the web UI failed"
  WEB_ARGS=(--web-root "$WORK/web")
fi

# the archive
ARCHIVE="$WORK/archive"
"$BIN" init "$ARCHIVE" >/dev/null || fail "chancery init failed"
shopt -s nullglob
inputs=("$EXAMPLES"/*.txt "$EXAMPLES"/*.html "$EXAMPLES"/*.csv)
[ ${#inputs[@]} -gt 0 ] || fail "no examples in $EXAMPLES"
"$BIN" ingest --archive "$ARCHIVE" "${inputs[@]}" >"$WORK/ingest1.log" 2>&1 \
  || { cat "$WORK/ingest1.log" >&2; fail "ingesting the examples failed"; }
# version 2 of the seed: one sentence of paragraph 1 changed
mkdir -p "$WORK/v2"
sed 's/and the Mossad\./and the Mossad, among others./' "$EXAMPLES/07TELAVIV557.txt" >"$WORK/v2/07TELAVIV557.txt"
cmp -s "$EXAMPLES/07TELAVIV557.txt" "$WORK/v2/07TELAVIV557.txt" && fail "the sed for version 2 changed nothing"
# a cable the seed cites (REF a.), so that a reference resolves
sed -e '1s/.*/07TELAVIV553/' -e 's/#0557\/01/#0553\/01/' -e 's/tel aviv 000557/tel aviv 000553/' \
    -e '/^Ref: a\. Tel aviv 00553/,/^d\. Tel aviv 00556/d' \
    "$EXAMPLES/07TELAVIV557.txt" >"$WORK/v2/07TELAVIV553.txt"
"$BIN" ingest --archive "$ARCHIVE" "$WORK/v2/07TELAVIV557.txt" "$WORK/v2/07TELAVIV553.txt" >"$WORK/ingest2.log" 2>&1 \
  || { cat "$WORK/ingest2.log" >&2; fail "ingesting version 2 failed"; }

SECRET_PW='secret-pw-4bX9'
CONF_PW='conf-pw-7kQ2'
printf '%s\n' "$SECRET_PW" | "$BIN" user add secret --archive "$ARCHIVE" --role reader --clearance SECRET \
  --nationality USA --password-stdin >/dev/null || fail "adding user secret failed"
printf '%s\n' "$CONF_PW" | "$BIN" user add conf --archive "$ARCHIVE" --role reader --clearance CONFIDENTIAL \
  --nationality USA --password-stdin >/dev/null || fail "adding user conf failed"

# Step 5: compose and inbox. The collective is defined here so that the test does not
# depend on the seeded directory; its members must be posts of that directory.
for post in 'AMEMBASSY TEL AVIV' 'AMEMBASSY PARIS' 'AMEMBASSY LONDON'; do
  "$BIN" directory list --archive "$ARCHIVE" | grep -q "[[:space:]]$post[[:space:]]" \
    || fail "the directory has no post '$post'"
done
"$BIN" directory collective 'TEST COLLECTIVE' --route RUEHXX --member 'AMEMBASSY PARIS' \
  --member 'AMEMBASSY LONDON' --archive "$ARCHIVE" >/dev/null || fail "defining TEST COLLECTIVE failed"
OFFICER_PW='officer-pw-3mT8'
PARIS_PW='paris-pw-9vR1'
LONDON_PW='london-pw-2cW6'
printf '%s\n' "$OFFICER_PW" | "$BIN" user add officer --archive "$ARCHIVE" --role officer --clearance SECRET \
  --nationality USA --post 'AMEMBASSY TEL AVIV' --password-stdin >/dev/null || fail "adding user officer failed"
printf '%s\n' "$PARIS_PW" | "$BIN" user add paris --archive "$ARCHIVE" --role reader --clearance SECRET \
  --nationality USA --post 'AMEMBASSY PARIS' --password-stdin >/dev/null || fail "adding user paris failed"
printf '%s\n' "$LONDON_PW" | "$BIN" user add london --archive "$ARCHIVE" --role reader --clearance SECRET \
  --nationality USA --post 'AMEMBASSY LONDON' --password-stdin >/dev/null || fail "adding user london failed"

# the server; its first line of output names the port
mkfifo "$WORK/out"
"$BIN" serve --archive "$ARCHIVE" --listen 127.0.0.1:0 --as-of 2016-01-01 "${WEB_ARGS[@]}" \
  >"$WORK/out" 2>"$WORK/server.err" &
SERVER_PID=$!
exec 3<"$WORK/out"
LINE=""
if ! read -r -t 20 LINE <&3; then
  cat "$WORK/server.err" >&2
  fail "the server printed no 'listening on' line within 20 s"
fi
cat <&3 >"$WORK/server.out" &   # keep draining its output
PORT=$(printf '%s\n' "$LINE" | sed -n 's#^listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*#\1#p')
[ -n "$PORT" ] || { cat "$WORK/server.err" >&2; fail "cannot read the port from: $LINE"; }
echo "server: $LINE (pid $SERVER_PID)"

set +e
(cd "$HERE" && BASE_URL="http://127.0.0.1:$PORT" ARTIFACT_DIR="$ART" CHROMIUM="$CHROMIUM" \
  SECRET_USER=secret SECRET_PW="$SECRET_PW" CONF_USER=conf CONF_PW="$CONF_PW" \
  OFFICER_USER=officer OFFICER_PW="$OFFICER_PW" PARIS_USER=paris PARIS_PW="$PARIS_PW" \
  LONDON_USER=london LONDON_PW="$LONDON_PW" COLLECTIVE='TEST COLLECTIVE' \
  timeout 180 node browser_test.mjs)
rc=$?
set -e
if [ $rc -ne 0 ]; then
  if [ -s "$WORK/server.err" ]; then echo "--- server stderr (last 20 lines)" >&2; tail -n 20 "$WORK/server.err" >&2; fi
  [ $rc -eq 124 ] && fail "timed out"
  fail "failed (exit $rc); screenshots so far in $ART"
fi
for f in signin search facet cable-secret reference graph diff cable-conf phone-search \
         compose compose-sent inbox-paris inbox-london; do
  [ -s "$ART/$f.png" ] || fail "$ART/$f.png is missing or empty"
done
echo "browser test: passed; screenshots in $ART"
