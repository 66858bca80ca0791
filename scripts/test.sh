#!/usr/bin/env bash
# Sets everything up and runs all tests: the Swift suites of every module, then the checks that
# need a built binary and the Python reference implementation.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]'
swift test --skip-build
