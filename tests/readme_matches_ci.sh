#!/usr/bin/env bash
# The README's test command (the second command of its first code block) and .ci/run's must be
# the same line, so what CI proves is what a new developer runs.
set -euo pipefail
root=$1
readme_line=$(awk '/^```/{block++; next} block==1 {print}' "$root/README.md" | sed -n 2p)
ci_line=$(grep -v '^#' "$root/.ci/run" | grep -v '^set ' | grep -v '^cd ' | grep -v '^$' | tail -1)
if [[ "$readme_line" != "$ci_line" ]]; then
  echo "README test command: $readme_line"
  echo ".ci/run command:     $ci_line"
  exit 1
fi
echo "README and .ci/run agree"
