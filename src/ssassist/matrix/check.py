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

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ssassist.errors import SSAssistError
from ssassist.matrix.benefits import parse_benefit
from ssassist.matrix.countries import Country, CountryRegistry, load_countries
from ssassist.matrix.loader import Matrix
from ssassist.matrix.models import (
    Absence,
    Benefit,
    Conflict,
    Instrument,
    InstrumentKind,
    Measure,
    Source,
    benefit_label,
)
from ssassist.matrix.note_texts import render

Status = Literal["covered", "unknown", "not_covered", "framework"]
Reason = Literal[
    "instrument_covers",
    "not_itemised",
    "no_instrument_covers",
    "explicit_absence",
    "framework_only",
    "framework_open",
    "no_data",
]
NoteKind = Literal[
    "absence",
    "framework",
    "not_itemised",
    "scope",
    "caveat",
    "conflict",
    "duplicate",
    "unilateral",
    "context",
]


class SameCountryError(SSAssistError, ValueError):
    """Both countries of a coverage check are the same."""

    def __init__(self, country: str) -> None:
        self.country = country
        super().__init__(
            f"Both countries are {country}: a coverage check needs two different countries. / "
            f"Ambos países son {country}: la consulta necesita dos países distintos."
        )


class CountryRef(BaseModel):
    """A resolved country as it appears in a result."""

    model_config = ConfigDict(frozen=True)

    code: str
    name_en: str
    name_es: str
    in_corpus: bool = Field(
        True, description="False for an ISO country the curated list does not hold."
    )

    @classmethod
    def of(cls, c: Country) -> CountryRef:
        return cls(code=c.code, name_en=c.name_en, name_es=c.name_es, in_corpus=c.curated)

    def name(self, lang: str = "en") -> str:
        return self.name_es if lang == "es" else self.name_en


class Note(BaseModel):
    """A statement, caveat or conflict attached to a result, with its source."""

    model_config = ConfigDict(frozen=True)

    kind: NoteKind
    text: str
    text_es: str
    source: Source | None = None
    record_id: str | None = Field(None, description="Matrix record the note comes from, if any.")
    key: str | None = Field(
        None, description="Template of note_texts the text was filled from, when one was used."
    )
    fields: dict[str, str] = Field(
        default_factory=dict, description="The values the template was filled with."
    )

    def __str__(self) -> str:
        return self.text


class CoverageResult(BaseModel):
    """Answer of :func:`check_coverage`.

    ``notes`` holds the note texts (English) as plain strings, as the public
    contract promises; ``note_details`` holds the same notes, in the same
    order, with their Spanish text, kind and source.
    """

    country_a: CountryRef
    country_b: CountryRef
    benefit: Benefit | None
    covered: bool | None
    reason: Reason
    instruments: list[Instrument] = Field(
        description="In-force instruments binding both countries."
    )
    statuses: dict[str, Status] = Field(
        description="Instrument id → what it says about the benefit."
    )
    covered_by: list[str] = Field(
        default_factory=list, description="Ids of the instruments that cover the benefit."
    )
    unilateral: list[Instrument] = Field(
        default_factory=list, description="Unilateral measures of either country."
    )
    absences: list[Absence] = Field(
        default_factory=list, description="Explicit statements that there is no agreement."
    )
    conflicts: list[Conflict] = Field(
        default_factory=list, description="Source conflicts bearing on this answer."
    )
    notes: list[str] = Field(default_factory=list)
    note_details: list[Note] = Field(default_factory=list)

    @property
    def sources(self) -> list[Source]:
        """Every source behind the answer, without repeats, instruments first."""
        out: list[Source] = []
        for s in (
            [i.source for i in self.instruments]
            + [a.source for a in self.absences]
            + [n.source for n in self.note_details if n.source is not None]
            + [i.source for i in self.unilateral]
        ):
            if s not in out:
                out.append(s)
        return out


# -- helpers -----------------------------------------------------------------------


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


def _names(codes: list[str], reg: CountryRegistry, lang: str) -> str:
    return ", ".join(reg.get(c).name(lang) if c in reg else c for c in codes)


def _labels(benefits: list[Benefit], lang: str) -> str:
    return ", ".join(benefit_label(b, lang) for b in benefits)


class _Notes:
    """Ordered, de-duplicated notes."""

    def __init__(self) -> None:
        self.items: list[Note] = []

    def add(
        self,
        kind: NoteKind,
        texts: tuple[str, str],
        source: Source | None = None,
        record_id: str | None = None,
        key: str | None = None,
        fields: dict[str, str] | None = None,
    ) -> None:
        en, es = texts
        if any(n.text == en for n in self.items):
            return
        self.items.append(
            Note(
                kind=kind,
                text=en,
                text_es=es,
                source=source,
                record_id=record_id,
                key=key,
                fields=fields or {},
            )
        )


def _relevant_conflicts(
    matrix: Matrix, ids: set[str], codes: set[str], one_party_of: set[str], benefit: Benefit | None
) -> list[Conflict]:
    """Source conflicts (kind "conflict" only) that bear on this pair and benefit."""
    out = []
    for c in matrix.conflicts:
        if c.kind != "conflict":
            continue
        if benefit is not None and c.benefits and benefit not in c.benefits:
            continue
        hit = bool(set(c.applies_to) & ids) or (not c.applies_to and bool(set(c.countries) & codes))
        hit = hit or (c.also_when_one_party and bool(set(c.applies_to) & one_party_of))
        if hit:
            out.append(c)
    return out


# -- the check -----------------------------------------------------------------------


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
    A, B = ca.code, cb.code  # noqa: N806
    notes = _Notes()

    bound = matrix.binding(A, B)
    duplicates = [i for i in bound if i.duplicate_of]
    instruments = [i for i in bound if not i.duplicate_of]
    statuses: dict[str, Status] = {i.id: _status(i, ben) for i in instruments}
    covered_by = [i.id for i in instruments if statuses[i.id] == "covered"]
    unknown = [i for i in instruments if statuses[i.id] == "unknown"]
    not_cov = [i for i in instruments if statuses[i.id] == "not_covered"]
    frameworks = [i for i in instruments if statuses[i.id] == "framework"]
    absences = matrix.absences_for(A, B)
    unilateral = matrix.unilateral_for(A, B)

    covered: bool | None
    reason: Reason
    if covered_by:
        covered, reason = True, "instrument_covers"
    elif unknown:
        covered, reason = None, "not_itemised"
    elif not_cov and _open_frameworks(frameworks, ben):
        # A framework whose scope has the benefit leaves it open, whatever the other
        # instruments between the pair leave out (COISS + a medical-care-only agreement).
        covered, reason = None, "framework_open"
    elif not_cov:
        covered, reason = False, "no_instrument_covers"
    elif absences:
        covered, reason = False, "explicit_absence"
    elif frameworks:
        covered, reason = None, "framework_only"
    else:
        covered, reason = None, "no_data"

    pair_en, pair_es = render(
        "pair", a_en=ca.name_en, b_en=cb.name_en, a_es=ca.name_es, b_es=cb.name_es
    )
    what_en, what_es = (
        (benefit_label(ben, "en"), benefit_label(ben, "es")) if ben else render("any_benefit")
    )
    ctx = {"pair_en": pair_en, "pair_es": pair_es, "what_en": what_en, "what_es": what_es}

    # 1. explicit absences
    for ab in absences:
        notes.add("absence", (ab.statement, ab.statement_es), ab.source, ab.id)
        if covered is not False and ab.scope == "any_agreement" and instruments:
            listed = ", ".join(i.id for i in instruments)
            texts = render("absence_contradicted", ids=listed, **ctx)
            notes.add("conflict", texts, ab.source, ab.id)

    # 2. instrument-level notes
    for inst in instruments:
        _instrument_notes(matrix, inst, statuses[inst.id], ben, ctx, notes)
    for dup in duplicates:
        texts = render("duplicate", original=dup.duplicate_of or "", locator=dup.source.locator)
        notes.add("duplicate", texts, dup.source, dup.id)

    # 3. conflicts between sources
    ids = {i.id for i in instruments} | {i.id for i in duplicates} | {u.id for u in unilateral}
    one_party_of = {
        i.id
        for i in matrix.instruments
        if i.kind is InstrumentKind.MULTILATERAL
        and (A in i.parties) != (B in i.parties)
        and (cb if A in i.parties else ca).ibero_american
    }
    conflicts = _relevant_conflicts(matrix, ids, {A, B}, one_party_of, ben)
    for c in conflicts:
        notes.add("conflict", (c.summary, c.summary_es), c.source, c.id)

    # 4. unilateral measures with pair-specific conditions
    for u in unilateral:
        _exportability_note(u, ca, cb, notes)

    # 5. why the answer is what it is
    if reason in ("no_instrument_covers", "framework_only", "framework_open", "no_data"):
        notes.add("context", render(reason, **ctx), key=reason)
    if covered is not True and reason != "explicit_absence":
        _incompleteness(matrix, reg, ca, cb, notes)

    return CoverageResult(
        country_a=CountryRef.of(ca),
        country_b=CountryRef.of(cb),
        benefit=ben,
        covered=covered,
        reason=reason,
        instruments=instruments,
        statuses=statuses,
        covered_by=covered_by,
        unilateral=unilateral,
        absences=absences,
        conflicts=conflicts,
        notes=[n.text for n in notes.items],
        note_details=notes.items,
    )


def _instrument_notes(
    matrix: Matrix,
    inst: Instrument,
    st: Status,
    ben: Benefit | None,
    ctx: dict[str, str],
    notes: _Notes,
) -> None:
    """Caveats, scope and not-itemised notes for one binding instrument."""
    names = {"name_en": inst.name, "name_es": inst.display_name("es")}
    if inst.framework:
        default = render("framework", **names)
        texts = (inst.caveat or default[0], inst.caveat_es or default[1])
        notes.add("framework", texts, inst.source, inst.id)
    elif inst.count_only:
        n = inst.benefit_count
        count_en, count_es = (
            render("count", n=str(n)) if n is not None else render("count_unstated")
        )
        tail_en, tail_es = render("count_tail", **ctx) if ben and st == "unknown" else ("", "")
        texts = render(
            "count_only",
            count_en=count_en,
            count_es=count_es,
            unknown_en=_labels(inst.unknown_benefits, "en"),
            unknown_es=_labels(inst.unknown_benefits, "es"),
            tail_en=tail_en,
            tail_es=tail_es,
            **names,
        )
        count = {"count": str(n) if n is not None else ""}
        notes.add("not_itemised", texts, inst.source, inst.id, key="count_only", fields=count)
    elif inst.kind is InstrumentKind.BILATERAL_EXTENSION and st == "unknown" and ben is not None:
        base = matrix.get(inst.extends) if inst.extends and inst.extends in matrix else None
        texts = render(
            "extension_base",
            added_en=_labels(inst.benefits, "en"),
            added_es=_labels(inst.benefits, "es"),
            base_en=base.name if base else str(inst.extends),
            base_es=base.display_name("es") if base else str(inst.extends),
            **names,
            **{k: v for k, v in ctx.items() if k.startswith("what")},
        )
        notes.add("not_itemised", texts, inst.source, inst.id)
    elif st == "unknown" and inst.kind is InstrumentKind.ILO_CONVENTION and inst.caveat:
        notes.add("caveat", (inst.caveat, inst.caveat_es or inst.caveat), inst.source, inst.id)
    if st != "covered":
        if ben is Benefit.MEDICAL_CARE and Benefit.EMERGENCY_MEDICAL_CARE in inst.benefits:
            notes.add("scope", render("emergency_only", **names), inst.source, inst.id)
        return
    if inst.per_national_legislation:
        texts = render(
            "national_legislation",
            scope_en=inst.scope or "all benefits",
            scope_es=inst.scope_es or inst.scope or "todas las prestaciones",
            **names,
        )
        notes.add("scope", texts, inst.source, inst.id)
    if inst.caveat and not inst.framework:
        notes.add("caveat", (inst.caveat, inst.caveat_es or inst.caveat), inst.source, inst.id)
    if (
        ben is Benefit.EMERGENCY_MEDICAL_CARE
        and Benefit.EMERGENCY_MEDICAL_CARE not in inst.benefits
    ):
        notes.add("scope", render("emergency_via_medical", **names), inst.source, inst.id)


def _exportability_note(u: Instrument, ca: Country, cb: Country, notes: _Notes) -> None:
    """Who a pension-exportability measure serves, for this pair."""
    if u.measure is not Measure.EXPORTABILITY or not (
        u.excluded_nationalities or u.eligible_regions
    ):
        return
    impl, other = (ca, cb) if ca.code in u.parties else (cb, ca)
    fields = {
        "name_en": u.name,
        "name_es": u.display_name("es"),
        "other_en": other.name_en,
        "other_es": other.name_es,
        "impl_en": impl.name_en,
        "impl_es": impl.name_es,
        "benefits_en": _labels(u.benefits, "en"),
        "benefits_es": _labels(u.benefits, "es"),
    }
    if other.code in u.excluded_nationalities:
        key = "export_excluded"
    elif u.eligible_regions and other.region not in u.eligible_regions:
        key = "export_region"
    else:
        key = "export_applies"
    notes.add("unilateral", render(key, **fields), u.source, u.id, key=key)


def _incompleteness(
    matrix: Matrix, reg: CountryRegistry, ca: Country, cb: Country, notes: _Notes
) -> None:
    """Say so when Table 5 counts more treaties for a country than the corpus names."""
    for me, other in ((ca, cb), (cb, ca)):
        tc = matrix.treaty_count(me.code)
        if tc is None:
            continue
        american = other.region == "americas"
        named = {
            (set(i.parties) - {me.code}).pop()
            for i in matrix.by_kind(InstrumentKind.BILATERAL_TREATY)
            if me.code in i.parties
        }
        named_here = [
            c for c in named if c in reg and (reg.get(c).region == "americas") == american
        ]
        expected = tc.american if american else tc.other_regions
        if len(named_here) >= expected:
            continue
        where_en, where_es = render("where_american" if american else "where_other")
        fields = {
            "expected": str(expected),
            "named": str(len(named_here)),
            "me": me.code,
            "other": other.code,
            "american": "yes" if american else "no",
        }
        texts = render(
            "table_5_incomplete",
            expected=str(expected),
            named=str(len(named_here)),
            me_en=me.name_en,
            me_es=me.name_es,
            other_en=other.name_en,
            other_es=other.name_es,
            where_en=where_en,
            where_es=where_es,
        )
        notes.add("context", texts, tc.source, key="table_5_incomplete", fields=fields)
