#!/usr/bin/env bash
# Load benchmark of the web layer before and after it was rebuilt for accounts (not a test; the
# test suite does not run it): wrk on loopback, 32 connections, release builds of both.
#
# Usage: BEFORE_BIN=PATH scripts/bench-web-accounts.sh [DB_PATH] [DURATION] [ROUNDS]
#   BEFORE_BIN  release binary of the commit before the rebuild (cab1053), default
#               ../wt-base/.build/release/paperboy; make it with
#               git worktree add ../wt-base cab1053 && (cd ../wt-base && swift build -c release --product paperboy)
#   AFTER_BIN   release binary of this tree, default .build/release/paperboy
#   DB_PATH     a database to serve (copied twice, never modified). Without it, each binary
#               imports the bundled sample (sample/*.jsonl*, about 5,000 real papers) into its
#               own file, so each runs on the schema it knows.
#   DURATION    per wrk run, default 15s;  ROUNDS  default 3;  PORT  first of 4 ports, default 18300
#
# Four servers, all keyword-only (--model /nonexistent): before and after as deployed (response
# cache on), and before and after with --cache-ttl 0 (every request pays the store query and the
# rendering: "uncached").
# Part 1, before vs after, anonymous: for ROUNDS rounds, each case runs on one binary then the
# other (the order flips every round), so load from elsewhere on the machine hits both alike:
# the daily page `/` (cached), the search API rotating 20 realistic queries (cached, warmed
# first; and uncached), and the daily page uncached. Prints each run, then per binary the mean
# req/s and the median p50/p99 over the rounds, and the after/before ratio of req/s.
# Part 2, signed in (after only): `paperboy user add bench` on the after database before it is
# served, a sign-in over HTTP (GET /login for the pb_csrf cookie and the form's csrf field, POST
# /login), a check that `/` with the pb_session cookie names the user and is sent
# `Cache-Control: private`, then for ROUNDS-1 rounds (at least 1) the day page /papers/date/DAY
# (the latest day) and `/` with the cookie, the same day page anonymous (cached) and anonymous
# uncached: a signed-in page is built for its reader, so "uncached" is the reference. Last, a
# static file with and without the cookie: the difference is the session lookup alone.
# Server memory (RSS, MB, and the part that is not the mapped database) is printed after start-up
# and at the end; the load average before each round.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh
DB_IN=${1:-}
DURATION=${2:-15s}
ROUNDS=${3:-3}
BEFORE_BIN=$(realpath -e "${BEFORE_BIN:-../wt-base/.build/release/paperboy}" 2>/dev/null) \
  || { echo "no BEFORE_BIN (release build of cab1053); see the top of $0" >&2; exit 2; }
AFTER_BIN=$(realpath -e "${AFTER_BIN:-.build/release/paperboy}" 2>/dev/null) \
  || { echo "no release binary at .build/release/paperboy (swift build -c release --product paperboy)" >&2; exit 2; }
PORT=${PORT:-18300}
CONNECTIONS=32
if ! command -v wrk >/dev/null; then
  echo "installing wrk (apt)" >&2
  { apt-get update -qq && apt-get install -y -qq wrk; } >/dev/null || { echo "cannot install wrk" >&2; exit 2; }
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# One database per binary (the after one gets the bench user and its session).
if [ -n "$DB_IN" ]; then
  [ -f "$DB_IN" ] || { echo "no database at $DB_IN" >&2; exit 2; }
  for side in before after; do
    cp "$DB_IN" "$WORK/$side.sqlite"
    if [ -f "$DB_IN-wal" ]; then cp "$DB_IN-wal" "$WORK/$side.sqlite-wal"; fi
  done
else
  "$BEFORE_BIN" import --db "$WORK/before.sqlite" sample/*.jsonl* >/dev/null
  "$AFTER_BIN" import --db "$WORK/after.sqlite" sample/*.jsonl* >/dev/null
fi
PASSWORD="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$PASSWORD" | "$AFTER_BIN" user add bench --email bench@example.org --password-stdin --db "$WORK/after.sqlite" >/dev/null

# Started one after the other (opening runs migrations, which take the write lock), each in
# $WORK so nothing (mail folder, logs) lands in the tree.
declare -A SPID URL
start() { # name, binary, db, port, extra flags...
  local name=$1 bin=$2 db=$3 port=$4; shift 4
  (cd "$WORK" && exec "$bin" serve --db "$db" --port "$port" --log-level error --model /nonexistent "$@") &
  PIDS+=($!); SPID[$name]=$!; URL[$name]="http://127.0.0.1:$port"
  for _ in $(seq 1 150); do curl -fs "${URL[$name]}/healthz" >/dev/null && return; sleep 0.2; done
  echo "server $name on port $port did not start" >&2; exit 1
}
start before "$BEFORE_BIN" "$WORK/before.sqlite" "$PORT"
start after "$AFTER_BIN" "$WORK/after.sqlite" "$((PORT + 1))"
start before-uncached "$BEFORE_BIN" "$WORK/before.sqlite" "$((PORT + 2))" --cache-ttl 0
start after-uncached "$AFTER_BIN" "$WORK/after.sqlite" "$((PORT + 3))" --cache-ttl 0
SERVERS=(before after before-uncached after-uncached)
# The in-memory keyword index is built in the background after start-up: wait until quiet.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
wait_idle() {
  local prev now
  prev=$(cpu_ticks "$1")
  for _ in $(seq 1 300); do
    sleep 2; now=$(cpu_ticks "$1")
    [ $((now - prev)) -lt 10 ] && return  # under 5% of one core
    prev=$now
  done
  echo "server $1 never went idle" >&2; exit 1
}
for s in "${SERVERS[@]}"; do wait_idle "${SPID[$s]}"; done
papers() { curl -fs "$1/healthz" | sed -E 's/.*"papers":([0-9]+).*/\1/'; }
echo "papers: before $(papers "${URL[before]}"), after $(papers "${URL[after]}"); $CONNECTIONS connections, $DURATION per run, $ROUNDS rounds"
echo "machine: $(nproc) cores; load:$(uptime | sed 's/.*load average://')"

# The latest day with papers: the home page's canonical link.
DAY_PATH=$(curl -fs "${URL[after]}/" | grep -o '<link rel="canonical" href="[^"]*"' | grep -o '/papers/date/[0-9-]*' || true)
[ -n "$DAY_PATH" ] || { echo "cannot find the latest day on the home page" >&2; exit 1; }

# Sign in as a browser does.
JAR="$WORK/cookies.txt"
CSRF=$(curl -fs -c "$JAR" -b "$JAR" "${URL[after]}/login" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
[ -n "$CSRF" ] || { echo "no csrf field on /login" >&2; exit 1; }
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-urlencode login=bench --data-urlencode "password=$PASSWORD" --data-urlencode "csrf=$CSRF" "${URL[after]}/login")
SESSION=$(awk '$6 == "pb_session" {print $7}' "$JAR")
[ "$STATUS" = 303 ] && [ -n "$SESSION" ] || { echo "sign-in failed: status $STATUS, session '${SESSION:-}'" >&2; exit 1; }
COOKIE="Cookie: pb_session=$SESSION"
curl -fs -D "$WORK/home.headers" -o "$WORK/home.html" -H "$COOKIE" "${URL[after]}/"
grep -qi '^cache-control: private' "$WORK/home.headers" || { echo "signed-in / is not Cache-Control: private" >&2; exit 1; }
grep -q 'class="me" href="/u/bench">bench</a>' "$WORK/home.html" || { echo "signed-in / does not show the username" >&2; exit 1; }
echo "signed in as bench (303 from POST /login); / with the cookie shows 'bench' and $(grep -i '^cache-control' "$WORK/home.headers" | tr -d '\r'); day page $DAY_PATH"

# Realistic searches for the sample (mostly cs.CV, cs.CL, cs.AI, some cs.IT, cs.GT and physics):
# topics, a phrase, a category filter on every 7th, rare words.
cat > "$WORK/queries" <<'TXT'
large language models
diffusion model
vision transformer
reinforcement learning
graph neural network
object detection
image segmentation
retrieval augmented generation
"chain of thought"
speech recognition
federated learning privacy
neural network
reasoning benchmark
multimodal agents
point cloud
mechanism design
channel capacity
quantum
dark matter
anglicisms
TXT
export QUERIES="$WORK/queries"

declare -A RSS_START
for s in "${SERVERS[@]}"; do RSS_START[$s]=$(rss "${SPID[$s]}"); done
for s in "${SERVERS[@]}"; do
  for u in / "$DAY_PATH" /api/daily_papers; do curl -fs -o /dev/null "${URL[$s]}$u"; done
done
wrk -t1 -c4 -d3s -s scripts/search-rotation.lua "${URL[before]}" >/dev/null
wrk -t1 -c4 -d3s -s scripts/search-rotation.lua "${URL[after]}" >/dev/null

RESULTS="$WORK/results.tsv"  # case \t side \t req/s \t p50 \t p99
run() { # case, side, server, path, [extra wrk args...]
  local case=$1 side=$2 server=$3 path=$4 out rps p50 p99 errs; shift 4
  out=$(timeout "$(( ${DURATION%s} + 15 ))" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency "$@" "${URL[$server]}$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(ms "$(echo "$out" | awk '$1=="50%" {print $2}')")
  p99=$(ms "$(echo "$out" | awk '$1=="99%" {print $2}')")
  errs=$( (echo "$out" | awk '/Non-2xx/ {print "non-2xx:" $4}'; echo "$out" | awk '/Socket errors/ {print "sock:" $0}') | tr '\n' ' ')
  printf '  %-34s %-7s %10s req/s  p50 %8s ms  p99 %8s ms %s\n' "$case" "$side" "$rps" "$p50" "$p99" "$errs"
  printf '%s\t%s\t%s\t%s\t%s\n' "$case" "$side" "$rps" "$p50" "$p99" >> "$RESULTS"
}
pair() { # round, case, path, cache|uncached, [extra wrk args...]
  local round=$1 case=$2 path=$3 mode=$4 b=before a=after; shift 4
  if [ "$mode" = uncached ]; then b=before-uncached; a=after-uncached; fi
  if [ $((round % 2)) = 1 ]; then run "$case" before "$b" "$path" "$@"; run "$case" after "$a" "$path" "$@"
  else run "$case" after "$a" "$path" "$@"; run "$case" before "$b" "$path" "$@"; fi
}

echo
echo "== Part 1: anonymous, before (cab1053) vs after (this tree), alternating"
for r in $(seq 1 "$ROUNDS"); do
  echo " round $r (load:$(uptime | sed 's/.*load average://'))"
  pair "$r" "/ (daily page, cached)" / cache
  pair "$r" "search API (cached)" / cache -s scripts/search-rotation.lua
  pair "$r" "search API (uncached)" / uncached -s scripts/search-rotation.lua
  pair "$r" "day page (uncached)" "$DAY_PATH" uncached
done

echo
echo "== Part 2: signed in, after only ($DAY_PATH is the latest day, what / shows)"
for r in $(seq 1 $(( ROUNDS > 1 ? ROUNDS - 1 : 1 ))); do
  echo " round $r (load:$(uptime | sed 's/.*load average://'))"
  run "signed-in day page" after after "$DAY_PATH" -H "$COOKIE"
  run "anonymous day page (uncached)" after after-uncached "$DAY_PATH"
  run "signed-in /" after after / -H "$COOKIE"
  run "anonymous day page (cached)" after after "$DAY_PATH"
done
# What the session lookup alone costs: a static file (served from memory) with and without the cookie.
echo " session lookup alone (load:$(uptime | sed 's/.*load average://'))"
run "static file, anonymous" after after /static/app.js
run "static file, signed in" after after /static/app.js -H "$COOKIE"
# The session must have survived (a 303 to /login would have been counted as non-2xx above).
curl -fs -H "$COOKIE" "${URL[after]}/" | grep -q 'href="/u/bench">bench</a>' || echo "WARNING: the session no longer signs in" >&2

echo
echo "== Summary: mean req/s, median p50/p99 (ms) over the rounds; ratio = after/before req/s"
printf '%-34s %10s %8s %8s   %10s %8s %8s   %6s\n' "case" "before r/s" "p50" "p99" "after r/s" "p50" "p99" "ratio"
awk -F'\t' '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { k = $1 SUBSEP $2; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
    sum[k] += $3; cnt[k]++; p50[k] = p50[k] " " $4; p99[k] = p99[k] " " $5 }
  END {
    for (i = 1; i <= n; i++) {
      c = order[i]; b = c SUBSEP "before"; a = c SUBSEP "after"
      if (cnt[b]) bs = sprintf("%10.0f %8.2f %8.2f", sum[b] / cnt[b], median(p50[b]), median(p99[b])); else bs = sprintf("%10s %8s %8s", "-", "-", "-")
      as = sprintf("%10.0f %8.2f %8.2f", sum[a] / cnt[a], median(p50[a]), median(p99[a]))
      ratio = cnt[b] ? sprintf("%6.2f", (sum[a] / cnt[a]) / (sum[b] / cnt[b])) : "     -"
      printf "%-34s %s   %s   %s\n", c, bs, as, ratio
    }
  }' "$RESULTS"

echo
echo "== Server RSS, MB (anon = not the mapped database): after start-up -> at the end"
for s in "${SERVERS[@]}"; do printf '%-16s %s -> %s\n' "$s" "${RSS_START[$s]}" "$(rss "${SPID[$s]}")"; done
echo "load at the end:$(uptime | sed 's/.*load average://')"
