#!/usr/bin/env bash
# Email digests at scale (not a test; the test suite does not run it).
#
# Usage: scripts/bench-digest.sh [DB_PATH] [SUBSCRIPTIONS]
#   DB_PATH        a database of the real arXiv papers; default /tmp/paperboy-bench/digest.sqlite,
#                  made when missing by importing both Kaggle files of ../shared/data/arxiv-metadata
#                  (89k papers). The benchmark works on a copy.
#   SUBSCRIPTIONS  default 10000, with mixed filters (trending, categories with exclusions, saved
#                  searches, authors, daily and weekly).
#
# Prints the time to select every digest (a dry run), to queue them (select, compose, claim),
# and the rate the outbox delivers them to aiosmtpd on loopback in sink mode (accepts and
# discards), with no rate limit: the selection should take a fraction of the delivery's time.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${PAPERBOY_SHARED:-../shared}"
DB=${1:-/tmp/paperboy-bench/digest.sqlite}
COUNT=${2:-10000}
BIN=${BIN:-.build/release/paperboy}
[ -x "$BIN" ] || swift build -c release --product paperboy >&2
if [ ! -f "$DB" ]; then
  mkdir -p "$(dirname "$DB")"
  for f in "$SHARED"/data/arxiv-metadata/*_kaggle-format.jsonl.gz; do "$BIN" import "$f" --db "$DB" >&2; done
fi
WORK=$(mktemp -d /tmp/paperboy-bench-digest.XXXXXX)
coproc SINK { exec /usr/bin/python3 scripts/smtp-test-server.py "$WORK/sink" --sink; }
trap 'kill "${SINK_PID:-}" 2>/dev/null; rm -rf "$WORK"' EXIT
read -r PORT <&"${SINK[0]}"
sqlite3 "$DB" "VACUUM INTO '$WORK/bench.sqlite'"
"$BIN" bench digest --db "$WORK/bench.sqlite" --subscriptions "$COUNT" --smtp "smtp://127.0.0.1:$PORT?starttls=never"
exec {SINK[1]}>&-
wait "$SINK_PID" 2>/dev/null || true
echo "the sink received $(cat "$WORK/sink/count") messages"
