"""A deterministic demo folder of poll files (good and broken) for the instructor notebook."""

from __future__ import annotations

import json
import os
import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aicollab.model.rules import rule_label

from .export import _default_file_name
from .fileformat import FORMAT_VERSION, KIT_MARKER
from .vocabulary import _FALLBACK_RESOURCES, barrier_names

_DEMO_README = """# Demo poll folder

Example room-poll files for `90_room_poll.ipynb`. They are invented: no real learner wrote them.
Some are broken on purpose (cut short, too big, another tool's file, a picture, a sub-folder,
copies) so that the notebook's list of skipped files has something to show.

Regenerate (the files come out byte for byte the same):

    aicollab poll demo notebooks/room_poll_demo
"""

# The answers lesson 6's term sheet gives (aicollab.termsheet.POLL_RULE_ANSWERS).
_DEMO_RULES = [
    rule_label(k, "poll_answer") for k in ("shapley", "proportional", "proportional", "equal", "nash", "negotiated")
]
_DEMO_CONDITIONS = [
    "Clinicians named as co-inventors when their labels shaped the product",
    "Data stays on hospital servers; the company trains on-site",
    "A free licence for the hospital that supplied the data",
    "Revenue share reviewed every two years",
    "An independent clinical validation before any sale",
    "Publication rights for the research team, after a short delay",
]


def _demo_documents() -> list[tuple[str, bytes]]:
    rng = random.Random(20260112)
    resources = list(_FALLBACK_RESOURCES)
    barriers = barrier_names()
    # A room that leans towards the legal and standards problems, with individual variety.
    tilt = {b: 1.0 for b in barriers}
    for b, extra in (
        ("legal", 3.0),
        ("standards", 2.5),
        ("data_access", 2.0),
        ("translation", 1.5),
        ("credibility", 1.0),
    ):
        if b in tilt:
            tilt[b] += extra
    start = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    def ranking(k: int) -> list[str]:
        pool = list(barriers)
        chosen = []
        for _ in range(k):
            weights = [tilt[b] for b in pool]
            pick = rng.choices(pool, weights=weights)[0]
            pool.remove(pick)
            chosen.append(pick)
        return chosen

    def doc(i: int, *, weights=True, rank=True, capstone=True, name=None) -> dict[str, Any]:
        d: dict[str, Any] = {
            "kit": KIT_MARKER,
            "version": FORMAT_VERSION,
            "submission_id": new_id(),
            "created": (start + timedelta(minutes=i, seconds=rng.randrange(60))).isoformat(timespec="milliseconds"),
            "name": name,
        }
        w = {r: float(rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5])) for r in resources}
        w["Image data sharing"] = float(rng.choice([3, 4, 5, 5]))
        w["Algorithm development"] = float(rng.choice([2, 3, 4, 5]))
        d["weights"] = w if weights else {}
        d["barrier_ranking"] = ranking(rng.choice([3, 4, 5, 5])) if rank else []
        d["capstone"] = (
            {
                "Which sharing rule would you propose?": rng.choice(_DEMO_RULES),
                "Share for the clinicians (%)": rng.choice([15, 20, 20, 25, 25, 30, 35]),
                "Joint steering committee": rng.random() < 0.8,
                "One condition you would insist on": rng.choice(_DEMO_CONDITIONS),
            }
            if capstone
            else {}
        )
        return d

    def dump(d: Any) -> bytes:
        return (json.dumps(d, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    files: list[tuple[str, bytes]] = []
    names = [None, None, "Team Kestrel", None, None, None, "Priya", None, None, None, None, None, None, None]
    docs = []
    for i, name in enumerate(names):
        d = doc(i, name=name, weights=i not in (4,), rank=i not in (9, 12), capstone=i not in (5, 9))
        docs.append(d)
        files.append((_default_file_name(d["name"], d["submission_id"]), dump(d)))

    # Values left out one by one: the rest of this file still counts.
    messy = doc(20)
    messy["weights"].update({"Funding": -2.0, "Clinical information": float("nan"), "Engineering and compute": "3"})
    # Survey wording and labels are accepted; an unknown, a repeated and an unmapped entry are not.
    messy["barrier_ranking"] = [
        "Lack of legal guidelines",
        "Too many meetings",
        "legal",
        "Policy support",
        "Industry standards",
    ]
    messy["capstone"]["Draw the deal"] = {"sketch": "see whiteboard"}
    files.append((_default_file_name(None, messy["submission_id"]), dump(messy)))

    # Typed by hand: no id, no date; still counted, under an id made from its content.
    by_hand = {
        "kit": KIT_MARKER,
        "version": 1,
        "weights": {"image data sharing": 5, "Clinical needs and issues": 4, "Funding": 1},
    }
    files.append(("room-poll-typed-by-hand.json", dump(by_hand)))

    # Duplicates: a browser's "(1)" copy of a file, and an older save of the same submission.
    first_name, first_bytes = files[0]
    files.append((first_name.replace(".json", " (1).json"), first_bytes))
    older = json.loads(files[1][1])
    older["created"] = (start - timedelta(minutes=30)).isoformat(timespec="milliseconds")
    older["barrier_ranking"] = older["barrier_ranking"][:1]
    files.append((files[1][0].replace(".json", " (2).json"), dump(older)))

    # Files that are skipped, each for its own reason.
    cut = dump(doc(30))
    files.append(("room-poll-cut-short.json", cut[: len(cut) * 3 // 5]))
    essay = doc(31)
    essay["capstone"]["One condition you would insist on"] = " ".join(
        ["A long essay pasted into the answer box."] * 1800
    )
    files.append(("room-poll-essay.json", dump(essay)))
    files.append(("settings.json", dump({"theme": "JupyterLab Light", "fontSize": 14})))
    files.append(("quiz-answers.json", dump({"kit": "another-quiz-tool", "version": 1, "answers": [2, 1, 4]})))
    newer = doc(32)
    newer["version"] = 2
    files.append(("room-poll-from-the-future.json", dump(newer)))
    empty_answers = {
        "kit": KIT_MARKER,
        "version": 1,
        "submission_id": new_id(),
        "weights": "lots",
        "barrier_ranking": "all of them",
        "capstone": [],
    }
    files.append(("room-poll-no-answers.json", dump(empty_answers)))
    files.append(("notes.txt", b"Ask the room about the 4% in Table 9 before the break.\n"))
    png = b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(600))
    files.append(("screenshot.png", png))
    files.append(("README.md", _DEMO_README.encode("utf-8")))
    files.append(("earlier-session/" + _default_file_name(None, new_id()), dump(doc(40))))
    return files


def write_demo_folder(folder: str | os.PathLike) -> list[Path]:
    """Write the deterministic demo submissions (good and bad files) into ``folder``.

    The same call always writes the same bytes. Used to make ``notebooks/room_poll_demo``.
    """
    root = Path(folder)
    written = []
    for relative, data in _demo_documents():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written
