"""The online survey: a Django 5.2 app in which staff answer the questionnaire anonymously and
the evaluation team runs the survey (``lipkit serve``).

``form.py`` (pages, filters, checks) is pure Python and needs no Django; everything else is
the web app: models, services (writes), selectors (reads), thin views. The analysis core
never imports this package.
"""
