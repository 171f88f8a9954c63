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
        "bad_breakdown": (
            "breakdowns: {name!r} ist keine select_one-Frage des Fragebogens (Typ: {kind}); "
            "erwartet werden die Namen der Einfachauswahl-Fragen, nach denen ausgewertet "
            "werden darf",
            "breakdowns: {name!r} is no select_one question of the questionnaire (type: "
            "{kind}); expected the names of the single-choice questions results may be "
            "broken down by",
        ),
        "folder_not_found": ("Studienordner nicht gefunden", "study folder not found"),
        "no_questionnaire": (
            "kein Fragebogen: erwartet {first} oder {second} im Ordner oder einen Eintrag "
            "'questionnaire' in {config}",
            "no questionnaire: expected {first} or {second} in the folder, or a "
            "'questionnaire' entry in {config}",
        ),
    },
)

# Why a question is carried through but not analysed (``lipkit validate``).
define(
    "not_analysed",
    {
        "metadata": ("Metadaten des Geräts, keine Frage", "device metadata, not a question"),
        "location": ("Ortsangabe (Geodaten)", "location (geodata)"),
        "media": ("Foto, Audio, Video oder Datei", "photo, audio, video or file"),
        "barcode": ("Barcode", "barcode"),
        "time": ("Uhrzeit oder Datum mit Uhrzeit", "time or date and time"),
        "acknowledge": ("Bestätigung ohne Antwortwert", "acknowledgement without an answer value"),
        "hidden": ("verborgenes Feld", "hidden field"),
        "external": ("Antwortliste aus einer externen Datei", "choices from an external file"),
        "repeat": (
            "in einer Wiederholungsgruppe (begin_repeat): mehrere Einträge je Person",
            "inside a repeat (begin_repeat): several entries per respondent",
        ),
        "other": ("dieser Fragetyp wird nicht ausgewertet", "this question type is not analysed"),
    },
)

# What ``lipkit validate`` reads in a questionnaire (study/conventions.describe_form).
define(
    "describe",
    {
        "scale_first": ("Skala, positives Ende zuerst", "scale, positive end first"),
        "scale_last": ("Skala, positives Ende zuletzt", "scale, positive end last"),
        "missing": ("fehlende Werte", "missing codes"),
        "exclusive": ("exklusiv", "exclusive"),
        "org_level": ("Organisationsebene", "org level"),
        "not_analysed": ("nicht ausgewertet", "not analysed"),
        "inferred": ("Erkannt", "Inferred"),
    },
)

# Languages: each one's own name, as an XLSForm header and the survey show it (the same in
# both catalogue languages), and its name in German and English (read in XLSForm headers).
define(
    "autonym",
    {
        "de": ("Deutsch", "Deutsch"),
        "en": ("English", "English"),
        "fr": ("Français", "Français"),
        "tr": ("Türkçe", "Türkçe"),
        "ar": ("العربية", "العربية"),
        "ru": ("Русский", "Русский"),
        "uk": ("Українська", "Українська"),
        "pl": ("Polski", "Polski"),
        "es": ("Español", "Español"),
        "it": ("Italiano", "Italiano"),
        "fa": ("فارسی", "فارسی"),
    },
)
define(
    "language",
    {
        "de": ("Deutsch", "German"),
        "en": ("Englisch", "English"),
        "fr": ("Französisch", "French"),
        "tr": ("Türkisch", "Turkish"),
        "ar": ("Arabisch", "Arabic"),
        "ru": ("Russisch", "Russian"),
        "uk": ("Ukrainisch", "Ukrainian"),
        "pl": ("Polnisch", "Polish"),
        "es": ("Spanisch", "Spanish"),
        "it": ("Italienisch", "Italian"),
        "fa": ("Persisch", "Persian"),
    },
)
