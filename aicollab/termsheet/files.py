"""Saving and opening term-sheet files: the JSON draft and the printable summary."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from aicollab.inputs import InputError, bounded

from .boundary import check_size, file_label, read_json
from .draft import TermSheet
from .rulebook import RULEBOOK, fill
from .summary import summary_html


def save_summary(term_sheet: TermSheet, path, findings: pd.DataFrame | None = None) -> Path:
    """Write :func:`summary_html` to ``path`` (a file name ending in .html); return the path.

    Open the file in a browser to read it, print it (Ctrl+P or Cmd+P) or save it as PDF.
    Raises ValueError if the path does not end in .html or its folder does not exist.
    """
    if not isinstance(path, (str, Path)) or not str(path).strip():
        raise ValueError("give a file name ending in .html, e.g. 'my_term_sheet.html'")
    p = Path(path).expanduser()
    if p.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"the summary is an HTML page: use a file name ending in .html (got {str(path)!r})")
    if not p.parent.exists():
        raise ValueError(f"the folder {str(p.parent)!r} does not exist; save next to the notebook or create it first")
    if p.is_dir():
        raise ValueError(f"{str(p)!r} is a folder; give a file name ending in .html")
    p.write_text(summary_html(term_sheet, findings), encoding="utf-8")
    return p


def save_draft(term_sheet: TermSheet, path) -> Path:
    """Write the draft in the kit's JSON draft format (see :meth:`TermSheet.from_dict`); return the path.

    The book's kernel-free form opens such a file with "Open a saved draft", and
    :func:`load_draft` reads it back. Raises ValueError for a name not ending in .json or a
    missing folder.
    """
    if not isinstance(term_sheet, TermSheet):
        raise ValueError("save_draft() expects a TermSheet")
    if not isinstance(path, (str, Path)) or not str(path).strip():
        raise ValueError("give a file name ending in .json, e.g. 'my_draft.json'")
    p = Path(path).expanduser()
    if p.suffix.lower() != ".json":
        raise ValueError(f"a draft is saved as JSON: use a file name ending in .json (got {str(path)!r})")
    if not p.parent.exists():
        raise ValueError(f"the folder {str(p.parent)!r} does not exist; save next to the notebook or create it first")
    p.write_text(json.dumps(term_sheet.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return p


def read_draft(data: bytes, file: str = "draft.json") -> TermSheet:
    """A draft from a file's bytes (``file`` names it in messages): the rulebook's file rules, then
    :meth:`TermSheet.from_dict`. The book's form reads a chosen file in exactly the same way."""
    value = read_json(data, file)
    try:
        return TermSheet.from_dict(value)
    except ValueError as exc:
        message = fill(RULEBOOK["file"]["messages"]["not_opened"], {"file": file_label(file), "message": str(exc)})
        raise InputError(bounded(message)) from None


def load_draft(path) -> TermSheet:
    """Open a draft saved by the book's form ("Download my draft") or by :func:`save_draft`.

    Every problem is a ValueError with a plain message that names the file: no such file, too
    big, not text, not JSON (or nested too deeply, a key given twice, a number too large), or a
    draft the kit cannot use (the message of :meth:`TermSheet.from_dict`, e.g. shares that do
    not add up to 100). UTF-8 with or without a byte-order mark and UTF-16 with one (Windows
    Notepad's "Unicode") are read. The file itself is never changed.
    """
    if not isinstance(path, (str, Path)) or not str(path).strip():
        raise ValueError("give the path of a draft file, e.g. 'term-sheet-draft-my-partnership.json'")
    p = Path(path).expanduser()
    if not p.is_file():
        raise ValueError(
            f"there is no file {str(path)!r}; put the downloaded draft next to this notebook "
            "(drag it into JupyterLab's file browser) and give its name"
        )
    check_size(p.stat().st_size, p.name)
    return read_draft(p.read_bytes(), p.name)
