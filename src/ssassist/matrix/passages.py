"""Each matrix record as a short passage in English and Spanish, for the search index.

Passages are generated from the data, never written by hand, so the index and
the coverage check cannot drift apart.  Each passage keeps a stable id and the
record's source, so a retrieved passage can be cited like any document chunk.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ssassist.matrix.countries import CountryRegistry, load_countries
from ssassist.matrix.loader import Matrix
from ssassist.matrix.models import (
    Absence,
    Conflict,
    Instrument,
    InstrumentKind,
    Source,
    Statistic,
    TreatyCount,
    benefit_label,
)

_KIND_LABELS: dict[InstrumentKind, tuple[str, str]] = {
    InstrumentKind.MULTILATERAL: ("multilateral agreement", "acuerdo multilateral"),
    InstrumentKind.BILATERAL_TREATY: ("bilateral treaty", "tratado bilateral"),
    InstrumentKind.BILATERAL_EXTENSION: (
        "bilateral extension of a multilateral",
        "ampliación bilateral de un multilateral",
    ),
    InstrumentKind.INTER_INSTITUTIONAL: (
        "inter-institutional agreement",
        "acuerdo interinstitucional",
    ),
    InstrumentKind.ILO_CONVENTION: ("ILO convention", "convenio de la OIT"),
    InstrumentKind.UNILATERAL: ("unilateral measure", "medida unilateral"),
}


class MatrixPassage(BaseModel):
    """One matrix record rendered for retrieval, in both languages."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description='Stable id: "matrix:<record id>".')
    record_id: str
    record_type: str = Field(
        description="instrument | absence | conflict | statistic | treaty_count"
    )
    text_en: str
    text_es: str
    source: Source

    def text(self, lang: str = "en") -> str:
        return self.text_es if lang == "es" else self.text_en


def _countries(codes: list[str], reg: CountryRegistry, lang: str) -> str:
    return ", ".join(reg.get(c).name(lang) if c in reg else c for c in codes)


def _benefits(inst: Instrument, lang: str) -> str:
    listed = ", ".join(benefit_label(b, lang) for b in inst.benefits)
    if inst.count_only:
        n = inst.benefit_count
        if lang == "es":
            head = f"{n} prestaciones" if n is not None else "número de prestaciones no indicado"
            return f"{head} (no detalladas en el corpus)"
        head = f"{n} benefits" if n is not None else "number of benefits not given"
        return f"{head} (not itemised in the corpus)"
    if not listed:
        return "no detalladas en el corpus" if lang == "es" else "not itemised in the corpus"
    extra = []
    if inst.unknown_benefits and inst.kind is not InstrumentKind.UNILATERAL:
        unk = ", ".join(benefit_label(b, lang) for b in inst.unknown_benefits)
        extra.append(f"sin detallar: {unk}" if lang == "es" else f"not itemised: {unk}")
    if inst.disputed_benefits:
        dis = ", ".join(benefit_label(b, lang) for b in inst.disputed_benefits)
        extra.append(
            f"en disputa entre las fuentes: {dis}"
            if lang == "es"
            else f"disputed between sources: {dis}"
        )
    if inst.excluded_benefits:
        exc = ", ".join(benefit_label(b, lang) for b in inst.excluded_benefits)
        extra.append(f"no cubre: {exc}" if lang == "es" else f"does not cover: {exc}")
    return listed + (f" ({'; '.join(extra)})" if extra else "")


def instrument_passage(inst: Instrument, reg: CountryRegistry | None = None) -> MatrixPassage:
    """Render one instrument, e.g. "CMISS — States Parties: Argentina, ...; benefits: ..."."""
    reg = reg or load_countries()
    kind_en, kind_es = _KIND_LABELS[inst.kind]
    unilateral = inst.kind is InstrumentKind.UNILATERAL
    parties_en = "Country" if unilateral else "States Parties"
    parties_es = "País" if unilateral else "Estados Parte"
    en = [
        f"{inst.name} ({kind_en}) — {parties_en}: {_countries(inst.parties, reg, 'en')}; "
        f"benefits: {_benefits(inst, 'en')}."
    ]
    es = [
        f"{inst.display_name('es')} ({kind_es}) — "
        f"{parties_es}: {_countries(inst.parties, reg, 'es')}; "
        f"prestaciones: {_benefits(inst, 'es')}."
    ]
    if inst.institutions:
        en.append(f"Institutions: {' – '.join(inst.institutions)}.")
        es.append(f"Instituciones: {' – '.join(inst.institutions)}.")
    if inst.scope and inst.per_national_legislation:
        en.append(f"Scope: {inst.scope}.")
        es.append(f"Ámbito: {inst.scope_es or inst.scope}.")
    if inst.beneficiaries:
        en.append(f"Who: {inst.beneficiaries}")
        es.append(f"Quiénes: {inst.beneficiaries}")
    if inst.excluded_nationalities:
        en.append(f"Excludes nationals of: {_countries(inst.excluded_nationalities, reg, 'en')}.")
        es.append(
            f"Excluye a los nacionales de: {_countries(inst.excluded_nationalities, reg, 'es')}."
        )
    if inst.caveat:
        en.append(inst.caveat)
        es.append(inst.caveat_es or inst.caveat)
    if inst.duplicate_of:
        en.append(f"Repeats {inst.duplicate_of} in the source.")
        es.append(f"Repite {inst.duplicate_of} en la fuente.")
    return MatrixPassage(
        id=f"matrix:{inst.id}",
        record_id=inst.id,
        record_type="instrument",
        text_en=" ".join(en),
        text_es=" ".join(es),
        source=inst.source,
    )


def _absence_passage(ab: Absence) -> MatrixPassage:
    return MatrixPassage(
        id=f"matrix:{ab.id}",
        record_id=ab.id,
        record_type="absence",
        text_en=f"No agreement: {ab.statement}",
        text_es=f"Sin acuerdo: {ab.statement_es}",
        source=ab.source,
    )


def _conflict_passage(c: Conflict) -> MatrixPassage:
    return MatrixPassage(
        id=f"matrix:{c.id}",
        record_id=c.id,
        record_type="conflict",
        text_en=f"Sources disagree: {c.summary}",
        text_es=f"Las fuentes discrepan: {c.summary_es}",
        source=c.source,
    )


def _statistic_passage(s: Statistic) -> MatrixPassage:
    return MatrixPassage(
        id=f"matrix:{s.id}",
        record_id=s.id,
        record_type="statistic",
        text_en=f"{s.label}: {s.display_value}.",
        text_es=f"{s.label_es}: {s.display_value}.",
        source=s.source,
    )


def _treaty_count_passage(t: TreatyCount, reg: CountryRegistry) -> MatrixPassage:
    c = reg.get(t.country)
    return MatrixPassage(
        id=f"matrix:treaties-{t.country.lower()}",
        record_id=f"treaties-{t.country.lower()}",
        record_type="treaty_count",
        text_en=(
            f"{c.name_en} has {t.total} bilateral social security treaties: "
            f"{t.american} with other American "
            f"countries and {t.other_regions} with countries in other regions (Table 5)."
        ),
        text_es=(
            f"{c.name_es} tiene {t.total} tratados bilaterales de seguridad social: "
            f"{t.american} con otros países "
            f"americanos y {t.other_regions} con países de otras regiones (cuadro 5)."
        ),
        source=t.source,
    )


def matrix_passages(
    matrix: Matrix, countries: CountryRegistry | None = None
) -> list[MatrixPassage]:
    """Every record of *matrix* as a bilingual passage, in matrix order."""
    reg = countries or load_countries()
    out = [instrument_passage(i, reg) for i in matrix.instruments]
    out += [_absence_passage(a) for a in matrix.absences]
    out += [_conflict_passage(c) for c in matrix.conflicts]
    out += [_statistic_passage(s) for s in matrix.statistics]
    out += [_treaty_count_passage(t, reg) for t in matrix.treaty_counts]
    return out
