#!/usr/bin/env bash
# SQLite against PostgreSQL, and one instance against two behind nginx, in one run (not a test):
#   import   the real 89k papers (../shared/data/arxiv-metadata/*.jsonl.gz) into a fresh SQLite
#            file and a fresh PostgreSQL schema, then again (every record unchanged): papers/s
#   search   /api/papers/search through scripts/search-queries.txt, response cache off, on each
#            backend once its in-memory bm25 index is built: req/s, p50 and p99 (wrk, 32
#            connections)
#   scale    the daily page (cached, as deployed) and the search API (uncached) on PostgreSQL:
#            one instance direct, then two behind nginx (deploy/nginx-paperboy.conf)
# Usage: scripts/bench-postgres.sh [DURATION]  (default 15s a run; BIN=… for another binary)
# PostgreSQL is a throwaway server (scripts/postgres-test-server.sh) with durability off, so
# its import figure is an upper bound for a server that fsyncs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh
DURATION=${1:-15s}
bench_inputs

WORK=$(mktemp -d)
PIDS=()
eval "$(bash scripts/postgres-test-server.sh start)"
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  bash scripts/postgres-test-server.sh stop "$PAPERBOY_TEST_POSTGRES_DIR"; rm -rf "$WORK"
}
trap cleanup EXIT
PG="${PAPERBOY_TEST_POSTGRES/pool=4/pool=20}&schema=bench"
SQLITE="$WORK/bench.sqlite"
export QUERIES="$PWD/scripts/search-queries.txt"

rate() { "$@" 2>/dev/null | tail -1 | sed -E 's/.*\(([0-9,]+) records\/s\).*/\1/' | tr -d ,; }
echo "== import, ${#files[@]} files"
for db in "$SQLITE" "$PG"; do
  name=$([ "$db" = "$SQLITE" ] && echo SQLite || echo PostgreSQL)
  printf '%-11s new: %7s papers/s   again (unchanged): %7s papers/s\n' "$name" \
    "$(rate "$BIN" import --db "$db" "${files[@]}")" "$(rate "$BIN" import --restart --db "$db" "${files[@]}")"
done

start() { # port, db, extra flags…
  local port=$1 db=$2; shift 2
  "$BIN" serve --db "$db" --port "$port" --log-level error --model "$WORK/no-model" --trusted-proxies 127.0.0.1 "$@" &
  PIDS+=($!)
  wait_healthy "http://127.0.0.1:$port"
}
measure() { # label, url, [lua]
  local out
  out=$(timeout "$(( ${DURATION%s} + 15 ))" wrk -t2 -c32 -d"$DURATION" --timeout 5s --latency ${3:+-s "$3"} "$2")
  printf '%-44s %9s req/s  p50 %7s ms  p99 %7s ms  non-2xx %s\n' "$1" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(ms "$(echo "$out" | awk '$1=="50%" {print $2}')")" "$(ms "$(echo "$out" | awk '$1=="99%" {print $2}')")" \
    "$(echo "$out" | awk '/Non-2xx/ {print $4}' | grep . || echo 0)"
}

echo "== search API, response cache off, 89k papers"
start 18301 "$SQLITE" --cache-ttl 0; wait_idle "${PIDS[-1]}"
measure "SQLite (in-memory bm25 index)" "http://127.0.0.1:18301" scripts/search-rotation.lua
start 18302 "$PG" --cache-ttl 0; wait_idle "${PIDS[-1]}"
measure "PostgreSQL (in-memory bm25 index)" "http://127.0.0.1:18302" scripts/search-rotation.lua
kill "${PIDS[@]}"; wait 2>/dev/null || true; PIDS=()

echo "== one instance against two behind nginx, PostgreSQL (2 cores shared by all)"
start 18311 "$PG"
start 18312 "$PG"
conf="$WORK/nginx.conf"
{ echo "daemon off; pid $WORK/nginx.pid; error_log $WORK/nginx-error.log; worker_processes 1; events {}"
  echo "http { access_log off; client_body_temp_path $WORK; proxy_temp_path $WORK;"
  sed -e 's/127.0.0.1:8081/127.0.0.1:18311/; s/127.0.0.1:8082/127.0.0.1:18312/; s/127.0.0.1:8080/127.0.0.1:18310/' deploy/nginx-paperboy.conf
  echo "}"; } > "$conf"
/usr/sbin/nginx -e "$WORK/nginx-error.log" -p "$WORK" -c "$conf" & PIDS+=($!)
wait_healthy "http://127.0.0.1:18310"
for u in http://127.0.0.1:18311 http://127.0.0.1:18310; do curl -fs -o /dev/null "$u/"; done
measure "daily page, one instance" "http://127.0.0.1:18311/"
measure "daily page, two behind nginx" "http://127.0.0.1:18310/"
start 18313 "$PG" --cache-ttl 0; wait_idle "${PIDS[-1]}"
start 18314 "$PG" --cache-ttl 0; wait_idle "${PIDS[-1]}"
sed -i 's/18311/18313/; s/18312/18314/; s/127.0.0.1:18310/127.0.0.1:18315/' "$conf"
/usr/sbin/nginx -e "$WORK/nginx-error.log" -p "$WORK" -c "$conf" & PIDS+=($!)
wait_healthy "http://127.0.0.1:18315"
measure "search API (uncached), one instance" "http://127.0.0.1:18313" scripts/search-rotation.lua
measure "search API (uncached), two behind nginx" "http://127.0.0.1:18315" scripts/search-rotation.lua
