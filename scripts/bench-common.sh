# Shell functions the load benchmarks share (source it; not a script of its own).

# Resident memory of process $1 in MB: all of it, and the part that is not the mapped database.
rss() { awk '/VmRSS/ {t = $2} /RssAnon/ {a = $2} END {printf "%.0f (anon %.0f)", t / 1024, a / 1024}' "/proc/$1/status"; }

# A latency as wrk prints it (812.00us, 3.41ms, 1.02s) in milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

# The machine a benchmark ran on, to compare runs across hosts: CPU model and count, the load
# average, and the share of CPU time the hypervisor gave to other guests (steal) since
# `host_mark` was called (on a shared host, the rates drift with it).
cpu_times() { awk '/^cpu / {print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; } # steal, total
host_mark() { HOST_MARK=$(cpu_times); }
host_line() {
  local model steal total
  model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  read -r steal total < <(cpu_times)
  awk -v mark="${HOST_MARK:-0 0}" -v steal="$steal" -v total="$total" -v model="$model" -v cpus="$(nproc)" \
      -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
    split(mark, m, " ")
    stolen = total > m[2] ? 100 * (steal - m[1]) / (total - m[2]) : 0
    printf "host: %s, %d CPUs, load average %s, CPU time stolen by the hypervisor %.1f%%\n", model, cpus, load, stolen
  }'
}

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
