"""Hybrid retrieval: dense (llama-index over Chroma) + BM25 (bm25s), fused by reciprocal rank.

Dense search runs twice, once with the question in its own language and once
with its glossary rendering in the other language, so a Spanish question
reaches English passages. BM25 matches stemmed terms of both renderings
against chunk texts enriched with a glossary gloss in the other language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import bm25s
import numpy as np
from llama_index.core import VectorStoreIndex
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import QueryBundle

from ssassist.chunking import Chunk
from ssassist.config import RetrievalSettings
from ssassist.index import ChunkIndex
from ssassist.language import Glossary, Lang, QueryAnalysis, TermMatch
from ssassist.matrix.countries import find_countries
from ssassist.text import analyze, char_ngrams

MATRIX_SUFFIX = ":matrix"  # the matrix-facts part of a ranking


def gloss(text: str, lang: str, glossary: Glossary, matches: list[TermMatch] | None = None) -> str:
    """Preferred terms, in the other language, of the glossary concepts found in ``text``."""
    other = "es" if lang == "en" else "en"
    found = glossary.find(text, lang) if matches is None else matches  # type: ignore[arg-type]
    terms = [getattr(m.entry, other)[0] for m in found if m.entry.kind != "question"]
    return " ".join(dict.fromkeys(terms))


def embed_text(chunk: Chunk, glossary: Glossary) -> str:
    """What is embedded for a chunk: its place in the document, its text, and an
    English gloss for Spanish chunks (the model only understands English)."""
    head = f"{chunk.title}. {chunk.section}." if chunk.section else f"{chunk.title}."
    body = f"{head}\n{chunk.text}"
    if chunk.language != "en":
        body += "\n" + gloss(chunk.text, chunk.language, glossary)
    return body


def country_mentions(chunk: Chunk) -> list[str]:
    """The code of each country mention in a passage's section and text, in order, repeats kept
    (either language, demonyms too)."""
    return [c.code for c, _ in find_countries(f"{chunk.section}\n{chunk.text}")]


def countries_named(chunk: Chunk) -> frozenset[str]:
    """Codes of the countries a passage names."""
    return frozenset(country_mentions(chunk))


def concept_terms(
    text: str,
    lang: str,
    glossary: Glossary,
    matches: list[TermMatch] | None = None,
    countries: Sequence[str] | None = None,
) -> list[str]:
    """Language-neutral BM25 terms for the glossary concepts and the countries named in ``text``.

    A concept is one term whatever its wording or language ("revisión regional"
    and "regional review" both give ``@gcm_regional_review``), so it matches
    across languages even where the other language's gloss picked another
    synonym. Question cues ("how many") are left out.
    """
    found = glossary.find(text, lang) if matches is None else matches  # type: ignore[arg-type]
    concepts = [f"@{m.entry.id}" for m in found if m.entry.kind != "question"]
    codes = [c.code for c, _ in find_countries(text)] if countries is None else countries
    return concepts + [f"@{code}" for code in codes]


def bm25_terms(
    chunk: Chunk, glossary: Glossary, countries: Sequence[str] | None = None
) -> list[str]:
    """What BM25 indexes for a chunk: stems of its section and text, the other
    language's gloss, and its concept terms (``countries``: its :func:`country_mentions`, when known)."""
    other = "es" if chunk.language == "en" else "en"
    text = f"{chunk.section}\n{chunk.text}"
    matches = glossary.find(text, chunk.language)  # type: ignore[arg-type]
    own = analyze(text, chunk.language)
    glossed = analyze(gloss(text, chunk.language, glossary, matches), other)
    return own + glossed + concept_terms(text, chunk.language, glossary, matches, countries)


def query_terms(analysis: QueryAnalysis) -> list[str]:
    """What BM25 searches for: stems of the question as written, of its rendering
    in the other language, and its concept terms.

    The question's own-language rendering is not used: its synonyms and long
    concept names ("global compact for safe, orderly and regular migration")
    outweighed the words the user actually wrote.
    """
    other: Lang = "es" if analysis.lang == "en" else "en"
    rendering = analysis.text_es if other == "es" else analysis.text_en
    concepts = [f"@{t.entry.id}" for t in analysis.terms if t.entry.kind != "question"]
    concepts += [f"@{c.code}" for c, _ in analysis.mentions]  # found once, with the terms
    own = analyze(analysis.search_text or analysis.question, analysis.lang)
    return list(dict.fromkeys(own + analyze(rendering, other) + concepts))


def uncovered_text(analysis: QueryAnalysis) -> str:
    """The question with its glossary terms and country names blanked out: the
    words only a cognate match (:func:`char_ngrams`) can carry to the other language."""
    chars = list(analysis.search_text or analysis.question)
    spans = [t.span for t in analysis.terms] + [span for _, span in analysis.mentions]
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


_REFERENCE_SECTIONS = ("references", "referencias", "bibliography", "bibliografía")


def _is_references(chunk: Chunk) -> bool:
    """Bibliographies match many queries on titles alone; they rarely answer one."""
    return chunk.section.lower().startswith(_REFERENCE_SECTIONS)


@dataclass
class Hit:
    """A retrieved chunk with its fused score and the evidence behind it."""

    chunk: Chunk
    score: float
    dense: float = 0.0  # best cosine similarity over the dense queries
    bm25: float = 0.0
    ranks: dict[str, int] = field(default_factory=dict)


class HybridRetriever:
    """Dense + BM25 retrieval over the chunks of a :class:`ChunkIndex`."""

    def __init__(
        self,
        index: ChunkIndex,
        embed_model: BaseEmbedding,
        glossary: Glossary,
        settings: RetrievalSettings,
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
        self._ngrams = bm25s.BM25()
        self._ngrams.index(
            [char_ngrams(c.text, c.language) or ["∅"] for c in self.chunks], show_progress=False
        )
        self._dense = VectorStoreIndex.from_vector_store(
            index.vector_store, embed_model=embed_model
        ).as_retriever(similarity_top_k=settings.candidates * 3)

    def countries_named(self, chunk: Chunk) -> frozenset[str]:
        """Codes of the countries an indexed passage names, found once when the retriever was built."""
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
        for name, (text, vector) in zip(
            ("dense_en", "dense_es"), queries or self.embed_queries(analysis)
        ):
            results = self._dense.retrieve(QueryBundle(query_str=text, embedding=vector))
            # the store reports exp(-cosine distance); turn it back into a cosine
            out[name] = [
                (r.node.node_id, 1.0 + math.log(max(r.score or 1e-9, 1e-9))) for r in results
            ]
        out["bm25"] = self._top(self._bm25, query_terms(analysis))
        if self.settings.ngram_weight > 0:
            grams = list(dict.fromkeys(char_ngrams(uncovered_text(analysis), analysis.lang)))
            out["ngram"] = self._top(self._ngrams, grams)
        if analysis.sources:
            out["source"] = self._from_sources(analysis.sources, out)
        return self._by_kind(out)

    def _by_kind(
        self, rankings: dict[str, list[tuple[str, float]]]
    ) -> dict[str, list[tuple[str, float]]]:
        """Each ranking split into document passages and matrix facts, ranked within their kind.

        The matrix has hundreds of short facts that share the words of many
        questions ("bilateral", "benefits"); ranked together with the documents
        they fill every candidate place, and the passage that answers never
        gets a rank at all.
        """
        out: dict[str, list[tuple[str, float]]] = {}
        n = self.settings.candidates
        for name, ranked in rankings.items():
            matrix = [(cid, sc) for cid, sc in ranked if self._is_matrix(cid)]
            out[name] = [(cid, sc) for cid, sc in ranked if not self._is_matrix(cid)][:n]
            if matrix:
                out[f"{name}{MATRIX_SUFFIX}"] = matrix[:n]
        return out

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
        """The best chunks of a BM25 model for ``terms`` (enough of each kind), with their scores."""
        if not terms:
            return []
        scores = np.asarray(model.get_scores(terms))
        order = np.argsort(-scores)[: self.settings.candidates * 3]
        return [(self.chunks[j].id, float(scores[j])) for j in order if scores[j] > 0]

    def fuse(self, rankings: dict[str, list[tuple[str, float]]], k: int) -> list[Hit]:
        """Weighted reciprocal rank fusion of the rankings (bibliographies down-weighted)."""
        weights = {
            "dense_en": self.settings.dense_weight,
            "dense_es": self.settings.dense_es_weight,
            "bm25": self.settings.bm25_weight,
            "ngram": self.settings.ngram_weight,
            "source": self.settings.source_weight,
        }
        fused: dict[str, Hit] = {}
        for name, ranked in rankings.items():
            base = name.removesuffix(MATRIX_SUFFIX)
            weight = weights[base] * (self.settings.matrix_weight if base != name else 1.0)
            for rank, (cid, score) in enumerate(ranked, start=1):
                chunk = self._by_id.get(cid)
                if chunk is None:
                    continue
                hit = fused.setdefault(cid, Hit(chunk=chunk, score=0.0))
                penalty = self.settings.references_weight if _is_references(chunk) else 1.0
                hit.score += penalty * weight / (self.settings.rrf_k + rank)
                hit.ranks[name] = rank
                if base == "bm25":
                    hit.bm25 = score
                elif name.startswith("dense"):
                    hit.dense = max(hit.dense, score)
        ranked = sorted(fused.values(), key=lambda h: h.score, reverse=True)
        # Matrix facts are short and match many questions; cap them so document
        # passages keep most of the places.
        out: list[Hit] = []
        matrix = 0
        for hit in ranked:
            if hit.chunk.kind == "matrix":
                if matrix >= self.settings.max_matrix:
                    continue
                matrix += 1
            out.append(hit)
            if len(out) == k:
                break
        return out
