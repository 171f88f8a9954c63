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
