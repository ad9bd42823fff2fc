"""The room poll: each learner saves their answers to a small file; the instructor reads them all.

How it works in a workshop
--------------------------
1. A learner clicks the button made by :func:`export_button` (or calls
   :func:`export_choices`). Their answers (importance weights per resource, their ranking of
   the barriers to collaboration, their capstone answers) are written to one small JSON file
   in the notebook's folder, and the button says which file and where.
2. Learners hand the files over (upload to a shared folder, the hub's shared drive, e-mail,
   a USB stick). The instructor puts them all in one folder, e.g. ``room_poll_inbox/``.
3. The instructor runs :func:`collect` on that folder (``notebooks/90_room_poll.ipynb``)
   and shows the room's answers beside the survey's figures with :func:`weights_chart` and
   :func:`barriers_chart`.

The file format (version 1)
---------------------------
A JSON object, at most 64 KB::

    {"kit": "aicollab-room-poll", "version": 1,
     "submission_id": "<uuid4>", "created": "2026-11-22T10:15:00+00:00",
     "name": null,
     "weights": {"Image data sharing": 3.0, ...},             # 0 to 100 each
     "barrier_ranking": ["legal", "standards", ...],           # most important first
     "capstone": {"<question>": "<answer>", ...}}

Reading rules (what :func:`collect` keeps and what it leaves out)
-----------------------------------------------------------------
The rule is: no valid answer is lost, nothing invalid is counted, and every file that is
not counted is listed with a plain reason.

* Only regular files directly inside the folder are read. Sub-folders, shortcuts (symbolic
  links) and special files are listed in ``skipped``; files are opened read-only and never
  changed, moved or deleted.
* Every file passes the kit's input boundary (:mod:`aicollab.inputs`, limits in its
  ``rules.json``): UTF-8 (a byte-order mark, or UTF-16 with a mark, is fine); JSON nested at
  most 8 levels. A file is skipped (and listed) when it is larger than 64 KB, not text (another
  encoding, binary data), not JSON, not a room-poll file (no ``"kit": "aicollab-room-poll"``
  marker), of another format version, or when it holds no usable answer at all.
* Text is cleaned, never trusted: names, resources and questions are NFC-normalised and their
  invisible characters (zero-width, bidirectional controls, control characters) removed, with
  a ``rejected`` row saying so; resources that differ only in case, width, spacing or such
  characters are one resource ("Funding\u200b" counts as "Funding"). A value holding a broken
  character (a lone surrogate) is left out with a reason. File names are shown escaped.
* A key given twice in one object counts once (the first value), with a ``rejected`` row. A
  number literal out of range (over 20 digits, beyond 10^15, NaN, Infinity) is a bad value.
* ``created`` is believed only in the kit's own form, from 2020 to a few minutes after the
  moment of reading; otherwise it is ignored with a ``rejected`` row ("in the future").
* A *partial* file still counts for what it has: a file with weights but no ranking adds
  its weights; the missing parts are named in the ``missing`` column of ``submissions``.
* Barrier names are the kit's ten shared barriers of lesson 3 (:mod:`aicollab.lessons.barriers`),
  e.g. ``"legal"``; their labels and the survey's own option wording are accepted too.
* Bad values are left out one by one, each with a reason in ``rejected``: a negative, NaN,
  infinite, non-numeric or over-100 weight; an unknown or repeated barrier name; a capstone
  answer that is not text, a number, yes/no or a list of those. The other values of the same
  file still count. In a ranking with a dropped entry, the remaining barriers keep their
  order and are renumbered 1, 2, 3... . Blank capstone answers count as unanswered.
* Ids are compared canonically (case, braces and ``urn:uuid:`` ignored; an unusual spelling
  is flagged). Files with the same ``submission_id`` and the same answers count once: the
  others are listed as identical copies (the shortest file name is counted, usually the
  original rather than its "(1)" copy). Files with the same ``submission_id`` but *different*
  answers never hide each other: each is counted (the later ones as ``<id>~2``, ``<id>~3``,
  in order of their believed ``created``), each gets a ``rejected`` row, they are listed in
  ``conflicts``, and :meth:`PollResult.summary` warns first. A file without a valid
  ``submission_id`` is still counted, under an id made from its bytes, so byte-identical
  copies of it count once.
* :func:`read_submission` applies all of this to one file's bytes (the hub's poll service
  uses it for each upload).

Everything here is plain Python + pandas + Altair; only :func:`export_button` needs
ipywidgets (imported when called). The barrier list and the survey's figures come from
:mod:`aicollab.lessons.barriers` and :mod:`aicollab.data`.
"""

from .collect import (
    CAPSTONE_COLUMNS,
    CONFLICT_COLUMNS,
    RANKING_COLUMNS,
    REJECTED_COLUMNS,
    SKIPPED_COLUMNS,
    SUBMISSION_COLUMNS,
    WEIGHT_COLUMNS,
    PollResult,
    collect,
)
from .demo import write_demo_folder
from .export import export_button, export_choices
from .fileformat import (
    FIELDS,
    FORMAT_VERSION,
    KIT_MARKER,
    MAX_ANSWER_CHARS,
    MAX_BYTES,
    MAX_ITEMS,
    MAX_KEY_CHARS,
    MAX_NAME_CHARS,
    MAX_WEIGHT,
    TOP_N,
    Submission,
    read_submission,
)
from .summary import barrier_comparison, barriers_chart, room_borda, weight_summary, weights_chart
from .vocabulary import barrier_labels, barrier_names, known_resources, survey_barriers

__all__ = [
    "FIELDS",
    "MAX_ITEMS",
    "MAX_KEY_CHARS",
    "MAX_NAME_CHARS",
    "MAX_ANSWER_CHARS",
    "SUBMISSION_COLUMNS",
    "WEIGHT_COLUMNS",
    "RANKING_COLUMNS",
    "CAPSTONE_COLUMNS",
    "SKIPPED_COLUMNS",
    "REJECTED_COLUMNS",
    "CONFLICT_COLUMNS",
    "KIT_MARKER",
    "FORMAT_VERSION",
    "MAX_BYTES",
    "MAX_WEIGHT",
    "TOP_N",
    "PollResult",
    "Submission",
    "read_submission",
    "survey_barriers",
    "barrier_names",
    "barrier_labels",
    "known_resources",
    "export_choices",
    "export_button",
    "collect",
    "weight_summary",
    "barrier_comparison",
    "room_borda",
    "weights_chart",
    "barriers_chart",
    "write_demo_folder",
]
