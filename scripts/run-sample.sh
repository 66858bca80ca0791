#!/usr/bin/env bash
# Sets everything up, imports the bundled sample corpus and runs the hub on
# http://127.0.0.1:8080 (SQLite; nothing else to start). Extra arguments go to `paperboy serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product paperboy 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]'
bin="$(swift build -c release --show-bin-path)/paperboy"
[ -x "$bin" ] || { echo "run-sample: the build failed" >&2; exit 1; }
export PAPERBOY_DB="${PAPERBOY_DB:-./data/paperboy.sqlite}"
# Re-importing is a no-op for papers already there, so this is safe on every start.
"$bin" import sample/*.jsonl*
exec "$bin" serve "$@"
