"""The term-sheet form for JupyterLab (ipywidgets): check the draft, save the summary or the draft."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from aicollab.inputs import sentence

from .checker import check
from .draft import TermSheet
from .files import save_draft, save_summary
from .menus import (
    CLINICIAN_CREDIT,
    DATA_ACCESS,
    FLAG_LABELS,
    FOREGROUND_IP,
    INSTRUMENTS,
    PUBLIC_COMMUNICATION,
    PURPOSES,
    SHARE_TOLERANCE,
    VALUE_RULES,
)
from .poll_answers import poll_choices
from .rulebook import add_left_to_right, one_decimal
from .summary import _CSS, findings_html

# --------------------------------------------------------------------------------------
# The JupyterLab form
# --------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return (s or "term-sheet")[:60]


class TermSheetForm:
    """A form for drafting a term sheet in JupyterLab (display it as a cell's last line).

    Dropdowns, text boxes, sliders and tick boxes collect the draft; **Check my draft**
    validates it and lists the findings; **Save summary** writes the printable summary as an
    HTML file next to the notebook. Bad input shows a plain message and keeps everything the
    learner typed. ``form.term_sheet`` is the last valid draft; ``form.findings`` its findings.
    """

    def __init__(self, term_sheet: TermSheet | None = None, folder=None):
        import ipywidgets as w

        self._w = w
        self.term_sheet: TermSheet = term_sheet or TermSheet(title="My partnership")
        self.findings: pd.DataFrame | None = None
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.last_saved: Path | None = None
        ts = self.term_sheet
        wide = {"description_width": "16rem"}
        full = w.Layout(width="46rem")
        self.title = w.Text(value=ts.title, description="Project title", style=wide, layout=full)
        self.partners_text = w.Text(
            value=", ".join(ts.partners), description="Partners (comma-separated)", style=wide, layout=full
        )
        self.apply_partners = w.Button(description="Use these partners", tooltip="Rebuild the share sliders")
        self.aim = w.Textarea(value=ts.patient_benefit, description="Aim for patient care", style=wide, layout=full)
        self.purpose = w.Dropdown(
            options=[(v, k) for k, v in PURPOSES.items()],
            value=ts.purpose,
            description="Purpose",
            style=wide,
            layout=full,
        )
        self.data_access = w.Dropdown(
            options=[(v, k) for k, v in DATA_ACCESS.items()],
            value=ts.data_access,
            description="Data access",
            style=wide,
            layout=full,
        )
        self.exclusive = w.Checkbox(
            value=ts.exclusive_data_rights, description="A partner gets exclusive rights to the data", indent=False
        )
        self.foreground = w.Dropdown(
            options=[(v, k) for k, v in FOREGROUND_IP.items()],
            value=ts.foreground_ip,
            description="New (foreground) IP",
            style=wide,
            layout=full,
        )
        self.rule = w.Dropdown(
            options=[(v, k) for k, v in VALUE_RULES.items()],
            value=ts.value_rule,
            description="How the split is set",
            style=wide,
            layout=full,
        )
        self.instruments = {
            k: w.Checkbox(value=k in ts.instruments, description=v, indent=False, layout=w.Layout(width="46rem"))
            for k, v in INSTRUMENTS.items()
        }
        self.credit = {
            k: w.Checkbox(value=k in ts.clinician_credit, description=v, indent=False, layout=w.Layout(width="46rem"))
            for k, v in CLINICIAN_CREDIT.items()
        }
        self.public = {
            k: w.Checkbox(
                value=k in ts.public_communication, description=v, indent=False, layout=w.Layout(width="46rem")
            )
            for k, v in PUBLIC_COMMUNICATION.items()
        }
        self.flags = {
            name: w.Checkbox(value=getattr(ts, name), description=label, indent=False, layout=w.Layout(width="46rem"))
            for name, label in FLAG_LABELS.items()
        }
        self.review = w.IntSlider(
            value=ts.review_every_months,
            min=0,
            max=24,
            step=1,
            description="Review every (months; 0 = never)",
            style=wide,
            layout=full,
        )
        self.exit_terms = w.Textarea(
            value=ts.exit_terms, description="Exit and termination terms", style=wide, layout=full
        )
        self.shares_box = w.VBox()
        self.background_box = w.VBox()
        self.share_total = w.HTML()
        self._share_sliders: dict[str, object] = {}
        self._background: dict[str, object] = {}
        self.check_button = w.Button(
            description="Check my draft",
            button_style="primary",
            tooltip="Check the draft against the sources' recommendations",
        )
        self.save_button = w.Button(
            description="Save summary", tooltip="Write a printable HTML summary next to the notebook"
        )
        self.draft_button = w.Button(
            description="Save draft (JSON)",
            tooltip="Write the draft as a JSON file next to the notebook (the book's form opens it)",
        )
        self.message = w.HTML()
        self.results = w.HTML()
        from aicollab.poll import export_button

        self.poll_box = export_button(
            lambda: {"capstone": poll_choices(self.draft())},
            path=self.folder,
            description="Save my answers for the room poll",
        )
        self.apply_partners.on_click(self._on_partners)
        self.check_button.on_click(self._on_check)
        self.save_button.on_click(self._on_save)
        self.draft_button.on_click(self._on_save_draft)
        self._build_partner_controls(dict(ts.shares), dict(ts.background_ip))

        def heading(text):
            return w.HTML(f"<h4 style='margin:0.8rem 0 0.2rem 0'>{html.escape(text)}</h4>")

        self.widget = w.VBox(
            [
                heading("Term-sheet builder"),
                self.title,
                w.HBox([self.partners_text, self.apply_partners]),
                self.aim,
                self.purpose,
                heading("Data access and privacy"),
                self.data_access,
                self.exclusive,
                self.flags["deidentified"],
                self.flags["confidentiality_agreement"],
                heading("Intellectual property"),
                self.foreground,
                w.HTML("Background IP: what each partner brings and keeps"),
                self.background_box,
                heading("Value share (percent; must add up to 100)"),
                self.rule,
                self.shares_box,
                self.share_total,
                heading("Instruments"),
                *self.instruments.values(),
                heading("Credit for clinicians"),
                *self.credit.values(),
                heading("Governance"),
                self.flags["steering_committee"],
                self.flags["clinicians_on_committee"],
                self.review,
                self.exit_terms,
                heading("Patients and the public"),
                *self.public.values(),
                heading("Building capacity"),
                self.flags["clinician_training"],
                self.flags["shared_standards"],
                self.flags["ai_research_unit"],
                w.HBox([self.check_button, self.save_button, self.draft_button]),
                self.message,
                self.results,
                heading("Room poll (workshops)"),
                self.poll_box,
            ]
        )

    # ---- building ----------------------------------------------------------------------
    def _build_partner_controls(self, shares: Mapping[str, float], background: Mapping[str, str]) -> None:
        w = self._w
        names = [n.strip() for n in self.partners_text.value.split(",") if n.strip()]
        self._share_sliders = {}
        self._background = {}
        for n in names:
            sl = w.FloatSlider(
                value=float(shares.get(n, 0.0)),
                min=0,
                max=100,
                step=0.5,
                description=n,
                style={"description_width": "16rem"},
                layout=w.Layout(width="46rem"),
                readout_format=".1f",
            )
            sl.observe(self._on_share, names="value")
            self._share_sliders[n] = sl
            self._background[n] = w.Text(
                value=background.get(n, ""),
                description=n,
                style={"description_width": "16rem"},
                layout=w.Layout(width="46rem"),
            )
        self.shares_box.children = tuple(self._share_sliders.values())
        self.background_box.children = tuple(self._background.values())
        self._on_share()

    def _on_share(self, _change=None) -> None:
        total = add_left_to_right(s.value for s in self._share_sliders.values())
        ok = abs(total - 100) <= SHARE_TOLERANCE
        colour = "#006B4F" if ok else "#A33A00"
        words = "adds up to 100" if ok else "must add up to 100"
        self.share_total.value = f"<span style='color:{colour}'>Total: {one_decimal(total)}% ({words})</span>"

    def _on_partners(self, _button=None) -> None:
        old = {n: s.value for n, s in self._share_sliders.items()}
        bg = {n: t.value for n, t in self._background.items()}
        self._build_partner_controls(old, bg)
        self._say("Partners updated: set each partner's share so they add up to 100.", ok=True)

    # ---- reading and acting ------------------------------------------------------------
    def draft(self) -> TermSheet:
        """Build a TermSheet from the form's current values (raises ValueError if invalid)."""
        names = [n.strip() for n in self.partners_text.value.split(",") if n.strip()]
        if set(names) != set(self._share_sliders):
            raise ValueError("the partner list has changed: press 'Use these partners' first")
        known = dict(self.term_sheet.partners)
        return TermSheet(
            title=self.title.value,
            # a partner kept from the starting draft keeps its role; a new one gets a guessed role
            partners={n: known.get(" ".join(n.split())) for n in names},
            patient_benefit=self.aim.value,
            purpose=self.purpose.value,
            data_access=self.data_access.value,
            foreground_ip=self.foreground.value,
            background_ip={n: t.value for n, t in self._background.items()},
            exclusive_data_rights=self.exclusive.value,
            value_rule=self.rule.value,
            shares={n: s.value for n, s in self._share_sliders.items()},
            instruments=[k for k, c in self.instruments.items() if c.value],
            clinician_credit=[k for k, c in self.credit.items() if c.value],
            review_every_months=self.review.value,
            exit_terms=self.exit_terms.value,
            public_communication=[k for k, c in self.public.items() if c.value],
            # no widgets for these: carried over from the starting draft
            credit_roles={n: r for n, r in self.term_sheet.credit_roles.items() if n in names},
            note=self.term_sheet.note,
            **{k: c.value for k, c in self.flags.items()},
        )

    def _say(self, text: str, ok: bool = False) -> None:
        if ok:
            self.message.value = f"<p role='status' style='color:#006B4F'>{html.escape(text)}</p>"
        else:
            text = sentence(text)
            self.message.value = (
                f"<p role='alert' style='color:#A33A00'><b>Check this:</b> {html.escape(text)} "
                "Your draft is kept; nothing was lost.</p>"
            )

    def _on_check(self, _button=None) -> bool:
        try:
            ts = self.draft()
        except ValueError as exc:
            self._say(str(exc))
            return False
        self.term_sheet = ts
        self.findings = check(ts)
        self._say(f"Checked: {self.findings.attrs['summary']}.", ok=True)
        self.results.value = f"<style>{_CSS}</style>" + findings_html(self.findings)
        return True

    def _save_file(self, what: str, pattern: str, write) -> Path | None:
        """Check the draft, then ``write(path)`` next to the notebook, the file named by ``pattern``
        with the checked draft's title in place of ``{}``; None (and a message) when that fails."""
        if not self._on_check():
            return None
        try:
            path = write(self.folder / pattern.format(_slug(self.term_sheet.title)))
        except (ValueError, OSError) as exc:
            self._say(f"the {what} could not be saved ({exc})")
            return None
        return path

    def _on_save(self, _button=None) -> Path | None:
        path = self._save_file(
            "summary", "term-sheet-{}.html", lambda p: save_summary(self.term_sheet, p, self.findings)
        )
        if path is not None:
            self.last_saved = path
            self._say(
                f"Saved {path.name} next to this notebook. Open it from the file browser, then print it "
                "(Ctrl+P or Cmd+P) or download it.",
                ok=True,
            )
        return path

    def _on_save_draft(self, _button=None) -> Path | None:
        path = self._save_file("draft", "term-sheet-draft-{}.json", lambda p: save_draft(self.term_sheet, p))
        if path is not None:
            self._say(
                f"Saved {path.name} next to this notebook. load_draft({path.name!r}) opens it again; in the "
                "book, use the form's 'Open a saved draft'.",
                ok=True,
            )
        return path

    def answers(self) -> dict[str, object]:
        """The last valid draft's headline choices (see :func:`poll_choices`)."""
        return poll_choices(self.term_sheet)

    # ---- display -----------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"Term-sheet form: {self.term_sheet.title!r} ({len(self.term_sheet.partners)} partners)"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        bundle = dict(bundle or {})
        bundle["text/plain"] = repr(self)
        return bundle
