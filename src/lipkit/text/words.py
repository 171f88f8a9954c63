"""Word frequencies of open answers for a word cloud (conventions §6).

Answers are split into words; hyphenated compounds ("Mitarbeiter-Schulung") stay one word,
umlauts and ß are kept. Tokens without a letter and single letters are dropped, and so are
stop words, except negations and intensifiers ("nicht", "kein", "sehr", ...), which turn a
cloud's meaning around. Inflections are merged by their lemma (simplemma), compared in lower
case. A word counts RESPONDENTS, not occurrences: an answer naming it twice counts once.
Words named by fewer than ``min_respondents`` (3) respondents are dropped: a rare word can
identify its writer and says little about the group. Each word is shown in its most frequent
original spelling (ties: alphabetically first).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import simplemma

LANGUAGES = ("de", "en")

KEPT_WORDS: dict[str, frozenset[str]] = {
    "de": frozenset(
        [
            "nicht",
            "kein",
            "keine",
            "keinen",
            "keiner",
            "keinem",
            "keines",
            "sehr",
            "ohne",
            "nie",
            "zu",
            "mehr",
            "weniger",
        ]
    ),
    "en": frozenset(
        ["no", "not", "nor", "never", "without", "very", "too", "more", "less", "few", "fewer"]
    ),
}
"""Negations and intensifiers kept although stop-word lists drop them: "keine Dolmetscher"
and "Dolmetscher" are opposite answers."""

# Typographic hyphens and apostrophes are folded to ASCII so that "Mitarbeiter‑Schulung" and
# "don’t" match the same token (and the stop-word lists) as their ASCII spellings.
_FOLD = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2019": "'"})
_TOKEN = re.compile(r"\w+(?:[-']\w+)*")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class WordCount:
    word: str
    """Display spelling: the most frequent original spelling of any inflection."""
    lemma: str
    """Lower-cased lemma: the key under which inflections are merged."""
    respondents: int
    """Respondents who used the word (any inflection) at least once."""


def word_frequencies(
    texts: Iterable[str | None], *, language: str = "de", min_respondents: int = 3
) -> list[WordCount]:
    """Sorted by respondents descending, then display word (case-insensitive)."""
    if language not in LANGUAGES:
        raise ValueError(f"word frequencies: language {language!r}, expected one of {LANGUAGES}")
    if min_respondents < 1:
        raise ValueError(f"word frequencies: min_respondents={min_respondents}, expected >= 1")
    stop = _stop_words(language)

    answers: list[set[str]] = []
    for text in texts:
        if text is None or not text.strip():
            continue
        spellings = {t for t in _tokens(text) if t.lower() not in stop}
        if spellings:
            answers.append(spellings)

    # Spellings are counted per respondent too, so one answer repeating a typo cannot decide
    # how a word is displayed.
    spelling_n = Counter(s for spellings in answers for s in spellings)

    # The lemma is looked up once per lower-cased token, from its most frequent spelling, so
    # that "Arbeit" and "arbeit" always land under the same key. Why not the lower-cased token
    # itself: German capitalises nouns and simplemma uses that. The brief's examples come out
    # the same either way (sprachbarrieren/dolmetschern/flüchtlingen -> Sprachbarriere,
    # Dolmetscher, Flüchtling: simplemma retries in capitals), but lower case goes wrong on
    # nouns that are also verb forms: "arbeit" -> "abarbeiten", "schulen" -> "schulen" (not
    # "Schule"), "sprachen" -> "sprechen". Capitalising every token is worse still for
    # adjectives ("gute" -> "Guter", "deutschen" -> "Deutscher"). The respondents' own
    # capitalisation is the best evidence of the part of speech.
    by_surface: dict[str, list[str]] = defaultdict(list)
    for spelling in spelling_n:
        by_surface[spelling.lower()].append(spelling)
    # low_memory: the dictionary is indexed in one pass and looked up in place, not decoded
    # into a dict first (the same lemmas; 0.8 s instead of 1.1 s for German, before the
    # first word, in every process that counts words).
    key_of = {
        surface: simplemma.lemmatize(
            _preferred(spellings, spelling_n), lang=language, low_memory=True
        ).lower()
        for surface, spellings in by_surface.items()
    }

    respondents: Counter[str] = Counter()
    spellings_of: dict[str, list[str]] = defaultdict(list)
    for spellings in answers:
        respondents.update({key_of[s.lower()] for s in spellings})
    for spelling in spelling_n:
        spellings_of[key_of[spelling.lower()]].append(spelling)

    words = [
        WordCount(word=_preferred(spellings_of[key], spelling_n), lemma=key, respondents=n)
        for key, n in respondents.items()
        if n >= min_respondents
    ]
    return sorted(words, key=lambda w: (-w.respondents, w.word.lower(), w.word))


def load_lemmatiser(language: str) -> None:
    """Load ``language``'s dictionary as :func:`word_frequencies` uses it (0.8 s for German),
    ahead of the first count: the report's words process does it while the numbers are
    being secured."""
    if language in LANGUAGES:
        simplemma.lemmatize("Haus", lang=language, low_memory=True)


def _tokens(text: str) -> list[str]:
    # NFC, so that an "ü" typed as u + combining diaeresis is the same word as a precomposed one.
    text = unicodedata.normalize("NFC", text).translate(_FOLD)
    return [t for t in _TOKEN.findall(text) if len(t) > 1 and _LETTER.search(t)]


def _preferred(spellings: Iterable[str], counts: Counter[str]) -> str:
    # Ties go to the alphabetically first spelling; among spellings that differ only in case,
    # the capitalised one (German nouns) comes first.
    return min(spellings, key=lambda s: (-counts[s], s.lower(), s))


@cache
def _stop_words(language: str) -> frozenset[str]:
    if language == "de":
        from stop_words import get_stop_words

        # stop-words' German list (Snowball-based, ~260 function words) drops no topic words;
        # stopwordsiso's German list also drops "Menschen", "Zeit", "gut", "Jahr".
        words = get_stop_words("de")
    else:
        # wordcloud's list (~190 function words), not stop-words' English one: that has 1,300
        # entries and drops topic words an integration survey needs ("work", "home", "help",
        # "problems", "information"); stopwordsiso's English list does the same.
        from wordcloud import STOPWORDS

        words = STOPWORDS
    return frozenset(w.lower() for w in words) - KEPT_WORDS[language]
