"""A study folder with the team's report: the plain XLSForm study (studies/plain_xlsform.py)
with k = 6, one chapter that calls every kind of number, figure and table, an interview and
two recommendations. ``test_report_build`` works its numbers out by hand; ``test_report_outputs``
reads the files written from it.
"""

from __future__ import annotations

from pathlib import Path

from formtable import xlsform

from lipkit.cli.session import load_inputs
from lipkit.report import build_report
from studies.plain_xlsform import FORM, ROWS, kobo_csv

CHAPTER = """\
# Ergebnisse

Insgesamt {{ n() }} Befragte, davon {{ n(group="D1") }} in D1 und {{ n(group="F12") }} in F12.
Die Zusammenarbeit bewerten {{ top2("zufriedenheit") }} positiv (n={{ n("zufriedenheit") }}),
in D1 haben {{ percent("kontakt", "ja", group="D1") }} Kontakt, in D2 bewerten
{{ n("zufriedenheit", group="D2") }} die Zusammenarbeit.
Schulungen nutzen {{ percent("massnahmen", "schulung", group="D1", base="group") }} in D1
({{ count("massnahmen", "schulung", group="D1") }} Personen),
siehe {{ ref("table-massnahmen-dezernat") }} und {{ ref("zf") }}.

{{ figure("zufriedenheit", by="dezernat") }}

{{ figure("kontakt", by="fachbereich", id="zf", title="Kontakt nach Fachbereich") }}

## Maßnahmen

{{ table("massnahmen", by="dezernat", base="group") }}

{{ figure("massnahmen") }}

{{ response_table("fachbereich") }}

{{ quote("Interview_A", code="controlling") }}

{{ code_table() }}

# Empfehlungen

{{ recommendation_table() }}

{{ recommendations() }}
"""

INTERVIEW = """\
---
id: Interview_A
role: Fachbereichsleitung
level: fachbereich
unit: F12
---

# Interview A

Ziele wurden nie festgelegt, also konnte niemand den Fortschritt messen. #controlling #ziele

Im Fachbereich F12 fehlt Personal. #ressourcen
"""

RECOMMENDATIONS = """\
- title: Zielwerte festlegen
  text: Nur {{ top2("zufriedenheit") }} bewerten die Zusammenarbeit positiv.
  evidence: [zufriedenheit-dezernat, "Interview_A#controlling"]
- title: {de: Schulungen ausbauen, en: Expand training}
  evidence: [table-massnahmen-dezernat]
"""


def write_report_study(folder: Path) -> Path:
    """The study folder, written to ``folder`` (created)."""
    folder.mkdir()
    xlsform(folder, FORM, name="questionnaire.xlsx")
    (folder / "responses.csv").write_text(kobo_csv(ROWS), encoding="utf-8")
    (folder / "study.yaml").write_text("title: Testbericht\nk: 6\n", encoding="utf-8")
    (folder / "report").mkdir()
    (folder / "report" / "01-ergebnisse.md").write_text(CHAPTER, encoding="utf-8")
    (folder / "report" / "recommendations.yaml").write_text(RECOMMENDATIONS, encoding="utf-8")
    (folder / "interviews").mkdir()
    (folder / "interviews" / "a.md").write_text(INTERVIEW, encoding="utf-8")
    return folder


def build(folder: Path, language: str = "de"):
    """The report's document model of the study folder ``folder``."""
    inputs = load_inputs(folder, None)
    return build_report(inputs.study, inputs.frame, folder, language=language)
