#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer, with AddressSanitizer) of Paperboy's parsers:
#   scripts/fuzz.sh TARGET SECONDS     one target, e.g. scripts/fuzz.sh kaggle 600
#   scripts/fuzz.sh all SECONDS        every target in turn
# Targets: query dates kaggle atom oai rss abs hf detect (see Fuzz/Harness.swift). The request
# router is covered by WebTests' RouteFuzzTests instead (a property test: Hummingbird and NIO
# compiled with -sanitize=fuzzer take longer to build than the whole test budget).
#
# The harness is compiled with swiftc straight from Sources/ (PaperboyCore, then Ingest
# without the store-facing Importer) into .build-fuzz/, once per change of the sources.
# Corpora grow in .build-fuzz/corpus/TARGET, seeded from Fuzz/Seeds and ../shared/data (or
# PAPERBOY_SHARED). A crash is saved as .build-fuzz/crashes/TARGET-crash-*: reproduce it with
#   PAPERBOY_FUZZ_TARGET=TARGET .build-fuzz/paperboy-fuzz FILE
# and add it to a test. Prints one summary line per target; exits 1 if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET|all SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET|all SECONDS}
all_targets="query dates kaggle atom oai rss abs hf detect"
out=.build-fuzz
shared=${PAPERBOY_SHARED:-../shared}/data
mkdir -p "$out/crashes"

build() {
    local stamp
    stamp=$(cat Sources/PaperboyCore/*.swift Sources/PaperboyCore/*/*.swift Sources/Ingest/*.swift Fuzz/*.swift | sha256sum | cut -c1-16)
    [ -x "$out/paperboy-fuzz" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ] && return
    local flags=(-O -sanitize=fuzzer,address -parse-as-library -wmo -g)
    echo "building the fuzz harness..." >&2
    swiftc "${flags[@]}" -module-name PaperboyCore -emit-module -emit-module-path "$out/PaperboyCore.swiftmodule" \
        -c Sources/PaperboyCore/*.swift Sources/PaperboyCore/*/*.swift -o "$out/PaperboyCore.o"
    local ingest root=$PWD
    ingest=$(ls "$root"/Sources/Ingest/*.swift | grep -v '/Importer.swift$')
    # Run inside $out: swiftc leaves the module's side files in the working directory.
    # shellcheck disable=SC2086
    (cd "$out" && swiftc "${flags[@]}" -module-name Ingest -I . -I "$root/Sources/CZlib" $ingest "$root/Fuzz/Harness.swift" \
        PaperboyCore.o -lz -o paperboy-fuzz 2> >(grep -v 'ld.gold: warning' >&2))
    echo "$stamp" > "$out/stamp"
}

# Copies up to 40 small real files of the target's format into its corpus (once); without
# ../shared the corpus starts from Fuzz/Seeds (or empty) and grows from there.
seed() {
    local t=$1 dir=$out/corpus/$1
    [ -d "$dir" ] && return
    mkdir -p "$dir"
    [ -d "Fuzz/Seeds/$t" ] && cp Fuzz/Seeds/"$t"/* "$dir"/ 2>/dev/null || true
    case $t in
        kaggle) [ -f "$shared/arxiv-metadata/kaggle-arxiv-metadata-oai-snapshot_sample200.jsonl" ] &&
                    split -l 5 -a 3 "$shared/arxiv-metadata/kaggle-arxiv-metadata-oai-snapshot_sample200.jsonl" "$dir/sample-" || true ;;
        atom) find "$shared/arxiv-api-fixtures/api-atom" -name '*.xml' -size -200k 2>/dev/null | head -40 | xargs -r cp -t "$dir" 2>/dev/null || true ;;
        oai) find "$shared/arxiv-api-fixtures/oai-pmh" -name '*.xml' -size -200k 2>/dev/null | head -40 | xargs -r cp -t "$dir" 2>/dev/null || true ;;
        rss) find "$shared/arxiv-api-fixtures/rss" -name '*.xml' -size -400k 2>/dev/null | head -40 | xargs -r cp -t "$dir" 2>/dev/null || true ;;
        abs) find "$shared/arxiv-metadata/abs" -type f -size -50k 2>/dev/null | head -40 | xargs -r cp -t "$dir" 2>/dev/null || true ;;
        hf) find "$shared/hf-daily-papers" -name '*.json' 2>/dev/null | head -40 | xargs -r cp -t "$dir" 2>/dev/null || true ;;
        detect) for t2 in kaggle atom oai rss abs hf; do seed "$t2"; ls "$out/corpus/$t2" | head -3 |
                    while read -r f; do cp "$out/corpus/$t2/$f" "$dir/$t2-$f"; done; done ;;
    esac
    return 0
}

run() {
    local t=$1 log=$out/$1.log
    seed "$t"
    set +e
    # No Swift backtracer: it hangs under ASan and hides the real report.
    PAPERBOY_FUZZ_TARGET=$t SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$out/paperboy-fuzz" "$out/corpus/$t" \
        -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$out/crashes/$t-" > "$log" 2>&1
    local status=$?
    set -e
    local execs cov ft
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
    ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
    if [ $status -ne 0 ]; then
        echo "fuzz $t: CRASH after $execs runs (cov $cov); see $log and $out/crashes/"
        grep -m3 -E 'Fatal error|ERROR: AddressSanitizer|property violated' "$log" || true
        return 1
    fi
    echo "fuzz $t: $execs runs in ${seconds}s, coverage $cov edges, $ft features, corpus $(ls "$out/corpus/$t" | wc -l), no crash"
}

build
failed=0
for t in $([ "$target" = all ] && echo $all_targets || echo "$target"); do
    run "$t" || failed=1
done
exit $failed
