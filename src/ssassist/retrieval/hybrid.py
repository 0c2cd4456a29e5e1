"""Hybrid retrieval: dense (llama-index over Chroma) + BM25 (bm25s) + cognate n-grams.

In: an analysed question. Out: the best passages (:class:`~ssassist.retrieval.fusion.Hit`).
Dense search runs twice, with the question's English and Spanish renderings, so a
Spanish question reaches English passages; BM25 matches stems and concept terms of both
renderings; the rankings are fused by :mod:`~ssassist.retrieval.fusion`.
"""

from __future__ import annotations

import math
from dataclasses import replace

import bm25s
import numpy as np
from llama_index.core import VectorStoreIndex
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import QueryBundle

from ssassist.config import RetrievalSettings
from ssassist.ingest.chunking import Chunk
from ssassist.ingest.index import ChunkIndex
from ssassist.ingest.matrix_chunks import sibling_id
from ssassist.ingest.renderings import Renderings, unit_texts
from ssassist.query.analysis import QueryAnalysis
from ssassist.query.glossary import Glossary
from ssassist.retrieval.fusion import Hit, Ranking, by_kind, fuse
from ssassist.retrieval.terms import (
    bm25_terms,
    countries_named,
    country_mentions,
    query_terms,
    uncovered_text,
)
from ssassist.text.stems import char_ngrams, term_stems


def _in_language(chunk: Chunk, lang: str, renderings: Renderings) -> str:
    """A passage's section and text in ``lang``: its own, or the renderings of its units made at
    ingest ("" for a matrix fact in the other language: that language has its own passage)."""
    if chunk.language == lang:
        return f"{chunk.section}\n{chunk.text}"
    if chunk.kind == "matrix":
        return ""
    found = (renderings.get(t, lang) for t in unit_texts(chunk))
    return " ".join(t for t in found if t)


class HybridRetriever:
    """Dense + BM25 retrieval over the chunks of a :class:`ChunkIndex`."""

    def __init__(
        self,
        index: ChunkIndex,
        embed_model: BaseEmbedding,
        glossary: Glossary,
        settings: RetrievalSettings,
        renderings: Renderings | None = None,
    ) -> None:
        self.settings = settings
        self.embed_model = embed_model
        self.glossary = glossary
        self.chunks = index.all_chunks()
        self._by_id = {c.id: c for c in self.chunks}
        self._countries = {c.id: country_mentions(c) for c in self.chunks}
        self._bm25 = bm25s.BM25()
        self._bm25.index(
            [bm25_terms(c, glossary, self._countries[c.id]) or ["∅"] for c in self.chunks],
            show_progress=False,
        )
        # For a question in a language most passages are not written in (Spanish: one
        # document of five), its own words against every passage in that language: its own
        # text, or the renderings of its units made at ingest. Dev recall@5 (es) 0.833 ->
        # 0.892 at weight 2; for English questions (against the Spanish document's English
        # renderings) it fell (0.882 -> 0.853), so a majority language gets none.
        self._rendered: dict[str, bm25s.BM25] = {}
        docs = [c for c in self.chunks if c.kind != "matrix"]
        if renderings is not None and len(renderings) and settings.rendered_weight > 0:
            for lang in ("en", "es"):
                if 2 * sum(c.language == lang for c in docs) >= len(docs):
                    continue
                texts = [term_stems(_in_language(c, lang, renderings), lang) for c in self.chunks]
                model = bm25s.BM25()
                model.index([t or ["∅"] for t in texts], show_progress=False)
                self._rendered[lang] = model
        self._ngrams = bm25s.BM25()
        self._ngrams.index(
            [char_ngrams(c.text, c.language) or ["∅"] for c in self.chunks], show_progress=False
        )
        self._dense = VectorStoreIndex.from_vector_store(
            index.vector_store, embed_model=embed_model
        ).as_retriever(similarity_top_k=settings.candidates * 3)

    def countries_named(self, chunk: Chunk) -> frozenset[str]:
        """Codes of the countries an indexed passage names (found once, at build time)."""
        found = self._countries.get(chunk.id)
        return countries_named(chunk) if found is None else frozenset(found)

    def chunk(self, chunk_id: str) -> Chunk | None:
        """The indexed chunk with this id, if any."""
        return self._by_id.get(chunk_id)

    def embed_queries(self, analysis: QueryAnalysis) -> list[tuple[str, list[float]]]:
        """The dense queries with their vectors: the English rendering, then the Spanish one.

        The model is English-only, so the English rendering carries most of the
        signal; the Spanish rendering still finds the Spanish document through
        shared vocabulary (names, acronyms, cognates).
        """
        texts = [analysis.text_en or analysis.question]
        if analysis.text_es.strip():
            texts.append(analysis.text_es)
        vectors = self.embed_model.get_text_embedding_batch(texts)
        return list(zip(texts, vectors, strict=True))

    def retrieve(
        self,
        analysis: QueryAnalysis,
        top_k: int | None = None,
        queries: list[tuple[str, list[float]]] | None = None,
    ) -> list[Hit]:
        """The ``top_k`` best chunks for an analysed question, best first.

        ``queries`` are the embedded dense queries, when the caller already has them.
        """
        rankings = self.rankings(analysis, queries)
        return self.fuse(rankings, top_k or self.settings.top_k)

    def rankings(
        self, analysis: QueryAnalysis, queries: list[tuple[str, list[float]]] | None = None
    ) -> dict[str, list[tuple[str, float]]]:
        """Each retriever's ranked (chunk id, score) list: 'dense_en', 'dense_es', 'bm25'.

        Dense scores are cosine similarities; BM25 scores are raw.
        """
        out: dict[str, list[tuple[str, float]]] = {}
        # one query when the question has no Spanish rendering: zip stops at the shorter
        for name, (text, vector) in zip(
            ("dense_en", "dense_es"), queries or self.embed_queries(analysis), strict=False
        ):
            results = self._dense.retrieve(QueryBundle(query_str=text, embedding=vector))
            # the store reports exp(-cosine distance); turn it back into a cosine
            out[name] = [
                (r.node.node_id, 1.0 + math.log(max(r.score or 1e-9, 1e-9))) for r in results
            ]
        out["bm25"] = self._top(self._bm25, query_terms(analysis))
        rendered = self._rendered.get(analysis.lang)
        if rendered is not None:
            own = term_stems(analysis.search_text or analysis.question, analysis.lang)
            out["rendered"] = self._top(rendered, list(dict.fromkeys(own)))
        if self.settings.ngram_weight > 0:
            grams = list(dict.fromkeys(char_ngrams(uncovered_text(analysis), analysis.lang)))
            out["ngram"] = self._top(self._ngrams, grams)
        if analysis.sources:
            out["source"] = self._from_sources(analysis.sources, out)
        return self._by_kind(out)

    def _by_kind(self, rankings: dict[str, Ranking]) -> dict[str, Ranking]:
        return by_kind(rankings, self._is_matrix, self.settings.candidates)

    def _from_sources(
        self, doc_ids: list[str], rankings: dict[str, list[tuple[str, float]]]
    ) -> list[tuple[str, float]]:
        """The candidates from the documents the question names, in their best rank order."""
        best: dict[str, int] = {}
        for ranked in rankings.values():
            for rank, (cid, _) in enumerate(ranked):
                chunk = self._by_id.get(cid)
                if chunk is not None and chunk.doc_id in doc_ids:
                    best[cid] = min(best.get(cid, rank), rank)
        return [(cid, 0.0) for cid in sorted(best, key=lambda c: (best[c], c))]

    def _is_matrix(self, chunk_id: str) -> bool:
        chunk = self._by_id.get(chunk_id)
        return chunk is not None and chunk.kind == "matrix"

    def _top(self, model: bm25s.BM25, terms: list[str]) -> list[tuple[str, float]]:
        """The best chunks of a BM25 model for ``terms`` (enough of each kind), with scores."""
        if not terms:
            return []
        scores = np.asarray(model.get_scores(terms))
        order = np.argsort(-scores)[: self.settings.candidates * 3]
        return [(self.chunks[j].id, float(scores[j])) for j in order if scores[j] > 0]

    def fuse(self, rankings: dict[str, Ranking], k: int) -> list[Hit]:
        """Weighted reciprocal rank fusion of the rankings.

        See :func:`~ssassist.retrieval.fusion.fuse`.
        """
        return fuse(rankings, self._by_id, self.settings, k)

    def in_language(self, hits: list[Hit], lang: str) -> list[Hit]:
        """Matrix facts are indexed in both languages: keep the variant in the user's language."""
        out: list[Hit] = []
        seen: set[str] = set()
        for hit in hits:
            if hit.chunk.kind == "matrix" and hit.chunk.language != lang:
                sibling = self.chunk(sibling_id(hit.chunk.id, lang))
                if sibling is not None:
                    hit = replace(hit, chunk=sibling)
            if hit.chunk.id not in seen:
                seen.add(hit.chunk.id)
                out.append(hit)
        return out
