"""The fixed words of the respondents' pages, German and English."""

from lipkit import catalogue

TEXTS = {lang: catalogue.group("respondent", lang) for lang in catalogue.LANGUAGES}
