"""The CLI end to end: files in, one clear line per problem, numbers out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lipkit.cli import app
from lipkit.study.model import (
    Choice,
    ChoiceList,
    Question,
    Questionnaire,
    ScaleOrder,
)
from lipkit.study.xlsform import write_xlsform

runner = CliRunner()


def _labels(de: str, en: str) -> dict[str, str]:
    return {"de": de, "en": en}


def mini_form() -> Questionnaire:
    return Questionnaire(
        languages=["de", "en"],
        survey=[
            Question(
                name="dezernat",
                type="select_one",
                list_name="dez",
                label=_labels("Dezernat", "Department"),
                org_level="dezernat",
            ),
            Question(
                name="fachbereich",
                type="select_one",
                list_name="fb",
                label=_labels("Fachbereich", "Division"),
                org_level="fachbereich",
                choice_filter="dezernat=${dezernat}",
            ),
            Question(
                name="kontakt",
                type="select_one",
                list_name="jn",
                label=_labels("Kontakt mit Zugewanderten?", "Contact with immigrants?"),
            ),
            Question(
                name="einfluss",
                type="select_one",
                list_name="skala",
                label=_labels("Einfluss der Vielfalt", "Influence of diversity"),
                relevant="${kontakt} = 'ja'",
                scale=ScaleOrder.POSITIVE_FIRST,
            ),
        ],
        choices={
            "dez": ChoiceList(
                name="dez",
                choices=[
                    Choice(name="I", label=_labels("Dezernat I", "Department I")),
                    Choice(name="II", label=_labels("Dezernat II", "Department II")),
                ],
            ),
            "fb": ChoiceList(
                name="fb",
                choices=[
                    Choice(name="41", label=_labels("FB 41", "Div 41"), filters={"dezernat": "I"}),
                    Choice(name="20", label=_labels("FB 20", "Div 20"), filters={"dezernat": "II"}),
                    Choice(name="32", label=_labels("FB 32", "Div 32"), filters={"dezernat": "II"}),
                ],
            ),
            "jn": ChoiceList(
                name="jn",
                choices=[
                    Choice(name="ja", label=_labels("Ja", "Yes")),
                    Choice(name="nein", label=_labels("Nein", "No")),
                ],
            ),
            "skala": ChoiceList(
                name="skala",
                choices=[
                    Choice(name="hoch", label=_labels("hoch", "high")),
                    Choice(name="mittel", label=_labels("mittel", "medium")),
                    Choice(name="gering", label=_labels("gering", "low")),
                    Choice(name="k_a", label=_labels("k. A.", "no answer"), missing=True),
                ],
            ),
        },
    )


# 12 respondents. Dezernat I / FB 41: rows 2-8 (7); Dezernat II: FB 20 rows 9-11 (3),
# FB 32 rows 12-13 (2).
HEADER = "_id,dezernat,fachbereich,kontakt,einfluss"
ROWS = [
    "1,I,41,ja,hoch",
    "2,I,41,ja,hoch",
    "3,I,41,ja,mittel",
    "4,I,41,ja,k_a",
    "5,I,41,ja,",
    "6,I,41,nein,",
    "7,I,41,nein,",
    "8,II,20,ja,gering",
    "9,II,20,ja,hoch",
    "10,II,20,nein,",
    "11,II,32,ja,mittel",
    "12,II,32,ja,hoch",
]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    form = tmp_path / "form.xlsx"
    write_xlsform(mini_form(), form)
    data = tmp_path / "responses.csv"
    data.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return form, data


def test_analyze_json_counts_by_hand(files):
    form, data = files
    result = runner.invoke(
        app, ["analyze", str(form), str(data), "-q", "einfluss", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    (total,) = [q for q in payload["questions"] if q["group"] is None]
    # shown = kontakt 'ja': 9 rows; one k_a, one empty (skipped); 3 'nein' not shown.
    assert (
        total["n_answered"],
        total["n_no_answer"],
        total["n_skipped"],
        total["n_not_shown"],
    ) == (7, 1, 1, 3)
    # positive_first: hoch is the top code; top-2 = hoch + mittel = 6 of 8 (k. A. in base)
    assert total["top2"] == pytest.approx(75.0)
    assert total["mean"] == pytest.approx((3 * 4 + 2 * 2 + 1) / 7)
    hoch = next(r for r in payload["results"] if r["group"] is None and r["option"] == "hoch")
    assert (hoch["count"], hoch["base"]) == (4, 8)
    assert hoch["percent"] == pytest.approx(50.0)


def test_analyze_prints_the_n_of_its_base(files):
    form, data = files
    # einfluss: 7 answered, 1 k. A., 1 skipped, 3 not shown (12 respondents)
    for base, n, n_group in (("answered", 8, 12), ("valid", 7, 12), ("group", 12, 12)):
        args = ["analyze", str(form), str(data), "-q", "einfluss", "--base", base]
        payload = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
        (total,) = [q for q in payload["questions"] if q["group"] is None]
        assert (total["n"], total["n_group"]) == (n, n_group)
        table = runner.invoke(app, args, env={"COLUMNS": "200"}).stdout
        (n_line,) = [line.split() for line in table.splitlines() if line.strip().startswith("n ")]
        assert n_line[:2] == ["n", str(n)]


def test_analyze_json_gives_the_interval_in_percent_like_the_share(files):
    form, data = files
    result = runner.invoke(
        app, ["analyze", str(form), str(data), "-q", "einfluss", "--format", "json"]
    )
    payload = json.loads(result.stdout)
    hoch = next(r for r in payload["results"] if r["group"] is None and r["option"] == "hoch")
    # Wilson, 4 of 8, z = 1.96: centre (p + z²/2n) / (1 + z²/n) = 0.5, half-width
    # z·√(p(1−p)/n + z²/4n²) / (1 + z²/n) = 0.2848 -> 21.52 % to 78.48 %, around 50 %.
    assert hoch["percent"] == pytest.approx(50.0)
    assert hoch["ci_low"] == pytest.approx(21.5216062, abs=1e-6)
    assert hoch["ci_high"] == pytest.approx(78.4783938, abs=1e-6)
    shown = [r for r in payload["results"] if r["percent"] is not None]
    assert shown and all(r["ci_low"] <= r["percent"] <= r["ci_high"] for r in shown)


def test_analyze_by_fachbereich_hides_small_units_and_their_complement(files):
    form, data = files
    result = runner.invoke(
        app,
        [
            "analyze",
            str(form),
            str(data),
            "-q",
            "kontakt",
            "--by",
            "fachbereich",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    by_group = {q["group"]: q for q in payload["questions"]}
    # Dezernat II has 5 respondents: published. Its Fachbereiche have 3 and 2: both hidden.
    assert by_group["41"]["suppressed"] is False
    assert by_group["41"]["n_answered"] == 7
    assert by_group["20"]["suppressed"] is True and by_group["32"]["suppressed"] is True
    hidden = [r for r in payload["results"] if r["group"] in ("20", "32")]
    assert hidden and all(r["count"] is None and r["percent"] is None for r in hidden)


def test_analyze_table_is_german_and_marks_suppression(files):
    form, data = files
    result = runner.invoke(
        app, ["analyze", str(form), str(data), "-q", "kontakt", "--by", "fachbereich"]
    )
    assert result.exit_code == 0, result.output
    assert "Kontakt mit Zugewanderten?" in result.stdout
    assert "n < 5" in result.stdout
    assert "nicht ausgewiesen" in result.stdout
    # kontakt is no agreed breakdown (a plain XLSForm agrees none): its options are no
    # groups, so the published FB 41 shows its shares, ja 5 of 7 = 71 %; the whole survey
    # 9 of 12 = 75 %
    assert "75 %" in result.stdout
    assert "71 %" in result.stdout


def test_validate_reports_every_problem_with_row_and_column(files, tmp_path):
    form, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "\n".join([HEADER, "1,I,41,ja,hoch", "2,I,41,nein,hoch", "3,I,41,vielleicht,"]) + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(form), str(bad)])
    assert result.exit_code == 1
    # first what lipkit read in the questionnaire (issue 14: also when data is given) ...
    lines = result.stdout.splitlines()
    inferred = [
        "Erkannt: dezernat: Organisationsebene: dezernat",
        "Erkannt: fachbereich: Organisationsebene: fachbereich",
        "Erkannt: einfluss: Skala, positives Ende zuerst (hoch … gering); fehlende Werte: k_a",
    ]
    assert lines[: len(inferred)] == inferred
    # ... then row 3: answered although not shown; row 4: unknown code; German by default
    assert lines[len(inferred) :] == [
        "Fehler: bad.csv, Zeile 3, Spalte 'einfluss': Wert 'hoch' – erwartet: leer, denn die "
        "Frage wird hier nicht gezeigt (Filter: (${kontakt} = 'ja'))",
        "Fehler: bad.csv, Zeile 4, Spalte 'kontakt': Wert 'vielleicht' – erwartet: eine der "
        "Optionen ja, nein",
        f"{bad}: 3 Zeilen, 2 Fehler, 0 Warnungen",
    ]
    english = runner.invoke(app, ["validate", str(form), str(bad), "--lang", "en"])
    assert "bad.csv, row 4, column 'kontakt': value 'vielleicht' — expected one of: ja, nein" in (
        english.stdout
    )
    assert "Traceback" not in result.output


def test_analyze_refuses_errors_unless_rows_are_excluded(files, tmp_path):
    form, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, *ROWS, "13,II,32,vielleicht,"]) + "\n", encoding="utf-8")
    refused = runner.invoke(app, ["analyze", str(form), str(bad), "--format", "json"])
    assert refused.exit_code != 0
    assert "14" in refused.output and "Traceback" not in refused.output
    accepted = runner.invoke(
        app, ["analyze", str(form), str(bad), "--format", "json", "--exclude-rows", "14"]
    )
    assert accepted.exit_code == 0, accepted.output
    assert "1 Zeilen ausgeschlossen" in accepted.stderr


def test_unknown_question_is_one_line_not_a_traceback(files):
    form, data = files
    result = runner.invoke(app, ["analyze", str(form), str(data), "-q", "gibtsnicht"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "Fehler: unbekannte Frage 'gibtsnicht'"


def test_convert_round_trip(files, tmp_path):
    from lipkit.study.xlsform import read_xlsform
    from lipkit.study.yamlform import read_yaml_form

    form, _ = files
    target = tmp_path / "form.yaml"
    result = runner.invoke(app, ["convert", str(form), str(target)])
    assert result.exit_code == 0, result.output
    assert read_yaml_form(target) == read_xlsform(form)
    again = runner.invoke(app, ["convert", str(form), str(target)])
    assert again.exit_code == 2  # never overwrites


def test_demo_then_analyze_study_folder(tmp_path):
    folder = tmp_path / "demo"
    created = runner.invoke(app, ["demo", str(folder)])
    assert created.exit_code == 0, created.output
    result = runner.invoke(app, ["analyze", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    totals = [q for q in payload["questions"] if q["group"] is None]
    assert len(totals) > 20


def test_open_answers_only_for_groups_of_k_text(tmp_path):
    folder = tmp_path / "demo"
    runner.invoke(app, ["demo", str(folder)])
    args = ["answers", str(folder), "-q", "themen_vielfalt", "--by", "dezernat"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    groups = {g["group"]: g for g in json.loads(result.stdout)["groups"]}
    # answers per Dezernat in the demo: OBE 5, I 9, II 15, III 22, IV 28, V 7, VI 10 (96);
    # k_text = 10 hides OBE, I and V (together 21, so no complement is needed)
    assert {g: (v["n"], len(v["answers"])) for g, v in groups.items()} == {
        None: (96, 96), "OBE": (None, 0), "I": (None, 0), "II": (15, 15), "III": (22, 22),
        "IV": (28, 28), "V": (None, 0), "VI": (10, 10),
    }  # fmt: skip
    table = runner.invoke(app, args).stdout
    assert "OBE: n < 10, nicht ausgewiesen" in table and "VI (n = 10)" in table


# -- language: errors and help follow --lang, else LIPKIT_LANG, else German -----------------


def _bad_study(tmp_path: Path) -> Path:
    folder = tmp_path / "study"
    assert runner.invoke(app, ["demo", str(folder)]).exit_code == 0
    config = folder / "study.yaml"
    lines = config.read_text(encoding="utf-8").splitlines()
    config.write_text("\n".join([*lines, "kk: 3"]) + "\n", encoding="utf-8")
    return folder


def test_form_errors_follow_the_language(tmp_path):
    folder = _bad_study(tmp_path)
    # the line is where the settings mapping starts (the YAML reader's line_of), in both
    line = next(
        i
        for i, text in enumerate(
            (folder / "study.yaml").read_text(encoding="utf-8").splitlines(), 1
        )
        if text and not text.startswith("#")
    )
    keys = "title, language, k, k_text, breakdowns, questionnaire, org, responses, wave, waves"
    german = runner.invoke(app, ["analyze", str(folder)])
    assert german.exit_code == 2
    assert german.stderr.strip() == (
        f"Fehler: study.yaml, Zeile {line}, Schlüssel 'kk': unbekannter Schlüssel; "
        f"erwartet einer von {keys}"
    )
    english = f"Error: study.yaml, line {line}, key 'kk': unknown key; expected one of {keys}"
    assert runner.invoke(app, ["analyze", str(folder), "--lang", "en"]).stderr.strip() == english
    by_env = runner.invoke(app, ["analyze", str(folder)], env={"LIPKIT_LANG": "en"})
    assert by_env.stderr.strip() == english


def test_user_errors_and_missing_files_follow_the_language(files, tmp_path):
    form, _ = files
    missing = tmp_path / "fehlt.csv"
    german = runner.invoke(app, ["analyze", str(form), str(missing)])
    assert german.stderr.strip() == f"Fehler: {missing}: Antwortdatei nicht gefunden"
    english = runner.invoke(app, ["analyze", str(form), str(missing), "--lang", "en"])
    assert english.stderr.strip() == f"Error: {missing}: response file not found"
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, *ROWS, "13,II,32,vielleicht,"]) + "\n", encoding="utf-8")
    refused = runner.invoke(app, ["analyze", str(form), str(bad)])
    assert refused.stderr.strip() == (
        f"Fehler: {bad}: 1 Zeilen mit Fehlern (14); `lipkit validate` zeigt sie, "
        "--exclude-rows oder --exclude-invalid schließt sie aus"
    )
    refused = runner.invoke(app, ["analyze", str(form), str(bad), "--lang", "en"])
    assert refused.stderr.strip() == (
        f"Error: {bad}: 1 rows with errors (14); `lipkit validate` shows them, "
        "--exclude-rows or --exclude-invalid leaves them out"
    )


def _help(args: list[str], env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, args, env={"COLUMNS": "250", **(env or {})})
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())


def test_help_follows_the_language():
    german = _help(["analyze", "--help"])
    assert "Die Antworten auswerten: Anzahlen, Basen, Prozente" in german
    assert "Nur diese Frage(n)." in german and "Optionen" in german
    assert "Only these question(s)." not in german
    english = _help(["analyze", "--help", "--lang", "en"])
    assert "Analyse the responses: counts, bases, percentages" in english
    assert "Only these question(s)." in english and "Options" in english
    assert "Nur diese Frage(n)." not in english
    assert "Only these question(s)." in _help(["analyze", "--lang=en", "--help"])
    root = _help(["--help"], env={"LIPKIT_LANG": "en"})
    assert "lipkit – evaluation and steering of the local integration plan." in root
    assert "Commands" in root
    assert "Integrationsplan (STUDY/plan/)" in _help(["--help"])
    assert "The study folder." in _help(["plan", "status", "--help", "--lang", "en"])


def test_only_a_help_page_imports_richs_help_panels(tmp_path):
    # The panels' titles are set where help may be shown (the help test above); any other
    # command starts without rich (60 ms).
    import subprocess
    import sys

    import typer

    from lipkit.cli.common import _may_show_help

    root = typer.main.get_command(app)
    shown = [[], ["--help"], ["plan"], ["--lang", "en", "plan"], ["report", "x", "--help"]]
    assert [_may_show_help(root, argv) for argv in shown] == [True] * 5
    not_shown = [["report", "x"], ["plan", "status", "x"], ["--lang", "en", "demo", "x"]]
    assert [_may_show_help(root, argv) for argv in not_shown] == [False] * 3
    code = (
        "import sys, atexit; from lipkit import cli; "
        "atexit.register(lambda: print('typer.rich_utils' in sys.modules)); "
        f"sys.argv = ['lipkit', 'demo', {str(tmp_path / 'demo')!r}]; cli.main()"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split()[-1] == "False", out.stderr


def test_every_command_and_parameter_has_its_help_in_the_catalogue():
    import typer

    from lipkit import catalogue

    root = typer.main.get_command(app)

    def walk(command, path: str) -> list[str]:
        missing = [] if f"help.cmd.{path or 'lipkit'}" in catalogue.CATALOGUE else [path]
        for param in command.params:
            codes = (f"help.{path}.{param.name}", f"help.param.{param.name}")
            if not any(code in catalogue.CATALOGUE for code in codes):
                missing.append(f"{path} {param.name}")
        for name, sub in getattr(command, "commands", {}).items():
            missing += walk(sub, f"{path}.{name}" if path else name)
        return missing

    assert walk(root, "") == []


def test_python_m_lipkit_cli_runs_the_same_app():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "lipkit.cli", "plan", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: lipkit plan" in result.stdout


def test_questionnaire_errors_follow_the_language(tmp_path):
    form = tmp_path / "form.md"
    form.write_text(
        "| survey |\n|        | type | name |\n|        | text | a    |\n"
        "|        | txt  | b    |\n",
        encoding="utf-8",
    )
    german = runner.invoke(app, ["validate", str(form)])
    assert german.exit_code == 2
    assert german.stderr.startswith(
        "Fehler: form.md, Blatt 'survey', Zeile 3, Spalte 'type': unbekannter Fragetyp 'txt'; "
        "erwartet: ein XLSForm-Typ (select_one <list>,"
    )
    assert german.stderr.strip().endswith("(Hinweis: meinten Sie 'text'?)")
    english = runner.invoke(app, ["validate", str(form), "--lang", "en"])
    assert english.stderr.startswith(
        "Error: form.md, sheet 'survey', row 3, column 'type': unknown question type 'txt'; "
        "expected an XLSForm type (select_one <list>,"
    )
    assert english.stderr.strip().endswith("(hint: did you mean 'text'?)")
    by_env = runner.invoke(app, ["validate", str(form)], env={"LIPKIT_LANG": "en"})
    assert by_env.stderr == english.stderr


def test_unreadable_data_and_yaml_form_errors_follow_the_language(files, tmp_path):
    form, _ = files
    empty = tmp_path / "leer.csv"
    empty.write_text("", encoding="utf-8")
    german = runner.invoke(app, ["validate", str(form), str(empty)])
    assert german.stderr.strip() == f"Fehler: {empty}: die Datei ist leer (keine Kopfzeile)"
    english = runner.invoke(app, ["validate", str(form), str(empty), "--lang", "en"])
    assert english.stderr.strip() == f"Error: {empty}: the file is empty (no header row)"
    yaml_form = tmp_path / "form.yaml"
    yaml_form.write_text("survey:\n  - {name: a, type: txt}\n", encoding="utf-8")
    types = (
        "select_one, select_multiple, text, integer, decimal, date, note, calculate, "
        "unanalysed, group"
    )
    german = runner.invoke(app, ["validate", str(yaml_form)])
    assert german.stderr.strip() == (
        "Fehler: form.yaml, Zeile 2, Eintrag survey → a, Schlüssel 'type': unbekannter "
        f"Fragetyp 'txt'; erwartet einer von {types}"
    )
    english = runner.invoke(app, ["validate", str(yaml_form), "--lang", "en"])
    assert english.stderr.strip() == (
        "Error: form.yaml, line 2, item survey → a, key 'type': unknown question type "
        f"'txt'; expected one of {types}"
    )


def test_cli_and_analysis_errors_follow_the_language(files):
    form, data = files
    german = runner.invoke(app, ["analyze", str(form), str(data), "-q", "nix"])
    assert german.stderr.strip() == "Fehler: unbekannte Frage 'nix'"
    english = runner.invoke(app, ["analyze", str(form), str(data), "-q", "nix", "--lang", "en"])
    assert english.stderr.strip() == "Error: unknown question 'nix'"

    from lipkit.analysis.engine import analyze
    from lipkit.cli.session import load_inputs
    from lipkit.errors import message_of

    inputs = load_inputs(form, data)
    with pytest.raises(ValueError) as caught:
        analyze(inputs.study, inputs.frame, questions=["nix"])
    message = message_of(caught.value)
    assert message.render("de") == "questions: 'nix' ist keine Frage des Fragebogens"
    assert message.render("en") == "questions: 'nix' is not a question of the questionnaire"
