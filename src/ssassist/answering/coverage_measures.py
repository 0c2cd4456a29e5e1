"""The unilateral measures of a coverage answer, folded and worded as clauses.

In: the per-benefit :class:`~ssassist.matrix.access.MeasureAccess` entries of an
:class:`~ssassist.matrix.access.Access` (which measure, whose, for whom, with what
status). Out: :class:`FoldedMeasure` items — one per measure and outcome, across
benefits and implementing countries — and, through :class:`Words`, each one as a
clause in the asker's language ("Chile pays old-age pensions abroad to ...").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ssassist.answering.coverage_words import THE_COUNTRIES, benefits_phrase, join, rest_of_name
from ssassist.matrix import Source
from ssassist.matrix.access import MeasureAccess
from ssassist.matrix.countries import CountryRegistry
from ssassist.matrix.models import Benefit, Measure
from ssassist.templates import COVERAGE_MEASURE

MAX_REFS = 2
"""At most this many sources per measure line: its record's own and one more."""


@dataclass
class FoldedMeasure:
    """Measure entries of one outcome, folded across benefits and implementing countries."""

    measure_id: str
    kind: Measure
    role: str
    status: str
    countries: list[str]
    benefits: list[Benefit]
    entry: MeasureAccess
    if_nationality: list[str]


def fold(entries: Iterable[tuple[Benefit, MeasureAccess]]) -> list[FoldedMeasure]:
    """The (benefit, entry) pairs folded: one item per measure, role, status and exception."""
    out: dict[tuple[str, str, str, str | None], FoldedMeasure] = {}
    for benefit, e in entries:
        key = (e.measure_id, e.role, e.status, e.exception)
        m = out.get(key)
        if m is None:
            out[key] = FoldedMeasure(
                e.measure_id, e.measure, e.role, e.status, [e.country], [benefit], e, []
            )
            m = out[key]
        if e.country not in m.countries:
            m.countries.append(e.country)
        if benefit not in m.benefits:
            m.benefits.append(benefit)
        m.if_nationality = sorted({*m.if_nationality, *e.if_nationality})
    return list(out.values())


class Words:
    """Country names and measure clauses in one language."""

    def __init__(self, lang: str, reg: CountryRegistry) -> None:
        self.lang = lang
        self.reg = reg
        self.t = COVERAGE_MEASURE[lang]
        self.nationality: list[str] = []
        self.record_benefits: dict[str, list[Benefit]] = {}

    def country(self, code: str) -> str:
        name = self.reg.get(code).name(self.lang) if code in self.reg else code
        if self.lang == "en" and code in THE_COUNTRIES:
            return "the " + name
        return name

    def countries(self, codes: Iterable[str]) -> str:
        return join([self.country(c) for c in codes], self.lang)

    def verb(self, stem: str, n: int) -> str:
        return self.t[f"{stem}_{'one' if n == 1 else 'many'}"]

    def whom(self, e: MeasureAccess) -> str:
        excluded = self.countries(e.excluded_nationalities)
        if "americas" in e.eligible_regions:
            if excluded:
                return self.t["whom_americas_except"].format(excluded=excluded)
            return self.t["whom_americas"]
        return self.t["whom_any"]

    def clause(self, m: FoldedMeasure, asked: Sequence[Benefit], head: bool = False) -> str:
        """The measure as one clause (no final period); ``head``: inside the first sentence."""
        t, e, n = self.t, m.entry, len(m.countries)
        country = self.countries(m.countries)
        name = e.name_es if self.lang == "es" and e.name_es else e.name
        what = rest_of_name(name)
        benefits = benefits_phrase(m.benefits, self.lang)
        if m.status == "excluded":
            key = e.exception or "excluded_nationality"
            nationality = self.countries(m.if_nationality or self.nationality)
            return t[key].format(country=country, nationality=nationality, whom=self.whom(e))
        if m.status == "open":
            wanted = benefits_phrase([b for b in asked if b in m.benefits] or m.benefits, self.lang)
            if m.kind is Measure.EQUAL_TREATMENT:
                return t["open_equal_treatment"].format(
                    country=country, applies=self.verb("apply", n), benefits=wanted
                )
            return t["open"].format(lead=f"{country}: {what}", benefits=wanted)
        if m.kind is Measure.EQUAL_TREATMENT:
            return t["equal_treatment"].format(
                country=country, applies=self.verb("apply", n), benefits=benefits
            )
        if m.kind is Measure.IRREGULAR_MIGRANTS:
            return t["irregular_migrants_head" if head else "irregular_migrants"].format(
                country=country, protects=self.verb("protect", n), what=what
            )
        if m.kind is Measure.EXPORTABILITY:
            paid = benefits_phrase(self.record_benefits.get(m.measure_id) or m.benefits, self.lang)
            return t["pays_abroad"].format(
                country=country, pays=self.verb("pay", n), benefits=paid, whom=self.whom(e)
            )
        text = t["nationals_abroad_head" if head else "nationals_abroad"].format(
            country=country, offers=self.verb("offer", n), what=what, benefits=benefits
        )
        if e.beneficiaries and t["who"] and not head:
            text += "." + t["who"].format(who=e.beneficiaries.rstrip("."))
        return text


def measure_sources(m: FoldedMeasure) -> list[Source | None]:
    """The sources a measure line cites: its record's own, then at most one more."""
    return [m.entry.source, *m.entry.also_sources][:MAX_REFS]
