"""The demo's integration plan, modelled on the reference report: its fields of action
(Interkulturelle Öffnung der Verwaltung, Zusammenarbeit, Steuerung), goals drawn from the
demo report's recommendations (HE 1–11, cited by the fields and goals), measures owned by
units of the demo's org tree, and indicators with three yearly reporting periods (2018–2020)
after a baseline at the end of 2017.

At the last reporting date (2020-12-31) one indicator is on track (staff trained, cumulative),
two are at risk (the survey's share of sections with intercultural training, computed from
the demo responses; target agreements), one is off track (share of staff with a migration
background, imported from the personnel statistics), one has no data (network meetings,
last reported 2019) and one is qualitative (the mission statement).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lipkit.controlling.model import (
    Direction,
    Field,
    Frequency,
    Goal,
    ImportSource,
    Indicator,
    Kind,
    Measure,
    MeasureStatus,
    Owner,
    Plan,
    StrategicGoal,
    SurveyMeasure,
    SurveySource,
    Unit,
    Value,
    ValueKind,
    Wave,
)

D = dt.date
B, T, A = ValueKind.BASELINE, ValueKind.TARGET, ValueKind.ACTUAL
BASE = D(2017, 12, 31)
TARGET = D(2022, 12, 31)
PERIODS = (D(2018, 12, 31), D(2019, 12, 31), D(2020, 12, 31))
STATISTICS_FILE = "plan/personalstatistik.csv"
# The personnel statistics' share of staff with a migration background (percent), as the
# statistics office delivers it: German number format, one row per reporting date.
STATISTICS = "stichtag;anteil_mh\n2018-12-31;12,8\n2019-12-31;13,4\n2020-12-31;13,9\n"

PERSONAL = Owner("18", "Fortbildungs- und Personalmanagement")
INTEGRATION = Owner("15", "Stabsstelle Integration")
SOZIALES = Owner("50", "Koordination Integration")


def build_plan() -> Plan:
    fields = (
        Field(
            "hf_verwaltung",
            "Interkulturelle Öffnung der Verwaltung",
            titles={"en": "Intercultural opening of the administration"},
            recommendations=("HE 6", "HE 7", "HE 8", "HE 9"),
            strategic_goals=(
                StrategicGoal(
                    "lz_1",
                    "Die Stadtverwaltung spiegelt die Vielfalt der Stadtgesellschaft wider",
                    titles={
                        "en": "The city administration reflects the diversity of the city's "
                        "population"
                    },
                    goals=(
                        Goal(
                            "ziel_1_1",
                            "Den Anteil der Beschäftigten mit Migrationshintergrund erhöhen",
                            titles={"en": "Raise the share of staff with a migration background"},
                            recommendations=("HE 9",),
                            figures=("anteil_mh", "bestrebungen_mh"),
                        ),
                    ),
                ),
                StrategicGoal(
                    "lz_2",
                    "Interkulturelle Kompetenz ist in allen Bereichen verankert",
                    titles={"en": "Intercultural competence is established in all areas"},
                    goals=(
                        Goal(
                            "ziel_2_1",
                            "Interkulturelle Fortbildungen in allen Sachgebieten",
                            titles={"en": "Intercultural training in all sections"},
                            recommendations=("HE 6",),
                            figures=("fortbildungen", "fortbildungen_sinnvoll"),
                        ),
                        Goal(
                            "ziel_2_2",
                            "Interkulturelle Öffnung als gesteuerter Veränderungsprozess",
                            titles={"en": "Intercultural opening as a managed process of change"},
                            recommendations=("HE 7", "HE 8"),
                            figures=("leitbild", "hindernisse"),
                        ),
                    ),
                ),
            ),
        ),
        Field(
            "hf_zusammenarbeit",
            "Zusammenarbeit im Themenbereich Einwanderung und Teilhabe",
            titles={"en": "Cooperation on immigration and participation"},
            recommendations=("HE 10", "HE 11"),
            strategic_goals=(
                StrategicGoal(
                    "lz_3",
                    "Die Verwaltungsbereiche arbeiten rechtskreisübergreifend zusammen",
                    titles={"en": "The administration's areas work together across legal remits"},
                    goals=(
                        Goal(
                            "ziel_3_1",
                            "Regelmäßige ressortübergreifende Austauschformate",
                            titles={"en": "Regular exchange formats across departments"},
                            recommendations=("HE 10",),
                            figures=("kooperation_intern", "format_runder_tisch"),
                        ),
                    ),
                ),
            ),
        ),
        Field(
            "hf_steuerung",
            "Umsetzungsprozess und Controlling",
            titles={"en": "Implementation and controlling"},
            recommendations=("HE 1", "HE 3", "HE 4"),
            strategic_goals=(
                StrategicGoal(
                    "lz_4",
                    "Der Integrationsplan wird über überprüfbare Ziele gesteuert",
                    titles={"en": "The integration plan is steered by verifiable goals"},
                    goals=(
                        Goal(
                            "ziel_4_1",
                            "Jede Maßnahme berichtet jährlich über ihre Zielwerte",
                            titles={"en": "Every measure reports on its target values once a year"},
                            recommendations=("HE 1", "HE 4"),
                            figures=("controlling_unterstuetzung", "faktor_controlling"),
                        ),
                    ),
                ),
            ),
        ),
    )
    measures = (
        Measure(
            "m_fortbildung",
            "Fortbildungsprogramm Diversity und Antidiskriminierung für alle Beschäftigten",
            titles={"en": "Training programme on diversity and anti-discrimination for all staff"},
            owner=PERSONAL,
            start=D(2018, 1, 1),
            end=TARGET,
            budget=120000,
            goals=("ziel_2_1",),
            status=MeasureStatus.ACTIVE,
            report_date=D(2020, 12, 31),
            report="230 Beschäftigte geschult; Online-Format seit Herbst 2020",
        ),
        Measure(
            "m_personalgewinnung",
            "Neue Wege der Personalgewinnung: Ausbildungsmessen, Mentoring, Stellenanzeigen",
            titles={"en": "New ways of recruiting: training fairs, mentoring, job advertisements"},
            owner=Owner("18", "Personalgewinnung"),
            start=D(2018, 1, 1),
            end=TARGET,
            budget=60000,
            goals=("ziel_1_1",),
            status=MeasureStatus.ACTIVE,
            report_date=D(2020, 12, 31),
            report="Messen 2020 abgesagt; Mentoring mit 12 Tandems",
        ),
        Measure(
            "m_zielvereinbarungen",
            "Zielvereinbarungen zur interkulturellen Öffnung mit den Fachbereichen",
            titles={"en": "Target agreements on intercultural opening with the divisions"},
            owner=INTEGRATION,
            start=D(2018, 7, 1),
            end=TARGET,
            goals=("ziel_2_2", "ziel_4_1"),
            status=MeasureStatus.ACTIVE,
            report_date=D(2020, 12, 31),
            report="6 von 19 Fachbereichen mit Zielvereinbarung",
        ),
        Measure(
            "m_leitbild",
            "Leitbild Interkulturelle Öffnung (Definition, Ziele, Kommunikation)",
            titles={
                "en": "Mission statement on intercultural opening (definition, goals, "
                "communication)"
            },
            owner=INTEGRATION,
            start=D(2019, 1, 1),
            end=D(2021, 6, 30),
            goals=("ziel_2_2",),
            status=MeasureStatus.ACTIVE,
            report_date=D(2020, 12, 31),
            report="Entwurf mit den Dezernaten abgestimmt",
        ),
        Measure(
            "m_dolmetsch",
            "Dolmetscher*innen-Pool für alle Fachbereiche",
            titles={"en": "Interpreter pool for all divisions"},
            owner=SOZIALES,
            start=D(2015, 1, 1),
            goals=("ziel_2_2",),
            status=MeasureStatus.REGULAR,
            report_date=D(2019, 12, 31),
            report="seit 2019 im Regelbetrieb des Fachbereichs Soziales",
        ),
        Measure(
            "m_netzwerk",
            "Runder Tisch Integration der Fachbereiche",
            titles={"en": "Round table on integration of the divisions"},
            owner=SOZIALES,
            start=D(2018, 1, 1),
            end=TARGET,
            goals=("ziel_3_1",),
            status=MeasureStatus.ACTIVE,
            report_date=D(2019, 12, 31),
        ),
        Measure(
            "m_kampagne",
            "Verwaltungsinterne Kampagne zum Integrationsplan",
            titles={"en": "Internal campaign on the integration plan"},
            owner=INTEGRATION,
            start=D(2018, 1, 1),
            end=D(2019, 6, 30),
            goals=("ziel_2_2",),
            status=MeasureStatus.STOPPED,
            reason="ersetzt durch das Intranet-Portal Vielfalt (2019)",
            report_date=D(2019, 6, 30),
        ),
        Measure(
            "m_controlling",
            "Jährlicher Controllingbericht zum Integrationsplan",
            titles={"en": "Annual controlling report on the integration plan"},
            owner=INTEGRATION,
            start=D(2018, 1, 1),
            goals=("ziel_4_1",),
            status=MeasureStatus.REGULAR,
            report_date=D(2020, 12, 31),
        ),
    )
    yearly = Frequency.YEARLY
    indicators = (
        Indicator(
            "anteil_mh_beschaeftigte",
            "Anteil der Beschäftigten mit Migrationshintergrund",
            Kind.MONITORING,
            Unit.PERCENT,
            titles={"en": "Share of staff with a migration background"},
            goal="ziel_1_1",
            definition="Beschäftigte mit Migrationshintergrund (freiwillige Angabe) in Prozent "
            "aller Beschäftigten zum Stichtag",
            source="Personalstatistik (Fachbereich Personal und Organisation)",
            method="Auszählung zum 31.12., Import der Lieferung der Statistikstelle",
            frequency=yearly,
            responsible=PERSONAL,
            computed=ImportSource(STATISTICS_FILE, "stichtag", "anteil_mh"),
        ),
        Indicator(
            "anteil_sg_fortbildung",
            "Anteil der Sachgebiete mit interkulturellen Fortbildungen",
            Kind.MONITORING,
            Unit.PERCENT,
            titles={"en": "Share of sections with intercultural training"},
            goal="ziel_2_1",
            definition="Sachgebiets- und Bereichsleitungen, die Fortbildungen zu "
            "interkulturellen Themen mit dem Team oder einzelnen Mitarbeitenden angeben, in "
            "Prozent aller, denen die Frage gestellt wurde",
            source="Onlinebefragung der Sachgebiets- und Bereichsleitungen",
            method="Frage 'fortbildungen', Optionen 'ja_team' und 'ja_einzelne'",
            frequency=yearly,
            responsible=INTEGRATION,
            computed=SurveySource(
                "befragung_2020",
                "fortbildungen",
                SurveyMeasure.SHARE,
                ("ja_team", "ja_einzelne"),
            ),
        ),
        Indicator(
            "beschaeftigte_geschult",
            "Beschäftigte, die an einer Diversity-Fortbildung teilgenommen haben",
            Kind.CONTROLLING,
            Unit.COUNT,
            titles={"en": "Staff who have taken part in diversity training"},
            measure="m_fortbildung",
            definition="Teilnehmende je Berichtsjahr, aufsummiert",
            source="Fortbildungsverwaltung",
            method="Teilnahmelisten",
            frequency=yearly,
            cumulative=True,
            responsible=PERSONAL,
        ),
        Indicator(
            "anteil_fb_zielvereinbarung",
            "Anteil der Fachbereiche mit Zielvereinbarung zur interkulturellen Öffnung",
            Kind.CONTROLLING,
            Unit.PERCENT,
            titles={"en": "Share of divisions with a target agreement on intercultural opening"},
            measure="m_zielvereinbarungen",
            source="Stabsstelle Integration",
            method="abgeschlossene Vereinbarungen / Fachbereiche",
            frequency=yearly,
            responsible=INTEGRATION,
        ),
        Indicator(
            "leitbild_ikoe",
            "Leitbild Interkulturelle Öffnung beschlossen",
            Kind.CONTROLLING,
            Unit.QUALITATIVE,
            titles={"en": "Mission statement on intercultural opening adopted"},
            measure="m_leitbild",
            source="Stabsstelle Integration",
            frequency=yearly,
            responsible=INTEGRATION,
        ),
        Indicator(
            "netzwerktreffen",
            "Ressortübergreifende Netzwerktreffen im Halbjahr",
            Kind.CONTROLLING,
            Unit.COUNT,
            titles={"en": "Network meetings across departments per half-year"},
            measure="m_netzwerk",
            source="Protokolle des Runden Tisches",
            frequency=Frequency.HALF_YEARLY,
            responsible=SOZIALES,
        ),
        Indicator(
            "massnahmen_mit_bericht",
            "Anteil der Maßnahmen mit Sachstandsbericht im Berichtsjahr",
            Kind.CONTROLLING,
            Unit.PERCENT,
            titles={"en": "Share of measures with a progress report in the reporting year"},
            measure="m_controlling",
            source="Controllingbericht",
            frequency=yearly,
            responsible=INTEGRATION,
        ),
        Indicator(
            "wartezeit_dolmetsch",
            "Mittlere Wartezeit auf einen Dolmetsch-Einsatz (Tage)",
            Kind.CONTROLLING,
            Unit.COUNT,
            titles={"en": "Mean waiting time for an interpreter (days)"},
            direction=Direction.LOWER,
            measure="m_dolmetsch",
            source="Einsatzplanung Dolmetscher*innen-Pool",
            frequency=yearly,
            responsible=SOZIALES,
        ),
    )
    stats = "Personalstatistik"
    values = (
        Value("anteil_mh_beschaeftigte", B, BASE, 12.0, stats),
        Value("anteil_mh_beschaeftigte", T, TARGET, 18.0),
        Value("anteil_sg_fortbildung", B, BASE, 60.0, "Fortbildungsbericht 2017 (Schätzung)"),
        Value("anteil_sg_fortbildung", T, TARGET, 90.0),
        Value("beschaeftigte_geschult", B, BASE, 0.0),
        Value("beschaeftigte_geschult", T, TARGET, 1200.0),
        *(
            Value("beschaeftigte_geschult", A, d, v, "Fortbildungsverwaltung")
            for d, v in zip(PERIODS, (250.0, 240.0, 230.0), strict=True)
        ),
        Value("anteil_fb_zielvereinbarung", B, BASE, 10.0),
        Value("anteil_fb_zielvereinbarung", T, TARGET, 60.0),
        *(
            Value("anteil_fb_zielvereinbarung", A, d, v, "Stabsstelle Integration")
            for d, v in zip(PERIODS, (16.0, 21.0, 30.0), strict=True)
        ),
        Value(
            "leitbild_ikoe", A, PERIODS[2], None, comment="Entwurf mit den Dezernaten abgestimmt"
        ),
        Value("netzwerktreffen", B, BASE, 1.0),
        Value("netzwerktreffen", T, TARGET, 4.0),
        Value("netzwerktreffen", A, PERIODS[0], 2.0, "Protokolle"),
        Value("netzwerktreffen", A, PERIODS[1], 3.0, "Protokolle"),
        Value("massnahmen_mit_bericht", B, BASE, 20.0),
        Value("massnahmen_mit_bericht", T, TARGET, 100.0),
        *(
            Value("massnahmen_mit_bericht", A, d, v, "Controllingbericht")
            for d, v in zip(PERIODS, (40.0, 55.0, 70.0), strict=True)
        ),
        Value("wartezeit_dolmetsch", B, BASE, 14.0),
        Value("wartezeit_dolmetsch", T, TARGET, 5.0),
        *(
            Value("wartezeit_dolmetsch", A, d, v, "Einsatzplanung")
            for d, v in zip(PERIODS, (12.0, 9.0, 8.0), strict=True)
        ),
    )
    return Plan(
        title="Lokaler Integrationsplan – Fortschreibung 2018 (Demo)",
        titles={"en": "Local integration plan – 2018 update (demo)"},
        fields=fields,
        measures=measures,
        indicators=indicators,
        values=values,
        waves=(Wave("befragung_2020", D(2020, 3, 31), "responses.csv"),),
    )


def write_plan_folder(root: Path) -> None:
    """``plan/plan.yaml``, ``plan/values.csv`` and the statistics office's delivery."""
    from lipkit.controlling.files import write_plan

    write_plan(build_plan(), root / "plan")
    (root / STATISTICS_FILE).write_text(STATISTICS, encoding="utf-8")
