"""The extractive answerer (no LLM): scored units of the retrieved passages, quoted and cited.

In: the analysed question and the retrieved passages. Out: the support of the best
evidence (what the refusal decision reads) and, when it is enough, the answer text
with [n] markers and its citations. This class only holds the parts the steps share
(the sentence vectors, the passages' kept split, the document metadata); the steps
live in :mod:`~ssassist.answering.scoring` and :mod:`~ssassist.answering.compose`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from llama_index.core.base.embeddings.base import BaseEmbedding

from ssassist.answering import compose as composing
from ssassist.answering import scoring
from ssassist.answering.citations import passage_citation
from ssassist.answering.compose import Quote
from ssassist.answering.cues import load_cues
from ssassist.answering.evidence_model import AnswerModel, Asked, model_for
from ssassist.answering.refusal import dont_say_text, is_on_topic
from ssassist.answering.units import PassageParts, Unit, key_terms
from ssassist.config import AnswerSettings
from ssassist.ingest.chunking import Chunk
from ssassist.ingest.corpus import DocumentMeta
from ssassist.models import Citation
from ssassist.query.analysis import QueryAnalysis
from ssassist.retrieval.fusion import Hit
from ssassist.retrieval.terms import countries_named


class ExtractiveAnswerer:
    """Composes a short cited answer from retrieved passages, or says the evidence is too weak."""

    def __init__(
        self,
        embed_model: BaseEmbedding,
        settings: AnswerSettings,
        docs: dict[str, DocumentMeta],
        countries_of: Callable[[Chunk], Collection[str]] = countries_named,
    ) -> None:
        self.settings = settings
        self.docs = docs
        # codes of the countries a passage names; the assistant passes the retriever's, found once
        self.countries_of = countries_of
        self.vectors = scoring.SentenceVectors(embed_model)
        self.parts = PassageParts()
        # (verbatim unit, language) -> its stored rendering; set by the parts once built
        self.render: composing.Render | None = None
        self.model: AnswerModel | None = model_for(embed_model)

    def prepare(self, chunks: list[Chunk], cache_file: Path | None = None) -> int:
        """Embed every quotable unit now (see :meth:`SentenceVectors.prepare`)."""
        return self.vectors.prepare(chunks, cache_file)

    def score_units(
        self, analysis: QueryAnalysis, hits: list[Hit], query_vectors: list[list[float]]
    ) -> list[Unit]:
        """Every unit of the top passages, scored, best first."""
        return scoring.score_units(
            analysis, hits, query_vectors,
            vectors=self.vectors, parts=self.parts, settings=self.settings,
        )  # fmt: skip

    def support(self, units: list[Unit], countries: Collection[str] = ()) -> float:
        """The best evidence, counting only passages naming the question's countries."""
        return scoring.support(units, countries, self.countries_of)

    def decide(self, analysis: QueryAnalysis, units: list[Unit], support: float) -> bool:
        """Whether the evidence answers the question; ranks the units for the answer.

        With the fitted model (:mod:`~ssassist.answering.evidence_model`), each unit gets
        its answer score and the answerability decision reads several signals; without
        one, the best evidence is compared with ``min_support``.
        """
        if self.model is None:
            return is_on_topic(support, self.settings)
        asked = Asked.of(analysis)
        scores, odds = self.model.decide(asked, units, len(key_terms(analysis)))
        for u, score in zip(units, scores, strict=True):
            u.answer = float(score)
        return odds >= self.model.threshold

    def nearby(self, analysis: QueryAnalysis, units: list[Unit]) -> tuple[str, list[Citation]]:
        """ "The documents don't say …", with the nearest thing they say in one cited line."""
        settings = self.settings.model_copy(update={"max_quotes": 0})
        line, citations = composing.compose(
            analysis, units, parts=self.parts, settings=settings, cite=self.citation,
            render=self.render, name=self.source_name,
        )  # fmt: skip
        kinds = load_cues().asked(analysis.question)
        return dont_say_text(kinds, analysis.lang, line), citations

    def compose(self, analysis: QueryAnalysis, units: list[Unit]) -> tuple[str, list[Citation]]:
        """The answer text with [n] markers, and its citations (one per passage)."""
        return composing.compose(
            analysis, units, parts=self.parts, settings=self.settings, cite=self.citation,
            render=self.render, name=self.source_name,
        )  # fmt: skip

    def source_name(self, chunk: Chunk, lang: str) -> str:
        """How running text names the document a passage (or a matrix fact) comes from."""
        meta = self.docs.get(chunk.source_doc if chunk.kind == "matrix" else chunk.doc_id)
        return meta.short(lang) if meta else ""

    def select(self, analysis: QueryAnalysis, units: list[Unit]) -> list[Quote]:
        """The passages' spans to quote, best first."""
        return composing.select(analysis, units, parts=self.parts, settings=self.settings)

    def citation(self, n: int, chunk: Chunk, quote: str) -> Citation:
        """Citation of a passage.

        A matrix passage cites the document passage it was transcribed from.
        """
        return passage_citation(self.docs, n, chunk, quote)
