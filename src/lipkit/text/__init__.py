"""lipkit.text: open answers, shown only for groups of at least ``k_text`` respondents."""

from lipkit.text.answers import OpenAnswers, open_answers

__all__ = ["OpenAnswers", "open_answers"]
