"""The fixed words of the controlling pages, German (default) and English, from the
catalogue (``plan_page.*``, ``plan_measure.*``, ``plan_unit.*``, ``plan_range.*``,
``plan_field_error.*``).

A page's ``t`` is a :class:`Words`: a key missing in one language raises (not a silent empty
string in a template), so the tests that render every page in both languages find it.
"""

from __future__ import annotations

from typing import Any

from lipkit import catalogue


class MissingText(RuntimeError):
    pass


class Words(dict[str, str]):
    def __getitem__(self, key: str) -> str:
        try:
            return super().__getitem__(key)
        except KeyError:
            raise MissingText(key) from None


DE: dict[str, str] = catalogue.group("plan_page", "de")
EN: dict[str, str] = catalogue.group("plan_page", "en")

MEASURE_STATUS = {lang: catalogue.group("plan_measure", lang) for lang in catalogue.LANGUAGES}
UNITS = {lang: catalogue.group("plan_unit", lang) for lang in catalogue.LANGUAGES}
RANGES = {lang: catalogue.group("plan_range", lang) for lang in catalogue.LANGUAGES}
# Messages next to a field (services.check_value), {value} the text entered.
ERRORS = {lang: catalogue.group("plan_field_error", lang) for lang in catalogue.LANGUAGES}


def words(lang: str) -> Words:
    return Words(EN if lang == "en" else DE)


def language_of(request: Any) -> str:
    """``?lang=en`` / ``?lang=de`` chooses and is remembered in the session; German default."""
    chosen = request.GET.get("lang")
    if chosen in ("de", "en"):
        request.session["controlling_lang"] = chosen
        return chosen
    return "en" if request.session.get("controlling_lang") == "en" else "de"
