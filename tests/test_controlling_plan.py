"""The plan as files (plan.yaml, values.csv), its located errors, its computed values
(survey under the privacy rules, import, ratio), ``lipkit plan check|status`` and the demo."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import polars as pl
import pytest
from typer.testing import CliRunner

from lipkit.cli import app
from lipkit.controlling.check import check_plan
from lipkit.controlling.files import PlanError, read_plan, write_plan
from lipkit.controlling.model import (
    ImportSource,
    Indicator,
    Kind,
    Plan,
    RatioSource,
    SurveySource,
    Unit,
    Value,
    ValueKind,
)
from lipkit.controlling.sources import SUPPRESSED, import_values, ratio_values, survey_value
from lipkit.controlling.status import Status, plan_status
from lipkit.controlling.study import load_study_plan
from lipkit.controlling.value_text import comment_text, labels_of, question_label, source_text
from lipkit.demo import build_demo_study, generate_responses, write_demo
from lipkit.demo.plan import build_plan

runner = CliRunner()
D = dt.date


def _without_lines(obj):
    """The plan with every recorded line number set to None (they are where it was read)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: _without_lines(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        if "line" in changes:
            changes["line"] = None
        return dataclasses.replace(obj, **changes)
    if isinstance(obj, tuple):
        return tuple(_without_lines(x) for x in obj)
    return obj


def test_the_demo_plan_reads_back_as_written(tmp_path):
    plan = build_plan()
    write_plan(plan, tmp_path / "plan")
    back = read_plan(tmp_path / "plan")
    assert _without_lines(back) == plan
    # and the lines are recorded: the first value row is line 2 of values.csv
    assert back.values[0].line == 2


TITLES_YAML = """\
title: Integrationsplan
title::en: Integration plan
fields:
  - id: hf
    title: Feld
    title::en: Field
    strategic_goals:
      - id: lz
        title: Leitziel
        goals:
          - id: z1
            title: Ziel
            title::en: Goal
measures:
  - id: m1
    title: Maßnahme
    title::en: Measure
    goals: [z1]
indicators:
  - id: a
    title: Anteil
    title::en: Share
    title::fr: Part
    kind: monitoring
    unit: percent
    goal: z1
"""


def test_titles_in_english_from_title_en_and_the_german_one_marked_where_missing(tmp_path):
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "plan.yaml").write_text(TITLES_YAML, encoding="utf-8")
    # title::en as org.csv's name::en; a language lipkit does not speak is an unknown key
    with pytest.raises(PlanError) as caught:
        read_plan(folder)
    assert [(i.line, i.field) for i in caught.value.issues] == [(23, "title::fr")]
    (folder / "plan.yaml").write_text(TITLES_YAML.replace("    title::fr: Part\n", ""))
    plan = read_plan(folder)
    items = plan.titled()
    assert [(id, t.title_in("en"), t.title_lang("en")) for id, t in items.items()] == [
        ("hf", "Field", ""),
        ("lz", "Leitziel", "de"),  # no English title: the German one, marked as German
        ("z1", "Goal", ""),
        ("m1", "Measure", ""),
        ("a", "Share", ""),
    ]
    assert [t.title_in("de") for t in items.values()] == [
        "Feld",
        "Leitziel",
        "Ziel",
        "Maßnahme",
        "Anteil",
    ]
    assert {t.title_lang("de") for t in items.values()} == {""}
    assert (plan.title_in("en"), plan.title_in("de")) == ("Integration plan", "Integrationsplan")
    # written back as it was read
    write_plan(plan, tmp_path / "back")
    text = (tmp_path / "back" / "plan.yaml").read_text(encoding="utf-8")
    assert "title::en: Integration plan\n" in text and text.count("title::en") == 5
    assert _without_lines(read_plan(tmp_path / "back")) == _without_lines(plan)


PLAN_YAML = """\
title: Test
waves:
  - {id: w1, date: 2020-03-31}
fields:
  - id: hf
    title: Feld
    strategic_goals:
      - id: lz
        title: Leitziel
        goals:
          - id: z1
            title: Ziel
measures:
  - id: m1
    title: Maßnahme
    goals: [z1, z9]
    status: laeuft
indicators:
  - id: a
    title: A
    kind: monitoring
    unit: prozent
    goal: z1
  - id: b
    kind: controlling
    unit: count
    measure: m1
    survey: {wave: w2, question: q, options: [x]}
"""

VALUES_CSV = """\
indicator,kind,date,value,source,comment
a,baseline,2020-01-01,10,,
a,target,31.12.2022,30,,
a,actual,2021-01-01,zehn,,
c,actual,2021-01-01,1,,
b,actual,2021-01-01,5,,
a,ziel,2021-01-01,5,,
"""


def test_every_problem_of_both_files_is_located(tmp_path):
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "plan.yaml").write_text(PLAN_YAML, encoding="utf-8")
    (folder / "values.csv").write_text(VALUES_CSV, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_plan(folder)
    assert caught.value.lines == [
        "plan/plan.yaml, Zeile 17, Feld 'status': Wert 'laeuft': erwartet einen dieser Werte: "
        "geplant, in_umsetzung, umgesetzt, regelbetrieb, eingestellt",
        "plan/plan.yaml, Zeile 22, Feld 'unit': Wert 'prozent': erwartet einen dieser Werte: "
        "count, percent, currency, ordinal, qualitative",
        "plan/plan.yaml, Zeile 24, Feld 'title': erwartet einen Text (Pflichtangabe)",
        "plan/plan.yaml, Zeile 16, Feld 'goals': Wert 'z9': erwartet die id eines Ziels",
        "plan/plan.yaml, Zeile 28, Feld 'survey.wave': Wert 'w2': erwartet die id einer Welle "
        "(waves)",
        "plan/values.csv, Zeile 3, Feld 'date': Wert '31.12.2022': erwartet ein Datum JJJJ-MM-TT",
        "plan/values.csv, Zeile 4, Feld 'value': Wert 'zehn': erwartet eine Zahl "
        "(Dezimalpunkt oder -komma)",
        "plan/values.csv, Zeile 5, Feld 'indicator': Wert 'c': erwartet die id eines "
        "Indikators aus plan.yaml",
        "plan/values.csv, Zeile 6, Feld 'kind': Wert 'actual': erwartet keinen Istwert von "
        "Hand: b wird berechnet (Befragung)",
        "plan/values.csv, Zeile 7, Feld 'kind': Wert 'ziel': erwartet baseline, target oder actual",
    ]
    english = caught.value.render_lines("en")
    assert english[0] == (
        "plan/plan.yaml, line 17, field 'status': value 'laeuft': expected one of these values: "
        "geplant, in_umsetzung, umgesetzt, regelbetrieb, eingestellt"
    )
    assert english[-2:] == [
        "plan/values.csv, line 6, field 'kind': value 'actual': expected no actual value by "
        "hand: b is computed (survey)",
        "plan/values.csv, line 7, field 'kind': value 'ziel': expected baseline, target or actual",
    ]


def _small_plan(**changes) -> Plan:
    plan = build_plan()
    return dataclasses.replace(plan, **changes)


def test_check_lists_every_gap_in_german_and_english():
    plan = build_plan()
    gaps = dataclasses.replace(
        plan,
        measures=(
            dataclasses.replace(
                plan.measures[0], owner=dataclasses.replace(plan.measures[0].owner, unit="")
            ),
            *plan.measures[1:5],
            dataclasses.replace(plan.measures[5], goals=()),
            *plan.measures[6:],
        ),
        indicators=(
            dataclasses.replace(plan.indicators[0], frequency=None, source=""),
            *plan.indicators[1:],
        ),
        values=(
            *tuple(
                v
                for v in plan.values
                if not (v.indicator == "netzwerktreffen" and v.kind == ValueKind.BASELINE)
            ),
            Value("massnahmen_mit_bericht", ValueKind.TARGET, D(2024, 1, 1), 120.0),
            Value("beschaeftigte_geschult", ValueKind.TARGET, D(2024, 1, 1), 1300.5),
        ),
    )
    findings = check_plan(gaps, {"15", "18"})
    assert [f.text() for f in findings] == [
        # its only indicator is of a measure that no longer serves it
        "Fehler: ziel_3_1: Ziel ohne Indikator",
        # an imported indicator names its source by the import; frequency is missing
        "Fehler: anteil_mh_beschaeftigte: Indikator ohne Berichtsrhythmus (frequency)",
        "Fehler: beschaeftigte_geschult: Zielwert 1300.5 zum 2024-01-01 ist keine Anzahl "
        "(ganze Zahl ≥ 0)",
        "Fehler: netzwerktreffen: Indikator ohne Ausgangswert",
        "Fehler: netzwerktreffen: verantwortliche Stelle '50' nicht im Organigramm",
        "Fehler: massnahmen_mit_bericht: Zielwert 120.0 zum 2024-01-01 liegt nicht zwischen "
        "0 und 100 %",
        "Fehler: wartezeit_dolmetsch: verantwortliche Stelle '50' nicht im Organigramm",
        "Fehler: m_fortbildung: Maßnahme ohne verantwortliche Stelle",
        "Fehler: m_dolmetsch: verantwortliche Stelle '50' nicht im Organigramm",
        "Fehler: m_netzwerk: verantwortliche Stelle '50' nicht im Organigramm",
        "Fehler: m_netzwerk: Maßnahme ohne Ziel",
    ]
    assert findings[0].text("en") == "Error: ziel_3_1: goal without an indicator"
    assert check_plan(build_plan(), None) == []


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "studie"
    write_demo(folder)
    return folder


def test_a_survey_indicator_is_computed_by_the_analysis_under_k():
    study = build_demo_study()
    frame = generate_responses()
    ind = build_plan().indicator("anteil_sg_fortbildung")
    assert isinstance(ind.computed, SurveySource)
    value = survey_value(ind, ind.computed, study, frame, D(2020, 3, 31))
    # Abbildung 10: 25 "ja, mit dem Team" + 101 "ja, einzelne" of 177 who answered
    assert value.value == pytest.approx(100 * 126 / 177)
    assert value.comment == "n = 177"
    # Four respondents are fewer than k = 5: no number, the privacy note instead.
    few = survey_value(ind, ind.computed, study, frame.head(4), D(2020, 3, 31))
    assert (few.value, few.comment) == (None, SUPPRESSED)
    top2 = SurveySource("w", "controlling_unterstuetzung", measure="top2")
    suppressed = survey_value(ind, top2, study, frame.head(30), D(2020, 3, 31))
    assert suppressed.value is None


FORTBILDUNGEN = {
    "de": "Wurden in Ihrem Sachgebiet/Ihren Sachgebieten Fortbildungen zu interkulturellen "
    "Themen durchgeführt?",
    "en": "Has training on intercultural topics been carried out in your section(s)?",
}


def test_a_survey_value_keeps_codes_and_reads_in_the_readers_language():
    study = build_demo_study()
    frame = generate_responses()
    ind = build_plan().indicator("anteil_sg_fortbildung")
    assert isinstance(ind.computed, SurveySource)
    value = survey_value(ind, ind.computed, study, frame, D(2020, 3, 31))
    few = survey_value(ind, ind.computed, study, frame.head(4), D(2020, 3, 31))
    # stored: codes, the same in every language
    assert (value.source, value.comment) == ("survey:befragung_2020:fortbildungen", "n = 177")
    assert (few.source, few.comment) == ("survey:befragung_2020:fortbildungen", "suppressed")
    labels = labels_of(study.questionnaire)
    de, en = question_label(labels, "de"), question_label(labels, "en")
    assert source_text(value.source, "de", de) == (
        "Befragung befragung_2020: " + FORTBILDUNGEN["de"]
    )
    assert source_text(value.source, "en", en) == "Survey befragung_2020: " + FORTBILDUNGEN["en"]
    assert comment_text(few.comment, "de") == "n < k, nicht ausgewiesen"
    assert comment_text(few.comment, "en") == "n < k, not shown"
    assert comment_text(value.comment, "en") == "n = 177"
    # What lipkit stored before the codes reads as the same codes.
    before = "Befragung befragung_2020: fortbildungen"
    assert source_text(before, "en", en) == "Survey befragung_2020: " + FORTBILDUNGEN["en"]
    assert comment_text("n < k, nicht ausgewiesen", "en") == "n < k, not shown"
    assert source_text("Bericht 2021-H1", "en") == "Report 2021-H1"
    assert source_text("report:2021-H1", "de") == "Bericht 2021-H1"
    # No label in the reader's language (or no questionnaire): the question's name.
    only_german = question_label({"fortbildungen": {"de": "Fortbildungen?"}}, "en")
    assert source_text(value.source, "en", only_german) == "Survey befragung_2020: fortbildungen"
    assert source_text(value.source, "en") == "Survey befragung_2020: fortbildungen"
    # a wave's id may hold a colon, a question's name cannot
    assert source_text("survey:welle:2020:fortbildungen", "en") == (
        "Survey welle:2020: fortbildungen"
    )
    # What a person typed stays as it is.
    for typed in ("Personalstatistik", "Bericht des Amtes", "Befragung", "survey:"):
        assert source_text(typed, "en") == typed
    assert comment_text("unterdrückt", "en") == "unterdrückt"


def test_the_codes_go_through_values_csv_and_the_workbook(tmp_path):
    from lipkit.controlling.workbook import read_workbook, write_workbook

    coded = (  # (values.csv has no empty value but a qualitative indicator's)
        Value(
            "leitbild_ikoe",
            ValueKind.ACTUAL,
            D(2021, 12, 31),
            None,
            "survey:befragung_2020:fortbildungen",
            "suppressed",
        ),
        Value("netzwerktreffen", ValueKind.ACTUAL, D(2022, 12, 31), 4.0, "report:2022", ""),
    )
    plan = dataclasses.replace(build_plan(), values=build_plan().values + coded)
    write_plan(plan, tmp_path / "plan")
    assert _without_lines(read_plan(tmp_path / "plan").values[-2:]) == coded
    write_workbook(plan, tmp_path / "plan.xlsx")
    assert _without_lines(read_workbook(tmp_path / "plan.xlsx").values[-2:]) == coded


def test_cli_plan_status_says_a_hidden_survey_value_in_its_language(tmp_path):
    folder = write_demo(tmp_path / "studie")
    config = folder / "study.yaml"
    config.write_text(config.read_text().replace("k: 5\n", "k: 500\n"))  # every result hidden
    for language, said in (("de", "n < k, nicht ausgewiesen"), ("en", "n < k, not shown")):
        out = runner.invoke(
            app, ["plan", "status", str(folder), "--date", "2020-12-31", "--lang", language]
        )
        assert out.exit_code == 0, out.output
        (line,) = [x for x in out.output.splitlines() if "anteil_sg_fortbildung:" in x]
        assert line.endswith(f"; {said}")


def test_imported_values_are_read_and_every_bad_row_is_located_in_both_languages(tmp_path):
    ind = Indicator("quote", "Quote", Kind.MONITORING, Unit.PERCENT)
    (tmp_path / "statistik.csv").write_text("datum;wert\n2021-12-31;12,5\n2022-12-31;14\n")
    got = import_values(ind, ImportSource("statistik.csv"), tmp_path)
    assert [(v.date, v.value, v.source) for v in got] == [
        (D(2021, 12, 31), 12.5, "statistik.csv"),
        (D(2022, 12, 31), 14.0, "statistik.csv"),
    ]
    (tmp_path / "kaputt.csv").write_text("datum,wert\nEnde 2021,3\n2022-12-31,viele\n")
    with pytest.raises(PlanError) as caught:
        import_values(ind, ImportSource("kaputt.csv"), tmp_path)
    assert caught.value.render_lines("de") == [
        "kaputt.csv, Zeile 2, Feld 'datum': Wert 'Ende 2021': erwartet ein Datum JJJJ-MM-TT",
        "kaputt.csv, Zeile 3, Feld 'wert': Wert 'viele': erwartet eine Zahl",
    ]
    assert caught.value.render_lines("en") == [
        "kaputt.csv, line 2, field 'datum': value 'Ende 2021': expected a date YYYY-MM-DD",
        "kaputt.csv, line 3, field 'wert': value 'viele': expected a number",
    ]
    with pytest.raises(PlanError) as caught:
        import_values(ind, ImportSource("kaputt.csv", value_column="anteil"), tmp_path)
    assert caught.value.render_lines("en") == [
        "kaputt.csv, line 1, field 'anteil': expected the column 'anteil'"
    ]


def test_ratio_divides_at_each_date_of_the_numerator():
    ind = Indicator("r", "R", Kind.MONITORING, Unit.PERCENT)
    values = {
        "n": [
            Value("n", ValueKind.ACTUAL, D(2020, 1, 1), 5),
            Value("n", ValueKind.ACTUAL, D(2021, 1, 1), 9),
        ],
        "d": [
            Value("d", ValueKind.ACTUAL, D(2019, 6, 1), 50),
            Value("d", ValueKind.ACTUAL, D(2020, 6, 1), 60),
        ],
    }
    got = ratio_values(ind, RatioSource("n", "d", 100), values)
    assert [(v.date, v.value) for v in got] == [(D(2020, 1, 1), 10.0), (D(2021, 1, 1), 15.0)]


def test_the_demo_plan_has_one_indicator_of_each_status(demo):
    loaded = load_study_plan(demo)
    # imported from the statistics office's CSV with German decimal commas
    imported = [v for v in loaded.values if v.indicator == "anteil_mh_beschaeftigte"]
    assert [(v.kind, v.value) for v in imported][-3:] == [
        (ValueKind.ACTUAL, 12.8),
        (ValueKind.ACTUAL, 13.4),
        (ValueKind.ACTUAL, 13.9),
    ]
    assert loaded.latest_date() == D(2020, 12, 31)
    status = plan_status(loaded.plan, loaded.latest_date(), loaded.values)
    got = {k: s.status for k, s in status.indicators.items()}
    assert got == {
        "anteil_mh_beschaeftigte": Status.NICHT_IM_PLAN,
        "anteil_sg_fortbildung": Status.GEFAEHRDET,
        "beschaeftigte_geschult": Status.IM_PLAN,
        "anteil_fb_zielvereinbarung": Status.GEFAEHRDET,
        "leitbild_ikoe": Status.OHNE_BEWERTUNG,
        "netzwerktreffen": Status.KEINE_DATEN,
        "massnahmen_mit_bericht": Status.IM_PLAN,
        "wartezeit_dolmetsch": Status.IM_PLAN,
    }
    survey = status.indicators["anteil_sg_fortbildung"]
    assert survey.level == pytest.approx(100 * 126 / 177)
    assert survey.level_date == D(2020, 3, 31)


def test_cli_plan_status_and_check(demo, tmp_path):
    table = runner.invoke(app, ["plan", "status", str(demo)])
    assert table.exit_code == 0, table.output
    assert "Stand: 31.12.2020" in table.output
    assert (
        "✖ nicht im Plan                anteil_mh_beschaeftigte: Anteil der Beschäftigten mit "
        "Migrationshintergrund – Ist 13,9\u00a0% (31.12.2020); erwartet 15,6\u00a0%; "
        "Ziel 18\u00a0% bis 31.12.2022"
    ) in table.output
    as_json = runner.invoke(
        app, ["plan", "status", str(demo), "--format", "json", "--date", "2019-12-31"]
    )
    data = json.loads(as_json.output)
    assert data["date"] == "2019-12-31"
    rows = {r["id"]: r for r in data["rows"]}
    # At the end of 2019 the network still reported (3 of 1 -> 4 expected 2.8): on track.
    assert rows["netzwerktreffen"]["status"] == "im Plan"
    assert rows["hf_zusammenarbeit"]["verteilung"] == "1 im Plan"
    as_csv = runner.invoke(app, ["plan", "status", str(demo), "--format", "csv", "--lang", "en"])
    frame = pl.read_csv(as_csv.output.encode())
    assert frame.columns[:4] == ["level", "id", "title", "status"]
    assert runner.invoke(app, ["plan", "check", str(demo)]).output == "Keine Lücken gefunden.\n"

    values = demo / "plan" / "values.csv"
    original = values.read_text(encoding="utf-8")
    try:
        values.write_text(
            "\n".join(
                line
                for line in original.splitlines()
                if not line.startswith("netzwerktreffen,target")
            )
            + "\n",
            encoding="utf-8",
        )
        gap = runner.invoke(app, ["plan", "check", str(demo), "--lang", "en"])
        assert gap.exit_code == 1
        assert gap.output == "Error: netzwerktreffen: indicator without a target\n"
    finally:
        values.write_text(original, encoding="utf-8")
    none = runner.invoke(app, ["plan", "status", str(tmp_path)])
    assert none.exit_code == 2
    assert "kein Integrationsplan (plan/plan.yaml fehlt)" in none.output


def test_the_plan_as_one_workbook_reads_back_as_written(tmp_path):
    from openpyxl import load_workbook

    from lipkit.controlling.workbook import read_workbook, write_workbook

    plan = build_plan()
    path = tmp_path / "plan.xlsx"
    write_workbook(plan, path)
    assert load_workbook(path).sheetnames == [
        "Plan",
        "Wellen",
        "Handlungsfelder",
        "Ziele",
        "Maßnahmen",
        "Indikatoren",
        "Werte",
    ]
    assert _without_lines(read_workbook(path)) == plan


def test_a_team_changes_a_target_and_adds_an_actual_in_excel(tmp_path):
    """What a city's team does: edit the workbook, read it back, see the new status."""
    from openpyxl import load_workbook

    from lipkit.controlling.workbook import read_workbook, write_workbook

    path = tmp_path / "plan.xlsx"
    write_workbook(build_plan(), path)
    wb = load_workbook(path)
    sheet = wb["Werte"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "anteil_fb_zielvereinbarung" and row[1].value == "target":
            row[3].value = 45  # the target lowered from 60 to 45
    sheet.append(["netzwerktreffen", "actual", dt.datetime(2020, 12, 31), 4, "Protokolle", None])
    wb.save(path)
    plan = read_workbook(path)
    status = plan_status(plan, D(2020, 12, 31))
    # 10 -> 45 over 2018-2022: expected 10 + 35 * 1096/1826 = 31.0 on 2020-12-31; 30 is 0.97
    agreements = status.indicators["anteil_fb_zielvereinbarung"]
    assert agreements.expected == pytest.approx(10 + 35 * 1096 / 1826)
    assert agreements.status == Status.IM_PLAN
    # 4 meetings meet the target of 4: achieved (it had no data before)
    assert status.indicators["netzwerktreffen"].status == Status.ERREICHT

    sheet = wb["Indikatoren"]
    unit = next(c.column_letter for c in sheet[1] if c.value == "unit")
    sheet[f"{unit}3"] = "prozent"
    # row 32: after the header, 29 values and the one added above
    wb["Werte"].append(["netzwerktreffen", "actual", "Ende 2021", 4])
    wb.save(path)
    with pytest.raises(PlanError) as caught:
        read_workbook(path)
    assert caught.value.lines == [
        "plan.xlsx, Blatt Indikatoren, Zeile 3, Feld 'unit': Wert 'prozent': erwartet einen "
        "dieser Werte: count, percent, currency, ordinal, qualitative",
        "plan.xlsx, Blatt Werte, Zeile 32, Feld 'date': Wert 'Ende 2021': erwartet ein Datum "
        "JJJJ-MM-TT",
    ]


def test_a_value_typed_as_a_percentage_in_excel_reads_as_the_percent_shown(tmp_path):
    """Typing "35 %" into a cell of the sheet Werte, Excel stores 0.35 in a cell formatted
    as a percentage and shows "35 %": lipkit reads what the cell shows, 35 (the plan's
    percentages are 0-100), not 0.35. A plain 30 stays 30."""
    from openpyxl import load_workbook

    from lipkit.controlling.workbook import read_workbook, write_workbook

    path = tmp_path / "plan.xlsx"
    write_workbook(build_plan(), path)
    wb = load_workbook(path)
    sheet = wb["Werte"]
    sheet.append(["anteil_fb_zielvereinbarung", "actual", dt.datetime(2021, 12, 31), 0.35])
    sheet.cell(sheet.max_row, 4).number_format = "0 %"
    sheet.append(["massnahmen_mit_bericht", "actual", dt.datetime(2021, 12, 31), 0.855])
    sheet.cell(sheet.max_row, 4).number_format = "0.0%"
    wb.save(path)
    plan = read_workbook(path)
    added = {v.indicator: v.value for v in plan.values if v.date == D(2021, 12, 31)}
    assert added == {"anteil_fb_zielvereinbarung": 35.0, "massnahmen_mit_bericht": 85.5}
    # 35 % against 50 % expected on the path from 10 % (2017) to 60 % (2022): progress 25/40
    status = plan_status(plan, D(2021, 12, 31))
    assert status.indicators["anteil_fb_zielvereinbarung"].status == Status.GEFAEHRDET
    kept = [v for v in plan.values if v.indicator == "anteil_fb_zielvereinbarung"]
    assert [v.value for v in kept if v.kind == ValueKind.ACTUAL] == [16, 21, 30, 35]


def test_cli_plan_export_and_import_go_through_excel(demo, tmp_path):
    before = (demo / "plan" / "values.csv").read_text(encoding="utf-8")
    target = tmp_path / "plan.xlsx"
    assert runner.invoke(app, ["plan", "export", str(demo), str(target)]).exit_code == 0
    again = runner.invoke(app, ["plan", "export", str(demo), str(target)])
    assert again.exit_code == 2
    assert "existiert bereits" in again.output
    imported = runner.invoke(app, ["plan", "import", str(demo), str(target)])
    assert imported.exit_code == 0, imported.output
    assert (demo / "plan" / "values.csv").read_text(encoding="utf-8") == before


def test_a_key_given_twice_or_broken_yaml_is_located(tmp_path):
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "plan.yaml").write_text("title: A\nfields: []\ntitle: B\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_plan(folder)
    assert caught.value.lines == [
        "plan/plan.yaml, Zeile 3, Feld 'title': erwartet jeden Schlüssel nur einmal "
        "(schon in Zeile 1)"
    ]
    (folder / "plan.yaml").write_text("title: A\nfields: [\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_plan(folder)
    assert caught.value.lines[0].startswith("plan/plan.yaml, Zeile 3: erwartet gültiges YAML")
