"""Structure-aware chunking of the Markdown corpus.

A chunk never crosses a heading. Tables stay whole, with their caption and
their source line. Footnote definitions (``[^n]: ...``) travel with every
chunk that cites them, so a quoted passage keeps its footnote. Long prose is
packed into chunks of about ``target_words`` words, split on sentences only
when a single paragraph is longer than ``max_words``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from ssassist.ingest.corpus import Document
from ssassist.text.normalize import words
from ssassist.text.sentences import sentences

ChunkKind = Literal["text", "table", "list", "matrix"]

CHUNKER_VERSION = "1"

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FOOTDEF_RE = re.compile(r"^\[\^(\w+)\]:\s*(.*)$")
_FOOTREF_RE = re.compile(r"\[\^(\w+)\](?!:)")
_CAPTION_RE = re.compile(
    r"^(\*\*)?(Table|Tabla|Cuadro|Box|Recuadro|Figure|Figura|Graph|Gráfico|Chart)\s+\d+",
    re.IGNORECASE,
)
_SOURCE_RE = re.compile(r"^(\*|_)?(Source|Sources|Fuente|Fuentes)\s*:", re.IGNORECASE)
_LIST_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)]|[a-z][.)])\s+")


class Chunk(BaseModel):
    """A passage of a document: what is indexed, retrieved and quoted."""

    id: str
    doc_id: str
    title: str
    section: str
    language: str
    position: int
    kind: ChunkKind
    text: str
    # Set for passages rendered from the matrix: where the fact is quoted from.
    source_doc: str = ""
    source_locator: str = ""
    source_quote: str = ""

    @property
    def word_count(self) -> int:
        return len(words(self.text))


@dataclass
class _Block:
    kind: Literal["para", "table", "list"]
    lines: list[str]
    section: tuple[str, ...]
    caption: str | None = None
    source: str | None = None

    @property
    def text(self) -> str:
        body = "\n".join(self.lines)
        parts = [p for p in (self.caption, body, self.source) if p]
        return "\n\n".join(parts)


@dataclass
class _Parsed:
    blocks: list[_Block] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)


def _raw_blocks(text: str) -> Iterator[tuple[str, list[str]]]:
    """Yield ('heading'|'footnote'|'table'|'list'|'para', lines) from Markdown text."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip():
            i += 1
            continue
        if _HEADING_RE.match(line):
            yield "heading", [line]
            i += 1
            continue
        if _FOOTDEF_RE.match(line):
            yield "footnote", [line]
            i += 1
            continue
        kind = (
            "table" if line.lstrip().startswith("|") else "list" if _LIST_RE.match(line) else "para"
        )
        group = [line]
        i += 1
        while i < len(lines) and lines[i].strip():
            nxt = lines[i].rstrip()
            if _HEADING_RE.match(nxt) or _FOOTDEF_RE.match(nxt):
                break
            is_table = nxt.lstrip().startswith("|")
            if (kind == "table") != is_table:
                break
            group.append(nxt)
            i += 1
        yield kind, group


def parse_markdown(text: str) -> _Parsed:
    """Parse a corpus document into blocks with section paths, and its footnotes."""
    parsed = _Parsed()
    path: list[tuple[int, str]] = []
    for kind, lines in _raw_blocks(text):
        if kind == "heading":
            m = _HEADING_RE.match(lines[0])
            assert m
            level, title = len(m.group(1)), m.group(2).strip().strip("*").strip()
            path = [(lvl, t) for lvl, t in path if lvl < level] + [(level, title)]
            continue
        if kind == "footnote":
            m = _FOOTDEF_RE.match(lines[0])
            assert m
            key = m.group(1)
            if key in parsed.footnotes:  # a repeated key: references keep the first, this one
                key = f"{key}~{len(parsed.footnotes)}"  # stays as an uncited note, not lost
            parsed.footnotes[key] = lines[0].strip()
            continue
        # The document title (level 1) is metadata, not a section.
        section = tuple(t for lvl, t in path if lvl > 1)
        if kind == "para" and all(_LIST_RE.match(ln) for ln in lines):
            kind = "list"
        parsed.blocks.append(
            _Block(kind=kind, lines=[" ".join(lines)] if kind == "para" else lines, section=section)
        )  # type: ignore[arg-type]
    _attach_captions(parsed.blocks)
    return parsed


def _attach_captions(blocks: list[_Block]) -> None:
    """Move a table's caption paragraph and source paragraph into the table block."""
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "table":
            prev = blocks[i - 1] if i > 0 else None
            if (
                prev
                and prev.kind == "para"
                and _CAPTION_RE.match(prev.lines[0])
                and prev.section == b.section
            ):
                b.caption = prev.lines[0]
                del blocks[i - 1]
                i -= 1
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if (
                nxt
                and nxt.kind == "para"
                and _SOURCE_RE.match(nxt.lines[0])
                and nxt.section == b.section
            ):
                b.source = nxt.lines[0]
                del blocks[i + 1]
        i += 1


def _split_long(block: _Block, lang: str, max_words: int) -> list[_Block]:
    """Split an over-long paragraph or list into pieces of whole sentences or items."""
    if len(words(block.text)) <= max_words or block.kind == "table":
        return [block]
    units: list[str] = []
    for line in block.lines:  # list items, or the paragraph's single line
        fits = block.kind == "list" and len(words(line)) <= max_words
        units.extend([line] if fits else sentences(line, lang))
    pieces: list[_Block] = []
    current: list[str] = []
    for unit in units:
        if current and len(words(" ".join(current + [unit]))) > max_words:
            pieces.append(_piece(block, current))
            current = []
        current.append(unit)
    if current:
        pieces.append(_piece(block, current))
    return pieces


def _piece(block: _Block, units: list[str]) -> _Block:
    lines = units if block.kind == "list" else [" ".join(units)]
    return _Block(kind=block.kind, lines=lines, section=block.section)


def _with_footnotes(text: str, footnotes: dict[str, str]) -> str:
    refs = list(dict.fromkeys(_FOOTREF_RE.findall(text)))
    notes = [footnotes[r] for r in refs if r in footnotes and footnotes[r] not in text]
    return "\n\n".join([text, *notes]) if notes else text


def chunk_document(doc: Document, target_words: int = 140, max_words: int = 220) -> list[Chunk]:
    """Cut one document into chunks (see module docstring)."""
    lang = doc.meta.language
    parsed = parse_markdown(doc.text)
    groups: list[tuple[tuple[str, ...], str, list[_Block]]] = []
    for block in parsed.blocks:
        for piece in _split_long(block, lang, max_words):
            kind = "table" if piece.kind == "table" else "list" if piece.kind == "list" else "text"
            last = groups[-1] if groups else None
            fits = (
                last is not None
                and kind != "table"
                and last[1] != "table"
                and last[0] == piece.section
                and sum(len(words(b.text)) for b in last[2]) + len(words(piece.text))
                <= target_words
            )
            if fits and last is not None:
                last[2].append(piece)
                if last[1] != kind:
                    groups[-1] = (last[0], "text", last[2])
            else:
                groups.append((piece.section, kind, [piece]))
    cited = {r for b in parsed.blocks for r in _FOOTREF_RE.findall(b.text)}
    for key, note in parsed.footnotes.items():
        if key not in cited:  # an orphan footnote is still content: keep it as its own chunk
            groups.append(
                (("Notes",), "text", [_Block(kind="para", lines=[note], section=("Notes",))])
            )
    chunks = []
    for pos, (section, kind, blocks) in enumerate(groups):
        body = "\n\n".join(b.text for b in blocks)
        chunks.append(
            Chunk(
                id=f"{doc.id}#{pos:04d}",
                doc_id=doc.id,
                title=doc.meta.title,
                section=" > ".join(section),
                language=lang,
                position=pos,
                kind=kind,  # type: ignore[arg-type]
                text=_with_footnotes(body, parsed.footnotes),
            )
        )
    return chunks


def chunk_corpus(docs: Iterable[Document]) -> list[Chunk]:
    """Chunks of every document, in corpus order."""
    return [c for d in docs for c in chunk_document(d)]
