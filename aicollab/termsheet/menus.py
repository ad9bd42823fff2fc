"""The term sheet's vocabulary: every menu a learner chooses from, and the sources cited.

Keys are stable (they are stored in drafts and poll files); labels are what people read.
Both forms (JupyterLab and the book's kernel-free form) offer exactly these menus.
"""

from __future__ import annotations

from aicollab.model.rules import COMPARE_RULES, TERM_SHEET_RULES, labels

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

#: Instruments that agree a share of commercial value in advance.
MONEY_INSTRUMENTS: tuple[str, ...] = ("upfront", "subscription", "milestones", "royalty", "equity")

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

#: Severities, most serious first, with the words the summary prints.
SEVERITIES: dict[str, str] = {
    "high": "High: fix before signing",
    "medium": "Medium: should be fixed",
    "low": "Low: worth considering",
    "ok": "OK",
}

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

#: Short references for the printed summary (keys as in book/references.bib).
SOURCES: dict[str, str] = {
    "ye2026collaborations": "Ye J, Ma M, Abuhashish M (2026). The collaborations among healthcare systems, research "
    "institutions, and industry on artificial intelligence research and development. Frontiers in Artificial "
    "Intelligence 8:1694145. doi:10.3389/frai.2025.1694145",
    "ye2025preprint": "Ye J, Ma M, Abuhashish M (2025). Preprint of the survey above. arXiv:2509.00068",
    "alami2025conflicts": "Alami H, Rivard L, Lehoux P, et al. (2025). Conflicts and complexities around intellectual "
    "property and value sharing of artificial intelligence healthcare solutions in public-private partnerships: "
    "a qualitative study. SSM - Health Systems 5:100093. doi:10.1016/j.ssmhs.2025.100093",
    "grootjans2025cocreate": "Grootjans W, Krainska U, Rezazade Mehrizi MH (2025). How do medical institutions "
    "co-create artificial intelligence solutions with commercial startups? European Radiology. "
    "doi:10.1007/s00330-025-11672-4",
    "dhsc2019principles": "Department of Health and Social Care (2019). Guiding principles for data partnerships, "
    "as applied by the NHS Centre for Improving Data Collaboration. transform.england.nhs.uk",
    "nhse2023vsf": "NHS England (2023). Value sharing framework for NHS data partnerships. transform.england.nhs.uk",
    "nhse2023vsfpractical": "NHS England (2023). Practical applications of the value sharing framework. "
    "transform.england.nhs.uk",
    "nhse2023guide": "NHS England (2023). A guide to effective NHS data partnerships. transform.england.nhs.uk",
    "upd2020fairness": "Understanding Patient Data and Ada Lovelace Institute (2020). Foundations of fairness: where "
    "next for NHS health data partnerships?",
    "icmje": "International Committee of Medical Journal Editors. Defining the role of authors and contributors.",
    "credit2022": "NISO (2022). CRediT, Contributor Roles Taxonomy (ANSI/NISO Z39.104-2022).",
}

#: Percentages must add up to 100 within this many points.
SHARE_TOLERANCE = 0.5

_MAX_PARTNERS = 8
_MAX_TEXT = 2000


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
    n = name.casefold()
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
