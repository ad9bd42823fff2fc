"""Re-execute notebooks and store their outputs: the deliberate way to change what nbval expects.

nbval compares each cell's fresh output with the output stored in the notebook. When a lesson
changes on purpose, run this script, look at the diff (``git diff notebooks/``), and commit.

It executes every notebook in ``notebooks/`` and ``solutions/`` (or the paths given) top to
bottom in a fresh kernel, from the notebook's own folder, with ``PYTHONHASHSEED=0`` (the
test command uses the same seed, so printed sets and dicts come out in the same order), then
normalises the metadata so that diffs show only real changes.

Usage:
    python scripts/regenerate_outputs.py                 # every lesson and solution
    python scripts/regenerate_outputs.py notebooks/02_reading_the_survey.ipynb
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
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


def targets(args: list[str]) -> list[Path]:
    if args:
        return [Path(a).resolve() for a in args]
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).glob("*.ipynb"))


def main(argv: list[str]) -> int:
    os.environ["PYTHONHASHSEED"] = "0"
    failed = []
    for path in targets(argv):
        try:
            seconds = run(path)
            print(f"ok    {seconds:5.1f}s  {path.relative_to(ROOT)}")
        except Exception as error:  # report every notebook, then fail
            failed.append(path)
            print(f"FAIL         {path.relative_to(ROOT)}: {type(error).__name__}: {str(error)[:500]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
