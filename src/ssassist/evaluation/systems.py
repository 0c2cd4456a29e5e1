"""The systems an eval run compares, all over the same index, chunks and embedding model.

* ``full``: the assistant as users get it (``Assistant.ask``); its retrieval is
  measured on the passages of the answer (``Answer.retrieved``), or with
  ``Assistant.retrieve`` when the answer has none (coverage route);
* ``bm25``: BM25 alone (bm25s) over the indexed chunk texts, stemmed in each
  chunk's language, no glossary and no cross-language terms;
* ``dense``: a plain llama-index retriever, ``VectorStoreIndex.from_vector_store(
  ChromaVectorStore(chroma_collection=<our collection>), embed_model=<our model>)
  .as_retriever(similarity_top_k=5)``, queried with the question as written;
* ``retrieval``: the assistant's own hybrid retrieval and answer with the
  coverage route switched off, run on coverage questions only (what the exact
  check adds).

The baselines run on factual and refusal questions: they have no verdict to
give on a coverage question.

The baselines differ from the assistant only in how passages are found: their
answer is composed by the assistant's extractive answerer (same sentence
scoring, same refusal threshold) over their top 5 passages.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from ssassist.errors import SSAssistError
from ssassist.models import Citation

TOP_K = 5
SYSTEMS: dict[str, str] = {
    "full": "full assistant",
    "bm25": "BM25 only",
    "dense": "llama-index dense (VectorStoreIndex retriever)",
    "retrieval": "plain retrieval answer (no exact check)",
}
"""System names (for ``--systems``) and their labels in reports."""


@dataclass
class SystemAnswer:
    """What one system did with one question: what the metrics need."""

    route: str
    answer: str
    language: str = ""
    citations: list[Citation] = field(default_factory=list)
    coverage: Any = None
    retrieved: list[Any] = field(default_factory=list)  # Chunk objects, best first
    seconds: float = 0.0
    error: str = ""


class System:
    """A question answering system under evaluation."""

    name = ""
    kinds: tuple[str, ...] = ("factual", "coverage", "refusal")

    def __init__(self, assistant: Any) -> None:
        self.asst = assistant

    def answer(self, question: str) -> SystemAnswer:
        raise NotImplementedError

    def run(self, question: str) -> SystemAnswer:
        """Answer, timing it; an SSAssistError becomes an answer with ``route="error"``."""
        t0 = time.perf_counter()
        try:
            out = self.answer(question)
        except SSAssistError as exc:
            out = SystemAnswer(route="error", answer="", error=str(exc))
        out.seconds = time.perf_counter() - t0
        return out

    # -- the answer shared by the retrieval-only systems -----------------------------
    def compose(
        self, question: str, hits: list[Any], query_vectors: list[list[float]]
    ) -> SystemAnswer:
        """The assistant's extractive answer (or refusal) over the given passages."""
        asst = self.asst
        analysis = asst.query_analysis(question)
        units = asst.answerer.score_units(analysis, hits, query_vectors)
        chunks = [h.chunk for h in hits]
        countries = {c.code for c, _ in analysis.mentions}
        if asst.answerer.support(units, countries) < asst.settings.answer.min_support:
            return SystemAnswer(
                route="refusal", answer="", language=analysis.lang, retrieved=chunks
            )
        body, citations = asst.answerer.compose(analysis, units)
        return SystemAnswer(
            route="rag", answer=body, language=analysis.lang, citations=citations, retrieved=chunks
        )


class FullAssistant(System):
    """The assistant through its public API."""

    name = "full"
    kinds = ("factual", "coverage", "refusal", "route")

    def answer(self, question: str) -> SystemAnswer:
        a = self.asst.ask(question)
        # The passages the answer was built from, when it has (at least) the top 5;
        # otherwise (coverage route, smaller top_k setting) what retrieval ranks.
        chunks = [self.asst.retriever.chunk(p.chunk_id) for p in a.retrieved[:TOP_K]]
        if len(chunks) < TOP_K or any(c is None for c in chunks):
            chunks = [h.chunk for h in self.asst.retrieve(question, top_k=TOP_K)]
        return SystemAnswer(
            route=a.route,
            answer=a.answer,
            language=a.language,
            citations=a.citations,
            coverage=a.coverage,
            retrieved=chunks,
        )


class Bm25Baseline(System):
    """BM25 alone over the chunk texts (no glossary, no cross-language terms)."""

    name = "bm25"
    kinds = ("factual", "refusal")  # no verdict to give on coverage questions

    def __init__(self, assistant: Any) -> None:
        import bm25s

        from ssassist.text.stems import term_stems

        super().__init__(assistant)
        self._analyze = term_stems
        self.chunks = list(assistant.retriever.chunks)
        self.model = bm25s.BM25()
        self.model.index(
            [term_stems(c.text, c.language) or ["∅"] for c in self.chunks], show_progress=False
        )

    def answer(self, question: str) -> SystemAnswer:
        import numpy as np

        from ssassist.retrieval.fusion import Hit

        lang = self.asst.query_analysis(question).lang
        terms = self._analyze(question, lang)
        hits: list[Hit] = []
        if terms:
            scores = np.asarray(self.model.get_scores(terms))
            order = sorted(range(len(scores)), key=lambda j: (-scores[j], j))[:TOP_K]
            hits = [
                Hit(chunk=self.chunks[j], score=float(scores[j]), bm25=float(scores[j]))
                for j in order
                if scores[j] > 0
            ]
        vector = self.asst.embed_model.get_query_embedding(question)
        return self.compose(question, hits, [vector])


class DenseBaseline(System):
    """A plain llama-index ``VectorStoreIndex`` retriever over our Chroma collection."""

    name = "dense"
    kinds = ("factual", "refusal")

    def __init__(self, assistant: Any) -> None:
        from llama_index.core import VectorStoreIndex
        from llama_index.vector_stores.chroma import ChromaVectorStore

        super().__init__(assistant)
        store = ChromaVectorStore(chroma_collection=assistant.index.open())
        index = VectorStoreIndex.from_vector_store(store, embed_model=assistant.embed_model)
        # llama-index's default similarity_top_k is 2, which would cap recall@5 at
        # recall@2; everything else is left at its default.
        self.retriever = index.as_retriever(similarity_top_k=TOP_K)

    def answer(self, question: str) -> SystemAnswer:
        from ssassist.retrieval.fusion import Hit

        hits = []
        for r in self.retriever.retrieve(question):
            chunk = self.asst.retriever.chunk(r.node.node_id)
            if chunk is not None:
                hits.append(
                    Hit(chunk=chunk, score=float(r.score or 0.0), dense=float(r.score or 0.0))
                )
        vector = self.asst.embed_model.get_query_embedding(question)
        return self.compose(question, hits, [vector])


class PlainRetrieval(System):
    """The assistant's hybrid retrieval and extractive answer, without the coverage route."""

    name = "retrieval"
    kinds = ("coverage",)

    def answer(self, question: str) -> SystemAnswer:
        analysis = self.asst.query_analysis(question)
        queries = self.asst.retriever.embed_queries(analysis)
        hits = self.asst.retriever.retrieve(analysis, top_k=TOP_K, queries=queries)
        return self.compose(question, hits, [v for _, v in queries])


_CLASSES: dict[str, type[System]] = {
    "full": FullAssistant,
    "bm25": Bm25Baseline,
    "dense": DenseBaseline,
    "retrieval": PlainRetrieval,
}


def build_systems(assistant: Any, names: list[str]) -> list[System]:
    """The named systems over one assistant (its index, chunks and model), in ``SYSTEMS`` order."""
    unknown = [n for n in names if n not in _CLASSES]
    if unknown:
        raise SSAssistError(
            f"unknown system(s) {', '.join(unknown)}; choose from {', '.join(SYSTEMS)}"
        )
    return [_CLASSES[n](assistant) for n in SYSTEMS if n in names]
