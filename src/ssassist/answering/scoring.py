"""Evidence scores of quotable units, and the sentence-vector cache behind them.

In: the analysed question, the retrieved passages and the question's dense vectors.
Out: every unit of the top passages with its evidence (similarity to the question
plus its share of the question's key terms), best first, and the support of the best
unit (what the refusal decision reads). Sentence vectors are computed once, at
warm-up, and kept in memory and in an .npz beside the index (a cache only).
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection
from pathlib import Path

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

from ssassist.answering.units import PassageParts, Unit, chunk_units, key_terms, lexical_overlap
from ssassist.config import AnswerSettings
from ssassist.ingest.chunking import Chunk
from ssassist.query.analysis import QueryAnalysis
from ssassist.retrieval.fusion import Hit

log = logging.getLogger(__name__)
_CACHE_SIZE = 50_000  # unit embeddings kept in memory (the whole corpus has a few thousand)


class SentenceVectors:
    """Embeddings of quotable units, kept in memory (and on disk by :meth:`prepare`)."""

    def __init__(self, embed_model: BaseEmbedding, size: int = _CACHE_SIZE) -> None:
        self.embed_model = embed_model
        self._size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        """Vectors of ``texts``, from the cache where it has them (the model is called once
        for the others, outside the lock)."""
        with self._lock:
            have = {t: self._cache[t] for t in texts if t in self._cache}
        missing = [t for t in dict.fromkeys(texts) if t not in have]
        if missing:
            vectors = self.embed_model.get_text_embedding_batch(missing)
            fresh = {
                t: np.asarray(v, dtype=np.float32) for t, v in zip(missing, vectors, strict=True)
            }
            have.update(fresh)
            with self._lock:
                self._cache.update(fresh)
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        return np.stack([have[t] for t in texts])

    def prepare(
        self, chunks: list[Chunk], cache_file: Path | None = None, previous: Path | None = None
    ) -> int:
        """Embed every quotable unit of ``chunks`` now, so that answering embeds only the question.

        ``cache_file`` (an .npz beside the index) keeps the vectors between starts; it is
        only a cache: unreadable or stale entries are recomputed. ``previous`` (another
        build's file) gives vectors for the units it has. Returns the number of units
        embedded now (0 when all came from a file or were in memory already).
        """
        texts = list(dict.fromkeys(u for c in chunks for u in chunk_units(c)))[: self._size]
        stored = read_vectors(cache_file) if cache_file is not None else {}
        cached = {**read_vectors(previous), **stored} if previous is not None else stored
        with self._lock:
            for t in texts:
                if t in cached:
                    self._cache[t] = cached[t]
            have = {t for t in texts if t in self._cache}
        missing = [t for t in texts if t not in have]
        for start in range(0, len(missing), 256):
            self.embed(missing[start : start + 256])
        if cache_file is not None and any(t not in stored for t in texts):
            with self._lock:
                vectors = {t: self._cache[t] for t in texts if t in self._cache}
            write_vectors(cache_file, vectors)
        return len(missing)


def score_units(
    analysis: QueryAnalysis,
    hits: list[Hit],
    query_vectors: list[list[float]],
    *,
    vectors: SentenceVectors,
    parts: PassageParts,
    settings: AnswerSettings,
) -> list[Unit]:
    """Every unit of the top passages, scored, best first.

    Evidence is the unit's similarity to the question (embeddings) and its
    share of the question's key terms; the order adds a small prior for the
    retrieval rank of its passage, which sees the whole passage, not one sentence.
    """
    s = settings
    terms = key_terms(analysis)
    # the passages' kept split (selection reads the same parts), not a new one at every answer
    units = [Unit(hit=h, text=p.text) for h in hits[: s.passages] for p in parts(h.chunk)[0]]
    ranks = {h.chunk.id: rank for rank, h in enumerate(hits)}
    if not units:
        return []
    vecs = vectors.embed([u.text for u in units])
    q = np.asarray(query_vectors, dtype=np.float32)
    dense = (vecs @ q.T).max(axis=1)
    for u, d in zip(units, dense, strict=True):
        u.dense = float(d)
        u.lexical = lexical_overlap(u.text, u.hit.chunk.language, terms)
        u.evidence = s.dense_weight * u.dense + s.lexical_weight * u.lexical
        u.score = u.evidence + s.rank_weight / (1 + ranks[u.hit.chunk.id])
    return sorted(units, key=lambda u: u.score, reverse=True)


def support(
    units: list[Unit],
    countries: Collection[str] = (),
    countries_of: Callable[[Chunk], Collection[str]] | None = None,
) -> float:
    """Evidence strength: the best unit's evidence (compared with ``min_support``).

    When the question names countries (``countries``: their codes), only units of
    passages naming one of them (``countries_of``) count: a sentence about unemployment
    benefits in general does not answer "the maximum unemployment benefit in Argentina".
    """
    if countries and countries_of is not None:
        wanted = set(countries)
        units = [u for u in units if wanted & set(countries_of(u.hit.chunk))]
    return max((u.evidence for u in units), default=0.0)


def read_vectors(path: Path) -> dict[str, np.ndarray]:
    """The cached sentence vectors in ``path``; empty when absent, damaged or foreign."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
    except Exception as exc:  # absent, damaged or from another version: recompute
        if path.exists():
            log.warning("ignoring the sentence cache %s (%s)", path, exc)
        return {}


def write_vectors(path: Path, vectors: dict[str, np.ndarray]) -> None:
    """Write the sentence vectors to ``path`` atomically; a failure only logs (a cache)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npz")
        np.savez_compressed(
            tmp, texts=np.array(list(vectors)), vectors=np.stack(list(vectors.values()))
        )
        os.replace(tmp, path)
    except OSError as exc:  # a read-only index folder: the cache is only a speed-up
        log.warning("could not write the sentence cache %s (%s)", path, exc)
