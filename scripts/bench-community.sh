#!/usr/bin/env bash
# Load benchmark of the community features at 1M papers (not a test; the test suite does not run
# it): wrk on loopback against a release build.
#
# Usage: scripts/bench-community.sh [DB_PATH] [DURATION]
#   DB_PATH   the 1M-paper synthetic database, default /tmp/paperboy-bench/synthetic.sqlite (made
#             with `paperboy bench store --dir /tmp/paperboy-bench` when missing, ~10 min). It is
#             copied first: votes, accounts and comments go into the copy.
#   DURATION  per wrk run, default 20s.   BIN: default .build/release/paperboy.
#
# Setup: the bundled real papers imported into the copy (synthetic ids are not arXiv ids);
# 64 accounts with API tokens (`paperboy user add`, `paperboy token create`); the vote
# limit raised (PAPERBOY_VOTES_PER_MINUTE) so the writer, not the throttle, is measured; 300
# comments on one paper of the latest day, posted through the API (5 per account, the rate
# limit), so each is rendered and stored as in use.
# 1. Votes: 32 connections, each request a POST or DELETE /api/papers/{id}/upvote with a random
#    token on a random one of the 100 newest real papers (SQLite WAL, one writer). Then the
#    stored counts are checked against the vote rows: they must agree exactly.
# 2. The paper page with 300 comments, anonymous (shared cache) and signed in (built for its
#    reader, every request), p50 and p99 at 32 connections.
# 3. The anonymous daily page at 28 connections alone, then again while 4 more connections vote
#    without pause: votes do not invalidate the cached page, so its rate should only drop by the
#    CPU the votes take.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh
DB_IN=${1:-/tmp/paperboy-bench/synthetic.sqlite}
DURATION=${2:-20s}
BIN=${BIN:-.build/release/paperboy}
PORT=${PORT:-18290}
[ -x "$BIN" ] || { echo "no release binary at $BIN (swift build -c release --product paperboy)" >&2; exit 2; }
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null || { echo "cannot install wrk" >&2; exit 2; }; }
if [ ! -f "$DB_IN" ]; then
  echo "no $DB_IN: building the 1M-paper synthetic database (paperboy bench store)" >&2
  "$BIN" bench store --dir "$(dirname "$DB_IN")" >&2
fi
WORK=$(mktemp -d /tmp/paperboy-community-bench.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
DB="$WORK/hub.sqlite"
cp "$DB_IN" "$DB"
# Synthetic papers have made-up ids; people vote on and discuss the bundled real ones (about
# 5,000 from February and March 2026), imported into the copy.
"$BIN" import --db "$DB" sample/arxiv-cs-2026-02-12_to_2026-03-13.jsonl.gz >/dev/null
BASE="http://127.0.0.1:$PORT"
PASSWORD="bench password $RANDOM$RANDOM"

echo "setting up 64 accounts with tokens" >&2
for i in $(seq 1 64); do
  echo "$PASSWORD" | "$BIN" user add "bench$i" --email "bench$i@example.org" --password-stdin --db "$DB" >/dev/null
  "$BIN" token create "bench$i" --db "$DB" | tail -1 >> "$WORK/tokens"
done
PAPERBOY_VOTES_PER_MINUTE=100000000 "$BIN" serve --db "$DB" --port "$PORT" --log-level error --model "$WORK/no-model" &
PID=$!
wait_healthy "$BASE"
wait_idle "$PID"   # the keyword index is built in the background after start-up
python3 -c 'import sqlite3, sys
for (i,) in sqlite3.connect(sys.argv[1]).execute("SELECT id FROM paper WHERE id NOT LIKE ? ORDER BY feedDay DESC, id LIMIT 100", ["syn.%"]):
    print(i)' "$DB" > "$WORK/ids"
PAPER=$(head -1 "$WORK/ids")
echo "database: $(curl -fs "$BASE/healthz" | sed -E 's/.*"papers":([0-9]+).*/\1/') papers; $(wc -l < "$WORK/ids") papers to vote on; comments on $PAPER" >&2

# 300 comments: 5 from each of 60 accounts, with Markdown and math.
i=0
while read -r token && [ $i -lt 60 ]; do
  for k in 1 2 3 4 5; do
    n=$((i * 5 + k))
    curl -fs -o /dev/null -X POST "$BASE/api/papers/$PAPER/comments" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"text\": \"Comment $n: the bound \$O(n \\\\log n)\$ is **tight** for \`k = $k\`; see [the proof](https://example.org/$n).\"}"
  done
  i=$((i + 1))
done < "$WORK/tokens"
echo "comments on $PAPER: $(curl -fs "$BASE/api/papers/$PAPER/comments" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" >&2

# A signed-in session for the per-reader page.
curl -fs -c "$WORK/jar" -o "$WORK/login.html" "$BASE/login"
CSRF=$(sed -nE 's/.*name="csrf" value="([^"]+)".*/\1/p' "$WORK/login.html" | head -1)
curl -fs -b "$WORK/jar" -c "$WORK/jar" -o /dev/null --data-urlencode "login=bench1" --data-urlencode "password=$PASSWORD" \
  --data-urlencode "csrf=$CSRF" "$BASE/login"
SESSION=$(awk '$6 == "pb_session" {print $7}' "$WORK/jar")
[ -n "$SESSION" ] || { echo "could not sign in" >&2; exit 1; }

cat > "$WORK/votes.lua" <<LUA
local tokens, ids = {}, {}
for line in io.lines("$WORK/tokens") do tokens[#tokens + 1] = line end
for line in io.lines("$WORK/ids") do ids[#ids + 1] = line end
request = function()
  local method = math.random(2) == 1 and "POST" or "DELETE"
  return wrk.format(method, "/api/papers/" .. ids[math.random(#ids)] .. "/upvote",
                    { ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] })
end
LUA

printf '%-44s %10s %9s %9s %8s\n' "run" "req/s" "p50 ms" "p99 ms" "non-2xx"
declare -A RPS
run() { # label, connections, url, [lua], [header]
  local out
  out=$(timeout "$(( ${DURATION%s} + 15 ))" wrk -t2 -c"$2" -d"$DURATION" --timeout 5s --latency ${4:+-s "$4"} ${5:+-H "$5"} "$3")
  RPS[$1]=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  printf '%-44s %10s %9s %9s %8s\n' "$1" "${RPS[$1]}" "$(ms "$(echo "$out" | awk '$1=="50%" {print $2}')")" \
    "$(ms "$(echo "$out" | awk '$1=="99%" {print $2}')")" "$(echo "$out" | awk '/Non-2xx/ {print $4}' | grep . || echo 0)"
}
run "votes via API (32 conn)" 32 "$BASE" "$WORK/votes.lua"
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
votes = db.execute("SELECT count(*) FROM vote").fetchone()[0]
wrong = db.execute("""SELECT count(*) FROM paperVotes p LEFT JOIN (SELECT paperRowid, count(*) AS n FROM vote GROUP BY paperRowid) v
                      USING (paperRowid) WHERE p.votes != coalesce(v.n, 0)""").fetchone()[0]
print(f"    after the run: {votes} votes stored; papers whose count disagrees with their votes: {wrong}")
PY
curl -fs -o /dev/null "$BASE/papers/$PAPER"
run "paper page, 300 comments, anonymous" 32 "$BASE/papers/$PAPER"
run "paper page, 300 comments, signed in" 32 "$BASE/papers/$PAPER" "" "Cookie: pb_session=$SESSION"
curl -fs -o /dev/null "$BASE/"
run "daily page / alone (28 conn)" 28 "$BASE/"
wrk -t1 -c4 -d"$DURATION" -s "$WORK/votes.lua" "$BASE" > "$WORK/background-votes.txt" &
VOTER=$!
run "daily page / while 4 conn vote" 28 "$BASE/"
wait "$VOTER"
echo "    votes meanwhile: $(awk '/Requests\/sec/ {print $2}' "$WORK/background-votes.txt") per second"
echo "daily page with votes / alone: $(awk -v a="${RPS["daily page / while 4 conn vote"]}" -v b="${RPS["daily page / alone (28 conn)"]}" 'BEGIN {printf "%.2f", a / b}')"
