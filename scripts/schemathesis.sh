#!/usr/bin/env bash
# Fuzzes the JSON API against /openapi.json with schemathesis (pip install schemathesis):
# starts `paperboy serve` on a temporary database filled with the 200-paper Kaggle sample,
# runs bounded checks (no 5xx, responses match the schema), reads every kind of feed with
# feedparser (scripts/check_feeds.py), stops the server.
# Usage: scripts/schemathesis.sh [path/to/paperboy]   (default: .build/debug/paperboy)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/paperboy}
PORT=${PORT:-18181}
command -v schemathesis >/dev/null || { echo "schemathesis is not installed (pip install schemathesis)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "no paperboy binary at $BIN (swift build --product paperboy)" >&2; exit 2; }
TMP=$(mktemp -d)
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
"$BIN" import --db "$TMP/db.sqlite" sample/arxiv-0704-sample200.jsonl >/dev/null
# Vectors made up front: this checks the API, not how fast a debug build embeds while the
# fuzzer's requests compete with `serve`'s background embedding for two cores.
[ -d models/all-MiniLM-L6-v2 ] && "$BIN" embed --db "$TMP/db.sqlite" >/dev/null
"$BIN" serve --db "$TMP/db.sqlite" --port "$PORT" --log-level warning &
PID=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
schemathesis run "http://127.0.0.1:$PORT/openapi.json" \
  --checks not_a_server_error,response_schema_conformance,content_type_conformance \
  --max-examples "${MAX_EXAMPLES:-30}" --request-timeout 20 --workers 2 \
  ${SCHEMATHESIS_ARGS:-}
python3 scripts/check_feeds.py "http://127.0.0.1:$PORT"
