"""The Assistant: the one object front ends and eval scripts talk to.

A question is cleaned, then routed (:mod:`ssassist.routing`): to the exact coverage
check (:mod:`ssassist.matrix`, worded by :mod:`ssassist.answering.coverage`), or to
retrieval (:mod:`ssassist.retrieval`) with a cited extractive answer, or a refusal
when the evidence does not answer it (:mod:`ssassist.answering`). The parts it
answers with are passed in or built on first use (:class:`~ssassist.parts.Parts`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from ssassist.answering import exact
from ssassist.answering.refusal import is_on_topic, refusal_text
from ssassist.answering.tables import table_answer
from ssassist.answering.units import Unit
from ssassist.config import Settings
from ssassist.ingest import build
from ssassist.ingest.chunking import Chunk
from ssassist.ingest.index import IngestReport
from ssassist.matrix import CoverageResult, check_coverage
from ssassist.matrix.history import check_history
from ssassist.matrix.history_models import HistoryResult
from ssassist.models import Answer, Turn
from ssassist.parts import _UNSET, Parts
from ssassist.query.analysis import QueryAnalysis, add_translation, analyze_query
from ssassist.retrieval.fusion import Hit
from ssassist.routing.followup import Request
from ssassist.routing.read import coverage_request
from ssassist.templates import OTHER_LANGUAGE, TRUNCATED
from ssassist.text.clean import clean_question
from ssassist.timing import Stopwatch

log = logging.getLogger(__name__)
# asked once at warm-up, one in each language (answered from the documents, not the check)
WARM_UP_QUESTIONS = (
    "¿Qué es el seguro voluntario para migrantes?",
    "What is the principle of equal treatment?",
)
History = Sequence[Turn | dict[str, str]]


def _part(name: str, doc: str) -> property:
    return property(lambda self: getattr(self.parts, name), doc=doc)


class Assistant:
    """Answers questions about social security for migrants, citing its sources.

    Every part may be passed in (``embed_model``, ``translator`` (None: no machine
    translation), ``glossary``, ``matrix``, ``llm``); the others are built from
    ``settings`` on first use.
    """

    embed_model = _part("embed_model", "The sentence-embedding model (llama-index).")
    index = _part("index", "The passage index (a local folder or a Chroma server).")
    retriever = _part("retriever", "Hybrid retrieval over the index.")
    answerer = _part("answerer", "The extractive answerer.")
    documents = _part("documents", "Metadata of the corpus documents, by id.")
    glossary = _part("glossary", "The Spanish-English glossary.")
    matrix = _part("matrix", "The mechanism matrix (corpus/matrix/).")
    translator = _part("translator", "Apertium translation of questions, or None.")
    has_matrix = _part("has_matrix", "Whether the corpus has a mechanism matrix.")
    llm_answerer = _part("llm", "The LLM answerer when an endpoint is configured, else None.")

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embed_model: Any = None,
        translator: Any = _UNSET,
        glossary: Any = None,
        matrix: Any = None,
        llm: Any = None,
    ) -> None:
        self.settings = settings or Settings()
        self.parts = Parts(
            self.settings,
            embed_model=embed_model,
            translator=translator,
            glossary=glossary,
            matrix=matrix,
            llm=llm,
        )

    def warm_up(self) -> None:
        """Load the model, the index, the sentence vectors and the renderings now, and answer
        one question in each language, so that the first person's question waits for nothing
        built on first use (cue patterns, stemmers, the table reader, the answer model)."""
        build.warm_up(self.parts)
        for question in WARM_UP_QUESTIONS:  # routed and answered, without the optional LLM
            analysis = self.query_analysis(question, translate=False)
            self._route(question, analysis, [])
            self._rag_answer(question, analysis, Stopwatch())

    def chunks_by_doc(self) -> dict[str, list[Chunk]]:
        """Every passage that goes into the index, grouped by document."""
        return build.chunks_by_doc(self.parts)

    def ingest(
        self, rebuild: bool = False, progress: Callable[[str], None] = log.info
    ) -> IngestReport:
        """Build or update the index from the corpus (idempotent)."""
        return build.ingest(self.parts, rebuild, progress)

    # -- reading a question ----------------------------------------------------
    def query_analysis(self, question: str, translate: bool = True) -> QueryAnalysis:
        """The question's language, mentions and renderings; ``translate=False`` skips the
        machine translation (routing needs none; retrieval adds it)."""
        translator = self.translator if translate else None
        return analyze_query(
            question, self.glossary, sources=self.parts.source_refs, translator=translator
        )

    def retrieve(self, question: str, top_k: int | None = None) -> list[Hit]:
        """The passages hybrid retrieval finds for a question (evaluation, details panel)."""
        text, _ = clean_question(question, self.settings.answer.max_question_chars)
        return self.retriever.retrieve(self.query_analysis(text), top_k)

    def check(self, a: str, b: str, benefit: str | None = None) -> CoverageResult:
        """Exact coverage check of the matrix for two countries.

        Countries may be named in Spanish or English, by ISO code or by an alias.

        Raises:
            UnknownCountryError: a name matches no country (with suggestions).
            UnknownBenefitError: the benefit is not a benefit id or alias.
            SameCountryError: both names are the same country.
        """
        return check_coverage(self.matrix, a, b, benefit)

    # -- asking ----------------------------------------------------------------
    def ask(self, question: str, history: History | None = None) -> Answer:
        """Answer a question in its own language (Spanish or English), with citations.

        ``history`` holds the earlier messages of the conversation, oldest first
        (``Turn`` or ``{"role": ..., "content": ...}``): a follow-up such as
        "¿y para invalidez?" after a coverage question is checked for the same
        two countries.

        Raises:
            EmptyQuestionError: the question is empty or whitespace.
            IndexMissingError / IndexMismatchError: the index must be (re)built.
        """
        answer: Answer | None = None
        for update in self.ask_stream(question, history):
            answer = update
        assert answer is not None
        return answer

    def ask_stream(self, question: str, history: History | None = None) -> Iterator[Answer]:
        """Like ``ask``, but yields the answer as it grows; the last one yielded is complete.

        The extractive answerer yields once. With an LLM configured, a follow-up
        is first made standalone with the history, the model's tokens are
        streamed, and the last answer is the validated one, or the extractive
        answer with a notice when the endpoint fails or the answer does not hold.
        """
        watch = Stopwatch()
        with watch.stage("analyze"):
            text, cut = clean_question(question, self.settings.answer.max_question_chars)
            turns = [t if isinstance(t, Turn) else Turn.model_validate(t) for t in history or []]
            analysis = self.query_analysis(text, translate=False)
        lang = analysis.lang
        notices = [TRUNCATED[lang].format(n=len(text))] if cut else []
        if analysis.detected not in ("es", "en"):
            notices.append(OTHER_LANGUAGE[lang])

        pair = self._route(text, analysis, turns)
        llm = self.llm_answerer
        query, failure = text, None
        if llm is not None and pair is None and turns:
            with watch.stage("condense"):
                condensed = llm.condense(text, turns, lang, self.settings.answer.max_question_chars)
            query, failure = condensed.question, condensed.failure
            if query != text:  # answered in the user's language whatever the rewording's
                analysis = replace(self.query_analysis(query, translate=False), lang=lang)
                pair = self._route(query, analysis, [])
        if pair is not None:
            earlier = [t.content for t in turns if t.role == "user"]
            answer = exact.answer_request(self.matrix, self.documents, pair, text, lang, earlier)
            answer.timings = {**watch.timings, **answer.timings}
        else:
            answer = self._rag_answer(query, analysis, watch)
            answer.question = text
        answer.notices = notices
        answer.timings["total"] = watch.total()
        if llm is None or answer.route == "refusal":
            yield answer
            return
        for streamed in llm.stream(self._llm_job(query, lang, answer, failure)):
            streamed.timings["total"] = watch.total()
            yield streamed

    def _route(self, text: str, analysis: QueryAnalysis, history: Sequence[Turn]) -> Request | None:
        """The coverage pair when the message goes to the exact check, else None (retrieval)."""
        if not self.has_matrix:
            return None
        return coverage_request(
            text, analysis, history, lambda m: self.query_analysis(m, translate=False)
        )

    def evidence(
        self, analysis: QueryAnalysis, watch: Stopwatch | None = None
    ) -> tuple[QueryAnalysis, list[Hit], list[Unit]]:
        """The question with its translation, the passages retrieved and their units scored."""
        watch = watch or Stopwatch()
        if self.translator is not None:
            with watch.stage("translate"):
                analysis = add_translation(analysis, self.translator)
        with watch.stage("retrieve"):
            retriever = self.retriever
            queries = retriever.embed_queries(analysis)
            hits = retriever.in_language(
                retriever.retrieve(analysis, queries=queries), analysis.lang
            )
        with watch.stage("answer"):
            units = self.answerer.score_units(analysis, hits, [v for _, v in queries])
        return analysis, hits, units

    def _rag_answer(self, text: str, analysis: QueryAnalysis, watch: Stopwatch) -> Answer:
        """Retrieval and a cited extractive answer, or "the documents don't say"."""
        lang = analysis.lang
        if self.has_matrix:  # "which countries…", "the most…", "how many…" over the tables
            with watch.stage("answer"):
                table = table_answer(text, analysis, self.matrix, self.documents)
            if table is not None:
                table.timings = dict(watch.timings)
                return table
        analysis, hits, units = self.evidence(analysis, watch)
        with watch.stage("answer"):
            support = self.answerer.support(units, {c.code for c, _ in analysis.mentions})
            answer = Answer(
                question=text, answer="", language=lang, route="refusal", support=support,
                retrieved=[h.passage() for h in hits],
            )  # fmt: skip
            answered = self.answerer.decide(analysis, units, support)
            if answered:
                answer.answer, answer.citations = self.answerer.compose(analysis, units)
                answer.route = "rag"
            elif is_on_topic(support, self.settings.answer) and units:
                answer.answer, answer.citations = self.answerer.nearby(analysis, units)
            else:
                answer.answer = refusal_text(self.documents, lang)
        answer.timings = dict(watch.timings)
        return answer

    def _llm_job(self, query: str, lang: str, answer: Answer, failure: str | None) -> Any:
        """What the LLM needs: the passages behind ``answer`` (the extractive fallback)."""
        from ssassist.llm.job import answer_job

        tool = partial(self.coverage_answer, lang=lang) if self.has_matrix else None
        return answer_job(
            query, lang, answer, failure,
            chunk_of=self.retriever.chunk, cite=self.answerer.citation, tool=tool,
        )  # fmt: skip

    def coverage_answer(
        self,
        a: str,
        b: str,
        benefit: str | None = None,
        lang: str = "en",
        question: str = "",
        *,
        nationality: str | None = None,
        residence: str | None = None,
    ) -> Answer:
        """The exact check for two countries, worded in ``lang`` with its sources; the roles
        (names or codes, or None: a symmetric pair) say which unilateral measures apply."""
        person = (nationality, residence)
        return exact.coverage_answer(
            self.matrix, self.documents, (a, b), benefit, lang, question, person
        )

    def check_history(
        self,
        countries: Sequence[str],
        benefit: str | None = None,
        *,
        nationality: str | None = None,
        residence: str | None = None,
    ) -> HistoryResult:
        """Which countries of a work history add their years together, under which instrument
        (docs/work_history.md). Raises UnknownCountryError, TooFewCountriesError."""
        return check_history(
            self.matrix, countries, benefit, nationality=nationality, residence=residence
        )

    def history_answer(
        self,
        countries: Sequence[str],
        benefit: str | None = None,
        lang: str = "en",
        question: str = "",
        *,
        nationality: str | None = None,
        residence: str | None = None,
    ) -> Answer:
        """The work-history check, worded in ``lang`` with its cited sources."""
        person = (nationality, residence)
        return exact.history_answer(
            self.matrix, self.documents, countries, benefit, lang, question, person
        )
