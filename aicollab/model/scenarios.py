"""Named preset scenarios for the value-sharing model (ILLUSTRATIVE, not real deals).

Every preset is a :class:`aicollab.model.Partnership`. The resource lists take the five
clinician contributions from the clinician survey's Table 2 (image data sharing, clinical
information, image data labelling, clinical needs and issues, AI product feedback) and add
the kit's own illustrative resources for researchers and companies. *All* weights, supply
shares, essential sets, gamma and totals are invented teaching numbers chosen to make a
point in a lesson; they are not estimates of any real partnership. Amounts are in £k.

Use::

    from aicollab.model.scenarios import PRESETS, default_partnership, get_preset
    p = get_preset("Clinician-led imaging project")
"""

from __future__ import annotations

from .partnership import DEFAULT_ESSENTIAL, DEFAULT_PLAYERS, DEFAULT_RESOURCES, DEFAULT_SUPPLY, Partnership

__all__ = ["PRESETS", "default_partnership", "get_preset", "textbook_example"]

_ILLUSTRATIVE = "Illustrative teaching scenario: invented numbers, not a real partnership."


def default_partnership() -> Partnership:
    """The kit's default scenario: clinicians, hospital, research institution, AI company.

    Nine resources (five from the clinician survey, four illustrative additions), image data
    and algorithm development essential, mild complementarity (gamma 1.5), £500k total.
    """
    return Partnership(
        players=DEFAULT_PLAYERS,
        resources=dict(DEFAULT_RESOURCES),
        supply={r: dict(s) for r, s in DEFAULT_SUPPLY.items()},
        essential=DEFAULT_ESSENTIAL,
        gamma=1.5,
        total=500.0,
        title="Default four-partner imaging AI project",
        note=_ILLUSTRATIVE,
    )


def _clinician_led() -> Partnership:
    players = ("Clinicians", "Hospital", "Research institution", "AI company")
    resources = {
        "Image data sharing": 3.0,
        "Clinical information": 2.0,
        "Image data labelling": 3.0,
        "Clinical needs and issues": 2.0,
        "AI product feedback": 1.0,
        "Algorithm development": 3.0,
        "Engineering and compute": 1.0,
        "Funding": 1.0,
        "Regulatory and clinical validation": 2.0,
    }
    supply = {
        "Image data sharing": {"Clinicians": 0.5, "Hospital": 0.5},
        "Clinical information": {"Clinicians": 0.8, "Hospital": 0.2},
        "Image data labelling": {"Clinicians": 1.0},
        "Clinical needs and issues": {"Clinicians": 1.0},
        "AI product feedback": {"Clinicians": 1.0},
        "Algorithm development": {"Research institution": 0.8, "AI company": 0.2},
        "Engineering and compute": {"Research institution": 0.5, "AI company": 0.5},
        "Funding": {"Hospital": 0.5, "Research institution": 0.5},
        "Regulatory and clinical validation": {"Clinicians": 0.6, "AI company": 0.4},
    }
    return Partnership(
        players=players,
        resources=resources,
        supply=supply,
        essential=frozenset({"Image data labelling", "Algorithm development"}),
        gamma=2.0,
        total=200.0,
        title="Clinician-led imaging project",
        note="Radiologists start the project, label the images and run the reader study; "
        "a university lab builds the model. " + _ILLUSTRATIVE,
    )


def _company_led() -> Partnership:
    players = ("Clinicians", "Hospital", "AI company")
    resources = {
        "Image data sharing": 3.0,
        "Clinical information": 1.0,
        "Image data labelling": 2.0,
        "Clinical needs and issues": 1.0,
        "AI product feedback": 1.0,
        "Algorithm development": 3.0,
        "Engineering and compute": 3.0,
        "Funding": 3.0,
        "Regulatory and clinical validation": 2.0,
    }
    supply = {
        "Image data sharing": {"Clinicians": 0.2, "Hospital": 0.8},
        "Clinical information": {"Clinicians": 0.5, "Hospital": 0.5},
        "Image data labelling": {"Clinicians": 0.6, "AI company": 0.4},
        "Clinical needs and issues": {"Clinicians": 1.0},
        "AI product feedback": {"Clinicians": 1.0},
        "Algorithm development": {"AI company": 1.0},
        "Engineering and compute": {"AI company": 1.0},
        "Funding": {"AI company": 1.0},
        "Regulatory and clinical validation": {"Clinicians": 0.2, "AI company": 0.8},
    }
    return Partnership(
        players=players,
        resources=resources,
        supply=supply,
        essential=frozenset({"Image data sharing", "Algorithm development"}),
        gamma=1.5,
        total=1000.0,
        title="Company-led product with hospital data",
        note="A company builds and certifies a product on one hospital's images; clinicians "
        "label some images and give feedback. " + _ILLUSTRATIVE,
    )


def _consortium() -> Partnership:
    players = ("Clinicians", "Hospital A", "Hospital B", "University lab", "Funder")
    # The kit's default weights, without regulatory work (the output is papers and an open
    # model, not a certified product) and with funding weighing more (the funder is a partner).
    resources = {r: w for r, w in DEFAULT_RESOURCES.items() if r != "Regulatory and clinical validation"}
    resources["Funding"] = 3.0
    supply = {
        "Image data sharing": {"Clinicians": 0.2, "Hospital A": 0.5, "Hospital B": 0.3},
        "Clinical information": {"Clinicians": 0.6, "Hospital A": 0.2, "Hospital B": 0.2},
        "Image data labelling": {"Clinicians": 0.7, "University lab": 0.3},
        "Clinical needs and issues": {"Clinicians": 1.0},
        "AI product feedback": {"Clinicians": 1.0},
        "Algorithm development": {"University lab": 1.0},
        "Engineering and compute": {"University lab": 0.7, "Hospital A": 0.3},
        "Funding": {"Funder": 1.0},
    }
    return Partnership(
        players=players,
        resources=resources,
        supply=supply,
        essential=frozenset({"Image data sharing", "Algorithm development", "Funding"}),
        gamma=1.0,
        total=300.0,
        title="Research consortium",
        note="Two hospitals pool images for a grant-funded university project; the output is "
        "papers and an open model rather than a product. " + _ILLUSTRATIVE,
    )


def textbook_example(gamma: float = 1.0, essential=()) -> Partnership:
    """The research notes' three-player game (§3.2 Example 3): D, A, V with weights .5/.3/.2.

    Each player supplies one resource: hospital data (D), algorithm (A), clinical
    validation (V); total 100. Illustrative.
    """
    players = ("Data (D)", "Algorithm (A)", "Validation (V)")
    resources = {"Hospital data": 0.5, "Algorithm": 0.3, "Clinical validation": 0.2}
    supply = {
        "Hospital data": {"Data (D)": 1.0},
        "Algorithm": {"Algorithm (A)": 1.0},
        "Clinical validation": {"Validation (V)": 1.0},
    }
    return Partnership(
        players=players,
        resources=resources,
        supply=supply,
        essential=frozenset(essential),
        gamma=gamma,
        total=100.0,
        title="Textbook example: data, algorithm, validation",
        note=_ILLUSTRATIVE,
    )


#: name -> Partnership. Illustrative presets (built fresh on import; Partnerships are frozen).
PRESETS: dict[str, Partnership] = {
    "Default four-partner project": default_partnership(),
    "Clinician-led imaging project": _clinician_led(),
    "Company-led product with hospital data": _company_led(),
    "Research consortium": _consortium(),
    "Textbook example (V essential)": textbook_example(gamma=1.0, essential=("Clinical validation",)),
}


def get_preset(name: str) -> Partnership:
    """Look up a preset by name; ValueError lists the valid names."""
    try:
        return PRESETS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown scenario {name!r}; presets are: {', '.join(PRESETS)}") from None
