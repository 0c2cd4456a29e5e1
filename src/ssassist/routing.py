"""Which questions go to the exact coverage check.

A question is a coverage question when it names exactly two countries and
speaks of agreements, coverage, benefits or working/contributing in both
("soy peruano y trabajé en Argentina, ¿cuentan mis años para la pensión?").
With more countries, or no such cue, it goes to retrieval.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ssassist.language import QueryAnalysis
from ssassist.text import fold

NEGATIONS = frozenset({"not", "no", "nor", "ni"})
ARTICLES = frozenset({"the", "la", "el", "los", "las"})

# Glossary entry ids that signal a question about agreements between countries.
COVERAGE_CUES = frozenset(
    {
        "social_security_agreement", "bilateral_agreement", "multilateral_agreement",
        "inter_institutional_agreement", "framework_agreement", "portability",
        "aggregation_of_periods", "cmiss", "coiss", "mercosur_agreement", "andean_instrument",
        "caricom_agreement", "q_agreement_between", "q_is_there", "q_does_it_cover", "q_work",
        "q_contribute", "q_years", "q_lose", "q_both_countries", "q_move", "q_if_i_return",
    }
)


def coverage_pair(
    text: str,
    analysis: QueryAnalysis,
    countries: Sequence[tuple[Any, tuple[int, int]]],
    benefits: Sequence[tuple[Any, tuple[int, int]]],
) -> tuple[str, str, str | None] | None:
    """(country A, country B, benefit or None) when the question is a coverage question."""
    codes = list(dict.fromkeys(c.code for c, span in countries if not _negated(text, span[0])))
    if len(codes) != 2:
        return None
    cue_ids = {t.entry.id for t in analysis.terms}
    if not benefits and not (cue_ids & COVERAGE_CUES):
        return None
    return codes[0], codes[1], main_benefit([str(b) for b, _ in benefits])


def _negated(text: str, start: int) -> bool:
    """A mention right after a negation ("Dominica, not the Dominican Republic") is not a party."""
    before = fold(text[max(0, start - 12) : start]).replace("(", " ").split()
    return bool(before) and (before[-1] in NEGATIONS or (len(before) > 1 and before[-2] in NEGATIONS and before[-1] in ARTICLES))


def main_benefit(mentioned: list[str]) -> str | None:
    """The benefit the question is about: the first one named, except that falling
    sick ("si me enfermo") next to being treated names medical care, not the cash benefit."""
    if not mentioned:
        return None
    if "sickness" in mentioned and "medical_care" in mentioned:
        return "medical_care"
    return mentioned[0]
