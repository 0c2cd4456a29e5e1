"""The one entry point of routing: a message (and its history) read into a coverage request."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ssassist.matrix import find_benefits
from ssassist.models import Turn
from ssassist.query.analysis import QueryAnalysis
from ssassist.routing.benefit import asked_benefit
from ssassist.routing.followup import FollowUp, Pair, Reading, follow_up_pair
from ssassist.routing.intent import coverage_pair

Analyze = Callable[[str], QueryAnalysis]  # a message's analysis, without translation


def read_message(text: str, analysis: QueryAnalysis) -> Reading:
    """A user message read for routing: its coverage pair, a benefit-only follow-up, or None."""
    benefits = find_benefits(text)
    pair = coverage_pair(text, analysis, analysis.mentions, benefits)
    if pair is not None:
        return pair
    if benefits and not analysis.mentions:
        return FollowUp(asked_benefit(text, benefits) or "")
    return None


def coverage_request(
    text: str, analysis: QueryAnalysis, history: Sequence[Turn], analyze: Analyze
) -> Pair | None:
    """The two countries (and benefit) when the message goes to the exact check, else None.

    A benefit-only follow-up ("¿y para invalidez?") takes the countries of the last
    coverage question in ``history``; ``analyze`` reads those earlier messages.
    """
    reading = read_message(text, analysis)
    if isinstance(reading, FollowUp) and history:
        return follow_up_pair(
            reading.benefit, history, lambda message: read_message(message, analyze(message))
        )
    return reading if isinstance(reading, tuple) else None
