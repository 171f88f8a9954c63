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

define(
    "study",
    {
        "settings_mapping": (
            "erwartet: Einstellungen als Zuordnung (Schlüssel: Wert)",
            "expected a mapping of settings",
        ),
        "unknown_key": (
            "unbekannter Schlüssel; erwartet einer von {keys}",
            "unknown key; expected one of {keys}",
        ),
        "file_name": ("erwartet: ein Dateiname", "expected a file name"),
        "bad_setting": ("{problem} (gelesen: {value})", "{problem} (got {value})"),
        "folder_not_found": ("Studienordner nicht gefunden", "study folder not found"),
        "no_questionnaire": (
            "kein Fragebogen: erwartet {first} oder {second} im Ordner oder einen Eintrag "
            "'questionnaire' in {config}",
            "no questionnaire: expected {first} or {second} in the folder, or a "
            "'questionnaire' entry in {config}",
        ),
    },
)
