#!/usr/bin/env bash
# Speed benchmark (not a test): our engine (release build) vs the PyTorch/sentence-transformers
# baseline on the same 1,000 SciFact doc texts of the reference set, 2 threads each, same run.
#
#   scripts/bench-embed.sh            # needs the model (scripts/setup-model.sh) and ../shared
#
# The baseline venv goes in .venv-baseline (git-ignored; made by shared/bench's setup script).
# OPENBLAS_CORETYPE is unset for our run so paperboy picks OpenBLAS's kernels itself (it
# re-executes with SkylakeX on AVX-512 CPUs); set BENCH_KEEP_CORETYPE=1 to keep yours.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${PAPERBOY_SHARED:-../shared}"
REF="$SHARED/reference/all-MiniLM-L6-v2"
THREADS="${THREADS:-2}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

scripts/setup-model.sh
swift build -c release --product paperboy >&2
BIN="$(swift build -c release --show-bin-path)/paperboy"
bash "$SHARED/bench/setup-pytorch-baseline.sh" .venv-baseline >&2

python3 - "$REF/texts.jsonl" "$TMP/docs.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in src:
        r = json.loads(line)
        if r["kind"] == "doc":
            out.write(json.dumps({"text": r["text"]}) + "\n")
PY

ENV=(env)
[ "${BENCH_KEEP_CORETYPE:-0}" = "1" ] || ENV=(env -u OPENBLAS_CORETYPE)
ours="$("${ENV[@]}" "$BIN" embed --input "$TMP/docs.jsonl" --output "$TMP/ours.f32" --threads "$THREADS" 2>&1 | grep -o 'texts_per_s=[0-9.]*' | cut -d= -f2)"
python3 "$REF/compare.py" --kind doc "$TMP/ours.f32" | tail -1
theirs="$(.venv-baseline/bin/python "$SHARED/bench/pytorch_embed_baseline.py" "$REF/texts.jsonl" --kind doc --threads "$THREADS" | grep -o 'texts_per_s=[0-9.]*' | cut -d= -f2)"
python3 -c "import sys; o, t = map(float, sys.argv[1:]); print(f'paperboy: {o:.2f} texts/s  pytorch: {t:.2f} texts/s  ratio: {o / t:.2f}x')" "$ours" "$theirs"
