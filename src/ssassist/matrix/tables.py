"""The CISS technical note's tables as matrix records, row by row, with the conflicts beside them.

In: the :class:`~ssassist.matrix.loader.Matrix`. Out: the records of one table in row order
(Table 2 voluntary insurance, Table 3 bilateral extensions, Table 4 inter-institutional
agreements, Table 6 multilateral agreements: each record's ``source.locator`` is
"Table N, row k (…)"), the unilateral measures of one type, the number of branches a record
covers, and the conflicts between sources that bear on the records or rows shown. Table 5 is
``Matrix.treaty_counts``. Used by :mod:`ssassist.answering.tables`; decides nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from ssassist.matrix.loader import Matrix
from ssassist.matrix.models import (
    ILO_BRANCHES,
    Conflict,
    Instrument,
    InstrumentKind,
    Measure,
    Source,
)

_ROW = re.compile(r"^Table (\d+), row (\d+)\b")
_TABLE = re.compile(r"^Table (\d+)\b")


def table_of(source: Source) -> int | None:
    """The number of the table ``source`` quotes (its locator starts "Table N"), else None."""
    m = _TABLE.match(source.locator)
    return int(m.group(1)) if m else None


def row_of(source: Source) -> tuple[int, int] | None:
    """(table, row) of a source whose locator is "Table N, row k …", else None."""
    m = _ROW.match(source.locator)
    return (int(m.group(1)), int(m.group(2))) if m else None


def table_rows(matrix: Matrix, table: int) -> list[Instrument]:
    """The in-force records transcribed from the rows of Table ``table``, in row order."""
    rows = []
    for inst in matrix.instruments:
        where = row_of(inst.source)
        if where is not None and where[0] == table and inst.in_force:
            rows.append((where[1], inst))
    rows.sort(key=lambda r: r[0])
    return [inst for _, inst in rows]


def measures(matrix: Matrix, measure: Measure | str) -> list[Instrument]:
    """In-force unilateral measures of one type, in the order of the data files."""
    wanted = Measure(measure)
    return [
        i
        for i in matrix.instruments
        if i.kind is InstrumentKind.UNILATERAL and i.measure is wanted and i.in_force
    ]


def branch_count(inst: Instrument) -> int:
    """How many ILO branches ``inst`` covers as recorded: its ``benefit_count`` when the source
    gives one, else the branches it lists (emergency care is not a branch of its own)."""
    if inst.benefit_count is not None:
        return inst.benefit_count
    return sum(1 for b in inst.benefits if b in ILO_BRANCHES)


def conflicts_on(
    matrix: Matrix,
    records: Iterable[Instrument],
    *,
    table: int | None = None,
    countries: Collection[str] = (),
    kinds: Collection[str] = ("conflict", "gap"),
) -> list[Conflict]:
    """Conflicts between sources that bear on ``records``: those whose ``applies_to`` names one
    of them, and (with ``table``) those about no record whose claims quote that table and whose
    countries are among ``countries`` (Table 5: Ecuador's count). Typos and minor discrepancies
    are left out unless ``kinds`` asks for them."""
    ids = {r.id for r in records}
    out = []
    for c in matrix.conflicts:
        if c.kind not in kinds:
            continue
        if ids & set(c.applies_to) or (
            table is not None
            and not c.applies_to
            and any(table_of(claim.source) == table for claim in c.claims)
            and set(c.countries) & set(countries)
        ):
            out.append(c)
    return out
