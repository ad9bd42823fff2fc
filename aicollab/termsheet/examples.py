"""Two ILLUSTRATIVE term sheets (a first draft and a revision) for the static book."""

from __future__ import annotations

from .draft import TermSheet, shares_from_rule

# --------------------------------------------------------------------------------------
# Illustrative examples and the room poll
# --------------------------------------------------------------------------------------

_EXAMPLE_NOTE = "Illustrative scenario: invented partners and terms, not a real agreement"


def example_term_sheet(version: str = "first draft") -> TermSheet:
    """An ILLUSTRATIVE term sheet for a lung-nodule triage tool: "first draft" or "revised".

    The first draft has the gaps the checks look for; the revision fixes them. The revised
    percentages are the Shapley shares of the kit's default scenario (lesson 4), rounded.
    """
    v = str(version).strip().casefold()
    if v not in ("first draft", "revised"):
        raise ValueError(f"unknown version {version!r}; choose 'first draft' or 'revised'")
    base = dict(
        title="Lung-nodule triage tool",
        partners={
            "Clinicians": "clinicians",
            "Hospital": "hospital",
            "Research institution": "research",
            "AI company": "company",
        },
        patient_benefit="Shorter waits for CT reports by putting scans with suspicious nodules first",
        purpose="commercial",
        note=_EXAMPLE_NOTE,
    )
    if v == "first draft":
        return TermSheet(
            **base,
            data_access="pseudonymised_extract",
            foreground_ip="undecided",
            exclusive_data_rights=True,
            value_rule="negotiated",
            shares={"Clinicians": 0, "Hospital": 20, "Research institution": 20, "AI company": 60},
            instruments=["royalty"],
            clinician_credit=["data_providers_as_authors"],
            deidentified=True,
        )
    from aicollab.model.scenarios import default_partnership

    shares = shares_from_rule(default_partnership(), "shapley")
    return TermSheet(
        **base,
        data_access="secure_environment",
        foreground_ip="company_owns_licence_back",
        background_ip={
            "Clinicians": "Reporting protocols and the labelling guide written by the radiologists",
            "Hospital": "The imaging archive and its data-management processes",
            "Research institution": "The lab's existing nodule-detection code",
            "AI company": "The company's product platform and regulatory files",
        },
        value_rule="shapley",
        shares=shares,
        instruments=["access_fee", "upfront", "milestones", "royalty"],
        clinician_credit=["icmje_authorship", "acknowledgement", "credit_roles", "institutional_recognition"],
        credit_roles={"Clinicians": ["Conceptualization", "Data curation", "Validation"]},
        steering_committee=True,
        clinicians_on_committee=True,
        review_every_months=6,
        exit_terms="If a partner leaves, data access ends, copies held by partners are deleted and the licence-back survives",
        deidentified=True,
        confidentiality_agreement=True,
        public_communication=["plain_summary", "patient_panel", "publish_terms"],
        clinician_training=True,
        shared_standards=True,
        ai_research_unit=True,
    )
