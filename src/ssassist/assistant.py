"""The Assistant: the one object front ends and eval scripts talk to.

It routes a question to the exact coverage check, to retrieval with a cited
extractive answer, or to a refusal when the documents do not support an answer.
Heavy parts (embedding model, index) are loaded on first use.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from ssassist.answer import ExtractiveAnswerer
from ssassist.chunking import Chunk, chunk_document
from ssassist.citations import source_citation
from ssassist.config import Settings
from ssassist.corpus import DocumentMeta, load_corpus
from ssassist.coverage_answer import compose_coverage
from ssassist.embeddings import load_embedding_model, model_id
from ssassist.errors import EmptyQuestionError
from ssassist.followup import FollowUp, Reading, follow_up_pair
from ssassist.index import ChunkIndex, IngestReport
from ssassist.language import (
    Glossary,
    QueryAnalysis,
    add_translation,
    analyze_query,
    default_glossary,
)
from ssassist.matrix import CoverageResult, Matrix, check_coverage, find_benefits, load_matrix
from ssassist.matrix_chunks import MATRIX_DOC_ID, matrix_chunks
from ssassist.models import Answer, RetrievedPassage, Turn
from ssassist.retrieval import Hit, HybridRetriever, embed_text
from ssassist.routing import asked_benefit, coverage_pair
from ssassist.source_refs import SourceRefs
from ssassist.templates import OTHER_LANGUAGE, REFUSAL, TRUNCATED
from ssassist.translation import Translator, shared_translator

if TYPE_CHECKING:
    from ssassist.llm import AnswerJob, LLMAnswerer

log = logging.getLogger(__name__)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_T = TypeVar("_T")


class Assistant:
    """Answers questions about social security for migrants, citing its sources."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        # the lazily built parts are built by one thread; racing first questions wait for it
        self._build_lock = threading.RLock()
        self._embed_model: Any = None
        self._index: ChunkIndex | None = None
        self._retriever: HybridRetriever | None = None
        self._answerer: ExtractiveAnswerer | None = None
        self._docs: dict[str, DocumentMeta] | None = None
        self._glossary: Glossary | None = None
        self._matrix: Matrix | None = None
        self._llm: LLMAnswerer | None = None
        self._source_refs: SourceRefs | None = None

    # -- lazily loaded parts -------------------------------------------------
    def _once(self, attr: str, build: Callable[[], _T]) -> _T:
        """The part kept in ``attr``, built on first use by one thread only."""
        value = getattr(self, attr)
        if value is None:
            with self._build_lock:
                value = getattr(self, attr)
                if value is None:
                    value = build()
                    setattr(self, attr, value)
        return value

    @property
    def glossary(self) -> Glossary:
        path = self.settings.glossary_file
        if path is None:
            return default_glossary()
        return self._once("_glossary", lambda: Glossary.load(path))

    @property
    def translator(self) -> Translator | None:
        """Apertium translation of questions, or None when turned off (``SSASSIST_TRANSLATION__ENABLED``)."""
        t = self.settings.translation
        return shared_translator(t.modes_dir, t.timeout) if t.enabled else None

    @property
    def embed_model(self) -> Any:
        return self._once("_embed_model", lambda: load_embedding_model(self.settings.embedding))

    @property
    def index(self) -> ChunkIndex:
        return self._once(
            "_index", lambda: ChunkIndex(self.settings, model_id(self.settings.embedding))
        )

    @property
    def documents(self) -> dict[str, DocumentMeta]:
        """Metadata of the corpus documents, by id."""
        return self._once(
            "_docs", lambda: {d.id: d.meta for d in load_corpus(self.settings.corpus_path)}
        )

    @property
    def retriever(self) -> HybridRetriever:
        def build() -> HybridRetriever:
            self.index.open()  # fail fast, with a clear message, before loading the model
            return HybridRetriever(
                self.index, self.embed_model, self.glossary, self.settings.retrieval
            )

        return self._once("_retriever", build)

    @property
    def answerer(self) -> ExtractiveAnswerer:
        return self._once(
            "_answerer",
            lambda: ExtractiveAnswerer(
                self.embed_model,
                self.settings.answer,
                self.documents,
                countries_of=lambda chunk: self.retriever.countries_named(chunk),
            ),
        )

    @property
    def llm_answerer(self) -> LLMAnswerer | None:
        """The LLM answerer when an endpoint is configured (``SSASSIST_LLM__BASE_URL``), else None."""
        if not self.settings.llm.enabled:
            return None

        def build() -> LLMAnswerer:
            from ssassist.llm import LLMAnswerer

            return LLMAnswerer(self.settings.llm)

        return self._once("_llm", build)

    @property
    def has_matrix(self) -> bool:
        """Whether the corpus has a mechanism matrix (a bare document corpus has none)."""
        return (self.settings.corpus_path / "matrix").is_dir()

    @property
    def matrix(self) -> Matrix:
        """The mechanism matrix (corpus/matrix/), loaded once."""
        return self._once("_matrix", lambda: load_matrix(self.settings.corpus_path / "matrix"))

    def warm_up(self) -> None:
        """Load the model and the index, and embed every quotable sentence, now rather than
        on the first questions (a few seconds more at start, a fraction of a second less per answer)."""
        t0 = time.perf_counter()
        cache = self.settings.index_path / f"sentences-{self.index.model_id.replace('/', '_')}.npz"
        n = self.answerer.prepare(self.retriever.chunks, cache)
        if self.translator is not None:
            self.translator.warm_up()
        log.info("warmed up: %d sentences embedded in %.1f s", n, time.perf_counter() - t0)

    # -- ingest ----------------------------------------------------------------
    def chunks_by_doc(self) -> dict[str, list[Chunk]]:
        """Every passage that goes into the index, grouped by document."""
        chunks = {doc.id: chunk_document(doc) for doc in load_corpus(self.settings.corpus_path)}
        if self.has_matrix:
            chunks[MATRIX_DOC_ID] = matrix_chunks(self.matrix)
        return chunks

    def ingest(
        self, rebuild: bool = False, progress: Callable[[str], None] = log.info
    ) -> IngestReport:
        """Build or update the index from the corpus (idempotent)."""
        chunks = self.chunks_by_doc()
        model = self.embed_model
        report = self.index.ingest(
            chunks,
            embed_text=lambda c: embed_text(c, self.glossary),
            embed_batch=lambda texts: model.get_text_embedding_batch(texts, show_progress=True),
            rebuild=rebuild,
            progress=progress,
        )
        self._retriever = None  # re-read the chunks on next use
        return report

    # -- asking ----------------------------------------------------------------
    def _clean(self, question: str) -> tuple[str, list[str]]:
        if not isinstance(question, str):
            raise TypeError("question must be a string")
        # lone surrogates (undecodable bytes smuggled into a str) become U+FFFD; invisible
        # characters (zero-width spaces, BOM) are not content: "\u200b" is an empty question
        text = _SURROGATE.sub("\ufffd", question)
        text = _CONTROL.sub(" ", _INVISIBLE.sub("", text)).strip()
        if not text:
            raise EmptyQuestionError()
        limit = self.settings.answer.max_question_chars
        if len(text) > limit:
            return text[:limit], ["truncated"]
        return text, []

    @property
    def source_refs(self) -> SourceRefs:
        """The phrases that name each corpus document ("the regional review")."""
        return self._once(
            "_source_refs", lambda: SourceRefs({d: m.cited_as for d, m in self.documents.items()})
        )

    def analyze(self, question: str, translate: bool = True) -> QueryAnalysis:
        """The question's language, mentions and renderings; ``translate=False`` skips the machine
        translation (routing needs none; :meth:`_rag_answer` adds it when the question is searched)."""
        return analyze_query(
            question,
            self.glossary,
            sources=self.source_refs,
            translator=self.translator if translate else None,
        )

    def retrieve(self, question: str, top_k: int | None = None) -> list[Hit]:
        """The passages hybrid retrieval finds for a question (for evaluation and the details panel)."""
        text, _ = self._clean(question)
        return self.retriever.retrieve(self.analyze(text), top_k)

    def check(self, a: str, b: str, benefit: str | None = None) -> CoverageResult:
        """Exact coverage check of the matrix for two countries (names in es/en, ISO codes, aliases).

        Raises:
            UnknownCountryError: a name matches no country (with suggestions).
            UnknownBenefitError: the benefit is not a benefit id or alias.
            SameCountryError: both names are the same country.
        """
        return check_coverage(self.matrix, a, b, benefit)

    def ask(self, question: str, history: Sequence[Turn | dict[str, str]] | None = None) -> Answer:
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
        for answer in self.ask_stream(question, history):
            pass
        assert answer is not None
        return answer

    def ask_stream(
        self, question: str, history: Sequence[Turn | dict[str, str]] | None = None
    ) -> Iterator[Answer]:
        """Like ``ask``, but yields the answer as it grows; the last one yielded is complete.

        The extractive answerer yields once. With an LLM configured, a follow-up
        is first made standalone with the history, the model's tokens are
        streamed, and the last answer is the validated one, or the extractive
        answer with a notice when the endpoint fails or the answer does not hold.
        """
        t0 = time.perf_counter()
        text, flags = self._clean(question)
        turns = [t if isinstance(t, Turn) else Turn.model_validate(t) for t in history or []]
        analysis = self.analyze(text, translate=False)
        lang = analysis.lang
        notices = [TRUNCATED[lang].format(n=len(text))] if "truncated" in flags else []
        if analysis.detected not in ("es", "en"):
            notices.append(OTHER_LANGUAGE[lang])
        timings = {"analyze": time.perf_counter() - t0}

        pair = self._coverage_pair(text, analysis, turns)
        llm = self.llm_answerer
        query, failure = text, None
        if llm is not None and pair is None and turns:
            t1 = time.perf_counter()
            condensed = llm.condense(text, turns, lang, self.settings.answer.max_question_chars)
            timings["condense"] = time.perf_counter() - t1
            query, failure = condensed.question, condensed.failure
            if query != text:  # answered in the user's language whatever the rewording's
                analysis = replace(self.analyze(query, translate=False), lang=lang)
                pair = self._coverage_pair(query, analysis, [])
        if pair is not None:
            answer = self.coverage_answer(*pair, lang=lang, question=text)
            answer.notices = notices
            answer.timings = {**timings, **answer.timings, "total": time.perf_counter() - t0}
        else:
            answer = self._rag_answer(query, analysis, notices, timings)
            answer.question = text
            answer.timings["total"] = time.perf_counter() - t0
        if llm is None or answer.route == "refusal":
            yield answer
            return
        for streamed in llm.stream(self._llm_job(query, lang, answer, failure)):
            streamed.timings["total"] = time.perf_counter() - t0
            yield streamed

    def _llm_job(self, query: str, lang: str, answer: Answer, failure: str | None) -> AnswerJob:
        """What the LLM needs: the passages behind ``answer`` (the extractive fallback), numbered."""
        from ssassist.llm import AnswerJob, Passage
        from ssassist.llm.answerer import passages_of

        if answer.route == "coverage":
            return AnswerJob(query, lang, answer, passages_of(answer.citations), failure=failure)
        passages = []
        for rp in answer.retrieved:
            chunk = self.retriever.chunk(rp.chunk_id)
            if chunk is not None:
                n = len(passages) + 1
                citation = self.answerer.citation(n, chunk, chunk.text)
                passages.append(Passage(n, chunk.title, chunk.section, chunk.text, citation))
        tool = partial(self.coverage_answer, lang=lang) if self.has_matrix else None
        return AnswerJob(query, lang, answer, passages, tool=tool, failure=failure)

    def _reading(self, text: str, analysis: QueryAnalysis | None = None) -> Reading:
        """A user message read for routing: its coverage pair, a benefit-only follow-up, or None."""
        analysis = analysis or self.analyze(text, translate=False)
        benefits = find_benefits(text)
        pair = coverage_pair(text, analysis, analysis.mentions, benefits)
        if pair is not None:
            return pair
        if benefits and not analysis.mentions:
            return FollowUp(asked_benefit(text, benefits) or "")
        return None

    def _coverage_pair(
        self, text: str, analysis: QueryAnalysis, history: Sequence[Turn]
    ) -> tuple[str, str, str | None] | None:
        """The two countries (and benefit) when the question goes to the exact check."""
        if not self.has_matrix:
            return None
        reading = self._reading(text, analysis)
        if isinstance(reading, FollowUp) and history:
            return follow_up_pair(reading.benefit, history, self._reading)
        return reading if isinstance(reading, tuple) else None

    def _rag_answer(
        self, text: str, analysis: QueryAnalysis, notices: list[str], timings: dict[str, float]
    ) -> Answer:
        """Retrieval and a cited extractive answer, or a refusal when the evidence is weak."""
        lang = analysis.lang
        t1 = time.perf_counter()
        if self.translator is not None:
            analysis = add_translation(analysis, self.translator)
            timings["translate"] = time.perf_counter() - t1
            t1 = time.perf_counter()
        retriever = self.retriever
        queries = retriever.embed_queries(analysis)
        hits = self._in_language(retriever.retrieve(analysis, queries=queries), lang)
        timings["retrieve"] = time.perf_counter() - t1

        t2 = time.perf_counter()
        units = self.answerer.score_units(analysis, hits, [v for _, v in queries])
        support = self.answerer.support(units, {c.code for c, _ in analysis.mentions})
        retrieved = [
            RetrievedPassage(
                chunk_id=h.chunk.id,
                doc_id=h.chunk.doc_id,
                section=h.chunk.section,
                score=h.score,
                dense=h.dense,
                bm25=h.bm25,
                text=h.chunk.text,
            )
            for h in hits
        ]
        if support < self.settings.answer.min_support:
            answer = Answer(
                question=text,
                answer=self._refusal(lang),
                language=lang,
                route="refusal",
                notices=notices,
                support=support,
                retrieved=retrieved,
            )
        else:
            body, citations = self.answerer.compose(analysis, units)
            answer = Answer(
                question=text,
                answer=body,
                language=lang,
                route="rag",
                citations=citations,
                notices=notices,
                support=support,
                retrieved=retrieved,
            )
        timings["answer"] = time.perf_counter() - t2
        answer.timings = timings
        return answer

    def _in_language(self, hits: list[Hit], lang: str) -> list[Hit]:
        """Matrix facts are indexed in both languages: keep the variant in the user's language."""
        out: list[Hit] = []
        seen: set[str] = set()
        for hit in hits:
            if hit.chunk.kind == "matrix" and hit.chunk.language != lang:
                sibling = self.retriever.chunk(hit.chunk.id.rsplit(":", 1)[0] + f":{lang}")
                if sibling is not None:
                    hit = replace(hit, chunk=sibling)
            if hit.chunk.id not in seen:
                seen.add(hit.chunk.id)
                out.append(hit)
        return out

    def coverage_answer(
        self, a: str, b: str, benefit: str | None = None, lang: str = "en", question: str = ""
    ) -> Answer:
        """The exact check for two countries, worded in ``lang`` with its cited sources."""
        t0 = time.perf_counter()
        result = self.check(a, b, benefit)
        body, citations = compose_coverage(result, lang, partial(source_citation, self.documents))
        return Answer(
            question=question or f"{a} / {b}" + (f" / {benefit}" if benefit else ""),
            answer=body,
            language=lang,
            route="coverage",  # type: ignore[arg-type]
            citations=citations,
            coverage=result,
            support=1.0,
            timings={"check": time.perf_counter() - t0},
        )

    def _refusal(self, lang: str) -> str:
        titles = "; ".join(
            f"{m.title} ({m.publisher}, {m.year or 'n.d.'})" for m in self.documents.values()
        )
        return REFUSAL[lang].format(titles=titles)
