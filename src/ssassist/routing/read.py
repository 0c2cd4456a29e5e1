"""The one entry point of routing: a message (and its history) read into a coverage request."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ssassist.matrix import find_benefits
from ssassist.models import Turn
from ssassist.query.analysis import QueryAnalysis
from ssassist.routing.benefit import asked_benefit
from ssassist.routing.followup import FollowUp, Reading, Request, follow_up_pair
from ssassist.routing.intent import coverage_pair, history_request

Analyze = Callable[[str], QueryAnalysis]  # a message's analysis, without translation


def read_message(text: str, analysis: QueryAnalysis) -> Reading:
    """A user message read for routing: its coverage pair, a benefit-only follow-up, or None."""
    benefits = find_benefits(text)
    pair = coverage_pair(text, analysis, analysis.mentions, benefits)
    if pair is not None:
        return pair
    history = history_request(text, analysis, analysis.mentions, benefits)
    if history is not None:
        return history
    if benefits and not analysis.mentions:
        return FollowUp(asked_benefit(text, benefits) or "")
    return None


def coverage_request(
    text: str, analysis: QueryAnalysis, history: Sequence[Turn], analyze: Analyze
) -> Request | None:
    """The two countries (and benefit), or the work history, when the message goes to the
    exact checks; else None.

    A benefit-only follow-up ("¿y para invalidez?") takes the countries of the last
    coverage question in ``history``; ``analyze`` reads those earlier messages.
    """
    reading = read_message(text, analysis)
    if isinstance(reading, FollowUp) and history:
        return follow_up_pair(
            reading.benefit, history, lambda message: read_message(message, analyze(message))
        )
    return None if reading is None or isinstance(reading, FollowUp) else reading
