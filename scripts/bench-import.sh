#!/usr/bin/env bash
# Import speed on the bulk Kaggle-shaped sets (shared/data/arxiv-metadata/*.jsonl.gz):
#   baseline  Python's C json module reading the same gzip files (records/s, parse only)
#   parse     `paperboy import --dry-run` (gunzip + JSON + Paper, no store)
#   import    `paperboy import` into a fresh SQLite file (end to end), then the same files again
# and the ratio of each to the baseline. Usage: scripts/bench-import.sh [FILE.jsonl.gz …]
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${PAPERBOY_SHARED:-../shared}"
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$shared"/data/arxiv-metadata/*.jsonl.gz)
swift build -c release --product paperboy 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' >&2
bin="$(swift build -c release --show-bin-path)/paperboy"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

# Prints records/s of a command whose last output line ends in "(N records/s)".
rate() { "$@" 2>/dev/null | tail -1 | sed -E 's/.*\(([0-9,]+) records\/s\).*/\1/' | tr -d ,; }

baseline=$(python3 - "${files[@]}" <<'PY'
import gzip, json, sys, time
t = time.perf_counter(); n = 0
for f in sys.argv[1:]:
    with gzip.open(f) as fh:
        for line in fh:
            json.loads(line); n += 1
print(int(n / (time.perf_counter() - t)))
PY
)
parse=$(rate "$bin" import --dry-run "${files[@]}")
first=$(rate "$bin" import --db "$tmp/bench.sqlite" "${files[@]}")
again=$(rate "$bin" import --restart --db "$tmp/bench.sqlite" "${files[@]}")
ratio() { python3 -c "print(f'{$1 / $2:.2f}x')"; }
printf '%-30s %8s records/s\n' "baseline (python json.loads)" "$baseline"
printf '%-30s %8s records/s  %s baseline\n' "parse (import --dry-run)" "$parse" "$(ratio "$parse" "$baseline")"
printf '%-30s %8s records/s  %s baseline\n' "import, new database" "$first" "$(ratio "$first" "$baseline")"
printf '%-30s %8s records/s  %s baseline\n' "import again (all unchanged)" "$again" "$(ratio "$again" "$baseline")"
