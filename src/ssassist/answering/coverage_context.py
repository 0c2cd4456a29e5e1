"""What every part of a coverage answer shares: the result, the language, the measures.

In: a :class:`~ssassist.matrix.CoverageResult`, the asker's language, the citation
function and (optionally) the :class:`~ssassist.matrix.access.Access` of the
person's roles. Out: a :class:`CoverageContext` — the country names, the asked
benefits in words, the folded measures, the numbered sources, and which notes and
measures the first sentence has already said (so that no later line repeats them).
The first sentence (:mod:`~ssassist.answering.coverage_headline`) and the lines
below it (:mod:`~ssassist.answering.coverage_lines`) read and mark it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ssassist.answering.coverage_measures import FoldedMeasure, Words, fold
from ssassist.answering.coverage_words import (
    CiteFn,
    Line,
    Sources,
    benefits_phrase,
    names,
    sentence,
)
from ssassist.matrix import CoverageResult, Instrument, Source
from ssassist.matrix.access import Access, BenefitAccess
from ssassist.matrix.countries import load_countries
from ssassist.matrix.models import Benefit
from ssassist.matrix.results import Note
from ssassist.templates import COVERAGE_LINES, COVERAGE_VERDICT


class CoverageContext:
    """The state of one answer being written, in one language."""

    def __init__(
        self, result: CoverageResult, lang: str, cite: CiteFn, access: Access | None
    ) -> None:
        self.r = result
        self.lang = lang
        self.access = access
        self.sources = Sources(cite)
        self.words = Words(lang, load_countries())
        if access is not None and access.nationality:
            self.words.nationality = [access.nationality]
        self.words.record_benefits = {u.id: list(u.benefits) for u in result.unilateral}
        self.v = COVERAGE_VERDICT[lang]
        self.lines_t = COVERAGE_LINES[lang]
        self.a = self.words.country(result.country_a.code)
        self.b = self.words.country(result.country_b.code)
        self.used_notes: set[int] = set()
        self.used_measures: set[int] = set()
        self.asked: list[Benefit] = (
            [result.benefit] if result.benefit else [ba.benefit for ba in self._entries()]
        )
        self.benefit = benefits_phrase(self.asked, lang) if result.benefit else ""
        self.measures = self._measures()

    def _entries(self) -> list[BenefitAccess]:
        return list(self.access.benefits) if self.access else []

    def _measures(self) -> list[FoldedMeasure]:
        pairs = [(ba.benefit, m) for ba in self._entries() for m in ba.measures]
        folded = fold(pairs)
        if self.r.covered is True:  # the agreement answers; open measures add nothing
            folded = [m for m in folded if m.status != "open"]
        return folded

    @property
    def fields(self) -> dict[str, str]:
        """The pair and the benefit, for the verdict templates."""
        return {"a": self.a, "b": self.b, "benefit": self.benefit}

    def names(self, insts: Iterable[Instrument]) -> str:
        """Agreements' names with their articles, joined."""
        return names(insts, self.lang)

    def say(self, text: str, sources: Iterable[Source | None] = ()) -> str:
        """*text* as a sentence with the [n] markers of *sources*."""
        return sentence(Line(text, list(sources)), self.sources)

    def use_notes(self, pred: Callable[[Note], bool]) -> list[Note]:
        """The result's notes *pred* selects, marked as said."""
        hit = []
        for i, n in enumerate(self.r.note_details):
            if pred(n):
                self.used_notes.add(i)
                hit.append(n)
        return hit

    def gives(self) -> list[FoldedMeasure]:
        """The measures that give access."""
        return [m for m in self.measures if m.status == "gives_access"]

    def table5(self, n: Note) -> str:
        """A Table 5 note (more treaties counted than named) as a sentence for a migrant."""
        f, t = n.fields, self.lines_t
        named = int(f.get("named", "0"))
        title = self.sources.title(n.source, self.lang) if n.source else ""
        text = t["table_5"].format(
            title=title,
            expected=f.get("expected", ""),
            me=self.words.country(f.get("me", "")),
            other=self.words.country(f.get("other", "")),
            where=t["where_american" if f.get("american") == "yes" else "where_other"],
            named=t["named_none"] if named == 0 else t["named_some"].format(named=named),
        )
        return self.say(text, [n.source])
