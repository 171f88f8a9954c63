"""The plan's results framework as IATI 2.03 XML, validated against the official activity
schema (tests/data/iati/, from github.com/IATI/IATI-Schemas, branch version-2.03, CC BY 4.0:
"IATI Standard (http://iatistandard.org/)"; see tests/data/iati/README.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from lipkit.cli import app
from lipkit.controlling.iati import iati_xml
from lipkit.controlling.model import (
    Direction,
    Field,
    Goal,
    Indicator,
    Kind,
    Measure,
    Owner,
    Plan,
    StrategicGoal,
    Unit,
    Value,
    ValueKind,
)
from lipkit.controlling.sources import SUPPRESSED
from lipkit.controlling.study import load_study_plan
from lipkit.demo import write_demo

SCHEMA_DIR = Path(__file__).parent / "data" / "iati"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("iati") / "studie"
    write_demo(folder)
    return folder


def _valid(schema: etree.XMLSchema, xml: bytes) -> etree._Element:
    document = etree.fromstring(xml)
    schema.assertValid(document)
    return document


def _indicator(doc, id: str):
    (found,) = doc.xpath(f"//indicator[reference[@code='{id}']]")
    return found


def _periods(ind) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (
            p.find("period-start").get("iso-date"),
            p.find("period-end").get("iso-date"),
            p.find("target").get("value") if p.find("target") is not None else None,
            p.find("actual").get("value") if p.find("actual") is not None else None,
        )
        for p in ind.findall("period")
    ]


def test_the_demo_plan_exports_valid_iati_with_its_values(demo, schema, tmp_path):
    target = tmp_path / "plan.xml"
    result = CliRunner().invoke(
        app,
        ["plan", "export", str(demo), str(target), "--org-ref", "XI-TEST-1", "--org-name", "Stadt"],
    )
    assert result.exit_code == 0, result.output
    doc = _valid(schema, target.read_bytes())
    assert doc.get("version") == "2.03"
    assert doc.findtext("iati-activity/reporting-org/narrative") == "Stadt"
    # values.csv of the demo: baseline 12 % (2017), actuals 12.8 / 13.4 / 13.9, target 18 (2022)
    staff = _indicator(doc, "anteil_mh_beschaeftigte")
    assert staff.get("measure") == "2" and staff.get("ascending") == "1"
    assert staff.getparent().get("type") == "2"  # monitoring, on a goal: outcome
    base = staff.find("baseline")
    assert (base.get("year"), base.get("iso-date"), base.get("value")) == (
        "2017",
        "2017-12-31",
        "12",
    )
    assert _periods(staff) == [
        ("2018-01-01", "2018-12-31", None, "12.8"),
        ("2019-01-01", "2019-12-31", None, "13.4"),
        ("2020-01-01", "2020-12-31", None, "13.9"),
        ("2021-01-01", "2022-12-31", "18", None),
    ]
    # cumulative, staff trained: 250, 240, 230 delivered from 0 -> levels 250, 490, 720
    trained = _indicator(doc, "beschaeftigte_geschult")
    assert trained.getparent().get("type") == "1"  # controlling, on a measure: output
    assert [a for *_, a in _periods(trained)] == ["250", "490", "720", None]
    # lower is better: waiting days for interpreters
    assert _indicator(doc, "wartezeit_dolmetsch").get("ascending") == "0"
    # qualitative: the text is a comment, never a value
    text = _indicator(doc, "leitbild_ikoe")
    assert text.get("measure") == "5"
    (actual,) = text.xpath(".//actual")
    assert actual.get("value") is None
    assert actual.findtext("comment/narrative") == "Entwurf mit den Dezernaten abgestimmt"


def test_owners_and_statuses_stay_internal(demo, schema):
    loaded = load_study_plan(demo)
    xml = iati_xml(loaded.plan, loaded.values, org_ref="XI-TEST-1", org_name="Stadt")
    _valid(schema, xml)
    text = xml.decode()
    roles = {m.owner.role for m in loaded.plan.measures if m.owner.role}
    roles |= {i.responsible.role for i in loaded.plan.indicators if i.responsible.role}
    # (a unit named as where an indicator's values come from is its documented source)
    sources = " ".join(f"{i.source} {i.method} {i.definition}" for i in loaded.plan.indicators)
    roles = {r for r in roles if r not in sources}
    assert roles == {
        "Fortbildungs- und Personalmanagement",
        "Koordination Integration",
        "Personalgewinnung",
    }
    assert not [r for r in roles if r in text]
    # the city is the only organisation named
    doc = etree.fromstring(xml)
    assert {o.get("ref") for o in doc.xpath("//participating-org|//reporting-org")} == {"XI-TEST-1"}
    for word in ("im Plan", "gefährdet", "nicht im Plan", "keine aktuellen Daten", "in Umsetzung"):
        assert word not in text


def _small_plan(unit: Unit, values: list[Value], cumulative: bool = False) -> Plan:
    goal = Goal("z1", "Ziel 1")
    return Plan(
        "Plan",
        (Field("hf1", "Feld", (StrategicGoal("lz1", "Leitziel", (goal,)),)),),
        (Measure("m1", "Maßnahme", owner=Owner("10", "Leitung"), goals=("z1",)),),
        (
            Indicator(
                "i1",
                "Indikator",
                Kind.CONTROLLING,
                unit,
                direction=Direction.HIGHER,
                measure="m1",
                cumulative=cumulative,
            ),
        ),
        tuple(values),
    )


def test_a_suppressed_survey_value_is_exported_without_a_number(schema):
    d = dt.date
    values = [
        Value("i1", ValueKind.BASELINE, d(2020, 12, 31), 40.0),
        Value("i1", ValueKind.ACTUAL, d(2021, 12, 31), None, "Welle 2021", SUPPRESSED),
        Value("i1", ValueKind.ACTUAL, d(2022, 12, 31), 57.14285714, "Welle 2022", "n = 7"),
    ]
    doc = _valid(
        schema, iati_xml(_small_plan(Unit.PERCENT, values), values, org_ref="XI-T", org_name="S")
    )
    first, second = doc.xpath("//actual")
    assert first.get("value") is None
    assert "Mindestgruppengröße" in first.findtext("comment/narrative")
    # a share goes out as the report gives it: one decimal at most (4 of 7 = 57.142857 %)
    assert second.get("value") == "57.1"
    assert _periods(doc.find(".//indicator")) == [
        ("2021-01-01", "2021-12-31", None, None),
        ("2022-01-01", "2022-12-31", None, "57.1"),
    ]


@pytest.mark.parametrize(
    ("source", "comment"),
    [
        ("survey:befragung_2021:fortbildungen", SUPPRESSED),
        # as plan files and databases hold it from before the codes: the same
        ("Befragung befragung_2021: fortbildungen", "n < k, nicht ausgewiesen"),
    ],
)
def test_a_suppressed_value_says_why_in_the_exports_language(schema, source, comment):
    values = [
        Value("i1", ValueKind.BASELINE, dt.date(2020, 12, 31), 40.0),
        Value("i1", ValueKind.ACTUAL, dt.date(2021, 12, 31), None, source, comment),
    ]
    plan = _small_plan(Unit.PERCENT, values)
    said = {}
    for language in ("de", "en"):
        doc = _valid(
            schema, iati_xml(plan, values, org_ref="XI-T", org_name="S", language=language)
        )
        (actual,) = doc.xpath("//actual")
        assert actual.get("value") is None
        said[language] = actual.findtext("comment/narrative")
    assert said == {
        "de": "Nicht ausgewiesen: weniger Antworten als die Mindestgruppengröße.",
        "en": "Not shown: fewer answers than the minimum group size.",
    }


def test_export_iati_needs_the_citys_identifier(demo, tmp_path):
    result = CliRunner().invoke(app, ["plan", "export", str(demo), str(tmp_path / "p.xml")])
    assert result.exit_code == 2  # a user error (lipkit.cli.common.handle_user_errors)
    assert "--org-ref" in result.output
    assert not (tmp_path / "p.xml").exists()


def test_a_value_not_comparable_says_why_in_the_exports_language(schema):
    reworded = 'not_comparable:{"code": "compare_reason.wording_changed", "params": {}}'
    values = [
        Value("i1", ValueKind.BASELINE, dt.date(2020, 12, 31), 40.0),
        Value("i1", ValueKind.ACTUAL, dt.date(2021, 12, 31), None, "survey:w:q", reworded),
    ]
    plan = _small_plan(Unit.PERCENT, values)
    said = {}
    for language in ("de", "en"):
        xml = iati_xml(plan, values, org_ref="XI-T", org_name="S", language=language)
        (actual,) = _valid(schema, xml).xpath("//actual")
        said[language] = actual.findtext("comment/narrative")
    assert said == {
        "de": "nicht vergleichbar: Wortlaut geändert, keine Zuordnung erklärt",
        "en": "not comparable: wording changed, no mapping declared",
    }


def test_titles_go_out_in_the_export_language_with_the_others_beside(demo, schema):
    """A title in the activity's language first; the plan's German (and English) titles as
    further narratives, each with its xml:lang; a title without English is the German one,
    marked as such."""
    loaded = load_study_plan(demo)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"

    def narratives(xml: bytes, path: str) -> list[tuple[str | None, str]]:
        doc = etree.fromstring(xml)
        return [(n.get(lang), n.text) for n in doc.xpath(path)]

    title = "iati-activity/result/indicator[reference/@code='anteil_mh_beschaeftigte']/title/*"
    english = iati_xml(loaded.plan, loaded.values, org_ref="XI-1", org_name="S", language="en")
    _valid(schema, english)
    assert narratives(english, title) == [
        (None, "Share of staff with a migration background"),
        ("de", "Anteil der Beschäftigten mit Migrationshintergrund"),
    ]
    german = iati_xml(loaded.plan, loaded.values, org_ref="XI-1", org_name="S")
    assert narratives(german, title) == [
        (None, "Anteil der Beschäftigten mit Migrationshintergrund"),
        ("en", "Share of staff with a migration background"),
    ]
    assert narratives(english, "iati-activity/title/*") == [
        (None, "Local integration plan – 2018 update (demo)"),
        ("de", "Lokaler Integrationsplan – Fortschreibung 2018 (Demo)"),
    ]
    untranslated = dataclasses.replace(
        loaded.plan,
        indicators=tuple(dataclasses.replace(i, titles={}) for i in loaded.plan.indicators),
    )
    xml = iati_xml(untranslated, loaded.values, org_ref="XI-1", org_name="S", language="en")
    _valid(schema, xml)
    assert narratives(xml, title) == [("de", "Anteil der Beschäftigten mit Migrationshintergrund")]
