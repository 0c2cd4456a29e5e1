"""Extractive answers: quote the sentences that best support an answer, with [n] markers.

No LLM is needed. Candidate units are the sentences of the top passages (a
table contributes its caption with each of its rows). Each unit is scored by
its similarity to the question (embeddings) and by how many of the question's
key terms it contains; when the best evidence is under the calibrated
threshold, the assistant refuses instead of quoting something irrelevant.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

from ssassist.chunking import Chunk
from ssassist.citations import source_citation
from ssassist.config import AnswerSettings
from ssassist.corpus import DocumentMeta
from ssassist.language import QueryAnalysis
from ssassist.models import Citation
from ssassist.retrieval import Hit
from ssassist.templates import MATRIX_FACT, RAG_INTRO, RAG_INTRO_OTHER_LANGUAGE
from ssassist.text import analyze, sentences, strip_footnote_refs

log = logging.getLogger(__name__)
_CACHE_SIZE = 50_000  # unit embeddings kept in memory (the whole corpus has a few thousand)
_FOOTDEF_PREFIX = re.compile(r"^\[\^\w+\]:\s*")
_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}")


@dataclass
class Unit:
    """A quotable unit of a passage: a sentence, a list item, or a table row with its caption."""

    hit: Hit
    text: str
    score: float = 0.0  # evidence plus a small prior for the passage's retrieval rank: the order quoted
    evidence: float = 0.0  # similarity to the question: what refusals are decided on
    dense: float = 0.0
    lexical: float = 0.0


def units_of(hit: Hit) -> list[str]:
    """Split a retrieved passage into quotable units (verbatim text, footnote markers removed)."""
    return chunk_units(hit.chunk)


def chunk_units(chunk: Chunk) -> list[str]:
    """Split a passage into quotable units (verbatim text, footnote markers removed)."""
    out: list[str] = []
    if chunk.kind == "matrix":
        return [chunk.text]
    if chunk.kind == "table":
        lines = chunk.text.split("\n")
        rows = [ln for ln in lines if ln.startswith("|") and not _TABLE_SEP.match(ln)]
        caption = next((ln for ln in lines if ln.strip() and not ln.startswith("|")), "")
        header = rows[0] if rows else ""
        for row in rows[1:]:
            out.append("\n".join(p for p in (caption, header, row) if p))
        return out or [chunk.text]
    for para in chunk.text.split("\n"):
        para = strip_footnote_refs(_FOOTDEF_PREFIX.sub("", para.strip()))
        if not para:
            continue
        if para.startswith(("- ", "* ")):
            out.append(para[2:].strip())
        else:
            out.extend(sentences(para, chunk.language))
    return out


def key_terms(analysis: QueryAnalysis) -> set[str]:
    """Stems of the question's content words in both renderings."""
    return set(analyze(analysis.text_en, "en")) | set(analyze(analysis.text_es, "es"))


def lexical_overlap(unit: str, lang: str, terms: set[str]) -> float:
    if not terms:
        return 0.0
    have = set(analyze(unit, lang)) | set(analyze(unit, "es" if lang == "en" else "en"))
    return len(terms & have) / len(terms)


class ExtractiveAnswerer:
    """Composes a short cited answer from retrieved passages, or says the evidence is too weak."""

    def __init__(self, embed_model: BaseEmbedding, settings: AnswerSettings, docs: dict[str, DocumentMeta]) -> None:
        self.embed_model = embed_model
        self.settings = settings
        self.docs = docs
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def _embed(self, texts: list[str]) -> np.ndarray:
        """Vectors of ``texts``, from the cache where it has them (the model is called once
        for the others, outside the lock)."""
        with self._lock:
            have = {t: self._cache[t] for t in texts if t in self._cache}
        missing = [t for t in dict.fromkeys(texts) if t not in have]
        if missing:
            vectors = self.embed_model.get_text_embedding_batch(missing)
            fresh = {t: np.asarray(v, dtype=np.float32) for t, v in zip(missing, vectors, strict=True)}
            have.update(fresh)
            with self._lock:
                self._cache.update(fresh)
                while len(self._cache) > _CACHE_SIZE:
                    self._cache.popitem(last=False)
        return np.stack([have[t] for t in texts])

    def prepare(self, chunks: list[Chunk], cache_file: Path | None = None) -> int:
        """Embed every quotable unit of ``chunks`` now, so that answering embeds only the question.

        ``cache_file`` (an .npz beside the index) keeps the vectors between starts; it is
        only a cache: unreadable or stale entries are recomputed. Returns the number
        of units embedded now (0 when all came from the cache). Called by ``Assistant.warm_up``.
        """
        texts = list(dict.fromkeys(u for c in chunks for u in chunk_units(c)))[:_CACHE_SIZE]
        cached = _read_vectors(cache_file) if cache_file is not None else {}
        with self._lock:
            for t in texts:
                if t in cached:
                    self._cache[t] = cached[t]
        missing = [t for t in texts if t not in cached]
        for start in range(0, len(missing), 256):
            self._embed(missing[start : start + 256])
        if missing and cache_file is not None:
            with self._lock:
                vectors = {t: self._cache[t] for t in texts if t in self._cache}
            _write_vectors(cache_file, vectors)
        return len(missing)

    def score_units(self, analysis: QueryAnalysis, hits: list[Hit], query_vectors: list[list[float]]) -> list[Unit]:
        """Every unit of the top passages, scored, best first.

        Evidence is the unit's similarity to the question (embeddings) and its
        share of the question's key terms; the order adds a small prior for the
        retrieval rank of its passage, which sees the whole passage, not one sentence.
        """
        s = self.settings
        terms = key_terms(analysis)
        units = [Unit(hit=h, text=u) for rank, h in enumerate(hits[: s.passages]) for u in units_of(h)]
        ranks = {h.chunk.id: rank for rank, h in enumerate(hits)}
        if not units:
            return []
        vecs = self._embed([u.text for u in units])
        q = np.asarray(query_vectors, dtype=np.float32)
        dense = (vecs @ q.T).max(axis=1)
        for u, d in zip(units, dense, strict=True):
            u.dense = float(d)
            u.lexical = lexical_overlap(u.text, u.hit.chunk.language, terms)
            u.evidence = s.dense_weight * u.dense + s.lexical_weight * u.lexical
            u.score = u.evidence + s.rank_weight / (1 + ranks[u.hit.chunk.id])
        return sorted(units, key=lambda u: u.score, reverse=True)

    def support(self, units: list[Unit]) -> float:
        """Evidence strength: the best unit's evidence (compared with ``min_support``)."""
        return max((u.evidence for u in units), default=0.0)

    def compose(self, analysis: QueryAnalysis, units: list[Unit]) -> tuple[str, list[Citation]]:
        """The answer text with [n] markers, and its citations (one per passage)."""
        best = units[0].score
        chosen: list[Unit] = []
        for u in units:
            if len(chosen) >= self.settings.max_sentences or u.score < self.settings.min_ratio * best:
                break
            if all(u.text != c.text for c in chosen):
                chosen.append(u)
        numbers: dict[tuple[str, ...], int] = {}
        quotes: dict[tuple[str, ...], list[str]] = {}
        first: dict[tuple[str, ...], Chunk] = {}
        lines = []
        for u in chosen:
            chunk = u.hit.chunk
            key = _source_key(chunk)
            n = numbers.setdefault(key, len(numbers) + 1)
            first.setdefault(key, chunk)
            if chunk.kind == "matrix":
                lines.append(MATRIX_FACT[analysis.lang].format(text=chunk.text) + f" [{n}]")
            else:
                quotes.setdefault(key, []).append(u.text)
                lines.append(f"“{_inline(u.text)}” [{n}]")
        langs = {u.hit.chunk.language for u in chosen if u.hit.chunk.kind != "matrix"}
        intro = RAG_INTRO if langs <= {analysis.lang} else RAG_INTRO_OTHER_LANGUAGE
        text = intro[analysis.lang] + "\n\n" + "\n\n".join(lines)
        citations = [
            self.citation(n, first[key], "\n".join(quotes.get(key, [])))
            for key, n in numbers.items()
        ]
        return text, citations

    def citation(self, n: int, chunk: Chunk, quote: str) -> Citation:
        """Citation of a passage; a matrix passage cites the document passage it was transcribed from."""
        if chunk.kind == "matrix":
            return source_citation(self.docs, n, chunk.source_doc, chunk.source_locator, chunk.source_quote)
        meta = self.docs.get(chunk.doc_id)
        return Citation(
            n=n, doc_id=chunk.doc_id, title=chunk.title, section=chunk.section, text=quote,
            chunk_id=chunk.id, passage=chunk.text, publisher=meta.publisher if meta else "",
            year=meta.year if meta else None, language=chunk.language,
        )


def _read_vectors(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as data:
            return dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
    except Exception as exc:  # absent, damaged or from another version: recompute
        if path.exists():
            log.warning("ignoring the sentence cache %s (%s)", path, exc)
        return {}


def _write_vectors(path: Path, vectors: dict[str, np.ndarray]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npz")
        np.savez_compressed(tmp, texts=np.array(list(vectors)), vectors=np.stack(list(vectors.values())))
        os.replace(tmp, path)
    except OSError as exc:  # a read-only index folder: the cache is only a speed-up
        log.warning("could not write the sentence cache %s (%s)", path, exc)


def _source_key(chunk: Chunk) -> tuple[str, ...]:
    """What one citation number stands for: a document passage, or the source a matrix fact quotes."""
    if chunk.kind == "matrix":
        return ("source", chunk.source_doc, chunk.source_locator, chunk.source_quote)
    return ("chunk", chunk.id)


def _inline(unit: str) -> str:
    """A table unit (caption, header, row) on one line for the answer text."""
    return " ".join(part.strip() for part in unit.split("\n"))
