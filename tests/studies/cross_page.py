"""Two pages whose filters cross them: page 2 asks ``anzahl`` only if ``kontakt`` (page 1) is
"ja", and ``davon`` only if ``anzahl`` > 0 — so a changed answer on page 1 can drop later
answers. Shared by the online form's tests and the respondent's tests."""

from __future__ import annotations

CROSS_PAGE = """
| survey |
|        | type          | name    | label          | relevant          |
|        | begin_group   | eins    | Seite 1        |                   |
|        | select_one jn | kontakt | Kontakt?       |                   |
|        | end_group     |         |                |                   |
|        | begin_group   | zwei    | Seite 2        |                   |
|        | integer       | anzahl  | Wie viele?     | ${kontakt} = 'ja' |
|        | integer       | davon   | Davon neu?     | ${anzahl} > 0     |
|        | end_group     |         |                |                   |
| choices |
|         | list_name | name | label |
|         | jn        | ja   | ja    |
|         | jn        | nein | nein  |
"""
