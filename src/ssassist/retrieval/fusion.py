"""Fusing rankings: per-kind ranking and weighted reciprocal rank fusion.

In: each retriever's ranked ``(chunk id, score)`` list ('dense_en', 'dense_es', 'bm25', 'rendered',
'ngram', 'source'). Out: the fused :class:`Hit` list, best first. Pure functions over
hand-made rankings, so they are tested without a model or an index.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ssassist.config import RetrievalSettings
from ssassist.ingest.chunking import Chunk
from ssassist.models import RetrievedPassage

Ranking = list[tuple[str, float]]  # (chunk id, score), best first
MATRIX_SUFFIX = ":matrix"  # the matrix-facts part of a ranking
_REFERENCE_SECTIONS = ("references", "referencias", "bibliography", "bibliografía")


@dataclass
class Hit:
    """A retrieved chunk with its fused score and the evidence behind it."""

    chunk: Chunk
    score: float
    dense: float = 0.0  # best cosine similarity over the dense queries
    bm25: float = 0.0
    ranks: dict[str, int] = field(default_factory=dict)

    def passage(self) -> RetrievedPassage:
        """The hit as the answer reports it (the staff details panel shows these)."""
        c = self.chunk
        return RetrievedPassage(
            chunk_id=c.id, doc_id=c.doc_id, section=c.section, score=self.score,
            dense=self.dense, bm25=self.bm25, text=c.text,
        )  # fmt: skip


def is_references(chunk: Chunk) -> bool:
    """Bibliographies match many queries on titles alone; they rarely answer one."""
    return chunk.section.lower().startswith(_REFERENCE_SECTIONS)


def by_kind(
    rankings: Mapping[str, Ranking], is_matrix: Callable[[str], bool], n: int
) -> dict[str, Ranking]:
    """Each ranking split into document passages and matrix facts, ranked within their kind
    (the first ``n`` of each); the matrix part is named ``<ranking>:matrix``.

    The matrix has hundreds of short facts that share the words of many
    questions ("bilateral", "benefits"); ranked together with the documents
    they fill every candidate place, and the passage that answers never
    gets a rank at all.
    """
    out: dict[str, Ranking] = {}
    for name, ranked in rankings.items():
        matrix = [(cid, sc) for cid, sc in ranked if is_matrix(cid)]
        out[name] = [(cid, sc) for cid, sc in ranked if not is_matrix(cid)][:n]
        if matrix:
            out[f"{name}{MATRIX_SUFFIX}"] = matrix[:n]
    return out


def fuse(
    rankings: Mapping[str, Ranking],
    chunks: Mapping[str, Chunk],
    settings: RetrievalSettings,
    k: int,
) -> list[Hit]:
    """Weighted reciprocal rank fusion of the rankings, the ``k`` best chunks first.

    Each ranking adds ``weight / (rrf_k + rank)``; matrix parts are weighted by
    ``matrix_weight``, bibliographies by ``references_weight``, and at most
    ``max_matrix`` matrix facts are kept. Ids not in ``chunks`` are skipped.
    """
    weights = {
        "dense_en": settings.dense_weight,
        "dense_es": settings.dense_es_weight,
        "bm25": settings.bm25_weight,
        "rendered": settings.rendered_weight,
        "ngram": settings.ngram_weight,
        "source": settings.source_weight,
    }
    fused: dict[str, Hit] = {}
    for name, ranked in rankings.items():
        base = name.removesuffix(MATRIX_SUFFIX)
        weight = weights[base] * (settings.matrix_weight if base != name else 1.0)
        for rank, (cid, score) in enumerate(ranked, start=1):
            chunk = chunks.get(cid)
            if chunk is None:
                continue
            hit = fused.setdefault(cid, Hit(chunk=chunk, score=0.0))
            penalty = settings.references_weight if is_references(chunk) else 1.0
            hit.score += penalty * weight / (settings.rrf_k + rank)
            hit.ranks[name] = rank
            if base == "bm25":
                hit.bm25 = score
            elif name.startswith("dense"):
                hit.dense = max(hit.dense, score)
    ranked_hits = sorted(fused.values(), key=lambda h: h.score, reverse=True)
    # Matrix facts are short and match many questions; cap them so document
    # passages keep most of the places.
    out: list[Hit] = []
    matrix = 0
    for hit in ranked_hits:
        if hit.chunk.kind == "matrix":
            if matrix >= settings.max_matrix:
                continue
            matrix += 1
        out.append(hit)
        if len(out) == k:
            break
    return out
