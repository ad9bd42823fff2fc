"""The input boundary: every learner's file, typed value and name passes here first.

One boundary per format (room-poll file, term-sheet draft, data file, model argument), shared
by every reader of that format, so that nothing a learner can type or hand in produces a
traceback, a blank chart or a silently wrong number (issue 17).

Rules as data
-------------
Every limit and character class lives in ``aicollab/inputs/rules.json`` (installed with the
package), read by :mod:`~aicollab.inputs.rules`. The kernel-free browser tools get the same
file as JSON (:func:`browser_rules`) and apply the same table, so Python and the browser
refuse the same inputs. The file holds:

- ``formats``: per file format, ``max_bytes``, ``max_depth`` (JSON nesting), whether UTF-16
  is accepted, and whether duplicate keys, bad numbers and broken text are refused or
  flagged (the room poll flags: it reads what it can and reports the rest);
- ``numbers``: the largest number literal a file may hold (``max_digits``, ``max_abs``);
- ``byte_order_marks``: the one encoding rule (see :mod:`~aicollab.inputs.files`);
- ``characters`` and ``text_kinds``: which characters a name or a free text refuses
  (control, zero-width and other format characters, bidirectional controls, blank-looking
  letters, lone surrogates), as explicit code-point ranges (not the running Python's or
  browser's Unicode tables, which differ by version);
- ``messages``: the longest message (400 characters), the longest quoted excerpt (60), and
  the characters a sentence may end with.

What each module does
---------------------
- :mod:`~aicollab.inputs.files`: bytes to text (size, byte-order mark, strict UTF-8, no NUL),
  then JSON to values through the pre-scan (:mod:`~aicollab.inputs.jsonscan`: depth,
  duplicate keys, huge numbers, NaN/Infinity, without recursion);
- :mod:`~aicollab.inputs.text`: NFC, refused characters named in the message
  (:func:`check_text`) or removed and reported (:func:`clean_text`), the comparison key under
  which two names are twins;
- :mod:`~aicollab.inputs.messages`: how a refusal quotes a value (:func:`excerpt`), writes a
  number (:func:`number_text`, as JavaScript's ``String``), ends a sentence (:func:`sentence`)
  and prints to a terminal (:func:`printable`);
- :mod:`~aicollab.inputs.numbers`: any value to a finite float, with plain refusals;
- :mod:`~aicollab.inputs.errors`: :class:`InputError`, the ``ValueError`` every check raises,
  whose message names the file, line and field and is bounded in length.

This package imports nothing else of the kit: the model, the data loaders, the poll and the
term sheet all build on it.
"""

from .errors import InputError
from .files import BadNumber, Note, check_size, decode_bytes, find_broken_text, parse_json, read_bytes, read_json
from .jsonscan import Problem, Scan, path_text, scan
from .messages import bounded, char_label, excerpt, kind_of, number_text, printable, sentence
from .numbers import bounded_number, finite_number
from .rules import browser_rules, char_pattern, char_ranges, format_rules, message_rules, number_rules, rules
from .text import check_text, clean_text, comparison_key, nfc

__all__ = [
    "InputError",
    "BadNumber",
    "Note",
    "Problem",
    "Scan",
    "bounded",
    "bounded_number",
    "browser_rules",
    "char_label",
    "char_pattern",
    "char_ranges",
    "check_size",
    "check_text",
    "clean_text",
    "comparison_key",
    "decode_bytes",
    "excerpt",
    "find_broken_text",
    "finite_number",
    "format_rules",
    "kind_of",
    "message_rules",
    "nfc",
    "number_rules",
    "number_text",
    "parse_json",
    "path_text",
    "printable",
    "read_bytes",
    "read_json",
    "rules",
    "scan",
    "sentence",
]
