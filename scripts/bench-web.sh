#!/usr/bin/env bash
# Load benchmark of the web server (not a test): wrk on loopback against a release build,
# 10 s per endpoint, 32 connections. Prints req/s and p99 per endpoint.
# Usage: scripts/bench-web.sh DB_PATH [DURATION]   (build first: swift build -c release --product paperboy)
# Goals: daily page >= 5,000 req/s; search p99 <= 50 ms at 32 connections.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:?usage: scripts/bench-web.sh DB_PATH [DURATION]}
DURATION=${2:-10s}
BIN=${BIN:-.build/release/paperboy}
PORT=${PORT:-18282}
[ -x "$BIN" ] || { echo "no release binary at $BIN (swift build -c release --product paperboy)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 2; }
# Two servers on the same database: one as deployed (response cache on), one with the cache
# off so the varied search measures the store's real search cost.
"$BIN" serve --db "$DB" --port "$PORT" --log-level error &
PID=$!
"$BIN" serve --db "$DB" --port "$((PORT + 1))" --cache-ttl 0 --log-level error &
PID2=$!
trap 'kill $PID $PID2 2>/dev/null; wait $PID $PID2 2>/dev/null' EXIT
for p in "$PORT" "$((PORT + 1))"; do
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$p/healthz" >/dev/null && break; sleep 0.2; done
done
curl -fs "http://127.0.0.1:$PORT/healthz"; echo
BASE="http://127.0.0.1:$PORT"
UNCACHED="http://127.0.0.1:$((PORT + 1))"
# Varied search queries (every request different words/offset) against the uncached server.
LUA=$(mktemp)
cat > "$LUA" <<'LUAEOF'
local words = {"neural", "graph", "language model", "diffusion", "quantum", "robot", "reinforcement learning", "transformer",
               "privacy", "vision", "retrieval", "optimization", "causal", "speech", "protein", "benchmark"}
local n = 0
request = function()
  n = n + 1
  local q = words[math.random(#words)] .. " " .. words[math.random(#words)]
  return wrk.format("GET", "/api/papers/search?limit=20&q=" .. q:gsub(" ", "%%20") .. "&offset=" .. math.random(0, 40))
end
LUAEOF
run() { # name, url, [lua]
  local out
  out=$(wrk -t2 -c32 -d"$DURATION" --latency ${3:+-s "$3"} "$2")
  printf '%-30s %10s req/s   p50 %-9s p99 %-9s errors %s\n' "$1" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1=="50%" {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" \
    "$(echo "$out" | awk '/Non-2xx/ {print $5}' | grep . || echo 0)"
}
echo "endpoint                          req/s   latency p99 (32 connections, $DURATION)"
run "/ (daily page)" "$BASE/"
run "/api/daily_papers" "$BASE/api/daily_papers"
run "/feeds/daily.rss" "$BASE/feeds/daily.rss"
run "/api/papers/search (cached)" "$BASE/api/papers/search?q=neural%20network"
run "/api/papers/search (uncached)" "$UNCACHED/" "$LUA"
run "/ (daily page, uncached)" "$UNCACHED/"
rm -f "$LUA"
