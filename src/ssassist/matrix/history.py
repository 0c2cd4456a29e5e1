"""Work histories across several countries: which periods can be added together, under what.

Looks only at the matrix, through the two-country check (:func:`check_coverage`)
run on every pair of the history (docs/coverage.md, "Several countries"):

* a *group* is one instrument in force binding at least two countries of the
  history and covering the benefit (``"covered"``) or possibly covering it
  (``"unknown"``: a treaty known only by its number of benefits, the base
  branches of an extension, a disputed branch); a multilateral lists every
  party in the history, a bilateral agreement its two countries;
* periods are added only within one group, never chained across instruments;
* a framework agreement (COISS) and an equality-of-treatment convention
  (ILO C118) open nothing by themselves: they are caveats, not groups;
* countries no group joins are *alone*; pairs no group joins keep the pair
  check's verdict: ``None`` when the documents say nothing (unknown is not
  "no"), ``False`` when they state there is no agreement or when the
  instruments binding the pair leave the benefit out.

The rules and their sources are in docs/work_history.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

from ssassist.matrix.benefits import parse_benefit
from ssassist.matrix.check import check_coverage
from ssassist.matrix.check_notes import Notes, exportability_note, relevant_conflicts
from ssassist.matrix.countries import Country, CountryRegistry, load_countries
from ssassist.matrix.history_models import (
    BranchHistory,
    HistoryCaveat,
    HistoryGroup,
    HistoryResult,
    PairVerdict,
    TooFewCountriesError,
)
from ssassist.matrix.loader import Matrix
from ssassist.matrix.models import (
    ILO_BRANCHES,
    Benefit,
    Conflict,
    Instrument,
    InstrumentKind,
    Measure,
)
from ssassist.matrix.note_texts import render
from ssassist.matrix.results import CountryRef, CoverageResult, Note, Status

Checks = dict[tuple[str, str], CoverageResult]

_SUMMARY = ("groups", "caveats", "alone", "unconfirmed", "pairs")
"""The fields a branch (:class:`BranchHistory`) and the whole history share."""

_KIND_ORDER = {
    InstrumentKind.MULTILATERAL: 0,
    InstrumentKind.BILATERAL_TREATY: 1,
    InstrumentKind.BILATERAL_EXTENSION: 2,
    InstrumentKind.INTER_INSTITUTIONAL: 3,
}


def check_history(
    matrix: Matrix,
    countries: Sequence[str | Country],
    benefit: str | Benefit | None = None,
    *,
    nationality: str | Country | None = None,
    residence: str | Country | None = None,
    registry: CountryRegistry | None = None,
) -> HistoryResult:
    """Which countries of a work history can add their periods together, under what.

    Args:
        matrix: the loaded matrix (:func:`~ssassist.matrix.loader.load_matrix`).
        countries: the places worked, in any order: names (Spanish or English),
            aliases, demonyms or ISO codes, resolved as :func:`check_coverage` does.
            A country named twice ("Perú", "PE") is counted once.
        benefit: a benefit id or name; None for a result per branch (the nine ILO
            branches, plus emergency medical care when an instrument binding the
            history covers it without covering medical care).
        nationality, residence: the person's; their unilateral measures are returned,
            with the pension-exportability measures of the countries worked in (with
            neither role, the measures of every country of the history).
        registry: country registry for name resolution (default: the packaged one).

    Raises:
        UnknownCountryError: a name does not resolve (with suggestions).
        UnknownBenefitError: the benefit is not one of the benefit ids or names.
        TooFewCountriesError: fewer than two different countries remain.
    """
    reg = registry or load_countries()
    history, duplicates = _resolve_history(reg, countries)
    ben = parse_benefit(benefit) if benefit is not None else None
    nat = reg.resolve(nationality) if nationality is not None else None
    res = reg.resolve(residence) if residence is not None else None

    if ben is not None:
        top = _branch(matrix, reg, history, ben)
        branches = [top]
        summary = {k: getattr(top, k) for k in _SUMMARY}
        notes_in, conflicts = top.note_details, list(top.conflicts)
    else:
        branches = [_branch(matrix, reg, history, b) for b in _branch_benefits(matrix, history)]
        checks = _pair_checks(matrix, reg, history, None)
        summary = _summary(checks, history, _merge(branches, checks))
        notes_in, conflicts = _pair_notes(checks), _pair_conflicts(checks)

    notes = Notes(notes_in)
    unilateral = _unilateral(matrix, history, nat, res, notes)
    codes = {c.code for c in [*history, *(x for x in (nat, res) if x is not None)]}
    for c in relevant_conflicts(matrix, {u.id for u in unilateral}, codes, set(), ben):
        if c.id not in {x.id for x in conflicts}:
            conflicts.append(c)
            notes.conflicts([c])

    return HistoryResult(
        countries=[CountryRef.of(c) for c in history],
        duplicates=duplicates,
        benefit=ben,
        nationality=CountryRef.of(nat) if nat is not None else None,
        residence=CountryRef.of(res) if res is not None else None,
        branches=branches,
        **summary,
        unilateral=unilateral,
        conflicts=conflicts,
        **notes.result_fields(),
    )


# -- resolution --------------------------------------------------------------------------


def _resolve_history(
    reg: CountryRegistry, names: Sequence[str | Country]
) -> tuple[list[Country], list[str]]:
    """The distinct countries, in the order given, and the names that repeat one."""
    given = [names] if isinstance(names, str | Country) else list(names)
    out: list[Country] = []
    duplicates: list[str] = []
    for name in given:
        c = reg.resolve(name)
        if any(c.code == o.code for o in out):
            duplicates.append(name.name_en if isinstance(name, Country) else str(name))
        else:
            out.append(c)
    if len(out) < 2:
        raise TooFewCountriesError(
            [n.name_en if isinstance(n, Country) else str(n) for n in given],
            [(c.name_en, c.name_es) for c in out],
        )
    return out, duplicates


# -- one branch ----------------------------------------------------------------------------


def _pair_checks(
    matrix: Matrix, reg: CountryRegistry, history: list[Country], ben: Benefit | None
) -> Checks:
    """The two-country check of every pair of the history, in history order."""
    return {
        (a.code, b.code): check_coverage(matrix, a, b, ben, countries=reg)
        for a, b in combinations(history, 2)
    }


def _branch(
    matrix: Matrix, reg: CountryRegistry, history: list[Country], ben: Benefit
) -> BranchHistory:
    checks = _pair_checks(matrix, reg, history, ben)
    return BranchHistory(
        benefit=ben,
        conflicts=_pair_conflicts(checks),
        **_summary(checks, history, _groups(checks, history, ben)),
        **Notes(_pair_notes(checks)).result_fields(),
    )


def _summary(checks: Checks, history: list[Country], groups: list[HistoryGroup]) -> dict:
    """The fields of :data:`_SUMMARY` for these groups: a branch's, or the whole history's."""
    alone, unconfirmed, pairs = _left_alone(checks, history, groups)
    caveats = _caveats(checks, history)
    return dict(zip(_SUMMARY, (groups, caveats, alone, unconfirmed, pairs), strict=True))


def _bindings(checks: Checks, history: list[Country]) -> list[tuple[Instrument, list[CountryRef]]]:
    """Each instrument binding two or more countries of the history, with those countries.

    The members are the union of the pairs it binds: every party in the history
    for a multilateral, the two countries for a bilateral agreement.
    """
    insts: dict[str, Instrument] = {}
    members: dict[str, set[str]] = {}
    for (a, b), result in checks.items():
        for inst in result.instruments:
            insts.setdefault(inst.id, inst)
            members.setdefault(inst.id, set()).update((a, b))
    refs = [CountryRef.of(c) for c in history]
    return [(insts[i], [r for r in refs if r.code in members[i]]) for i in insts]


def _status_of(checks: Checks, inst_id: str) -> Status:
    return next(r.statuses[inst_id] for r in checks.values() if inst_id in r.statuses)


def _record_notes(checks: Checks, inst_id: str) -> list[Note]:
    out: list[Note] = []
    for n in _pair_notes(checks):
        if n.record_id == inst_id and n not in out:
            out.append(n)
    return out


def _groups(checks: Checks, history: list[Country], ben: Benefit) -> list[HistoryGroup]:
    """The groups of one branch: instruments covering, or possibly covering, the benefit."""
    groups = []
    for inst, members in _bindings(checks, history):
        status = _status_of(checks, inst.id)
        if inst.framework or inst.kind is InstrumentKind.ILO_CONVENTION:
            continue
        if status not in ("covered", "unknown"):
            continue
        groups.append(
            HistoryGroup(
                instrument=inst,
                countries=members,
                status=status,
                benefits=[ben] if status == "covered" else [],
                open_benefits=[ben] if status == "unknown" else [],
                notes=_record_notes(checks, inst.id),
            )
        )
    return _sorted(groups)


def _sorted(groups: list[HistoryGroup]) -> list[HistoryGroup]:
    return sorted(
        groups,
        key=lambda g: (
            not g.confirmed,
            -len(g.countries),
            _KIND_ORDER.get(g.instrument.kind, 9),
            g.instrument.id,
        ),
    )


def _caveats(checks: Checks, history: list[Country]) -> list[HistoryCaveat]:
    """Framework agreements (COISS) and ILO equality-of-treatment conventions binding two
    or more countries of the history: they open nothing by themselves."""
    out = []
    for inst, members in _bindings(checks, history):
        if inst.framework:
            kind, key = "framework", "framework"
        elif inst.kind is InstrumentKind.ILO_CONVENTION:
            kind, key = "equal_treatment", "caveat"
        else:
            continue
        found = [n for n in _record_notes(checks, inst.id) if n.kind == key]
        note = found[0] if found else _caveat_note(inst, key)
        out.append(HistoryCaveat(instrument=inst, countries=members, kind=kind, note=note))
    return out


def _caveat_note(inst: Instrument, key: str) -> Note:
    default = render("framework", name_en=inst.name, name_es=inst.display_name("es"))
    en = inst.caveat or default[0]
    es = inst.caveat_es or (default[1] if inst.caveat is None else inst.caveat)
    return Note(kind=key, text=en, text_es=es, source=inst.source, record_id=inst.id)


def _left_alone(
    checks: Checks, history: list[Country], groups: list[HistoryGroup]
) -> tuple[list[CountryRef], list[CountryRef], list[PairVerdict]]:
    """Countries no group joins to another one; those only "may cover" groups join; pairs
    no group joins, with their verdict."""
    joined = {c.code for g in groups for c in g.countries}
    confirmed = {c.code for g in groups if g.confirmed for c in g.countries}
    alone = [CountryRef.of(c) for c in history if c.code not in joined]
    unconfirmed = [CountryRef.of(c) for c in history if c.code in joined - confirmed]
    together = {frozenset(p) for g in groups for p in combinations(g.codes, 2)}
    pairs = [
        PairVerdict(
            a=r.country_a,
            b=r.country_b,
            covered=r.covered,
            reason=r.reason,
            instruments=[i.id for i in r.instruments],
            absences=r.absences,
        )
        for (a, b), r in checks.items()
        if frozenset((a, b)) not in together
    ]
    return alone, unconfirmed, pairs


def _pair_notes(checks: Checks) -> list[Note]:
    """The pairs' notes without repeats; unilateral ones are the history's own (roles)."""
    notes = Notes()
    for r in checks.values():
        for n in r.note_details:
            if n.kind != "unilateral":
                notes.restate(n)
    return notes.items


def _pair_conflicts(checks: Checks) -> list[Conflict]:
    out: dict[str, Conflict] = {}
    for r in checks.values():
        for c in r.conflicts:
            out.setdefault(c.id, c)
    return list(out.values())


# -- no benefit given ----------------------------------------------------------------------


def _branch_benefits(matrix: Matrix, history: list[Country]) -> list[Benefit]:
    """The nine ILO branches; emergency medical care too when an instrument binding two
    countries of the history covers it without covering medical care (otherwise its
    result would repeat the medical-care branch)."""
    codes = [c.code for c in history]
    emergency_only = any(
        Benefit.EMERGENCY_MEDICAL_CARE in i.benefits and Benefit.MEDICAL_CARE not in i.benefits
        for a, b in combinations(codes, 2)
        for i in matrix.binding(a, b)
        if not i.duplicate_of
    )
    return [*ILO_BRANCHES, *([Benefit.EMERGENCY_MEDICAL_CARE] if emergency_only else [])]


def _merge(branches: list[BranchHistory], checks: Checks) -> list[HistoryGroup]:
    """One group per instrument over all branches: covered when it covers one branch."""
    found: dict[str, HistoryGroup] = {}
    covers: dict[str, list[Benefit]] = {}
    opens: dict[str, list[Benefit]] = {}
    for br in branches:
        for g in br.groups:
            found.setdefault(g.instrument.id, g)
            (covers if g.confirmed else opens).setdefault(g.instrument.id, []).append(br.benefit)
    merged = [
        HistoryGroup(
            instrument=g.instrument,
            countries=g.countries,
            status="covered" if covers.get(i) else "unknown",
            benefits=covers.get(i, []),
            open_benefits=opens.get(i, []),
            notes=_record_notes(checks, i) or g.notes,
        )
        for i, g in found.items()
    ]
    return _sorted(merged)


# -- unilateral measures -------------------------------------------------------------------


def _unilateral(
    matrix: Matrix,
    history: list[Country],
    nat: Country | None,
    res: Country | None,
    notes: Notes,
) -> list[Instrument]:
    """Measures of the residence country and the nationality, plus the pension-exportability
    measures of the countries worked in (the ones that pay the pension); every measure of
    the history's countries when neither role is given. With who an exportability
    measure serves: the nationality, or else each other country of the history."""
    roles = _unique(c for c in (res, nat) if c is not None)
    places = _unique([*history, *roles])
    role_codes = {c.code for c in roles or history}
    measures = [
        u
        for u in matrix.unilateral_for(*(c.code for c in places))
        if role_codes & set(u.parties) or u.measure is Measure.EXPORTABILITY
    ]
    persons = [nat] if nat is not None else history
    for u in measures:
        for impl in (c for c in places if c.code in u.parties):
            for person in persons:
                if person.code != impl.code:
                    exportability_note(u, impl, person, notes)
    return measures


def _unique(countries: Iterable[Country]) -> list[Country]:
    out: list[Country] = []
    for c in countries:
        if all(c.code != o.code for o in out):
            out.append(c)
    return out
