"""The presenter parts of the notebooks work as slides with jupyterlab-rise.

RISE reads ``cell.metadata.slideshow.slide_type`` (slide, subslide, fragment, skip, notes,
or "-" for "continue the current slide"). A notebook is a usable deck when its first cell
starts a slide and at least one cell is a slide. See book/facilitator/slides.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
#: Lessons are notebooks/00_*.ipynb ... 89_*; instructor notebooks are 90_* and above.
LESSON = re.compile(r"^[0-8]\d_.+\.ipynb$")
DECK = re.compile(r"^\d\d_.+\.ipynb$")
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def decks() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb") if DECK.match(p.name))


def slide_type(cell) -> str | None:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


def test_lesson_notebooks_are_present():
    """Every lesson the book lists is a deck here (the slide checks below would pass on none)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    listed = {
        Path(ch["file"]).name + ".ipynb"
        for part in toc["parts"]
        for ch in part["chapters"]
        if ch["file"].startswith("notebooks/") and LESSON.match(Path(ch["file"]).name + ".ipynb")
    }
    lessons = {p.name for p in decks() if LESSON.match(p.name)}
    assert len(listed) >= 7, f"the table of contents lists only {sorted(listed)} as lessons"
    assert lessons == listed, f"lesson notebooks on disk {sorted(lessons)} differ from _toc.yml {sorted(listed)}"


@pytest.mark.parametrize("path", decks(), ids=lambda p: p.name)
def test_notebook_is_a_slide_deck(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells, f"{path.name} has no cells"
    types = [slide_type(c) for c in nb.cells]
    assert types[0] == "slide", (
        f"{path.name}: the first cell must start a slide; give it the metadata "
        '{"slideshow": {"slide_type": "slide"}} (JupyterLab: select the cell, press Shift+I, or use the '
        "property inspector's Slide Type)"
    )
    assert "slide" in types
    unknown = sorted({t for t in types if t is not None} - SLIDE_TYPES)
    assert not unknown, f"{path.name}: unknown slide types {unknown}; use one of {sorted(SLIDE_TYPES)}"
