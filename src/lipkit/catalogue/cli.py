"""The command line: help texts and what the commands print."""

from lipkit.catalogue.core import define

define(
    "cli",
    {
        "error": ("Fehler: {line}", "Error: {line}"),
        "file_not_found": ("{file}: Datei nicht gefunden", "{file}: file not found"),
        "form_not_found": (
            "{path}: Datei oder Ordner nicht gefunden",
            "{path}: file or folder not found",
        ),
        "no_data": (
            "{path}: keine Antwortdatei angegeben (DATA fehlt)",
            "{path}: no response file given (DATA is missing)",
        ),
        "data_not_found": (
            "{path}: Antwortdatei nicht gefunden",
            "{path}: response file not found",
        ),
        "rows_with_errors": (
            "{path}: {n} Zeilen mit Fehlern ({rows}); `lipkit validate` zeigt sie, "
            "--exclude-rows oder --exclude-invalid schließt sie aus",
            "{path}: {n} rows with errors ({rows}); `lipkit validate` shows them, "
            "--exclude-rows or --exclude-invalid leaves them out",
        ),
        "warning": ("Warnung: {line}", "Warning: {line}"),
        "written": ("geschrieben: {path}", "written: {path}"),
        "no_study_folder": ("{path}: kein Studienordner", "{path}: not a study folder"),
        "report_formats": (
            "--format {formats}: erwartet eine Auswahl aus {known}",
            "--format {formats}: expected a choice of {known}",
        ),
        "form_checked": ("{path}: {n} Fragen, 0 Fehler", "{path}: {n} questions, 0 errors"),
        "data_checked": (
            "{path}: {rows} Zeilen, {errors} Fehler, {warnings} Warnungen",
            "{path}: {rows} rows, {errors} errors, {warnings} warnings",
        ),
        "demo_not_empty": (
            "{path}: Ordner ist nicht leer; die Demo überschreibt keine Daten",
            "{path}: folder is not empty; the demo overwrites no data",
        ),
        "demo_written": ("Demo-Studie geschrieben: {path}", "demo study written: {path}"),
        "unknown_question": ("unbekannte Frage {name!r}", "unknown question {name!r}"),
        "by_unknown": (
            "--by {by!r}: weder Frage noch Organisationsebene",
            "--by {by!r}: neither a question nor an org level",
        ),
        "by_unknown_levels": (
            "--by {by!r}: weder Frage noch Organisationsebene (Ebenen: {levels})",
            "--by {by!r}: neither a question nor an org level (levels: {levels})",
        ),
        "exists": (
            "{path}: existiert bereits; lipkit überschreibt keine Dateien",
            "{path}: exists already; lipkit overwrites no files",
        ),
        "audit_checked": (
            "geprüft: {cells} verborgene Zellen, {outputs} Ausgaben, {published} "
            "veröffentlichte Zahlen, {seconds} s",
            "checked: {cells} hidden cells, {outputs} outputs, {published} published "
            "numbers, {seconds} s",
        ),
        "audit_leak": ("ungeschützt: {leak}", "unprotected: {leak}"),
        "audit_ok": ("keine ungeschützte Zelle", "no unprotected cell"),
        "audit_leaks": ("{n} ungeschützte Zellen", "{n} unprotected cells"),
        "serve_running": (
            "lipkit-Befragung läuft auf {address}/",
            "lipkit survey running at {address}/",
        ),
        "serve_form": (
            "  Fragebogen (Link zum Weitergeben): {link}",
            "  Questionnaire (link to pass on): {link}",
        ),
        "serve_team": ("  Auswertungsteam: {address}/team/", "  Evaluation team: {address}/team/"),
        "serve_login": (
            "  Erste Anmeldung: Benutzer admin, Passwort {password}",
            "  First login: user admin, password {password}",
        ),
        "serve_change": (
            "  (bitte nach der Anmeldung ändern: Auswertungsteam > Passwort ändern)",
            "  (please change it after logging in: Evaluation team > Change password)",
        ),
        "rows_excluded": ("{n} Zeilen ausgeschlossen", "{n} rows excluded"),
        "bad_row": (
            "--exclude-rows: {part!r} ist keine Zeilennummer (erwartet z. B. 3,7-9)",
            "--exclude-rows: {part!r} is not a row number (expected e.g. 3,7-9)",
        ),
        "arguments": ("Argumente", "Arguments"),
        "options": ("Optionen", "Options"),
        "commands": ("Befehle", "Commands"),
    },
)

# Help of the commands (``help.cmd.<command>``) and of their parameters
# (``help.<command>.<parameter>``, else ``help.param.<parameter>``); the CLI sets them in the
# language of ``--lang`` / ``LIPKIT_LANG`` before it shows ``--help``.
define(
    "help.cmd",
    {
        "lipkit": (
            "lipkit – Evaluation und Steuerung des Lokalen Integrationsplans.",
            "lipkit – evaluation and steering of the local integration plan.",
        ),
        "demo": (
            "Die eingebaute Demo-Studie (nach dem Vorbild des Referenzberichts) nach FOLDER "
            "schreiben.",
            "Write the built-in demo study (modelled on the reference report) to FOLDER.",
        ),
        "validate": (
            "Antwortdaten gegen den Fragebogen prüfen; alle Probleme auf einmal auflisten.\n\n"
            "Ohne DATA: nur den Fragebogen prüfen und zeigen, was lipkit darin liest (Skalen "
            "und\nihre Richtung, k. A.-Codes, exklusive Optionen, Ebenen des Organigramms) und "
            "welche Fragen\nes mitführt, ohne sie auszuwerten.",
            "Check response data against the questionnaire; list every problem at once.\n\n"
            "Without DATA: check the questionnaire alone and show what lipkit reads in it "
            "(scales and\ntheir direction, missing codes, exclusive options, org levels) and "
            "which questions it\ncarries through without analysing them.",
        ),
        "analyze": (
            "Die Antworten auswerten: Anzahlen, Basen, Prozente, Top-2, nach Gruppen, "
            "anonymisiert.",
            "Analyse the responses: counts, bases, percentages, top-2, by group, anonymised.",
        ),
        "crosstab": (
            "Kreuztabelle zweier Fragen: Anzahlen, Zeilenprozente, χ², Cramérs V, anonymisiert.",
            "Crosstab of two questions: counts, row percentages, χ², Cramér's V, anonymised.",
        ),
        "answers": (
            "Offene Antworten einer Textfrage, nur für Gruppen mit mindestens k_text Befragten.",
            "Open answers of a text question, only for groups of at least k_text respondents.",
        ),
        "convert": (
            "Einen Fragebogen zwischen XLSForm und lipkit-YAML umwandeln (verlustfrei hin und "
            "zurück).",
            "Convert a questionnaire between XLSForm and lipkit YAML (lossless round trip).",
        ),
        "audit": (
            "Alles prüfen, was lipkit zu einer Studie veröffentlicht (LP-Schranken jeder "
            "verborgenen Zelle).",
            "Audit everything lipkit publishes for a study (LP bounds of every hidden cell).",
        ),
        "report": (
            "Den Evaluationsbericht erstellen (Abbildungen, Tabellen, Zitate, Empfehlungen) "
            "und, wenn die\nStudie einen Plan hat (plan/), seinen Controlling-Teil.",
            "Build the evaluation report (figures, tables, quotes, recommendations) and, when "
            "the\nstudy has a plan (plan/), its controlling part.",
        ),
        "serve": (
            "Die Online-Befragung starten (Django; SQLite als Vorgabe, PostgreSQL über "
            "DATABASE_URL).",
            "Run the online survey (Django; SQLite by default, PostgreSQL via DATABASE_URL).",
        ),
        "compare": (
            "Zwei Wellen vergleichen: Anteile, Veränderung in Prozentpunkten mit 95 %-Intervall, "
            "Test,\nTop-2- und Mittelwertänderung bei Skalen, p nach Holm; anonymisiert in "
            "beiden Wellen.",
            "Compare two waves: shares, change in percentage points with 95% interval, test,\n"
            "top-2 and mean change for scales, Holm-adjusted p; anonymised in both waves.",
        ),
        "plan": (
            "Integrationsplan (STUDY/plan/): prüfen, Stand der Ziele und Indikatoren.",
            "Integration plan (STUDY/plan/): check it, status of goals and indicators.",
        ),
        "plan.check": (
            "Auflisten, was dem Plan zur Steuerung fehlt (HE 17): eine Zeile je Lücke; "
            "Exit-Code 1 bei Fehlern.",
            "List what the plan lacks to be steered (HE 17): one line per gap; exit 1 on errors.",
        ),
        "plan.status": (
            "Den Stand als Baum ausgeben: Handlungsfelder, strategische Ziele, Ziele und "
            "Indikatoren.",
            "Print the status tree: fields of action, strategic goals, goals and indicators.",
        ),
        "plan.export": (
            "Den Plan als eine Excel-Arbeitsmappe schreiben (Blätter Handlungsfelder, Ziele, "
            "Maßnahmen,\nIndikatoren, Werte), oder seinen Ergebnisrahmen als IATI-2.03-XML "
            "(--format iati:\nErgebnisse, Indikatoren, Ausgangs- und Zielwerte; Verantwortliche "
            "und Status bleiben intern).",
            "Write the plan as one Excel workbook (sheets Handlungsfelder, Ziele, Maßnahmen,\n"
            "Indikatoren, Werte), or its results framework as IATI 2.03 XML (--format iati:\n"
            "results, indicators, baselines and periods; owners and statuses stay internal).",
        ),
        "plan.import": (
            "Eine Plan-Arbeitsmappe lesen, prüfen und als STUDY/plan/plan.yaml und values.csv "
            "schreiben.",
            "Read a plan workbook, check it, and write it as STUDY/plan/plan.yaml and values.csv.",
        ),
    },
)
define(
    "help.param",
    {
        "form": (
            "XLSForm (.xlsx), lipkit-YAML oder Studienordner.",
            "XLSForm (.xlsx), lipkit YAML or study folder.",
        ),
        "data": (
            "Antworten (CSV, XLSX, Parquet); bei einem Studienordner optional.",
            "Responses (CSV, XLSX, Parquet); optional with a study folder.",
        ),
        "question": ("Nur diese Frage(n).", "Only these question(s)."),
        "by": (
            "Aufschlüsseln nach Frage oder Organisationsebene.",
            "Break down by question or org level.",
        ),
        "base": ("Basis der Prozente.", "Base of the percentages."),
        "min_group": ("Mindestgruppengröße k.", "Minimum group size k."),
        "output_format": ("table, csv oder json.", "table, csv or json."),
        "output": ("In diese Datei schreiben.", "Write to this file."),
        "exclude_rows": (
            "Diese Zeilen (Zeilennummer der Datei, z. B. 3,7-9) ausschließen.",
            "Exclude these rows (row numbers of the file, e.g. 3,7-9).",
        ),
        "exclude_invalid": (
            "Alle Zeilen mit Fehlern ausschließen.",
            "Exclude every row with errors.",
        ),
        "language": ("Sprache: de oder en.", "Language: de or en."),
        "study_folder": ("Der Studienordner.", "The study folder."),
    },
)
define(
    "help",
    {
        "demo.folder": (
            "Ordner, in den die Demo-Studie geschrieben wird.",
            "Folder the demo study is written to.",
        ),
        "validate.data": ("Antworten (CSV, XLSX, Parquet).", "Responses (CSV, XLSX, Parquet)."),
        "crosstab.rows": (
            "Zeilen: Einfachauswahl-Frage oder Organisationsebene.",
            "Rows: single-choice question or org level.",
        ),
        "crosstab.cols": (
            "Spalten: Einfachauswahl-Frage oder Organisationsebene.",
            "Columns: single-choice question or org level.",
        ),
        "answers.question": ("Die offene Frage.", "The open question."),
        "answers.min_group": (
            "Mindestgruppengröße für offene Antworten.",
            "Minimum group size for open answers.",
        ),
        "convert.source": ("Fragebogen: .xlsx oder .yaml", "Questionnaire: .xlsx or .yaml"),
        "convert.target": ("Ziel: .xlsx oder .yaml", "Target: .xlsx or .yaml"),
        "audit.min_width": (
            "Mindestbreite des Schutzintervalls.",
            "Minimum width of the protection interval.",
        ),
        "report.formats": (
            "Ausgabeformate, kommagetrennt: html,pdf,docx.",
            "Output formats, comma-separated: html,pdf,docx.",
        ),
        "report.output": (
            "Zielordner (Standard: STUDY/report-out).",
            "Target folder (default: STUDY/report-out).",
        ),
        "report.strict": (
            "Jede Warnung ist ein Fehler; dann wird nichts geschrieben.",
            "Every warning is an error; then nothing is written.",
        ),
        "report.part": (
            "all (Evaluation, dann Controlling, wenn es plan/ gibt), evaluation oder controlling.",
            "all (evaluation, then controlling if there is plan/), evaluation or controlling.",
        ),
        "serve.study": (
            "Studienordner, der als offene Befragung geladen wird.",
            "Study folder loaded as the open survey.",
        ),
        "serve.host": ("Adresse, an der der Server lauscht.", "Address the server listens on."),
        "serve.port": ("Port.", "Port."),
        "serve.workers": ("gunicorn-Worker-Prozesse.", "gunicorn worker processes."),
        "compare.study": ("Studienordner mit früheren Wellen.", "Study folder with earlier waves."),
        "compare.from_label": (
            "Frühere Welle (Vorgabe: die vorige).",
            "Earlier wave (default: the previous one).",
        ),
        "compare.to_label": (
            "Spätere Welle (Vorgabe: die aktuelle).",
            "Later wave (default: the current one).",
        ),
        "compare.series": (
            "Alle Wellen: jedes aufeinanderfolgende Paar und die Zeitreihe (Trendgrafik).",
            "All waves: every consecutive pair and the series (trend figure).",
        ),
        "plan.status.date": (
            "Stichtag JJJJ-MM-TT (Standard: Datum des neuesten Istwerts).",
            "Reference date YYYY-MM-DD (default: date of the newest actual value).",
        ),
        "plan.export.target": (
            "Datei, die geschrieben wird (.xlsx, oder .xml für IATI).",
            "File to write (.xlsx, or .xml for IATI).",
        ),
        "plan.export.export_format": (
            "xlsx: der Plan als Excel-Arbeitsmappe; iati: der Ergebnisrahmen als IATI-2.03-XML "
            "(Standard: nach der Dateiendung).",
            "xlsx: the plan as an Excel workbook; iati: the results framework as IATI 2.03 XML "
            "(default: by the file's suffix).",
        ),
        "plan.export.org_ref": (
            "IATI: Kennung der Stadt als berichtende Organisation (Pflicht).",
            "IATI: identifier of the city as reporting organisation (required).",
        ),
        "plan.export.org_name": (
            "IATI: Name der Stadt (Standard: --org-ref).",
            "IATI: name of the city (default: --org-ref).",
        ),
        "plan.import.source": (
            "Excel-Datei (.xlsx) mit dem Plan.",
            "Excel file (.xlsx) with the plan.",
        ),
    },
)

# ``lipkit compare``: the waves of a study folder.
define(
    "compare",
    {
        "no_earlier": (
            "{path}: keine frühere Welle (study.yaml 'waves:' oder Ordner waves/<Welle>/)",
            "{path}: no earlier wave (study.yaml 'waves:' or folder waves/<wave>/)",
        ),
        "unknown_to": (
            "--to {label!r}: unbekannte Welle (Wellen: {labels})",
            "--to {label!r}: unknown wave (waves: {labels})",
        ),
        "bad_from": (
            "--from {label!r}: eine andere Welle als {to} angeben (Wellen: {labels})",
            "--from {label!r}: give a wave other than {to} (waves: {labels})",
        ),
        "by_unknown": (
            "--by {by!r}: in Welle {label} weder Frage noch Organisationsebene",
            "--by {by!r}: in wave {label} neither a question nor an org level",
        ),
        "wave_problem": ("Welle {label}: {problem}", "wave {label}: {problem}"),
        "wave_no_responses": (
            "Welle {label}: {path}: keine Antwortdatei",
            "wave {label}: {path}: no response file",
        ),
        "pair_problem": (
            "Welle {before} → {after}: {problem}",
            "wave {before} → {after}: {problem}",
        ),
    },
)

# A question of the later wave that is not compared, and why.
define(
    "compare_reason",
    {
        "not_asked": ("in Welle {label} nicht gefragt", "not asked in wave {label}"),
        "options_changed": (
            "Antwortoptionen geändert, keine Zuordnung erklärt",
            "answer options changed, no mapping declared",
        ),
        "wording_changed": (
            "Wortlaut geändert, keine Zuordnung erklärt",
            "wording changed, no mapping declared",
        ),
        "declared": (
            "laut Zuordnung nicht vergleichbar",
            "not comparable according to the mapping",
        ),
        "not_all_waves": (
            "nicht über alle Wellen seit {label} vergleichbar",
            "not comparable across all waves since {label}",
        ),
        "not_in_wave": ("in dieser Welle nicht gefragt", "not asked in this wave"),
        "source": ("nicht vergleichbar: {reason}", "not comparable: {reason}"),
        # a reason written in the mapping (reason, reason::en); each language shows its own
        # column (the other one is named with precision 0 so both take the same parameters)
        "written": ("{de}{en:.0}", "{en}{de:.0}"),
    },
)

# The tables of ``lipkit compare`` (pairs) and ``lipkit compare --series``.
define(
    "compare_table",
    {
        "head": ("Veränderung {earlier} → {current}", "Change {earlier} → {current}"),
        "series_head": ("Zeitreihe {labels}", "Series {labels}"),
        "group_option": ("Gruppe / Antwort", "Group / answer"),
        "question_group": ("Frage / Gruppe", "Question / group"),
        "total": ("Gesamt", "Total"),
        "diff_pp": ("Δ pp", "Δ pp"),
        "interval": ("95 %-KI", "95% CI"),
        "test": ("Test", "Test"),
        "p_holm": ("p (Holm)", "p (Holm)"),
        "mean": ("Mittelwert", "Mean"),
        "diff_pp_interval": ("Δ pp (95 %-KI)", "Δ pp (95% CI)"),
        "mean_interval": ("Δ (95 %-KI, Welch)", "Δ (95% CI, Welch)"),
        "hidden": (
            "nicht ausgewiesen (in einer Welle n < k oder verdeckt)",
            "not shown (n < k or hidden in one of the waves)",
        ),
        "no_answers": ("keine Antworten in einer der Wellen", "no answers in one of the waves"),
        "scales": ("Skalen: Top-2 und Mittelwert", "Scales: top-2 and mean"),
        "series_scales": (
            "Skalen: Top-2 und Mittelwert je Welle",
            "Scales: top-2 and mean per wave",
        ),
        "legend": (
            "p (Holm): über alle Tests dieses Aufrufs adjustiert; * = p (Holm) < 0,05. "
            "Basis: {base}; k = {k} in beiden Wellen.",
            "p (Holm): adjusted over all tests of this call; * = p (Holm) < 0.05. "
            "Base: {base}; k = {k} in both waves.",
        ),
        "series_legend": (
            "Je Welle: Anteil (Anzahl/Basis); Skalen: Top-2 / Mittelwert. Basis: {base}; "
            "k = {k} in allen Wellen; eine Gruppe, die in einer Welle verdeckt ist, "
            "ist in allen verdeckt.",
            "Per wave: share (count/base); scales: top-2 / mean. Base: {base}; "
            "k = {k} in all waves; a group hidden in one wave is hidden in all.",
        ),
        "not_comparable": ("Nicht vergleichbar:", "Not comparable:"),
    },
)

# ``lipkit audit``: a hidden cell the published numbers give away.
define(
    "audit",
    {
        "total": ("Gesamt", "Total"),
        "unanimous": (
            "{question} [{where}]: alle Befragten der Gruppe wählten {cell!r}",
            "{question} [{where}]: everyone in the group chose {cell!r}",
        ),
        "pinned": (
            "{question} [{where}] {cell}: nur der Wert {low} ist möglich (Spanne {low}–{high})",
            "{question} [{where}] {cell}: only the value {low} is possible (range {low}–{high})",
        ),
    },
)
