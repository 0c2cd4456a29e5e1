"""The extractive answer: which units to quote, and the cited text they make.

In: the scored units of the top passages (:mod:`ssassist.answering.scoring`) and the
analysed question. Out: the answer text with [n] markers and its citations.

The quotes are chosen for what the question asks (a figure for "how many",
country names for "which countries": :mod:`ssassist.answering.cues`), and each
brings what completes it: the next sentence when it refers back ("These
are…"), the list its colon announces. Neighbouring units of one passage are
quoted as one verbatim span; rows of one table share its caption and header.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ssassist.answering.cues import Cues, ends_with_colon, facts_in, focus, load_cues
from ssassist.answering.lead import clause_with, lead_line, plain_row
from ssassist.answering.units import Part, PassageParts, Unit, key_terms
from ssassist.config import AnswerSettings
from ssassist.ingest.chunking import Chunk
from ssassist.models import Citation
from ssassist.query.analysis import QueryAnalysis
from ssassist.retrieval.fusion import Hit
from ssassist.templates import MACHINE_TRANSLATION, MATRIX_FACT, ORIGINAL_LANGUAGE
from ssassist.text.stems import term_stems

Cite = Callable[[int, Chunk, str], Citation]  # (n, passage, quoted text) -> its citation
Render = Callable[[str, str], "str | None"]  # (verbatim unit, language) -> its stored rendering
Name = Callable[[Chunk, str], str]  # (passage, language) -> how running text names its source


def compose(
    analysis: QueryAnalysis,
    units: list[Unit],
    *,
    parts: PassageParts,
    settings: AnswerSettings,
    cite: Cite,
    render: Render | None = None,
    name: Name | None = None,
) -> tuple[str, list[Citation]]:
    """The answer text with [n] markers, and its citations (one per passage).

    The first line answers: the best evidence sentence (the one holding the kind
    of fact asked, see :func:`select`) after "According to <source>," in the
    asker's language (:mod:`~ssassist.answering.lead`). At most
    ``settings.max_quotes`` supporting quotes follow while the body stays within
    ``settings.body_words`` words. A passage in the other language is shown by its
    stored rendering (``render``), marked once as a machine translation; without
    one, it is quoted verbatim and marked as such. ``Citation.text`` always holds
    the verbatim original, one line per paragraph, list item, caption, header or row.
    """
    lang = analysis.lang
    quotes = select(analysis, units, parts=parts, settings=settings)
    words = _Words(lang, render)
    numbers: dict[tuple[str, ...], int] = {}
    lines_of: dict[tuple[str, ...], list[str]] = {}
    first: dict[tuple[str, ...], Chunk] = {}

    def number(chunk: Chunk, verbatim: list[str]) -> int:
        key = _source_key(chunk)
        first.setdefault(key, chunk)
        lines_of.setdefault(key, []).extend(t for t in verbatim if t not in lines_of[key])
        return numbers.setdefault(key, len(numbers) + 1)

    lead, rest = _lead(analysis, quotes[0], parts, words, number, name, settings)
    body = [lead]
    budget = settings.body_words - len(lead.split())
    for q in rest + quotes[1:]:
        if len(body) > settings.max_quotes:
            break
        line, verbatim = words.quote(q, parts)
        if len(line.split()) > budget:
            continue  # a shorter quote further down may still fit
        budget -= len(line.split())
        body.append(line + f" [{number(q.hit.chunk, verbatim)}]")
    body.extend(words.notes())
    citations = [
        cite(n, first[key], "\n".join(lines_of.get(key, []))) for key, n in numbers.items()
    ]
    return "\n\n".join(body), citations


def _lead(
    analysis: QueryAnalysis,
    quote: Quote,
    parts: PassageParts,
    words: _Words,
    number: Callable[[Chunk, list[str]], int],
    name: Name | None,
    settings: AnswerSettings,
) -> tuple[str, list[Quote]]:
    """The first line, from the quote's top unit, and what remains of that quote."""
    chunk = quote.hit.chunk
    lang = analysis.lang
    source = name(chunk, lang) if name is not None else ""
    if chunk.kind == "matrix":
        return lead_line(chunk.text, source, number(chunk, []), lang), []
    chunk_parts, _ = parts(chunk)
    top = chunk_parts[quote.top]
    after = [i for i in quote.positions if i > quote.top]
    items: list[int] = []
    if ends_with_colon(top.text):  # the list it announces, said inline
        items = [i for i in after if chunk_parts[i].item][: settings.list_items]
    verbatim = [*top.head, top.row or top.text, *(chunk_parts[i].text for i in items)]
    asked = load_cues().asked(analysis.question)
    named = frozenset(c.code for c, _ in analysis.mentions)
    sentence = clause_with(words.unit(chunk, top), asked, named)
    words.captioned = bool(top.row)
    inline = [words.unit(chunk, chunk_parts[i]) for i in items]
    n = number(chunk, verbatim)
    rest = [i for i in after if i not in items]
    others = [Quote(quote.hit, rest, rest[0])] if rest else []
    return lead_line(sentence, source, n, lang, inline), others


class _Words:
    """The words an answer shows for verbatim units: their rendering in the asker's
    language where one is stored, else the original; and the notes that say which."""

    def __init__(self, lang: str, render: Render | None) -> None:
        self.lang = lang
        self.render = render
        self.rendered = False
        self.original = False
        self.captioned = False  # a table's caption was shown (by the first line)

    def text(self, chunk: Chunk, verbatim: str) -> str:
        if chunk.kind == "matrix" or chunk.language == self.lang:
            return verbatim
        shown = self.render(verbatim, self.lang) if self.render is not None else None
        if shown:
            self.rendered = True
            return shown
        self.original = True
        return verbatim

    def unit(self, chunk: Chunk, part: Part, caption: bool = True) -> str:
        """A unit as running text: a table row as its cells after their column names, and
        after the table's caption when ``caption``."""
        if not part.row:
            return self.text(chunk, part.text)
        header = self.text(chunk, part.head[-1]) if len(part.head) > 1 else ""
        row = plain_row(self.text(chunk, part.row), header)
        if caption and part.head:
            return f"{self.text(chunk, part.head[0]).rstrip(' .:')}: {row}"
        return row

    def quote(self, q: Quote, parts: PassageParts) -> tuple[str, list[str]]:
        """A supporting quote as shown, and the verbatim lines its citation holds."""
        chunk = q.hit.chunk
        if chunk.kind == "matrix":
            return MATRIX_FACT[self.lang].format(text=chunk.text), []
        chunk_parts, blocks = parts(chunk)
        segments = q.segments(chunk_parts, blocks)
        verbatim = [text for text, _ in segments]
        chosen = [chunk_parts[i] for i in q.positions]
        if chosen[0].row:  # rows: their cells, the caption once (the first line may show it)
            shown = [self.unit(chunk, p, caption=not self.captioned) for p in chosen]
            return "“" + " / ".join(shown) + "”", verbatim
        if chunk.language == self.lang:
            return _render(segments), verbatim
        shown = [("- " if p.item else "") + self.unit(chunk, p) for p in chosen]
        return "“" + " ".join(shown) + "”", verbatim

    def notes(self) -> list[str]:
        """The line saying the answer shows machine translations, or verbatim originals."""
        out = []
        if self.rendered:
            out.append(MACHINE_TRANSLATION[self.lang])
        if self.original:
            out.append(ORIGINAL_LANGUAGE[self.lang])
        return out


def select(
    analysis: QueryAnalysis, units: list[Unit], *, parts: PassageParts, settings: AnswerSettings
) -> list[Quote]:
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
    s = settings
    cues = load_cues()
    asked = cues.asked(analysis.question)
    named = frozenset(c.code for c, _ in analysis.mentions)
    terms = key_terms(analysis)

    def value(u: Unit) -> float:
        if u.answer is not None:  # the fitted ranker (answering/evidence_model.py)
            return u.answer
        return u.score + s.focus_weight * focus(asked, facts_in(u.text, named))

    ranked = sorted(((value(u), u) for u in units), key=lambda vu: vu[0], reverse=True)
    if not ranked:
        floor = 0.0
    elif ranked[0][1].answer is not None:  # log-odds: a margin under the best, not a ratio
        floor = ranked[0][0] - s.answer_margin
    else:
        floor = s.min_ratio * ranked[0][0]
    quotes: list[Quote] = []
    taken: set[tuple[str, int]] = set()  # (passage, unit) already quoted
    said: list[set[str]] = []  # terms of each unit quoted
    for v, u in ranked:
        if len(quotes) >= s.max_sentences or v < floor:
            break
        chunk = u.hit.chunk
        chunk_parts, _ = parts(chunk)
        pos = next(
            (
                i
                for i, p in enumerate(chunk_parts)
                if p.text == u.text and (chunk.id, i) not in taken
            ),
            None,
        )
        if pos is None or _repeats(chunk_parts[pos].row or u.text, chunk.language, said):
            continue
        if (
            chunk_parts[pos].row
            and any(q.hit.chunk.id == chunk.id for q in quotes)
            and not terms & set(term_stems(chunk_parts[pos].row, chunk.language))
        ):
            continue  # another row of a table quoted already, ranked high only for its caption
        # with the fitted ranker, the next best units are quoted rather than what follows
        follow = s.follow if u.answer is None else 0
        span = [pos, *_completion(chunk_parts, pos, cues, follow, s.list_items)]
        span = [i for i in span if (chunk.id, i) not in taken]
        taken.update((chunk.id, i) for i in span)
        said.extend(
            set(term_stems(chunk_parts[i].row or chunk_parts[i].text, chunk.language)) for i in span
        )
        quotes.append(Quote(u.hit, span, pos))
    return _merge(quotes)


_REPEAT = 0.8  # share of shared terms from which a unit repeats one already quoted


def _source_key(chunk: Chunk) -> tuple[str, ...]:
    """What one citation number stands for: a passage, or the source a matrix fact quotes."""
    if chunk.kind == "matrix":
        return ("source", chunk.source_doc, chunk.source_locator, chunk.source_quote)
    return ("chunk", chunk.id)


@dataclass
class Quote:
    """Units of one passage quoted together: a span of its text, or rows of its table."""

    hit: Hit
    positions: list[int]  # indices into the passage's parts, ascending
    top: int = -1  # the unit it was chosen for (the others complete it)

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
    terms = set(term_stems(text, lang))
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


def _render(segments: list[tuple[str, bool]]) -> str:
    """A verbatim quote for the answer text, one paragraph each; list items as "- " lines."""
    return "\n".join(f"- “{text}”" if item else f"“{text}”" for text, item in segments)
