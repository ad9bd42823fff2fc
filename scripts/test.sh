#!/usr/bin/env bash
# One command: every test. Unit and property tests, data validation, nbval over every lesson
# and solution notebook, the exercise notebooks, and the browser suite (headless Chromium).
#   bash scripts/test.sh            (extra pytest arguments are passed on, e.g. -k value)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { echo "Run 'bash scripts/setup.sh' first." >&2; exit 1; }
export PYTHONHASHSEED=0
exec .venv/bin/python -m pytest tests notebooks solutions \
  --nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg \
  -n 2 --dist loadfile "$@"
