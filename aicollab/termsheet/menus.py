"""The term sheet's vocabulary: every menu a learner chooses from, and the sources cited.

Keys are stable (they are stored in drafts and poll files); labels are what people read.
Both forms (JupyterLab and the book's kernel-free form) offer exactly these menus.
"""

from __future__ import annotations

from aicollab.model.rules import COMPARE_RULES, TERM_SHEET_RULES, labels

from .boundary import key
from .rulebook import RULEBOOK

# --------------------------------------------------------------------------------------
# The menus a learner chooses from (key -> plain label)
# --------------------------------------------------------------------------------------

#: Kinds of partner. The role decides which checks apply (e.g. clinicians' recognition).
ROLES: dict[str, str] = {
    "clinicians": "Clinicians",
    "hospital": "Hospital or health system",
    "research": "Research institution",
    "company": "Company",
    "funder": "Funder",
    "patients": "Patients or the public",
    "other": "Other",
}

#: What the data will be used for (the NHS framework prices the two differently).
PURPOSES: dict[str, str] = {
    "commercial": "Commercial: a product or service will be sold",
    "non-commercial": "Non-commercial: research, audit or an open model",
}

#: The NHS England guide's three ways of giving a partner access to data, plus "not decided".
DATA_ACCESS: dict[str, str] = {
    "in_hospital": "Data stays in the hospital: hospital staff run the analyses and the partner sees aggregated results only",
    "secure_environment": "Secure data environment: the partner works on the data inside an environment the hospital controls",
    "pseudonymised_extract": "Pseudonymised extract: a de-identified copy of the data is handed to the partner",
    "undecided": "Not decided yet",
}

#: Who owns new (foreground) IP: the three usual outcomes, plus "to be agreed later".
FOREGROUND_IP: dict[str, str] = {
    "company_owns_licence_back": "The company owns new IP and licenses it back to the hospital for research and clinical use",
    "joint": "The partners own new IP jointly",
    "hospital_owns_licenses": "The hospital owns new IP and licenses it to the company",
    "undecided": "To be agreed later",
}

#: How the percentages were set: the four rules of lesson 4, or no formula (from the rules registry).
VALUE_RULES: dict[str, str] = labels(TERM_SHEET_RULES, "description")

_RULE_NAMES = labels(COMPARE_RULES, "in_sentence")

#: Value-sharing instruments.
INSTRUMENTS: dict[str, str] = {
    "access_fee": "Fee for access to the data",
    "upfront": "Upfront payment",
    "subscription": "Subscription payments",
    "milestones": "Milestone payments",
    "royalty": "Royalty on product revenue",
    "equity": "Equity stake in the company",
    "product_discount": "Free or discounted use of the product",
    "consent_to_commercialise": "Consent-to-commercialise clause (money negotiated later if the work is commercialised)",
}

#: Instruments that agree a share of commercial value in advance (the rulebook's "money_instruments").
MONEY_INSTRUMENTS: tuple[str, ...] = tuple(RULEBOOK["let"]["money_instruments"])

#: Ways of giving clinicians credit.
CLINICIAN_CREDIT: dict[str, str] = {
    "icmje_authorship": "Authorship for clinicians who meet all four ICMJE criteria",
    "acknowledgement": "Named acknowledgement for contributors who are not authors",
    "credit_roles": "Everyone's contribution recorded with CRediT roles",
    "institutional_recognition": "The hospital counts the work (job plan, protected time, promotion)",
    "data_providers_as_authors": "Everyone who provided data is listed as an author",
}

#: The 14 CRediT contributor roles (ANSI/NISO Z39.104-2022).
CREDIT_ROLES: tuple[str, ...] = (
    "Conceptualization",
    "Data curation",
    "Formal analysis",
    "Funding acquisition",
    "Investigation",
    "Methodology",
    "Project administration",
    "Resources",
    "Software",
    "Supervision",
    "Validation",
    "Visualization",
    "Writing – original draft",
    "Writing – review & editing",
)

#: Ways of telling patients and the public about the partnership.
PUBLIC_COMMUNICATION: dict[str, str] = {
    "plain_summary": "A plain-language summary of the partnership is published",
    "patient_panel": "A patient and public involvement group advises the project",
    "publish_terms": "The headline terms (who gets what) are published",
}

#: Severities, most serious first, with the words the summary prints (from the rulebook).
SEVERITIES: dict[str, str] = {k: label for k, label in RULEBOOK["severities"]}

#: Headings of the printable summary, in order.
SECTIONS: tuple[str, ...] = (
    "Partners and aim",
    "Data access",
    "Intellectual property",
    "Value share",
    "Value-sharing instruments",
    "Credit for clinicians",
    "Governance",
    "Privacy",
    "Patients and the public",
    "Building capacity",
    "Findings",
    "Sources",
)

#: Short references for the printed summary (keys as in book/references.bib; from the rulebook).
SOURCES: dict[str, str] = dict(RULEBOOK["sources"])

#: Percentages must add up to 100 within this many points.
SHARE_TOLERANCE: float = RULEBOOK["draft"]["share_tolerance"]

_ROLE_WORDS = (
    ("clinicians", ("clinician", "radiologist", "doctor", "physician", "nurse", "pathologist", "surgeon")),
    ("hospital", ("hospital", "trust", "health system", "health board", "clinic")),
    ("research", ("university", "research", "institute", "lab", "academic", "college")),
    ("company", ("company", "industry", "startup", "start-up", "vendor", "ltd", "inc", "firm")),
    ("funder", ("funder", "foundation", "council", "charity")),
    ("patients", ("patient", "public", "citizen")),
)


def infer_role(name: str) -> str:
    """Guess a partner's role from its name ("Radiologists" -> "clinicians"); "other" if unsure."""
    n = key(name)
    for role, words in _ROLE_WORDS:
        if any(w in n for w in words):
            return role
    return "other"


_DEFAULT_PARTNERS = ("Clinicians", "Hospital", "Research institution", "AI company")


#: Labels of the yes/no terms, shared by both forms.
FLAG_LABELS: dict[str, str] = {
    "steering_committee": "A joint steering committee oversees the partnership",
    "clinicians_on_committee": "Clinicians sit on the steering committee",
    "deidentified": "Data are de-identified before partners see them",
    "confidentiality_agreement": "A confidentiality agreement is signed",
    "clinician_training": "AI training for clinicians is part of the project",
    "shared_standards": "Partners agree data and technical standards",
    "ai_research_unit": "A hospital AI research unit or team is involved",
}


#: Every menu by the name the rulebook's draft fields use (``"menu": "purposes"``).
MENUS: dict[str, dict[str, str]] = {
    "roles": ROLES,
    "purposes": PURPOSES,
    "data_access": DATA_ACCESS,
    "foreground_ip": FOREGROUND_IP,
    "value_rules": VALUE_RULES,
    "instruments": INSTRUMENTS,
    "clinician_credit": CLINICIAN_CREDIT,
    "public_communication": PUBLIC_COMMUNICATION,
}
