"""On the workshop hub: send a learner's answers to the room (the ``room-poll`` service).

A kernel knows it runs on a JupyterHub from the variables JupyterHub gives every learner's
server (``JUPYTERHUB_API_TOKEN``, ``JUPYTERHUB_USER``); the kit's workshop hub also says where
its room poll listens (``AICOLLAB_ROOM_POLL_URL``). With all three, :func:`room_target` names
the room and the save buttons become "Send to the room"; anywhere else it is None and they save
a file as before. The document sent is the room-poll file format, made by the same rules as a
saved file (:func:`aicollab.poll.fileformat._document`); the service keys it by the hub user
the token belongs to, so the id and name inside cannot speak for anyone else.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from .fileformat import MAX_BYTES, _document

TIMEOUT = 20.0


@dataclass(frozen=True)
class RoomTarget:
    """Where and as whom this kernel sends answers."""

    url: str  # the service's address, ending in "/"
    token: str = ""
    user: str = ""

    def __repr__(self) -> str:  # never print the token
        return f"RoomTarget(url={self.url!r}, user={self.user!r})"


def room_target(environ: Mapping[str, str] | None = None) -> RoomTarget | None:
    """The room poll this kernel can send to, or None when it is not on the kit's workshop hub."""
    env = os.environ if environ is None else environ
    url, token, user = (
        env.get(k, "").strip() for k in ("AICOLLAB_ROOM_POLL_URL", "JUPYTERHUB_API_TOKEN", "JUPYTERHUB_USER")
    )
    if not (url and token and user) or not url.startswith(("http://", "https://")):
        return None
    return RoomTarget(url.rstrip("/") + "/", token, user)


class NotSent(OSError):
    """The room poll could not be reached or did not answer; the message says what to do."""


def send_document(document: Mapping[str, Any], target: RoomTarget) -> dict:
    """POST one room-poll document; returns the service's reply (``message``, ``submission``, ``notes``).

    Raises ``ValueError`` with the service's plain message when it refused the answers (400,
    413), :class:`NotSent` when it could not be reached or failed.
    """
    data = json.dumps(document, ensure_ascii=False, allow_nan=False).encode("utf-8")
    request = urllib.request.Request(
        target.url + "api/submissions",
        data=data,
        method="POST",
        headers={"Authorization": f"token {target.token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as reply:
            return json.loads(reply.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            message = json.loads(error.read() or b"{}").get("message") or error.reason
        except (ValueError, AttributeError):
            message = str(error.reason)
        if error.code in (400, 413):
            raise ValueError(f"The room poll did not accept your answers: {message}") from None
        raise NotSent(f"The room poll answered {error.code}: {message}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise NotSent(f"The room poll did not answer ({reason}).") from None


def send_choices(
    weights: Mapping[str, float] | pd.Series | None = None,
    barrier_ranking: Iterable[str] | None = None,
    capstone: Mapping[str, Any] | None = None,
    show_name: bool = False,
    *,
    target: RoomTarget | None = None,
) -> dict:
    """Send a learner's answers to the room poll and return its reply (see :func:`send_document`).

    The answers are checked by the same rules as :func:`aicollab.poll.export_choices` (a
    ``ValueError`` lists every problem; nothing is sent then). ``show_name``: let the room see
    your hub name beside your answers (otherwise they are anonymous to the room). Sending
    again replaces your earlier answers. Raises :class:`NotSent` off the hub or when the poll
    does not answer.
    """
    target = target or room_target()
    if target is None:
        raise NotSent("This is not the workshop hub: save your answers with export_choices() instead.")
    if barrier_ranking is not None and not isinstance(barrier_ranking, (str, bytes, Mapping, list, tuple)):
        try:
            barrier_ranking = list(barrier_ranking)
        except TypeError:
            pass
    created = datetime.now(UTC).isoformat(timespec="milliseconds")
    name = target.user if show_name else None
    try:
        document = _document(weights, barrier_ranking, capstone, name, str(uuid.uuid4()), created)
    except ValueError as error:  # the file format's rules, worded for sending
        raise ValueError(str(error).replace("were not saved", "were not sent", 1)) from None
    if len(json.dumps(document, ensure_ascii=False).encode("utf-8")) > MAX_BYTES:
        raise ValueError(
            f"Your answers were not sent: they are larger than {MAX_BYTES // 1024} KB. Shorten the longest capstone answers."
        )
    return send_document(document, target)
