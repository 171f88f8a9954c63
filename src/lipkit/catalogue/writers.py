"""The writers of report files (HTML, Word) and response files: their fixed words."""

from lipkit.catalogue.core import define

define(
    "docx_style",
    {
        "note": ("Anmerkung", "Note"),
        "source": ("Quellenangabe", "Source"),
        "table_text": ("Tabellentext", "Table text"),
        "box": ("Empfehlungsbox", "Recommendation box"),
        "box_title": ("Empfehlungsbox Titel", "Recommendation box title"),
        "notice": ("Hinweis", "Notice"),
        "evidence": ("Grundlage", "Evidence"),
        "title_meta": ("Titelseite Angaben", "Title page details"),
    },
)

define(
    "docx",
    {
        "toc": (
            "Inhaltsverzeichnis: in Word mit F9 aktualisieren",
            "Table of contents: press F9 in Word to update",
        )
    },
)
define("quote", {"open": ("„", "“"), "close": ("“", "”")})
define("html", {"skip": ("Zum Inhalt springen", "Skip to content")})
# A response file written with labels: the sheet of labels and the suffix of a label column.
define(
    "responses",
    {"label_sheet": ("Beschriftungen", "Labels"), "label_suffix": (" (Beschriftung)", " (label)")},
)
