#!/usr/bin/env bash
# Offline evaluation of "For you" (not a test; the test suite does not run it).
#
# Usage: scripts/bench-recommend.sh [DB_PATH]
#   DB_PATH  a database of the real arXiv papers with their embeddings. Default
#            /tmp/paperboy-bench/recommend.sqlite, made when missing by importing both Kaggle
#            files of ../shared/data/arxiv-metadata (89k papers) and `paperboy embed` (about
#            30 minutes of both cores).
#
# Simulated readers (see SimulatedReaders.swift): an author's papers, or a small category's;
# 5 of each reader's papers are the likes, the rest must be found among all the papers.
# Same readers, same run: ours (linear SVM on embeddings, at several costs), similar-to-centroid
# (Swift), and arxiv-sanity-lite's tf-idf + LinearSVC (scripts/recommend-baseline.py, scikit-learn
# in .venv-recommend). Then latency: ranking a day (900 papers) and a month (28k), and training.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${PAPERBOY_SHARED:-../shared}"
DB=${1:-/tmp/paperboy-bench/recommend.sqlite}
BIN=${BIN:-.build/release/paperboy}
[ -x "$BIN" ] || swift build -c release --product paperboy >&2
scripts/setup-model.sh >&2
if [ ! -f "$DB" ]; then
  mkdir -p "$(dirname "$DB")"
  for f in "$SHARED"/data/arxiv-metadata/*_kaggle-format.jsonl.gz; do "$BIN" import "$f" --db "$DB" >&2; done
  "$BIN" embed --db "$DB" >&2
fi
[ -x .venv-recommend/bin/python ] || { python3 -m venv .venv-recommend && .venv-recommend/bin/pip install -q scikit-learn numpy; }
READERS=$(mktemp /tmp/paperboy-readers.XXXXXX.json)
trap 'rm -f "$READERS"' EXIT
"$BIN" bench recommend --db "$DB" --readers-out "$READERS"
.venv-recommend/bin/python scripts/recommend-baseline.py "$DB" "$READERS"
