"""Controlling of the integration plan: status words, the status table, plan file errors and
``lipkit plan check`` findings."""

from lipkit.catalogue.core import define

# The status of a goal or indicator (``Status.label``).
define(
    "plan_status",
    {
        "erreicht": ("erreicht", "achieved"),
        "im_plan": ("im Plan", "on track"),
        "gefaehrdet": ("gefährdet", "at risk"),
        "nicht_im_plan": ("nicht im Plan", "off track"),
        "keine_daten": ("keine aktuellen Daten", "no current data"),
        "ohne_bewertung": ("ohne Bewertung", "not rated"),
    },
)

# The levels of the plan's tree, top first (``plan_level.1`` … ``plan_level.4``).
define(
    "plan_level",
    {
        "1": ("Handlungsfeld", "field of action"),
        "2": ("Leitziel", "strategic goal"),
        "3": ("Ziel", "goal"),
        "4": ("Indikator", "indicator"),
    },
)

define(
    "plan_kind",
    {"monitoring": ("Monitoring", "monitoring"), "controlling": ("Controlling", "controlling")},
)

# The columns of ``lipkit plan status`` as CSV and JSON.
define(
    "plan_column",
    {
        "level": ("ebene", "level"),
        "id": ("id", "id"),
        "title": ("titel", "title"),
        "status": ("status", "status"),
        "symbol": ("symbol", "symbol"),
        "counts": ("verteilung", "counts"),
        "kind": ("art", "kind"),
        "baseline": ("ausgangswert", "baseline"),
        "actual": ("istwert", "actual"),
        "as_of": ("stand", "as_of"),
        "expected": ("erwartet", "expected"),
        "target": ("zielwert", "target"),
        "target_date": ("zieldatum", "target_date"),
        "progress": ("fortschritt", "progress"),
    },
)

# The words of the status tree as text (``lipkit plan status``).
define(
    "plan_text",
    {
        "as_of": ("Stand: {date}", "As of: {date}"),
        "actual": ("Ist {value} ({date})", "actual {value} ({date})"),
        "last_actual": ("letzter Istwert {value} ({date})", "last actual {value} ({date})"),
        "expected": ("erwartet {value}", "expected {value}"),
        "target": ("Ziel {value} bis {date}", "target {value} by {date}"),
        "no_gaps": ("Keine Lücken gefunden.", "No gaps found."),
        "no_plan": (
            "{path}: kein Integrationsplan (plan/plan.yaml fehlt)",
            "{path}: no integration plan (plan/plan.yaml is missing)",
        ),
        "org_ref": (
            "--format iati: --org-ref fehlt (die IATI-Kennung der Stadt, z. B. DE-…)",
            "--format iati: --org-ref is missing (the city's IATI identifier, e.g. DE-…)",
        ),
        "bad_date": (
            "--date {value!r}: erwartet ein Datum JJJJ-MM-TT",
            "--date {value!r}: expected a date YYYY-MM-DD",
        ),
    },
)

# A problem in a plan file: where, the value found, what was expected.
define(
    "plan_issue",
    {
        "line": (", Zeile {line}", ", line {line}"),
        "field": (", Feld {field!r}", ", field {field!r}"),
        "value": ("Wert {value!r}: ", "value {value!r}: "),
        "expected": ("{where}: {got}erwartet {expected}", "{where}: {got}expected {expected}"),
        "sheet": ("{file}, Blatt {sheet}", "{file}, sheet {sheet}"),
        "error": ("Fehler", "Error"),
        "warning": ("Warnung", "Warning"),
        "finding": ("{severity}: {subject}: {text}", "{severity}: {subject}: {text}"),
    },
)

define(
    "plan_expected",
    {
        "mapping": ("eine Zuordnung (Schlüssel: Wert)", "a mapping (key: value)"),
        "key": ("einen dieser Schlüssel: {keys}", "one of these keys: {keys}"),
        "text_required": ("einen Text (Pflichtangabe)", "a text (required)"),
        "text": ("einen Text", "a text"),
        "texts": ("eine Liste von Texten", "a list of texts"),
        "value": ("einen dieser Werte: {values}", "one of these values: {values}"),
        "date": ("ein Datum JJJJ-MM-TT", "a date YYYY-MM-DD"),
        "date_required": ("ein Datum JJJJ-MM-TT (Pflichtangabe)", "a date YYYY-MM-DD (required)"),
        "number": ("eine Zahl", "a number"),
        "list": ("eine Liste", "a list"),
        "key_once": (
            "jeden Schlüssel nur einmal (schon in Zeile {line})",
            "each key only once (already on line {line})",
        ),
        "file": ("die Datei (nicht gefunden)", "the file (not found)"),
        "import_file": ("eine Datei (import.file)", "a file (import.file)"),
        "column": ("die Spalte {column!r}", "the column {column!r}"),
        "question_options": (
            "Optionen der Frage {question}: {options}",
            "options of the question {question}: {options}",
        ),
        "yaml": ("gültiges YAML ({problem})", "valid YAML ({problem})"),
        "thresholds": ("0 < at_risk < on_track", "0 < at_risk < on_track"),
        "true_false": ("true oder false", "true or false"),
        "one_source": (
            "höchstens eine Quelle: survey, ratio oder import",
            "at most one source: survey, ratio or import",
        ),
        "options": (
            "die Optionen, deren Anteil der Indikator ist",
            "the options whose share the indicator is",
        ),
        "wave_or_waves": (
            "entweder wave (eine Welle) oder waves (mehrere)",
            "either wave (one wave) or waves (several)",
        ),
        "unique_id": (
            "eine eindeutige id (schon vergeben in {where})",
            "a unique id (already used in {where})",
        ),
        "goal_id": ("die id eines Ziels", "the id of a goal"),
        "goal_or_measure": (
            "genau eines von goal (Ziel) oder measure (Maßnahme)",
            "exactly one of goal or measure",
        ),
        "measure_id": ("die id einer Maßnahme", "the id of a measure"),
        "wave_id": ("die id einer Welle (waves)", "the id of a wave (waves)"),
        "wave_id_or_all": (
            "die id einer Welle (waves) oder alle",
            "the id of a wave (waves) or alle",
        ),
        "indicator_id": ("die id eines Indikators", "the id of an indicator"),
        "columns": ("die Spalten {columns}", "the columns {columns}"),
        "plan_indicator": (
            "die id eines Indikators aus plan.yaml",
            "the id of an indicator of plan.yaml",
        ),
        "kind": ("baseline, target oder actual", "baseline, target or actual"),
        "decimal": ("eine Zahl (Dezimalpunkt oder -komma)", "a number (decimal point or comma)"),
        "computed": (
            "keinen Istwert von Hand: {id} wird berechnet ({source})",
            "no actual value by hand: {id} is computed ({source})",
        ),
        "sheet": ("ein Blatt {name!r}", "a sheet {name!r}"),
        "goal_level": (
            "level Leitziel (parent: ein Handlungsfeld) oder Ziel (parent: ein Leitziel)",
            "level Leitziel (parent: a field of action) or Ziel (parent: a Leitziel)",
        ),
    },
)

define(
    "plan_source",
    {
        "survey": ("Befragung", "survey"),
        "ratio": ("Verhältnis", "ratio"),
        "import": ("Import", "import"),
    },
)

# ``lipkit plan check``: the gaps that make a plan unsteerable.
define(
    "plan_check",
    {
        "goal_indicator": ("Ziel ohne Indikator", "goal without an indicator"),
        "baseline": ("Indikator ohne Ausgangswert", "indicator without a baseline"),
        "target": ("Indikator ohne Zielwert", "indicator without a target"),
        "source": ("Indikator ohne Quelle", "indicator without a source"),
        "frequency": (
            "Indikator ohne Berichtsrhythmus (frequency)",
            "indicator without a reporting frequency",
        ),
        "responsible": (
            "Indikator ohne verantwortliche Stelle",
            "indicator without a responsible unit",
        ),
        "responsible_unknown": (
            "verantwortliche Stelle {unit!r} nicht im Organigramm",
            "responsible unit {unit!r} not in the org tree",
        ),
        "target_value": (
            "Zielwert {value!r} zum {date} {problem}",
            "target {value!r} for {date} {problem}",
        ),
        "owner": ("Maßnahme ohne verantwortliche Stelle", "measure without an owner"),
        "owner_unknown": (
            "verantwortliche Stelle {unit!r} nicht im Organigramm",
            "owner {unit!r} not in the org tree",
        ),
        "measure_goal": ("Maßnahme ohne Ziel", "measure without a goal"),
        "reason": ("eingestellte Maßnahme ohne Grund", "stopped measure without a reason"),
        "end": ("Ende vor Beginn", "end before start"),
        "qualitative": (
            "ist mit einem qualitativen Indikator nicht messbar",
            "cannot be measured by a qualitative indicator",
        ),
        "missing": ("fehlt", "is missing"),
        "percent": ("liegt nicht zwischen 0 und 100 %", "is not between 0 and 100%"),
        "count": ("ist keine Anzahl (ganze Zahl ≥ 0)", "is not a count (whole number ≥ 0)"),
        "negative": ("ist negativ", "is negative"),
    },
)

# The controlling part of the report (report/controlling.py).
define(
    "report_plan",
    {
        "part": ("Controlling des Integrationsplans", "Controlling of the integration plan"),
        "intro": (
            "Stand zum {date}. Der Status eines Indikators folgt einer festen Regel: erwartet wird der Wert auf der Geraden vom Ausgangswert zum nächsten Zielwert; Fortschritt = (Istwert − Ausgangswert) / (erwarteter Wert − Ausgangswert). Im Plan ab {on_track}, gefährdet ab {at_risk}, darunter nicht im Plan; keine aktuellen Daten, wenn es keinen Istwert gibt oder der neueste älter als ein Berichtszeitraum ist. Ein Ziel trägt den schlechtesten Status seiner Indikatoren.",
            "As of {date}. An indicator's status follows a fixed rule: the expected value lies on the straight line from the baseline to the next target; progress = (actual − baseline) / (expected − baseline). On track from {on_track}, at risk from {at_risk}, below that off track; no current data when there is no actual value or the newest is older than one reporting period. A goal carries the worst status of its indicators.",
        ),
        "overview": ("Überblick", "Overview"),
        "overview_caption": (
            "Status der Handlungsfelder und Ziele zum {date}",
            "Status of the fields of action and goals on {date}",
        ),
        "header.1": ("Ebene", "Level"),
        "header.2": ("Titel", "Title"),
        "header.3": ("Status", "Status"),
        "header.4": ("Indikatoren", "Indicators"),
        "header.5": ("Empfehlungen, Fragen", "Recommendations, questions"),
        "levels.1": ("Handlungsfeld", "Field of action"),
        "levels.2": ("Leitziel", "Strategic goal"),
        "levels.3": ("Ziel", "Goal"),
        "monitoring": ("Monitoring-Indikatoren", "Monitoring indicators"),
        "monitoring_intro": (
            "Zustände der Stadt, die die Verwaltung nicht allein steuert.",
            "States of the city the administration does not steer alone.",
        ),
        "controlling": ("Controlling-Indikatoren", "Controlling indicators"),
        "controlling_intro": ("Was die Maßnahmen leisten.", "What the measures deliver."),
        "measures": ("Maßnahmen nach Zuständigkeit", "Measures by owner"),
        "measures_caption": ("Maßnahmen nach zuständiger Stelle", "Measures by responsible unit"),
        "measures_header.1": ("Stelle", "Unit"),
        "measures_header.2": ("Maßnahme", "Measure"),
        "measures_header.3": ("Status", "Status"),
        "measures_header.4": ("letzter Bericht", "Last report"),
        "changes": ("Veränderungen seit dem {date}", "Changes since {date}"),
        "changes_caption": (
            "Indikatoren, deren Status sich seit dem {date} geändert hat",
            "Indicators whose status changed since {date}",
        ),
        "changes_header.1": ("Indikator", "Indicator"),
        "changes_header.2": ("Status am {before}", "Status on {before}"),
        "changes_header.3": ("Status am {after}", "Status on {after}"),
        "no_changes": (
            "Seit dem {date} hat sich kein Status geändert.",
            "No status has changed since {date}.",
        ),
        "caption": ("{title} ({kind}, {status})", "{title} ({kind}, {status})"),
        "alt": (
            "Liniendiagramm: {title}. Ausgangswert {baseline} ({bdate}); Zielwerte {targets}; Istwerte {actuals}. Status: {status}.",
            "Line chart: {title}. Baseline {baseline} ({bdate}); targets {targets}; actual values {actuals}. Status: {status}.",
        ),
        "none": ("keine", "none"),
        "note": (
            "Quelle: {source}. Definition: {definition}",
            "Source: {source}. Definition: {definition}",
        ),
        "survey": (
            "Berechnet aus der Befragung ({wave}) unter der Mindestgruppengröße k = {k}.",
            "Computed from the survey ({wave}) under the minimum group size k = {k}.",
        ),
        "responsible": ("Verantwortlich: {who}.", "Responsible: {who}."),
        "suppressed": (
            "Ein Befragungswert ist nicht ausgewiesen (n < k).",
            "A survey value is not shown (n < k).",
        ),
        "not_comparable": (
            "Der Befragungswert zum {date} fehlt, die Frage ist nicht vergleichbar: {reason}.",
            "The survey value of {date} is missing, the question is not comparable: {reason}.",
        ),
        "summary_caption": (
            "{section} nach Handlungsfeld und Status zum {date}",
            "{section} by field of action and status on {date}",
        ),
        "field": ("Handlungsfeld", "Field of action"),
        "count": ("Indikatoren", "Indicators"),
        "total": ("Insgesamt", "Total"),
        "no_field": ("ohne Handlungsfeld", "no field of action"),
        "charts_chosen": (
            "Von den {total} {section} sind {behind} nicht im Plan, ohne aktuelle Daten oder gefährdet. Die Abbildungen zeigen die {shown}, die am weitesten zurückliegen: zuerst nicht im Plan, dann keine aktuellen Daten, dann gefährdet, jeweils mit dem geringsten Fortschritt zuerst. Die Tabellen danach nennen alle {behind} mit Status, Istwert, erwartetem Wert und nächstem Ziel, eine je Handlungsfeld; die übrigen sind in der Tabelle oben nach Status gezählt.",
            "Of the {total} {section}, {behind} are off track, without current data or at risk. The charts show the {shown} furthest behind: off track first, then no current data, then at risk, each with the least progress first. The tables that follow list all {behind} with status, actual value, expected value and next target, one per field of action; the others are counted by status in the table above.",
        ),
        "charts_none": (
            "Keiner der {total} {section} ist nicht im Plan, ohne aktuelle Daten oder gefährdet; die Tabelle oben zählt sie nach Status.",
            "None of the {total} {section} is off track, without current data or at risk; the table above counts them by status.",
        ),
        "list_caption": (
            "{section} hinter dem Plan im Handlungsfeld „{field}“ zum {date}",
            "{section} behind the plan in the field of action “{field}” on {date}",
        ),
        "changes_large": (
            "Seit dem {date} hat sich der Status von {changed} Indikatoren geändert: {better} haben sich verbessert; die Tabelle nennt die übrigen {worse}, die sich verschlechtert haben oder von oder zu „ohne Bewertung“ gewechselt sind.",
            "Since {date} the status of {changed} indicators has changed: {better} improved; the table lists the other {worse}, which got worse or changed to or from “not rated”.",
        ),
        "changes_worse_caption": (
            "Indikatoren, deren Status sich seit dem {date} geändert, aber nicht verbessert hat",
            "Indicators whose status changed since {date} without improving",
        ),
        "list_header.1": ("Indikator", "Indicator"),
        "list_header.2": ("Status", "Status"),
        "list_header.3": ("Istwert (Stand)", "Actual value (as of)"),
        "list_header.4": ("erwartet", "Expected"),
        "list_header.5": ("nächstes Ziel", "Next target"),
        "from_question": ("Berechnet aus der Frage „", "Computed from the question “"),
        "see_figure": (
            "“ (siehe ihre Abbildung im Auswertungsteil).",
            "” (see its figure in the evaluation part).",
        ),
    },
)

# A measure's state in the report (MeasureStatus values).
define(
    "measure_status",
    {
        "geplant": ("geplant", "planned"),
        "in_umsetzung": ("in Umsetzung", "in progress"),
        "umgesetzt": ("umgesetzt", "done"),
        "regelbetrieb": ("in den Regelbetrieb übergegangen", "part of regular operations"),
        "eingestellt": ("eingestellt", "stopped"),
    },
)

# The IATI export's own texts (``lipkit plan export --format iati``).
define(
    "iati",
    {
        "description": (
            "Ergebnisrahmen des Integrationsplans: Ziele und Maßnahmen mit ihren "
            "Indikatoren, Ausgangs-, Ziel- und Istwerten.",
            "Results framework of the integration plan: goals and measures with "
            "their indicators, baselines, targets and actual values.",
        ),
        "definition": ("Definition", "Definition"),
        "method": ("Methode", "Method"),
        "source": ("Quelle", "Source"),
        "cumulative": (
            "Kumulativ: der Istwert ist der Stand am Ende der Periode "
            "(Ausgangswert plus die Werte aller Perioden bis dahin).",
            "Cumulative: the actual value is the level at the end of the period "
            "(the baseline plus the values of all periods up to then).",
        ),
        "suppressed": (
            "Nicht ausgewiesen: weniger Antworten als die Mindestgruppengröße.",
            "Not shown: fewer answers than the minimum group size.",
        ),
    },
)

# An indicator's chart: its legend and the chart in words (alt text).
define(
    "plan_chart",
    {
        "path": ("Zielpfad", "target path"),
        "target": ("Zielwert", "target"),
        "actual": ("Istwert", "actual"),
        "alt": (
            "Liniendiagramm: {title}. Ausgangswert {baseline} ({bdate}); Zielwerte {targets};"
            " Istwerte {actuals}. Status: {status}.",
            "Line chart: {title}. Baseline {baseline} ({bdate}); targets {targets}; "
            "actual values {actuals}. Status: {status}.",
        ),
        "none": ("keine", "none"),
        "alt_statements": (
            "Zeitleiste: {title}. Sachstand: {statements}. Status: {status}.",
            "Timeline: {title}. Reported: {statements}. Status: {status}.",
        ),
        "statement": ("Sachstand", "reported"),
    },
)

# Survey sources of a plan's indicators: the wave a plan names.
define(
    "plan_source",
    {
        "earlier_wave": (
            "eine frühere Welle der Studie ({labels})",
            "an earlier wave of the study ({labels})",
        ),
        "no_earlier_wave": (
            "eine frühere Welle der Studie (die Studie hat keine)",
            "an earlier wave of the study (the study has none)",
        ),
    },
)

# A value's source and comment as lipkit stores them (codes, lipkit.controlling.value_text).
define(
    "plan_value",
    {
        "survey": ("Befragung {wave}: {question}", "Survey {wave}: {question}"),
        "report": ("Bericht {period}", "Report {period}"),
        "suppressed": ("n < k, nicht ausgewiesen", "n < k, not shown"),
    },
)
