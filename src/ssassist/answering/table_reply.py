"""A table answer being written: its lines, its notes and its numbered sources.

In: lines and sources from the table handlers (:mod:`~ssassist.answering.table_unilateral`,
:mod:`~ssassist.answering.table_bilateral`, :mod:`~ssassist.answering.table_multilateral`).
Out: the answer text (acronyms expanded at first use) and its citations, one per table (the
rows it quotes, verbatim) or per passage of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ssassist.answering.citations import source_citation
from ssassist.answering.coverage_words import THE_COUNTRIES, cap, expand_acronyms
from ssassist.answering.table_read import TableQuestion
from ssassist.answering.table_texts import NUMBER_WORDS, TEXTS
from ssassist.ingest.corpus import DocumentMeta
from ssassist.matrix.countries import load_countries
from ssassist.matrix.loader import Matrix
from ssassist.matrix.models import (
    Benefit,
    Conflict,
    Instrument,
    Source,
    Statistic,
    benefit_label,
)
from ssassist.matrix.tables import table_of
from ssassist.models import Citation

_YEAR_AFTER_ACRONYM = re.compile(r"\(([A-Z]{2,})\) \((\d{4})\)")


# -- the answer being written ------------------------------------------------------------


@dataclass
class Reply:
    """Lines of a table answer and their numbered sources (one citation per table)."""

    lang: str
    docs: Mapping[str, DocumentMeta]
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    _quotes: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def t(self, key: str, **values: object) -> str:
        """The template ``key`` in the answer's language, filled in."""
        return TEXTS[self.lang][key].format(**values)

    def refs(self, *sources: Source | None) -> str:
        """ " [1][2]" for the sources; the rows of one table share one number."""
        nums: list[int] = []
        for s in sources:
            if s is None:
                continue
            table = table_of(s)
            key = (s.doc_id, f"Table {table}" if table is not None else s.locator)
            n = self._numbers.setdefault(key, len(self._numbers) + 1)
            _add_quote(self._quotes.setdefault(key, []), s.quote)
            if n not in nums:
                nums.append(n)
        return (" " + "".join(f"[{n}]" for n in nums)) if nums else ""

    def doc(self, doc_id: str) -> str:
        meta = self.docs.get(doc_id)
        return meta.short(self.lang) if meta else doc_id

    def where(self, source: Source) -> str:
        """ "Table 2 of the CISS technical note (2024)", or the document alone."""
        table = table_of(source)
        doc = self.doc(source.doc_id)
        return self.t("where_table", table=table, doc=doc) if table is not None else doc

    def according(self, source: Source) -> str:
        return self.t("according", where=self.where(source))

    def join(self, items: Iterable[str]) -> str:
        items = list(dict.fromkeys(i for i in items if i))
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + self.t("and") + items[-1]

    def country(self, code: str, running: bool = False) -> str:
        """The country's name; in running English text with its article ("the United States")."""
        name = load_countries().get(code).name(self.lang)
        return "the " + name if running and self.lang == "en" and code in THE_COUNTRIES else name

    def countries(self, codes: Iterable[str]) -> str:
        return self.join(self.country(c, running=True) for c in codes)

    def pair(self, inst: Instrument) -> str:
        return "–".join(self.country(c) for c in inst.parties)

    def labels(self, benefits: Iterable[Benefit]) -> str:
        return self.join(benefit_label(b, self.lang) for b in benefits)

    def words(self, n: int) -> str:
        table = NUMBER_WORDS[self.lang]
        return table[n] if 0 <= n < len(table) else str(n)

    def unit(self, n: int) -> str:
        return self.t("benefit" if n == 1 else "benefits")

    def name(self, inst: Instrument) -> str:
        return inst.display_name(self.lang)

    def names(self, insts: Iterable[Instrument]) -> str:
        """Names with their articles, joined: "the A and the B", "el A y el B"."""
        article = "el " if self.lang == "es" else "the "
        return self.join(article + self.name(i) for i in insts)

    def note(self, conflicts: Iterable[Conflict]) -> None:
        """Say both sides of each conflict, each claim with its source."""
        for c in conflicts:
            summary = c.summary_es if self.lang == "es" else c.summary
            line = "- " + summary.rstrip().rstrip(".")
            self.notes.append(line + self.refs(*(claim.source for claim in c.claims)) + ".")

    def render(self) -> tuple[str, list[Citation]]:
        text = "\n".join(line if line.startswith("- ") else cap(line) for line in self.lines)
        if self.notes:
            text += "\n\n" + self.t("notes") + "\n" + "\n".join(dict.fromkeys(self.notes))
        citations = [
            source_citation(
                self.docs, n, doc_id, locator, "\n".join(self._quotes[(doc_id, locator)])
            )
            for (doc_id, locator), n in self._numbers.items()
        ]
        # "… de la CISS (2024)" expanded reads "… (CISS) (2024)": one parenthesis
        text = _YEAR_AFTER_ACRONYM.sub(r"(\1, \2)", expand_acronyms(text, self.lang))
        return text, citations


def _add_quote(quotes: list[str], quote: str) -> None:
    """Add ``quote`` to a citation's quotes unless it is there already (the same sentence
    quoted with and without its final semicolon is one quote)."""
    key = quote.rstrip(" .;,")
    if key not in {q.rstrip(" .;,") for q in quotes}:
        quotes.append(quote)


Handler = Callable[[TableQuestion, Matrix, Reply], bool]


def about(conflicts: list[Conflict], benefits: bool | None) -> list[Conflict]:
    """The conflicts about benefits (``benefits`` True: they name some), or about the rest
    (False: the parties, the counts), or all (None)."""
    if benefits is None:
        return conflicts
    return [c for c in conflicts if bool(c.benefits) == benefits]


def figure(matrix: Matrix, stat_id: str) -> Statistic | None:
    try:
        return matrix.statistic(stat_id)
    except KeyError:
        return None


def _value(stat: Statistic | None) -> str:
    return stat.display_value if stat is not None else ""
