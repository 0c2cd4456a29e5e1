"""Answers from the exact checks: a pair of countries, or a work history.

In: the matrix, the documents' metadata and what routing read (countries, benefit,
roles). Out: an :class:`~ssassist.models.Answer` with route "coverage" whose words come
from :mod:`~ssassist.answering.coverage` or :mod:`~ssassist.answering.history`, never
from generated text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from ssassist.answering.citations import source_citation
from ssassist.answering.coverage import compose_coverage
from ssassist.answering.history import compose_history
from ssassist.ingest.corpus import DocumentMeta
from ssassist.matrix import Matrix, check_coverage
from ssassist.matrix.access import access_summary
from ssassist.matrix.countries import resolve_country
from ssassist.matrix.history import check_history
from ssassist.models import Answer, Citation
from ssassist.routing.followup import HistoryRequest, Request
from ssassist.routing.roles import read_roles
from ssassist.timing import Stopwatch

Person = tuple[str | None, str | None]  # (nationality, residence): names, codes or None


def coverage_answer(
    matrix: Matrix,
    documents: Mapping[str, DocumentMeta],
    pair: tuple[str, str],
    benefit: str | None,
    lang: str,
    question: str = "",
    person: Person = (None, None),
) -> Answer:
    """The exact check for two countries with the person's access, worded in ``lang``."""
    watch = Stopwatch()
    with watch.stage("check"):
        result = check_coverage(matrix, *pair, benefit)
        nationality, residence = (resolve_country(c).code if c else None for c in person)
        access = access_summary(matrix, result, nationality=nationality, residence=residence)
        body, citations = compose_coverage(
            result, lang, partial(source_citation, documents), access=access
        )
    asked = question or " / ".join([*pair, *([benefit] if benefit else [])])
    return _answer(asked, body, citations, lang, watch, coverage=result, access=access)


def history_answer(
    matrix: Matrix,
    documents: Mapping[str, DocumentMeta],
    countries: Sequence[str],
    benefit: str | None,
    lang: str,
    question: str = "",
    person: Person = (None, None),
) -> Answer:
    """The work-history check for three or more countries, worded in ``lang``."""
    watch = Stopwatch()
    with watch.stage("check"):
        nationality, residence = person
        result = check_history(
            matrix, countries, benefit, nationality=nationality, residence=residence
        )
        body, citations = compose_history(result, lang, partial(source_citation, documents))
    asked = question or " / ".join([*countries, *([benefit] if benefit else [])])
    return _answer(asked, body, citations, lang, watch, history=result)


def _answer(
    question: str, body: str, citations: list[Citation], lang: str, watch: Stopwatch, **found: Any
) -> Answer:
    """An answer of the exact checks: route "coverage", full support, the check's timings."""
    return Answer(
        question=question, answer=body, language=lang, route="coverage",  # type: ignore[arg-type]
        citations=citations, support=1.0, timings=watch.timings, **found,
    )  # fmt: skip


def answer_request(
    matrix: Matrix,
    documents: Mapping[str, DocumentMeta],
    request: Request,
    text: str,
    lang: str,
    earlier: Sequence[str] = (),
) -> Answer:
    """The answer to a routed message: a pair check or a work history, framed by the roles
    the message states (a role outside the pair frames nothing for the pair).

    A follow-up that states no role ("¿y para invalidez?") keeps the roles of the latest
    earlier message (``earlier``: the user's messages, oldest first) that stated one.
    """
    roles = read_roles(text)
    for message in reversed(earlier):
        if roles.directed:
            break
        roles = read_roles(message)
    if isinstance(request, HistoryRequest):
        person = (roles.nationality, roles.residence)
        answer = history_answer(
            matrix, documents, request.countries, request.benefit, lang, text, person
        )
    else:
        in_pair = tuple(
            c if c in request[:2] else None for c in (roles.nationality, roles.residence)
        )
        answer = coverage_answer(
            matrix,
            documents,
            request[:2],
            request[2],
            lang,
            text,
            in_pair,  # type: ignore[arg-type]
        )
    answer.roles = roles
    return answer
