#!/usr/bin/env bash
# Exactness check for CI: embeds all 1,394 reference texts with the release build and compares
# them with sentence-transformers' own output (shared/reference/all-MiniLM-L6-v2/compare.py).
# f32 must match: cosine >= 0.99999 and |diff| <= 1e-4 on every row. int8 (where the CPU has
# AVX-512 VNNI) must stay close: cosine >= 0.999 on every row and >= 0.9995 on average.
# Exit status: non-zero if either check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
REF="${PAPERBOY_SHARED:-../shared}/reference/all-MiniLM-L6-v2"
[ -f "$REF/compare.py" ] || { echo "check-embeddings: skipped, no reference data at $REF (set PAPERBOY_SHARED)"; exit 0; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

scripts/setup-model.sh
swift build -c release --product paperboy >&2
BIN="$(swift build -c release --show-bin-path)/paperboy"
"$BIN" embed --input "$REF/texts.jsonl" --output "$TMP/f32.f32" --precision f32
python3 "$REF/compare.py" "$TMP/f32.f32"

"$BIN" embed --input "$REF/texts.jsonl" --output "$TMP/int8.f32" --precision int8 2>&1 | tee "$TMP/int8.log" >&2
if ! grep -q "precision=int8" "$TMP/int8.log"; then
  echo "check-embeddings: int8 skipped, this CPU has no AVX-512 VNNI (embed fell back to f32)"
  exit 0
fi
python3 "$REF/compare.py" --min-cos 0.999 --max-abs 1 "$TMP/int8.f32" | tee "$TMP/int8.txt"
mean="$(grep -o 'mean_cosine=[0-9.]*' "$TMP/int8.txt" | cut -d= -f2)"
python3 -c "import sys; m = float(sys.argv[1]); print(f'int8 mean cosine {m:.6f} (needs >= 0.9995)'); sys.exit(m < 0.9995)" "$mean"
