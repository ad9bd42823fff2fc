"""The learner's side of the room poll: save one's answers to a small file."""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from .fileformat import MAX_BYTES, _canonical_id, _document, _short


def _slug(name: str | None) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", (name or "").casefold()).strip("-")
    return text[:30].strip("-") or "anonymous"


def _default_file_name(name: str | None, submission_id: str) -> str:
    return f"room-poll-{_slug(name)}-{submission_id[:8]}.json"


def _atomic_write(target: Path, data: bytes) -> None:
    """Write to a temporary file beside ``target``, then rename: no half-written file is left."""
    fd, tmp = tempfile.mkstemp(prefix=".room-poll-", suffix=".tmp", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def export_choices(
    weights: Mapping[str, float] | pd.Series | None = None,
    barrier_ranking: Iterable[str] | None = None,
    capstone: Mapping[str, Any] | None = None,
    name: str | None = None,
    path: str | os.PathLike | None = None,
    *,
    submission_id: str | None = None,
) -> Path:
    """Save a learner's answers to one small JSON file and return its path.

    ``weights``: importance weight per resource (0 to 100), e.g. the ``resources`` of a
    ``Partnership``. ``barrier_ranking``: barrier names, most important first (see
    :func:`barrier_names`); it may stop after a few. ``capstone``: question -> answer
    (text, a number, yes/no or a list). Any of the three may be left out, not all.
    ``name`` is optional; leave it out for an anonymous file.

    ``path``: a folder (the file gets a generated name there) or a file path; by default the
    current folder, i.e. the notebook's folder. ``submission_id``: reuse one to write the same
    submission again (a new id is made when it is omitted). The instructor counts one file per
    set of answers: two files under one id with *different* answers are both counted and
    flagged, so replace the earlier file rather than keeping both (:func:`export_button` does).

    Raises ``ValueError`` with every problem listed when an answer is invalid (nothing is
    written then) and ``FileNotFoundError`` when the target folder does not exist.
    """
    sid = _canonical_id(submission_id) if submission_id is not None else str(uuid.uuid4())
    if sid is None:
        raise ValueError(f"submission_id must be a UUID such as {uuid.UUID(int=0)}, got {_short(submission_id)!r}")
    created = datetime.now(UTC).isoformat(timespec="milliseconds")
    if barrier_ranking is not None and not isinstance(barrier_ranking, (str, bytes, Mapping, list, tuple)):
        try:
            barrier_ranking = list(barrier_ranking)  # e.g. a pandas Series or a generator
        except TypeError:
            pass  # reported as the wrong kind of value
    doc = _document(weights, barrier_ranking, capstone, name, sid, created)
    data = (json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")
    if len(data) > MAX_BYTES:
        raise ValueError(
            f"Your answers were not saved: the file would be {len(data) / 1024:.0f} KB and the "
            f"limit is {MAX_BYTES // 1024} KB. Shorten the longest capstone answers."
        )
    if path is None:
        target = Path.cwd() / _default_file_name(doc["name"], sid)
    else:
        p = Path(path).expanduser()
        target = p / _default_file_name(doc["name"], sid) if p.is_dir() else p
    if not target.parent.is_dir():
        raise FileNotFoundError(f"The folder {target.parent} does not exist; nothing was saved.")
    _atomic_write(target, data)
    return target.resolve()


_EXPORT_KEYS = ("weights", "barrier_ranking", "capstone", "name")


def _remove_replaced(last: dict[str, Any], written: Path) -> None:
    """After a new save under another file name (the learner typed a name), remove the file this
    button wrote before, but only if it is still exactly what the button wrote: one learner, one
    file, so the instructor never sees two versions of one submission from a single button."""
    old, data = last.get("path"), last.get("data")
    last["path"], last["data"] = written, written.read_bytes()
    if old is None or old == written:
        return
    try:
        if old.read_bytes() == data:
            old.unlink()
    except OSError:
        pass  # moved, changed or already gone: leave it as it is


def export_button(
    get_choices: Callable[[], Mapping[str, Any]],
    *,
    path: str | os.PathLike | None = None,
    description: str | None = None,
):
    """A button that saves the learner's current answers with one click.

    ``get_choices()`` is called at click time and returns a dict with any of the keys
    ``weights``, ``barrier_ranking``, ``capstone`` and ``name`` (as for
    :func:`export_choices`). Below the button a plain message says which file was written
    and in which folder, or why nothing was saved. Clicking again replaces the learner's
    earlier answers: every click of one button uses the same ``submission_id``.

    On the kit's workshop hub (:func:`aicollab.poll.send.room_target`) the button is "Send to
    the room" (whatever ``description``, the label for saving files, says): it sends the
    answers to the room poll, with a tick box to show one's hub name to the room. If the poll does not answer, the answers are saved to a file as above, so
    nothing is lost.

    Returns an ``ipywidgets.VBox`` holding the button and the message.
    """
    import ipywidgets as widgets

    from .send import NotSent, room_target, send_choices

    target = room_target()
    submission_id = str(uuid.uuid4())
    last: dict[str, Any] = {}  # the file this button wrote last, and its bytes
    button = widgets.Button(
        description="Send to the room" if target else (description or "Save my answers for the room poll"),
        icon="paper-plane" if target else "save",
        button_style="primary",
        tooltip=(
            "Sends your answers to the room poll; your instructor sees them arrive."
            if target
            else "Writes a small file with your answers; your instructor collects these files."
        ),
        layout=widgets.Layout(width="auto"),
    )
    show_name = widgets.Checkbox(
        value=False, indent=False, description=f"Show my hub name ({target.user}) to the room" if target else ""
    )
    status = widgets.HTML(value="")

    def say(lines: list[str]) -> None:
        status.value = "<div class='aicollab-poll-status' role='status'>" + "<br>".join(lines) + "</div>"

    def save(choices) -> Path:
        written = export_choices(**{k: choices.get(k) for k in _EXPORT_KEYS}, path=path, submission_id=submission_id)
        _remove_replaced(last, written)
        return written

    def on_click(_button=None) -> None:
        try:
            choices = get_choices()
            if choices is None:
                choices = {}
            if not isinstance(choices, Mapping):
                raise ValueError(f"get_choices() must return a dict, not {type(choices).__name__}")
            unknown = sorted(set(choices) - set(_EXPORT_KEYS))
            if unknown:
                raise ValueError(f"unexpected key(s) {', '.join(map(str, unknown))}; use {', '.join(_EXPORT_KEYS)}")
            if target is not None:
                try:
                    reply = send_choices(
                        **{k: choices.get(k) for k in ("weights", "barrier_ranking", "capstone")},
                        show_name=show_name.value or bool(choices.get("name")),
                        target=target,
                    )
                except NotSent as error:
                    written = save(choices)
                    say(
                        [
                            "<b>Not sent.</b>",
                            html.escape(str(error)),
                            f"Your answers were saved to <code>{html.escape(str(written))}</code> instead: "
                            "press the button again when the room poll answers, or give the file to your instructor.",
                        ]
                    )
                    return
                notes = [f"{html.escape(str(n[0]))}: {html.escape(str(n[2]))}" for n in reply.get("notes", [])]
                say(["<b>Sent to the room.</b>", html.escape(str(reply.get("message", "")))] + notes)
                return
            written = save(choices)
        except Exception as error:  # a learner sees a message, never a traceback
            message = str(error) if isinstance(error, (ValueError, OSError)) else f"{type(error).__name__}: {error}"
            say([f"<b>Not {'sent' if target else 'saved'}.</b>"] + [html.escape(line) for line in message.splitlines()])
            return
        say(
            [
                "<b>Saved.</b>",
                f"File: <code>{html.escape(written.name)}</code>",
                f"Folder: <code>{html.escape(str(written.parent))}</code>",
                "Give this file to your instructor. Clicking again replaces it with your new answers.",
            ]
        )

    button.on_click(on_click)
    return widgets.VBox([button, show_name, status] if target else [button, status])
