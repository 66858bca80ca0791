# Shell functions the load benchmarks share (source it; not a script of its own).

# Resident memory of process $1 in MB: all of it, and the part that is not the mapped database.
rss() { awk '/VmRSS/ {t = $2} /RssAnon/ {a = $2} END {printf "%.0f (anon %.0f)", t / 1024, a / 1024}' "/proc/$1/status"; }

# A latency as wrk prints it (812.00us, 3.41ms, 1.02s) in milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

# Waits until $1/healthz answers (30 s at most).
wait_healthy() {
  for _ in $(seq 1 150); do curl -fs "$1/healthz" >/dev/null && return; sleep 0.2; done
  echo "no answer from $1/healthz" >&2; return 1
}

# Waits until process $1 has used under 5% of a core for 2 s (e.g. a keyword index being built).
wait_idle() {
  local prev now
  prev=$(awk '{print $14 + $15}' "/proc/$1/stat")
  for _ in $(seq 1 300); do
    sleep 2; now=$(awk '{print $14 + $15}' "/proc/$1/stat")
    [ $((now - prev)) -lt 10 ] && return
    prev=$now
  done
  echo "process $1 never went idle" >&2; return 1
}

# What the PostgreSQL benchmarks need, or exit 2: the release binary ($BIN, default
# .build/release/paperboy), the real arXiv metadata ($files) and wrk.
bench_inputs() {
  BIN=${BIN:-.build/release/paperboy}
  files=("${PAPERBOY_SHARED:-../shared}"/data/arxiv-metadata/*.jsonl.gz)
  [ -x "$BIN" ] || { echo "no release binary at $BIN (swift build -c release --product paperboy)" >&2; exit 2; }
  [ -f "${files[0]}" ] || { echo "no arXiv metadata in ${PAPERBOY_SHARED:-../shared}/data/arxiv-metadata" >&2; exit 2; }
  command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
}
