"""Small studies shared by the test modules, each small enough to count by hand.

- ``hand_made``: 25 respondents on an org tree of four Dezernate, a filter question, a scale
  with k. A., a multiple response with an exclusive option (engine, crosstab, open answers,
  privacy).
- ``plain_xlsform``: a plain XLSForm as a city writes it and its Kobo export, 18 rows.
- ``report_folder``: that study as a folder with the team's report, an interview and
  recommendations.
- ``logic``: every question type, nested groups with filters, a cascading select; 5 rows.
- ``random_forms``: hypothesis strategies for random questionnaires, expressions and frames.
- ``cross_page``: two pages whose filters cross them.
- ``team``: the team's side, two Dezernate, one question of each kind.

Test modules import their studies from here (and fixtures come from ``conftest.py``), never from
each other.
"""


def with_k(study, k: int, k_text: int | None = None):
    """The study with its minimum group size set to ``k`` (and ``k_text``): the study's k is a
    floor that ``analyze(k=...)`` cannot lower (issue 12), so tests that need a smaller k set
    it on the study, as a works agreement would."""
    settings = study.settings.model_copy(
        update={"k": k, **({} if k_text is None else {"k_text": k_text})}
    )
    return study.model_copy(update={"settings": settings})


def with_breakdowns(study, *names: str):
    """The study with exactly ``names`` as its agreed breakdowns (``study.yaml``
    ``breakdowns``), besides the org levels."""
    settings = study.settings.model_copy(update={"breakdowns": list(names)})
    return study.model_copy(update={"settings": settings})
