"""The report's figures and tables: kinds of figures, captions, notes, legends."""

from lipkit.catalogue.core import define

define(
    "figure_kind",
    {
        "stacked": ("Gestapeltes Balkendiagramm (100 %)", "Stacked bar chart (100%)"),
        "bars": ("Balkendiagramm", "Bar chart"),
        "cloud": ("Wortwolke", "Word cloud"),
        "words": ("Häufigste Begriffe (Befragte)", "Most frequent words (respondents)"),
    },
)

define(
    "exhibit",
    {
        "multiple": ("Mehrfachantworten möglich", "multiple answers possible"),
        "no_respondents": ("keine Befragten", "no respondents"),
        "word": ("Begriff", "Word"),
        "mentions": ("Befragte", "Respondents"),
        "too_few_texts": (
            "Zu „{title}“ liegen {n} offene Antworten vor; Begriffe werden erst ab {k} Antworten ausgewiesen.",
            "“{title}” has {n} open answers; words are shown from {k} answers.",
        ),
        "too_few": (
            "„{title}“: weniger als {k} Antworten, nicht ausgewiesen.",
            "“{title}”: fewer than {k} answers, not shown.",
        ),
        "withheld": (
            "„{title}“: nicht ausgewiesen, damit sich verborgene Angaben kleiner Gruppen nicht aus anderen Zahlen errechnen lassen.",
            "“{title}”: not shown, so that hidden answers of small groups cannot be worked out from other numbers.",
        ),
        "cloud_note": (
            "Begriffe, die mindestens {m} Befragte nennen; Größe nach Zahl der Befragten; ohne Füllwörter, Wortformen zusammengefasst.",
            "Words named by at least {m} respondents; size by number of respondents; without filler words, word forms merged.",
        ),
        "unit": ("Einheit", "Unit"),
        "name": ("Bezeichnung", "Name"),
        "respondents": ("Befragte", "Respondents"),
        "staff": ("Beschäftigte", "Staff"),
        "rate": ("Rücklaufquote", "Response rate"),
        "total": ("Gesamt", "Total"),
        "responses_caption": (
            "Beantwortungen der Onlineumfrage nach {level}",
            "Responses to the online survey by {level}",
        ),
        "zero": ("0", "0"),
        "shading_title": ("Schattierung", "Shading"),
        "n_items": ("n je Aussage {low}–{high}", "n per item {low}–{high}"),
        "hidden": ("nicht ausgewiesen", "not shown"),
        "hidden_small": ("n < {k}", "n < {k}"),
        "hidden_note": (
            "nicht ausgewiesen: Die Gruppe hat mindestens {k} Befragte, wird aber verborgen, weil sich sonst eine kleinere Gruppe (n < {k}) aus Gesamt und den übrigen Gruppen errechnen ließe.",
            "not shown: the group has at least {k} respondents but is hidden, because otherwise a smaller group (n < {k}) could be calculated from the total and the other groups.",
        ),
        "small_note": (
            "n < {k}: weniger als {k} Befragte; zum Schutz der Anonymität nicht ausgewiesen.",
            "n < {k}: fewer than {k} respondents; not shown to protect anonymity.",
        ),
        "share_group": ("Anteil an allen Befragten", "share of all respondents"),
        "share_answered": ("Anteil an den Antwortenden", "share of those who answered"),
        "share_valid": ("Anteil an den gültigen Antworten", "share of valid answers"),
        "base_figure": (
            "Anteile an den {n} Befragten, die die Frage beantwortet haben.",
            "Shares of the {n} respondents who answered the question.",
        ),
        "base_table_vs_figure": (
            "Basis: alle Befragten der Gruppe, auch wenn sie die Frage nicht beantwortet haben. Die Abbildung zur selben Frage bezieht die Anteile auf die Antwortenden und zeigt daher höhere Werte.",
            "Base: all respondents of the group, including those who did not answer the question. The figure for the same question gives shares of those who answered and so shows higher values.",
        ),
        "group": ("Gruppe", "Group"),
    },
)

# The legend of a shaded table.
define(
    "shading",
    {
        "low": ("unter {a} %", "below {a}%"),
        "middle": ("{a} bis unter {b} %", "{a}% to below {b}%"),
        "high": ("{b} % und mehr", "{b}% and more"),
    },
)

# The legend of an indicator's chart (controlling).
define(
    "chart",
    {
        "target_path": ("Zielpfad", "target path"),
        "target": ("Zielwert", "target"),
        "actual": ("Istwert", "actual"),
    },
)

# An org level's short form in a column head ("Dez. III"), by the level's label.
define(
    "level_name",
    {"department": ("Dezernat", "Department"), "division": ("Fachbereich", "Division")},
)
define("level_short", {"department": ("Dez.", "Dept."), "division": ("FB", "Div.")})
