"""Extractive answers: quote the sentences that best support an answer, with [n] markers.

No LLM is needed. Candidate units are the sentences of the top passages (a
table contributes its caption with each of its rows). Each unit is scored by
its similarity to the question (embeddings) and by how many of the question's
key terms it contains; when the best evidence is under the calibrated
threshold, the assistant refuses instead of quoting something irrelevant.

The quotes are chosen for what the question asks (a figure for "how many",
country names for "which countries": :mod:`ssassist.answer_cues`), and each
brings what completes it: the next sentence when it refers back ("These
are…"), the list its colon announces. Neighbouring units of one passage are
quoted as one verbatim span; rows of one table share its caption and header.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

from ssassist.answer_cues import Cues, ends_with_colon, facts_in, focus, load_cues
from ssassist.chunking import Chunk
from ssassist.citations import source_citation
from ssassist.config import AnswerSettings
from ssassist.corpus import DocumentMeta
from ssassist.language import QueryAnalysis
from ssassist.models import Citation
from ssassist.retrieval import Hit, countries_named
from ssassist.templates import MATRIX_FACT, RAG_INTRO, RAG_INTRO_OTHER_LANGUAGE
from ssassist.text import analyze, sentences, strip_footnote_refs

log = logging.getLogger(__name__)
_CACHE_SIZE = 50_000  # unit embeddings kept in memory (the whole corpus has a few thousand)
_PARTS_CACHE_SIZE = 2_000  # passages split into units (the whole corpus has under a thousand)
_REPEAT = 0.8  # share of shared terms from which a unit repeats one already quoted
_FOOTDEF_PREFIX = re.compile(r"^\[\^\w+\]:\s*")
_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}")
_NUMBERED = re.compile(r"^(?:\d+|[a-z])[.)]\s")


@dataclass
class Unit:
    """A quotable unit of a passage: a sentence, a list item, or a table row with its caption."""

    hit: Hit
    text: str
    score: float = (
        0.0  # evidence plus a small prior for the passage's retrieval rank: the order quoted
    )
    evidence: float = 0.0  # similarity to the question: what refusals are decided on
    dense: float = 0.0
    lexical: float = 0.0


@dataclass(frozen=True)
class Part:
    """A quotable unit with its place in the passage, so that neighbours can be quoted with it."""

    text: str  # the unit as quoted (a table row with its caption and header)
    block: int  # the paragraph, list item or table row it lies in
    start: int = 0  # its characters within that block
    end: int = 0
    item: bool = False  # a list item
    head: tuple[str, ...] = ()  # a table row's caption and header
    row: str = ""  # a table row


def units_of(hit: Hit) -> list[str]:
    """Split a retrieved passage into quotable units (verbatim text, footnote markers removed)."""
    return chunk_units(hit.chunk)


def chunk_units(chunk: Chunk) -> list[str]:
    """Split a passage into quotable units (verbatim text, footnote markers removed)."""
    return [p.text for p in chunk_parts(chunk)[0]]


def chunk_parts(chunk: Chunk) -> tuple[list[Part], list[str]]:
    """The quotable units of a passage in order, and the text of the blocks they lie in.

    A paragraph gives its sentences, a list item ("- ...") its text, a table
    each of its rows with the caption and header; a matrix fact is one unit.
    """
    if chunk.kind == "matrix":
        return [Part(chunk.text, 0, 0, len(chunk.text))], [chunk.text]
    if chunk.kind == "table":
        lines = chunk.text.split("\n")
        rows = [ln for ln in lines if ln.startswith("|") and not _TABLE_SEP.match(ln)]
        caption = next((ln for ln in lines if ln.strip() and not ln.startswith("|")), "")
        head = tuple(p for p in (caption, rows[0] if rows else "") if p)
        parts = [
            Part("\n".join((*head, row)), i, head=head, row=row) for i, row in enumerate(rows[1:])
        ]
        return (
            (parts, rows[1:])
            if parts
            else ([Part(chunk.text, 0, 0, len(chunk.text))], [chunk.text])
        )
    parts: list[Part] = []
    blocks: list[str] = []
    for para in chunk.text.split("\n"):
        para = strip_footnote_refs(_FOOTDEF_PREFIX.sub("", para.strip()))
        if not para:
            continue
        block = len(blocks)
        if para.startswith(("- ", "* ")):
            item = para[2:].strip()
            blocks.append(item)
            parts.append(Part(item, block, 0, len(item), item=True))
            continue
        blocks.append(para)
        numbered = bool(_NUMBERED.match(para))
        cursor = 0
        for sent in sentences(para, chunk.language):
            start = para.find(sent, cursor)
            if start < 0:  # not verbatim (never seen): quote it alone
                start, end = 0, 0
            else:
                end = cursor = start + len(sent)
            parts.append(Part(sent, block, start, end, item=numbered))
    return parts, blocks


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

    def __init__(
        self,
        embed_model: BaseEmbedding,
        settings: AnswerSettings,
        docs: dict[str, DocumentMeta],
        countries_of: Callable[[Chunk], Collection[str]] = countries_named,
    ) -> None:
        self.embed_model = embed_model
        self.settings = settings
        self.docs = docs
        # codes of the countries a passage names; the assistant passes the retriever's, found once per passage
        self.countries_of = countries_of
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._parts_cache: OrderedDict[str, tuple[str, tuple[list[Part], list[str]]]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def _embed(self, texts: list[str]) -> np.ndarray:
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

    def score_units(
        self, analysis: QueryAnalysis, hits: list[Hit], query_vectors: list[list[float]]
    ) -> list[Unit]:
        """Every unit of the top passages, scored, best first.

        Evidence is the unit's similarity to the question (embeddings) and its
        share of the question's key terms; the order adds a small prior for the
        retrieval rank of its passage, which sees the whole passage, not one sentence.
        """
        s = self.settings
        terms = key_terms(analysis)
        # the passages' kept split (select() reads the same parts), not a new one at every answer
        units = [
            Unit(hit=h, text=p.text) for h in hits[: s.passages] for p in self._parts(h.chunk)[0]
        ]
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

    def support(self, units: list[Unit], countries: Collection[str] = ()) -> float:
        """Evidence strength: the best unit's evidence (compared with ``min_support``).

        When the question names countries (``countries``: their codes), only units of
        passages naming one of them count: a sentence about unemployment benefits in
        general does not answer "the maximum unemployment benefit in Argentina".
        """
        if countries:
            wanted = set(countries)
            units = [u for u in units if wanted & self.countries_of(u.hit.chunk)]
        return max((u.evidence for u in units), default=0.0)

    def compose(self, analysis: QueryAnalysis, units: list[Unit]) -> tuple[str, list[Citation]]:
        """The answer text with [n] markers, and its citations (one per passage).

        Each quote is verbatim text of its passage in “…”, one paragraph each (a
        list's items on "- " lines); ``Citation.text`` holds the passage's quotes,
        one verbatim line per paragraph, list item, caption, header or table row.
        """
        quotes = self.select(analysis, units)
        numbers: dict[tuple[str, ...], int] = {}
        lines_of: dict[tuple[str, ...], list[str]] = {}
        first: dict[tuple[str, ...], Chunk] = {}
        lines = []
        for q in quotes:
            chunk = q.hit.chunk
            key = _source_key(chunk)
            n = numbers.setdefault(key, len(numbers) + 1)
            first.setdefault(key, chunk)
            if chunk.kind == "matrix":
                lines.append(MATRIX_FACT[analysis.lang].format(text=chunk.text) + f" [{n}]")
                continue
            segments = q.segments(*self._parts(chunk))
            lines_of.setdefault(key, []).extend(text for text, _ in segments)
            lines.append(_render(segments, chunk.kind == "table") + f" [{n}]")
        langs = {q.hit.chunk.language for q in quotes if q.hit.chunk.kind != "matrix"}
        intro = RAG_INTRO if langs <= {analysis.lang} else RAG_INTRO_OTHER_LANGUAGE
        text = intro[analysis.lang] + "\n\n" + "\n\n".join(lines)
        citations = [
            self.citation(n, first[key], "\n".join(lines_of.get(key, [])))
            for key, n in numbers.items()
        ]
        return text, citations

    def select(self, analysis: QueryAnalysis, units: list[Unit]) -> list[Quote]:
        """The passages' spans to quote, best first.

        Units are taken in the order of their score, raised by ``focus_weight``
        when they hold the kind of fact the question asks for (a figure for
        "how many", country names for "which countries"), while they score at
        least ``min_ratio`` of the best one, up to ``max_sentences``; a unit
        that repeats one already taken is skipped, and so is a further row of
        a table already quoted unless the row itself shares a term with the
        question (rows score alike through their common caption and header).
        Each unit brings the units that complete it (a following sentence that
        refers back to it, the list its colon announces), and units of one
        passage that touch become one quote.
        """
        s = self.settings
        cues = load_cues()
        asked = cues.asked(analysis.question)
        named = frozenset(c.code for c, _ in analysis.mentions)
        terms = key_terms(analysis)

        def value(u: Unit) -> float:
            return u.score + s.focus_weight * focus(asked, facts_in(u.text, named))

        ranked = sorted(((value(u), u) for u in units), key=lambda vu: vu[0], reverse=True)
        floor = s.min_ratio * ranked[0][0] if ranked else 0.0
        quotes: list[Quote] = []
        taken: set[tuple[str, int]] = set()  # (passage, unit) already quoted
        said: list[set[str]] = []  # terms of each unit quoted
        for v, u in ranked:
            if len(quotes) >= s.max_sentences or v < floor:
                break
            chunk = u.hit.chunk
            parts, _ = self._parts(chunk)
            pos = next(
                (i for i, p in enumerate(parts) if p.text == u.text and (chunk.id, i) not in taken),
                None,
            )
            if pos is None or _repeats(parts[pos].row or u.text, chunk.language, said):
                continue
            if (
                parts[pos].row
                and any(q.hit.chunk.id == chunk.id for q in quotes)
                and not terms & set(analyze(parts[pos].row, chunk.language))
            ):
                continue  # another row of a table quoted already, ranked high only for its caption
            span = [pos, *_completion(parts, pos, cues, s.follow, s.list_items)]
            span = [i for i in span if (chunk.id, i) not in taken]
            taken.update((chunk.id, i) for i in span)
            said.extend(set(analyze(parts[i].row or parts[i].text, chunk.language)) for i in span)
            quotes.append(Quote(u.hit, span))
        return _merge(quotes)

    def _parts(self, chunk: Chunk) -> tuple[list[Part], list[str]]:
        """:func:`chunk_parts` of ``chunk``, kept (a passage is split once, not at every answer)."""
        with self._lock:
            got = self._parts_cache.get(chunk.id)
        if got is None or got[0] != chunk.text:
            got = (chunk.text, chunk_parts(chunk))
            with self._lock:
                self._parts_cache[chunk.id] = got
                while len(self._parts_cache) > _PARTS_CACHE_SIZE:
                    self._parts_cache.popitem(last=False)
        return got[1]

    def citation(self, n: int, chunk: Chunk, quote: str) -> Citation:
        """Citation of a passage; a matrix passage cites the document passage it was transcribed from."""
        if chunk.kind == "matrix":
            return source_citation(
                self.docs, n, chunk.source_doc, chunk.source_locator, chunk.source_quote
            )
        meta = self.docs.get(chunk.doc_id)
        return Citation(
            n=n,
            doc_id=chunk.doc_id,
            title=chunk.title,
            section=chunk.section,
            text=quote,
            chunk_id=chunk.id,
            passage=chunk.text,
            publisher=meta.publisher if meta else "",
            year=meta.year if meta else None,
            language=chunk.language,
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
        np.savez_compressed(
            tmp, texts=np.array(list(vectors)), vectors=np.stack(list(vectors.values()))
        )
        os.replace(tmp, path)
    except OSError as exc:  # a read-only index folder: the cache is only a speed-up
        log.warning("could not write the sentence cache %s (%s)", path, exc)


def _source_key(chunk: Chunk) -> tuple[str, ...]:
    """What one citation number stands for: a document passage, or the source a matrix fact quotes."""
    if chunk.kind == "matrix":
        return ("source", chunk.source_doc, chunk.source_locator, chunk.source_quote)
    return ("chunk", chunk.id)


@dataclass
class Quote:
    """Units of one passage quoted together: a span of its text, or rows of its table."""

    hit: Hit
    positions: list[int]  # indices into the passage's parts, ascending

    def segments(self, parts: list[Part], blocks: list[str]) -> list[tuple[str, bool]]:
        """The verbatim text quoted, one (text, is a list item) per block it spans.

        A table gives its caption and header once, then the rows quoted.
        """
        chosen = [parts[i] for i in self.positions]
        if chosen[0].row:
            return [(line, False) for line in chosen[0].head] + [(p.row, False) for p in chosen]
        out: list[tuple[str, bool]] = []
        run: list[Part] = []
        for p in [*chosen, None]:
            if run and (p is None or p.block != run[0].block or run[-1].end <= 0 or p.end <= 0):
                text = (
                    blocks[run[0].block][run[0].start : run[-1].end]
                    if run[-1].end > 0
                    else run[0].text
                )
                out.append((text, run[0].item))
                run = []
            if p is not None:
                run.append(p)
        return out


def _completion(parts: list[Part], pos: int, cues: Cues, follow: int, list_items: int) -> list[int]:
    """Positions of the units after ``pos`` that complete it: the list its colon announces
    (up to ``list_items``), or following sentences that refer back to it (up to ``follow``)."""
    out: list[int] = []
    cur = pos
    while cur + 1 < len(parts) and not parts[cur].row:
        here, nxt = parts[cur], parts[cur + 1]
        if ends_with_colon(here.text):
            end = cur + 1
            while (
                end < len(parts) and len(out) < list_items and (parts[end].item or end == cur + 1)
            ):
                out.append(end)
                end += 1
            break
        if len(out) >= follow or nxt.block != here.block or not cues.continues(nxt.text):
            break
        out.append(cur + 1)
        cur += 1
    return out


def _repeats(text: str, lang: str, said: list[set[str]]) -> bool:
    """Whether ``text`` says again what a quoted unit says (most of its terms shared)."""
    terms = set(analyze(text, lang))
    return bool(terms) and any(len(terms & s) / len(terms | s) >= _REPEAT for s in said)


def _merge(quotes: list[Quote]) -> list[Quote]:
    """Quotes of one passage that touch become one, at the place of the first; so do
    rows of one table."""
    out: list[Quote] = []
    for q in quotes:
        into = next((p for p in out if _touch(p, q)), None)
        if into is None:
            out.append(q)
        else:
            into.positions = sorted(set(into.positions) | set(q.positions))
    return out if len(out) == len(quotes) else _merge(out)


def _touch(a: Quote, b: Quote) -> bool:
    if a.hit.chunk.id != b.hit.chunk.id:
        return False
    return a.hit.chunk.kind == "table" or (
        b.positions[0] <= a.positions[-1] + 1 and a.positions[0] <= b.positions[-1] + 1
    )


def _render(segments: list[tuple[str, bool]], table: bool) -> str:
    """A quote for the answer text: a table on one line; list items as "- " lines."""
    if table:
        return (
            "“" + " ".join(line.strip() for text, _ in segments for line in text.split("\n")) + "”"
        )
    return "\n".join(f"- “{text}”" if item else f"“{text}”" for text, item in segments)
