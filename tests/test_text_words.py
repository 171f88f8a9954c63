"""Word frequencies for the word cloud (lipkit.text.words, conventions §6).

Each test's comment works its counts out by hand: which tokens survive the stop words, which
inflections share a lemma, and how many answers (respondents) name each lemma.
"""

from __future__ import annotations

import pytest

from lipkit.demo.open_answers import WORD_RESPONDENTS, cloud_words, open_answers
from lipkit.text.words import WordCount, word_frequencies


def counts(texts, **options) -> dict[str, int]:
    return {w.word: w.respondents for w in word_frequencies(texts, **options)}


def test_counts_respondents_not_occurrences():
    # "Dolmetscher" occurs 2 + 1 + 1 + 3 = 7 times, in 4 answers -> 4 respondents.
    # "Wartezeiten" occurs 3 times, all in the first answer -> 1 respondent, below 3: dropped.
    texts = [
        "Dolmetscher, Dolmetscher, Wartezeiten, Wartezeiten, Wartezeiten",
        "Dolmetscher fehlen",
        "mehr Dolmetscher",
        "Dolmetscher! Dolmetscher! Dolmetscher!",
    ]
    result = word_frequencies(texts)
    assert WordCount(word="Dolmetscher", lemma="dolmetscher", respondents=4) in result
    assert "Wartezeiten" not in counts(texts)


def test_inflections_merge_under_one_lemma():
    # Sprachbarrieren/Sprachbarriere -> Sprachbarriere, Dolmetscher/Dolmetschern -> Dolmetscher,
    # Flüchtlinge/Flüchtlingen/Flüchtling -> Flüchtling. Answer 1 names Flüchtlinge and
    # Flüchtling: one respondent for the lemma, not two.
    # sprachbarriere: answers 1, 2, 3 -> 3; dolmetscher: answers 2, 3, 4 -> 3;
    # flüchtling: answers 1, 3, 4 -> 3.
    texts = [
        "Sprachbarrieren; Flüchtlinge, Flüchtling",
        "Sprachbarriere und Dolmetscher",
        "Sprachbarrieren, Dolmetschern, Flüchtlingen",
        "Dolmetscher für Flüchtlinge",
    ]
    result = {w.lemma: w.respondents for w in word_frequencies(texts)}
    assert result == {"sprachbarriere": 3, "dolmetscher": 3, "flüchtling": 3}


def test_lower_case_answers_merge_with_capitalised_ones():
    # "arbeit" alone would lemmatise to "abarbeiten" and "schulen" to the verb "schulen";
    # the lemma comes from the token's most frequent spelling ("Arbeit", "Schulen"), so
    # Arbeit/arbeit -> arbeit (3 respondents) and Schule/Schulen/schulen -> schule (3).
    texts = ["Arbeit und Schule", "Arbeit, Schulen", "arbeit", "Schulen", "schulen"]
    result = {w.lemma: (w.word, w.respondents) for w in word_frequencies(texts)}
    # Schulen: 2 respondents, Schule 1, schulen 1 -> "Schulen" is displayed.
    assert result == {"arbeit": ("Arbeit", 3), "schule": ("Schulen", 4)}


def test_display_spelling_is_the_most_frequent_one_ties_alphabetical():
    # flüchtling: Flüchtlinge in 3 answers, Flüchtling in 1 -> "Flüchtlinge" (4 respondents).
    # dolmetscher: Dolmetschern and Dolmetscher in 2 answers each -> tie, alphabetically
    # first: "Dolmetscher" < "Dolmetschern" (4 respondents).
    # integration: "Integration" 2, "integration" 2 -> tie on letters, capitalised first.
    texts = [
        "Flüchtlinge, Dolmetschern, Integration",
        "Flüchtlinge, Dolmetschern, integration",
        "Flüchtlinge, Dolmetscher, Integration",
        "Flüchtling, Dolmetscher, integration",
    ]
    assert counts(texts) == {"Dolmetscher": 4, "Flüchtlinge": 4, "Integration": 4}


def test_stop_words_dropped_negations_and_intensifiers_kept():
    # Stop words dropped: es, das, ist, wir, haben, und, die, sind, ein, ihn. "gibt", "geht",
    # "gut" are no stop words; they fall to the threshold. Kept although the stop-word list
    # has them: nicht, keine/keinen (lemma kein), sehr, ohne, zu.
    # kein: answers 1, 2, 3 -> 3; nicht: 1, 3, 4 -> 3; sehr: 2, 3, 4 -> 3;
    # Dolmetscher: 1, 2, 3, 4 -> 4; ohne, zu: 1 respondent each -> dropped.
    texts = [
        "Es gibt keine Dolmetscher, das ist nicht gut",
        "Wir haben sehr wenige Dolmetscher und keinen Raum",
        "Die Dolmetscher sind nicht sehr gut, keine Zeit",
        "Ein Dolmetscher ist nicht sehr teuer, ohne ihn geht es zu langsam",
    ]
    result = counts(texts)
    assert result["Dolmetscher"] == 4
    assert result["keine"] == 3  # keine 2 respondents, keinen 1 -> "keine" displayed
    assert result["nicht"] == 3
    assert result["sehr"] == 3
    # gut: answers 1 and 3 -> 2, below the threshold
    assert set(result) == {"Dolmetscher", "keine", "nicht", "sehr"}
    lowered = {w.lower() for w in counts(texts, min_respondents=1)}
    assert {"ohne", "zu", "gibt", "gut"} <= lowered
    assert not lowered & {"es", "das", "ist", "wir", "haben", "und", "die", "sind", "ein", "ihn"}


def test_digits_punctuation_and_single_letters_dropped_compounds_kept():
    # "2020", "3", "--", "x" and "B" are no words. "Mitarbeiter-Schulung(en)" stays one word
    # (lemma "mitarbeiter-schulung", 3 respondents); "Mitarbeiter" alone is a different word.
    texts = [
        "Mitarbeiter-Schulung 2020 -- x",
        "Mitarbeiter-Schulungen, 3 B",
        "Mitarbeiter-Schulung!!! 2020",
        "Mitarbeiter",
    ]
    result = word_frequencies(texts, min_respondents=1)
    assert [(w.word, w.lemma, w.respondents) for w in result] == [
        ("Mitarbeiter-Schulung", "mitarbeiter-schulung", 3),
        ("Mitarbeiter", "mitarbeiter", 1),
    ]


def test_umlauts_and_sharp_s_kept():
    # "Straße"/"Straßen" -> lemma "straße" (not "strasse"), 3 respondents;
    # "Ämter"/"Ämtern" -> "Amt", lower-cased "amt", 3 respondents: the third answer's
    # decomposed "A" + U+0308 is the same word as the precomposed "Ä".
    texts = ["Straße, Ämter", "Straßen, Ämtern", "Straße, A\u0308mter"]
    result = {w.lemma: (w.word, w.respondents) for w in word_frequencies(texts)}
    assert result == {"straße": ("Straße", 3), "amt": ("Ämter", 3)}


def test_threshold_two_respondents_dropped_three_kept():
    # Kultur: 3 answers -> kept; Religion: 2 answers -> dropped; min_respondents=2 keeps both.
    texts = ["Kultur, Religion", "Kultur, Religion", "Kultur"]
    assert counts(texts) == {"Kultur": 3}
    assert counts(texts, min_respondents=2) == {"Kultur": 3, "Religion": 2}


def test_none_and_empty_answers_are_ignored():
    # Three answers name Bildung; None, "", "   " and "\n" add no respondent.
    texts = [None, "Bildung", "", "Bildung", "   ", None, "Bildung", "\n"]
    assert counts(texts) == {"Bildung": 3}
    assert word_frequencies([None, "", "  "]) == []
    assert word_frequencies([]) == []


def test_sorted_by_respondents_then_word_case_insensitive():
    # Respondents: Wohnraum 4; Kultur 3, kein 3 (displayed "keine"), Arbeit 3.
    # Ties at 3 sort case-insensitively: arbeit < keine < kultur. (Plain string order would put
    # "Kultur" before "keine", capitals first.)
    texts = [
        "Wohnraum, Kultur, keine Arbeit",
        "Wohnraum, Kultur, keine Arbeit",
        "Wohnraum, Kultur, keine Arbeit",
        "Wohnraum",
    ]
    assert [w.word for w in word_frequencies(texts)] == ["Wohnraum", "Arbeit", "keine", "Kultur"]


def test_english():
    # Stop words dropped: the, for, there, is, with, and, at. Kept: no, more (negation and
    # intensifier); "help" and "work" are topic words here, not stop words.
    # refugee: Refugees/refugees/refugee in answers 1, 2, 3 -> 3 ("refugees" 2x, displayed);
    # interpreter: interpreters 1, 3, 4 -> 3; no: 1, 2, 4 -> 3 ("No" 1, "no" 2 -> "no");
    # help: 2, 3, 4 -> 3; work: 2 answers -> dropped; more: 1 -> dropped.
    texts = [
        "No interpreters for the refugees",
        "There is no help with work for refugees",
        "Refugee families need more help and interpreters",
        "no help, no interpreters at work",
    ]
    result = {w.lemma: (w.word, w.respondents) for w in word_frequencies(texts, language="en")}
    assert result == {
        "refugee": ("refugees", 3),
        "interpreter": ("interpreters", 3),
        "no": ("no", 3),
        "help": ("help", 3),
    }


def test_unknown_language_and_bad_threshold_raise():
    with pytest.raises(ValueError, match="language"):
        word_frequencies(["Kultur"], language="fr")
    with pytest.raises(ValueError, match="min_respondents"):
        word_frequencies(["Kultur"], min_respondents=0)


def test_demo_open_answers():
    # The demo names each topic word WORD_RESPONDENTS times, at most once per answer, joined by
    # ", " and " und " with "vor allem " in front of every fourth answer: all connectors are
    # stop words and every topic word appears in one spelling only.
    answers = open_answers(60)
    result = word_frequencies(answers)
    top = [(w.word, w.lemma, w.respondents) for w in result[:3]]
    # From the file: Sprachbarrieren 31, Integration 24, Flüchtlinge 19.
    assert top == [
        ("Sprachbarrieren", "sprachbarriere", 31),
        ("Integration", "integration", 24),
        ("Flüchtlinge", "flüchtling", 19),
    ]
    words = {w.word: w.respondents for w in result}
    # Bildung and Aufenthaltsrecht tie at 9: "Aufenthaltsrecht" sorts first.
    assert [w.word for w in result[8:10]] == ["Aufenthaltsrecht", "Bildung"]
    # The rarest kept words are named by exactly 3: Arbeitsmarkt and Ernährung.
    assert [(w.word, w.respondents) for w in result[-2:]] == [("Arbeitsmarkt", 3), ("Ernährung", 3)]
    # Ramadan, Gebetsraum (2) and Bestattungskultur, Vormundschaft (1) are not in the cloud.
    assert not {"Ramadan", "Gebetsraum", "Bestattungskultur", "Vormundschaft"} & set(words)
    assert len(words) == 20
    assert words == cloud_words()
    # With the threshold at 1 every topic word comes back, connectors still do not.
    assert counts(answers, min_respondents=1) == WORD_RESPONDENTS
