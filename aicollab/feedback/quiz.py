"""Kernel-free self-check questions that give feedback in the book and in JupyterLab.

A clinician reading the static book has no Python kernel, so a self-check cannot call
Python. ``multiple_choice`` therefore renders a small HTML form with each option's feedback
as JSON; the kit's ``static/quiz.js`` computes the feedback in the browser (no library, no
network; see :mod:`aicollab.display.render` for how it is loaded). The same output works in
JupyterLab (once the cell has run, so it is trusted).

Accessibility: each question is a ``<fieldset>`` with a ``<legend>``; every option is a
native radio button with its own ``<label>`` (keyboard: Tab to the group, arrow keys to
choose, Enter or the button to check); feedback is announced through an ``aria-live``
region. The HTML contains no random ids (ids derive from the question text), so nbval can
compare it.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from dataclasses import dataclass, field

from aicollab.display.render import tool_html


@dataclass(frozen=True)
class Option:
    """One answer option and the feedback a learner sees after choosing it."""

    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class MultipleChoice:
    """A question with options; displays as an accessible, kernel-free self-check."""

    question: str
    options: tuple[Option, ...]
    hint: str = ""
    key: str = field(default="")

    def __post_init__(self) -> None:
        if not str(self.question).strip():
            raise ValueError("A self-check needs a question.")
        if len(self.options) < 2:
            raise ValueError("A self-check needs at least two options.")
        if not any(o.correct for o in self.options):
            raise ValueError(f"No option is marked correct in the self-check {self.question!r}.")

    @property
    def ident(self) -> str:
        source = self.key or self.question
        return "aicollab-q-" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:10]

    def to_html(self) -> str:
        qid = self.ident
        items = []
        for i, opt in enumerate(self.options):
            oid = f"{qid}-{i}"
            items.append(
                f'<div class="aicollab-quiz-option"><input type="radio" name="{qid}" id="{oid}" value="{i}">'
                f'<label for="{oid}">{html.escape(opt.text)}</label></div>'
            )
        data = [{"correct": o.correct, "feedback": o.feedback} for o in self.options]
        hint = f'<p class="aicollab-quiz-hint">Hint: {html.escape(self.hint)}</p>' if self.hint else ""
        body = (
            f"<fieldset><legend>{html.escape(self.question)}</legend>{''.join(items)}</fieldset>{hint}"
            '<button type="button" class="aicollab-quiz-check">Check my answer</button>'
            '<p class="aicollab-quiz-feedback aicollab-status" role="status" aria-live="polite"></p>'
        )
        return tool_html("quiz", body, config=data, tag="form", attrs=f'class="aicollab-quiz" id="{qid}" novalidate')

    def to_text(self) -> str:
        lines = [f"Self-check: {self.question}"]
        lines += [f"  ( ) {o.text}" for o in self.options]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(), "text/plain": self.to_text()}

    def answer(self, choice: int | str) -> str:
        """Feedback for a choice given by position (0-based) or option text, in Python.

        Useful in tests and for learners who prefer typing: bad input gets a plain message.
        """
        if isinstance(choice, str):
            matches = [i for i, o in enumerate(self.options) if o.text.strip().lower() == choice.strip().lower()]
            if not matches:
                return "That is not one of the options; copy an option's text exactly, or give its number (0 for the first)."
            choice = matches[0]
        if isinstance(choice, bool) or not isinstance(choice, int):
            return "Give the option's number (0 for the first) or its text."
        if not 0 <= choice < len(self.options):
            return f"There are {len(self.options)} options: choose a number from 0 to {len(self.options) - 1}."
        opt = self.options[choice]
        return ("Correct. " if opt.correct else "Not quite. ") + opt.feedback


def multiple_choice(
    question: str, options: Sequence[tuple[str, bool, str]], hint: str = "", key: str = ""
) -> MultipleChoice:
    """Build a self-check from ``(text, is_correct, feedback)`` tuples.

    Display the returned object (last expression of a cell) to show it.
    """
    return MultipleChoice(question, tuple(Option(t, bool(c), f) for t, c, f in options), hint=hint, key=key)
