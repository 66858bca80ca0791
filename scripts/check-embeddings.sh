#!/usr/bin/env bash
# Exactness check for CI: embeds all 1,394 reference texts with the release build and compares
# them with sentence-transformers' own output (shared/reference/all-MiniLM-L6-v2/compare.py:
# cosine >= 0.99999 and |diff| <= 1e-4 on every row). Exit status is compare.py's.
set -euo pipefail
cd "$(dirname "$0")/.."
REF="${PAPERBOY_SHARED:-../shared}/reference/all-MiniLM-L6-v2"
[ -f "$REF/compare.py" ] || { echo "check-embeddings: skipped, no reference data at $REF (set PAPERBOY_SHARED)"; exit 0; }
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

scripts/setup-model.sh
swift build -c release --product paperboy >&2
BIN="$(swift build -c release --show-bin-path)/paperboy"
"$BIN" embed --input "$REF/texts.jsonl" --output "$TMP/all.f32"
python3 "$REF/compare.py" "$TMP/all.f32"
