"""The JupyterLab-only sources-and-terms cell (aicollab.tools.labnotes) is generated and up to date.

jupyterlab-myst resolves {term} only against a {glossary} in the same notebook and cannot read a
bibliography, so each lesson that uses terms or citations ends with a generated cell holding
them; the book drops it (tag remove-cell). These tests keep the committed cells in sync with
book/glossary.md and book/references.bib, and check the generator's rules on small notebooks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from aicollab import cli
from aicollab.tools import labnotes

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = labnotes.Glossary.read(ROOT / labnotes.GLOSSARY_MD)
BIB = ROOT / labnotes.REFERENCES_BIB


def _nb(*markdown: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(m) for m in markdown] + [nbformat.v4.new_code_cell("1 + 1")]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    return nb


def test_committed_notebooks_have_up_to_date_notes():
    stale = labnotes.stale_files(ROOT)
    assert not stale, (
        "the JupyterLab sources-and-terms cell is out of date in: "
        + ", ".join(stale)
        + "\nRun: aicollab lab-notes generate  (then review and commit)"
    )


def test_lessons_that_cite_or_use_terms_end_with_the_notes_cell():
    with_notes = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        uses = labnotes.terms_used(labnotes._markdown(nb)) or labnotes.keys_cited(labnotes._markdown(nb))
        last = nb.cells[-1]
        has_notes = labnotes.TAG in last.metadata.get("tags", [])
        assert has_notes == bool(uses), path.name
        if has_notes:
            with_notes.append(path.name)
            assert "remove-cell" in last.metadata["tags"], "the book must drop the cell"
            assert last.metadata["slideshow"] == {"slide_type": "skip"}
            assert "http" not in last.source, "no links: jupyterlab-myst fetches previews of them from other hosts"
    assert len(with_notes) >= 5, with_notes  # lessons 00-06 cite the survey


def test_glossary_is_read_from_the_book():
    assert len(GLOSSARY.terms) >= 20
    assert GLOSSARY.lookup("shapley   VALUE") == "Shapley value"
    assert GLOSSARY.terms["Upfront fee"].startswith("A fixed payment made when an agreement is signed.")
    assert "\n" not in GLOSSARY.terms["Upfront fee"]


def test_terms_pull_in_the_terms_and_sources_their_definitions_use():
    nb = _nb("Split with {term}`Nash bargaining`, cite {cite:t}`ye2026collaborations`.")
    source = labnotes.notes_source(nb, GLOSSARY, BIB)
    glossary = source.split("```{glossary}\n", 1)[1]
    # Nash bargaining's definition links to outside option and bargaining power (which links back):
    for entry in ("Nash bargaining\n: ", "Outside option\n: ", "Bargaining power\n: "):
        assert entry in glossary, entry
    # ... and cites Nash (1950), which is listed with the lesson's own citation.
    assert "- `nash1950bargaining`: J\\. F\\. Nash\\." in source
    assert "- `ye2026collaborations`: J\\. Ye" in source
    assert "doi" not in source.lower()


def test_role_forms_are_recognised():
    text = "{term}`outside options <outside option>`, {term}`Core`, {cite:p}`nhse2023vsf, credit2022` {cite}`icmje`"
    assert labnotes.terms_used([text]) == ["outside option", "Core"]
    assert labnotes.keys_cited([text]) == ["nhse2023vsf", "credit2022", "icmje"]


def test_refresh_adds_updates_and_removes_the_cell_and_is_idempotent():
    nb = _nb("A {term}`core` allocation.")
    assert labnotes.refresh(nb, GLOSSARY, BIB)
    assert nb.cells[-1].id == labnotes.CELL_ID and "Core\n: " in nb.cells[-1].source
    assert not labnotes.refresh(nb, GLOSSARY, BIB), "a second run must change nothing"
    nb.cells[0].source = "A {term}`coalition`."
    assert labnotes.refresh(nb, GLOSSARY, BIB)
    assert "Coalition\n: " in nb.cells[-1].source and "Core\n: " not in nb.cells[-1].source
    assert sum(labnotes.TAG in c.metadata.get("tags", []) for c in nb.cells) == 1
    nb.cells[0].source = "No roles any more."
    assert labnotes.refresh(nb, GLOSSARY, BIB)
    assert not any(labnotes.TAG in c.metadata.get("tags", []) for c in nb.cells)
    assert not labnotes.refresh(nb, GLOSSARY, BIB)


def test_a_moved_notes_cell_goes_back_to_the_end():
    nb = _nb("A {term}`core` allocation.")
    labnotes.refresh(nb, GLOSSARY, BIB)
    nb.cells.insert(0, nb.cells.pop())
    assert labnotes.refresh(nb, GLOSSARY, BIB)
    assert nb.cells[-1].id == labnotes.CELL_ID


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("{term}`no such term`", "{term}`no such term` is not in the glossary"),
        ("{cite:p}`nobody2099`", "cited keys not in book/references.bib: nobody2099"),
    ],
)
def test_unknown_terms_and_keys_are_named(markdown, message):
    with pytest.raises(labnotes.LabNotesError, match=message.replace("{", r"\{").replace("}", r"\}")):
        labnotes.notes_source(_nb(markdown), GLOSSARY, BIB, "x.ipynb")


def _copy_kit(tmp_path: Path) -> Path:
    for folder in ("notebooks", "solutions"):
        (tmp_path / folder).mkdir()
        for path in (ROOT / folder).glob("*.ipynb"):
            shutil.copy(path, tmp_path / folder / path.name)
    (tmp_path / "book").mkdir()
    for rel in (labnotes.GLOSSARY_MD, labnotes.REFERENCES_BIB):
        shutil.copy(ROOT / rel, tmp_path / rel)
    return tmp_path


def test_cli_check_finds_a_stale_lesson_and_generate_fixes_it(tmp_path, capsys):
    root = _copy_kit(tmp_path)
    lesson = root / "notebooks" / "04_value_and_ip.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    next(c for c in nb.cells if c.cell_type == "markdown").source += "\n\nSee also the {term}`upfront fee`."
    nbformat.write(nb, lesson)
    assert cli.main(["lab-notes", "check", "--root", str(root)]) == 1
    assert "notebooks/04_value_and_ip.ipynb" in capsys.readouterr().out
    assert cli.main(["lab-notes", "generate", "--root", str(root)]) == 0
    assert "wrote      notebooks/04_value_and_ip.ipynb" in capsys.readouterr().out
    assert "Upfront fee\n: " in nbformat.read(lesson, as_version=4).cells[-1].source
    assert cli.main(["lab-notes", "check", "--root", str(root)]) == 0


def test_cli_reports_an_unknown_term_without_a_traceback(tmp_path, capsys):
    root = _copy_kit(tmp_path)
    lesson = root / "notebooks" / "00_welcome.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    next(c for c in nb.cells if c.cell_type == "markdown").source += "\n\nA {term}`flux capacitor`."
    nbformat.write(nb, lesson)
    assert cli.main(["lab-notes", "check", "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert "notebooks/00_welcome.ipynb: {term}`flux capacitor` is not in the glossary" in err
    assert "Traceback" not in err
