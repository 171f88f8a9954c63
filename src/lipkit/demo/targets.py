"""The reference report's published figures as data, and the counts the demo is built from.

Two kinds of numbers live here:

* ``PUBLISHED``: what the report prints (figure n's, percentages from the text, Tabelle 2
  and 3 cell by cell), to check the demo against.
* the *target counts* the generator allocates, worked out by hand so that the published
  figures come out wherever integer counts allow (see the README for the places where
  they cannot). Percentages of whole distributions go through :func:`largest_remainder`.

Respondents drop out along the way (an open link, five weeks): ``REACHED`` says, per
Dezernat, how many respondents answered up to each *stage* of the questionnaire. Every
question belongs to one stage; it is answered by the respondents who reached that stage
and for whom its filter is true (minus ``skipped`` who leave it empty).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

DEZ = ("OBE", "I", "II", "III", "IV", "V", "VI")


def _by_dez(*counts: int) -> dict[str, int]:
    assert len(counts) == len(DEZ)
    return dict(zip(DEZ, counts, strict=True))


def round_half_up(value: float) -> int:
    """Display rounding of the conventions (35.5 -> 36), not banker's rounding."""
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def percent(count: int, base: int) -> int:
    """Whole percent as the report prints it."""
    return round_half_up(100 * count / base)


def largest_remainder(shares: dict[str, float], total: int) -> dict[str, int]:
    """Integer counts summing to ``total``, proportional to ``shares`` (Hamilton method).

    Ties in the remainder go to the earlier key, so the result is deterministic.
    """
    weight = sum(shares.values())
    exact = {k: total * v / weight for k, v in shares.items()}
    counts = {k: int(x) for k, x in exact.items()}
    order = sorted(shares, key=lambda k: -(exact[k] - counts[k]))
    for k in order[: total - sum(counts.values())]:
        counts[k] += 1
    return counts


# -- stages and drop-out -------------------------------------------------------------------
STAGES = (
    "start",  # rolle, dezernat, fachbereich
    "einfluss",  # Abb. 2/3/4
    "kundenkontakt",  # Abb. 7, 8
    "mitarbeitende",  # Abb. 5, 6
    "bestrebungen",  # Abb. 9
    "fortbildungen",  # Abb. 10
    "leitbild",  # Abb. 11, 12, 13
    "zusammenarbeit",  # Abb. 14, 15, 16
    "lip2008",  # Abb. 17-20
    "neuer_lip",  # Abb. 21, 22
)

REACHED: dict[str, dict[str, int]] = {
    "start": _by_dez(15, 14, 25, 49, 59, 23, 17),  # 202, Tabelle 1
    "einfluss": _by_dez(15, 13, 25, 49, 59, 23, 17),  # 201 (Abb. 3)
    "kundenkontakt": _by_dez(13, 12, 24, 44, 52, 20, 16),  # 181
    "mitarbeitende": _by_dez(13, 12, 24, 43, 52, 20, 16),  # 180
    "bestrebungen": _by_dez(13, 12, 24, 43, 51, 20, 16),  # 179 (Abb. 9)
    "fortbildungen": _by_dez(12, 12, 24, 42, 51, 20, 16),  # 177 (Abb. 10)
    "leitbild": _by_dez(12, 12, 23, 42, 50, 20, 16),  # 175 (Abb. 11, 12)
    "zusammenarbeit": _by_dez(12, 12, 23, 41, 50, 20, 16),  # 174 (filter of Abb. 14-16)
    "lip2008": _by_dez(11, 12, 23, 41, 50, 20, 16),  # 173 (Abb. 17)
    "neuer_lip": _by_dez(11, 12, 23, 40, 50, 20, 16),  # 172 (Abb. 21, 22)
}

STAGE_OF: dict[str, str] = {
    "rolle": "start",
    "einfluss_vielfalt": "einfluss",
    "einflussbereiche": "einfluss",
    "kundenkontakt": "kundenkontakt",
    "hemmnisse": "kundenkontakt",
    "themen_vielfalt": "kundenkontakt",
    "mitarbeitende_mh": "mitarbeitende",
    "anteil_mh": "mitarbeitende",
    "folgen_mh": "mitarbeitende",
    "bestrebungen_mh": "bestrebungen",
    "fortbildungen": "fortbildungen",
    "fortbildungen_sinnvoll": "fortbildungen",
    "leitbild": "leitbild",
    "hindernisse": "leitbild",
    "massnahmen_zugaenglichkeit": "leitbild",
    "schnittpunkte": "zusammenarbeit",
    "veraenderungen": "zusammenarbeit",
    "kooperation_intern": "zusammenarbeit",
    "austauschformate": "zusammenarbeit",
    "kooperation_extern": "zusammenarbeit",
    "beteiligung_lip2008": "lip2008",
    "beteiligung_felder": "lip2008",
    "wirkungen": "lip2008",
    "controlling_bekannt": "lip2008",
    "controlling_unterstuetzung": "lip2008",
    "faktoren": "neuer_lip",
    "einbindung_neuer_lip": "neuer_lip",
}
"""Question or matrix group -> stage."""


# -- target specifications -------------------------------------------------------------------
@dataclass(frozen=True)
class Single:
    """A select_one question: option counts overall, or per Dezernat."""

    counts: dict[str, int] | None = None
    by_dezernat: dict[str, dict[str, int]] | None = None
    skipped: int = 0
    prefer_later: tuple[str, tuple[str, ...]] | None = None
    """(stage, options): give these options first to respondents who reach that later stage,
    so that a later question filtered on them gets its n (``kundenkontakt`` -> Abb. 13)."""


@dataclass(frozen=True)
class Multiple:
    """A select_multiple question: how many choose each option (overall or per Dezernat)."""

    counts: dict[str, int] | None = None
    by_dezernat: dict[str, dict[str, int]] | None = None
    skipped: int = 0


@dataclass(frozen=True)
class Matrix:
    """A matrix group: option counts per row; every respondent answers every row."""

    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    skipped: int = 0


@dataclass(frozen=True)
class Text:
    answered: int


Target = Single | Multiple | Matrix | Text


def _row(options: tuple[str, ...], *counts: int) -> dict[str, int]:
    return dict(zip(options, counts, strict=True))


def _rows_from_top2(
    options: tuple[str, ...], n: int, top2: dict[str, int], k_a: int = 1
) -> dict[str, dict[str, int]]:
    """5-point rows with a given top-2 count (2:3 over the top two); the rest spread 45/35/20
    over the lower three, ``k_a`` answers "k. A."."""
    rows = {}
    for name, top in top2.items():
        upper = top * 2 // 5
        rest = n - top - k_a
        lower = largest_remainder({"3": 45, "4": 35, "5": 20}, rest)
        rows[name] = _row(options, upper, top - upper, lower["3"], lower["4"], lower["5"], k_a)
    return rows


EINFLUSS = ("stark", "eher_stark", "moderat", "gering", "kein", "k_a")
ZUSTIMMUNG = ("voll", "eher", "teilweise", "weniger", "gar_nicht", "k_a")
MASS = ("sehr_hoch", "hoch", "moderat", "gering", "gar_nicht", "k_a")
HAEUFIGKEIT = ("sehr_haeufig", "haeufig", "gelegentlich", "selten", "nie", "k_a")
WICHTIGKEIT = ("sehr_wichtig", "eher_wichtig", "neutral", "eher_unwichtig", "unwichtig", "k_a")
VERAENDERUNG = (
    "stark_gestiegen",
    "etwas_gestiegen",
    "keine",
    "etwas_gesunken",
    "stark_gesunken",
    "k_a",
)

# Tabelle 2 (Abb. 13): respondents per Dezernat choosing each measure. Base of the printed
# percentages: all respondents of the Dezernat. "sonstiges" is not in the table (20 answers
# in all, "8 von 20 Ergänzungen"), spread by the demo.
MASSNAHMEN_BY_DEZ: dict[str, dict[str, int]] = {
    "dolmetschende": _by_dez(5, 4, 14, 30, 27, 2, 5),
    "informationsmaterial": _by_dez(6, 6, 9, 34, 22, 7, 5),
    "hinweisschilder": _by_dez(3, 6, 4, 19, 10, 5, 3),
    "faq": _by_dez(2, 3, 1, 6, 2, 2, 0),
    "multiplikatoren": _by_dez(3, 11, 2, 25, 21, 3, 6),
    "kompetenzschulungen": _by_dez(6, 5, 15, 32, 30, 6, 5),
    "sonstiges": _by_dez(2, 2, 2, 5, 5, 2, 2),
    "keine": _by_dez(2, 0, 2, 1, 3, 6, 6),
}

# Tabelle 3 (Abb. 22), same base.
EINBINDUNG_BY_DEZ: dict[str, dict[str, int]] = {
    "mitentscheidung": _by_dez(2, 4, 3, 9, 9, 2, 1),
    "entwicklung": _by_dez(2, 9, 4, 12, 19, 2, 4),
    "experte": _by_dez(3, 5, 3, 8, 8, 1, 2),
    "information": _by_dez(4, 6, 13, 29, 31, 10, 11),
    "sonstiges": _by_dez(0, 0, 1, 1, 1, 0, 0),
    "nicht_noetig": _by_dez(5, 1, 9, 10, 11, 9, 5),
}


def _transpose(by_option: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    return {d: {opt: per_dez[d] for opt, per_dez in by_option.items()} for d in DEZ}


TARGETS: dict[str, Target] = {
    # 121 / 41 / 40 (report, footnote 1)
    "rolle": Single(counts={"sgl": 121, "bl": 41, "andere": 40}),
    # Abb. 2 (n=184 substantive) and Abb. 3 (n=201 incl. 17 k. A.); top-2 per Dezernat on
    # the substantive answers: OBE 2/11=18 %, I 10/13=77 %, III 33/46=72 %, IV 34/55=62 %,
    # V 3/21=14 %; OBE and V without "starker Einfluss"; overall 98/184=53 %, moderat 44=24 %.
    "einfluss_vielfalt": Single(
        by_dezernat={
            "OBE": _row(EINFLUSS, 0, 2, 4, 3, 2, 4),
            "I": _row(EINFLUSS, 4, 6, 2, 1, 0, 0),
            "II": _row(EINFLUSS, 3, 7, 6, 5, 2, 2),
            "III": _row(EINFLUSS, 14, 19, 9, 3, 1, 3),
            "IV": _row(EINFLUSS, 12, 22, 13, 6, 2, 4),
            "V": _row(EINFLUSS, 0, 3, 6, 8, 4, 2),
            "VI": _row(EINFLUSS, 2, 4, 4, 3, 2, 2),
        }
    ),
    # Abb. 4 (n=184): top-2 68 %, 49 %, 23 %; the refugee item is not in the text (40 %).
    "einflussbereiche": Matrix(
        rows={
            "einfluss_kundschaft_mh": _row(ZUSTIMMUNG, 62, 63, 33, 14, 7, 5),
            "einfluss_themen": _row(ZUSTIMMUNG, 38, 52, 50, 27, 13, 4),
            "einfluss_kundschaft_flucht": _row(ZUSTIMMUNG, 30, 44, 46, 35, 19, 10),
            "einfluss_mitarbeitende_mh": _row(ZUSTIMMUNG, 12, 30, 48, 40, 41, 13),
        }
    ),
    # 164 of 181 (91 %) at least occasionally in contact; Abb. 7 n=164, Abb. 13 n=163.
    "kundenkontakt": Single(
        by_dezernat={
            "OBE": {"haeufig": 5, "gelegentlich": 6, "selten_nie": 2},
            "I": {"haeufig": 6, "gelegentlich": 6, "selten_nie": 0},
            "II": {"haeufig": 14, "gelegentlich": 8, "selten_nie": 2},
            "III": {"haeufig": 35, "gelegentlich": 8, "selten_nie": 1},
            "IV": {"haeufig": 32, "gelegentlich": 16, "selten_nie": 4},
            "V": {"haeufig": 5, "gelegentlich": 10, "selten_nie": 5},
            "VI": {"haeufig": 5, "gelegentlich": 8, "selten_nie": 3},
        },
        prefer_later=("leitbild", ("haeufig", "gelegentlich")),
    ),
    # Abb. 7 (n=164): top-2 55 %, 49 %, 21 %; bottom-2 of competences 76 %.
    "hemmnisse": Matrix(
        rows={
            "hemmnis_wissen": _row(MASS, 38, 52, 42, 18, 5, 9),
            "hemmnis_sprache": _row(MASS, 30, 50, 48, 23, 5, 8),
            "hemmnis_misstrauen": _row(MASS, 10, 24, 50, 45, 17, 18),
            "hemmnis_kompetenz": _row(MASS, 2, 6, 22, 70, 55, 9),
        }
    ),
    # Abb. 8: the report gives no n; 96 of 181 named topics.
    "themen_vielfalt": Text(answered=96),
    # 128 of 180 (71 %) employ staff with a migration background.
    "mitarbeitende_mh": Single(counts={"ja": 128, "nein": 40, "nicht_bekannt": 12}),
    # Abb. 5 (n=125 of 128 shown): 20/25/21/17/16/2 %.
    "anteil_mh": Single(
        counts=largest_remainder(
            {
                "unter_5": 20,
                "p5_10": 25,
                "p10_15": 21,
                "p15_20": 17,
                "ueber_20": 16,
                "nicht_bekannt": 2,
            },
            125,
        ),
        skipped=3,
    ),
    # Abb. 6 (n=128): top-2 between 40 and 50 %, top-3 over 70 %; conflicts 37 % / 50 %.
    "folgen_mh": Matrix(
        rows={
            "folge_sprachvielfalt": _row(MASS, 30, 33, 33, 18, 8, 6),
            "folge_signal": _row(MASS, 27, 31, 35, 18, 9, 8),
            "folge_kontakt": _row(MASS, 25, 30, 40, 17, 8, 8),
            "folge_kompetenz": _row(MASS, 22, 30, 42, 20, 8, 6),
            "folge_konflikte": _row(MASS, 1, 2, 8, 47, 64, 6),
        }
    ),
    # Abb. 9 (n=179): Nein 47 = 26 %, unsure/not known 73 = 41 %; Ja I 5/12 = 42 %,
    # IV 16/51 = 31 %, OBE high, the rest below 31 %.
    "bestrebungen_mh": Single(
        by_dezernat={
            "OBE": {"ja": 9, "nein": 1, "unsicher": 1, "nicht_bekannt": 2},
            "I": {"ja": 5, "nein": 2, "unsicher": 2, "nicht_bekannt": 3},
            "II": {"ja": 7, "nein": 5, "unsicher": 5, "nicht_bekannt": 7},
            "III": {"ja": 13, "nein": 11, "unsicher": 8, "nicht_bekannt": 11},
            "IV": {"ja": 16, "nein": 14, "unsicher": 8, "nicht_bekannt": 13},
            "V": {"ja": 5, "nein": 8, "unsicher": 3, "nicht_bekannt": 4},
            "VI": {"ja": 4, "nein": 6, "unsicher": 3, "nicht_bekannt": 3},
        }
    ),
    # Abb. 10 (n=177): 71 % at least individual staff, 14 % the whole team.
    "fortbildungen": Single(
        counts={"ja_team": 25, "ja_einzelne": 101, "nein": 29, "nicht_bekannt": 22}
    ),
    # of those answering "Nein"/"Nicht bekannt", 37 answered, 30 % (11) find it useful.
    "fortbildungen_sinnvoll": Single(counts={"ja": 11, "nein": 26}, skipped=14),
    # Abb. 11 (n=175): not known 42 %, Fachbereich 30 %, Dezernat 23 %.
    "leitbild": Multiple(
        counts={
            "dezernat": 40,
            "fachbereich": 52,
            "sachgebiet": 26,
            "nein": 14,
            "nicht_bekannt": 73,
        }
    ),
    # Abb. 12 (n=175): staff 43 %, coordination 31 %, top management 27 %, funds 26 %.
    "hindernisse": Multiple(
        counts={
            "personal": 75,
            "koordinierung": 54,
            "fuehrung": 47,
            "finanzen": 45,
            "komplex": 19,
            "anderes": 16,
            "kein_bedarf": 10,
            "keine_hindernisse": 32,
        }
    ),
    # Abb. 13 (n=163) by Dezernat = Tabelle 2.
    "massnahmen_zugaenglichkeit": Multiple(by_dezernat=_transpose(MASSNAHMEN_BY_DEZ)),
    # 127 of 174 (73 %) have overlaps with the topic: the n of Abb. 14 and 16.
    "schnittpunkte": Single(
        by_dezernat={
            "OBE": {"ja": 12, "nein": 0},
            "I": {"ja": 11, "nein": 1},
            "II": {"ja": 23, "nein": 0},
            "III": {"ja": 29, "nein": 12},
            "IV": {"ja": 22, "nein": 28},
            "V": {"ja": 20, "nein": 0},
            "VI": {"ja": 10, "nein": 6},
        }
    ),
    # exchange: strongly 17 %, somewhat 39 %, no decrease; own measures 26 %, 29 %, 3 % down.
    "veraenderungen": Matrix(
        rows={
            "veraenderung_austausch": _row(VERAENDERUNG, 22, 50, 45, 0, 0, 10),
            "veraenderung_massnahmen": _row(VERAENDERUNG, 33, 37, 43, 3, 1, 10),
        }
    ),
    # Abb. 14 (n=127): Ja 81 = 64 %, Nein 39 = 31 %; OBE 100 %, I 4/11 = 36 %, II 21/23 = 91 %,
    # III 10/29 = 34 %, IV 8/22 = 36 %, VI 7/10 = 70 %.
    "kooperation_intern": Single(
        by_dezernat={
            "OBE": {"ja": 12, "nein": 0, "nicht_bekannt": 0},
            "I": {"ja": 4, "nein": 6, "nicht_bekannt": 1},
            "II": {"ja": 21, "nein": 2, "nicht_bekannt": 0},
            "III": {"ja": 10, "nein": 17, "nicht_bekannt": 2},
            "IV": {"ja": 8, "nein": 12, "nicht_bekannt": 2},
            "V": {"ja": 19, "nein": 1, "nicht_bekannt": 0},
            "VI": {"ja": 7, "nein": 1, "nicht_bekannt": 2},
        }
    ),
    # Abb. 15 (n=79 of 81 shown): working groups "knapp ein Drittel", unit "knapp über ein Viertel".
    "austauschformate": Matrix(
        rows={
            "format_bilateral": _row(HAEUFIGKEIT, 14, 22, 25, 10, 4, 4),
            "format_arbeitsgruppen": _row(HAEUFIGKEIT, 8, 17, 20, 16, 13, 5),
            "format_bereich_migration": _row(HAEUFIGKEIT, 6, 15, 22, 18, 13, 5),
            "format_gremien": _row(HAEUFIGKEIT, 4, 10, 18, 20, 21, 6),
            "format_runder_tisch": _row(HAEUFIGKEIT, 2, 7, 15, 22, 27, 6),
        },
        skipped=2,
    ),
    # Abb. 16 (n=127): Ja 67 = 53 %, Nein 54 = 43 %; OBE 9/12 = 75 %, I 7/11 = 64 %,
    # III 17/29 = 59 %.
    "kooperation_extern": Single(
        by_dezernat={
            "OBE": {"ja": 9, "nein": 3, "nicht_bekannt": 0},
            "I": {"ja": 7, "nein": 4, "nicht_bekannt": 0},
            "II": {"ja": 12, "nein": 10, "nicht_bekannt": 1},
            "III": {"ja": 17, "nein": 11, "nicht_bekannt": 1},
            "IV": {"ja": 10, "nein": 11, "nicht_bekannt": 1},
            "V": {"ja": 7, "nein": 12, "nicht_bekannt": 1},
            "VI": {"ja": 5, "nein": 3, "nicht_bekannt": 2},
        }
    ),
    # Abb. 17 (n=173): Ja 31 = 18 %; OBE 2/11 = 18 %, I 3/12 = 25 %, II 3/23 = 13 %,
    # III 5/41 = 12 %, IV 9/50 = 18 %, V 5/20 = 25 %, VI 4/16 = 25 %.
    "beteiligung_lip2008": Single(
        by_dezernat={
            "OBE": {"ja": 2, "nein": 9},
            "I": {"ja": 3, "nein": 9},
            "II": {"ja": 3, "nein": 20},
            "III": {"ja": 5, "nein": 36},
            "IV": {"ja": 9, "nein": 41},
            "V": {"ja": 5, "nein": 15},
            "VI": {"ja": 4, "nein": 12},
        }
    ),
    # Abb. 18 (n=31): Soziales 39 %, Stadtverwaltung/Stadtleben/Bildung 23 % each.
    "beteiligung_felder": Multiple(
        counts={
            "soziales": 12,
            "stadtverwaltung": 7,
            "stadtleben": 7,
            "bildung": 7,
            "demokratie": 2,
            "wirtschaft": 2,
            "anderes": 3,
            "nicht_sicher": 4,
        }
    ),
    # Abb. 19 (n=31): top-2 counts nearest to the printed 51/41/48/47/42/32/21/32/23/19/7 %.
    "wirkungen": Matrix(
        rows=_rows_from_top2(
            ZUSTIMMUNG,
            31,
            {
                "wirkung_aufmerksamkeit_verwaltung": 16,
                "wirkung_aufmerksamkeit_oeffentlichkeit": 13,
                "wirkung_transparenz": 15,
                "wirkung_professionalisierung": 15,
                "wirkung_schnittstellen": 13,
                "wirkung_abstimmung_extern": 10,
                "wirkung_abstimmung_intern": 7,
                "wirkung_kooperationen": 10,
                "wirkung_folgemassnahmen": 7,
                "wirkung_nachhaltigkeit": 6,
                "wirkung_messbarkeit": 2,
            },
        )
    ),
    "controlling_bekannt": Single(counts={"ja": 23, "nein": 8}),
    # Abb. 20 (n=23): 57 % low or very low; nobody above "moderat".
    "controlling_unterstuetzung": Single(
        counts={"sehr_hoch": 0, "hoch": 0, "moderat": 6, "gering": 8, "sehr_gering": 5, "k_a": 4}
    ),
    # Abb. 21 (n=172): top-2 79/76/68/67/65/62 %; the two working-group items are not in the
    # text (55 %, 50 %).
    "faktoren": Matrix(
        rows=_rows_from_top2(
            WICHTIGKEIT,
            172,
            {
                "faktor_verantwortlichkeiten": 136,
                "faktor_fortentwicklung": 131,
                "faktor_strategische_ziele": 117,
                "faktor_budget": 115,
                "faktor_controlling": 112,
                "faktor_beteiligungsprozess": 107,
                "faktor_ag_umsetzung": 95,
                "faktor_ag_erstellung": 86,
            },
            k_a=4,
        )
    ),
    # Abb. 22 (n=172) by Dezernat = Tabelle 3.
    "einbindung_neuer_lip": Multiple(by_dezernat=_transpose(EINBINDUNG_BY_DEZ)),
}


# -- what the report prints ------------------------------------------------------------------
PUBLISHED_N: dict[str, int] = {
    "Abb. 2": 184,
    "Abb. 3": 201,
    "Abb. 4": 184,
    "Abb. 5": 125,
    "Abb. 6": 128,
    "Abb. 7": 164,
    "Abb. 9": 179,
    "Abb. 10": 177,
    "Abb. 11": 175,
    "Abb. 12": 175,
    "Abb. 13": 163,
    "Abb. 14": 127,
    "Abb. 15": 79,
    "Abb. 16": 127,
    "Abb. 17": 173,
    "Abb. 18": 31,
    "Abb. 19": 31,
    "Abb. 20": 23,
    "Abb. 21": 172,
    "Abb. 22": 172,
}

FIGURE_QUESTION: dict[str, str] = {
    "Abb. 2": "einfluss_vielfalt",
    "Abb. 3": "einfluss_vielfalt",
    "Abb. 4": "einfluss_kundschaft_mh",
    "Abb. 5": "anteil_mh",
    "Abb. 6": "folge_sprachvielfalt",
    "Abb. 7": "hemmnis_wissen",
    "Abb. 8": "themen_vielfalt",
    "Abb. 9": "bestrebungen_mh",
    "Abb. 10": "fortbildungen",
    "Abb. 11": "leitbild",
    "Abb. 12": "hindernisse",
    "Abb. 13": "massnahmen_zugaenglichkeit",
    "Abb. 14": "kooperation_intern",
    "Abb. 15": "format_bilateral",
    "Abb. 16": "kooperation_extern",
    "Abb. 17": "beteiligung_lip2008",
    "Abb. 18": "beteiligung_felder",
    "Abb. 19": "wirkung_aufmerksamkeit_verwaltung",
    "Abb. 20": "controlling_unterstuetzung",
    "Abb. 21": "faktor_verantwortlichkeiten",
    "Abb. 22": "einbindung_neuer_lip",
}
"""Figure -> a question (or the first matrix row) it shows."""

TABELLE_2: dict[str, dict[str, int]] = {
    "dolmetschende": _by_dez(33, 29, 56, 61, 46, 9, 29),
    "informationsmaterial": _by_dez(40, 43, 36, 69, 37, 30, 29),
    "hinweisschilder": _by_dez(20, 43, 16, 39, 17, 22, 18),
    "faq": _by_dez(13, 21, 4, 12, 3, 9, 0),
    "multiplikatoren": _by_dez(20, 79, 8, 51, 36, 13, 35),
    "kompetenzschulungen": _by_dez(40, 35, 60, 65, 51, 26, 29),
    "keine": _by_dez(13, 0, 8, 2, 5, 26, 35),
}
"""Tabelle 2 as printed: percent of all respondents of the Dezernat."""

TABELLE_3: dict[str, dict[str, int]] = {
    "mitentscheidung": _by_dez(13, 29, 12, 18, 15, 9, 6),
    "entwicklung": _by_dez(13, 64, 16, 24, 32, 9, 24),
    "experte": _by_dez(20, 36, 12, 16, 14, 4, 12),
    "information": _by_dez(27, 43, 52, 59, 53, 43, 65),
    "nicht_noetig": _by_dez(33, 7, 36, 20, 19, 39, 29),
}
"""Tabelle 3 as printed: percent of all respondents of the Dezernat."""


@dataclass(frozen=True)
class Published:
    """One percentage the report prints: share choosing ``options`` among ``base``."""

    figure: str
    question: str
    options: tuple[str, ...]
    percent: int
    dezernat: str | None = None
    base: str = "answered"
    """``answered`` (incl. k. A.), ``valid`` (k. A. excluded) or ``group`` (all respondents)."""


def _published() -> list[Published]:
    P = Published
    top2_z = ("voll", "eher")
    found: list[Published] = [
        P("Kap. 2.2", "rolle", ("sgl",), 60, base="group"),
        P("Kap. 2.2", "rolle", ("bl",), 20, base="group"),
        P("Kap. 2.2", "rolle", ("andere",), 20, base="group"),
        P("Abb. 2", "einfluss_vielfalt", ("stark", "eher_stark"), 53, base="valid"),
        P("Abb. 2", "einfluss_vielfalt", ("moderat",), 24, base="valid"),
    ]
    for dez, pct in {"I": 77, "III": 72, "IV": 62, "OBE": 18, "V": 14}.items():
        found.append(P("Abb. 3", "einfluss_vielfalt", ("stark", "eher_stark"), pct, dez, "valid"))
    found += [
        P("Abb. 3", "einfluss_vielfalt", ("stark",), 0, "OBE", "valid"),
        P("Abb. 3", "einfluss_vielfalt", ("stark",), 0, "V", "valid"),
        P("Abb. 4", "einfluss_kundschaft_mh", top2_z, 68),
        P("Abb. 4", "einfluss_themen", top2_z, 49),
        P("Abb. 4", "einfluss_mitarbeitende_mh", top2_z, 23),
        P("Kap. 3.1", "mitarbeitende_mh", ("ja",), 71),
        P("Kap. 3.1", "kundenkontakt", ("haeufig", "gelegentlich"), 91),
        P("Abb. 5", "anteil_mh", ("unter_5",), 20),
        P("Abb. 5", "anteil_mh", ("p5_10",), 25),
        P("Abb. 5", "anteil_mh", ("p10_15",), 21),
        P("Abb. 5", "anteil_mh", ("p15_20",), 17),
        P("Abb. 5", "anteil_mh", ("ueber_20",), 16),
        P("Abb. 5", "anteil_mh", ("nicht_bekannt",), 2),
        P("Abb. 6", "folge_konflikte", ("gering",), 37),
        P("Abb. 6", "folge_konflikte", ("gar_nicht",), 50),
        P("Abb. 7", "hemmnis_wissen", ("sehr_hoch", "hoch"), 55),
        P("Abb. 7", "hemmnis_sprache", ("sehr_hoch", "hoch"), 49),
        P("Abb. 7", "hemmnis_misstrauen", ("sehr_hoch", "hoch"), 21),
        P("Abb. 7", "hemmnis_kompetenz", ("gering", "gar_nicht"), 76),
        P("Kap. 3.1", "schnittpunkte", ("ja",), 73),
        P("Kap. 3.1", "veraenderung_austausch", ("stark_gestiegen",), 17),
        P("Kap. 3.1", "veraenderung_austausch", ("etwas_gestiegen",), 39),
        P("Kap. 3.1", "veraenderung_austausch", ("etwas_gesunken", "stark_gesunken"), 0),
        P("Kap. 3.1", "veraenderung_massnahmen", ("stark_gestiegen",), 26),
        P("Kap. 3.1", "veraenderung_massnahmen", ("etwas_gestiegen",), 29),
        P("Kap. 3.1", "veraenderung_massnahmen", ("etwas_gesunken", "stark_gesunken"), 3),
        P("Abb. 9", "bestrebungen_mh", ("nein",), 26),
        P("Abb. 9", "bestrebungen_mh", ("unsicher", "nicht_bekannt"), 41),
        P("Abb. 9", "bestrebungen_mh", ("ja",), 42, "I"),
        P("Abb. 9", "bestrebungen_mh", ("ja",), 31, "IV"),
        P("Abb. 10", "fortbildungen", ("ja_team", "ja_einzelne"), 71),
        P("Abb. 10", "fortbildungen", ("ja_team",), 14),
        P("Kap. 3.2.1", "fortbildungen_sinnvoll", ("ja",), 30),
        P("Abb. 11", "leitbild", ("nicht_bekannt",), 42),
        P("Abb. 11", "leitbild", ("fachbereich",), 30),
        P("Abb. 11", "leitbild", ("dezernat",), 23),
        P("Abb. 12", "hindernisse", ("personal",), 43),
        P("Abb. 12", "hindernisse", ("koordinierung",), 31),
        P("Abb. 12", "hindernisse", ("fuehrung",), 27),
        P("Abb. 12", "hindernisse", ("finanzen",), 26),
        P("Abb. 13", "massnahmen_zugaenglichkeit", ("kompetenzschulungen",), 59),
        P("Abb. 13", "massnahmen_zugaenglichkeit", ("informationsmaterial",), 54),
        P("Abb. 13", "massnahmen_zugaenglichkeit", ("dolmetschende",), 53),
    ]
    for option, row in TABELLE_2.items():
        for dez, pct in row.items():
            found.append(P("Tab. 2", "massnahmen_zugaenglichkeit", (option,), pct, dez, "group"))
    found += [
        P("Abb. 14", "kooperation_intern", ("ja",), 64),
        P("Abb. 14", "kooperation_intern", ("nein",), 31),
    ]
    for dez, pct in {"OBE": 100, "II": 91, "VI": 70, "I": 36, "III": 34, "IV": 36}.items():
        found.append(P("Abb. 14", "kooperation_intern", ("ja",), pct, dez))
    found += [
        P("Abb. 16", "kooperation_extern", ("ja",), 53),
        P("Abb. 16", "kooperation_extern", ("nein",), 43),
    ]
    for dez, pct in {"OBE": 75, "I": 64, "III": 59}.items():
        found.append(P("Abb. 16", "kooperation_extern", ("ja",), pct, dez))
    found.append(P("Abb. 17", "beteiligung_lip2008", ("ja",), 18))
    for dez, pct in {"OBE": 18, "I": 25, "III": 12, "IV": 18, "V": 25, "VI": 25}.items():
        found.append(P("Abb. 17", "beteiligung_lip2008", ("ja",), pct, dez))
    for option, pct in {
        "soziales": 39,
        "stadtverwaltung": 23,
        "stadtleben": 23,
        "bildung": 23,
    }.items():
        found.append(P("Abb. 18", "beteiligung_felder", (option,), pct))
    for item, pct in {
        "aufmerksamkeit_verwaltung": 51,
        "aufmerksamkeit_oeffentlichkeit": 41,
        "transparenz": 48,
        "professionalisierung": 47,
        "schnittstellen": 42,
        "abstimmung_extern": 32,
        "abstimmung_intern": 21,
        "kooperationen": 32,
        "messbarkeit": 7,
        "nachhaltigkeit": 19,
        "folgemassnahmen": 23,
    }.items():
        found.append(P("Abb. 19", f"wirkung_{item}", top2_z, pct))
    found += [
        P("Abb. 20", "controlling_unterstuetzung", ("gering", "sehr_gering"), 57),
        P("Abb. 20", "controlling_unterstuetzung", ("sehr_hoch", "hoch"), 0),
    ]
    for item, pct in {
        "verantwortlichkeiten": 79,
        "fortentwicklung": 76,
        "strategische_ziele": 68,
        "budget": 67,
        "controlling": 65,
        "beteiligungsprozess": 62,
    }.items():
        found.append(P("Abb. 21", f"faktor_{item}", ("sehr_wichtig", "eher_wichtig"), pct))
    for option, pct in {
        "information": 60,
        "entwicklung": 30,
        "nicht_noetig": 29,
        "mitentscheidung": 17,
        "experte": 17,
        "sonstiges": 2,
    }.items():
        found.append(P("Abb. 22", "einbindung_neuer_lip", (option,), pct))
    for option, row in TABELLE_3.items():
        for dez, pct in row.items():
            found.append(P("Tab. 3", "einbindung_neuer_lip", (option,), pct, dez, "group"))
    return found


PUBLISHED: list[Published] = _published()
"""Every percentage of the report the demo models (text, figure labels, Tabelle 2 and 3)."""

KNOWN_MISMATCHES: frozenset[tuple[str, str, str, str | None]] = frozenset(
    {
        # (figure, question, first option, Dezernat) -- see README.md for why
        ("Tab. 2", "massnahmen_zugaenglichkeit", "kompetenzschulungen", "I"),
        ("Abb. 13", "massnahmen_zugaenglichkeit", "kompetenzschulungen", None),
        ("Abb. 13", "massnahmen_zugaenglichkeit", "informationsmaterial", None),
        ("Abb. 19", "wirkung_aufmerksamkeit_verwaltung", "voll", None),
        ("Abb. 19", "wirkung_aufmerksamkeit_oeffentlichkeit", "voll", None),
        ("Abb. 19", "wirkung_professionalisierung", "voll", None),
        ("Abb. 19", "wirkung_abstimmung_intern", "voll", None),
        ("Abb. 19", "wirkung_messbarkeit", "voll", None),
    }
)
"""Published percentages no integer count can meet together with the rest."""
