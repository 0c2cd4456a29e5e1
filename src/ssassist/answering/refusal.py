"""Refusals: when the evidence does not answer the question, say so instead of quoting.

In: the support of the best evidence (:func:`~ssassist.answering.scoring.support`) and
what the question asks for. Out: whether the question is on the documents' topic, and
the refusal in the asker's language: "the documents don't say <what was asked>", with
the nearest thing they do say in one cited line, or, off the documents' topic, the
plain refusal naming the documents the assistant answers from.
"""

from __future__ import annotations

from collections.abc import Mapping

from ssassist.config import AnswerSettings
from ssassist.ingest.corpus import DocumentMeta
from ssassist.templates import DONT_SAY, NOT_SAID, REFUSAL


def is_on_topic(support: float, settings: AnswerSettings) -> bool:
    """Whether the best evidence reaches ``min_support``: close enough to name it as what the
    documents say nearby, and, when no answerability model is fitted, to answer with it."""
    return support >= settings.min_support


def refusal_text(docs: Mapping[str, DocumentMeta], lang: str) -> str:
    """The refusal in ``lang``, naming the documents the answers come from (short titles)."""
    titles = "; ".join(m.short(lang) for m in docs.values())
    return REFUSAL[lang].format(titles=titles)


def dont_say_text(kinds: frozenset[str], lang: str, nearby: str) -> str:
    """ "The documents don't say <what was asked>", then ``nearby``: the closest cited line."""
    said = NOT_SAID[lang]
    what = next((said[k] for k in said if k in kinds), said["default"])
    return DONT_SAY[lang].format(what=what, nearby=nearby)
