"""The report's input files: interview notes, recommendations, report.yaml, chapters."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from lipkit.report.sources import (
    Chapter,
    Passage,
    Recommendation,
    ReportSettings,
    read_chapters,
    read_interview,
    read_interviews,
    read_recommendations,
    read_report_settings,
)
from lipkit.study.errors import FormError


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def error_of(read, *args) -> FormError:
    with pytest.raises(FormError) as info:
        read(*args)
    return info.value


# -- interviews ----------------------------------------------------------------------------------

FBL_07 = """
---
id: Interview_FBL_07
role: Fachbereichsleitung
level: fachbereich
unit: "50"            # optional; used only for the anonymity check, never printed
date: 2019-11-12
---

Wir haben die Maßnahmen des LIP nie mit Zielwerten hinterlegt. #controlling #ziele

Für interkulturelle Schulungen fehlt schlicht das Budget. #ressourcen
"""


def test_interview_header_and_paragraphs_as_in_the_docs(tmp_path):
    interview = read_interview(write(tmp_path, "Interview_FBL_07.md", FBL_07))
    assert interview.id == "Interview_FBL_07"
    assert interview.role == "Fachbereichsleitung"
    assert interview.level == "fachbereich"
    assert interview.unit == "50"
    assert interview.date == "2019-11-12"  # YAML reads a date; we keep it as written
    assert interview.path == tmp_path / "Interview_FBL_07.md"
    assert interview.passages == (
        Passage(
            1,
            "Wir haben die Maßnahmen des LIP nie mit Zielwerten hinterlegt.",
            ("controlling", "ziele"),
        ),
        Passage(2, "Für interkulturelle Schulungen fehlt schlicht das Budget.", ("ressourcen",)),
    )
    assert [p.line for p in interview.passages] == [9, 11]
    assert interview.codes == ("controlling", "ziele", "ressourcen")
    assert interview.passage(2).codes == ("ressourcen",)
    assert interview.first_with("ziele").number == 1
    assert interview.first_with("#Ressourcen").number == 2


def test_optional_keys_may_be_left_out_and_numbers_become_text(tmp_path):
    interview = read_interview(
        write(
            tmp_path,
            "i.md",
            """
            ---
            id: 7
            role: Amtsleitung
            ---
            Ein Absatz.
            """,
        )
    )
    assert (interview.id, interview.level, interview.unit, interview.date) == (
        "7",
        None,
        None,
        None,
    )


def test_codes_headings_and_whitespace(tmp_path):
    interview = read_interview(
        write(
            tmp_path,
            "i.md",
            """
            ---
            id: I1
            role: Leitung
            ---
            # Interview mit der Leitung

            ## Frage 1
            Wir   haben #Ziele, aber
              keine Zielwerte. #ziele #Öffentlichkeit #ziele-2030 #ZIELE
            ## Frage 2
            Wir nutzen C# und verlinken auf seite.html#anker und &#8212; #1 ist keine Kodierung.
            #budget steht vorn, \\#escaped nicht.
            #
            #nur_code
            """,
        )
    )
    assert interview.passages == (
        Passage(1, "Wir haben, aber keine Zielwerte.", ("ziele", "öffentlichkeit", "ziele-2030")),
        Passage(
            2,
            "Wir nutzen C# und verlinken auf seite.html#anker und &#8212; #1 ist keine Kodierung."
            " steht vorn, \\#escaped nicht.",
            ("budget",),
        ),
        Passage(3, "", ("nur_code",)),
    )
    assert [p.line for p in interview.passages] == [8, 11, 14]


def test_passage_and_code_lookups_name_the_file(tmp_path):
    interview = read_interview(write(tmp_path, "Interview_FBL_07.md", FBL_07))
    err = error_of(interview.passage, 3)
    assert err.path == tmp_path / "Interview_FBL_07.md"
    assert (
        str(err)
        == "Interview_FBL_07.md: interview Interview_FBL_07 has no paragraph 3; it has 2 (1–2)"
    )
    err = error_of(interview.first_with, "budget")
    assert str(err) == (
        "Interview_FBL_07.md: no paragraph of interview Interview_FBL_07 is coded #budget "
        "(its codes: #controlling, #ziele, #ressourcen)"
    )
    with pytest.raises(FormError):
        interview.passage(0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Nur Text.\n",
            "i.md, line 1: interview notes must start with a front matter: a line '---', "
            "id: …, role: …, and another line '---'",
        ),
        (
            "---\nid: I1\nrole: Leitung\n\nText.\n",
            "i.md, line 1: the front matter is not closed: add a line '---' after its last key",
        ),
        (
            "---\nrole: Leitung\n---\nText.\n",
            "i.md, line 1, key 'id': the front matter needs 'id' (e.g. id: Interview_FBL_07)",
        ),
        (
            "---\nid: I1\nrole:\n---\nText.\n",
            "i.md, line 3, key 'role': the front matter needs 'role' "
            "(e.g. role: Fachbereichsleitung)",
        ),
        (
            "---\nid: I1\nrole: Leitung\nrolle: Leitung\n---\nText.\n",
            "i.md, line 4, key 'rolle': unknown key; expected one of id, role, level, unit, date",
        ),
        (
            "---\nid: I1\nrole: [a, b]\n---\nText.\n",
            "i.md, line 3, key 'role': expected a text, got ['a', 'b']; put it in quotes",
        ),
        (
            "---\nid: I 1/2\nrole: Leitung\n---\nText.\n",
            "i.md, line 2, key 'id': interview id 'I 1/2' may use only letters, digits, '_', '-' "
            "and '.' (and must start with a letter or digit)",
        ),
        (
            "---\nid: I1\nrole: Leitung\n---\n\n# Nur eine Überschrift\n\n",
            "i.md, line 4: interview I1 has no paragraphs after its front matter",
        ),
        (
            "---\nid: I1\nrole: Leitung\nid: I2\n---\nText.\n",
            "i.md, line 4, key 'id': key 'id' appears twice (first on line 2)",
        ),
        (
            "---\nid: I1\nrole: [Leitung\n---\nText.\n",
            "i.md, line 4: front matter is not valid YAML: "
            "expected ',' or ']', but got '<stream end>'",
        ),
        (
            "---\n- id\n---\nText.\n",
            "i.md, line 2: the front matter must be lines 'key: value' (id, role, …)",
        ),
    ],
)
def test_interview_errors_name_file_line_and_key(tmp_path, text, message):
    path = tmp_path / "i.md"
    path.write_text(text, encoding="utf-8")
    err = error_of(read_interview, path)
    assert err.path == path
    assert str(err) == message


def test_read_interviews_sorted_by_file_name_and_ids_unique(tmp_path):
    folder = tmp_path / "interviews"
    write(folder, "b.md", "---\nid: B\nrole: Leitung\n---\nText B.\n")
    write(folder, "a.md", "---\nid: A\nrole: Leitung\n---\nText A.\n")
    write(folder, "notes.txt", "not an interview")
    (folder / "._a.md").write_bytes(b"\x00\x05\x16\x07 macOS resource fork")
    assert [i.id for i in read_interviews(folder)] == ["A", "B"]
    assert read_interviews(tmp_path / "nowhere") == []

    write(folder, "c.md", "---\nrole: Leitung\nid: A\n---\nText C.\n")
    err = error_of(read_interviews, folder)
    assert err.path == folder / "c.md"
    assert str(err) == "c.md, line 3, key 'id': interview id 'A' is also used by a.md"


def test_interview_that_is_not_utf8(tmp_path):
    path = tmp_path / "i.md"
    path.write_bytes("---\nid: I1\nrole: Leitung\n---\nFür".encode("cp1252"))
    err = error_of(read_interview, path)
    assert str(err) == "i.md, line 5: not UTF-8 text (byte 0xfc); save the file as UTF-8"


def test_windows_line_ends_and_bom(tmp_path):
    path = tmp_path / "i.md"
    path.write_bytes(
        "\ufeff---\r\nid: I1\r\nrole: Leitung\r\n---\r\nEins\r\nzwei.\r\n\r\nDrei.".encode()
    )
    interview = read_interview(path)
    assert [p.text for p in interview.passages] == ["Eins zwei.", "Drei."]


# -- recommendations -----------------------------------------------------------------------------


def test_recommendations_as_in_the_docs(tmp_path):
    path = write(
        tmp_path,
        "recommendations.yaml",
        """
        - title: Verantwortlichkeiten für jede Maßnahme festlegen
          text: >
            {{ percent("faktor_verantwortlichkeiten", "sehr_wichtig") }} der Befragten halten …
          evidence: [faktoren, "Interview_FBL_07#controlling"]
        - title: {de: Ziele messbar machen, en: Make goals measurable}
          text: {de: Mit Zielwerten.}
        """,
    )
    first, second = read_recommendations(path)
    assert first == Recommendation(
        number=1,
        title={"": "Verantwortlichkeiten für jede Maßnahme festlegen"},
        text={
            "": '{{ percent("faktor_verantwortlichkeiten", "sehr_wichtig") }} '
            "der Befragten halten …"
        },
        evidence=("faktoren", "Interview_FBL_07#controlling"),
        line=1,
    )
    assert first.title_in("en") == "Verantwortlichkeiten für jede Maßnahme festlegen"
    assert (second.number, second.line, second.evidence) == (2, 5, ())
    assert second.title_in("en") == "Make goals measurable"
    assert second.title_in("fr") == "Ziele messbar machen"  # no "" text: the first language
    assert second.text_in("en") == "Mit Zielwerten."
    no_text = Recommendation(3, {"de": "T"}, {}, (), None)
    assert no_text.text_in("de") == ""


def test_no_recommendations(tmp_path):
    assert read_recommendations(tmp_path / "recommendations.yaml") == []
    assert read_recommendations(write(tmp_path, "recommendations.yaml", "# noch keine\n")) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "title: Eine\n",
            "recommendations.yaml, line 1: expected a list of recommendations, "
            "each starting with '- title: …'",
        ),
        (
            "- title: Eins\n- title: Zwei\n  titel: Drei\n",
            "recommendations.yaml, line 3, item recommendation 2, key 'titel': unknown key; "
            "expected one of title, text, evidence",
        ),
        (
            "- title: Eins\n- text: Zwei\n- title: Drei\n",
            "recommendations.yaml, line 2, item recommendation 2, key 'title': "
            "every recommendation needs a title",
        ),
        (
            "- title: Eins\n  text: Zwei\n  evidence: faktoren\n- title: Drei\n  evidence: [a]\n",
            "recommendations.yaml, line 3, item recommendation 1, key 'evidence': expected a list "
            "of ids, e.g. [faktoren, Interview_FBL_07#controlling]",
        ),
        (
            "- title: Eins\n  evidence:\n    - faktoren\n    - {id: x}\n",
            "recommendations.yaml, line 2, item recommendation 1, key 'evidence': expected an id "
            "of a figure, table or quote, got {'id': 'x'}",
        ),
        (
            "- title: [Eins, Zwei]\n",
            "recommendations.yaml, line 1, item recommendation 1, key 'title': expected a text or "
            "a mapping language -> text (e.g. {de: …, en: …})",
        ),
        (
            "- title: Eins\n\n  text:\n    de: [x]\n",
            "recommendations.yaml, line 3, item recommendation 1, key 'text': expected a text or "
            "a mapping language -> text (e.g. {de: …, en: …})",
        ),
        (
            "- title: Eins\n- Zwei\n",
            "recommendations.yaml, item recommendation 2: expected a mapping with title, text, "
            "evidence",
        ),
        (
            "- title: Eins\n- title: Zwei\n  title: Drei\n",
            "recommendations.yaml, line 3, key 'title': "
            "key 'title' appears twice (first on line 2)",
        ),
    ],
)
def test_recommendation_errors_name_file_line_item_and_key(tmp_path, text, message):
    path = write(tmp_path, "recommendations.yaml", text)
    err = error_of(read_recommendations, path)
    assert err.path == path
    assert str(err) == message


# -- report settings -----------------------------------------------------------------------------


def test_report_settings_as_in_the_docs(tmp_path):
    path = write(
        tmp_path,
        "report.yaml",
        """
        title: {de: Evaluation des Lokalen Integrationsplans 2008, en: Evaluation of the LIP 2008}
        subtitle: Abschlussbericht                              # optional
        author: Stabsstelle Integration                         # optional
        date: 2020-10-01
        shading: [15, 37.5]
        """,
    )
    settings = read_report_settings(path)
    assert settings == ReportSettings(
        title={
            "de": "Evaluation des Lokalen Integrationsplans 2008",
            "en": "Evaluation of the LIP 2008",
        },
        subtitle={"": "Abschlussbericht"},
        author={"": "Stabsstelle Integration"},
        date={"": "2020-10-01"},
        shading=(15.0, 37.5),
    )
    assert settings.text("title", "en") == "Evaluation of the LIP 2008"
    assert settings.text("title", "fr") == "Evaluation des Lokalen Integrationsplans 2008"
    assert settings.text("subtitle", "en") == "Abschlussbericht"
    with pytest.raises(ValueError, match="unknown text 'untertitel'"):
        settings.text("untertitel", "de")


def test_report_settings_defaults(tmp_path):
    defaults = read_report_settings(tmp_path / "report.yaml")
    assert defaults == ReportSettings()
    assert defaults.shading == (20.0, 40.0)
    assert defaults.text("title", "de") == ""
    assert read_report_settings(write(tmp_path, "report.yaml", "")) == ReportSettings()
    assert read_report_settings(write(tmp_path, "report.yaml", "date: Oktober 2020\n")).date == {
        "": "Oktober 2020"
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "title: Bericht\nsubtitle: Ende\nautor: Ich\n",
            "report.yaml, line 3, key 'autor': unknown key; "
            "expected one of title, subtitle, author, date, commissioned_by, shading, font, logo, "
            "colours, roles, codes",
        ),
        (
            "title: Bericht\nshading: [40, 20]\n",
            "report.yaml, line 2, key 'shading': expected two increasing percentages between 0 "
            "and 100, e.g. [20, 40]; got [40, 20]",
        ),
        (
            "shading: [0, 20]\n",
            "report.yaml, line 1, key 'shading': expected two increasing percentages between 0 "
            "and 100, e.g. [20, 40]; got [0, 20]",
        ),
        (
            "shading: [20, 40, 60]\n",
            "report.yaml, line 1, key 'shading': expected two increasing percentages between 0 "
            "and 100, e.g. [20, 40]; got [20, 40, 60]",
        ),
        (
            "shading: 20\n",
            "report.yaml, line 1, key 'shading': expected two increasing percentages between 0 "
            "and 100, e.g. [20, 40]; got 20",
        ),
        (
            "title: Bericht\n\nauthor:\n  - Ich\n  - Du\n",
            "report.yaml, line 3, key 'author': expected a text or a mapping language -> text "
            "(e.g. {de: …, en: …})",
        ),
        (
            "- title\n",
            "report.yaml, line 1: expected lines 'key: value' "
            "(title, subtitle, author, date, commissioned_by, shading, font, logo, colours, roles, "
            "codes)",
        ),
    ],
)
def test_report_settings_errors(tmp_path, text, message):
    path = write(tmp_path, "report.yaml", text)
    err = error_of(read_report_settings, path)
    assert err.path == path
    assert str(err) == message


# -- chapters ------------------------------------------------------------------------------------


def test_chapters_in_german_and_english(tmp_path):
    folder = tmp_path / "report"
    write(folder, "02-methode.md", "# Methode\n")
    write(folder, "01-einleitung.md", "# Einleitung\n")
    write(folder, "01-einleitung.en.md", "# Introduction\n")
    write(folder, "recommendations.yaml", "[]\n")
    german = read_chapters(folder, "de")
    assert german == [
        Chapter("01-einleitung", folder / "01-einleitung.md", "# Einleitung\n", True),
        Chapter("02-methode", folder / "02-methode.md", "# Methode\n", True),
    ]
    english = read_chapters(folder, "en")
    assert english == [
        Chapter("01-einleitung", folder / "01-einleitung.en.md", "# Introduction\n", True),
        Chapter("02-methode", folder / "02-methode.md", "# Methode\n", False),
    ]
    assert read_chapters(tmp_path / "nowhere", "de") == []


def test_chapter_errors(tmp_path):
    folder = tmp_path / "report"
    write(folder, "01-einleitung.md", "# Einleitung\n")
    write(folder, "02-methode.en.md", "# Method\n")
    err = error_of(read_chapters, folder, "de")
    assert err.path == folder / "02-methode.en.md"
    assert str(err) == (
        "02-methode.en.md: a translation of the chapter 02-methode.md, which does not exist; "
        "add 02-methode.md (the German text) or rename this file"
    )

    (folder / "02-methode.en.md").unlink()
    write(folder, "01-einleitung.de.md", "# Einleitung\n")
    err = error_of(read_chapters, folder, "en")
    assert str(err) == (
        "01-einleitung.de.md: the German text of a chapter is 01-einleitung.md, "
        "not 01-einleitung.de.md: rename the file"
    )

    (folder / "01-einleitung.de.md").unlink()
    (folder / "03-ergebnisse.md").write_bytes("# Ergebnisse\n\nGrößere".encode("latin-1"))
    err = error_of(read_chapters, folder, "de")
    assert err.path == folder / "03-ergebnisse.md"
    assert (
        str(err) == "03-ergebnisse.md, line 3: not UTF-8 text (byte 0xf6); save the file as UTF-8"
    )
