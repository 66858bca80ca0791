#!/usr/bin/env bash
# Sets everything up and runs all tests: the checks that need a built binary and the Python
# reference (embedding exactness, API fuzzing, feed validation), then the Swift suites.
set -euo pipefail
cd "$(dirname "$0")/.."
PAPERBOY_SETUP_TESTS=1 bash scripts/setup.sh
# Test-only Python tools, kept out of the system Python.
if [ ! -x .venv-test/bin/schemathesis ] || [ ! -f .venv-test/.feedparser ]; then
    python3 -m venv .venv-test
    .venv-test/bin/pip install -q 'schemathesis>=4,<5' feedparser
    touch .venv-test/.feedparser
fi
export PATH="$PWD/.venv-test/bin:$PATH"
# A throwaway PostgreSQL server: the store suites run on it as well as on SQLite.
eval "$(bash scripts/postgres-test-server.sh start)"
trap 'bash scripts/postgres-test-server.sh stop "$PAPERBOY_TEST_POSTGRES_DIR"' EXIT

swift build --build-tests 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]'
# Coverage-guided fuzzing of every parser, 15 s a target (longer: scripts/fuzz.sh all 600).
bash scripts/fuzz.sh all 15
bash scripts/check-embeddings.sh
bash scripts/schemathesis.sh .build/debug/paperboy
# Sign-up to sign-out in headless Chromium against the binary and a real SMTP server;
# screenshots of the account pages (phone and desktop, light and dark) in out/screenshots.
/usr/bin/python3 Tests/e2e/accounts_browser.py .build/debug/paperboy out/screenshots
# Two instances on one database behind nginx (deploy/nginx-paperboy.conf), on both backends.
/usr/bin/python3 Tests/multi-instance/multi_instance.py .build/debug/paperboy "$(mktemp -d)/multi.sqlite"
/usr/bin/python3 Tests/multi-instance/multi_instance.py .build/debug/paperboy "$PAPERBOY_TEST_POSTGRES"
# Suites run one at a time: several of them start servers or saturate both cores, and on a
# 2-core machine running them side by side starved the harvest tests' socket timeouts.
swift test --skip-build --no-parallel
# The route suites again, on PostgreSQL (the store suites already ran on both).
PAPERBOY_WEB_TESTS_BACKEND=postgres swift test --skip-build --no-parallel --filter WebTests
