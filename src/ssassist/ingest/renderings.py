"""Renderings of every quotable unit in the other language: made at ingest, read at answer time.

In: the indexed passages, the glossary's and the matrix's protected terms
(:mod:`~ssassist.ingest.protect`) and Apertium (:meth:`Translator.render_many`).
Out: ``renderings-<Apertium version>.json`` beside the index, and
:class:`Renderings`, whose ``get(text, lang)`` gives a unit (a sentence, a list item,
a table row, caption or header: the texts of
:func:`~ssassist.answering.units.chunk_parts`) in ``lang``, or None. Nothing is
translated at answer time.

A matrix fact is rendered by its own passage in the other language (the matrix has
both). Every other unit goes through Apertium with its protected spans replaced by
placeholders the translator passes through unchanged (``ZQWA``, ``ZQWB``…), which
then become the target-language words; a table row is rendered cell by cell. A
rendering that lost a placeholder or a number is made again with every term and
number protected, and dropped if it still loses one (the answer then shows the
original). Units whose rendering is stored already (same Apertium, same protected
terms) are not rendered again, so an ingest renders only what changed.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ssassist.answering.units import chunk_parts
from ssassist.ingest.chunking import Chunk
from ssassist.ingest.matrix_chunks import sibling_id
from ssassist.ingest.protect import Protected, Protector, other
from ssassist.models import Lang

log = logging.getLogger(__name__)

FORMAT = 1
PREFIX = "renderings-"
_PLACEHOLDER = re.compile(r"ZQW[A-Y]+")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXY"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_EMPHASIS = re.compile(r"\*+")
_SPACE_BEFORE = re.compile(r"\s+([,.;:!?)\]])")
_SPACE_AFTER = re.compile(r"([(\[¿¡])\s+")
_CELL = re.compile(r"\|")


class BatchTranslator(Protocol):
    """What rendering needs of a translator (:class:`~ssassist.query.translation.Translator`)."""

    @property
    def version(self) -> str | None: ...

    def render_many(self, texts: list[str], source: Lang, target: Lang) -> list[str | None]: ...


class Renderings:
    """Stored renderings of the quotable units, by target language and verbatim unit text."""

    def __init__(
        self, table: dict[str, dict[str, str]] | None = None, meta: dict[str, Any] | None = None
    ) -> None:
        self.table: dict[str, dict[str, str]] = {"en": {}, "es": {}, **(table or {})}
        self.meta: dict[str, Any] = dict(meta or {})

    def get(self, text: str, lang: str) -> str | None:
        """``text`` (a unit exactly as :func:`chunk_parts` gives it) in ``lang``; None when
        there is none (the unit is in ``lang`` already, or Apertium was not installed)."""
        return self.table.get(lang, {}).get(text)

    def __len__(self) -> int:
        return sum(len(t) for t in self.table.values())

    @classmethod
    def load(cls, folder: Path) -> Renderings:
        """The renderings stored in ``folder`` (the newest file); empty when there are none
        or the file cannot be read."""
        files = sorted(folder.glob(f"{PREFIX}*.json"), key=lambda p: p.stat().st_mtime)
        if not files:
            return cls()
        try:
            data = json.loads(files[-1].read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}")
            meta = {k: v for k, v in data.items() if k not in ("renderings", "format")}
            return cls(data["renderings"], meta)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("ignoring the renderings in %s (%s)", files[-1], exc)
            return cls()

    def save(self, folder: Path) -> Path:
        """Write the renderings to ``folder`` atomically, removing older files."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{PREFIX}{self.meta.get('apertium') or 'none'}.json"
        tmp = folder / f".{path.name}.{os.getpid()}.tmp"
        data = {"format": FORMAT, **self.meta, "renderings": self.table}
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
        os.replace(tmp, path)
        for old in folder.glob(f"{PREFIX}*.json"):
            if old != path:
                old.unlink(missing_ok=True)
        return path


@dataclass
class RenderingReport:
    """What an ingest did to the renderings."""

    made: int = 0
    reused: int = 0
    missing: int = 0
    seconds: float = 0.0
    note: str = ""

    def summary(self) -> str:
        text = (
            f"renderings: {self.made} made, {self.reused} kept, {self.missing} without one "
            f"({self.seconds:.1f} s)"
        )
        return f"{text}; {self.note}" if self.note else text


def unit_texts(chunk: Chunk) -> list[str]:
    """The texts of a passage that get a rendering (a table row's caption and header too)."""
    out: list[str] = []
    for part in chunk_parts(chunk)[0]:
        out += [*part.head, part.row] if part.row else [part.text]
    return list(dict.fromkeys(t for t in out if t.strip()))


class Renderer:
    """Renders units with Apertium, their protected spans kept (see the module docstring)."""

    def __init__(self, protector: Protector, translator: BatchTranslator) -> None:
        self.protector = protector
        self.translator = translator

    def render(self, texts: list[str], src: Lang) -> list[str | None]:
        """Each text in the other language, or None where no sound rendering was made."""
        pieces: dict[str, str | None] = {}
        for text in texts:
            for piece in _pieces(text):
                pieces.setdefault(_EMPHASIS.sub("", piece).strip(), None)
        todo = [p for p in pieces if _needs_translation(p)]
        for p in pieces:
            if not _needs_translation(p):
                pieces[p] = p
        self.protector.prepare((p, src) for p in todo)
        done = dict(zip(todo, self._pass(todo, src, strict=False), strict=True))
        again = [p for p in todo if done[p] is None]
        if again:
            done.update(zip(again, self._pass(again, src, strict=True), strict=True))
        pieces.update(done)
        return [_assemble(text, pieces) for text in texts]

    def _pass(self, texts: list[str], src: Lang, strict: bool) -> list[str | None]:
        tgt = other(src)
        prepared = [_protect(t, self.protector.spans(t, src, strict)) for t in texts]
        send = [i for i, (masked, _) in enumerate(prepared) if _has_words(masked)]
        outs = self.translator.render_many([prepared[i][0] for i in send], src, tgt)
        rendered: dict[int, str | None] = dict(zip(send, outs, strict=True))
        results: list[str | None] = []
        for i, (text, (masked, marks)) in enumerate(zip(texts, prepared, strict=True)):
            out = rendered.get(i, masked)
            results.append(None if out is None else _restore(text, out, marks))
        return results


@dataclass(frozen=True)
class _Mark:
    token: str
    target: str
    joined_left: bool  # a space was added before the placeholder (none in the text)
    joined_right: bool
    start: int = 0  # the span in the text
    end: int = 0


def _code(i: int) -> str:
    out = ""
    while True:
        out = _LETTERS[i % 25] + out
        i = i // 25 - 1
        if i < 0:
            return "ZQW" + out


def _protect(text: str, spans: list[Protected]) -> tuple[str, list[_Mark]]:
    """``text`` with each span replaced by a placeholder (kept apart from the words around)."""
    out, marks, cursor = [], [], 0
    for i, s in enumerate(spans):
        token = _code(i)
        left = s.start > 0 and not text[s.start - 1].isspace()
        right = s.end < len(text) and not text[s.end].isspace()
        out += [text[cursor : s.start], " " if left else "", token, " " if right else ""]
        marks.append(_Mark(token, s.target, left, right, s.start, s.end))
        cursor = s.end
    out.append(text[cursor:])
    return "".join(out), marks


def _restore(source: str, out: str, marks: list[_Mark]) -> str | None:
    """The rendering with its placeholders turned into their targets; None when one was lost
    or duplicated, or a number of the source is missing."""
    found = Counter(_PLACEHOLDER.findall(out))
    if any(found[m.token] != 1 for m in marks) or sum(found.values()) != len(marks):
        return None
    if marks and marks[0].start == 0 and out.startswith(marks[0].token):
        out = _lower_after_opening(source, out, marks[0])
    for m in marks:

        def put(match: re.Match[str], m: _Mark = m) -> str:
            before = "" if m.joined_left else match.group(1)
            after = "" if m.joined_right else match.group(2)
            return before + m.target + after

        out = re.sub(rf"(\s?){m.token}(?![A-Z])(\s?)", put, out, count=1)
    out = _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", " ".join(out.split())))
    if Counter(_NUMBER.findall(source)) - Counter(_NUMBER.findall(out)):
        return None
    return out


def _lower_after_opening(source: str, out: str, first: _Mark) -> str:
    """A text opening with a placeholder gets its next word capitalised by Apertium
    ("ZQWA En el extranjero"): lower-case it when the source's next word is."""
    nxt = re.match(r"\W*(\w)", source[first.end :])
    if nxt is None or not nxt.group(1).islower():
        return out
    rest = out[len(first.token) :]
    m = re.match(r"(\s+)([A-ZÁÉÍÓÚÑ])([a-záéíóúñ]\w*)", rest)
    return out if m is None else first.token + m.group(1) + m.group(2).lower() + rest[m.end(2) :]


def _pieces(text: str) -> list[str]:
    """A table row's cells, else the text itself."""
    if text.lstrip().startswith("|"):
        return [c for c in _CELL.split(text) if c.strip()]
    return [text]


def _assemble(text: str, pieces: dict[str, str | None]) -> str | None:
    """The rendering of ``text`` from the renderings of its pieces (a row keeps its pipes)."""
    if not text.lstrip().startswith("|"):
        return pieces.get(_EMPHASIS.sub("", text).strip())
    out = []
    for cell in _CELL.split(text):
        if not cell.strip():
            out.append(cell)
            continue
        done = pieces.get(_EMPHASIS.sub("", cell).strip())
        if done is None:
            return None
        lead = cell[: len(cell) - len(cell.lstrip())]
        trail = cell[len(cell.rstrip()) :]
        out.append(lead + done + trail)
    return "|".join(out)


def _needs_translation(text: str) -> bool:
    """Whether a text has a word to translate (a cell of marks or numbers has none)."""
    return bool(re.search(r"[^\W\d_]{2,}", text))


def _has_words(masked: str) -> bool:
    return _needs_translation(_PLACEHOLDER.sub(" ", masked))


def build_renderings(
    chunks: Iterable[Chunk],
    protector: Protector,
    translator: BatchTranslator | None,
    previous: Renderings | None = None,
    unavailable: str = "",
    progress: Callable[[str], None] = log.info,
) -> tuple[Renderings, RenderingReport]:
    """The renderings of every unit of ``chunks`` (those of ``previous`` kept when made with
    the same Apertium and protected terms)."""
    t0 = time.perf_counter()
    chunks = list(chunks)
    version = translator.version if translator is not None else None
    meta = {"apertium": version, "protection": protector.fingerprint}
    reusable = previous is not None and (
        version is None or all(previous.meta.get(k) == v for k, v in meta.items())
    )
    if version is None and previous is not None:
        meta = {**meta, "apertium": previous.meta.get("apertium")}
    out = Renderings(meta=meta)
    report = RenderingReport()
    by_id = {c.id: c for c in chunks}
    todo: dict[str, list[str]] = {"en": [], "es": []}
    for chunk in chunks:
        src = chunk.language
        if src not in todo:
            continue
        tgt = other(src)
        if chunk.kind == "matrix":  # the same fact, written in the other language
            sibling = by_id.get(sibling_id(chunk.id, tgt))
            if sibling is not None:
                out.table[tgt][chunk.text] = sibling.text
            continue
        for text in unit_texts(chunk):
            old = previous.get(text, tgt) if reusable and previous is not None else None
            if old is not None:
                out.table[tgt].setdefault(text, old)
            elif text not in todo[src]:
                todo[src].append(text)
    report.reused = sum(len(t) for t in out.table.values())
    if version is None or translator is None:
        report.missing = sum(len(t) for t in todo.values())
        report.note = f"Apertium not available ({unavailable or 'not installed'})" + (
            f": {report.missing} units without a rendering (answers show the original)"
            if report.missing
            else ""
        )
    else:
        renderer = Renderer(protector, translator)
        for src, texts in todo.items():
            if not texts:
                continue
            progress(f"rendering {len(texts)} units {src}->{other(src)}")
            for text, done in zip(texts, renderer.render(texts, src), strict=True):  # type: ignore[arg-type]
                if done is None:
                    report.missing += 1
                else:
                    out.table[other(src)][text] = done
                    report.made += 1
    _add_table_parts(chunks, out)
    report.seconds = time.perf_counter() - t0
    return out, report


def _add_table_parts(chunks: list[Chunk], renderings: Renderings) -> None:
    """A table row as quoted (caption, header and row) from the renderings of its lines."""
    for chunk in chunks:
        if chunk.kind != "table" or chunk.language not in ("en", "es"):
            continue
        tgt = other(chunk.language)
        for part in chunk_parts(chunk)[0]:
            if not part.row:
                continue
            lines = [renderings.get(t, tgt) for t in (*part.head, part.row)]
            if all(line is not None for line in lines):
                renderings.table[tgt][part.text] = "\n".join(lines)  # type: ignore[arg-type]
