#!/usr/bin/env bash
# Speed benchmark (not a test), in one run on the same 1,000 SciFact doc texts of the reference
# set with 2 threads each: our engine (release build) at int8 and at f32, the
# PyTorch/sentence-transformers baseline, and onnxruntime over the ONNX export of shared/bench
# with dynamic int8 quantization (`quantize_dynamic`). Prints texts/s, tokens/s and the
# ratios, checks our vectors against the reference, projects the hours for all of arXiv, and
# names the host and how busy it was (runs on a shared host are only comparable with that).
# Then `serve`'s background embedding of the bundled sample: papers/s while idle, and while
# wrk sends it uncached searches (which embed their queries) on 8 connections.
#
#   scripts/bench-embed.sh            # needs the model (scripts/setup-model.sh) and ../shared
#   BIN=path/to/paperboy scripts/bench-embed.sh   # a release binary built elsewhere
#
# The baseline venv goes in .venv-baseline (git-ignored; made by shared/bench's setup script,
# with onnxruntime). OPENBLAS_CORETYPE is unset for our runs so paperboy picks OpenBLAS's
# kernels itself (it re-executes with SkylakeX on AVX-512 CPUs); set BENCH_KEEP_CORETYPE=1 to
# keep yours. ARXIV_PAPERS (default 2.7M) sizes the projection.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${PAPERBOY_SHARED:-../shared}"
REF="$SHARED/reference/all-MiniLM-L6-v2"
THREADS="${THREADS:-2}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

source scripts/bench-common.sh
scripts/setup-model.sh
if [ -z "${BIN:-}" ]; then
  swift build -c release --product paperboy >&2
  BIN="$(swift build -c release --show-bin-path)/paperboy"
fi
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
WITH_ONNX=1 bash "$SHARED/bench/setup-pytorch-baseline.sh" .venv-baseline >&2
PY=.venv-baseline/bin/python

python3 - "$REF/texts.jsonl" "$TMP/docs.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in src:
        r = json.loads(line)
        if r["kind"] == "doc":
            out.write(json.dumps({"text": r["text"]}) + "\n")
PY

# The ONNX model, quantized the way onnxruntime documents for transformers on the CPU: int8
# weights, activations quantized per call (dynamic), uint8 × int8 products.
"$PY" "$SHARED/bench/export_onnx.py" "$TMP/minilm.onnx" >&2
"$PY" - "$TMP/minilm.onnx" "$TMP/minilm-int8.onnx" <<'PY' >&2
import sys
from onnxruntime.quantization import QuantType, quantize_dynamic
quantize_dynamic(sys.argv[1], sys.argv[2], weight_type=QuantType.QInt8)
PY

# Each runner prints one line with texts_per_s=… tokens_per_s=…; keep those two numbers.
rates() { grep -o 'texts_per_s=[0-9.]* tokens_per_s=[0-9.]*' | sed 's/[a-z_]*=//g'; }

host_mark
ENV=(env)
[ "${BENCH_KEEP_CORETYPE:-0}" = "1" ] || ENV=(env -u OPENBLAS_CORETYPE)
for precision in int8 f32; do
  "${ENV[@]}" "$BIN" embed --input "$TMP/docs.jsonl" --output "$TMP/$precision.f32" --threads "$THREADS" \
    --precision "$precision" 2>&1 | tee "$TMP/$precision.log" | rates > "$TMP/$precision.rate"
  grep -q "precision=$precision" "$TMP/$precision.log" || echo "note: asked for $precision, ran $(grep -o 'precision=[a-z0-9]*' "$TMP/$precision.log")"
  echo "paperboy $precision vs reference: $(python3 "$REF/compare.py" --kind doc --min-cos 0 --max-abs 1 "$TMP/$precision.f32" | grep min_cosine)"
done
"$PY" "$SHARED/bench/pytorch_embed_baseline.py" "$REF/texts.jsonl" --kind doc --threads "$THREADS" | rates > "$TMP/pytorch.rate"
"$PY" "$SHARED/bench/onnx_embed_baseline.py" "$TMP/minilm-int8.onnx" "$REF/texts.jsonl" --kind doc --threads "$THREADS" \
  --save "$TMP/onnx-int8.f32" | rates > "$TMP/onnx-int8.rate"
echo "onnxruntime int8 vs reference: $(python3 "$REF/compare.py" --kind doc --min-cos 0 --max-abs 1 "$TMP/onnx-int8.f32" | grep min_cosine)"

python3 - "$TMP" "${ARXIV_PAPERS:-2700000}" "$THREADS" <<'PY'
import sys
tmp, papers, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3]
runs = [("paperboy int8", "int8"), ("paperboy f32", "f32"), ("pytorch", "pytorch"), ("onnxruntime int8", "onnx-int8")]
rate = {}
for label, name in runs:
    texts, tokens = map(float, open(f"{tmp}/{name}.rate").read().split())
    rate[label] = (texts, tokens)
print(f"\n1,000 SciFact docs, {threads} threads, one run:")
print(f"{'':18} {'texts/s':>8} {'tokens/s':>9} {'÷ pytorch':>10} {'÷ onnx int8':>12}")
for label, _ in runs:
    texts, tokens = rate[label]
    print(f"{label:18} {texts:8.1f} {tokens:9.0f} {texts / rate['pytorch'][0]:9.2f}x {texts / rate['onnxruntime int8'][0]:11.2f}x")
int8, f32 = rate["paperboy int8"][0], rate["paperboy f32"][0]
print(f"paperboy int8 ÷ f32: {int8 / f32:.2f}x")
print(f"all of arXiv ({papers:,} abstracts) at int8: {papers:,} / {int8:.1f} texts/s / 3600 = {papers / int8 / 3600:.1f} h "
      f"(f32: {papers / f32 / 3600:.1f} h)")
PY
host_line

# serve's background job, on a fresh database of the bundled sample (no vectors yet).
PORT=${PORT:-18390}
"$BIN" import --db "$TMP/serve.sqlite" sample/*.jsonl* >/dev/null 2>&1
"${ENV[@]}" "$BIN" serve --db "$TMP/serve.sqlite" --port "$PORT" --cache-ttl 0 --log-level error &
SERVE=$!
trap 'kill $SERVE 2>/dev/null; rm -rf "$TMP"' EXIT
wait_healthy "http://127.0.0.1:$PORT"
embedded() { curl -fs "http://127.0.0.1:$PORT/healthz" | python3 -c 'import json, sys; print(json.load(sys.stdin)["embedding"]["embedded"])'; }
sleep 3
e0=$(embedded); sleep 15; e1=$(embedded)
QUERIES="$PWD/scripts/search-queries.txt" wrk -t2 -c8 -d20s -s scripts/search-rotation.lua "http://127.0.0.1:$PORT" > "$TMP/wrk.txt"
e2=$(embedded)
total=$(curl -fs "http://127.0.0.1:$PORT/healthz" | python3 -c 'import json, sys; print(json.load(sys.stdin)["embedding"]["total"])')
[ "$e2" -lt "$total" ] || echo "note: all $total sample papers were embedded before the end; the rates below are lower bounds"
kill $SERVE
requests=$(awk '/Requests\/sec/ {print $2}' "$TMP/wrk.txt")
python3 - "$e0" "$e1" "$e2" "$requests" "${ARXIV_PAPERS:-2700000}" <<'PY'
import sys
e0, e1, e2, requests, papers = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
idle, busy = (e1 - e0) / 15, (e2 - e1) / 20
print(f"\nserve, background embedding of the sample: idle {idle:.1f} papers/s; "
      f"while answering {requests:.0f} searches/s (8 connections, uncached) {busy:.1f} papers/s")
print(f"all of arXiv inside serve: {papers:,} / {idle:.1f} / 3600 = {papers / idle / 3600:.1f} h idle, "
      f"{papers / busy / 3600:.1f} h under that load" if busy > 0 else "no papers embedded under load")
PY
