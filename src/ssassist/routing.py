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
    codes = list(dict.fromkeys(c.code for c, _ in countries))
    if len(codes) != 2:
        return None
    cue_ids = {t.entry.id for t in analysis.terms}
    if not benefits and not (cue_ids & COVERAGE_CUES):
        return None
    benefit = str(benefits[0][0]) if benefits else None
    return codes[0], codes[1], benefit
