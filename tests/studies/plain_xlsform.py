"""A study as a city would bring it: a plain XLSForm (no lipkit columns) and its Kobo CSV.

German and English labels, a cascading Dezernat > Fachbereich select, a filter question, a
scale with "k. A." and a multiple response whose "keine" option is exclusive by the usual
XLSForm constraint. The 18 rows (rows 2-19 of the export):

 row dez fb  kontakt zufr        massnahmen        row dez fb  kontakt zufr       massnahmen
  2  D1  F11 ja      voll        schulung dolm.     11 D1  F12 ja      gar_nicht  schulung
  3  D1  F11 ja      voll        schulung           12 D1  F12 ja      eher       schulung mat.
  4  D1  F11 ja      eher        material           13 D2  F21 ja      voll       dolmetsch
  5  D1  F11 ja      k_a         keine              14 D2  F21 nein    -          -
  6  D1  F11 nein    -           schulung           15 D2  F21 ja      eher       schulung
  7  D1  F11 ja      -           -                  16 D2  F21 ja      voll       keine
  8  D1  F12 ja      teils       dolm. material     17 D2  F21 -       -          material
  9  D1  F12 ja      eher_nicht  keine              18 D2  F21 ja      eher_nicht dolm. schulung
 10  D1  F12 nein    -           keine              19 D2  F21 nein    -          keine
"""

from __future__ import annotations

FORM = """
| survey |
|        | type                 | name          | label::Deutsch (de)                       | label::English (en)          | relevant          | constraint                                              | choice_filter         |
|        | select_one dez       | dezernat      | In welchem Dezernat arbeiten Sie?         | Which department?            |                   |                                                         |                       |
|        | select_one fb        | fachbereich   | In welchem Fachbereich arbeiten Sie?      | Which division?              |                   |                                                         | dezernat=${dezernat}  |
|        | select_one jn        | kontakt       | Haben Sie Kontakt mit Zugewanderten?      | Contact with immigrants?     |                   |                                                         |                       |
|        | select_one zufr      | zufriedenheit | Die Zusammenarbeit gelingt gut.           | Cooperation works well.      | ${kontakt} = 'ja' |                                                         |                       |
|        | select_multiple mass | massnahmen    | Welche Maßnahmen nutzen Sie?              | Which measures do you use?   |                   | not(selected(., 'keine') and count-selected(.) > 1)     |                       |
| choices |
|         | list_name | name       | label::Deutsch (de)                | label::English (en)       | dezernat |
|         | dez       | D1         | Dezernat I                         | Department I              |          |
|         | dez       | D2         | Dezernat II                        | Department II             |          |
|         | fb        | F11        | Fachbereich 11                     | Division 11               | D1       |
|         | fb        | F12        | Fachbereich 12                     | Division 12               | D1       |
|         | fb        | F21        | Fachbereich 21                     | Division 21               | D2       |
|         | jn        | ja         | ja                                 | yes                       |          |
|         | jn        | nein       | nein                               | no                        |          |
|         | zufr      | voll       | trifft voll zu                     | strongly agree            |          |
|         | zufr      | eher       | trifft eher zu                     | agree                     |          |
|         | zufr      | teils      | teils/teils                        | neither                   |          |
|         | zufr      | eher_nicht | trifft eher nicht zu               | disagree                  |          |
|         | zufr      | gar_nicht  | trifft gar nicht zu                | strongly disagree         |          |
|         | zufr      | k_a        | k. A.                              | no answer                 |          |
|         | mass      | schulung   | Schulungen                         | Training                  |          |
|         | mass      | dolmetsch  | Dolmetscher                        | Interpreters              |          |
|         | mass      | material   | Mehrsprachiges Material            | Multilingual material     |          |
|         | mass      | keine      | Wir nutzen keine solcher Maßnahmen | We use no such measures   |          |
| settings |
|          | form_title       | form_id  | default_language |
|          | Mitarbeitendenbefragung | ma_2026 | Deutsch (de) |
"""  # noqa: E501

MEASURES = ["schulung", "dolmetsch", "material", "keine"]
ROWS = [  # dezernat, fachbereich, kontakt, zufriedenheit, massnahmen (summary)
    ("D1", "F11", "ja", "voll", "schulung dolmetsch"),
    ("D1", "F11", "ja", "voll", "schulung"),
    ("D1", "F11", "ja", "eher", "material"),
    ("D1", "F11", "ja", "k_a", "keine"),
    ("D1", "F11", "nein", "", "schulung"),
    ("D1", "F11", "ja", "", ""),
    ("D1", "F12", "ja", "teils", "dolmetsch material"),
    ("D1", "F12", "ja", "eher_nicht", "keine"),
    ("D1", "F12", "nein", "", "keine"),
    ("D1", "F12", "ja", "gar_nicht", "schulung"),
    ("D1", "F12", "ja", "eher", "schulung material"),
    ("D2", "F21", "ja", "voll", "dolmetsch"),
    ("D2", "F21", "nein", "", ""),
    ("D2", "F21", "ja", "eher", "schulung"),
    ("D2", "F21", "ja", "voll", "keine"),
    ("D2", "F21", "", "", "material"),
    ("D2", "F21", "ja", "eher_nicht", "dolmetsch schulung"),
    ("D2", "F21", "nein", "", "keine"),
]


def kobo_csv(rows: list[tuple[str, ...]]) -> str:
    """The export as KoboToolbox writes it: summary and 1/0 detail columns, metadata."""
    header = ["dezernat", "fachbereich", "kontakt", "zufriedenheit", "massnahmen"]
    header += [f"massnahmen/{m}" for m in MEASURES] + ["_id", "_uuid", "_submission_time"]
    lines = [",".join(header)]
    for i, (dez, fb, kontakt, zufr, mass) in enumerate(rows, start=1):
        ticked = mass.split()
        details = [("1" if m in ticked else "0") if mass else "" for m in MEASURES]
        meta = [str(i), f"uuid-{i:04d}", "2026-03-02T08:00:00"]
        lines.append(",".join([dez, fb, kontakt, zufr, mass, *details, *meta]))
    return "\n".join(lines) + "\n"
