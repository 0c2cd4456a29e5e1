"""Answers from the exact checks: a pair of countries, or a work history.

In: the matrix, the documents' metadata and what routing read (countries, benefit,
roles). Out: an :class:`~ssassist.models.Answer` with route "coverage" whose words come
from :mod:`~ssassist.answering.coverage` or :mod:`~ssassist.answering.history`, never
from generated text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial

from ssassist.answering.citations import source_citation
from ssassist.answering.coverage import compose_coverage
from ssassist.answering.history import compose_history
from ssassist.ingest.corpus import DocumentMeta
from ssassist.matrix import Matrix, check_coverage
from ssassist.matrix.access import access_summary
from ssassist.matrix.countries import resolve_country
from ssassist.matrix.history import check_history
from ssassist.models import Answer
from ssassist.routing.followup import HistoryRequest, Request
from ssassist.routing.roles import read_roles
from ssassist.timing import Stopwatch


def coverage_answer(
    matrix: Matrix,
    documents: Mapping[str, DocumentMeta],
    a: str,
    b: str,
    benefit: str | None,
    lang: str,
    question: str,
    *,
    nationality: str | None = None,
    residence: str | None = None,
) -> Answer:
    """The exact check for two countries with the person's access, worded in ``lang``."""
    watch = Stopwatch()
    with watch.stage("check"):
        result = check_coverage(matrix, a, b, benefit)
        roles = [resolve_country(c).code if c else None for c in (nationality, residence)]
        access = access_summary(matrix, result, nationality=roles[0], residence=roles[1])
        body, citations = compose_coverage(
            result, lang, partial(source_citation, documents), access=access
        )
    return Answer(
        question=question or f"{a} / {b}" + (f" / {benefit}" if benefit else ""),
        answer=body, language=lang, route="coverage",  # type: ignore[arg-type]
        citations=citations, coverage=result, access=access, support=1.0, timings=watch.timings,
    )  # fmt: skip


def history_answer(
    matrix: Matrix,
    documents: Mapping[str, DocumentMeta],
    countries: Sequence[str],
    benefit: str | None,
    lang: str,
    question: str,
    *,
    nationality: str | None = None,
    residence: str | None = None,
) -> Answer:
    """The work-history check for three or more countries, worded in ``lang``."""
    watch = Stopwatch()
    with watch.stage("check"):
        result = check_history(
            matrix, countries, benefit, nationality=nationality, residence=residence
        )
        body, citations = compose_history(result, lang, partial(source_citation, documents))
    return Answer(
        question=question or " / ".join([*countries, *([benefit] if benefit else [])]),
        answer=body, language=lang, route="coverage",  # type: ignore[arg-type]
        citations=citations, history=result, support=1.0, timings=watch.timings,
    )  # fmt: skip


def answer_request(
    matrix: Matrix,
    documents: Mapping[str, DocumentMeta],
    request: Request,
    text: str,
    lang: str,
) -> Answer:
    """The answer to a routed message: a pair check or a work history, framed by the roles
    the message states (a role outside the pair frames nothing for the pair)."""
    roles = read_roles(text)
    if isinstance(request, HistoryRequest):
        answer = history_answer(
            matrix, documents, request.countries, request.benefit, lang, text,
            nationality=roles.nationality, residence=roles.residence,
        )  # fmt: skip
    else:
        nationality, residence = (
            code if code in request[:2] else None for code in (roles.nationality, roles.residence)
        )
        answer = coverage_answer(
            matrix, documents, request[0], request[1], request[2], lang, text,
            nationality=nationality, residence=residence,
        )  # fmt: skip
    answer.roles = roles
    return answer
