"""Table and list questions answered exactly from the matrix: :func:`table_answer`.

In: the question, its :class:`~ssassist.query.analysis.QueryAnalysis`, the matrix and the
documents' metadata. Out: a complete :class:`~ssassist.models.Answer` (route "rag") for a
superlative ("which country's voluntary insurance covers the most benefits?"), a count
("¿cuántos países firmaron el COISS?"), a threshold ("more than 20 treaties") or a list
("which countries / which benefits") over the tables of the CISS technical note: Table 2
(voluntary insurance), Table 3 (bilateral extensions), Table 4 (inter-institutional
agreements), Table 5 (treaty counts), Table 6 (multilateral agreements) and the unilateral
measures of §3.1 (equal treatment, exportability, irregular migrants); or None when the
question is not clearly such a question (:mod:`~ssassist.answering.table_read`), so that
retrieval answers it.

The first line answers the question with its [n]; a compact list follows where the
question needs the table; the rows of one table share one citation ("Table 2", its rows
quoted verbatim). Where the text and the tables disagree (Saint Vincent and the
Grenadines: three benefits in the text, one mark in Table 2; Ecuador: 9 treaties in Table
5, "eight" in the text), both are said, from ``corpus/matrix/conflicts.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping

from ssassist.answering.table_bilateral import (
    bilateral_benefits,
    extensions,
    inter_institutional,
    treaty_counts,
)
from ssassist.answering.table_multilateral import agreement, multilateral
from ssassist.answering.table_read import TableQuestion, read_table_question
from ssassist.answering.table_reply import Handler, Reply
from ssassist.answering.table_unilateral import (
    equal_treatment,
    exportability,
    irregular,
    voluntary,
)
from ssassist.ingest.corpus import DocumentMeta
from ssassist.matrix.loader import Matrix
from ssassist.models import Answer
from ssassist.query.analysis import QueryAnalysis

__all__ = ["table_answer"]


def table_answer(
    question: str, analysis: QueryAnalysis, matrix: Matrix, docs: Mapping[str, DocumentMeta]
) -> Answer | None:
    """The exact answer to a table question, from the matrix, or None when ``question`` is
    not clearly a superlative, count, threshold or list question over the tables."""
    asked = read_table_question(question, analysis, matrix)
    if asked is None:
        return None
    reply = Reply(analysis.lang, docs)
    handler = _handler(asked)
    if handler is None or not handler(asked, matrix, reply):
        return None
    text, citations = reply.render()
    return Answer(
        question=question,
        answer=text,
        language=analysis.lang,
        route="rag",
        citations=citations,
        support=1.0,
    )


def _handler(q: TableQuestion) -> Handler | None:
    """Which table answers ``q`` (None: none does)."""
    if q.topic == "bilateral_extension":
        return extensions if q.form in ("count", "list") else None
    if len(q.agreements) == 1 and q.topic != "inter_institutional":
        return agreement if q.form in ("count", "list") else None
    if len(q.agreements) > 1:
        return multilateral if q.form == "superlative" else None
    by_topic: dict[str | None, Handler] = {
        "voluntary_insurance": voluntary,
        "inter_institutional": inter_institutional,
        "exportability": exportability,
        "equal_treatment": equal_treatment,
        "irregular_migrants": irregular,
        "multilateral": multilateral,
    }
    if q.topic in by_topic:
        return by_topic[q.topic]
    if q.target == "treaties" and q.topic in (None, "bilateral_treaty"):
        return treaty_counts
    if q.topic == "bilateral_treaty":
        return bilateral_benefits
    return None
