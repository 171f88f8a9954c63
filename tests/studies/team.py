# ruff: noqa: E501  (the form is written as a wide table, as in pyxform's tests)
"""The small study of the team's side: two Dezernate of 20 staff, k = 5, one question of each
kind (scale, multiple response, integer, decimal, open text). The fixture ``small_study``
(conftest.py) reads it; ``team_survey`` opens it with an owner and a reader."""

from __future__ import annotations

SMALL_FORM = """
| survey |
|        | type                 | name       | label::Deutsch (de) | label::English (en) | lipkit::org_level | lipkit::scale  |
|        | select_one dez       | dezernat   | Dezernat?           | Department?         | dezernat          |                |
|        | select_one zufr      | zufrieden  | Wie zufrieden?      | How satisfied?      |                   | positive_first |
|        | select_multiple mass | massnahmen | Maßnahmen?          | Measures?           |                   |                |
|        | integer              | anzahl     | Wie viele?          | How many?           |                   |                |
|        | decimal              | stunden    | Stunden?            | Hours?              |                   |                |
|        | text                 | themen     | Themen?             | Topics?             |                   |                |
| choices |
|         | list_name | name             | label::Deutsch (de) | label::English (en) |
|         | dez       | D1               | Dezernat I          | Department I        |
|         | dez       | D2               | Dezernat II         | Department II       |
|         | zufr      | sehr_zufrieden   | sehr zufrieden      | very satisfied      |
|         | zufr      | eher_zufrieden   | eher zufrieden      | rather satisfied    |
|         | zufr      | teils            | teils/teils         | partly              |
|         | zufr      | eher_unzufrieden | eher unzufrieden    | rather dissatisfied |
|         | zufr      | sehr_unzufrieden | sehr unzufrieden    | very dissatisfied   |
|         | mass      | schulung         | Schulungen          | Training            |
|         | mass      | material         | Infomaterial        | Material            |
|         | mass      | keine            | keine               | none                |
| settings |
|          | form_title                                          | form_id | default_language |
|          | Mitarbeitendenbefragung 2025 zur Umsetzung des LIP | mab     | de               |
"""
