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
"$BIN" serve --db "$DB" --port "$PORT" --log-level error &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/healthz"; echo
BASE="http://127.0.0.1:$PORT"
# Search queries vary so the response cache does not answer every request (cold search cost).
LUA=$(mktemp)
cat > "$LUA" <<'LUAEOF'
local words = {"neural", "graph", "language model", "diffusion", "quantum", "robot", "reinforcement learning", "transformer",
               "privacy", "vision", "retrieval", "optimization", "causal", "speech", "protein", "benchmark"}
local n = 0
request = function()
  n = n + 1
  local q = words[(n % #words) + 1] .. " " .. words[((n * 7) % #words) + 1]
  return wrk.format("GET", "/api/papers/search?limit=20&q=" .. q:gsub(" ", "%%20") .. "&offset=" .. (n % 50))
end
LUAEOF
run() { # name, url, [lua]
  local out
  out=$(wrk -t2 -c32 -d"$DURATION" --latency ${3:+-s "$3"} "$2")
  printf '%-28s %10s req/s   p99 %s\n' "$1" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')"
}
echo "endpoint                          req/s   latency p99 (32 connections, $DURATION)"
run "/ (daily page)" "$BASE/"
run "/api/daily_papers" "$BASE/api/daily_papers"
run "/feeds/daily.rss" "$BASE/feeds/daily.rss"
run "/api/papers/search (cached)" "$BASE/api/papers/search?q=neural%20network"
run "/api/papers/search (varied)" "$BASE/" "$LUA"
rm -f "$LUA"
