"""Form errors: what lipkit expected in a questionnaire (XLSForm, YAML), an org tree, a
study's waves and its report files. Each is a :class:`~lipkit.catalogue.Text` inside a
located :class:`~lipkit.study.errors.FormError`, rendered in the language of ``--lang``."""

from lipkit.catalogue.core import define

define(
    "xlsform",
    {
        "file_not_found": ("Datei nicht gefunden", "file not found"),
        "unreadable": ("kein lesbares XLSForm ({problem})", "not a readable XLSForm ({problem})"),
        "unreadable_hint": (
            "erwartet: .xlsx, .xls, .csv oder .md mit einem Blatt namens 'survey'",
            "expected .xlsx, .xls, .csv or .md with a sheet named 'survey'",
        ),
        "needs_name": (
            "eine Frage oder Gruppe braucht einen Namen",
            "a question or group needs a name",
        ),
        "invalid_name": (
            "ungültiger Name {name!r}; erwartet: Buchstaben, Ziffern, '_', '-' oder '.', "
            "beginnend mit einem Buchstaben oder '_'",
            "invalid name {name!r}; expected letters, digits, '_', '-' or '.', "
            "starting with a letter or '_'",
        ),
        "name_hint": (
            "den Namen mit einem Buchstaben beginnen, z. B. {example!r}",
            "begin the name with a letter, e.g. {example!r}",
        ),
        "name_used": (
            "der Name {name!r} ist schon in Zeile {row} vergeben",
            "name {name!r} is already used in row {row}",
        ),
        "no_type": ("die Zeile hat keinen Typ", "row has no type"),
        "unknown_type": (
            "unbekannter Fragetyp {type!r}; erwartet: ein XLSForm-Typ ({types}, geopoint, "
            "image, …)",
            "unknown question type {type!r}; expected an XLSForm type ({types}, geopoint, "
            "image, …)",
        ),
        "did_you_mean": ("meinten Sie {name!r}?", "did you mean {name!r}?"),
        "group_setting": (
            "{header} gilt für Fragen, nicht für Gruppen; bei jeder Frage setzen",
            "{header} applies to questions, not to groups; set it on each question",
        ),
        "end_without_begin": (
            "end_group ohne passendes begin_group",
            "end_group without a matching begin_group",
        ),
        "closes_kobo": (
            "{type} schließt die Kobo-Gruppe {name!r} aus Zeile {row}; erwartet: {expected}",
            "{type} closes the Kobo group {name!r} opened in row {row}; expected {expected}",
        ),
        "closes_other": (
            "{type} schließt {name!r}, geöffnet mit {opened} in Zeile {row}",
            "{type} closes {name!r}, opened with {opened} in row {row}",
        ),
        "kobo_list": (
            "begin_{kind} braucht eine Auswahlliste in {column} (Listen: {lists})",
            "begin_{kind} needs a choice list in {column} (lists: {lists})",
        ),
        "outside": ("{type} außerhalb von begin_{kind}", "{type} outside begin_{kind}"),
        "end_without": ("{type} ohne passenden Anfang", "{type} without a matching begin"),
        "needs_list": (
            "{command} braucht eine Auswahlliste: '{command} <list_name>'",
            "{command} needs a choice list: '{command} <list_name>'",
        ),
        "unknown_list": (
            "die Auswahlliste {name!r} steht nicht auf dem Blatt choices (Listen: {lists})",
            "choice list {name!r} is not on the choices sheet (lists: {lists})",
        ),
        "none": ("keine", "none"),
        "other_used": (
            "or_other fügt die Frage {name!r} hinzu, deren Name schon in Zeile {row} vergeben ist",
            "or_other adds the question {name!r}, whose name is already used in row {row}",
        ),
        "range_parameters": (
            "ungültige range-Parameter {parameters!r}; erwartet: start=… end=… step=…",
            "invalid range parameters {parameters!r}; expected start=… end=… step=…",
        ),
        "required": (
            "required {value!r}: lipkit kennt nur ja/nein (yes, true, 1 / no, false, 0, leer)",
            "required {value!r}: lipkit supports only yes/no (yes, true, 1 / no, false, 0, empty)",
        ),
        "invalid_scale": (
            "ungültige Skala {value!r}; erwartet eine von {allowed}",
            "invalid scale {value!r}; expected one of {allowed}",
        ),
        "scale_type": (
            "eine Skala muss eine select_one-Frage sein, nicht {type}",
            "a scale must be a select_one question, not {type}",
        ),
        "codes_type": (
            "{header} braucht eine Auswahlfrage, nicht {type}",
            "{header} needs a select question, not {type}",
        ),
        "not_a_choice": (
            "{value!r} ist keine Option der Liste {list!r} (Optionen: {choices})",
            "{value!r} is not a choice of list {list!r} (choices: {choices})",
        ),
        "org_level_name": (
            "ungültiger Name der Organisationsebene {value!r}; erwartet: Buchstaben, Ziffern "
            "und '_'",
            "invalid org level name {value!r}; expected letters, digits and '_'",
        ),
        "org_level_type": (
            "eine Frage vom Typ {type} kann keine Organisationsebene erfassen",
            "a {type} question cannot record an org level",
        ),
        "org_level_used": (
            "die Organisationsebene {value!r} erfasst schon die Frage in Zeile {row}",
            "org level {value!r} is already recorded by the question in row {row}",
        ),
        "never_closed": (
            "die Gruppe {name!r} wird nie geschlossen; erwartet: {end}",
            "group {name!r} is never closed; expected {end}",
        ),
        "end_group_row": ("eine Zeile end_group", "an end_group row"),
        "choice_no_list": ("die Option hat keinen list_name", "choice has no list_name"),
        "choice_no_name": (
            "eine Option der Liste {list!r} hat keinen Namen",
            "choice of list {list!r} has no name",
        ),
        "choice_twice": (
            "die Option {name!r} steht zweimal in der Liste {list!r} (zuerst in Zeile {row})",
            "choice {name!r} appears twice in list {list!r} (first in row {row})",
        ),
        "duplicates_hint": (
            "oder allow_choice_duplicates = yes auf dem Blatt settings setzen",
            "or set allow_choice_duplicates = yes on the settings sheet",
        ),
        "yes_no": (
            "ungültiger Wert {value!r}; erwartet: yes oder no",
            "invalid value {value!r}; expected yes or no",
        ),
        "unknown_column": (
            "unbekannte lipkit-Spalte; erwartet: {expected}",
            "unknown lipkit column; expected {expected}",
        ),
        "no_survey": (
            "kein Blatt namens 'survey' (Blätter: {sheets})",
            "no sheet named 'survey' (sheets: {sheets})",
        ),
        "no_type_column": ("keine Spalte 'type'", "no 'type' column"),
    },
)
