#!/usr/bin/env bash
# Runs the headless Chromium dashboard test (tests/browser/dashboard.test.mjs) through run.sh
# (same skip rule, exit 77 without /usr/bin/chromium or node, and the same npm ci lock).
# Usage: run_dashboard.sh TESSERA_BINARY [ARTIFACTS_DIR]
# With TESSERA_GUIDE_SCREENSHOTS=DIR (e.g. docs/guide) it also writes the user guide's screenshots.
set -euo pipefail
TESSERA_BROWSER_TEST=dashboard.test.mjs exec bash "$(dirname "${BASH_SOURCE[0]}")/run.sh" "$@"
