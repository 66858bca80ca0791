#!/usr/bin/env bash
# Screenshots of the main pages with headless Chromium: desktop (1280x900) and phone (390x844),
# light and dark. Needs a running server.
# Usage: scripts/screenshots.sh [BASE_URL] [OUT_DIR]   (default http://127.0.0.1:8080, ./screenshots)
set -euo pipefail
BASE=${1:-http://127.0.0.1:8080}
OUT=${2:-screenshots}
mkdir -p "$OUT"
ID=$(curl -fs "$BASE/api/daily_papers?limit=1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[0]["paper"]["id"] if d else "")')
pages=("home|/" "week|/papers/week/$(date -u +%G-W%V)" "search|/search?q=neural+network" "paper|/papers/$ID")
for entry in "${pages[@]}"; do
  name=${entry%%|*}; path=${entry#*|}
  for size in "desktop|1280,900" "phone|390,844"; do
    for scheme in light dark; do
      flags=(); [ "$scheme" = dark ] && flags=(--force-dark-mode --blink-settings=preferredColorScheme=0)
      timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "${flags[@]}" \
        --screenshot="$OUT/$name-${size%%|*}-$scheme.png" --window-size="${size#*|}" "$BASE$path" >/dev/null 2>&1
    done
  done
done
ls "$OUT"
