"""Result models of the work-history check (:func:`ssassist.matrix.history.check_history`).

A *group* is one instrument in force binding at least two countries of the
history and covering (or possibly covering) the benefit, with the countries
whose periods it can add together. Periods are added only within one group:
two groups sharing a country are never chained (docs/work_history.md).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ssassist.errors import SSAssistError
from ssassist.matrix.models import Absence, Benefit, Conflict, Instrument, Source
from ssassist.matrix.results import CountryRef, Note, Reason

GroupStatus = Literal["covered", "unknown"]
CaveatKind = Literal["framework", "equal_treatment"]


class TooFewCountriesError(SSAssistError, ValueError):
    """A work history needs at least two different countries."""

    def __init__(self, given: list[str], distinct: list[tuple[str, str]]) -> None:
        self.given = list(given)
        self.distinct = [en for en, _ in distinct]
        en = ", ".join(e for e, _ in distinct) or "none"
        es = ", ".join(s for _, s in distinct) or "ninguno"
        super().__init__(
            f"A work history needs at least two different countries; {given!r} names "
            f"{len(distinct)} ({en}). / Un historial laboral necesita al menos dos países "
            f"distintos; {given!r} nombra {len(distinct)} ({es})."
        )


class HistoryGroup(BaseModel):
    """One instrument and the countries of the history whose periods it can add together.

    ``status`` is the check's status for the benefit: ``"covered"`` (the source
    says it covers it) or ``"unknown"`` (it may cover it: a treaty known only by
    its number of benefits, the base branches of an extension, a disputed
    branch). An unknown group is never presented as covering.
    """

    model_config = ConfigDict(frozen=True)

    instrument: Instrument
    countries: list[CountryRef] = Field(description="Countries of the history it binds.")
    status: GroupStatus
    benefits: list[Benefit] = Field(
        default_factory=list, description="Branches asked that it covers."
    )
    open_benefits: list[Benefit] = Field(
        default_factory=list, description="Branches asked that it may cover (not itemised)."
    )
    notes: list[Note] = Field(default_factory=list, description="The instrument's caveats.")

    @property
    def confirmed(self) -> bool:
        return self.status == "covered"

    @property
    def codes(self) -> list[str]:
        return [c.code for c in self.countries]

    @property
    def source(self) -> Source:
        return self.instrument.source

    def key(self) -> tuple[str, frozenset[str], str]:
        """(instrument id, countries, status): what the dev set compares."""
        return self.instrument.id, frozenset(self.codes), self.status


class HistoryCaveat(BaseModel):
    """An instrument binding countries of the history that opens nothing by itself:
    a framework agreement (COISS) or an ILO equality-of-treatment convention."""

    model_config = ConfigDict(frozen=True)

    instrument: Instrument
    countries: list[CountryRef]
    kind: CaveatKind
    note: Note


class PairVerdict(BaseModel):
    """Two countries of the history that no group joins, and what the matrix says of them."""

    model_config = ConfigDict(frozen=True)

    a: CountryRef
    b: CountryRef
    covered: bool | None = Field(description="check_coverage's verdict for the pair.")
    reason: Reason
    instruments: list[str] = Field(
        default_factory=list, description="Instruments binding the pair (none joins them)."
    )
    absences: list[Absence] = Field(default_factory=list)

    @property
    def stated_none(self) -> bool:
        """The documents say there is no agreement (not merely nothing)."""
        return self.reason == "explicit_absence"


class BranchHistory(BaseModel):
    """The history for one benefit branch."""

    benefit: Benefit
    groups: list[HistoryGroup] = Field(default_factory=list)
    caveats: list[HistoryCaveat] = Field(default_factory=list)
    alone: list[CountryRef] = Field(
        default_factory=list, description="Countries no group joins to another one."
    )
    unconfirmed: list[CountryRef] = Field(
        default_factory=list, description="Countries that only 'may cover' groups join."
    )
    pairs: list[PairVerdict] = Field(
        default_factory=list, description="Pairs of the history that no group joins."
    )
    notes: list[str] = Field(default_factory=list)
    note_details: list[Note] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)

    @property
    def unknown_pairs(self) -> list[PairVerdict]:
        """Pairs the documents say nothing decisive about: unknown, not "no"."""
        return [p for p in self.pairs if p.covered is None]

    @property
    def no_agreement_pairs(self) -> list[PairVerdict]:
        """Pairs the documents say have no agreement, or whose instruments leave it out."""
        return [p for p in self.pairs if p.covered is False]


class HistoryResult(BaseModel):
    """Answer of :func:`~ssassist.matrix.history.check_history`.

    With a benefit, ``groups``, ``alone``, ``pairs`` and the notes are those of
    its one branch. With none, ``branches`` holds one result per branch and
    ``groups`` merges them: an instrument is ``"covered"`` when it covers at
    least one branch for its countries, ``"unknown"`` otherwise.
    """

    countries: list[CountryRef] = Field(description="The history, without repeats, as given.")
    duplicates: list[str] = Field(
        default_factory=list, description="Names given that repeat a country already listed."
    )
    benefit: Benefit | None
    nationality: CountryRef | None = None
    residence: CountryRef | None = None
    branches: list[BranchHistory]
    groups: list[HistoryGroup]
    caveats: list[HistoryCaveat] = Field(default_factory=list)
    alone: list[CountryRef] = Field(default_factory=list)
    unconfirmed: list[CountryRef] = Field(default_factory=list)
    pairs: list[PairVerdict] = Field(default_factory=list)
    unilateral: list[Instrument] = Field(
        default_factory=list,
        description="Unilateral measures of the residence country and the nationality.",
    )
    conflicts: list[Conflict] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    note_details: list[Note] = Field(default_factory=list)

    def branch(self, benefit: Benefit | str) -> BranchHistory:
        """The result for one branch; KeyError when it was not checked."""
        for b in self.branches:
            if b.benefit == Benefit(benefit):
                return b
        raise KeyError(str(benefit))

    @property
    def unknown_pairs(self) -> list[PairVerdict]:
        return [p for p in self.pairs if p.covered is None]

    @property
    def no_agreement_pairs(self) -> list[PairVerdict]:
        return [p for p in self.pairs if p.covered is False]

    @property
    def sources(self) -> list[Source]:
        """Every source behind the answer, without repeats, groups first."""
        out: list[Source] = []
        for s in (
            [g.source for g in self.groups]
            + [c.instrument.source for c in self.caveats]
            + [a.source for p in self.pairs for a in p.absences]
            + [n.source for n in self.note_details if n.source is not None]
            + [u.source for u in self.unilateral]
        ):
            if s not in out:
                out.append(s)
        return out
