"""The demo questionnaire: the online survey behind the reference report's figures.

Wording and answer options follow the figure titles and legends of the report (Abbildung
2-22). Questions the report mentions only in its text (the filter questions on customer
contact, staff with a migration background, overlaps with the topic, the 2008 plan) are
worded after that text. Filters (``relevant``) are chosen so that the published n's come
out; see ``targets.py`` and the README for the numbers.
"""

from __future__ import annotations

from lipkit.demo.org import DEZERNATE, DEZERNATE_EN, FACHBEREICHE
from lipkit.study.model import (
    Choice,
    ChoiceList,
    Group,
    Item,
    Question,
    Questionnaire,
    QuestionType,
    ScaleOrder,
    Settings,
)

FORM_TITLE = "Evaluation des Lokalen Integrationsplans 2008 - Onlineumfrage (Demo)"
FORM_ID = "lipkit_demo_lip2008"

SO = QuestionType.SELECT_ONE
SM = QuestionType.SELECT_MULTIPLE

K_A = Choice(name="k_a", label={"de": "k. A.", "en": "no answer"}, missing=True)

# -- filters ---------------------------------------------------------------------------------
# Kept to the simple forms ``${q} = 'x'``, ``${q} != 'x'`` joined by ``or``/``and`` (never
# mixed), so the generator and the tests can evaluate them without the expression engine.
EINFLUSS_ANSWERED = "${einfluss_vielfalt} != '' and ${einfluss_vielfalt} != 'k_a'"
KUNDENKONTAKT = "${kundenkontakt} = 'haeufig' or ${kundenkontakt} = 'gelegentlich'"
MITARBEITENDE_MH = "${mitarbeitende_mh} = 'ja'"
FORTBILDUNG_KEINE = "${fortbildungen} = 'nein' or ${fortbildungen} = 'nicht_bekannt'"
SCHNITTPUNKTE = "${schnittpunkte} = 'ja'"
KOOPERATION_INTERN = "${kooperation_intern} = 'ja'"
BETEILIGT = "${beteiligung_lip2008} = 'ja'"
CONTROLLING_BEKANNT = "${controlling_bekannt} = 'ja'"


def _choices(
    name: str,
    options: list[tuple[str, str, str]],
    *,
    k_a: bool = False,
    exclusive: tuple[str, ...] = (),
) -> ChoiceList:
    choices = [
        Choice(name=code, label={"de": de, "en": en}, exclusive=code in exclusive)
        for code, de, en in options
    ]
    if k_a:
        choices.append(K_A.model_copy())
    return ChoiceList(name=name, choices=choices)


def _q(
    name: str,
    qtype: QuestionType,
    de: str,
    en: str,
    *,
    list_name: str | None = None,
    relevant: str | None = None,
    scale: ScaleOrder | None = None,
    appearance: str | None = None,
    required: bool = False,
    org_level: str | None = None,
    choice_filter: str | None = None,
) -> Question:
    return Question(
        name=name,
        type=qtype,
        list_name=list_name,
        label={"de": de, "en": en},
        relevant=relevant,
        scale=scale,
        appearance=appearance,
        required=required,
        org_level=org_level,
        choice_filter=choice_filter,
    )


def _matrix(
    name: str,
    de: str,
    en: str,
    list_name: str,
    rows: list[tuple[str, str, str]],
    *,
    relevant: str | None = None,
) -> Group:
    """A field-list group of likert rows sharing one 5-point scale with k. A."""
    items: list[Item] = [
        _q(
            row,
            SO,
            row_de,
            row_en,
            list_name=list_name,
            scale=ScaleOrder.POSITIVE_FIRST,
            appearance="likert",
        )
        for row, row_de, row_en in rows
    ]
    return Group(
        name=name,
        label={"de": de, "en": en},
        relevant=relevant,
        appearance="field-list",
        items=items,
    )


def _choice_lists() -> dict[str, ChoiceList]:
    lists = [
        _choices(
            "rolle",
            [
                ("sgl", "Sachgebietsleitung", "Head of section"),
                ("bl", "Bereichsleitung", "Head of unit"),
                ("andere", "Andere Funktion", "Other function"),
            ],
        ),
        ChoiceList(
            name="dezernat",
            choices=[
                Choice(name=code, label={"de": name, "en": DEZERNATE_EN[code]})
                for code, name in DEZERNATE.items()
            ],
        ),
        ChoiceList(
            name="fachbereich",
            choices=[
                Choice(
                    name=code,
                    label={"de": f"{code}: {name}", "en": f"{code}: {name}"},
                    filters={"dezernat": dezernat},
                )
                for code, (dezernat, name, _n) in FACHBEREICHE.items()
            ],
        ),
        _choices(
            "einfluss",
            [
                ("stark", "starker Einfluss", "strong influence"),
                ("eher_stark", "eher starker Einfluss", "rather strong influence"),
                ("moderat", "moderater Einfluss", "moderate influence"),
                ("gering", "geringer Einfluss", "little influence"),
                ("kein", "kein Einfluss", "no influence"),
            ],
            k_a=True,
        ),
        _choices(
            "zustimmung",
            [
                ("voll", "Stimme voll zu", "Fully agree"),
                ("eher", "Stimme eher zu", "Rather agree"),
                ("teilweise", "Stimme teilweise zu", "Partly agree"),
                ("weniger", "Stimme weniger zu", "Rather disagree"),
                ("gar_nicht", "Stimme gar nicht zu", "Fully disagree"),
            ],
            k_a=True,
        ),
        _choices(
            "mass",
            [
                ("sehr_hoch", "In sehr hohem Maße", "To a very high degree"),
                ("hoch", "In hohem Maße", "To a high degree"),
                ("moderat", "In moderatem Maße", "To a moderate degree"),
                ("gering", "In geringem Maße", "To a low degree"),
                ("gar_nicht", "In gar keinem Maße", "Not at all"),
            ],
            k_a=True,
        ),
        _choices(
            "mass_controlling",
            [
                ("sehr_hoch", "In sehr hohem Maße", "To a very high degree"),
                ("hoch", "In hohem Maße", "To a high degree"),
                ("moderat", "In moderatem Maße", "To a moderate degree"),
                ("gering", "In geringem Maße", "To a low degree"),
                ("sehr_gering", "In sehr geringem Maße", "To a very low degree"),
            ],
            k_a=True,
        ),
        _choices(
            "kundenkontakt",
            [
                ("haeufig", "Ja, häufig", "Yes, often"),
                ("gelegentlich", "Ja, gelegentlich", "Yes, occasionally"),
                ("selten_nie", "Selten oder nie", "Rarely or never"),
            ],
        ),
        _choices(
            "ja_nein",
            [("ja", "Ja", "Yes"), ("nein", "Nein", "No")],
        ),
        _choices(
            "ja_nein_nb",
            [
                ("ja", "Ja", "Yes"),
                ("nein", "Nein", "No"),
                ("nicht_bekannt", "Nicht bekannt", "Not known"),
            ],
        ),
        _choices(
            "anteil_mh",
            [
                ("unter_5", "Unter 5 Prozent", "Below 5 per cent"),
                ("p5_10", "5-10 Prozent", "5-10 per cent"),
                ("p10_15", "10-15 Prozent", "10-15 per cent"),
                ("p15_20", "15-20 Prozent", "15-20 per cent"),
                ("ueber_20", "Über 20 Prozent", "Over 20 per cent"),
                ("nicht_bekannt", "Nicht bekannt", "Not known"),
            ],
        ),
        _choices(
            "veraenderung",
            [
                ("stark_gestiegen", "Stark angestiegen", "Increased strongly"),
                ("etwas_gestiegen", "Etwas angestiegen", "Increased somewhat"),
                ("keine", "Keine Veränderung", "No change"),
                ("etwas_gesunken", "Etwas zurückgegangen", "Decreased somewhat"),
                ("stark_gesunken", "Stark zurückgegangen", "Decreased strongly"),
            ],
            k_a=True,
        ),
        _choices(
            "bestrebungen",
            [
                ("ja", "Ja", "Yes"),
                ("nein", "Nein", "No"),
                ("unsicher", "Ich bin nicht sicher", "I am not sure"),
                ("nicht_bekannt", "Nicht bekannt", "Not known"),
            ],
        ),
        _choices(
            "fortbildungen",
            [
                ("ja_team", "Ja, mit dem gesamten Team.", "Yes, with the whole team."),
                (
                    "ja_einzelne",
                    "Ja, einzelne Mitarbeiter*innen haben an interkulturellen "
                    "Kompetenz-Fortbildungen teilgenommen.",
                    "Yes, individual staff took part in intercultural competence training.",
                ),
                ("nein", "Nein", "No"),
                ("nicht_bekannt", "Nicht bekannt", "Not known"),
            ],
        ),
        _choices(
            "leitbild",
            [
                ("dezernat", "Ja, auf Ebene meines Dezernats", "Yes, at my department's level"),
                ("fachbereich", "Ja, auf Ebene meines Fachbereichs", "Yes, at my division's level"),
                (
                    "sachgebiet",
                    "Ja, auf Ebene meines Sachgebiets/meiner Sachgebiete",
                    "Yes, at the level of my section(s)",
                ),
                ("nein", "Nein, gar nicht", "No, not at all"),
                ("nicht_bekannt", "Nicht bekannt", "Not known"),
            ],
            exclusive=("nein", "nicht_bekannt"),
        ),
        _choices(
            "hindernisse",
            [
                ("personal", "Es mangelt an Personal.", "There is a lack of staff."),
                ("koordinierung", "Es fehlt an Koordinierung.", "There is a lack of coordination."),
                (
                    "fuehrung",
                    "Es mangelt an Impulsen der Führungsspitze.",
                    "There is a lack of impulses from the top management.",
                ),
                (
                    "finanzen",
                    "Es mangelt an finanziellen Mitteln.",
                    "There is a lack of funds.",
                ),
                ("komplex", "Die Thematik ist zu komplex.", "The topic is too complex."),
                (
                    "anderes",
                    "Anderes Hindernis (bitte angeben).",
                    "Other obstacle (please specify).",
                ),
                (
                    "kein_bedarf",
                    "Ich sehe keinen Bedarf einer weiteren interkulturellen Öffnung.",
                    "I see no need for further intercultural opening.",
                ),
                ("keine_hindernisse", "Ich sehe keine Hindernisse.", "I see no obstacles."),
            ],
            exclusive=("keine_hindernisse",),
        ),
        _choices(
            "massnahmen",
            [
                (
                    "kompetenzschulungen",
                    "Interkulturelle Kompetenzschulungen",
                    "Intercultural competence training",
                ),
                (
                    "informationsmaterial",
                    "Mehrsprachiges Informationsmaterial",
                    "Multilingual information material",
                ),
                (
                    "dolmetschende",
                    "Nutzung von Dolmetscher*innen/Sprachmittler*innen",
                    "Use of interpreters/language mediators",
                ),
                (
                    "multiplikatoren",
                    "Zusammenarbeit mit externen Multiplikator*innen in Kontakt zur Zielgruppe",
                    "Cooperation with external multipliers in contact with the target group",
                ),
                (
                    "hinweisschilder",
                    "Mehrsprachige/visuelle Hinweisschilder",
                    "Multilingual/visual signs",
                ),
                (
                    "faq",
                    "FAQs für Menschen mit Migrationshintergrund",
                    "FAQs for people with a migration background",
                ),
                ("sonstiges", "Sonstiges", "Other"),
                ("keine", "Wir nutzen keine solcher Maßnahmen", "We use no such measures"),
            ],
            exclusive=("keine",),
        ),
        _choices(
            "haeufigkeit",
            [
                ("sehr_haeufig", "Sehr häufig", "Very often"),
                ("haeufig", "Häufig", "Often"),
                ("gelegentlich", "Gelegentlich", "Occasionally"),
                ("selten", "Selten", "Rarely"),
                ("nie", "Nie", "Never"),
            ],
            k_a=True,
        ),
        _choices(
            "felder",
            [
                ("soziales", "Soziales", "Social affairs"),
                ("stadtverwaltung", "Stadtverwaltung", "City administration"),
                ("stadtleben", "Stadtleben", "City life"),
                ("bildung", "Bildung", "Education"),
                ("demokratie", "Demokratie", "Democracy"),
                ("wirtschaft", "Wirtschaft", "Economy"),
                ("anderes", "Anderes Feld (bitte angeben)", "Other field (please specify)"),
                ("nicht_sicher", "Ich bin nicht sicher.", "I am not sure."),
            ],
            exclusive=("nicht_sicher",),
        ),
        _choices(
            "wichtigkeit",
            [
                ("sehr_wichtig", "Sehr wichtig", "Very important"),
                ("eher_wichtig", "Eher wichtig", "Rather important"),
                ("neutral", "Neutral", "Neutral"),
                ("eher_unwichtig", "Eher unwichtig", "Rather unimportant"),
                ("unwichtig", "Unwichtig", "Unimportant"),
            ],
            k_a=True,
        ),
        _choices(
            "einbindung",
            [
                (
                    "information",
                    "Information über den Prozess erhalten",
                    "Receive information about the process",
                ),
                (
                    "entwicklung",
                    "Entwicklung von Zielen und Maßnahmen",
                    "Develop goals and measures",
                ),
                (
                    "mitentscheidung",
                    "Mitentscheidung über Ziele und Maßnahmen",
                    "Co-decide on goals and measures",
                ),
                (
                    "experte",
                    "Als Experte/ Input-Geber/ Sounding-Board",
                    "As expert/ input provider/ sounding board",
                ),
                ("sonstiges", "Sonstiges (bitte angeben)", "Other (please specify)"),
                (
                    "nicht_noetig",
                    "Ich muss nicht beteiligt und einbezogen werden.",
                    "I need not be involved.",
                ),
            ],
            exclusive=("nicht_noetig",),
        ),
    ]
    return {cl.name: cl for cl in lists}


SACHGEBIET = "in Ihrem Sachgebiet/Ihren Sachgebieten"


def _survey() -> list[Question | Group]:
    return [
        Group(
            name="person",
            label={"de": "Angaben zur Person", "en": "About you"},
            items=[
                _q(
                    "rolle",
                    SO,
                    "Welche Funktion haben Sie?",
                    "What is your role?",
                    list_name="rolle",
                    required=True,
                ),
                _q(
                    "dezernat",
                    SO,
                    "In welchem Dezernat arbeiten Sie?",
                    "In which department do you work?",
                    list_name="dezernat",
                    required=True,
                    org_level="dezernat",
                ),
                _q(
                    "fachbereich",
                    SO,
                    "In welchem Fachbereich arbeiten Sie?",
                    "In which division do you work?",
                    list_name="fachbereich",
                    required=True,
                    org_level="fachbereich",
                    choice_filter="dezernat=${dezernat}",
                ),
            ],
        ),
        Group(
            name="relevanz",
            label={"de": "Relevanz der Thematik", "en": "Relevance of the topic"},
            items=[
                _q(
                    "einfluss_vielfalt",
                    SO,
                    "Wie stark ist der Einfluss der gestiegenen kulturellen Vielfalt auf den "
                    f"Arbeitsalltag {SACHGEBIET}?",
                    "How strongly does the increased cultural diversity influence the daily "
                    "work of your section(s)?",
                    list_name="einfluss",
                    scale=ScaleOrder.POSITIVE_FIRST,
                ),
                _matrix(
                    "einflussbereiche",
                    "Inwieweit stimmen Sie den folgenden Aussagen zu?",
                    "How far do you agree with the following statements?",
                    "zustimmung",
                    [
                        (
                            "einfluss_kundschaft_mh",
                            "Der Anteil an Kundschaft bzw. Bürger*innen mit Migrationshintergrund, "
                            "mit denen mein Sachgebiet/meine Sachgebiete Kontakt haben, hat "
                            "zugenommen.",
                            "The share of customers/citizens with a migration background my "
                            "section(s) deal with has grown.",
                        ),
                        (
                            "einfluss_themen",
                            "In der Arbeit meines Sachgebiets/meiner Sachgebiete spielen mit der "
                            "gestiegenen kulturellen Vielfalt zusammenhängende Themen (u.a. "
                            "Integration, Einwanderung, Interkulturalität) zunehmend eine Rolle.",
                            "Topics linked to the increased cultural diversity (integration, "
                            "immigration, interculturality) play a growing role in my section's "
                            "work.",
                        ),
                        (
                            "einfluss_kundschaft_flucht",
                            "Der Anteil an Kundschaft bzw. Bürger*innen mit Fluchtgeschichte, mit "
                            "denen mein Sachgebiet/meine Sachgebiete Kontakt haben, hat "
                            "zugenommen.",
                            "The share of customers/citizens with a refugee background my "
                            "section(s) deal with has grown.",
                        ),
                        (
                            "einfluss_mitarbeitende_mh",
                            "Der Anteil von Mitarbeitenden mit Migrationshintergrund in meinem "
                            "Sachgebiet/meinen Sachgebieten hat zugenommen.",
                            "The share of staff with a migration background in my section(s) "
                            "has grown.",
                        ),
                    ],
                    relevant=EINFLUSS_ANSWERED,
                ),
                _q(
                    "kundenkontakt",
                    SO,
                    f"Stehen die Mitarbeitenden {SACHGEBIET} in direktem Kontakt mit "
                    "Bürger*innen bzw. Kund*innen?",
                    "Are the staff of your section(s) in direct contact with citizens or "
                    "customers?",
                    list_name="kundenkontakt",
                ),
                _matrix(
                    "hemmnisse",
                    "Welche der nachfolgend genannten möglichen Hemmnisse und Hürden spielen Ihrer "
                    "Meinung nach für Bürger*innen mit Migrationshintergrund im Kontakt mit "
                    f"{SACHGEBIET.replace('in ', '', 1)} eine Rolle?",
                    "Which of the following possible barriers matter, in your view, for citizens "
                    "with a migration background in contact with your section(s)?",
                    "mass",
                    [
                        (
                            "hemmnis_wissen",
                            "Fehlendes Wissen zu behördlichen Vorgängen",
                            "Lack of knowledge of administrative procedures",
                        ),
                        ("hemmnis_sprache", "Sprachbarrieren", "Language barriers"),
                        (
                            "hemmnis_misstrauen",
                            "Misstrauen gegenüber Behörden",
                            "Distrust of public authorities",
                        ),
                        (
                            "hemmnis_kompetenz",
                            "Fehlende interkulturelle Kompetenzen der Mitarbeitenden",
                            "Staff lacking intercultural competence",
                        ),
                    ],
                    relevant=KUNDENKONTAKT,
                ),
                _q(
                    "themen_vielfalt",
                    QuestionType.TEXT,
                    "Mit welchen Themen, die mit der gestiegenen kulturellen, ethnischen, "
                    "religiösen Vielfalt zusammenhängen, kommt Ihr Sachgebiet/kommen Ihre "
                    "Sachgebiete im Arbeitsalltag in Berührung? Nennen Sie bitte, wenn "
                    "zutreffend, diese Themen.",
                    "Which topics linked to the increased cultural, ethnic and religious "
                    "diversity does your section meet in its daily work? Please name them, if "
                    "any.",
                    appearance="multiline",
                ),
                _q(
                    "mitarbeitende_mh",
                    SO,
                    f"Sind {SACHGEBIET} Menschen mit Migrationshintergrund beschäftigt?",
                    "Are people with a migration background employed in your section(s)?",
                    list_name="ja_nein_nb",
                ),
                _q(
                    "anteil_mh",
                    SO,
                    "Wie viel Prozent der Mitarbeiter*innen in Ihrem Sachgebiet/Ihren "
                    "Sachgebieten verfügen über einen Migrationshintergrund? Ihr persönlicher "
                    "Eindruck genügt.",
                    "What share of the staff of your section(s) has a migration background? "
                    "Your personal impression is enough.",
                    list_name="anteil_mh",
                    relevant=MITARBEITENDE_MH,
                ),
                _matrix(
                    "folgen_mh",
                    "Die Beschäftigung von Mitarbeitenden mit Migrationshintergrund ...",
                    "Employing staff with a migration background ...",
                    "mass",
                    [
                        (
                            "folge_sprachvielfalt",
                            "…erhöht unsere Sprachvielfalt im Sachgebiet.",
                            "…increases the range of languages in our section.",
                        ),
                        (
                            "folge_signal",
                            "…sendet ein positives Signal in die Stadtbevölkerung, dass Vielfalt "
                            "auch in der Stadtverwaltung angekommen ist.",
                            "…sends a positive signal to the citizens that diversity has arrived "
                            "in the city administration.",
                        ),
                        (
                            "folge_kontakt",
                            "…hilft uns im Kontakt mit Bürger*innen.",
                            "…helps us in contact with citizens.",
                        ),
                        (
                            "folge_kompetenz",
                            "…führt zu einer höheren interkulturellen Kompetenz im gesamten "
                            "Sachgebiet.",
                            "…raises the intercultural competence of the whole section.",
                        ),
                        (
                            "folge_konflikte",
                            "…führt zu Konflikten/ Missverständnissen zwischen den Mitarbeitenden.",
                            "…leads to conflicts/ misunderstandings between staff.",
                        ),
                    ],
                    relevant=MITARBEITENDE_MH,
                ),
            ],
        ),
        Group(
            name="oeffnung",
            label={
                "de": "Interkulturelle Öffnung der Stadtverwaltung",
                "en": "Intercultural opening of the administration",
            },
            items=[
                _q(
                    "bestrebungen_mh",
                    SO,
                    "Gibt es Bestrebungen, den Anteil von Mitarbeiter*innen mit "
                    f"Migrationshintergrund {SACHGEBIET} zu erhöhen?",
                    "Are there efforts to raise the share of staff with a migration background "
                    "in your section(s)?",
                    list_name="bestrebungen",
                ),
                _q(
                    "fortbildungen",
                    SO,
                    f"Wurden {SACHGEBIET} Fortbildungen zu interkulturellen Themen durchgeführt?",
                    "Has training on intercultural topics been carried out in your section(s)?",
                    list_name="fortbildungen",
                ),
                _q(
                    "fortbildungen_sinnvoll",
                    SO,
                    f"Würden Sie Fortbildungen zu interkulturellen Themen {SACHGEBIET} als "
                    "sinnvoll erachten?",
                    "Would you consider training on intercultural topics useful in your "
                    "section(s)?",
                    list_name="ja_nein",
                    relevant=FORTBILDUNG_KEINE,
                ),
                _q(
                    "leitbild",
                    SM,
                    "Verfügt Ihre Verwaltung über ein Leitbild, in dem kulturelle Vielfalt oder "
                    "damit zusammenhängende Konzepte thematisiert werden? Mehrfachantworten sind "
                    "möglich.",
                    "Does your administration have a mission statement addressing cultural "
                    "diversity or related concepts? Several answers possible.",
                    list_name="leitbild",
                ),
                _q(
                    "hindernisse",
                    SM,
                    "Was sind Ihrer Ansicht nach Hindernisse für eine erhöhte interkulturelle "
                    "Ausrichtung der Stadtverwaltung Hannover? Mehrfachantworten sind möglich.",
                    "What, in your view, hinders a stronger intercultural orientation of the "
                    "city administration? Several answers possible.",
                    list_name="hindernisse",
                ),
                _q(
                    "massnahmen_zugaenglichkeit",
                    SM,
                    "Welche dieser Maßnahmen zur Erhöhung der Zugänglichkeit der Stadtverwaltung "
                    "Hannover für Menschen mit Migrationshintergrund nutzen Sie in Ihrem "
                    "Sachgebiet/Ihren Sachgebieten? Mehrfachantworten sind möglich.",
                    "Which of these measures to make the city administration more accessible to "
                    "people with a migration background do you use in your section(s)? Several "
                    "answers possible.",
                    list_name="massnahmen",
                    relevant=KUNDENKONTAKT,
                ),
            ],
        ),
        Group(
            name="zusammenarbeit",
            label={"de": "Zusammenarbeit", "en": "Cooperation"},
            items=[
                _q(
                    "schnittpunkte",
                    SO,
                    f"Gibt es {SACHGEBIET} inhaltliche Schnittpunkte zu den Themen Migration "
                    "und/oder Teilhabe von Eingewanderten?",
                    "Does the work of your section(s) touch on migration and/or the participation "
                    "of immigrants?",
                    list_name="ja_nein",
                ),
                _matrix(
                    "veraenderungen",
                    "Wie hat sich in den letzten fünf Jahren Folgendes verändert?",
                    "How has the following changed over the last five years?",
                    "veraenderung",
                    [
                        (
                            "veraenderung_austausch",
                            "Austausch bzw. abgestimmtes Handeln zu Themen wie Migration und "
                            "Teilhabe von Eingewanderten",
                            "Exchange or coordinated action on migration and participation of "
                            "immigrants",
                        ),
                        (
                            "veraenderung_massnahmen",
                            "Durchführung eigener Maßnahmen mit Bezug zu Migration und Teilhabe "
                            "von Eingewanderten",
                            "Own measures related to migration and participation of immigrants",
                        ),
                    ],
                    relevant=SCHNITTPUNKTE,
                ),
                _q(
                    "kooperation_intern",
                    SO,
                    "Bestehen zwischen Ihrem Sachgebiet/Ihren Sachgebieten Kooperationen oder ein "
                    "regelmäßiger Austausch mit anderen Sachgebieten zu den Themen Migration und "
                    "Teilhabe von Eingewanderten?",
                    "Does your section cooperate or regularly exchange with other sections on "
                    "migration and participation of immigrants?",
                    list_name="ja_nein_nb",
                    relevant=SCHNITTPUNKTE,
                ),
                _matrix(
                    "austauschformate",
                    "An welchen dieser Formate nimmt Ihr Sachgebiet/nehmen Ihre Sachgebiete teil "
                    "für einen Austausch zu den Themen Migration und Teilhabe von Eingewanderten?",
                    "In which of these formats does your section take part for exchange on "
                    "migration and participation of immigrants?",
                    "haeufigkeit",
                    [
                        (
                            "format_bilateral",
                            "Bilateraler Austausch mit sonstigen Stellen",
                            "Bilateral exchange with other units",
                        ),
                        (
                            "format_arbeitsgruppen",
                            "Arbeitsgruppe(n) innerhalb der Verwaltung",
                            "Working group(s) within the administration",
                        ),
                        (
                            "format_bereich_migration",
                            "Austausch mit dem Bereich Migration und Integration",
                            "Exchange with the migration and integration unit",
                        ),
                        ("format_gremien", "Gremien", "Committees"),
                        ("format_runder_tisch", "Runder Tisch", "Round table"),
                    ],
                    relevant=KOOPERATION_INTERN,
                ),
                _q(
                    "kooperation_extern",
                    SO,
                    "Bestehen zwischen Ihrem Sachgebiet/Ihren Sachgebieten Kooperationen oder ein "
                    "regelmäßiger Austausch mit verwaltungsexternen Akteuren zu den Themen "
                    "Migration und Teilhabe von Eingewanderten?",
                    "Does your section cooperate or regularly exchange with actors outside the "
                    "administration on migration and participation of immigrants?",
                    list_name="ja_nein_nb",
                    relevant=SCHNITTPUNKTE,
                ),
            ],
        ),
        Group(
            name="lip2008",
            label={
                "de": "Der Lokale Integrationsplan 2008",
                "en": "The 2008 local integration plan",
            },
            items=[
                _q(
                    "beteiligung_lip2008",
                    SO,
                    "Waren Sie an der Entwicklung oder Umsetzung von Maßnahmen des LIP von 2008 "
                    "beteiligt?",
                    "Were you involved in developing or implementing measures of the 2008 plan?",
                    list_name="ja_nein",
                ),
                _q(
                    "beteiligung_felder",
                    SM,
                    "Ich war bei der Umsetzung im Feld/in den Feldern … beteiligt. "
                    "Mehrfachantworten sind möglich.",
                    "I was involved in implementing the field(s) … Several answers possible.",
                    list_name="felder",
                    relevant=BETEILIGT,
                ),
                _matrix(
                    "wirkungen",
                    "Durch die Entwicklung und Nutzung des LIP …",
                    "Through developing and using the plan …",
                    "zustimmung",
                    [
                        (
                            "wirkung_aufmerksamkeit_verwaltung",
                            "…haben Fragen von Migration und Teilhabe von Eingewanderten in der "
                            "Stadtverwaltung Hannover mehr Aufmerksamkeit erhalten.",
                            "…migration and participation got more attention within the "
                            "administration.",
                        ),
                        (
                            "wirkung_aufmerksamkeit_oeffentlichkeit",
                            "…haben Fragen von Migration und Teilhabe von Eingewanderten mehr "
                            "öffentliche Aufmerksamkeit in Hannover bekommen.",
                            "…migration and participation got more public attention in the city.",
                        ),
                        (
                            "wirkung_transparenz",
                            "…wurde Transparenz über die Maßnahmenlandschaft geschaffen.",
                            "…the range of measures became transparent.",
                        ),
                        (
                            "wirkung_professionalisierung",
                            "…wurde die Bearbeitung der Themen professionalisiert.",
                            "…the work on the topics became more professional.",
                        ),
                        (
                            "wirkung_schnittstellen",
                            "…werden Schnittstellen im Verwaltungshandeln besser berücksichtigt.",
                            "…interfaces in administrative action are better taken into account.",
                        ),
                        (
                            "wirkung_abstimmung_extern",
                            "…stimmen wir uns mit verwaltungsexternen Stellen besser ab.",
                            "…we coordinate better with external bodies.",
                        ),
                        (
                            "wirkung_abstimmung_intern",
                            "…stimmen wir uns verwaltungsintern besser ab.",
                            "…we coordinate better within the administration.",
                        ),
                        (
                            "wirkung_kooperationen",
                            "…wurden verwaltungsinterne Kooperationen angestoßen.",
                            "…cooperation within the administration was started.",
                        ),
                        (
                            "wirkung_folgemassnahmen",
                            "…wurden Folgemaßnahmen am LIP orientiert.",
                            "…follow-up measures were aligned with the plan.",
                        ),
                        (
                            "wirkung_nachhaltigkeit",
                            "…wurde ein nachhaltiges Konzept geschaffen.",
                            "…a sustainable concept was created.",
                        ),
                        (
                            "wirkung_messbarkeit",
                            "…wurde die Messbarkeit von Entwicklungen gefördert.",
                            "…developments became more measurable.",
                        ),
                    ],
                    relevant=BETEILIGT,
                ),
                _q(
                    "controlling_bekannt",
                    SO,
                    "Haben Sie mit dem Controlling des LIP von 2008 gearbeitet?",
                    "Did you work with the controlling of the 2008 plan?",
                    list_name="ja_nein",
                    relevant=BETEILIGT,
                ),
                _q(
                    "controlling_unterstuetzung",
                    SO,
                    "Inwieweit hat das Controlling die weiterführende Arbeit mit dem LIP "
                    "unterstützt?",
                    "How far did the controlling support the further work with the plan?",
                    list_name="mass_controlling",
                    relevant=CONTROLLING_BEKANNT,
                    scale=ScaleOrder.POSITIVE_FIRST,
                ),
            ],
        ),
        Group(
            name="neuer_lip",
            label={"de": "Der neue Lokale Integrationsplan", "en": "The new plan"},
            items=[
                _matrix(
                    "faktoren",
                    "Was sind aus Ihrer Sicht wichtige Faktoren bei der Weiterentwicklung des LIP?",
                    "Which factors matter, in your view, for developing the plan further?",
                    "wichtigkeit",
                    [
                        (
                            "faktor_verantwortlichkeiten",
                            "Verantwortlichkeiten für die entwickelten Maßnahmen definieren",
                            "Define responsibilities for the measures",
                        ),
                        (
                            "faktor_fortentwicklung",
                            "Regelmäßige Fortentwicklung von Maßnahmen",
                            "Develop measures regularly",
                        ),
                        (
                            "faktor_strategische_ziele",
                            "Fortschreibungsfähigkeit durch strategische Ziele",
                            "Updatable through strategic goals",
                        ),
                        (
                            "faktor_budget",
                            "Vorhalten eines Budgets für neue Maßnahmen im Rahmen der "
                            "LIP-Erstellung",
                            "Keep a budget for new measures",
                        ),
                        (
                            "faktor_controlling",
                            "Regelmäßiges Controlling der Maßnahmen",
                            "Regular controlling of the measures",
                        ),
                        (
                            "faktor_beteiligungsprozess",
                            "Umfangreicher Beteiligungsprozess mit verwaltungsinternen und "
                            "-externen Akteuren",
                            "Broad participation of internal and external actors",
                        ),
                        (
                            "faktor_ag_umsetzung",
                            "Arbeitsgruppe/Lenkungsgruppe für die Umsetzung einsetzen",
                            "Set up a working/steering group for implementation",
                        ),
                        (
                            "faktor_ag_erstellung",
                            "Arbeitsgruppe/Lenkungsgruppe für die Erstellung einsetzen",
                            "Set up a working/steering group for drafting",
                        ),
                    ],
                ),
                _q(
                    "einbindung_neuer_lip",
                    SM,
                    "Wie erwarten Sie in den Prozess der Entwicklung des neuen LIP eingebunden zu "
                    "werden? Mehrfachantworten sind möglich.",
                    "How do you expect to be involved in developing the new plan? Several answers "
                    "possible.",
                    list_name="einbindung",
                ),
            ],
        ),
    ]


def build_questionnaire() -> Questionnaire:
    """The demo questionnaire, German labels with English translations."""
    return Questionnaire(
        settings=Settings(form_title=FORM_TITLE, form_id=FORM_ID, version="2019-09"),
        languages=["de", "en"],
        survey=_survey(),
        choices=_choice_lists(),
    )
