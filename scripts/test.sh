#!/usr/bin/env bash
# One command: every test. Lint and format checks (ruff), unit and property tests, data validation, nbval over every lesson
# and solution notebook, the exercise notebooks, and the browser suite (headless Chromium).
#   bash scripts/test.sh            (extra pytest options are passed on, e.g. -k value;
#                                    bash scripts/test.sh tests/test_value.py runs just that file)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { echo "Run 'bash scripts/setup.sh' first." >&2; exit 1; }
export PYTHONHASHSEED=0
# Lint and format (ruff, configured in pyproject.toml): fast, so it runs first.
.venv/bin/ruff check --no-cache . || { echo "ruff found problems: fix them (many with: .venv/bin/ruff check --fix .)" >&2; exit 1; }
.venv/bin/ruff format --check --no-cache . || { echo "Some files are not formatted: run .venv/bin/ruff format ." >&2; exit 1; }
NBVAL=(--nbval --nbval-current-env --nbval-sanitize-with tests/sanitize.cfg -n 2 --dist loadfile)
# Paths given (bash scripts/test.sh tests/test_value.py ...): run just those.
if [ $# -gt 0 ] && [ -e "$1" ]; then
  exec .venv/bin/python -m pytest "${NBVAL[@]}" "$@"
fi
status=0
.venv/bin/python -m pytest tests notebooks solutions --ignore=tests/hub \
  "${NBVAL[@]}" "$@" || { code=$?; [ "$code" = 5 ] || status=$code; }
# The workshop-hub tests start real hubs whose simulated learners run lessons: they run after the
# rest so that their load never slows the timed browser tests. (Exit 5: "-k" selected none here.)
.venv/bin/python -m pytest tests/hub -n 2 --dist loadfile "$@" || { code=$?; [ "$code" = 5 ] || status=$code; }
exit "$status"
