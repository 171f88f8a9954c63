"""Form errors: problems in a study file (questionnaire, org tree, study.yaml)."""

from lipkit.catalogue.core import define

define(
    "place",
    {
        "sheet": ("Blatt {value!r}", "sheet {value!r}"),
        "row": ("Zeile {value}", "row {value}"),
        "line": ("Zeile {value}", "line {value}"),
        "item": ("Eintrag {value}", "item {value}"),
        "column": ("Spalte {value!r}", "column {value!r}"),
        "key": ("Schlüssel {value!r}", "key {value!r}"),
        "hint": ("{message} (Hinweis: {hint})", "{message} (hint: {hint})"),
    },
)
