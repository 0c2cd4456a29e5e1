"""Follow-up questions without an LLM: "¿y para invalidez?" after a coverage question.

A work history (three or more countries) is followed up the same way.

A follow-up that names a benefit but no country is read as being about the
same two countries as the last coverage question of the conversation, with
the new benefit. A chain of such follow-ups goes back to that question; any
other message in between ends the chain, and the follow-up is answered on
its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ssassist.models import Turn

Pair = tuple[str, str, str | None]


@dataclass(frozen=True)
class HistoryRequest:
    """A work history: three or more countries worked in, and the benefit asked (or None)."""

    countries: tuple[str, ...]
    benefit: str | None


@dataclass(frozen=True)
class FollowUp:
    """A message that names a benefit and no country."""

    benefit: str


Request = Pair | HistoryRequest  # what goes to the exact checks
# What a user message is for routing: a check request, a follow-up, or neither (None).
Reading = Request | FollowUp | None


def follow_up_pair(
    benefit: str, history: Sequence[Turn], read: Callable[[str], Reading]
) -> Request | None:
    """The coverage pair or work history a benefit-only follow-up refers to, or None."""
    for turn in reversed(history):
        if turn.role != "user":
            continue
        reading = read(turn.content)
        if isinstance(reading, tuple):
            return reading[0], reading[1], benefit
        if isinstance(reading, HistoryRequest):
            return HistoryRequest(reading.countries, benefit)
        if not isinstance(reading, FollowUp):
            return None
    return None
