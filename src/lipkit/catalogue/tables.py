"""The words of result tables, shared by the CLI's text tables, the report's exhibits and the
survey's result pages (``group("table", language)``, ``group("base", language)``)."""

from lipkit.catalogue.core import define

define(
    "base",
    {
        "answered": (
            "Basis: Befragte, denen die Frage gezeigt wurde und die geantwortet haben "
            "(inkl. k. A.)",
            "Base: respondents shown the question who answered (incl. no answer)",
        ),
        "valid": (
            "Basis: gültige Antworten (ohne k. A.)",
            "Base: valid answers (excluding no answer)",
        ),
        "group": ("Basis: alle Befragten der Gruppe", "Base: all respondents of the group"),
    },
)

define(
    "table",
    {
        "total": ("Gesamt", "Total"),
        "answer": ("Antwort", "Answer"),
        "count": ("Anzahl", "Count"),
        "percent": ("Prozent", "Percent"),
        "ci": ("95 %-KI", "95% CI"),
        "top2": ("Top-2", "Top 2"),
        "bottom2": ("Bottom-2", "Bottom 2"),
        "mean": ("Mittelwert", "Mean"),
        "sd": ("SD", "SD"),
        "no_answer": ("k. A.", "no answer"),
        "skipped": ("übersprungen", "skipped"),
        "not_shown": ("nicht gezeigt", "not shown"),
        "suppressed": ("n < {k}, nicht ausgewiesen", "n < {k}, not shown"),
        "hidden_unit": ("nicht ausgewiesen", "not shown"),
        "suppressed_note": (
            "nicht ausgewiesen: Gruppen mit n < {k} und, damit nichts zurückgerechnet werden "
            "kann, weitere kleine Gruppen",
            "not shown: groups with n < {k} and, so that nothing can be recalculated, further "
            "small groups",
        ),
        "missing_group": ("ohne Zuordnung", "no unit"),
        "items": ("Items nach Top-2 sortiert", "items sorted by top 2"),
        "multiple": (
            "Mehrfachantworten möglich; Prozente summieren sich über 100 %",
            "multiple answers possible; percentages add up to more than 100%",
        ),
    },
)

# A crosstab's notes and the caveats of its test (analysis/crosstab.py, cli/tables.py).
define(
    "crosstab",
    {
        "count_row_percent": ("Anzahl (Zeilenprozent)", "count (row percent)"),
        "no_chi2": ("kein χ²-Test (n = {n})", "no χ² test (n = {n})"),
        "note": ("Hinweis: {text}", "Note: {text}"),
        "substantive": (
            "Nur inhaltliche Antworten; k. A. und fehlende Angaben ausgeschlossen ({n} Befragte).",
            "Substantive answers only; no answer and missing values excluded ({n} respondents).",
        ),
        "hidden_rows": (
            "Zeilen mit n < {k} nicht ausgewiesen (mit Ergänzungsunterdrückung): {codes}",
            "Rows with n < {k} not shown (with complementary suppression): {codes}",
        ),
        "hidden_cols": (
            "Spalten mit n < {k} nicht ausgewiesen (mit Ergänzungsunterdrückung): {codes}",
            "Columns with n < {k} not shown (with complementary suppression): {codes}",
        ),
        "no_breakdown": (
            "Kreuztabelle {rows} × {cols}: eine Seite muss eine Organisationsebene oder ein "
            "vereinbartes Merkmal sein (study.yaml, 'breakdowns'); die Kreuztabelle zweier "
            "anderer Fragen wäre eine Aufschlüsselung, die niemand vereinbart und geschützt hat",
            "crosstab {rows} × {cols}: one side must be an org level or an agreed breakdown "
            "(study.yaml, 'breakdowns'); the crosstab of two other questions would be a "
            "breakdown nobody agreed on and protected",
        ),
        "no_test": (
            "zu wenige besetzte Zeilen oder Spalten; kein χ²-Test möglich",
            "too few occupied rows or columns; no χ² test possible",
        ),
        "below_5": (
            "erwartete Häufigkeit < 5 in {cells} von {size} Zellen; χ²-Test nicht belastbar",
            "expected frequency < 5 in {cells} of {size} cells; χ² test not reliable",
        ),
    },
)
