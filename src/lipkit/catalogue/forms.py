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
        "csv_not_a_form": (
            "kein Formular: in einem XLSForm als CSV nennt die erste Spalte die Blätter "
            "(survey, choices, settings), hier steht {first!r}",
            "not a form: in an XLSForm as CSV the first column names the sheets (survey, "
            "choices, settings), here it is {first!r}",
        ),
        "csv_not_a_form_hint": (
            "eine Antwortdatei? Erst den Fragebogen (oder den Studienordner), dann die Daten "
            "angeben: lipkit analyze FRAGEBOGEN DATEN",
            "a response file? Give the questionnaire (or the study folder) first, then the "
            "data: lipkit analyze QUESTIONNAIRE DATA",
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

define(
    "yaml",
    {
        "file_not_found": ("Datei nicht gefunden", "file not found"),
        "not_valid": ("kein gültiges YAML", "not valid YAML"),
        "invalid": ("{problem}: {detail}", "{problem}: {detail}"),
        "key_twice": (
            "der Schlüssel {key!r} steht zweimal (zuerst in Zeile {line})",
            "key {key!r} appears twice (first on line {line})",
        ),
        "expected_mapping": (
            "erwartet: eine Zuordnung, gelesen: {type}",
            "expected a mapping, got {type}",
        ),
        "unknown_key": (
            "unbekannter Schlüssel; erwartet einer von {keys}",
            "unknown key; expected one of {keys}",
        ),
        "choice_names": (
            "erwartet: eine Liste von Optionsnamen",
            "expected a list of choice names",
        ),
        "needs_name": ("jeder Eintrag braucht einen Namen", "every item needs a name"),
        "name_used": (
            "der Name {name!r} ist schon vergeben: {by}",
            "name {name!r} is already used by {by}",
        ),
        "by_line": ("Zeile {line}", "line {line}"),
        "another_item": ("ein anderer Eintrag", "another item"),
        "items": ("erwartet: eine Liste von Einträgen", "expected a list of items"),
        "list_twice": (
            "Liste zweimal angegeben (in type und list_name)",
            "list given twice (in type and list_name)",
        ),
        "unknown_type": (
            "unbekannter Fragetyp {type!r}; erwartet einer von {types}",
            "unknown question type {type!r}; expected one of {types}",
        ),
        "choices_mapping": (
            "erwartet: eine Zuordnung list_name -> Liste von Optionen",
            "expected a mapping list_name -> list of choices",
        ),
        "choices_list": ("erwartet: eine Liste von Optionen", "expected a list of choices"),
        "choice_name": ("jede Option braucht einen Namen", "every choice needs a name"),
        "choice_twice": (
            "die Option {name!r} steht zweimal in der Liste {list!r}",
            "choice {name!r} appears twice in list {list!r}",
        ),
        "unknown_list": (
            "die Auswahlliste {name!r} steht nicht unter choices (Listen: {lists})",
            "choice list {name!r} is not under choices (lists: {lists})",
        ),
        "not_a_choice": (
            "{value!r} ist keine Option der Liste {list!r}",
            "{value!r} is not a choice of list {list!r}",
        ),
        "languages": (
            "erwartet: eine Liste von Sprachcodes",
            "expected a list of language codes",
        ),
    },
)

define(
    "org",
    {
        "staff": (
            "Mitarbeitende {value!r} ist keine ganze Zahl >= 0",
            "staff {value!r} is not a whole number >= 0",
        ),
        "not_utf8": ("kein UTF-8-Text ({reason})", "not UTF-8 text ({reason})"),
        "empty": (
            "leere Datei; erwartet: eine Kopfzeile level,code,name,parent,staff",
            "empty file; expected a header row level,code,name,parent,staff",
        ),
        "unknown_column": (
            "unbekannte Spalte; erwartet: {columns} und optional name::<Sprache>, {label}, "
            "{label}::<Sprache>",
            "unknown column; expected {columns} and optionally name::<language>, {label}, "
            "{label}::<language>",
        ),
        "no_column": ("keine Spalte {name!r}", "no column {name!r}"),
        "no_level": ("keine Ebene", "no level"),
        "no_code": ("kein Code", "no code"),
        "levels_units": (
            "erwartet: eine Zuordnung mit 'levels' und 'units'",
            "expected a mapping with 'levels' and 'units'",
        ),
        "unknown_top_key": (
            "unbekannter Schlüssel; erwartet: levels, units",
            "unknown key; expected levels, units",
        ),
        "unit_mapping": (
            "erwartet: eine Zuordnung mit level, code, name, parent, staff",
            "expected a mapping with level, code, name, parent, staff",
        ),
        "unknown_unit_key": (
            "unbekannter Schlüssel; erwartet: {columns} oder name::<Sprache>",
            "unknown key; expected {columns} or name::<language>",
        ),
        "level_twice": ("eine Ebene steht zweimal in der Liste", "a level is listed twice"),
        "expected_list": ("erwartet: eine Liste", "expected a list"),
        "level_node": (
            "erwartet: ein Ebenenname oder eine Zuordnung mit name, label, question",
            "expected a level name or a mapping with name, label, question",
        ),
        "derive_twice": (
            "das Organigramm lässt sich nicht ableiten: die Fragen {first!r} und {name!r} "
            "erfassen beide die Organisationsebene {level!r}",
            "cannot derive the org tree: questions {first!r} and {name!r} both record org "
            "level {level!r}",
        ),
        "derive_type": (
            "das Organigramm lässt sich nicht ableiten: die Frage {name!r} (Organisationsebene "
            "{level!r}) ist {type}, nicht select_one; stattdessen eine Organigramm-Datei angeben",
            "cannot derive the org tree: question {name!r} (org level {level!r}) is {type}, "
            "not select_one; give an org tree file instead",
        ),
        "derive_no_top": (
            "keine: jede Organisationsfrage filtert nach einer anderen",
            "none: every org question filters by another one",
        ),
        "derive_tops": (
            "das Organigramm lässt sich nicht ableiten: erwartet genau eine oberste "
            "Organisationsfrage (kein choice_filter der Form Spalte=${{question}}, der eine "
            "andere Organisationsfrage nennt); gefunden: {found}",
            "cannot derive the org tree: expected exactly one top-level org question (no "
            "choice_filter of the form column=${{question}} naming another org question); "
            "found {found}",
        ),
        "derive_chain": (
            "das Organigramm lässt sich nicht ableiten: die Fragen {names} filtern alle nach "
            "{parent!r}; die Organisationsebenen müssen eine Kette bilden",
            "cannot derive the org tree: questions {names} all filter by {parent!r}; the org "
            "levels must form one chain",
        ),
        "derive_unlinked": (
            "das Organigramm lässt sich nicht ableiten: die Fragen {names} sind nicht durch "
            "ihren choice_filter mit der Kette {chain} verbunden",
            "cannot derive the org tree: questions {names} are not linked to the chain "
            "{chain} by their choice_filter",
        ),
        "derive_no_parent": (
            "Frage {name!r}, Option {choice!r}: kein Wert in der Filterspalte {column!r}; "
            "erwartet: der Code ihrer Einheit der Ebene {level} (eine Option der Frage "
            "{parent!r})",
            "question {name!r}, choice {choice!r}: no value in filter column {column!r}; "
            "expected the code of its {level} (a choice of question {parent!r})",
        ),
        "derive_bad_parent": (
            "Frage {name!r}, Option {choice!r}: {column}={value!r} ist keine Option der Frage "
            "{parent!r}",
            "question {name!r}, choice {choice!r}: {column}={value!r} is not a choice of "
            "question {parent!r}",
        ),
        "unknown_level": (
            "die Frage {name!r} erfasst die Organisationsebene {level!r}, die das Organigramm "
            "nicht hat (Ebenen: {levels})",
            "question {name!r} records org level {level!r}, which the org tree does not have "
            "(levels: {levels})",
        ),
        "level_name": (
            "ungültiger Ebenenname {name!r}; erwartet: Buchstaben, Ziffern und '_'",
            "invalid level name {name!r}; expected letters, digits and '_'",
        ),
    },
)

define(
    "waves",
    {
        "list": (
            "erwartet: eine Liste von Wellen (label, path)",
            "expected a list of waves (label, path)",
        ),
        "entry": (
            "Welle {i}: erwartet 'label' und 'path'",
            "wave {i}: expected 'label' and 'path'",
        ),
        "folder": (
            "Welle {label}: Studienordner {path} nicht gefunden",
            "wave {label}: study folder {path} not found",
        ),
        "itself_twice": (
            "Welle {i}: der Ordner selbst (path '.') ist zweimal genannt",
            "wave {i}: the folder itself (path '.') is listed twice",
        ),
        "itself_label": (
            "Welle {i}: der Ordner selbst (path '.') heißt {label!r}; erwartet: sein eigenes Label 'wave: {own}'",
            "wave {i}: the folder itself (path '.') is labelled {label!r}, expected its own label 'wave: {own}'",
        ),
        "label_twice": (
            "Wellen-Label {label!r} zweimal vergeben; erwartet: ein Label je Welle",
            "wave label {label!r} used twice; expected one label per wave",
        ),
        "unknown_column": (
            "unbekannte Spalte; erwartet: {columns}",
            "unknown column; expected {columns}",
        ),
        "missing_column": ("Spalte {name!r} fehlt", "column {name!r} missing"),
        "recode": (
            "{part!r}: erwartet: früher=jetzt (z. B. eher_ja=eher; ja=voll)",
            "{part!r}: expected earlier=current (e.g. eher_ja=eher; ja=voll)",
        ),
        "mapped_twice": (
            "die Frage {name!r} ist schon in Zeile {row} zugeordnet",
            "question {name!r} already mapped in row {row}",
        ),
        "comparable": (
            "{value!r}: erwartet: ja oder nein",
            "{value!r}: expected ja or nein",
        ),
        "unknown_current": (
            "unbekannte Frage {name!r} in der aktuellen Welle",
            "unknown question {name!r} in the current wave",
        ),
        "unknown_earlier": (
            "unbekannte Frage {name!r} in der früheren Welle",
            "unknown question {name!r} in the earlier wave",
        ),
        "types": (
            "{old!r} ({old_type}) und {name!r} ({new_type}): erwartet: zwei select_one- "
            "oder zwei select_multiple-Fragen",
            "{old!r} ({old_type}) and {name!r} ({new_type}): expected two select_one "
            "or two select_multiple questions",
        ),
        "no_earlier_option": (
            "{value!r}: keine Option von {name!r} in der früheren Welle",
            "{value!r}: no option of {name!r} in the earlier wave",
        ),
        "no_current_option": (
            "{value!r}: keine Option von {name!r} in der aktuellen Welle",
            "{value!r}: no option of {name!r} in the current wave",
        ),
        "unmapped": (
            "die Optionen {options} von {old!r} haben keine Entsprechung in {name!r}; "
            "erwartet: eine Umkodierung für jede (früher=jetzt)",
            "options {options} of {old!r} have no counterpart in {name!r}; expected a "
            "recode for each (earlier=current)",
        ),
        "unknown_earlier_unit": (
            "unbekannte Einheit {value!r} im Organigramm der früheren Welle",
            "unknown unit {value!r} in the earlier wave's org tree",
        ),
        "unknown_current_unit": (
            "unbekannte Einheit {value!r} im Organigramm der aktuellen Welle",
            "unknown unit {value!r} in the current wave's org tree",
        ),
    },
)

# The team's report files: report.yaml, recommendations.yaml, chapters, interview notes.
define(
    "sources",
    {
        "not_utf8": (
            "kein UTF-8-Text (Byte {byte}); die Datei als UTF-8 speichern",
            "not UTF-8 text (byte {byte}); save the file as UTF-8",
        ),
        "texts": (
            "erwartet: ein Text oder eine Zuordnung Sprache -> Text (z. B. {{de: …, en: …}})",
            "expected a text or a mapping language -> text (e.g. {{de: …, en: …}})",
        ),
        "no_paragraph": (
            "Interview {id} hat keinen Absatz {number}; es hat {n} (1–{n})",
            "interview {id} has no paragraph {number}; it has {n} (1–{n})",
        ),
        "no_code": (
            "kein Absatz von Interview {id} ist mit #{wanted} kodiert (seine Codes: {codes})",
            "no paragraph of interview {id} is coded #{wanted} (its codes: {codes})",
        ),
        "no_front_matter": (
            "Interviewnotizen müssen mit einem Vorspann beginnen: eine Zeile '---', id: …, "
            "role: … und eine weitere Zeile '---'",
            "interview notes must start with a front matter: a line '---', id: …, role: …, "
            "and another line '---'",
        ),
        "front_matter_open": (
            "der Vorspann ist nicht geschlossen: nach seinem letzten Schlüssel eine Zeile "
            "'---' einfügen",
            "the front matter is not closed: add a line '---' after its last key",
        ),
        "front_matter_yaml": (
            "der Vorspann ist kein gültiges YAML",
            "front matter is not valid YAML",
        ),
        "front_matter_lines": (
            "der Vorspann muss aus Zeilen 'Schlüssel: Wert' bestehen (id, role, …)",
            "the front matter must be lines 'key: value' (id, role, …)",
        ),
        "unknown_key": (
            "unbekannter Schlüssel; erwartet einer von {keys}",
            "unknown key; expected one of {keys}",
        ),
        "quote_text": (
            "erwartet: ein Text, gelesen: {value!r}; in Anführungszeichen setzen",
            "expected a text, got {value!r}; put it in quotes",
        ),
        "needs_key": (
            "der Vorspann braucht {key!r} (z. B. {key}: {example})",
            "the front matter needs {key!r} (e.g. {key}: {example})",
        ),
        "interview_id": (
            "die Interview-ID {id!r} darf nur Buchstaben, Ziffern, '_', '-' und '.' enthalten "
            "(und muss mit einem Buchstaben oder einer Ziffer beginnen)",
            "interview id {id!r} may use only letters, digits, '_', '-' and '.' "
            "(and must start with a letter or digit)",
        ),
        "no_paragraphs": (
            "Interview {id} hat nach seinem Vorspann keine Absätze",
            "interview {id} has no paragraphs after its front matter",
        ),
        "interview_folder": (
            "erwartet: ein Ordner mit Interviewnotizen (*.md)",
            "expected a folder of interview notes (*.md)",
        ),
        "interview_twice": (
            "die Interview-ID {id!r} verwendet auch {other}",
            "interview id {id!r} is also used by {other}",
        ),
        "mapping_with": ("erwartet: eine Zuordnung mit {keys}", "expected a mapping with {keys}"),
        "needs_title": (
            "jede Empfehlung braucht einen Titel",
            "every recommendation needs a title",
        ),
        "evidence_list": (
            "erwartet: eine Liste von IDs, z. B. [faktoren, Interview_FBL_07#controlling]",
            "expected a list of ids, e.g. [faktoren, Interview_FBL_07#controlling]",
        ),
        "evidence_id": (
            "erwartet: die ID einer Abbildung, Tabelle oder eines Zitats, gelesen: {value!r}",
            "expected an id of a figure, table or quote, got {value!r}",
        ),
        "recommendations": (
            "erwartet: eine Liste von Empfehlungen, jede beginnend mit '- title: …'",
            "expected a list of recommendations, each starting with '- title: …'",
        ),
        "settings_lines": (
            "erwartet: Zeilen 'Schlüssel: Wert' ({keys})",
            "expected lines 'key: value' ({keys})",
        ),
        "shading": (
            "erwartet: zwei steigende Prozentwerte zwischen 0 und 100, z. B. [20, 40]; "
            "gelesen: {value!r}",
            "expected two increasing percentages between 0 and 100, e.g. [20, 40]; got {value!r}",
        ),
        "file_suffix": (
            "erwartet: ein Dateiname mit der Endung {suffixes}",
            "expected a file name ending in {suffixes}",
        ),
        "file_missing": (
            "die Datei {value!r} fehlt im Studienordner",
            "file {value!r} not found in the study folder",
        ),
        "colour": (
            'colours → {key}: erwartet: Farben wie "#1f4e79", gelesen: {value!r}',
            'colours → {key}: expected colours like "#1f4e79", got {value!r}',
        ),
        "shading_colours": (
            "colours → shading: erwartet: drei Farben (niedrig, mittel, hoch)",
            "colours → shading: expected three colours (low, middle, high)",
        ),
        "glossary": (
            "erwartet: eine Zuordnung Name -> {{de: …, en: …}}",
            "expected a mapping name -> {{de: …, en: …}}",
        ),
        "chapter_name": (
            "der deutsche Text eines Kapitels heißt {name}.md, nicht {file}: die Datei umbenennen",
            "the German text of a chapter is {name}.md, not {file}: rename the file",
        ),
        "orphan": (
            "eine Übersetzung des Kapitels {name}.md, das es nicht gibt; {name}.md (den "
            "deutschen Text) hinzufügen oder diese Datei umbenennen",
            "a translation of the chapter {name}.md, which does not exist; add {name}.md "
            "(the German text) or rename this file",
        ),
    },
)

# The format registries: which file a reader or writer takes.
define(
    "formats",
    {
        "unsupported": (
            "nicht unterstütztes {what} {suffix!r}; erwartet: {expected}",
            "unsupported {what} {suffix!r}; expected {expected}",
        ),
        "no_suffix": ("(keine Endung)", "(no suffix)"),
        "either": ("{first} oder {last}", "{first} or {last}"),
        "questionnaire": ("Fragebogenformat", "questionnaire format"),
        "org_tree": ("Organigrammformat", "org tree format"),
        "file_type": ("Dateiformat", "file type"),
        "xlsx_only": (
            "lipkit schreibt ein XLSForm als .xlsx (es liest auch .xls, .csv und .md)",
            "lipkit writes an XLSForm as .xlsx (it reads .xls, .csv and .md as well)",
        ),
    },
)
