#!/usr/bin/env bash
# Runs a headless Chromium test: the survey test (tests/browser/survey_no_js.test.mjs), or the
# one named by TESSERA_BROWSER_TEST (run_dashboard.sh sets dashboard.test.mjs).
# Usage: run.sh TESSERA_BINARY [ARTIFACTS_DIR]
# Installs node_modules from package-lock.json (npm ci) when they are missing or out of date.
# Exits 77 (CTest: skipped) only when /usr/bin/chromium or node is missing; .ci/install installs
# both, so in CI the test always runs.
set -euo pipefail

if [[ ! -x /usr/bin/chromium ]]; then
  echo "SKIPPED: /usr/bin/chromium is missing (apt-get install chromium, or run .ci/install)" >&2
  exit 77
fi
if ! command -v node >/dev/null 2>&1; then
  echo "SKIPPED: node is missing (apt-get install nodejs npm, or run .ci/install)" >&2
  exit 77
fi

binary=$(realpath -m -- "${1:?usage: run.sh TESSERA_BINARY [ARTIFACTS_DIR]}")
artifacts=$(realpath -m -- "${2:-${TESSERA_ARTIFACTS:-$(dirname "$binary")/browser-artifacts}}")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

cd "$here"
# npm ci writes node_modules/.package-lock.json; reinstall when the lockfile is newer. A lock
# keeps two build trees from installing into the same source tree at once.
exec 9>"${TMPDIR:-/tmp}/tessera-browser-npm-ci.lock"
flock 9
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "installing node_modules from package-lock.json (npm ci)" >&2
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund >&2
fi
flock -u 9

export TESSERA_BINARY=$binary TESSERA_ARTIFACTS=$artifacts
exec node "${TESSERA_BROWSER_TEST:-survey_no_js.test.mjs}" "$binary" "$artifacts"
