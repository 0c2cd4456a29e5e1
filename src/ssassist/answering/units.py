"""Quotable units of a passage: its sentences, list items and table rows, in order.

In: an indexed passage (a ``Chunk``). Out: its ``Part``s (each with its place in the
passage, so that neighbours can be quoted together) and the blocks they lie in, kept
per passage by :class:`PassageParts` so a passage is split once, not at every answer.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from ssassist.ingest.chunking import Chunk
from ssassist.query.analysis import QueryAnalysis
from ssassist.retrieval.fusion import Hit
from ssassist.text.normalize import strip_footnote_refs
from ssassist.text.sentences import sentences
from ssassist.text.stems import term_stems

_PARTS_CACHE_SIZE = 2_000  # passages split into units (the whole corpus has under a thousand)
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
    answer: float | None = None  # the fitted ranker's score: how likely it holds the answer


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
    return set(term_stems(analysis.text_en, "en")) | set(term_stems(analysis.text_es, "es"))


def lexical_overlap(unit: str, lang: str, terms: set[str]) -> float:
    if not terms:
        return 0.0
    have = set(term_stems(unit, lang)) | set(term_stems(unit, "es" if lang == "en" else "en"))
    return len(terms & have) / len(terms)


class PassageParts:
    """:func:`chunk_parts` of each passage, kept (a passage is split once, not at every answer)."""

    def __init__(self, size: int = _PARTS_CACHE_SIZE) -> None:
        self._size = size
        self._cache: OrderedDict[str, tuple[str, tuple[list[Part], list[str]]]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, chunk: Chunk) -> tuple[list[Part], list[str]]:
        with self._lock:
            got = self._cache.get(chunk.id)
        if got is None or got[0] != chunk.text:
            got = (chunk.text, chunk_parts(chunk))
            with self._lock:
                self._cache[chunk.id] = got
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        return got[1]
