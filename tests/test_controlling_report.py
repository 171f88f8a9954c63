"""The controlling part of the report: built from the demo's plan, alone (--part controlling)
or after the evaluation, with live plan numbers in chapters."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from docx import Document as DocxDocument

from lipkit.demo import write_demo
from lipkit.report import build_report, write_report
from lipkit.report.model import Figure, Heading, Paragraph, Run, Table, plain
from lipkit.study.folder import load_study


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ctl") / "studie"
    write_demo(folder)
    return folder


@pytest.fixture(scope="module")
def part(demo):
    from lipkit.data.io import read_responses

    study = load_study(demo)
    frame = read_responses(demo / "responses.csv", study.questionnaire, study.org).frame
    return study, frame, build_report(study, frame, demo, part="controlling")


def test_the_controlling_part_has_overview_charts_measures_and_changes(part):
    _, _, doc = part
    headings = [(h.number, h.text) for h in doc.blocks if isinstance(h, Heading)]
    assert headings == [
        ("1", "Controlling des Integrationsplans"),
        ("1.1", "Überblick"),
        ("1.2", "Monitoring-Indikatoren"),
        ("1.3", "Controlling-Indikatoren"),
        ("1.4", "Maßnahmen nach Zuständigkeit"),
        ("1.5", "Veränderungen seit dem 31.12.2019"),
    ]
    overview, measures, changes = doc.tables
    assert overview.caption == "Status der Handlungsfelder und Ziele zum 31.12.2020"
    first = [c.text for c in overview.rows[0]]
    # status as symbol and text, never colour alone; counts; the recommendations it answers
    assert first == [
        "Handlungsfeld",
        "Interkulturelle Öffnung der Verwaltung",
        "✖ nicht im Plan",
        "2 im Plan, 2 gefährdet, 1 nicht im Plan, 1 ohne Bewertung",
        "HE 6, HE 7, HE 8, HE 9",
    ]
    goal = [c.text for c in overview.rows[2]]
    assert goal[2:] == [
        "✖ nicht im Plan",
        "1 nicht im Plan",
        # the survey questions by their labels, as the figures name them, not by their names
        "HE 9, Wie viel Prozent der Mitarbeiter*innen in Ihrem Sachgebiet/Ihren "
        "Sachgebieten verfügen über einen Migrationshintergrund? Ihr persönlicher Eindruck "
        "genügt, Gibt es Bestrebungen, den Anteil von Mitarbeiter*innen mit "
        "Migrationshintergrund in Ihrem Sachgebiet/Ihren Sachgebieten zu erhöhen?",
    ]
    # a matrix row after its matrix
    last = [c.text for c in overview.rows[-1]]
    assert last[4].endswith(
        "Was sind aus Ihrer Sicht wichtige Faktoren bei der Weiterentwicklung des LIP? – "
        "Regelmäßiges Controlling der Maßnahmen"
    )
    # one chart per indicator; the two monitoring indicators come first, in their section
    figures = doc.figures
    assert [f.number for f in figures] == list(range(1, 9))
    assert [f.id for f in figures[:2]] == [
        "indicator-anteil_mh_beschaeftigte",
        "indicator-anteil_sg_fortbildung",
    ]
    assert figures[0].caption == (
        "Anteil der Beschäftigten mit Migrationshintergrund (Monitoring, ✖\u00a0nicht im Plan)"
    )
    assert figures[0].alt == (
        "Liniendiagramm: Anteil der Beschäftigten mit Migrationshintergrund. Ausgangswert "
        "12 % (31.12.2017); Zielwerte 18 % (31.12.2022); Istwerte 12,8 % (31.12.2018); "
        "13,4 % (31.12.2019); 13,9 % (31.12.2020). Status: nicht im Plan."
    )
    survey = figures[1]
    assert "Berechnet aus der Befragung (befragung_2020) unter der Mindestgruppengröße k = 5." in (
        survey.notes
    )
    assert survey.svg.startswith(b"<?xml")
    # the cumulative indicator is charted as its running total
    trained = next(f for f in figures if f.id == "indicator-beschaeftigte_geschult")
    assert "Istwerte 250 (31.12.2018); 490 (31.12.2019); 720 (31.12.2020)" in trained.alt
    # measures by owner (unit names from the org tree), with status and last report
    rows = [[c.text for c in row] for row in measures.rows]
    assert rows[0] == [
        "Fachbereich Büro Oberbürgermeister",
        "Jährlicher Controllingbericht zum Integrationsplan",
        "in den Regelbetrieb übergegangen",
        "31.12.2020",
    ]
    assert rows[3] == [
        "Fachbereich Büro Oberbürgermeister",
        "Zielvereinbarungen zur interkulturellen Öffnung mit den Fachbereichen",
        "in Umsetzung",
        "31.12.2020 – 6 von 19 Fachbereichen mit Zielvereinbarung",
    ]
    stopped = next(r for r in rows if r[1].startswith("Verwaltungsinterne Kampagne"))
    assert stopped[2] == "eingestellt (ersetzt durch das Intranet-Portal Vielfalt (2019))"
    # what changed since the previous reporting date (one year before)
    assert [[c.text for c in row] for row in changes.rows] == [
        [
            "Anteil der Sachgebiete mit interkulturellen Fortbildungen",
            "? keine aktuellen Daten",
            "⚠ gefährdet",
        ],
        [
            "Anteil der Fachbereiche mit Zielvereinbarung zur interkulturellen Öffnung",
            "✖ nicht im Plan",
            "⚠ gefährdet",
        ],
        [
            "Ressortübergreifende Netzwerktreffen im Halbjahr",
            "✔ im Plan",
            "? keine aktuellen Daten",
        ],
    ]


def test_live_plan_numbers_in_a_chapter(demo, part, tmp_path):
    study, frame, _ = part
    folder = tmp_path / "studie"
    shutil.copytree(demo, folder)
    (folder / "report" / "99-stand.md").write_text(
        '# Stand\n\nDer Anteil liegt bei {{ indicator("anteil_mh_beschaeftigte") }}; '
        'Ziel 3.1: {{ status("ziel_3_1") }}.\n',
        encoding="utf-8",
    )
    doc = build_report(study, frame, folder, part="all")
    texts = [plain(b.inline) for b in doc.blocks if isinstance(b, Paragraph)]
    assert "Der Anteil liegt bei 13,9 %; Ziel 3.1: ? keine aktuellen Daten." in [
        t.replace("\u00a0", " ") for t in texts
    ]
    # the evaluation comes first, the controlling part after its last chapter
    headings = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings[-1] == "Controlling des Integrationsplans"
    assert isinstance(doc.blocks[-1], Table | Paragraph | Figure)


def test_controlling_part_in_html_and_docx(demo, part, tmp_path):
    study, frame, _ = part
    out = write_report(
        study, frame, demo, tmp_path, formats=("html", "docx"), part="controlling", name="c"
    )
    html = out.paths["html"].read_text(encoding="utf-8")
    assert "Controlling des Integrationsplans" in html
    assert html.count("data:image/svg+xml;base64,") == 8
    docx = DocxDocument(str(out.paths["docx"]))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "Maßnahmen nach Zuständigkeit" in text
    assert len(docx.inline_shapes) == 8


def test_recommendations_and_survey_questions_link_to_the_evaluation(demo, part):
    from lipkit.report.controlling import controlling_blocks, load_part

    study, _, doc = part
    # --part controlling alone: no evaluation figures, no recommendations to link to
    overview = doc.tables[0]
    assert [r.link for r in overview.rows[2][4].inline] == ["", "", "", "", ""]
    assert not any(
        isinstance(b, Paragraph) and plain(b.inline).startswith("Berechnet aus der Frage")
        for b in doc.blocks
    )
    # inside the whole report: "HE 9" -> #rec-9, the question anteil_mh -> its figure
    targets = {"HE 9": "#rec-9", "anteil_mh": "#x-anteil_mh", "fortbildungen": "#x-fortb"}
    blocks = controlling_blocks(
        load_part(demo, study),
        lambda level, text: Heading(level, "", text, ""),
        lambda ref: targets.get(ref, ""),
    )
    overview = next(b for b in blocks if isinstance(b, Table))
    runs = overview.rows[2][4].inline
    assert [(r.text, r.link) for r in runs if r.text != ", "] == [
        ("HE 9", "#rec-9"),
        (
            "Wie viel Prozent der Mitarbeiter*innen in Ihrem Sachgebiet/Ihren Sachgebieten "
            "verfügen über einen Migrationshintergrund? Ihr persönlicher Eindruck genügt",
            "#x-anteil_mh",
        ),
        (
            "Gibt es Bestrebungen, den Anteil von Mitarbeiter*innen mit Migrationshintergrund in "
            "Ihrem Sachgebiet/Ihren Sachgebieten zu erhöhen?",
            "",
        ),
    ]
    # in English, the English labels
    english = controlling_blocks(
        load_part(demo, study, language="en"),
        lambda level, text: Heading(level, "", text, ""),
        lambda ref: targets.get(ref, ""),
    )
    runs = next(b for b in english if isinstance(b, Table)).rows[2][4].inline
    assert [r.text for r in runs if r.text != ", "][1:] == [
        "What share of the staff of your section(s) has a migration background? Your personal "
        "impression is enough",
        "Are there efforts to raise the share of staff with a migration background in your "
        "section(s)?",
    ]
    at = next(
        i for i, b in enumerate(blocks) if getattr(b, "id", "") == "indicator-anteil_sg_fortbildung"
    )
    after = blocks[at + 1]
    assert isinstance(after, Paragraph)
    assert [r.link for r in after.inline] == ["", "#x-fortb", ""]
    assert plain(after.inline).startswith("Berechnet aus der Frage „")


def _large_plan():
    """Two fields of action with a goal each and 13 monitoring indicators per goal (26, more
    than CHART_LIMIT = 24): baseline 0 % at the end of 2020, target 100 % at the end of 2022,
    so the path expects 50 % at the end of 2021, where each actual value stands; progress is
    actual / 50. Field A: a0 no actual (keine aktuellen Daten), a1 10 (0.2, nicht im Plan),
    a2 5 (0.1, nicht im Plan), a3 40 (0.8, gefährdet), a4 100 (erreicht), a5-a12 50 (1.0, im
    Plan).
    Field B: b0 20 (0.4, nicht im Plan), b1 35 (0.7, gefährdet), b2-b12 50 (im Plan)."""
    import datetime as dt

    from lipkit.controlling.model import (
        Field,
        Goal,
        Indicator,
        Kind,
        Plan,
        StrategicGoal,
        Unit,
        Value,
        ValueKind,
    )

    actual = {"a1": 10, "a2": 5, "a3": 40, "a4": 100, "b0": 20, "b1": 35}
    fields, indicators, values = [], [], []
    for f in ("a", "b"):
        goal = Goal(f"z_{f}", f"Ziel {f.upper()}")
        strategic = StrategicGoal(f"lz_{f}", f"Leitziel {f.upper()}", (goal,))
        fields.append(Field(f"hf_{f}", f"Feld {f.upper()}", (strategic,)))
        for n in range(13):
            ind = f"{f}{n}"
            indicators.append(
                Indicator(ind, f"Indikator {ind}", Kind.MONITORING, Unit.PERCENT, goal=goal.id)
            )
            values += [
                Value(ind, ValueKind.BASELINE, dt.date(2020, 12, 31), 0.0),
                Value(ind, ValueKind.TARGET, dt.date(2022, 12, 31), 100.0),
            ]
            if ind != "a0":
                level = float(actual.get(ind, 50))
                values.append(Value(ind, ValueKind.ACTUAL, dt.date(2021, 12, 31), level))
    return Plan("Großer Plan", tuple(fields), (), tuple(indicators), tuple(values))


def test_a_section_of_many_indicators_charts_those_furthest_behind_and_lists_all(
    demo, part, tmp_path
):
    """More indicators than CHART_LIMIT: a table by field and status, charts only for the
    ones behind the plan (off track first, then no current data, then at risk, least progress
    first), those in a table per field with the status `lipkit plan status` shows, and of the
    changes only those that are no improvement."""
    from lipkit.controlling.files import write_plan
    from lipkit.controlling.status import plan_status
    from lipkit.controlling.table import status_rows
    from lipkit.report.controlling import CHART_LIMIT

    study, frame, _ = part
    folder = tmp_path / "studie"
    shutil.copytree(demo, folder)
    shutil.rmtree(folder / "plan")
    plan = _large_plan()
    assert len(plan.indicators) > CHART_LIMIT
    write_plan(plan, folder / "plan")
    doc = build_report(study, frame, folder, part="controlling")
    headings = [h.text for h in doc.blocks if isinstance(h, Heading)]
    assert headings[2] == "Monitoring-Indikatoren"
    summary, field_a, field_b = doc.tables[1:4]
    assert summary.caption == "Monitoring-Indikatoren nach Handlungsfeld und Status zum 31.12.2021"
    assert summary.header == (
        "Handlungsfeld",
        "Indikatoren",
        "★ erreicht",
        "✔ im Plan",
        "⚠ gefährdet",
        "? keine aktuellen Daten",
        "✖ nicht im Plan",
    )
    assert [[c.text for c in row] for row in summary.rows] == [
        ["Feld A", "13", "1", "8", "1", "1", "2"],
        ["Feld B", "13", "–", "11", "1", "–", "1"],
        ["Insgesamt", "26", "1", "19", "2", "1", "3"],
    ]
    note = next(
        plain(b.inline)
        for b in doc.blocks
        if isinstance(b, Paragraph) and plain(b.inline).startswith("Von den 26")
    )
    assert note.startswith(
        "Von den 26 Monitoring-Indikatoren sind 6 nicht im Plan, ohne aktuelle Daten oder "
        "gefährdet. Die Abbildungen zeigen die 6, die am weitesten zurückliegen"
    )
    assert [f.id.removeprefix("indicator-") for f in doc.figures] == [
        "a2",
        "a1",
        "b0",
        "a0",
        "b1",
        "a3",
    ]
    assert field_a.caption == (
        "Monitoring-Indikatoren hinter dem Plan im Handlungsfeld „Feld A“ zum 31.12.2021"
    )
    assert field_a.header == ("Indikator", "Status", "Istwert (Stand)", "erwartet", "nächstes Ziel")
    # the indicators behind the plan, in the plan's order; the others are counted above
    assert [r[0].text for r in field_a.rows + field_b.rows] == [
        "Indikator a0",
        "Indikator a1",
        "Indikator a2",
        "Indikator a3",
        "Indikator b0",
        "Indikator b1",
    ]
    assert [c.text for c in field_a.rows[3]] == [
        "Indikator a3",
        "⚠ gefährdet",
        "40 % (31.12.2021)",
        "50 %",
        "100 % (31.12.2022)",
    ]
    assert [c.text for c in field_a.rows[0]] == [
        "Indikator a0",
        "? keine aktuellen Daten",
        "–",
        "–",
        "100 % (31.12.2022)",
    ]
    # every status listed is the one `lipkit plan status` shows for that date
    listed = {row[0].text: row[1].text for row in field_a.rows + field_b.rows}
    rows = status_rows(plan, plan_status(plan, dt.date(2021, 12, 31)))
    shown = {r["titel"]: f"{r['symbol']} {r['status']}" for r in rows if r["ebene"] == "Indikator"}
    assert len(shown) == 26 and listed == {k: shown[k] for k in listed}
    # changes since 31.12.2020 (no actual value then: all keine aktuellen Daten): 22 improved
    # and are counted, the 3 now off track are listed
    changes_note = next(
        plain(b.inline)
        for b in doc.blocks
        if isinstance(b, Paragraph) and plain(b.inline).startswith("Seit dem")
    )
    assert changes_note.startswith(
        "Seit dem 31.12.2020 hat sich der Status von 25 Indikatoren geändert: 22 haben sich "
        "verbessert; die Tabelle nennt die übrigen 3,"
    )
    changes = doc.tables[-1]
    assert changes.caption == (
        "Indikatoren, deren Status sich seit dem 31.12.2020 geändert, aber nicht verbessert hat"
    )
    assert [[c.text for c in row] for row in changes.rows] == [
        ["Indikator a1", "? keine aktuellen Daten", "✖ nicht im Plan"],
        ["Indikator a2", "? keine aktuellen Daten", "✖ nicht im Plan"],
        ["Indikator b0", "? keine aktuellen Daten", "✖ nicht im Plan"],
    ]
    assert doc.tables[0].caption == "Status der Handlungsfelder und Ziele zum 31.12.2021"


def test_a_large_section_in_english(demo, part, tmp_path):
    study, frame, _ = part
    folder = tmp_path / "studie"
    shutil.copytree(demo, folder)
    shutil.rmtree(folder / "plan")
    from lipkit.controlling.files import write_plan

    write_plan(_large_plan(), folder / "plan")
    doc = build_report(study, frame, folder, part="controlling", language="en")
    assert doc.tables[1].caption == (
        "Monitoring indicators by field of action and status on 2021-12-31"
    )
    assert doc.tables[2].caption == (
        "Monitoring indicators behind the plan in the field of action “Feld A” on 2021-12-31"
    )
    assert any(
        plain(b.inline).startswith(
            "Of the 26 monitoring indicators, 6 are off track, without current data or at risk."
        )
        for b in doc.blocks
        if isinstance(b, Paragraph)
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "de",
            [
                "Ein Befragungswert ist nicht ausgewiesen (n < k).",
                "Der Befragungswert zum 30.09.2020 fehlt, die Frage ist nicht vergleichbar: "
                "Wortlaut geändert, keine Zuordnung erklärt.",
                "Der Befragungswert zum 30.11.2020 fehlt, die Frage ist nicht vergleichbar: "
                "Skala geändert.",
            ],
        ),
        (
            "en",
            [
                "A survey value is not shown (n < k).",
                "The survey value of 2020-09-30 is missing, the question is not comparable: "
                "wording changed, no mapping declared.",
                "The survey value of 2020-11-30 is missing, the question is not comparable: "
                "Skala geändert.",
            ],
        ),
    ],
)
def test_a_survey_value_without_a_number_says_why_in_the_reports_language(demo, language, said):
    """Hidden under k, or its wave not comparable: the codes stored with the value, in the
    report's language; the last one as lipkit stored it before the codes (German)."""
    import dataclasses

    from lipkit.controlling.model import Value, ValueKind
    from lipkit.report.controlling import _figure, load_part

    part = load_part(demo, load_study(demo), language=language)
    assert part is not None
    ind = part.loaded.plan.indicator("anteil_sg_fortbildung")
    reworded = '{"code": "compare_reason.wording_changed", "params": {}}'
    extra = (
        Value(ind.id, ValueKind.ACTUAL, dt.date(2020, 6, 30), None, "survey:a:x", "suppressed"),
        Value(
            ind.id,
            ValueKind.ACTUAL,
            dt.date(2020, 9, 30),
            None,
            "survey:b:x",
            "not_comparable:" + reworded,
        ),
        Value(
            ind.id,
            ValueKind.ACTUAL,
            dt.date(2020, 11, 30),
            None,
            "Befragung c: x",
            "nicht vergleichbar: Skala geändert",
        ),
    )
    values = [*part.loaded.values, *extra]
    part = dataclasses.replace(part, loaded=dataclasses.replace(part.loaded, values=values))
    notes = _figure(part, ind).notes
    assert [n for n in notes if n in said] == said


def test_the_english_part_shows_the_plans_english_titles_and_marks_german_ones(
    demo, part, tmp_path
):
    """title::en of plan.yaml in the English report; where a title has none, the German one
    is shown and marked lang="de" (HTML, DOCX)."""
    import re

    study, frame, _ = part
    doc = build_report(study, frame, demo, part="controlling", language="en")
    overview, measures, changes = doc.tables
    assert [(c.text, c.lang) for c in overview.rows[0][:2]] == [
        ("Field of action", ""),
        ("Intercultural opening of the administration", ""),
    ]
    assert [c.text for c in measures.rows[0][1:2]] == [
        "Annual controlling report on the integration plan"
    ]
    assert changes.rows[0][0].text == "Share of sections with intercultural training"
    assert doc.figures[0].caption == (
        "Share of staff with a migration background (monitoring, ✖\u00a0off track)"
    )
    assert doc.figures[0].alt.startswith(
        "Line chart: Share of staff with a migration background. Baseline 12% (2017-12-31)"
    )
    # a goal without an English title: the German one, marked
    folder = tmp_path / "studie"
    shutil.copytree(demo, folder)
    plan = folder / "plan" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        "      title::en: Raise the share of staff with a migration background\n", ""
    )
    plan.write_text(text, encoding="utf-8")
    out = _english_controlling(study, frame, folder, tmp_path)
    goal = "Den Anteil der Beschäftigten mit Migrationshintergrund erhöhen"
    html = out.paths["html"].read_text(encoding="utf-8")
    assert re.search(f'<td lang="de">\u2003\u2003{goal}</td>', html)
    docx = DocxDocument(str(out.paths["docx"]))
    cell = next(c for c in docx.tables[0]._cells if c.text.endswith(goal))
    languages = cell._tc.xpath(".//w:lang/@w:val")
    assert languages == ["de-DE"]


def _runs(inline) -> list[tuple[str, str]]:
    return [(r.text, r.lang) for r in inline]


def test_the_english_part_marks_the_plans_german_texts_and_says_its_own_words_in_english(
    demo, part, tmp_path
):
    """What only the plan's German gives (a measure's report and why it stopped, an
    indicator's source, definition and responsible role) is marked lang="de" in the English
    report; the words around it (status, "Source", "Responsible") are the catalogue's English;
    the German report marks nothing."""
    import re

    study, frame, german = part
    doc = build_report(study, frame, demo, part="controlling", language="en")
    measures = doc.tables[1]
    rows = {r[1].text: r for r in measures.rows}
    stopped = rows["Internal campaign on the integration plan"]
    assert _runs(stopped[2].inline) == [
        ("stopped (", ""),
        ("ersetzt durch das Intranet-Portal Vielfalt (2019)", "de"),
        (")", ""),
    ]
    assert stopped[3].text == "2019-06-30"
    leitbild = rows["Mission statement on intercultural opening (definition, goals, communication)"]
    assert (leitbild[2].text, leitbild[2].inline) == ("in progress", (Run("in progress"),))
    assert _runs(leitbild[3].inline) == [
        ("2020-12-31", ""),
        (" – ", ""),
        ("Entwurf mit den Dezernaten abgestimmt", "de"),
    ]
    source, responsible = doc.figures[0].notes
    assert _runs(source) == [
        ("Source: ", ""),
        ("Personalstatistik (Fachbereich Personal und Organisation)", "de"),
        (". Definition: ", ""),
        (
            "Beschäftigte mit Migrationshintergrund (freiwillige Angabe) in Prozent aller "
            "Beschäftigten zum Stichtag",
            "de",
        ),
    ]
    assert _runs(responsible) == [
        ("Responsible: ", ""),
        ("Personnel and Organisation", ""),
        (", ", ""),
        ("Fortbildungs- und Personalmanagement", "de"),
        (".", ""),
    ]
    # an indicator without a definition: the dash is no German
    assert _runs(doc.figures[3].notes[0])[2:] == [(". Definition: ", ""), ("–", "")]
    # German: the same texts, nothing marked
    runs = [
        r
        for b in german.blocks
        for r in (
            [r for row in b.rows for c in row for r in c.inline] if isinstance(b, Table) else []
        )
        + (
            [r for n in b.notes if not isinstance(n, str) for r in n]
            if isinstance(b, Figure)
            else []
        )
    ]
    assert "ersetzt durch das Intranet-Portal Vielfalt (2019)" in [r.text for r in runs]
    assert {r.lang for r in runs} == {""}
    # written: a span in HTML (the PDF's structure takes it from there), the run's language
    # in Word
    out = _english_controlling(study, frame, demo, tmp_path)
    html = out.paths["html"].read_text(encoding="utf-8")
    assert (
        '<td>stopped (<span lang="de">ersetzt durch das Intranet-Portal Vielfalt (2019)</span>)'
        "</td>" in html
    )
    assert re.search(
        r'<p class="note">Responsible: Personnel and Organisation, '
        r'<span lang="de">Fortbildungs- und Personalmanagement</span>\.</p>',
        html,
    )
    table = DocxDocument(str(out.paths["docx"])).tables[1]
    cell = next(c for c in table._cells if c.text.startswith("stopped ("))
    assert [
        (r.text, r._r.xpath("string(./w:rPr/w:lang/@w:val)"))
        for r in cell.paragraphs[0].runs
        if r.text
    ] == [
        ("stopped (", ""),
        ("ersetzt durch das Intranet-Portal Vielfalt (2019)", "de-DE"),
        (")", ""),
    ]


def test_the_plans_recommendations_link_to_the_reports_own_in_its_language(demo, part):
    """In the whole report the plan's "HE 10" links to the recommendation, which the English
    report numbers "R 10" (the recommendations are placed after the controlling part is
    built). The demo's plan cites only the demo report's own recommendations (it cited the
    reference report's HE 13–21, which the demo does not have, without a word)."""
    study, frame, _ = part
    doc = build_report(study, frame, demo, language="en")
    overview = next(t for t in doc.tables if t.id == "controlling-overview")
    runs = [(r.text, r.link) for r in overview.rows[2][4].inline if r.text != ", "]
    assert runs[:1] == [("R 9", "#rec-9")]
    field = [(r.text, r.link) for r in overview.rows[6][4].inline if r.text != ", "]
    assert field == [("R 10", "#rec-10"), ("R 11", "#rec-11")]
    assert {"rec-9", "rec-10", "rec-11"} <= {
        b.anchor for b in doc.blocks if type(b).__name__ == "Recommendation"
    }
    assert not [w for w in doc.warnings if "plan.yaml" in w]


def test_a_plan_citing_a_recommendation_the_report_lacks_is_warned_of(demo, part, tmp_path):
    """ "HE 13" in a report with twelve recommendations: shown without a link, and a warning
    with the plan's file and line (so that `lipkit report --strict` stops)."""
    import shutil

    study, frame, _ = part
    copy = tmp_path / "studie"
    shutil.copytree(demo, copy, ignore=shutil.ignore_patterns(".lipkit-cache", "report-out"))
    plan = copy / "plan" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines.count("  - HE 10") == 1  # the field's (its goal's stands deeper)
    plan.write_text(text.replace("\n  - HE 10\n", "\n  - HE 13\n"), encoding="utf-8")
    line = lines.index("- id: hf_zusammenarbeit") + 1
    doc = build_report(study, frame, copy)
    overview = next(t for t in doc.tables if t.id == "controlling-overview")
    field = [(r.text, r.link) for r in overview.rows[6][4].inline if r.text != ", "]
    assert field == [("HE 13", ""), ("HE 11", "#rec-11")]
    [warning] = [w for w in doc.warnings if "plan.yaml" in w]
    assert warning == (
        f"plan/plan.yaml, Zeile {line}: hf_zusammenarbeit verweist auf HE 13, der Bericht hat "
        "aber nur 12 Handlungsempfehlungen; ohne Verweis gezeigt"
    )


def test_a_qualitative_indicator_is_a_time_line_of_what_was_reported(demo, part):
    """The demo's leitbild_ikoe has no number, only "Entwurf mit den Dezernaten abgestimmt"
    on 31.12.2020 (values.csv): its chart is that statement at 2020 on a time axis, no value
    axis (it was an empty 0–1 axis over the years 1999 to 2001); the numeric charts label their
    axis at their own dates (a value of 31.12.2018 over "2018")."""
    import xml.etree.ElementTree as ET

    import matplotlib

    matplotlib.use("Agg")
    from lipkit.controlling.chart import indicator_series
    from lipkit.report.charts import indicator_figure

    _, _, doc = part
    figures = {f.id: f for f in doc.figures}
    leitbild = figures["indicator-leitbild_ikoe"]

    def texts(figure: Figure) -> list[str]:
        root = ET.fromstring(figure.svg)
        return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]

    assert texts(leitbild) == ["2020", "Entwurf mit den Dezernaten abgestimmt", "Sachstand"]
    assert (leitbild.width_cm, round(leitbild.height_cm, 2)) == (16.0, 2.15)
    assert leitbild.alt == (
        "Zeitleiste: Leitbild Interkulturelle Öffnung beschlossen. Sachstand: Entwurf mit den "
        "Dezernaten abgestimmt (31.12.2020). Status: ohne Bewertung."
    )
    # the data behind it
    from lipkit.report.controlling import load_part

    loaded = load_part(demo, part[0])
    ind = loaded.loaded.plan.indicator("leitbild_ikoe")
    series = indicator_series(
        ind, loaded.status.indicators[ind.id], loaded.values_of(ind.id), loaded.status.date
    )
    assert (series.path, series.targets, series.actuals, series.statements) == (
        [],
        [],
        [],
        [("2020-12-31", "Entwurf mit den Dezernaten abgestimmt")],
    )
    # the PNG of DOCX: the same axis and text, no value axis
    drawn = indicator_figure([], [], [], "qualitative", "de", series.statements)
    ax = drawn.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2020"]
    assert not ax.yaxis.get_visible()
    assert [t.get_text() for t in ax.texts] == ["Entwurf mit den Dezernaten abgestimmt"]
    # a numeric chart: baseline 2017, actual values 2018 to 2020, target 2022, each over its year
    shares = texts(figures["indicator-anteil_fb_zielvereinbarung"])
    assert shares[:5] == ["2017", "2018", "2019", "2020", "2022"]
    assert shares[-6:] == ["16 %", "21 %", "30 %", "Zielpfad", "Zielwert", "Istwert"]


def test_in_word_the_overview_may_break_after_its_first_rows_a_short_table_stays_whole(
    demo, part, tmp_path
):
    """The overview (12 rows, the questions' labels in its last column: more than a page in
    the English Word file) was kept on one page row by row: Word and LibreOffice moved it
    whole to the next page and left the chapter's first page empty below its introduction.
    Now its header keeps only the first two rows, the last two keep together; the table of
    changes (3 short rows) stays whole."""
    study, frame, _ = part
    out = write_report(
        study,
        frame,
        demo,
        tmp_path / "out",
        formats=("docx",),
        part="controlling",
        language="en",
        name="c",
    )
    overview, _, changes = DocxDocument(str(out.paths["docx"])).tables

    def kept(table) -> list[bool]:
        return [
            bool(row.cells[0].paragraphs[0].paragraph_format.keep_with_next) for row in table.rows
        ]

    assert len(overview.rows) == 13  # the header and 12 rows
    assert kept(overview) == [True, True] + [False] * 9 + [True, False]
    assert kept(changes) == [True, True, True, False]


def _english_controlling(study, frame, folder, tmp_path):
    """The controlling part in English, as HTML and DOCX."""
    return write_report(
        study,
        frame,
        folder,
        tmp_path / "out",
        formats=("html", "docx"),
        part="controlling",
        language="en",
        name="c",
    )


@pytest.mark.parametrize(
    "top, unit, labels",
    [
        # the axis reaches 13 * 1.15 = 14.95: steps of 2 (matplotlib's own ticks in the PNG
        # were at 2.5, 5, 7.5, … and labelled "3, 5, 8, 10, 13, 15")
        (13.0, "number", ["0", "2", "4", "6", "8", "10", "12", "14"]),
        # 18 * 1.15 = 20.7: steps of 5 (the SVG had "0,0 %, 2,5 %, … 17,5 %", 20 cut off)
        (18.0, "percent", ["0 %", "5 %", "10 %", "15 %", "20 %"]),
        # 3 * 1.15 = 3.45: steps of 0.5, each label with its one decimal
        (3.0, "number", ["0,0", "0,5", "1,0", "1,5", "2,0", "2,5", "3,0"]),
    ],
)
def test_the_value_axis_is_labelled_at_whole_steps_alike_in_png_and_svg(top, unit, labels):
    import re

    from lipkit.report.charts import indicator_figure, indicator_svg

    series = ([("2020-12-31", 1.0), ("2024-12-31", top)], [("2024-12-31", top)], [])
    figure = indicator_figure(*series, unit, "de")
    figure.canvas.draw()
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == labels
    assert figure.axes[0].get_ylim() == (0.0, top * 1.15)
    svg = indicator_svg(*series, unit, "de").decode()
    # the value axis's labels are the texts set flush right against it
    assert re.findall(r'<text[^>]*text-anchor="end"[^>]*>([^<]*)</text>', svg) == labels
