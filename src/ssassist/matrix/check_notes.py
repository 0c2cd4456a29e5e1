"""The notes of the coverage check: the caveats, scopes and conflicts attached to a verdict.

In: the matrix, the two resolved countries (or the countries of a work history),
the asked benefit and the instruments the check found. Out: :class:`Note` items,
collected in order and without repeats by :class:`Notes`; the texts come from
the templates of :mod:`ssassist.matrix.note_texts` in English and Spanish.

Used by :func:`ssassist.matrix.check.check_coverage` (every note kind) and
:func:`ssassist.matrix.history.check_history` (conflicts, exportability measures).
"""

from __future__ import annotations

from collections.abc import Iterable

from ssassist.matrix.countries import Country, CountryRegistry
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
from ssassist.matrix.results import Note, NoteKind, Status


class Notes:
    """Ordered, de-duplicated notes (a note whose English text is already there is dropped)."""

    def __init__(self, items: Iterable[Note] = ()) -> None:
        self.items: list[Note] = list(items)

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

    def restate(self, note: Note) -> None:
        """Add another result's note again: its kind, texts, source and record (no template)."""
        self.add(note.kind, (note.text, note.text_es), note.source, note.record_id)

    def conflicts(self, conflicts: Iterable[Conflict]) -> None:
        """A "conflict" note per source conflict, with its summary."""
        for c in conflicts:
            self.add("conflict", (c.summary, c.summary_es), c.source, c.id)

    def result_fields(self) -> dict[str, list]:
        """The ``notes`` (English texts) and ``note_details`` fields of a result model."""
        return {"notes": [n.text for n in self.items], "note_details": self.items}


def labels(benefits: list[Benefit], lang: str) -> str:
    """The benefits' labels, comma-separated."""
    return ", ".join(benefit_label(b, lang) for b in benefits)


def relevant_conflicts(
    matrix: Matrix, ids: set[str], codes: set[str], one_party_of: set[str], benefit: Benefit | None
) -> list[Conflict]:
    """Source conflicts (kind "conflict" only) that bear on these records, countries and benefit.

    *ids*: the records the answer rests on; *codes*: the countries (a conflict tied to
    no record counts when it names one); *one_party_of*: multilaterals only one of the
    countries is party to (their conflicts count when marked ``also_when_one_party``).
    """
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


def absence_notes(
    absences: list[Absence],
    instruments: list[Instrument],
    covered: bool | None,
    ctx: dict[str, str],
    notes: Notes,
) -> None:
    """Each explicit absence, and a conflict note when instruments bind the pair anyway."""
    for ab in absences:
        notes.add("absence", (ab.statement, ab.statement_es), ab.source, ab.id)
        if covered is not False and ab.scope == "any_agreement" and instruments:
            listed = ", ".join(i.id for i in instruments)
            texts = render("absence_contradicted", ids=listed, **ctx)
            notes.add("conflict", texts, ab.source, ab.id)


def duplicate_notes(duplicates: list[Instrument], notes: Notes) -> None:
    """Records that repeat another one (the same instrument in another table)."""
    for dup in duplicates:
        texts = render("duplicate", original=dup.duplicate_of or "", locator=dup.source.locator)
        notes.add("duplicate", texts, dup.source, dup.id)


def instrument_notes(
    matrix: Matrix,
    inst: Instrument,
    st: Status,
    ben: Benefit | None,
    ctx: dict[str, str],
    notes: Notes,
) -> None:
    """Caveats, scope and not-itemised notes for one binding instrument."""
    names = {"name_en": inst.name, "name_es": inst.display_name("es")}
    if inst.framework:
        default = render("framework", **names)
        texts = (inst.caveat or default[0], inst.caveat_es or default[1])
        notes.add("framework", texts, inst.source, inst.id)
    elif inst.count_only:
        _count_only_note(inst, st, ben, ctx, names, notes)
    elif inst.kind is InstrumentKind.BILATERAL_EXTENSION and st == "unknown" and ben is not None:
        _extension_note(matrix, inst, ctx, names, notes)
    elif st == "unknown" and inst.kind is InstrumentKind.ILO_CONVENTION and inst.caveat:
        notes.add("caveat", (inst.caveat, inst.caveat_es or inst.caveat), inst.source, inst.id)
    if st != "covered":
        if ben is Benefit.MEDICAL_CARE and Benefit.EMERGENCY_MEDICAL_CARE in inst.benefits:
            notes.add("scope", render("emergency_only", **names), inst.source, inst.id)
        return
    _covering_notes(inst, ben, names, notes)


def _count_only_note(
    inst: Instrument,
    st: Status,
    ben: Benefit | None,
    ctx: dict[str, str],
    names: dict[str, str],
    notes: Notes,
) -> None:
    """A treaty known only by its number of benefits."""
    n = inst.benefit_count
    count_en, count_es = render("count", n=str(n)) if n is not None else render("count_unstated")
    tail_en, tail_es = render("count_tail", **ctx) if ben and st == "unknown" else ("", "")
    texts = render(
        "count_only",
        count_en=count_en,
        count_es=count_es,
        unknown_en=labels(inst.unknown_benefits, "en"),
        unknown_es=labels(inst.unknown_benefits, "es"),
        tail_en=tail_en,
        tail_es=tail_es,
        **names,
    )
    count = {"count": str(n) if n is not None else ""}
    notes.add("not_itemised", texts, inst.source, inst.id, key="count_only", fields=count)


def _extension_note(
    matrix: Matrix, inst: Instrument, ctx: dict[str, str], names: dict[str, str], notes: Notes
) -> None:
    """An extension that adds branches to a treaty whose own branches are not itemised."""
    base = matrix.get(inst.extends) if inst.extends and inst.extends in matrix else None
    texts = render(
        "extension_base",
        added_en=labels(inst.benefits, "en"),
        added_es=labels(inst.benefits, "es"),
        base_en=base.name if base else str(inst.extends),
        base_es=base.display_name("es") if base else str(inst.extends),
        **names,
        **{k: v for k, v in ctx.items() if k.startswith("what")},
    )
    notes.add("not_itemised", texts, inst.source, inst.id)


def _covering_notes(
    inst: Instrument, ben: Benefit | None, names: dict[str, str], notes: Notes
) -> None:
    """What to know about an instrument that covers the benefit: its scope and caveat."""
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


def exportability_note(u: Instrument, ca: Country, cb: Country, notes: Notes) -> None:
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
        "benefits_en": labels(u.benefits, "en"),
        "benefits_es": labels(u.benefits, "es"),
    }
    if other.code in u.excluded_nationalities:
        key = "export_excluded"
    elif u.eligible_regions and other.region not in u.eligible_regions:
        key = "export_region"
    else:
        key = "export_applies"
    notes.add("unilateral", render(key, **fields), u.source, u.id, key=key)


def incompleteness_notes(
    matrix: Matrix, reg: CountryRegistry, ca: Country, cb: Country, notes: Notes
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
