"""Checking a draft against the recommendations of the kit's sources (:func:`check`)."""

from __future__ import annotations

import pandas as pd

from .draft import TermSheet, _add
from .menus import _RULE_NAMES, MONEY_INSTRUMENTS, SEVERITIES

# Checking a draft
# --------------------------------------------------------------------------------------


#: Every message :func:`check` can give, by check id and case. ``{name}`` fields are filled
#: in by :func:`check`: numbers already formatted, lists already joined. One source of truth
#: for both checkers: the book's kernel-free form (``aicollab/display/static/termsheet-form.js``)
#: receives this table as JSON and only decides which case applies.
MESSAGES: dict[str, dict[str, str]] = {
    "T01": {
        "fail": "State how the partnership aims to improve patient care: the Department of Health and Social Care's "
        "first principle asks for this aim to be explicit.",
        "ok": "The aim for patient care is stated.",
    },
    "T02": {
        "fail": "Choose how partners will reach the data. The NHS England guide describes three options: the data stays "
        "in the hospital, a secure data environment, or a pseudonymised extract.",
        "ok": "The way partners reach the data is chosen.",
    },
    "T03": {
        "extract": "A copy of the data leaves the hospital. The NHS England guide expects extracts in a small and "
        "shrinking number of cases, with secure data environments becoming the usual route, and the survey "
        "recommends secure data-sharing frameworks: record why an extract is needed.",
        "ok": "The data stays under the hospital's control (no copy is handed over).",
    },
    "T04": {
        "fail": "Drop the exclusive rights: NHS trusts have been asked not to give any partner exclusivity over their "
        "data, and an agreement should not stop the data serving other beneficial uses.",
        "ok": "No partner gets exclusive rights to the data.",
    },
    "T05": {
        "fail": "Settle who will own new (foreground) IP now: the NHS England guide says this must be negotiated at the "
        "start of the partnership, not after the product exists.",
        "ok": "Ownership of new IP is settled at the start.",
    },
    "T06": {
        "none": "List each partner's background IP (what they bring and keep). The NHS England guide asks "
        "organisations to know their knowledge assets and how they make up their background IP.",
        "some": "Background IP is not listed for: {missing}. Write 'none' if they bring none.",
        "ok": "Every partner's background IP is listed.",
    },
    "T07": {
        "fail": "The hospital side gets 0% of the value. NHS England's framework says the NHS should share in the "
        "value its data helps to create.",
        "ok": "The hospital side (hospital and clinicians) shares in the value ({share}%).",
    },
    "T08": {
        "ok": "Clinicians receive both credit and a share of the value ({share}%).",
        "no_credit": "Clinicians get a share of the value but no agreed credit: Alami et al. found that the lack of "
        "institutional recognition of clinicians' contributions holds back their engagement.",
        "no_share": "Clinicians get credit but 0% of the value: Alami et al. found that clinicians' essential "
        "contributions lack commercial as well as institutional recognition. Consider a share, or say "
        "how the hospital passes part of its share on.",
        "neither": "Clinicians get neither credit nor a share of the value. Alami et al. found that this lack of "
        "recognition of clinicians' essential contributions holds back their engagement in partnerships.",
        "not_partner": "Clinicians are not a separate partner, so any reward depends on the hospital's internal policy "
        "(lesson 4: who counts as a player changes the answer). Say how the hospital will recognise its "
        "clinicians' work.",
    },
    "T09": {
        "fail": "Explain how the percentages were reached. NHS England's practical guidance asks for a share that is "
        "proportionate to the contribution, counting the data and any clinical or analytical expertise.",
        "ok": "The split follows a stated rule ({rule}).",
    },
    "T10": {
        "fail": "Add a fee for data access: NHS England's framework says the NHS will always charge for access to "
        "health data (the fee should depend on the use and must not stand in the way of good use).",
        "ok": "A data-access fee is included.",
    },
    "T11": {
        "commercial_fail": "For commercial use, agree the share in advance: NHS England's practical guidance lists "
        "upfront, subscription and milestone payments and revenue royalties.",
        "commercial_ok": "The commercial share is agreed in advance.",
        "noncommercial_fail": "For non-commercial use, add a consent-to-commercialise clause so a financial share can "
        "be negotiated later if the work is commercialised (NHS England's practical guidance).",
        "noncommercial_ok": "A consent-to-commercialise clause covers later commercial use.",
    },
    "T12": {
        "fail": "A royalty is the only payment: it pays only if the product sells, and NHS England expects "
        "royalties in a minority of deals. Consider an upfront or milestone element too.",
        "ok": "The payments do not rest on a royalty alone.",
    },
    "T13": {
        "fail": "Agree how clinicians' work will be credited (authorship under ICMJE, acknowledgement, CRediT roles, "
        "recognition by the hospital): Alami et al. found this recognition is often missing.",
        "gift_only": " Listing every data provider as an author does not count (see T14).",
        "ok": "Credit for clinicians is agreed.",
    },
    "T14": {
        "gift": "Authorship cannot be given for providing data alone: ICMJE requires all four criteria. Acknowledge "
        "data providers and record their CRediT roles (e.g. Resources, Data curation) instead.",
        "fail": "State that authorship follows ICMJE's four criteria, so clinicians know what earns it.",
        "ok": "Authorship follows the ICMJE criteria.",
    },
    "T15": {
        "fail": "Record who did what with CRediT roles: they describe contributions that do not earn authorship.",
        "ok": "Contributions are recorded with CRediT roles.",
    },
    "T16": {
        "fail": "Ask the hospital to count clinicians' work on the project (job plan, protected time, promotion): "
        "Alami et al. point to missing institutional recognition.",
        "ok": "The hospital will count clinicians' work.",
    },
    "T17": {
        "fail": "Set up a joint steering committee: the public asked for partners who are transparent and accountable, "
        "and the survey's authors call for co-governance.",
        "ok": "A joint steering committee oversees the partnership.",
    },
    "T18": {
        "fail": "Give clinicians a seat on the steering committee: Grootjans et al. report that active involvement "
        "of radiology professionals leads to more clinically relevant AI.",
        "ok": "Clinicians sit on the steering committee.",
    },
    "T19": {
        "fail": "Agree review points: Grootjans et al. describe partners adjusting a co-creation as it goes (what each "
        "commits, how each adapts, how the arrangement is reconfigured).",
        "ok": "Review points every {months} months.",
    },
    "T20": {
        "fail": "Say what happens to the data, the model and the IP if a partner leaves or the project ends: the NHS "
        "England guide asks for data assets to be managed with clear governance.",
        "ok": "Exit and termination terms are written down.",
    },
    "T21": {
        "fail": "De-identify the data before partners see it: 74% of clinicians in the survey called de-identification "
        "and confidentiality agreements necessary, and the law (e.g. GDPR) must be followed.",
        "ok": "Data are de-identified before partners see them.",
    },
    "T22": {
        "fail": "Sign a confidentiality agreement: 74% of clinicians in the survey called it necessary.",
        "ok": "A confidentiality agreement is signed.",
    },
    "T23": {
        "fail": "Plan how patients and the public will be told about the partnership: clear, open communication is "
        "one of the Department of Health and Social Care's principles.",
        "ok": "Patients and the public will be told about the partnership.",
    },
    "T24": {
        "fail": "Consider publishing the headline terms: the public deliberation asked partners to be transparent "
        "and accountable.",
        "ok": "The headline terms will be published.",
    },
    "T25": {
        "fail": "Include AI training for clinicians: 59% of surveyed clinicians reported gaps in AI knowledge and the "
        "authors recommend education and training.",
        "ok": "AI training for clinicians is included.",
    },
    "T26": {
        "fail": "Agree data and technical standards: 65% of surveyed clinicians named the lack of industry standards as "
        "an obstacle.",
        "ok": "Data and technical standards are agreed.",
    },
    "T27": {
        "fail": "Involve a hospital AI research unit or team: 72% of clinicians said their hospital had no AI research "
        "department, and the authors recommend creating them.",
        "ok": "A hospital AI research unit or team is involved.",
    },
}

#: Area (summary section) and source key(s) of every check, by id.
CHECKS: dict[str, tuple[str, str]] = {
    "T01": ("Partners and aim", "dhsc2019principles"),
    "T02": ("Data access", "nhse2023guide"),
    "T03": ("Data access", "nhse2023guide;ye2026collaborations"),
    "T04": ("Data access", "dhsc2019principles"),
    "T05": ("Intellectual property", "nhse2023guide"),
    "T06": ("Intellectual property", "nhse2023guide"),
    "T07": ("Value share", "nhse2023vsf"),
    "T08": ("Value share", "alami2025conflicts"),
    "T09": ("Value share", "nhse2023vsfpractical"),
    "T10": ("Value-sharing instruments", "nhse2023vsf"),
    "T11": ("Value-sharing instruments", "nhse2023vsfpractical"),
    "T12": ("Value-sharing instruments", "nhse2023vsfpractical"),
    "T13": ("Credit for clinicians", "alami2025conflicts"),
    "T14": ("Credit for clinicians", "icmje"),
    "T15": ("Credit for clinicians", "credit2022"),
    "T16": ("Credit for clinicians", "alami2025conflicts"),
    "T17": ("Governance", "upd2020fairness;ye2025preprint"),
    "T18": ("Governance", "grootjans2025cocreate"),
    "T19": ("Governance", "grootjans2025cocreate"),
    "T20": ("Governance", "nhse2023guide"),
    "T21": ("Privacy", "ye2026collaborations;dhsc2019principles"),
    "T22": ("Privacy", "ye2026collaborations"),
    "T23": ("Patients and the public", "dhsc2019principles"),
    "T24": ("Patients and the public", "upd2020fairness"),
    "T25": ("Building capacity", "ye2026collaborations"),
    "T26": ("Building capacity", "ye2026collaborations"),
    "T27": ("Building capacity", "ye2026collaborations"),
}


def _add_finding(rows: list, fid: str, severity: str, case: str, **fill: str) -> None:
    """Append one finding: ``severity`` is "ok" for a passed check; ``case`` picks the message."""
    area, source = CHECKS[fid]
    rows.append((fid, area, severity, MESSAGES[fid][case].format(**fill), source))


def _pass_or(rows: list, fid: str, ok: bool, severity: str, **fill: str) -> None:
    """The common two-case check: the "ok" message if ``ok``, else "fail" at ``severity``."""
    _add_finding(rows, fid, "ok" if ok else severity, "ok" if ok else "fail", **fill)


def check(term_sheet: TermSheet) -> pd.DataFrame:
    """Check a draft against the sources' recommendations; one row per check.

    Columns: ``id`` (e.g. "T05"), ``area`` (a summary section), ``severity`` ("high",
    "medium", "low" or "ok"), ``message`` (plain words: what is wrong and what to do, or
    what is fine) and ``source`` (bibliography key(s), ";"-separated). Rows are sorted by
    severity, most serious first. ``result.attrs["summary"]`` counts each severity.

    The wording of every message is in :data:`MESSAGES`; this function decides which case
    applies. The book's JavaScript form makes the same decisions (a browser test compares).
    """
    ts = term_sheet
    if not isinstance(ts, TermSheet):
        raise ValueError("check() expects a TermSheet; build one with TermSheet(title=..., partners=..., ...)")
    rows: list = []
    clin = ts.partners_with_role("clinicians")
    hosp = ts.partners_with_role("hospital")

    _pass_or(rows, "T01", bool(ts.patient_benefit), "high")

    # Data access
    _pass_or(rows, "T02", ts.data_access != "undecided", "high")
    if ts.data_access == "pseudonymised_extract":
        _add_finding(rows, "T03", "medium", "extract")
    elif ts.data_access != "undecided":
        _add_finding(rows, "T03", "ok", "ok")
    _pass_or(rows, "T04", not ts.exclusive_data_rights, "high")

    # Intellectual property
    _pass_or(rows, "T05", ts.foreground_ip != "undecided", "high")
    missing = [n for n in ts.partners if n not in ts.background_ip]
    if len(missing) == len(ts.partners):
        _add_finding(rows, "T06", "medium", "none")
    elif missing:
        _add_finding(rows, "T06", "low", "some", missing=", ".join(missing))
    else:
        _add_finding(rows, "T06", "ok", "ok")

    # Value share
    if hosp or clin:
        public_share = _add(ts.shares[n] for n in hosp + clin)
        _pass_or(rows, "T07", public_share > 0, "high", share=f"{public_share:.1f}")
    if clin:
        clin_share = _add(ts.shares[n] for n in clin)
        credit = [k for k in ts.clinician_credit if k != "data_providers_as_authors"]
        if clin_share > 0 and credit:
            _add_finding(rows, "T08", "ok", "ok", share=f"{clin_share:.1f}")
        elif clin_share > 0:
            _add_finding(rows, "T08", "medium", "no_credit")
        elif credit:
            _add_finding(rows, "T08", "medium", "no_share")
        else:
            _add_finding(rows, "T08", "high", "neither")
    else:
        _add_finding(rows, "T08", "medium", "not_partner")
    _pass_or(rows, "T09", ts.value_rule != "negotiated", "low", rule=_RULE_NAMES.get(ts.value_rule, ts.value_rule))

    # Instruments
    _pass_or(rows, "T10", "access_fee" in ts.instruments, "medium")
    money = [k for k in ts.instruments if k in MONEY_INSTRUMENTS]
    if ts.purpose == "commercial":
        _add_finding(rows, "T11", "ok" if money else "medium", "commercial_ok" if money else "commercial_fail")
        if money:
            _pass_or(rows, "T12", money != ["royalty"], "low")
    else:
        ok = "consent_to_commercialise" in ts.instruments
        _add_finding(rows, "T11", "ok" if ok else "medium", "noncommercial_ok" if ok else "noncommercial_fail")

    # Credit
    proper = [k for k in ts.clinician_credit if k != "data_providers_as_authors"]
    if proper:
        _add_finding(rows, "T13", "ok", "ok")
    else:
        gift_only = "data_providers_as_authors" in ts.clinician_credit
        area, source = CHECKS["T13"]
        rows.append(
            ("T13", area, "high", MESSAGES["T13"]["fail"] + (MESSAGES["T13"]["gift_only"] if gift_only else ""), source)
        )
    if "data_providers_as_authors" in ts.clinician_credit:
        _add_finding(rows, "T14", "medium", "gift")
    else:
        _pass_or(rows, "T14", "icmje_authorship" in ts.clinician_credit, "low")
    _pass_or(rows, "T15", "credit_roles" in ts.clinician_credit or bool(ts.credit_roles), "low")
    if clin or hosp:
        _pass_or(rows, "T16", "institutional_recognition" in ts.clinician_credit, "low")

    # Governance
    _pass_or(rows, "T17", ts.steering_committee, "medium")
    if ts.steering_committee and clin:
        _pass_or(rows, "T18", ts.clinicians_on_committee, "low")
    _pass_or(rows, "T19", ts.review_every_months > 0, "low", months=str(ts.review_every_months))
    _pass_or(rows, "T20", bool(ts.exit_terms), "medium")

    # Privacy
    _pass_or(rows, "T21", ts.deidentified, "high")
    _pass_or(rows, "T22", ts.confidentiality_agreement, "high")

    # Patients and public
    _pass_or(rows, "T23", bool(ts.public_communication), "high")
    _pass_or(rows, "T24", "publish_terms" in ts.public_communication, "low")

    # Capacity (the survey's recommendations)
    _pass_or(rows, "T25", ts.clinician_training, "low")
    _pass_or(rows, "T26", ts.shared_standards, "low")
    _pass_or(rows, "T27", ts.ai_research_unit, "low")

    df = pd.DataFrame(rows, columns=["id", "area", "severity", "message", "source"])
    order = {k: i for i, k in enumerate(SEVERITIES)}
    df = df.sort_values(
        ["severity", "id"], key=lambda c: c.map(order) if c.name == "severity" else c, kind="stable"
    ).reset_index(drop=True)
    counts = df["severity"].value_counts()
    df.attrs["summary"] = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in SEVERITIES)
    return df
