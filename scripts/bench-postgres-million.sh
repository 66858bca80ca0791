#!/usr/bin/env bash
# The search API at about a million papers on PostgreSQL (not a test). The real 89k papers
# (../shared/data/arxiv-metadata) are imported, then copied in SQL under new ids (`<id>.c<n>`)
# until the table holds about a million: each copy keeps its text vector, so this takes minutes
# where the upsert path would take ten times as long. One `serve` builds its in-memory bm25
# index from PostgreSQL, then wrk runs scripts/search-queries.txt against /api/papers/search
# with the response cache off: req/s, p50, p99. Copies rank like their originals, so pages
# hold near-duplicates; the work per search (postings walked, rows fetched) is a million's.
# Usage: scripts/bench-postgres-million.sh [DURATION] [COPIES]  (default 20s, 10 copies;
# BIN=… for another binary)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh
DURATION=${1:-20s}
COPIES=${2:-10}
bench_inputs

PIDS=()
eval "$(bash scripts/postgres-test-server.sh start)"
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  bash scripts/postgres-test-server.sh stop "$PAPERBOY_TEST_POSTGRES_DIR"
}
trap cleanup EXIT
PG="${PAPERBOY_TEST_POSTGRES/pool=4/pool=20}&schema=million"
# psql takes libpq's parameters only: the URL up to its query string, the schema set in SQL.
psql() { /usr/lib/postgresql/15/bin/psql "${PAPERBOY_TEST_POSTGRES%%\?*}" -v ON_ERROR_STOP=1 -q "$@"; }

"$BIN" import --db "$PG" "${files[@]}" 2>/dev/null | tail -1
start=$(date +%s)
columns="version, title, abstract, authors, authorNames, categories, primaryCategory, published, updated, announced, feedDay,
         comments, journalRef, doi, license, reportNo, submitter, hub, upvotes, deleted, importedAt, links, hasCode, textVector"
psql <<SQL
SET search_path TO million;
INSERT INTO paper (id, $columns)
SELECT p.id || '.c' || n, $(echo "$columns" | sed 's/\([A-Za-z]\+\)/p.\1/g')
FROM generate_series(1, $COPIES) n CROSS JOIN paper p WHERE NOT p.deleted AND p.id NOT LIKE '%.c%' ORDER BY n, p.rowid;
INSERT INTO paperCategory (paperRowid, category, feedDay)
SELECT p.rowid, c.category, p.feedDay FROM paper p, unnest(string_to_array(p.categories, ' ')) AS c (category)
WHERE p.id LIKE '%.c%' AND c.category <> '' ON CONFLICT DO NOTHING;
ANALYZE;
SQL
papers=$(psql -tA -c "SELECT count(*) FROM million.paper WHERE NOT deleted")
echo "copied to $papers papers in $(( $(date +%s) - start )) s"

"$BIN" serve --db "$PG" --port 18321 --log-level error --model /nonexistent --cache-ttl 0 &
PIDS+=($!)
wait_healthy http://127.0.0.1:18321
t0=$(date +%s); wait_idle "${PIDS[-1]}"; echo "keyword index built within $(( $(date +%s) - t0 )) s; serve RSS MB $(rss "${PIDS[-1]}")"
export QUERIES="$PWD/scripts/search-queries.txt"
out=$(timeout "$(( ${DURATION%s} + 15 ))" wrk -t2 -c32 -d"$DURATION" --timeout 5s --latency -s scripts/search-rotation.lua http://127.0.0.1:18321)
printf 'search API, %s papers, PostgreSQL + in-memory bm25: %s req/s  p50 %s ms  p99 %s ms  non-2xx %s\n' "$papers" \
  "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(ms "$(echo "$out" | awk '$1=="50%" {print $2}')")" \
  "$(ms "$(echo "$out" | awk '$1=="99%" {print $2}')")" "$(echo "$out" | awk '/Non-2xx/ {print $4}' | grep . || echo 0)"
