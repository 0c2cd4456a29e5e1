"""The exact coverage check: is there an agreement between two countries (for a benefit)?

Looks only at the matrix (docs/coverage.md, "Coverage semantics"):

* ``covered is True``  — an in-force instrument binding both countries covers
  the benefit (any benefit when none is asked);
* ``covered is False`` — instruments bind them and none covers the benefit, or
  the corpus states that there is no agreement;
* ``covered is None``  — the matrix says nothing, or the only candidates are
  treaties whose branches are not itemised, disputed branches, or a framework
  agreement (COISS) that acts only through complementary bilateral ones.

Unknown is never turned into "no", and a benefit count never into "yes".
"""

from __future__ import annotations

from dataclasses import dataclass

from ssassist.matrix.benefits import parse_benefit
from ssassist.matrix.check_notes import (
    Notes,
    absence_notes,
    duplicate_notes,
    exportability_note,
    incompleteness_notes,
    instrument_notes,
    relevant_conflicts,
)
from ssassist.matrix.countries import Country, CountryRegistry, load_countries
from ssassist.matrix.loader import Matrix
from ssassist.matrix.models import (
    Absence,
    Benefit,
    Conflict,
    Instrument,
    InstrumentKind,
    benefit_label,
)
from ssassist.matrix.note_texts import render
from ssassist.matrix.results import (
    CountryRef,
    CoverageResult,
    Note,
    NoteKind,
    Reason,
    SameCountryError,
    Status,
)

__all__ = [
    "CountryRef",
    "CoverageResult",
    "Note",
    "NoteKind",
    "Reason",
    "SameCountryError",
    "Status",
    "check_coverage",
]


def check_coverage(
    matrix: Matrix,
    a: str | Country,
    b: str | Country,
    benefit: str | Benefit | None = None,
    *,
    countries: CountryRegistry | None = None,
) -> CoverageResult:
    """Check whether an agreement covers migrants between *a* and *b* (for *benefit*).

    Args:
        matrix: the loaded matrix (:func:`~ssassist.matrix.loader.load_matrix`).
        a, b: country names (Spanish or English), aliases, demonyms or ISO codes.
        benefit: a benefit id or name (``"old_age"``, ``"vejez"``...); None for "any agreement".
        countries: registry for name resolution (default: the packaged one).

    Raises:
        UnknownCountryError: a name does not resolve (with suggestions).
        UnknownBenefitError: the benefit is not one of the ten ids or their names.
        SameCountryError: *a* and *b* are the same country.
    """
    reg = countries or load_countries()
    ca, cb = reg.resolve(a), reg.resolve(b)
    if ca.code == cb.code:
        raise SameCountryError(ca.name_en)
    ben = parse_benefit(benefit) if benefit is not None else None
    found = _Found.between(matrix, ca, cb, ben)
    covered, reason = _verdict(found)
    notes = Notes()
    conflicts = _notes(matrix, reg, found, covered, reason, notes)
    return CoverageResult(
        covered=covered,
        reason=reason,
        conflicts=conflicts,
        **found.result_fields(),
        **notes.result_fields(),
    )


# -- what the matrix holds for the pair ------------------------------------------------------


@dataclass
class _Found:
    """The pair, the benefit and the records bearing on them: binding instruments (and their
    repeats), what each says about the benefit, explicit absences, unilateral measures."""

    ca: Country
    cb: Country
    ben: Benefit | None
    instruments: list[Instrument]
    duplicates: list[Instrument]
    statuses: dict[str, Status]
    absences: list[Absence]
    unilateral: list[Instrument]

    @classmethod
    def between(cls, matrix: Matrix, ca: Country, cb: Country, ben: Benefit | None) -> _Found:
        bound = matrix.binding(ca.code, cb.code)
        instruments = [i for i in bound if not i.duplicate_of]
        return cls(
            ca=ca,
            cb=cb,
            ben=ben,
            instruments=instruments,
            duplicates=[i for i in bound if i.duplicate_of],
            statuses={i.id: _status(i, ben) for i in instruments},
            absences=matrix.absences_for(ca.code, cb.code),
            unilateral=matrix.unilateral_for(ca.code, cb.code),
        )

    def having(self, status: Status) -> list[Instrument]:
        """The instruments with this status, in matrix order."""
        return [i for i in self.instruments if self.statuses[i.id] == status]

    @property
    def covered_by(self) -> list[str]:
        return [i.id for i in self.having("covered")]

    def result_fields(self) -> dict[str, object]:
        """The fields of a :class:`CoverageResult` this holds."""
        return {
            "country_a": CountryRef.of(self.ca),
            "country_b": CountryRef.of(self.cb),
            "benefit": self.ben,
            "instruments": self.instruments,
            "statuses": self.statuses,
            "covered_by": self.covered_by,
            "unilateral": self.unilateral,
            "absences": self.absences,
        }


def _status(inst: Instrument, benefit: Benefit | None) -> Status:
    if inst.framework:
        return "framework"
    if benefit is None:
        # "Is there an agreement?": any agreement in force between the two is a yes
        # (docs/coverage.md: covered "with no benefit given, when any exists"), even one whose
        # branches the corpus does not itemise. An ILO convention both ratified is
        # not an agreement between them, and its accepted branches are unknown.
        if inst.kind is InstrumentKind.ILO_CONVENTION:
            return "unknown"
        return "covered"
    return inst.status_for(benefit)


def _open_frameworks(frameworks: list[Instrument], benefit: Benefit | None) -> list[Instrument]:
    """The framework agreements whose material scope does not leave *benefit* out."""
    return [f for f in frameworks if benefit is None or f.status_for(benefit) != "not_covered"]


def _verdict(found: _Found) -> tuple[bool | None, Reason]:
    """Covered, not covered or unknown, and why (docs/coverage.md, "Coverage semantics")."""
    not_cov = found.having("not_covered")
    frameworks = found.having("framework")
    if found.covered_by:
        return True, "instrument_covers"
    if found.having("unknown"):
        return None, "not_itemised"
    if not_cov and _open_frameworks(frameworks, found.ben):
        # A framework whose scope has the benefit leaves it open, whatever the other
        # instruments between the pair leave out (COISS + a medical-care-only agreement).
        return None, "framework_open"
    if not_cov:
        return False, "no_instrument_covers"
    if found.absences:
        return False, "explicit_absence"
    if frameworks:
        return None, "framework_only"
    return None, "no_data"


# -- the notes ---------------------------------------------------------------------------------


def _notes(
    matrix: Matrix,
    reg: CountryRegistry,
    found: _Found,
    covered: bool | None,
    reason: Reason,
    notes: Notes,
) -> list[Conflict]:
    """Fill *notes* in their order; return the source conflicts bearing on the answer."""
    ca, cb, ben = found.ca, found.cb, found.ben
    ctx = _context(ca, cb, ben)
    # 1. explicit absences
    absence_notes(found.absences, found.instruments, covered, ctx, notes)
    # 2. instrument-level notes
    for inst in found.instruments:
        instrument_notes(matrix, inst, found.statuses[inst.id], ben, ctx, notes)
    duplicate_notes(found.duplicates, notes)
    # 3. conflicts between sources
    ids = {i.id for i in [*found.instruments, *found.duplicates, *found.unilateral]}
    one_party_of = _one_party_of(matrix, ca, cb)
    conflicts = relevant_conflicts(matrix, ids, {ca.code, cb.code}, one_party_of, ben)
    notes.conflicts(conflicts)
    # 4. unilateral measures with pair-specific conditions
    for u in found.unilateral:
        exportability_note(u, ca, cb, notes)
    # 5. why the answer is what it is
    if reason in ("no_instrument_covers", "framework_only", "framework_open", "no_data"):
        notes.add("context", render(reason, **ctx), key=reason)
    if covered is not True and reason != "explicit_absence":
        incompleteness_notes(matrix, reg, ca, cb, notes)
    return conflicts


def _context(ca: Country, cb: Country, ben: Benefit | None) -> dict[str, str]:
    """The pair and the benefit in words, for the note templates."""
    pair_en, pair_es = render(
        "pair", a_en=ca.name_en, b_en=cb.name_en, a_es=ca.name_es, b_es=cb.name_es
    )
    what_en, what_es = (
        (benefit_label(ben, "en"), benefit_label(ben, "es")) if ben else render("any_benefit")
    )
    return {"pair_en": pair_en, "pair_es": pair_es, "what_en": what_en, "what_es": what_es}


def _one_party_of(matrix: Matrix, ca: Country, cb: Country) -> set[str]:
    """Multilaterals one of the pair is party to and the other, Ibero-American, is not."""
    A, B = ca.code, cb.code  # noqa: N806
    return {
        i.id
        for i in matrix.instruments
        if i.kind is InstrumentKind.MULTILATERAL
        and (A in i.parties) != (B in i.parties)
        and (cb if A in i.parties else ca).ibero_american
    }
