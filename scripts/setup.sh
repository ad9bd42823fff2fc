#!/usr/bin/env bash
# One command: create .venv, install the pinned environment and the kit, build the book.
#   bash scripts/setup.sh
# Re-running it is safe and fast (pip skips what is installed; the book rebuilds only what changed).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      PYTHON="$candidate"; break
    fi
  done
fi
if [ -z "$PYTHON" ]; then
  echo "The kit needs Python 3.11 or newer. Install it (python.org, your package manager or pyenv) and run this again." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> Creating a virtual environment in .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi
echo "==> Installing the pinned environment (requirements.txt + constraints.txt)"
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt

echo "==> Letting JupyterLab serve the kit's chart library (no CDN needed)"
.venv/bin/aicollab jupyter enable

echo "==> Generating the learner exercise notebooks from the solutions"
.venv/bin/aicollab exercises generate

echo "==> Building the book (notebooks run once; later builds reuse the cache)"
# jupyter-cache re-executes a notebook only when its code changes. Lessons get their numbers
# from the aicollab package and datasets/, so when those (or the pinned environment) change,
# drop the cache: otherwise the book would show outputs computed by the old code.
kit_hash=$(cat requirements.txt constraints.txt $(find aicollab datasets -type f \( -name '*.py' -o -name '*.csv' -o -name '*.json' \) | sort) | sha256sum | cut -d' ' -f1)
if [ -d _build/.jupyter_cache ] && [ "$(cat _build/.kit-hash 2>/dev/null)" != "$kit_hash" ]; then
  echo "    (the package, data or environment changed: re-executing every notebook)"
  rm -rf _build/.jupyter_cache
fi
.venv/bin/jupyter-book --version | grep -q "Jupyter Book *: 1\." || { echo "Jupyter Book 1.x is required (found another version)." >&2; exit 1; }
# Sphinx copies static files only when it writes a page: if a vendored script or stylesheet
# changed and nothing else did, rebuild every page so the new files reach _build/html.
all_pages=""
for f in aicollab/display/static/*; do
  if [ -d _build/html/_static ] && ! cmp -s "$f" "_build/html/_static/$(basename "$f")"; then all_pages="--all"; fi
done
.venv/bin/jupyter-book build . -W --keep-going $all_pages
test -s _build/html/index.html || { echo "The build produced no HTML." >&2; exit 1; }
echo "$kit_hash" > _build/.kit-hash

echo
echo "Done. Open the book:   $(pwd)/_build/html/index.html"
echo "Open the lessons:      .venv/bin/jupyter lab notebooks/"
