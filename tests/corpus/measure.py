"""Measure the corpus: how many forms load, are refused (and why) or crash.

    .venv/bin/python tests/corpus/measure.py [--md-as-xlsx]

``--md-as-xlsx`` writes each markdown form as an .xlsx first (for a reader that knows no
markdown), so that a measurement before and after a change reads the same forms.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
import warnings
from collections import Counter
from pathlib import Path

from lipkit.study.errors import FormError
from lipkit.study.formats import load_questionnaire

CORPUS = Path(__file__).parent
SUFFIXES = {".xlsx", ".xls", ".csv", ".md"}


def forms() -> list[Path]:
    return sorted(
        p for d in ("pyxform", "own") for p in (CORPUS / d).rglob("*") if p.suffix in SUFFIXES
    )


def main(md_as_xlsx: bool) -> None:
    outcome: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for path in forms():
            target = path
            if md_as_xlsx and path.suffix == ".md":
                from pyxform.xls2json_backends import md_table_to_workbook

                target = Path(tmp) / (path.stem + ".xlsx")
                md_table_to_workbook(path.read_text(encoding="utf-8")).save(target)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    q = load_questionnaire(target)
                except FormError as exc:
                    lines = getattr(exc, "lines", None) or [str(exc)]
                    outcome["refused"] += 1
                    print(
                        f"REFUSED {path.relative_to(CORPUS)}: {len(lines)} problem(s); {lines[0]}"
                    )
                    continue
                except Exception:
                    outcome["crashed"] += 1
                    last = traceback.format_exc().strip().splitlines()[-1]
                    print(f"CRASHED {path.relative_to(CORPUS)}: {last}")
                    continue
            outcome["loaded"] += 1
            extra = f" ({len(caught)} warnings leaked)" if caught else ""
            try:
                from lipkit.study.expressions import FormLogic

                FormLogic(q)
            except Exception as exc:  # the analysis and the web form would refuse it
                outcome["expressions refused"] += 1
                extra += f"; expressions refused: {str(exc).splitlines()[0][:120]}"
            print(f"LOADED  {path.relative_to(CORPUS)}: {len(q.questions())} questions{extra}")
    total = outcome["loaded"] + outcome["refused"] + outcome["crashed"]
    print(
        f"\n{total} forms: {outcome['loaded']} loaded, {outcome['refused']} refused, "
        f"{outcome['crashed']} crashed; of the loaded, {outcome['expressions refused']} with "
        "an expression the analysis and the web form cannot evaluate"
    )


if __name__ == "__main__":
    main("--md-as-xlsx" in sys.argv)
