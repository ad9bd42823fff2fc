"""Re-execute notebooks and store their outputs: the deliberate way to change what nbval expects.

nbval compares each cell's fresh output with the output stored in the notebook. When a lesson
changes on purpose, run this script, look at the diff (``git diff notebooks/``), and commit.

It executes every notebook in ``notebooks/`` and ``solutions/`` (or the paths given) top to
bottom in a fresh kernel, from the notebook's own folder, with ``PYTHONHASHSEED=0`` (the
test command uses the same seed, so printed sets and dicts come out in the same order), then
normalises the metadata so that diffs show only real changes.

Usage:
    aicollab outputs regenerate                          # every lesson and solution
    aicollab outputs regenerate notebooks/02_reading_the_survey.ipynb
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

#: The checkout this package lives in (an editable install); ``--root`` overrides it.
ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("notebooks", "solutions")
KERNEL = "python3"


def normalise(nb: nbformat.NotebookNode) -> None:
    """Keep only the metadata that matters, so a re-run changes nothing it need not."""
    nb.metadata = nbformat.from_dict(
        {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": KERNEL},
            "language_info": {"name": "python"},
            **({"aicollab": nb.metadata["aicollab"]} if "aicollab" in nb.metadata else {}),
        }
    )
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell["id"] = cell.get("id") or f"cell-{i}"
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=300,
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
    )
    client.execute()
    normalise(nb)
    nbformat.write(nb, path)
    return time.perf_counter() - start


def targets(args: list[str], root: Path = ROOT) -> list[Path]:
    """The notebooks named in ``args``, or every notebook in ``notebooks/`` and ``solutions/``."""
    if args:
        return [Path(a).resolve() for a in args]
    return sorted(p for folder in FOLDERS for p in (root / folder).glob("*.ipynb"))


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def main(argv: list[str], root: Path | None = None) -> int:
    """Run each notebook and store its outputs; 1 when any notebook failed (each is reported)."""
    root = (root or ROOT).resolve()
    os.environ["PYTHONHASHSEED"] = "0"
    paths = targets(argv, root)
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"No notebook at {missing[0]}", file=sys.stderr)
        return 2
    failed = []
    for path in paths:
        try:
            seconds = run(path)
            print(f"ok    {seconds:5.1f}s  {_shown(path, root)}")
        except Exception as error:  # report every notebook, then fail
            failed.append(path)
            print(f"FAIL         {_shown(path, root)}: {type(error).__name__}: {str(error)[:500]}")
    return 1 if failed else 0
