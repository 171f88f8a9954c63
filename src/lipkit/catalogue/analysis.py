"""Analysis errors that reach a user: a breakdown or question the data cannot give."""

from lipkit.catalogue.core import define

define(
    "analysis",
    {
        "no_column": (
            "by={by!r}: die Daten haben keine Spalte {by!r}",
            "by={by!r}: the frame has no column {by!r}",
        ),
        "no_level_column": (
            "by={by!r}: die Daten haben keine Spalte {by!r} für diese Organisationsebene",
            "by={by!r}: the frame has no column {by!r} for this org level",
        ),
        "no_level_columns": (
            "by={by!r}: die Daten haben weder eine Spalte {by!r} noch {question!r} für diese "
            "Organisationsebene",
            "by={by!r}: the frame has no column {by!r} nor {question!r} for this org level",
        ),
        "by_type": (
            "by={by!r}: nur eine select_one-Frage kann Gruppen bilden, nicht {type}",
            "by={by!r}: only a select_one question can form groups, not {type}",
        ),
        "by_not_agreed": (
            "by={by!r}: nach dieser Frage darf nicht aufgeschlüsselt werden; erlaubt sind "
            "{agreed}. Jede weitere Aufschlüsselung wäre eine Tabelle mehr, aus der sich mit "
            "den anderen verborgene Gruppen zurückrechnen ließen: ein Merkmal, nach dem "
            "ausgewertet werden soll, wird in study.yaml unter 'breakdowns' vereinbart",
            "by={by!r}: results may not be broken down by this question; allowed are "
            "{agreed}. Each further breakdown would be one more table to combine with the "
            "others to recover hidden groups: a characteristic to break results down by is "
            "agreed in study.yaml under 'breakdowns'",
        ),
        "by_unknown": (
            "by={by!r} ist weder eine Organisationsebene ({levels}) noch eine select_one-Frage "
            "des Fragebogens",
            "by={by!r} is neither an org level ({levels}) nor a select_one question of the "
            "questionnaire",
        ),
        "by_unknown_no_tree": (
            "by={by!r} ist weder eine Organisationsebene (kein Organigramm) noch eine "
            "select_one-Frage des Fragebogens",
            "by={by!r} is neither an org level (no org tree) nor a select_one question of the "
            "questionnaire",
        ),
        "unknown_codes": (
            "by={by!r}: {n} Zeilen enthalten einen Einheiten- oder Optionscode, der nicht im "
            "Organigramm oder in der Auswahlliste steht, z. B. {sample}",
            "by={by!r}: {n} rows hold a unit/choice code that is not in the org tree or "
            "choice list, e.g. {sample}",
        ),
        "missing_columns": (
            "Frage {name!r}: den Antwortdaten fehlen die Spalten {columns}",
            "question {name!r}: the response frame lacks columns {columns}",
        ),
        "not_a_question": (
            "questions: {name!r} ist keine Frage des Fragebogens",
            "questions: {name!r} is not a question of the questionnaire",
        ),
        "no_answers": (
            "questions: {name!r} ist eine Frage vom Typ {type}, die keine Antworten hat",
            "questions: {name!r} is a {type} question, which has no answers",
        ),
    },
)

# The minimum group size: the study's k is a floor.
define(
    "privacy",
    {
        "below_floor": (
            "{option}: Mindestgruppengröße {k} liegt unter k = {study_k} der Studie; "
            "sie kann nur erhöht werden",
            "{option}: minimum group size {k} is below the study's k = {study_k}; "
            "it can only be raised",
        ),
    },
)

# A ranking (KoboToolbox's begin_rank) in lipkit analyze's table.
define(
    "ranking",
    {
        "title": ("Rangfolge: {label} [{name}]", "Ranking: {label} [{name}]"),
        "option": ("Option", "Option"),
        "n_ranked": ("platziert", "placed"),
        "mean_rank": ("mittlerer Rang", "mean rank"),
        "n_first": ("Rang 1", "rank 1"),
        "share_first": ("Anteil Rang 1", "share rank 1"),
        "base": (
            "Basis: n = {n} Personen, die mindestens eine Option platziert haben; mittlerer "
            "Rang unter denen, die die Option platziert haben (1 = erster Rang); Anteil Rang 1 "
            "von n = {n_first} Personen mit einem ersten Rang",
            "Base: n = {n} people who placed at least one option; mean rank among those who "
            "placed the option (1 = first rank); share rank 1 of n = {n_first} people who gave "
            "a first rank",
        ),
        "left_out": (
            "nicht gezählt: {n} Personen, deren Rangfolge eine Option zweimal nennt oder eine "
            "Lücke hat (die Warnungen nennen die Zeilen)",
            "not counted: {n} people whose ranking places an option twice or leaves a gap "
            "(the warnings name the rows)",
        ),
        "suppressed": ("n < {k}, nicht ausgewiesen", "n < {k}, not shown"),
        "whole_survey_only": (
            "Rangfolge {name}: nur für alle Befragten zusammen (ohne --by)",
            "Ranking {name}: for all respondents together only (without --by)",
        ),
    },
)

# A question inside a repeat, per entry (lipkit.analysis.repeats).
define(
    "repeat_analysis",
    {
        "title": (
            "{label} [{name}] – je Eintrag der Wiederholung {repeat}",
            "{label} [{name}] – per entry of the repeat {repeat}",
        ),
        "base": (
            "n = {entries} Einträge von {persons} Personen",
            "n = {entries} entries from {persons} people",
        ),
        "suppressed": (
            "weniger als {k} Personen, nicht ausgewiesen",
            "fewer than {k} people, not shown",
        ),
        "answer": ("Antwort", "Answer"),
        "count": ("Anzahl", "Count"),
        "percent": ("Prozent der Einträge", "Percent of entries"),
        "mean": ("Mittelwert", "Mean"),
        "sd": ("Standardabweichung", "Standard deviation"),
        "type": (
            "{name}: in einer Wiederholung werden select_one, select_multiple, integer und "
            "decimal je Eintrag ausgewertet",
            "{name}: inside a repeat, select_one, select_multiple, integer and decimal are "
            "analysed per entry",
        ),
        "by": (
            "{name} liegt in einer Wiederholung: je Eintrag nur für alle Befragten zusammen "
            "(ohne --by)",
            "{name} is inside a repeat: per entry for all respondents together only (without --by)",
        ),
    },
)
