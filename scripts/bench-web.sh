#!/usr/bin/env bash
# Load benchmark of the web server (not a test): wrk on loopback against a release build,
# 32 connections, DURATION per endpoint (default 20s, each run killed after DURATION + 15 s).
#
# Usage: scripts/bench-web.sh [DB_PATH] [DURATION]
#   DB_PATH defaults to /tmp/paperboy-bench/synthetic.sqlite; when that file is missing it is made
#   with `paperboy bench store --dir /tmp/paperboy-bench` (1M synthetic papers, ~10 min).
#   The database is only read. Build first: swift build -c release --product paperboy
#
# Two servers run on the same database: one as deployed (response cache on) and one started
# with --cache-ttl 0, which turns the response cache off, so every request there pays the store
# query and the rendering ("uncached"). Search rotates through a fixed list of realistic queries:
# on the cached server they are hot after the first round, on the uncached one every request
# searches. /feeds/daily.rss checks that every answer is 200 and byte-identical to the first.
# Server memory (RSS) is sampled before and after every run; the uncached search runs twice to
# show whether it settles.
# Goals (issue 5): daily page >= 5,000 req/s; search p99 <= 50 ms at 32 connections; RSS stable.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh
DB=${1:-/tmp/paperboy-bench/synthetic.sqlite}
DURATION=${2:-20s}
BIN=${BIN:-.build/release/paperboy}
PORT=${PORT:-18282}
CONNECTIONS=32
[ -x "$BIN" ] || { echo "no release binary at $BIN (swift build -c release --product paperboy)" >&2; exit 2; }
if ! command -v wrk >/dev/null; then
  echo "installing wrk (apt)" >&2
  { apt-get update -qq && apt-get install -y -qq wrk; } >/dev/null || { echo "cannot install wrk" >&2; exit 2; }
fi
if [ ! -f "$DB" ]; then
  [ "$#" -ge 1 ] && { echo "no database at $DB" >&2; exit 2; }
  echo "no $DB: building the 1M-paper synthetic database (paperboy bench store)" >&2
  "$BIN" bench store --dir "$(dirname "$DB")" >&2
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
# No embedding model: keyword search is what is measured. Started one after the other: opening
# runs the store's migrations, which take the write lock.
start() { # port, extra flags...
  local port=$1; shift
  "$BIN" serve --db "$DB" --port "$port" --log-level error --model "$WORK/no-model" "$@" &
  PIDS+=($!)
  wait_healthy "http://127.0.0.1:$port"
}
start "$PORT"; CACHED_PID=${PIDS[-1]}
start "$((PORT + 1))" --cache-ttl 0; UNCACHED_PID=${PIDS[-1]}
# The in-memory keyword index is built in the background after start-up (about a minute for 1M
# papers; FTS5 answers meanwhile): measure once both servers have gone quiet.
SECONDS=0
wait_idle "$CACHED_PID"; wait_idle "$UNCACHED_PID"
echo "servers ready after ${SECONDS}s (keyword index built)"
BASE="http://127.0.0.1:$PORT"
UNCACHED="http://127.0.0.1:$((PORT + 1))"
echo "database: $DB ($(curl -fs "$BASE/healthz" | sed -E 's/.*"papers":([0-9]+).*/\1/') papers); $CONNECTIONS connections, $DURATION per run"

# Realistic searches (scripts/search-queries.txt): topics, a phrase, an author-style query, a
# category filter, one rare word.
export QUERIES="$PWD/scripts/search-queries.txt"
# Counts non-200 answers and bodies that differ from the first one (per thread, summed in done).
cat > "$WORK/stable.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) first = nil; bad = 0; differ = 0; seen = 0 end
function response(status, headers, body)
  seen = seen + 1
  if status ~= 200 then bad = bad + 1 return end
  if first == nil then first = body elseif body ~= first then differ = differ + 1 end
end
function done(summary, latency, requests)
  local b, d, n, firsts = 0, 0, 0, {}
  for _, t in ipairs(threads) do
    b = b + t:get("bad"); d = d + t:get("differ"); n = n + t:get("seen")
    local f = t:get("first"); if f then firsts[#firsts + 1] = f end
  end
  for k = 2, #firsts do if firsts[k] ~= firsts[1] then d = d + 1 end end
  io.write(string.format("STABLE checked=%d non200=%d differing=%d\n", n, b, d))
end
LUA

declare -A RPS P99
printf '%-36s %10s %9s %9s %8s %s\n' "endpoint" "req/s" "p50 ms" "p99 ms" "non-2xx" "server RSS MB before -> after"
run() { # label, server pid, url, [lua]
  local label=$1 pid=$2 url=$3 lua=${4:-} before out
  before=$(rss "$pid")
  out=$(timeout "$(( ${DURATION%s} + 15 ))" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency ${lua:+-s "$lua"} "$url")
  RPS[$label]=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  P99[$label]=$(ms "$(echo "$out" | awk '$1=="99%" {print $2}')")
  printf '%-36s %10s %9s %9s %8s %s -> %s\n' "$label" "${RPS[$label]}" "$(ms "$(echo "$out" | awk '$1=="50%" {print $2}')")" \
    "${P99[$label]}" "$( (echo "$out" | awk '/Non-2xx/ {print $4}'; echo "$out" | awk '/Socket errors/ {print "sock:" $0}') | grep . || echo 0)" \
    "$before" "$(rss "$pid")"
  echo "$out" | grep '^STABLE' | sed 's/^/    /' || true
}
# Warm the caches and the page cache once, as a running server would be.
for u in / /api/daily_papers /feeds/daily.rss; do curl -fs -o /dev/null "$BASE$u"; curl -fs -o /dev/null "$UNCACHED$u"; done
run "/ (daily page)" "$CACHED_PID" "$BASE/"
run "/api/daily_papers" "$CACHED_PID" "$BASE/api/daily_papers"
# The cached case: one short round first so every query of the rotation is in the cache.
wrk -t1 -c4 -d3s -s scripts/search-rotation.lua "$BASE" >/dev/null
run "/api/papers/search (20 queries)" "$CACHED_PID" "$BASE" scripts/search-rotation.lua
run "/feeds/daily.rss (200 + identical)" "$CACHED_PID" "$BASE/feeds/daily.rss" "$WORK/stable.lua"
run "/ uncached" "$UNCACHED_PID" "$UNCACHED/"
run "/api/daily_papers uncached" "$UNCACHED_PID" "$UNCACHED/api/daily_papers"
run "/api/papers/search uncached" "$UNCACHED_PID" "$UNCACHED" scripts/search-rotation.lua
# Memory is stable if a second identical run leaves RSS where the first one did.
run "/api/papers/search uncached again" "$UNCACHED_PID" "$UNCACHED" scripts/search-rotation.lua
echo
awk -v d="${RPS["/ (daily page)"]}" -v s="${P99["/api/papers/search uncached"]}" -v c="${P99["/api/papers/search (20 queries)"]}" 'BEGIN {
  printf "goal daily page >= 5000 req/s: %.0f req/s = %.2fx goal (%s)\n", d, d / 5000, (d >= 5000) ? "met" : "NOT met"
  printf "goal search p99 <= 50 ms (uncached): %.2f ms = %.2fx goal (%s)\n", s, s / 50, (s <= 50) ? "met" : "NOT met"
  printf "     search p99 (cached):            %.2f ms = %.2fx goal\n", c, c / 50 }'
