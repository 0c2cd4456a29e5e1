"""Overviews of the mechanism matrix for the app: pickers, heat-map grids, the sources table's
columns.

Pure data, no drawing. Every verdict comes from ``Assistant.check`` (the exact
check), so the pictures and tables say exactly what a coverage question would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ssassist.matrix import (
    BENEFIT_LABELS,
    Benefit,
    CountryRegistry,
    CoverageResult,
    InstrumentKind,
    benefit_label,
    load_countries,
)
from ssassist.text.normalize import fold_key

Verdict = Literal["covered", "not_covered", "unknown", "no_data"]
VERDICTS: tuple[Verdict, ...] = ("covered", "not_covered", "unknown", "no_data")
"""Cell values of the grids, from best to least known."""

KIND_LABELS: dict[str, tuple[str, str]] = {
    "multilateral": ("Multilateral agreement", "Convenio multilateral"),
    "bilateral_treaty": ("Bilateral treaty", "Convenio bilateral"),
    "bilateral_extension": (
        "Bilateral extension of a multilateral",
        "Extensión bilateral de un multilateral",
    ),
    "inter_institutional": ("Inter-institutional agreement", "Convenio interinstitucional"),
    "ilo_convention": ("ILO convention", "Convenio de la OIT"),
    "unilateral": ("Unilateral measure", "Medida unilateral"),
}
"""Display labels (English, Spanish) of each instrument kind."""


def kind_label(kind: str, lang: str = "en") -> str:
    en, es = KIND_LABELS.get(str(kind), (str(kind), str(kind)))
    return es if lang == "es" else en


def verdict_of(result: CoverageResult) -> Verdict:
    """The cell value of a check: covered, not covered, unknown (something binds them), no data."""
    if result.covered is True:
        return "covered"
    if result.covered is False:
        return "not_covered"
    return "no_data" if result.reason == "no_data" else "unknown"


# -- pickers ----------------------------------------------------------------------


def countries(registry: CountryRegistry | None = None) -> CountryRegistry:
    """The registry the check resolves names with (the packaged, curated one)."""
    return registry or load_countries()


def country_label(name_es: str, name_en: str, lang: str) -> str:
    """'México · Mexico': both names, the UI language first, so typing either finds it."""
    first, second = (name_es, name_en) if lang == "es" else (name_en, name_es)
    return first if first == second else f"{first} · {second}"


def country_choices(
    lang: str = "es", registry: CountryRegistry | None = None
) -> list[tuple[str, str]]:
    """(label, ISO code) for every curated country, sorted by label in ``lang``."""
    reg = countries(registry)
    out = [(country_label(c.name_es, c.name_en, lang), c.code) for c in reg]
    return sorted(out, key=lambda item: fold_key(item[0]))


def benefit_choices(lang: str = "es") -> list[tuple[str, str]]:
    """(label, benefit id) for the ten benefits, in the order of the ILO branches."""
    return [(benefit_label(b, lang).capitalize(), b.value) for b in BENEFIT_LABELS]


# -- grids for the heat maps ----------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """A heat-map grid: ``cells[i][j]`` is the verdict for ``rows[i]`` × ``cols[j]`` (None: n/a)."""

    rows: list[str]
    cols: list[str]
    row_labels: dict[str, list[str]]
    col_labels: dict[str, list[str]]
    cells: list[list[Verdict | None]]
    counts: list[list[int]]

    def index(self, key: str, axis: Literal["row", "col"] = "row") -> int | None:
        keys = self.rows if axis == "row" else self.cols
        return keys.index(key) if key in keys else None


def grid_countries(
    assistant: Any, lang: str = "en", registry: CountryRegistry | None = None
) -> list[str]:
    """Codes of the countries some agreement between countries names (unilateral measures aside).

    Americas first, then the rest, each group by name in ``lang``.
    """
    reg = countries(registry)
    codes = {
        p
        for i in assistant.matrix.instruments
        if i.kind is not InstrumentKind.UNILATERAL
        for p in i.parties
    }
    codes |= {p for a in assistant.matrix.absences for p in a.parties}
    known = [reg.get(c) for c in codes if c in reg]
    known.sort(key=lambda c: (c.region != "americas", fold_key(c.name(lang))))
    return [c.code for c in known]


def _names(codes: Sequence[str], reg: CountryRegistry) -> dict[str, list[str]]:
    return {
        lang: [reg.get(c).name(lang) if c in reg else c for c in codes] for lang in ("en", "es")
    }


def pair_grid(
    assistant: Any,
    benefit: str | None = None,
    codes: Sequence[str] | None = None,
    lang: str = "en",
    registry: CountryRegistry | None = None,
) -> Grid:
    """Country × country: the verdict of ``check(a, b, benefit)`` for every pair (symmetric).

    ``codes`` default to :func:`grid_countries` in the order of their names in ``lang``.
    """
    reg = countries(registry)
    codes = list(codes if codes is not None else grid_countries(assistant, lang, reg))
    n = len(codes)
    cells: list[list[Verdict | None]] = [[None] * n for _ in range(n)]
    counts = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            result = assistant.check(codes[i], codes[j], benefit)
            cells[i][j] = cells[j][i] = verdict_of(result)
            counts[i][j] = counts[j][i] = len(result.covered_by)
    names = _names(codes, reg)
    return Grid(codes, codes, names, names, cells, counts)


def partners(assistant: Any, code: str) -> list[str]:
    """Countries an agreement binds to ``code`` or that the corpus says have none with it."""
    out: set[str] = set()
    for i in assistant.matrix.instruments:
        if i.kind is not InstrumentKind.UNILATERAL and i.in_force and code in i.parties:
            out |= set(i.parties)
    for a in assistant.matrix.absences:
        if code in a.parties:
            out |= set(a.parties)
    out.discard(code)
    return sorted(out)


def partner_grid(
    assistant: Any,
    code: str,
    extra: Sequence[str] = (),
    lang: str = "en",
    registry: CountryRegistry | None = None,
) -> Grid:
    """Partner country × benefit for one country: the verdict of ``check(code, partner, benefit)``.

    ``extra`` adds partners the matrix says nothing about (the selected one, so it shows).
    """
    reg = countries(registry)
    rows = partners(assistant, code)
    rows += [c for c in extra if c != code and c not in rows]
    rows.sort(
        key=lambda c: (
            (reg.get(c).region != "americas", fold_key(reg.get(c).name(lang)))
            if c in reg
            else (True, c)
        )
    )
    benefits = list(Benefit)
    cells: list[list[Verdict | None]] = []
    counts: list[list[int]] = []
    for partner in rows:
        row: list[Verdict | None] = []
        nums: list[int] = []
        for b in benefits:
            result = assistant.check(code, partner, b.value)
            row.append(verdict_of(result))
            nums.append(len(result.covered_by))
        cells.append(row)
        counts.append(nums)
    cols = [b.value for b in benefits]
    col_labels = {lang: [benefit_label(b, lang) for b in benefits] for lang in ("en", "es")}
    return Grid(rows, cols, _names(rows, reg), col_labels, cells, counts)


# -- the pair, benefit by benefit ---------------------------------------------------------


@dataclass(frozen=True)
class BenefitRow:
    """What the check says for one benefit between two countries."""

    benefit: str
    verdict: Verdict
    covered_by: list[str]
    unknown_in: list[str]


def pair_benefits(assistant: Any, a: str, b: str) -> list[BenefitRow]:
    """One row per benefit: the verdict and the instruments covering it (or leaving it open)."""
    rows: list[BenefitRow] = []
    for benefit in Benefit:
        result = assistant.check(a, b, benefit.value)
        unknown = [i for i, s in result.statuses.items() if s in ("unknown", "framework")]
        rows.append(BenefitRow(benefit.value, verdict_of(result), list(result.covered_by), unknown))
    return rows


# -- the sources table's column headers ------------------------------------------------------


MATRIX_COLUMNS: dict[str, tuple[str, ...]] = {
    "en": (
        "Instrument",
        "Kind",
        "Parties",
        "Benefits covered",
        "Not itemised / disputed",
    ),
    "es": (
        "Instrumento",
        "Tipo",
        "Partes",
        "Prestaciones cubiertas",
        "Sin detallar / en disputa",
    ),
}
