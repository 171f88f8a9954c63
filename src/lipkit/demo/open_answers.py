"""Open answers for the word-cloud question (report Abbildung 8).

The report's word cloud is an image; its words are not in the extracted text. The topics
below are the ones the report names around it (language barriers, interpreters, refugees,
religion, discrimination, housing, ...). Each word is named by a fixed number of
respondents; words named by at least 3 make it into the cloud, the rare ones (1-2) show
that the cloud drops them. Connectors are stop words only, so every counted word is a
topic word.
"""

from __future__ import annotations

import numpy as np
import polars as pl

WORD_RESPONDENTS: dict[str, int] = {
    "Sprachbarrieren": 31,
    "Integration": 24,
    "Flüchtlinge": 19,
    "Religion": 16,
    "Kommunikation": 14,
    "Dolmetscher": 13,
    "Kultur": 12,
    "Diskriminierung": 11,
    "Aufenthaltsrecht": 9,
    "Bildung": 9,
    "Verständigung": 8,
    "Rollenbilder": 7,
    "Feiertage": 6,
    "Wohnraum": 6,
    "Mehrsprachigkeit": 5,
    "Teilhabe": 5,
    "Kopftuch": 4,
    "Rassismus": 4,
    "Arbeitsmarkt": 3,
    "Ernährung": 3,
    # named by fewer than 3 respondents: left out of the cloud
    "Ramadan": 2,
    "Gebetsraum": 2,
    "Bestattungskultur": 1,
    "Vormundschaft": 1,
}
"""Topic word -> number of respondents naming it (each at most once per answer)."""

CLOUD_MIN_RESPONDENTS = 3


def cloud_words() -> dict[str, int]:
    """The words a correct word cloud shows, with their respondent counts."""
    return {w: n for w, n in WORD_RESPONDENTS.items() if n >= CLOUD_MIN_RESPONDENTS}


def open_answers(n: int, seed: int = 2020) -> list[str]:
    """``n`` short German answers naming the topic words ``WORD_RESPONDENTS`` times.

    Words are laid out round-robin over a seeded permutation of the answers, so every
    answer names at least one word and no answer names a word twice.
    """
    total = sum(WORD_RESPONDENTS.values())
    if n <= 0 or n < max(WORD_RESPONDENTS.values()) or n > total:
        raise ValueError(
            f"open answers: n={n}, expected between {max(WORD_RESPONDENTS.values())} and {total}"
        )
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    words = np.repeat(np.array(list(WORD_RESPONDENTS)), list(WORD_RESPONDENTS.values()))
    slots = np.arange(total)
    long = pl.DataFrame({"answer": order[slots % n], "pass": slots // n, "word": words}).sort(
        "answer", "pass"
    )
    texts = (
        long.group_by("answer", maintain_order=True)
        .agg(pl.col("word").str.join(", "))
        .with_columns(
            # "a, b, c" -> "a, b und c"; every fourth answer starts with "vor allem"
            pl.col("word").str.replace(r", ([^,]*)$", " und $1"),
        )
        .with_columns(
            pl.when(pl.col("answer") % 4 == 1)
            .then(pl.lit("vor allem ") + pl.col("word"))
            .otherwise(pl.col("word"))
            .alias("text")
        )
        .sort("answer")
    )
    return texts["text"].to_list()
