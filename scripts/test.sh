#!/usr/bin/env bash
# One command: every test. Unit and property tests, data validation, nbval over every lesson
# and solution notebook, the exercise notebooks, and the browser suite (headless Chromium).
#   bash scripts/test.sh            (extra pytest arguments are passed on, e.g. -k value)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { echo "Run 'bash scripts/setup.sh' first." >&2; exit 1; }
export PYTHONHASHSEED=0
status=0
.venv/bin/python -m pytest tests notebooks solutions --ignore=tests/hub \
  --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg \
  -n 2 --dist loadfile "$@" || { code=$?; [ "$code" = 5 ] || status=$code; }
# The workshop-hub tests start real hubs whose simulated learners run lessons: they run after the
# rest so that their load never slows the timed browser tests. (Exit 5: "-k" selected none here.)
.venv/bin/python -m pytest tests/hub -n 2 --dist loadfile "$@" || { code=$?; [ "$code" = 5 ] || status=$code; }
exit "$status"
