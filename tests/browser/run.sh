#!/usr/bin/env bash
# The browser suite (tests/browser/suite.py): starts `practicum demo` on a fresh SQLite
# database on a free port, with 90-second access tokens (a refresh every 30 s) so the journeys run through silent
# refreshes, and drives the system Chromium (Debian's chromium + chromium-driver) with
# selenium 4.51.0 from PyPI. Screenshots (and one per failing journey) go to
# target/browser/ (or $BROWSER_SHOTS). A panic in the server's log fails the run.
#
# usage: tests/browser/run.sh [PYTHON_VENV]     (ONLY=claim runs the journeys whose name has it;
#        PRACTICUM_BIN=target/release/practicum measures the release build instead of debug)
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in chromium chromedriver; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install chromium chromium-driver"; exit 1; }
done
venv="${1:-${TMPDIR:-/tmp}/practicum-browser-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import selenium' 2>/dev/null || "$venv/bin/pip" install -q selenium==4.51.0

bin="${PRACTICUM_BIN:-target/debug/practicum}"
[ -n "${PRACTICUM_BIN:-}" ] || cargo build --quiet --bin practicum
work=$(mktemp -d "${TMPDIR:-/tmp}/practicum-browser.XXXXXX")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATABASE_URL="sqlite://$work/browser.db?mode=rwc" PRACTICUM_BIND="127.0.0.1:$port" RUST_LOG=warn \
  PRACTICUM_ACCESS_TTL_SECS=90 "$bin" demo >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT   # the database and log go with the run

shots="${BROWSER_SHOTS:-target/browser}"
status=0
"$venv/bin/python" tests/browser/suite.py "http://127.0.0.1:$port" "$shots" "$work/browser.db" || status=$?
if [ "$status" -ne 0 ]; then
  # What the failing run leaves to read: the server's log and the sessions' audit trail.
  mkdir -p "$shots" && cp "$work/server.log" "$shots/server.log"
  python3 - "$work/browser.db" <<'PY' || true
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT at, account_id, action, target_id FROM audit_log WHERE action LIKE 'session.%' "
    "OR action LIKE 'account.%' ORDER BY id DESC LIMIT 40").fetchall()
print("session audit trail, newest first:")
for r in rows:
    print("  ", *r)
PY
fi
if grep -q "panicked" "$work/server.log"; then
  grep -B2 -A5 "panicked" "$work/server.log"
  status=1
fi
exit $status
