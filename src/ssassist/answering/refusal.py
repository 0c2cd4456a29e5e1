"""Refusals: when the evidence does not answer the question, say so instead of quoting.

In: the support of the best evidence (:func:`~ssassist.answering.scoring.support`).
Out: whether the question is answered, and the refusal in the asker's language,
naming the documents the assistant answers from.
"""

from __future__ import annotations

from collections.abc import Mapping

from ssassist.config import AnswerSettings
from ssassist.ingest.corpus import DocumentMeta
from ssassist.templates import REFUSAL


def is_answered(support: float, settings: AnswerSettings) -> bool:
    """Whether the best evidence reaches the calibrated threshold (``min_support``)."""
    return support >= settings.min_support


def refusal_text(docs: Mapping[str, DocumentMeta], lang: str) -> str:
    """The refusal in ``lang``, naming the documents the answers come from."""
    titles = "; ".join(f"{m.title} ({m.publisher}, {m.year or 'n.d.'})" for m in docs.values())
    return REFUSAL[lang].format(titles=titles)
