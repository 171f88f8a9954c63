"""Data issues: what a cell, column or file of the responses was expected to hold."""

from lipkit.catalogue.core import define

# The words of an issue line (``group("issue", language)``).
define(
    "issue",
    {
        "row": ("Zeile", "row"),
        "sheet": ("Blatt", "sheet"),
        "column": ("Spalte", "column"),
        "value": ("Wert", "value"),
        "empty": ("leer", "empty"),
        "expected": (" – erwartet: ", " — expected "),
        "expected_alone": ("erwartet: ", "expected "),
        "error": ("Fehler", "Error"),
        "warning": ("Warnung", "Warning"),
    },
)

# What a cell, column or file was expected to hold (an issue's ``expected``).

define(
    "data",
    {
        "one_of": ("eine der Optionen {options}", "one of: {options}"),
        "whole_number": ("eine ganze Zahl", "a whole number"),
        "number": ("eine Zahl (mit Dezimalpunkt oder -komma)", "a number (decimal point or comma)"),
        "date": ("ein Datum JJJJ-MM-TT (oder TT.MM.JJJJ)", "a date YYYY-MM-DD (or DD.MM.YYYY)"),
        "flag": (
            "1 oder 0 (leer, wenn die Frage nicht beantwortet wurde)",
            "1 or 0 (empty when the question was not answered)",
        ),
        "choice_names": (
            "Optionen, durch Leerzeichen getrennt, aus {options}",
            "choice names separated by spaces, from: {options}",
        ),
        "details_empty": (
            "leer wie die Einzelspalten ({columns})",
            "empty, as the detail columns ({columns}) are empty",
        ),
        "details_none": (
            "keine Auswahl, da jede Einzelspalte ({columns}) 0 ist",
            "no choice, as every detail column ({columns}) is 0",
        ),
        "details_marked": (
            "{chosen}, wie in den Einzelspalten ({columns}) mit 1 markiert",
            "{chosen}, as marked 1 in the detail columns ({columns})",
        ),
        "not_shown": (
            "leer, denn die Frage wird hier nicht gezeigt (Filter: {chain})",
            "empty, because the question is not shown (relevant: {chain})",
        ),
        "required": (
            "eine Antwort (Pflichtfrage, die gezeigt wurde)",
            "an answer (the question is required and was shown)",
        ),
        "exclusive": (
            "{option} allein: diese Option schließt alle anderen aus",
            "{option} alone: it cannot be combined with other options",
        ),
        "constraint": (
            "einen Wert, der die Bedingung {constraint} erfüllt",
            "a value meeting the constraint {constraint}",
        ),
        "choice_filter": (
            "eine Option, die der choice_filter {choice_filter} in dieser Zeile zulässt",
            "a choice allowed for this row by the choice_filter {choice_filter}",
        ),
        "unit_code": (
            "einen Einheitencode der Ebene {level}: {codes}",
            "a unit code of org level {level}: {codes}",
        ),
        "unique": (
            "einen Wert, den keine andere Zeile hat (auch in Zeile {rows})",
            "a value no other row has (also in row {rows})",
        ),
        "org_derived": (
            "{derived}, die Einheit der Ebene {level} zu {lower} {value} im Organigramm",
            "{derived}, the {level} of {lower} {value} in the org tree",
        ),
        "known_column": (
            "einen Fragenamen des Fragebogens, `frage/option` bei Mehrfachauswahl oder "
            "Metadaten, die mit '_' beginnen (die Spalte wird unverändert mitgeführt)",
            "a question name of the questionnaire, `q/choice` for a select_multiple, "
            "or metadata starting with '_'",
        ),
        "one_question_column": (
            "einen Spaltennamen, der eine Frage eindeutig benennt (möglich: {readings})",
            "a column name that names one question (it could be: {readings})",
        ),
        "one_column": (
            "eine Spalte für {what} (schon gelesen aus Spalte {previous})",
            "one column for {what} (already read from column {previous})",
        ),
        "question_columns": (
            "Spalten mit den Namen der Fragen (ein Export mit XML-Werten und -Namen, nicht mit "
            "Beschriftungen); keine Spalte der Datei nennt eine Frage des Fragebogens",
            "columns named by the questions' names (an export with XML values and names, not "
            "labels); no column of the file names a question of the form",
        ),
        "only_spaces": (
            "Antworten oder leere Zellen; {count} Zellen mit nur Leerzeichen (wie SPSS leere "
            "Zellen schreibt) als leer gelesen",
            "answers or empty cells; {count} cells holding only spaces (as SPSS writes empty "
            "cells) read as empty",
        ),
        "r_missing": (
            "Antworten oder leere Zellen; {count} Zellen 'NA' (wie R fehlende Werte schreibt) "
            "als fehlend gelesen, weil 'NA' hier keine Antwort sein kann",
            "answers or empty cells; {count} cells 'NA' (as R writes missing values) read as "
            "missing, since 'NA' cannot be an answer here",
        ),
        "question_columns_only_metadata": (
            "Spalten mit den Namen der Fragen (ein Export mit XML-Werten und -Namen, nicht mit "
            "Beschriftungen); die Datei hat nur Metadaten- und berechnete Spalten ({columns}), "
            "keine ihrer Spalten nennt eine Frage mit Antworten",
            "columns named by the questions' names (an export with XML values and names, not "
            "labels); the file has only metadata and calculated columns ({columns}), none of "
            "its columns names a question with answers",
        ),
        "question_column": (
            "eine Spalte für die Frage {name} (als durchweg leer gelesen)",
            "a column for question {name} (read as all empty)",
        ),
        "rank_twice": (
            "jede Option höchstens einmal in der Rangfolge {ranking} ({option!r} steht schon "
            "auf {level}); diese Rangfolge wird nicht ausgewertet",
            "each option at most once in the ranking {ranking} ({option!r} is already at "
            "{level}); this ranking is left out of the analysis",
        ),
        "rank_gap": (
            "die Ränge der Rangfolge {ranking} lückenlos ab dem ersten ({level} ist leer); "
            "diese Rangfolge wird nicht ausgewertet",
            "the ranks of the ranking {ranking} filled from the first without a gap ({level} "
            "is empty); this ranking is left out of the analysis",
        ),
    },
)

# A response file that cannot be read at all (DataError).
define(
    "data",
    {
        "file_not_found": ("Datei nicht gefunden", "file not found"),
        "is_folder": (
            "ist ein Ordner; erwartet: eine Antwortdatei ({expected})",
            "is a folder, expected a response file ({expected})",
        ),
        "no_columns": ("die Datei hat keine Spalten", "the file has no columns"),
        "read_only": (
            "lipkit liest {format}-Dateien, schreibt sie aber nicht",
            "lipkit reads {format} files but does not write them",
        ),
        "not_utf8": (
            "ist nicht UTF-8-kodiert (als 'CSV UTF-8' speichern und erneut einlesen)",
            "is not UTF-8 encoded (save it as 'CSV UTF-8' and read it again)",
        ),
        "cannot_read": (
            "nicht als {format} lesbar ({problem})",
            "cannot read as {format} ({problem})",
        ),
        "empty_file": ("die Datei ist leer (keine Kopfzeile)", "the file is empty (no header row)"),
        "unnamed_column": (
            "Spalte {index} hat keinen Namen in der Kopfzeile",
            "column {index} has no name in the header row",
        ),
        "column_twice": (
            "der Spaltenname {name!r} steht zweimal in der Kopfzeile",
            "column name {name!r} appears twice in the header row",
        ),
        "empty_sheet": (
            "das Blatt {sheet!r} ist leer (keine Kopfzeile)",
            "sheet {sheet!r} is empty (no header row)",
        ),
        "rows_span": (
            "die Zeilen reichen von {first} bis {last}",
            "rows run from {first} to {last}",
        ),
        "no_rows": ("die Daten haben keine Zeilen", "the data has no rows"),
        "cannot_exclude": (
            "Zeile(n) {rows} nicht ausschließbar: keine solche Antwortzeile ({span})",
            "cannot exclude row(s) {rows}: no such respondent row ({span})",
        ),
    },
)

# The entries of a repeat (lipkit.data.repeats).
define(
    "repeat",
    {
        "no_sheet": (
            "erwartet: ein Blatt {sheet!r} mit den Einträgen der Wiederholung {repeat!r} "
            "(KoboToolbox-XLSX-Export)",
            "expected a sheet {sheet!r} with the entries of the repeat {repeat!r} "
            "(KoboToolbox XLSX export)",
        ),
        "no_file": (
            "erwartet: daneben eine Datei {file!r} mit den Einträgen der Wiederholung "
            "{repeat!r} (ODK-Central-Export)",
            "expected a file {file!r} next to it with the entries of the repeat {repeat!r} "
            "(ODK Central export)",
        ),
        "no_link": (
            "erwartet: eine Spalte PARENT_KEY (ODK Central, zur Spalte KEY der Hauptdatei) "
            "oder _parent_index (KoboToolbox, zu _index; oder _submission__uuid zu _uuid), die "
            "jeden Eintrag der Wiederholung {repeat!r} einer Person zuordnet",
            "expected a column PARENT_KEY (ODK Central, to the main file's KEY) or "
            "_parent_index (KoboToolbox, to _index; or _submission__uuid to _uuid) linking "
            "each entry of the repeat {repeat!r} to a person",
        ),
        "no_person": (
            "den Wert {key} einer Einsendung der Hauptdatei {main} (keine hat diesen; der "
            "Eintrag gehört zu niemandem)",
            "the {key} of a submission in the main file {main} (none has this one; the entry "
            "belongs to no one)",
        ),
        "without_person": (
            "einen Verweis auf eine ausgewertete Person ({key}); {count} Einträge von "
            "Personen, die nicht ausgewertet werden, nicht gezählt",
            "a link to a person being analysed ({key}); {count} entries of persons left out "
            "of the analysis not counted",
        ),
    },
)
