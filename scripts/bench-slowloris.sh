#!/usr/bin/env bash
# Can a few hundred slow connections starve real clients? (issue 13, not a test)
#
# Usage: scripts/bench-slowloris.sh [DB_PATH] [DURATION]
#   DB_PATH defaults to a fresh import of the bundled sample (sample/); DURATION of each wrk run
#   defaults to 15s. BIN picks the binary (default the release build, else the debug build).
#
# Two servers on the same database, each measured twice with wrk (32 connections, 2 threads,
# /, a search, a paper page rotating): alone, then while scripts/slowloris.py holds 300 slow
# connections open from 127.0.0.2 (a header byte every 2 s, reopened when closed).
#   "unprotected": --header-timeout and --idle-timeout of a day and no per-address cap, which is
#                  how the server ran before issue 13 (no timeouts, no cap);
#   "protected":   the defaults (10 s to send a request head, 60 s idle, 64 connections per
#                  address).
# Prints p50/p99 latency, requests/s, errors and non-2xx answers of the normal clients, the
# server's RSS before and after, and how many slow connections were open at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${2:-15s}
BIN=${BIN:-$( [ -x .build/release/paperboy ] && echo .build/release/paperboy || echo .build/debug/paperboy )}
PORT=${PORT:-18383}
[ -x "$BIN" ] || { echo "no binary at $BIN (swift build -c release --product paperboy)" >&2; exit 2; }
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null || { echo "cannot install wrk" >&2; exit 2; }; }
ulimit -n 4096 2>/dev/null || true
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
DB=${1:-$WORK/sample.sqlite}
if [ ! -f "$DB" ]; then PAPERBOY_NO_REEXEC=1 "$BIN" import sample --db "$DB" >/dev/null 2>&1; fi

cat > "$WORK/rotate.lua" <<'LUA'
local paths = {"/", "/search?q=quantum+entanglement", "/papers/0704.0001", "/api/daily_papers?limit=20"}
local i = 0
request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
LUA

rss() { awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$1/status"; }

measure() { # label pid
    local out
    out=$(wrk -t2 -c32 -d"$DURATION" --timeout 5s --latency -s "$WORK/rotate.lua" "http://127.0.0.1:$PORT" 2>&1)
    local p50 p99 rps errors non2xx
    p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    errors=$(grep -o 'Socket errors:.*' <<<"$out" || echo "Socket errors: none")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
    echo "  $1: p50 $p50, p99 $p99, $rps req/s, non-2xx $non2xx, $errors; server RSS $(rss "$2")"
}

run() { # label extra-args...
    local label=$1; shift
    PAPERBOY_NO_REEXEC=1 "$BIN" serve --db "$DB" --port "$PORT" --log-level error "$@" > "$WORK/serve.log" 2>&1 &
    local pid=$!; PIDS+=("$pid")
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
    echo "$label server (pid $pid), RSS at start $(rss "$pid")"
    measure "alone" "$pid"
    python3 scripts/slowloris.py "$PORT" 300 127.0.0.2 2 > "$WORK/slow.log" 2>&1 &
    local slow=$!; PIDS+=("$slow")
    sleep 5
    measure "with 300 slow connections" "$pid"
    echo "  slowloris at the end: $(tail -1 "$WORK/slow.log")"
    kill "$slow" "$pid"; wait "$slow" "$pid" 2>/dev/null || true
}

run unprotected --header-timeout 86400 --idle-timeout 86400 --max-connections-per-ip 1000000
run protected
