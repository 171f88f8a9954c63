"""The demo's org tree: Dezernate and Fachbereiche of the reference report.

Unit codes and names come from the report's Tabelle 1 (respondents per Dezernat) and
Tabelle 4 (respondents per Fachbereich, appendix A). The report gives no head counts, so
``staff`` stays ``None``. Which Fachbereich belongs to which Dezernat is not printed in the
report; the assignment follows the study map (``reference-study.md``), whose per-Dezernat
totals match Tabelle 1.
"""

from __future__ import annotations

from lipkit.study.model import OrgLevel, OrgTree, OrgUnit

DEZERNATE: dict[str, str] = {
    "OBE": "Geschäftsbereich des Oberbürgermeisters",
    "I": "Dezernat I (Kulturdezernat)",
    "II": "Dezernat II (Finanz- und Ordnungsdezernat)",
    "III": "Dezernat III (Sozial- und Sportdezernat)",
    "IV": "Dezernat IV (Personal-, Bildungs-, Jugend- und Familiendezernat)",
    "V": "Dezernat V (Wirtschafts- und Umweltdezernat)",
    "VI": "Dezernat VI (Baudezernat)",
}
"""Dezernat code -> name, in the report's order (Tabelle 1)."""

DEZERNATE_EN: dict[str, str] = {
    "OBE": "Office of the Lord Mayor",
    "I": "Department I (Culture)",
    "II": "Department II (Finance and Public Order)",
    "III": "Department III (Social Affairs and Sport)",
    "IV": "Department IV (Personnel, Education, Youth and Family)",
    "V": "Department V (Economy and Environment)",
    "VI": "Department VI (Building)",
}

UNIT_NAMES: dict[str, dict[str, str]] = {
    "OBE": {"de": "Geschäftsbereich des Oberbürgermeisters", "en": "Office of the Lord Mayor"},
    "I": {"de": "Kulturdezernat", "en": "Culture"},
    "II": {"de": "Finanz- und Ordnungsdezernat", "en": "Finance and Public Order"},
    "III": {"de": "Sozial- und Sportdezernat", "en": "Social Affairs and Sport"},
    "IV": {
        "de": "Personal-, Bildungs-, Jugend- und Familiendezernat",
        "en": "Personnel, Education, Youth and Family",
    },
    "V": {"de": "Wirtschafts- und Umweltdezernat", "en": "Economy and Environment"},
    "VI": {"de": "Baudezernat", "en": "Building"},
}
"""The Dezernate's names in the org tree (org.csv ``name`` and ``name::en``): the report
writes the code beside them ("Dez. III – Sozial- und Sportdezernat")."""

FACHBEREICHE_EN: dict[str, str] = {
    "15": "Lord Mayor's Office",
    "30": "Legal Services",
    "46": "Herrenhausen Gardens",
    "41": "Culture",
    "20": "Finance",
    "32": "Public Order",
    "37": "Fire Brigade",
    "50": "Social Services",
    "52": "Sport and Swimming Pools",
    "57": "Senior Citizens",
    "18": "Personnel and Organisation",
    "40": "Schools",
    "43": "Adult Education Centre",
    "51": "Youth and Family",
    "19": "Building Management",
    "23": "Economic Affairs",
    "67": "Environment and Urban Green",
    "61": "Planning and Urban Development",
    "66": "Civil Engineering",
}

FACHBEREICHE: dict[str, tuple[str, str, int]] = {
    # code: (Dezernat, name as in Tabelle 4, respondents)
    "15": ("OBE", "Fachbereich Büro Oberbürgermeister", 7),
    "30": ("OBE", "Fachbereich Recht", 5),
    "46": ("OBE", "Fachbereich Herrenhäuser Gärten", 3),
    "41": ("I", "Fachbereich Kultur", 14),
    "20": ("II", "Fachbereich Finanzen", 13),
    "32": ("II", "Fachbereich Öffentliche Ordnung", 12),
    "37": ("II", "Fachbereich Feuerwehr", 0),
    "50": ("III", "Fachbereich Soziales", 36),
    "52": ("III", "Fachbereich Sport und Bäder", 3),
    "57": ("III", "Fachbereich Senioren", 10),
    "18": ("IV", "Fachbereich Personal und Organisation", 6),
    "40": ("IV", "Fachbereich Schule", 15),
    "43": ("IV", "Fachbereich Volkshochschule", 4),
    "51": ("IV", "Fachbereich Jugend und Familie", 34),
    "19": ("V", "Fachbereich Gebäudemanagement", 1),
    "23": ("V", "Fachbereich Wirtschaft", 8),
    "67": ("V", "Fachbereich Umwelt und Stadtgrün", 14),
    "61": ("VI", "Fachbereich Planen und Stadtentwicklung", 17),
    "66": ("VI", "Fachbereich Tiefbau", 0),
}
"""Fachbereich code -> (Dezernat code, name, respondents of the online survey)."""


def respondents_per_fachbereich() -> dict[str, int]:
    """Respondents per Fachbereich as published (Tabelle 4), units with 0 included."""
    return {code: count for code, (_dez, _name, count) in FACHBEREICHE.items()}


def respondents_per_dezernat() -> dict[str, int]:
    """Respondents per Dezernat (Tabelle 1), summed from Tabelle 4."""
    totals = dict.fromkeys(DEZERNATE, 0)
    for dezernat, _name, count in FACHBEREICHE.values():
        totals[dezernat] += count
    return totals


def build_org_tree() -> OrgTree:
    """Dezernat -> Fachbereich, each level asked by the question of the same name."""
    levels = [
        OrgLevel(
            name="dezernat", label={"de": "Dezernat", "en": "Department"}, question="dezernat"
        ),
        OrgLevel(
            name="fachbereich",
            label={"de": "Fachbereich", "en": "Division"},
            question="fachbereich",
        ),
    ]
    units = [
        OrgUnit(code=code, name=names["de"], level="dezernat", names={"en": names["en"]})
        for code, names in UNIT_NAMES.items()
    ]
    units += [
        OrgUnit(
            code=code,
            name=name,
            level="fachbereich",
            parent=dezernat,
            names={"en": FACHBEREICHE_EN[code]},
        )
        for code, (dezernat, name, _count) in FACHBEREICHE.items()
    ]
    return OrgTree(levels=levels, units=units)
