"""Whether a message is a coverage question: two countries, asked about coverage.

A message naming two countries goes to the exact check when it asks whether an
agreement exists or covers a benefit, whether periods carry across, whether a
benefit can be received or kept in the other country, or what rights the person
has there: a benefit named, an agreement cue (glossary) or a rights cue
(``route_cues.yaml``). When it asks for something else (a figure, a date, a contact,
a procedure, a visa, a statistic: ``other`` in ``route_cues.yaml``) it goes to
retrieval, whatever benefit or agreement it names.

A question is a coverage question when it names exactly two countries and
speaks of agreements, coverage, benefits or working/contributing in both
("soy peruano y trabajé en Argentina, ¿cuentan mis años para la pensión?").
With more countries, or no such cue, it goes to retrieval.

The benefit asked is read from the benefit mentions (:func:`asked_benefit`):
a question often names more than one ("Chilean retiree ... access to
healthcare?", "no me interesa la salud, quiero saber si ... jubilarme").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ssassist.query.analysis import QueryAnalysis
from ssassist.routing.benefit import Mention, asked_benefit
from ssassist.routing.cues import route_cues
from ssassist.routing.followup import HistoryRequest
from ssassist.routing.roles import read_roles
from ssassist.text.normalize import fold

NEGATIONS = frozenset({"not", "no", "nor", "ni"})
ARTICLES = frozenset({"the", "la", "el", "los", "las"})


# Glossary entry ids that signal a question about agreements between countries.
COVERAGE_CUES = frozenset(
    {
        "social_security_agreement",
        "bilateral_agreement",
        "multilateral_agreement",
        "inter_institutional_agreement",
        "framework_agreement",
        "portability",
        "aggregation_of_periods",
        "cmiss",
        "coiss",
        "mercosur_agreement",
        "andean_instrument",
        "caricom_agreement",
        "q_agreement_between",
        "q_is_there",
        "q_does_it_cover",
        "q_work",
        "q_contribute",
        "q_years",
        "q_lose",
        "q_both_countries",
        "q_move",
        "q_if_i_return",
    }
)


def coverage_pair(
    text: str,
    analysis: QueryAnalysis,
    countries: Sequence[tuple[Any, tuple[int, int]]],
    benefits: Sequence[Mention],
) -> tuple[str, str, str | None] | None:
    """(country A, country B, benefit or None) when the question is a coverage question."""
    codes = pair_codes(text, countries)
    if len(codes) != 2:
        return None
    cues = route_cues()
    if cues.asks_other(text):
        return None
    cue_ids = {t.entry.id for t in analysis.terms}
    if not benefits and not (cue_ids & COVERAGE_CUES) and not cues.asks_coverage(text):
        return None
    return codes[0], codes[1], asked_benefit(text, benefits)


# Glossary cues that say the countries are places worked or contributed in.
WORK_CUES = frozenset({"q_work", "q_contribute", "q_years", "aggregation_of_periods"})


def history_request(
    text: str,
    analysis: QueryAnalysis,
    countries: Sequence[tuple[Any, tuple[int, int]]],
    benefits: Sequence[Mention],
) -> HistoryRequest | None:
    """A work history when the message names three or more countries as places worked
    ("trabajé en Perú, Chile y España, ¿puedo sumar mis años?") and asks about coverage."""
    codes = pair_codes(text, countries)
    if len(codes) < 3 or route_cues().asks_other(text):
        return None
    worked = read_roles(text).worked
    cue_ids = {t.entry.id for t in analysis.terms}
    if len(worked) < 2 and not (cue_ids & WORK_CUES):
        return None
    places = worked if len(worked) >= 3 else codes
    return HistoryRequest(tuple(places), asked_benefit(text, benefits))


def pair_codes(text: str, countries: Sequence[tuple[Any, tuple[int, int]]]) -> list[str]:
    """The countries a message names as parties, in order: negated mentions ("Dominica, not
    the Dominican Republic") left out; a city or state ("vivo en Bogotá") adds its country
    when the message names only one other."""
    codes = list(dict.fromkeys(c.code for c, span in countries if not _negated(text, span[0])))
    if len(codes) == 1:
        places = [code for code, _ in route_cues().places_in(text) if code not in codes]
        codes += list(dict.fromkeys(places))
    return codes


def _negated(text: str, start: int) -> bool:
    """A mention right after a negation ("Dominica, not the Dominican Republic") is not a party."""
    before = fold(text[max(0, start - 12) : start]).replace("(", " ").split()
    return bool(before) and (
        before[-1] in NEGATIONS
        or (len(before) > 1 and before[-2] in NEGATIONS and before[-1] in ARTICLES)
    )
