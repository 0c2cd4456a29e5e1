"""Rights framing: which kind of fact gives a person access to a benefit between two countries.

The coverage check (:mod:`.check`) answers one question exactly: do the
*agreements* between two countries cover a benefit.  A migrant asks a wider
one: "can I get it?".  docs/coverage.md ("Rights framing") answers it with three
kinds of facts, each cited: the agreements (``covered``, never changed here),
what the country where the person lives grants foreigners (equal treatment,
access for migrants in an irregular situation), and what a country offers its
nationals abroad or pays abroad (voluntary insurance, pensions paid abroad and
their exceptions).

This module only reads the matrix; it writes no text.  A measure gives access
to a benefit only when its record lists that benefit; a branch its record
leaves open (``unknown_benefits``) is reported as ``open``, never as access,
and a listed exception (``excluded_nationalities``, ``eligible_regions``) is
reported as ``excluded`` with the measure's source.  When the message does not
say who is who, every reading of the pair is tried (a national of either
country, living in either), so swapping the two countries changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ssassist.matrix.check import check_coverage
from ssassist.matrix.countries import CountryRegistry, load_countries
from ssassist.matrix.loader import Matrix
from ssassist.matrix.models import ILO_BRANCHES, Benefit, Instrument, Measure, Source
from ssassist.matrix.results import CountryRef, CoverageResult, Reason

AccessKind = Literal["agreement", "unilateral", "none_stated", "unknown"]
"""What gives access: an agreement (``covered`` True), a unilateral measure, nothing the
documents state (no agreement and no measure), or the documents leave it open."""

Role = Literal["residence_grants_foreigners", "nationality_offers_nationals_abroad", "pays_abroad"]
"""Whose measure it is, for this person: the country they live in (granting foreigners), the
country of their nationality (offering its nationals abroad), or a country paying abroad."""

MeasureStatus = Literal["gives_access", "open", "excluded"]
ExceptionKind = Literal["excluded_nationality", "region_not_eligible"]

ROLES: dict[Measure, tuple[Role, ...]] = {
    Measure.EQUAL_TREATMENT: ("residence_grants_foreigners",),
    Measure.IRREGULAR_MIGRANTS: ("residence_grants_foreigners",),
    Measure.VOLUNTARY_INSURANCE: ("nationality_offers_nationals_abroad",),
    Measure.COVERAGE_ABROAD: ("nationality_offers_nationals_abroad",),
    Measure.WELFARE_FUND: ("nationality_offers_nationals_abroad",),
    Measure.EXPORTABILITY: ("pays_abroad",),
    # The matrix's one "other" measure (Morocco) serves both its nationals abroad and the
    # foreigners in its territory; its branches are not itemised, so it is only ever "open".
    Measure.OTHER: ("residence_grants_foreigners", "nationality_offers_nationals_abroad"),
}
"""Which role each kind of unilateral measure plays (README of corpus/matrix, ``measure``)."""

_STATUS_ORDER = {"gives_access": 0, "open": 1, "excluded": 2}
_ROLE_ORDER = {r: i for i, r in enumerate(Role.__args__)}  # type: ignore[attr-defined]


class MeasureAccess(BaseModel):
    """One unilateral measure as it bears on the person and the benefit, with its source."""

    model_config = ConfigDict(frozen=True)

    measure_id: str
    name: str
    name_es: str | None = None
    measure: Measure
    country: str = Field(description="ISO code of the country implementing the measure.")
    role: Role
    status: MeasureStatus = Field(
        description=(
            "gives_access: the record lists the benefit; open: the record leaves the benefit "
            "open; excluded: the record lists an exception that applies to the person."
        )
    )
    if_nationality: list[str] = Field(
        default_factory=list,
        description="Only when the nationality was not given: the nationalities it holds for.",
    )
    if_residence: list[str] = Field(
        default_factory=list,
        description="Only when the residence was not given: the residences it holds for.",
    )
    exception: ExceptionKind | None = None
    excluded_nationalities: list[str] = Field(default_factory=list)
    eligible_regions: list[str] = Field(default_factory=list)
    beneficiaries: str | None = Field(None, description="Who may use it, as the record says.")
    caveat: str | None = None
    caveat_es: str | None = None
    source: Source
    also_sources: list[Source] = Field(default_factory=list)


class BenefitAccess(BaseModel):
    """Access to one benefit: the agreements' verdict and the unilateral measures beside it."""

    model_config = ConfigDict(frozen=True)

    benefit: Benefit
    kind: AccessKind
    covered: bool | None = Field(description="The coverage check's verdict for this benefit.")
    reason: Reason
    agreements: list[str] = Field(
        default_factory=list, description="Ids of the agreements that cover it."
    )
    agreement_sources: list[Source] = Field(
        default_factory=list,
        description="Sources of the verdict: covering agreements, or the stated absence.",
    )
    measures: list[MeasureAccess] = Field(default_factory=list)


class Access(BaseModel):
    """The rights framing of one coverage result: per asked benefit, what gives access."""

    model_config = ConfigDict(frozen=True)

    country_a: str
    country_b: str
    benefit: Benefit | None = Field(description="The benefit asked; None: every ILO branch.")
    covered: bool | None = Field(description="The coverage result's ``covered``, unchanged.")
    nationality: str | None = None
    residence: str | None = None
    symmetric: bool = Field(description="True when neither role was given.")
    benefits: list[BenefitAccess]

    def for_benefit(self, benefit: Benefit | str) -> BenefitAccess:
        """The entry of *benefit*; KeyError when it was not asked."""
        wanted = Benefit(benefit)
        for b in self.benefits:
            if b.benefit is wanted:
                return b
        raise KeyError(wanted.value)

    @property
    def kinds(self) -> dict[Benefit, AccessKind]:
        """What gives access, per asked benefit (for the badge)."""
        return {b.benefit: b.kind for b in self.benefits}


# -- roles -----------------------------------------------------------------------------


def _role_applies(role: Role, country: str, nationality: str, residence: str) -> bool:
    """Whether a measure of *country* in *role* concerns a national of *nationality* in
    *residence*: equal treatment is for foreigners living there, voluntary insurance for
    nationals living abroad, payment abroad for anyone living outside the paying country."""
    if role == "residence_grants_foreigners":
        return residence == country and nationality != country
    if role == "nationality_offers_nationals_abroad":
        return nationality == country and residence != country
    return residence != country


def _exception(m: Instrument, nationality: str, reg: CountryRegistry) -> ExceptionKind | None:
    """The exception of *m*'s record that leaves out a national of *nationality*, if any."""
    if nationality in m.excluded_nationalities:
        return "excluded_nationality"
    if m.eligible_regions:
        region = reg.get(nationality).region if nationality in reg else "other"
        if region not in m.eligible_regions:
            return "region_not_eligible"
    return None


def _persons(
    pair: tuple[str, str], nationality: str | None, residence: str | None
) -> list[tuple[str, str]]:
    """Every (nationality, residence) reading of the message: what it says, else either
    country of the pair (docs/coverage.md: unclear roles make the pair symmetric)."""
    nats = [nationality] if nationality else sorted(set(pair))
    ress = [residence] if residence else sorted(set(pair))
    return [(n, r) for n in nats for r in ress]


# -- measures ----------------------------------------------------------------------------

_Key = tuple[str, str, Role, MeasureStatus, ExceptionKind | None]


def _measure_entries(
    measures: Iterable[Instrument],
    codes: set[str],
    benefit: Benefit,
    persons: list[tuple[str, str]],
    given: tuple[bool, bool],
    reg: CountryRegistry,
) -> list[MeasureAccess]:
    """The measures that bear on *benefit* for any of *persons*, grouped by outcome.

    *measures* are those of the pair and of the person's countries; a measure with several
    parties (equal treatment) is weighed for each of those countries on its own.
    """
    groups: dict[_Key, list[tuple[str, str]]] = {}
    by_id: dict[str, Instrument] = {}
    for m in measures:
        if m.duplicate_of or m.measure is None:
            continue
        st = m.status_for(benefit)
        if st == "not_covered":
            continue
        by_id[m.id] = m
        for country in sorted(set(m.parties) & codes):
            for role in ROLES[m.measure]:
                for n, r in persons:
                    if not _role_applies(role, country, n, r):
                        continue
                    exc = _exception(m, n, reg)
                    status: MeasureStatus = (
                        "excluded" if exc else "gives_access" if st == "covered" else "open"
                    )
                    groups.setdefault((m.id, country, role, status, exc), []).append((n, r))
    entries = [
        _entry(by_id[key[0]], key, people, given)
        for key, people in sorted(groups.items(), key=lambda kv: _sort_key(kv[0]))
    ]
    return _merge_same(entries, by_id)


def _sort_key(key: _Key) -> tuple[int, int, str, str]:
    """Access first, then open, then exceptions; stable by role, id and country so the
    summary does not depend on the order the pair was given in."""
    mid, country, role, status, _exc = key
    return (_STATUS_ORDER[status], _ROLE_ORDER[role], mid, country)


def _entry(
    m: Instrument, key: _Key, people: list[tuple[str, str]], given: tuple[bool, bool]
) -> MeasureAccess:
    """One listed measure; the conditions on roles are kept only for roles not given."""
    _mid, country, role, status, exc = key
    nat_given, res_given = given
    return MeasureAccess(
        measure_id=m.id,
        name=m.name,
        name_es=m.name_es,
        measure=m.measure,  # type: ignore[arg-type]  # unilateral records always have one
        country=country,
        role=role,
        status=status,
        if_nationality=[] if nat_given else sorted({n for n, _ in people}),
        if_residence=[] if res_given else sorted({r for _, r in people}),
        exception=exc,
        excluded_nationalities=list(m.excluded_nationalities),
        eligible_regions=list(m.eligible_regions),
        beneficiaries=m.beneficiaries,
        caveat=m.caveat,
        caveat_es=m.caveat_es,
        source=m.source,
        also_sources=list(m.also_sources),
    )


def _merge_same(entries: list[MeasureAccess], by_id: dict[str, Instrument]) -> list[MeasureAccess]:
    """Fold a record that describes the same measure as another (``same_as``) into it, so
    one programme is listed once, with both sources."""
    out = list(entries)
    for e in entries:
        target = by_id[e.measure_id].same_as
        twin = next(
            (
                t
                for t in out
                if t.measure_id == target
                and (t.country, t.role, t.status) == (e.country, e.role, e.status)
            ),
            None,
        )
        if twin is None:
            continue
        extra = [
            s for s in [e.source, *e.also_sources] if s not in [twin.source, *twin.also_sources]
        ]
        out[out.index(twin)] = twin.model_copy(update={"also_sources": twin.also_sources + extra})
        out.remove(e)
    return out


# -- the summary ---------------------------------------------------------------------------


def _kind(covered: bool | None, measures: list[MeasureAccess]) -> AccessKind:
    """Agreement first (``covered`` keeps its meaning), then a measure that lists the
    benefit; a verdict or measure the documents leave open is "unknown", never "none"."""
    if covered is True:
        return "agreement"
    if any(m.status == "gives_access" for m in measures):
        return "unilateral"
    if covered is None or any(m.status == "open" for m in measures):
        return "unknown"
    return "none_stated"


def _verdict_sources(r: CoverageResult) -> list[Source]:
    """What the verdict rests on: the covering agreements, the stated absence, or the
    agreements that leave the benefit out."""
    if r.covered is True:
        picked = [i.source for i in r.instruments if i.id in r.covered_by]
    elif r.reason == "explicit_absence":
        picked = [a.source for a in r.absences]
    elif r.reason == "no_instrument_covers":
        picked = [i.source for i in r.instruments]
    else:
        picked = []
    return list(dict.fromkeys(picked))


def _arg(ref: CountryRef) -> str:
    """How to name a result's country again: its code if curated, else its name."""
    return ref.code if ref.in_corpus else ref.name_en


def access_summary(
    matrix: Matrix,
    result: CoverageResult,
    *,
    nationality: str | None,
    residence: str | None,
    countries: CountryRegistry | None = None,
) -> Access:
    """Which kind of fact gives the person access to each asked benefit.

    Args:
        matrix: the matrix *result* was computed from.
        result: :func:`check_coverage` for the pair (and its benefit, or none: then each of
            the nine ILO branches is framed, with the check rerun for that branch).
        nationality, residence: ISO codes read from the message (see :mod:`ssassist.routing.roles`);
            None when it does not say, which makes the pair symmetric.
        countries: registry for regions (default: the packaged one).
    """
    reg = countries or load_countries()
    nat = nationality.upper() if nationality else None
    res = residence.upper() if residence else None
    pair = (result.country_a.code, result.country_b.code)
    persons = _persons(pair, nat, res)
    codes = {*pair, *(c for c in (nat, res) if c)}
    measures = matrix.unilateral_for(*codes)
    if result.benefit is not None:
        per_benefit = [(result.benefit, result)]
    else:
        a, b = _arg(result.country_a), _arg(result.country_b)
        per_benefit = [(br, check_coverage(matrix, a, b, br, countries=reg)) for br in ILO_BRANCHES]
    entries = []
    for benefit, r in per_benefit:
        found = _measure_entries(
            measures, codes, benefit, persons, (nat is not None, res is not None), reg
        )
        entries.append(
            BenefitAccess(
                benefit=benefit,
                kind=_kind(r.covered, found),
                covered=r.covered,
                reason=r.reason,
                agreements=list(r.covered_by),
                agreement_sources=_verdict_sources(r),
                measures=found,
            )
        )
    return Access(
        country_a=pair[0],
        country_b=pair[1],
        benefit=result.benefit,
        covered=result.covered,
        nationality=nat,
        residence=res,
        symmetric=nat is None and res is None,
        benefits=entries,
    )
