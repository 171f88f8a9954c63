"""The report's document model on a small study whose every number is counted by hand.

The study folder of ``studies/report_folder.py``: the plain XLSForm and Kobo export (18 rows,
Dezernat D1 = Fachbereiche F11 (6 rows) + F12 (5), D2 = F21 (7)), here with k = 6, so that
F12 is below k and F11 is hidden with it (complementary suppression inside D1). Suppression
is decided per question on its n: zufriedenheit has only 4 answers in D2, so by Dezernat
both D2 and (as its complement) D1 are hidden.

Hand counts used below:
- kontakt: 17 answered (row 17 empty); D1 9 "ja" of 11 -> 82 %; F21 4 "ja" of 6 -> 67 %.
- zufriedenheit is shown where kontakt = ja: D1 9 rows, 8 answered (voll 2, eher 2, teils 1,
  eher_nicht 1, gar_nicht 1, k_a 1); D2 4 answered (voll 2, eher 1, eher_nicht 1). Whole
  survey n = 12, top-2 = (4 + 3) / 12 = 58.3 % -> "58 %".
- massnahmen on base "group" (all respondents of the Dezernat): D1 (11) schulung 5 -> 45 %,
  dolmetsch 2 -> 18 %, material 3 -> 27 %, keine 3 -> 27 %; D2 (7) schulung 2 -> 29 %,
  dolmetsch 2 -> 29 %, material 1 -> 14 %, keine 2 -> 29 %; all 18: schulung 7 -> 39 %.
  Answered (at least one option ticked): 16 (rows 7 and 14 are empty).
"""

from __future__ import annotations

import time

import pytest
from studies.report_folder import build

from lipkit.cli.session import load_inputs
from lipkit.errors import UserError
from lipkit.report import build_report
from lipkit.report.model import Figure, Notice, Paragraph, Quote, Recommendation, Table, plain


def test_numbers_in_the_text_come_from_the_data_and_hide_what_is_suppressed(study_folder):
    doc = build(study_folder)
    text = plain(next(b for b in doc.blocks if isinstance(b, Paragraph)).inline)
    assert "Insgesamt 18 Befragte, davon 11 in D1 und nicht ausgewiesen in F12." in text
    assert "bewerten 58 % positiv (n=12)" in text
    # kontakt is no agreed breakdown: inside the published D1 its share shows, 9 of 11
    assert "in D1 haben 82 % Kontakt, in D2 bewerten nicht ausgewiesen die" in text
    assert "Schulungen nutzen 45 % in D1 (5 Personen), siehe Tabelle 1 und Abbildung 2." in text
    assert any("n(group='F12')" in w and "nicht ausgewiesen" in w for w in doc.warnings)
    assert any("n('zufriedenheit', group='D2')" in w for w in doc.warnings)


def test_figures_are_numbered_in_order_with_n_and_list_suppressed_units(study_folder):
    doc = build(study_folder)
    captions = [(f.number, f.id, f.caption) for f in doc.figures]
    assert captions == [
        (1, "zufriedenheit-dezernat", "Die Zusammenarbeit gelingt gut (n=12)"),
        (2, "zf", "Kontakt nach Fachbereich (n=17)"),
        (3, "massnahmen", "Welche Maßnahmen nutzen Sie? (n=16, Mehrfachantworten möglich)"),
    ]
    by_dezernat, by_fachbereich, measures = doc.figures
    assert "Gesamt (n=12): trifft voll zu 33 %, trifft eher zu 25 %, teils/teils 8 %" in (
        by_dezernat.alt
    )
    # D2 has 4 < 6 answers; D1 (8 answers) would then follow from the whole survey, so it
    # is hidden too, as a complement: "nicht ausgewiesen", not "n < 6", which would be false.
    assert (
        "D1 – Dezernat I: nicht ausgewiesen; D2 – Dezernat II: n < 6, nicht ausgewiesen"
        in by_dezernat.alt
    )
    assert by_dezernat.notes == (
        "n < 6: weniger als 6 Befragte; zum Schutz der Anonymität nicht ausgewiesen.",
        "nicht ausgewiesen: Die Gruppe hat mindestens 6 Befragte, wird aber verborgen, weil "
        "sich sonst eine kleinere Gruppe (n < 6) aus Gesamt und den übrigen Gruppen errechnen "
        "ließe.",
    )
    # F12 has 5 < 6 answers; F11 (6) would then follow from D1 - F12, so it is hidden too.
    assert (
        "F11 – Fachbereich 11: nicht ausgewiesen; F12 – Fachbereich 12: n < 6, nicht "
        "ausgewiesen" in by_fachbereich.alt
    )
    assert "Gesamt (n=17): ja 76 %, nein 24 %" in by_fachbereich.alt
    # F21 (6 answered: ja 4, nein 2) is published, kontakt's options with it
    assert "F21 – Fachbereich 21 (n=6): ja 67 %, nein 33 %" in by_fachbereich.alt
    # Sorted by share of the 16: Schulungen 7, then Dolmetscher 4 and Material 4 (ties in
    # list order); the exclusive "keine" (5) goes last, as in every figure and table.
    assert measures.alt.endswith(
        "(n=16, Mehrfachantworten möglich). Schulungen: 44 %; Dolmetscher: 25 %; "
        "Mehrsprachiges Material: 25 %; Wir nutzen keine solcher Maßnahmen: 31 %."
    )
    # "Mehrfachantworten möglich" once, in the caption; the note names the base.
    assert measures.notes == ("Anteile an den 16 Befragten, die die Frage beantwortet haben.",)
    assert measures.svg.startswith(b"<?xml") and b"<svg" in measures.svg
    assert measures.png.startswith(b"\x89PNG")


def test_group_table_is_shaded_and_names_its_base(study_folder):
    doc = build(study_folder)
    table = next(t for t in doc.tables if t.id == "table-massnahmen-dezernat")
    assert table.number == 1
    assert table.caption == "Welche Maßnahmen nutzen Sie? (n=18)"
    assert table.header == (
        "Antwort (Anteil an allen Befragten)",
        "Gesamt\n(n=18)",
        "D1\n(n=11)",
        "D2\n(n=7)",
    )
    assert [row[0].text for row in table.rows][-1] == "Wir nutzen keine solcher Maßnahmen"
    cells = {row[0].text: [(c.text, c.shade) for c in row[1:]] for row in table.rows}
    assert cells["Schulungen"] == [("39 %", 1), ("45 %", 2), ("29 %", 1)]
    assert cells["Dolmetscher"] == [("22 %", 1), ("18 %", 0), ("29 %", 1)]
    assert cells["Mehrsprachiges Material"] == [("22 %", 1), ("27 %", 1), ("14 %", 0)]
    assert table.notes[0].startswith("Basis: alle Befragten der Gruppe, auch wenn sie die Frage ")
    assert (
        "Die Abbildung zur selben Frage bezieht die Anteile auf die Antwortenden"
        in (table.notes[0])
    )
    assert table.legend == ("unter 20 %", "20 bis unter 40 %", "40 % und mehr")


def test_response_table_hides_small_units(study_folder):
    doc = build(study_folder)
    table = next(t for t in doc.tables if t.id == "responses-fachbereich")
    rows = [tuple(c.text for c in row) for row in table.rows]
    # Below the top level the parent unit comes first (the rows are grouped by it).
    assert table.header == ("Dezernat", "Fachbereich", "Bezeichnung", "Befragte")
    # F12 (5) is small; F11 (6) is hidden so that F12 cannot be recalculated from D1.
    assert rows[0] == ("D1", "F11", "Fachbereich 11", "nicht ausgewiesen")
    assert rows[1] == ("D1", "F12", "Fachbereich 12", "n < 6")
    assert rows[2] == ("D2", "F21", "Fachbereich 21", "7")
    assert rows[-1] == ("Gesamt", "", "", "18")


def test_quotes_show_only_id_and_role_and_codes_are_counted(study_folder):
    doc = build(study_folder)
    (quote,) = [b for b in doc.blocks if isinstance(b, Quote)]
    assert quote.text == (
        "Ziele wurden nie festgelegt, also konnte niemand den Fortschritt messen."
    )
    assert quote.source == "Quelle: Interview_A, Fachbereichsleitung"
    codes = next(t for t in doc.tables if t.id == "codes")
    assert [tuple(c.text for c in r) for r in codes.rows] == [
        ("#controlling", "1", "1"),
        ("#ressourcen", "1", "1"),
        ("#ziele", "1", "1"),
    ]


def test_recommendations_carry_resolved_evidence(study_folder):
    doc = build(study_folder)
    recs = [b for b in doc.blocks if isinstance(b, Recommendation)]
    assert [(r.label, r.title, r.evidence) for r in recs] == [
        ("HE 1", "Zielwerte festlegen", ("Abbildung 1", "Interview_A")),
        ("HE 2", "Schulungen ausbauen", ("Tabelle 1",)),
    ]
    assert plain(recs[0].text[0].inline) == "Nur 58 % bewerten die Zusammenarbeit positiv."
    overview = next(t for t in doc.tables if t.id == "recommendations")
    assert [tuple(c.text for c in r) for r in overview.rows] == [
        ("HE 1", "Zielwerte festlegen", "Abbildung 1, Interview_A"),
        ("HE 2", "Schulungen ausbauen", "Tabelle 1"),
    ]
    # Tables are numbered in order: massnahmen 1, responses 2, codes 3, overview 4.
    assert [t.number for t in doc.tables] == [1, 2, 3, 4]


def test_english_report_uses_translations_and_warns_about_untranslated_chapters(study_folder):
    doc = build(study_folder, "en")
    recs = [b for b in doc.blocks if isinstance(b, Recommendation)]
    assert recs[1].label == "R 2" and recs[1].title == "Expand training"
    # The label's closing full stop is a questionnaire leftover; the caption drops it.
    assert doc.figures[0].caption == "Cooperation works well (n=12)"
    assert any("01-ergebnisse.en.md" in w for w in doc.warnings)


def test_a_quote_naming_a_unit_is_warned_about(study_folder):
    chapter = study_folder / "report" / "01-ergebnisse.md"
    chapter.write_text('{{ quote("Interview_A", paragraph=2) }}\n', encoding="utf-8")
    (study_folder / "report" / "recommendations.yaml").unlink()
    doc = build(study_folder)
    (quote,) = [b for b in doc.blocks if isinstance(b, Quote)]
    assert quote.text == "Im Fachbereich F12 fehlt Personal."
    assert any("fachbereich f12" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ('{{ figure("nix") }}', "unbekannte Frage 'nix'"),
        ('{{ percent("kontakt", "vielleicht") }}', "keine Antwortoption 'vielleicht'"),
        ('{{ ref("abb-99") }}', "ref('abb-99') verweist auf nichts"),
        ('Text {{ figure("kontakt") }} im Satz', "mitten im Text"),
        ("{{ n( }}", "Zeile 1: Aufruf {{ … }} nicht lesbar"),
        ('\n{{ procent("kontakt", "ja") }}', "Zeile 2: unbekannter Aufruf 'procent'; möglich sind"),
        ('{{ top2("kontakt") }}', "braucht eine Skalenfrage"),
    ],
)
def test_chapter_errors_name_the_file_and_the_problem(study_folder, call, message):
    (study_folder / "report" / "01-ergebnisse.md").write_text(call + "\n", encoding="utf-8")
    (study_folder / "report" / "recommendations.yaml").unlink()
    with pytest.raises(UserError) as error:
        build(study_folder)
    text = "; ".join(error.value.lines)
    assert "01-ergebnisse.md" in text and message in text


@pytest.mark.parametrize(
    ("call", "german", "english"),
    [
        ("{{ n( }}", "Zeile 1: Aufruf {{ … }} nicht lesbar", "line 1: call {{ … }} cannot be read"),
        ('\n{{ procent("kontakt", "ja") }}', "Zeile 2: unbekannter Aufruf 'procent'; möglich sind",
         "line 2: unknown call 'procent'; possible are"),
        ('{{ quote("I9", code="x") }}', "quote('I9'): kein solches Interview; vorhanden: ",
         "quote('I9'): no such interview; there are: "),
        ('{{ table("kontakt", by="dezernat", base="alle") }}',
         "base='alle': erwartet answered, valid oder group",
         "base='alle': expected answered, valid or group"),
        ('{{ figure("nix") }}', "unbekannte Frage 'nix'; erwartet eine Frage oder Matrix",
         "unknown question 'nix'; expected a question or matrix"),
        ('{{ percent("kontakt", "vielleicht") }}',
         "'kontakt' hat keine Antwortoption 'vielleicht'; erwartet: ja, nein",
         "'kontakt' has no option 'vielleicht'; expected: ja, nein"),
        ('{{ top2("kontakt") }}', "top2() braucht eine Skalenfrage; 'kontakt' ist keine",
         "top2() needs a scale question; 'kontakt' is not one"),
    ],
)  # fmt: skip
def test_chapter_errors_follow_the_report_language(study_folder, call, german, english):
    (study_folder / "report" / "01-ergebnisse.md").write_text(call + "\n", encoding="utf-8")
    (study_folder / "report" / "recommendations.yaml").unlink()
    for language, message in (("de", german), ("en", english)):
        with pytest.raises(UserError) as error:
            build(study_folder, language=language)
        text = "; ".join(error.value.lines)
        assert "01-ergebnisse.md" in text and message in text


def test_evidence_that_the_report_lacks_is_an_error(study_folder):
    (study_folder / "report" / "recommendations.yaml").write_text(
        "- title: X\n  evidence: [abb-7]\n", encoding="utf-8"
    )
    with pytest.raises(UserError, match=r"Empfehlung 1 stützt sich auf 'abb-7'"):
        build(study_folder)


def test_without_report_folder_every_question_gets_a_figure(study_folder):
    import shutil

    shutil.rmtree(study_folder / "report")
    doc = build(study_folder)
    assert [f.id for f in doc.figures] == ["kontakt", "zufriedenheit", "massnahmen"]
    assert not [b for b in doc.blocks if isinstance(b, Notice)]
    assert [t.id for t in doc.tables] == ["responses-dezernat"]
    assert isinstance(doc.blocks[-1], Figure) and isinstance(doc.tables[0], Table)


ORG_WITH_STAFF = """\
level,code,name,parent,staff
dezernat,D1,Dezernat I,,20
dezernat,D2,Dezernat II,,14
fachbereich,F11,Fachbereich 11,D1,12
fachbereich,F12,Fachbereich 12,D1,8
fachbereich,F21,Fachbereich 21,D2,14
"""


def test_response_rates_where_the_org_tree_has_staff_counts(study_folder):
    (study_folder / "org.csv").write_text(ORG_WITH_STAFF, encoding="utf-8")
    (study_folder / "report" / "01-ergebnisse.md").write_text(
        '{{ response_table("dezernat") }}\n\n{{ response_table("fachbereich") }}\n',
        encoding="utf-8",
    )
    (study_folder / "report" / "recommendations.yaml").unlink()
    by_dezernat, by_fachbereich = build(study_folder).tables
    assert by_dezernat.header == (
        "Dezernat",
        "Bezeichnung",
        "Befragte",
        "Beschäftigte",
        "Rücklaufquote",
    )
    # D1 11 of 20, D2 7 of 14, all 18 of 34 (52.9 %).
    assert [tuple(c.text for c in r) for r in by_dezernat.rows] == [
        ("D1", "Dezernat I", "11", "20", "55 %"),
        ("D2", "Dezernat II", "7", "14", "50 %"),
        ("Gesamt", "", "18", "34", "53 %"),
    ]
    # F12 (5 < 6) and, as its complement inside D1, F11 are hidden with their rates.
    assert [tuple(c.text for c in r) for r in by_fachbereich.rows] == [
        ("D1", "F11", "Fachbereich 11", "nicht ausgewiesen", "12", "–"),
        ("D1", "F12", "Fachbereich 12", "n < 6", "8", "–"),
        ("D2", "F21", "Fachbereich 21", "7", "14", "50 %"),
        ("Gesamt", "", "", "18", "34", "53 %"),
    ]


def test_shading_classes_come_from_report_yaml(study_folder):
    (study_folder / "report" / "report.yaml").write_text("shading: [25, 45]\n", encoding="utf-8")
    table = next(t for t in build(study_folder).tables if t.id == "table-massnahmen-dezernat")
    cells = {row[0].text: [(c.text, c.shade) for c in row[1:]] for row in table.rows}
    # 39 % and 29 % stay in the middle class, 45 % is now high, 22 % and 18 % low.
    assert cells["Schulungen"] == [("39 %", 1), ("45 %", 2), ("29 %", 1)]
    assert cells["Dolmetscher"] == [("22 %", 0), ("18 %", 0), ("29 %", 1)]
    assert table.legend == ("unter 25 %", "25 bis unter 45 %", "45 % und mehr")


def test_the_word_cloud_is_the_same_for_the_same_data():
    from lipkit.report.charts import word_cloud

    frequencies = {"Sprachbarrieren": 31, "Integration": 24, "Flüchtlinge": 19, "Kultur": 12}
    first = word_cloud(frequencies)
    time.sleep(1.1)  # the embedded font once carried the second it was saved in
    second = word_cloud(frequencies)
    assert first.svg == second.svg
    assert first.png == second.png


def test_a_question_nobody_answered_gets_a_notice_not_a_crash(study_folder):
    """An export taken early, or a filter false for everyone: zufriedenheit (shown only where
    kontakt = ja) has n = 0 when no row says ja; its figure becomes a notice (it used to
    crash the chart), the other figure is drawn."""
    import polars as pl

    (study_folder / "study.yaml").write_text("title: Testbericht\nk: 1\n", encoding="utf-8")
    inputs = load_inputs(study_folder, None)
    frame = inputs.frame.filter(pl.col("kontakt").ne_missing("ja"))
    assert frame.height == 18 - 13  # 13 rows say ja (D1 9, D2 4)
    chapter = '{{ figure("zufriedenheit") }}\n\n{{ figure("massnahmen") }}\n'
    (study_folder / "report" / "01-ergebnisse.md").write_text(chapter, encoding="utf-8")
    (study_folder / "report" / "recommendations.yaml").unlink()
    doc = build_report(inputs.study, frame, study_folder)
    notices = [b.text for b in doc.blocks if isinstance(b, Notice)]
    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    assert len(notices) == 1 and len(figures) == 1
    ticked = frame.select(pl.any_horizontal(pl.col("^massnahmen/.*$")).sum()).item()
    assert f"(n={ticked}" in figures[0].caption


def _with_open_question(folder, answers: list[str]) -> None:
    """The study of ``studies/report_folder`` with a free-text question ``anmerkung`` after
    the others, answered by rows 2, 3, ... with ``answers`` (one each), k_text = 6."""
    from formtable import xlsform
    from studies.plain_xlsform import FORM

    row = "|        | text | anmerkung | Anmerkungen | Comments | | | |\n| choices |"
    xlsform(folder, FORM.replace("| choices |", row, 1), name="questionnaire.xlsx")
    lines = (folder / "responses.csv").read_text(encoding="utf-8").splitlines()
    texts = ["anmerkung", *answers, *[""] * (len(lines) - 1 - len(answers))]
    csv = "\n".join(f"{line},{text}" for line, text in zip(lines, texts, strict=True)) + "\n"
    (folder / "responses.csv").write_text(csv, encoding="utf-8")
    (folder / "study.yaml").write_text("title: Testbericht\nk: 6\nk_text: 6\n", encoding="utf-8")
    (folder / "report" / "recommendations.yaml").unlink()


class _QueuedWorkers:
    """Workers that never start a job (each waits to be drawn by the building process) and
    note what was submitted, in order."""

    def __init__(self):
        self.log: list[str] = []

    def submit(self, function, /, *args, **kwargs):
        from concurrent.futures import Future

        self.log.append(f"submitted {args[0] if args and isinstance(args[0], str) else 'words'}")
        return Future()


@pytest.mark.parametrize(
    "answers, shown",
    [
        # "Budget" by 4 respondents, "Zeit" by 3 (CLOUD_MINIMUM): a cloud of two words
        (["Budget", "Budget Zeit", "Zeit Budget", "Zeit", "Budget", "Raum"], True),
        # every word named once: no word to show, a notice instead
        (["eins", "zwei", "drei", "vier", "fünf", "sechs"], False),
    ],
)
def test_the_build_goes_on_while_a_word_clouds_counts_are_made(
    study_folder, monkeypatch, answers, shown
):
    """With workers, the cloud's place is kept and the counts are awaited only once every
    chapter is read: the figure after the cloud is submitted before the counts are taken.
    The document is the one built without workers (counted at once): the same figures and
    notices in the same places, the cloud's warning where it was called (before the
    warning of n(group="F12") below it), the figures numbered in order."""
    from lipkit.report import charts
    from lipkit.text import words

    _with_open_question(study_folder, answers)
    chapter = (
        '{{ figure("anmerkung") }}\n\n{{ figure("kontakt") }}\n\nIn F12: {{ n(group="F12") }}\n'
    )
    (study_folder / "report" / "01-ergebnisse.md").write_text(chapter, encoding="utf-8")
    inputs = load_inputs(study_folder, None)
    at_once = build_report(inputs.study, inputs.frame, study_folder)

    workers = _QueuedWorkers()
    counted = words.word_frequencies

    def word_frequencies(*args, **kwargs):
        workers.log.append("counted")
        return counted(*args, **kwargs)

    monkeypatch.setattr(words, "word_frequencies", word_frequencies)
    with charts.drawing_pool(workers, png=False):  # type: ignore[arg-type]
        later = build_report(inputs.study, inputs.frame, study_folder)
    assert (
        workers.log[:4]
        == ["submitted words", "submitted share", "counted", "submitted cloud"][: 4 if shown else 3]
    )

    def outline(doc) -> list:
        return [
            (type(b).__name__, b.number, b.id, b.caption, b.alt, b.table)
            if isinstance(b, Figure)
            else b
            for b in doc.blocks
        ]

    assert outline(later) == outline(at_once)
    assert later.warnings == at_once.warnings
    figures = [(f.number, f.id) for f in later.figures]
    if shown:
        cloud = later.figures[0]
        assert [(c[0].text, c[1].text) for c in cloud.table.rows] == [
            ("Budget", "4"),
            ("Zeit", "3"),
        ]
        assert cloud.caption == "Anmerkungen (n=6)"
        assert figures == [(1, "anmerkung"), (2, "kontakt")]
    else:
        assert figures == [(1, "kontakt")]
        assert isinstance(later.blocks[0], Notice)
        assert "figure('anmerkung')" in later.warnings[0]
        assert "n(group='F12')" in later.warnings[1]
