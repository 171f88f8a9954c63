"""Display formatting for people: half-up rounding and German number style.

Results keep full precision; only what a person reads is rounded, and always
half-up (35.5 -> 36), never with Python's banker's rounding.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: float, digits: int = 0) -> Decimal:
    """Round like a person does: 2.5 -> 3, 35.714 -> 36, -2.5 -> -3."""
    # repr() gives the shortest string that round-trips, so 0.285 stays 0.285
    # instead of becoming 0.28499999... through the binary float.
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)


def format_number(value: float | None, digits: int = 0, *, language: str = "de") -> str:
    if value is None or value != value:  # None or NaN
        return "–"
    text = f"{round_half_up(value, digits):f}"
    if text.startswith("-") and set(text[1:]) <= {"0", "."}:
        text = text[1:]  # -0 reads as a sign error to people
    return text.replace(".", ",") if language == "de" else text


def format_percent(value: float | None, digits: int = 0, *, language: str = "de") -> str:
    """``35.714 -> '36 %'`` (German style, space before the sign)."""
    if value is None or value != value:
        return "–"
    number = format_number(value, digits, language=language)
    return f"{number} %" if language == "de" else f"{number}%"
