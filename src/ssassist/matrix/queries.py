"""Small lookups for "how many" and "which" questions, each answer with its source.

Also finds agreement mentions (CMISS, Mercosur, CARICOM...) in free text, from
the aliases stored in the matrix records.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from ssassist.matrix.countries import Country, CountryRegistry, load_countries
from ssassist.matrix.loader import Matrix
from ssassist.matrix.models import Instrument, InstrumentKind, Source, Statistic, TreatyCount
from ssassist.text.normalize import fold, term_pattern


class Figure(BaseModel):
    """A value the corpus gives, with what it measures and where it says so."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    label_es: str
    value: float
    display_value: str
    source: Source


def statistic(matrix: Matrix, stat_id: str) -> Figure:
    """The figure with *stat_id* (e.g. ``"measures-total"``); KeyError if unknown."""
    s = matrix.statistic(stat_id)
    return Figure(
        id=s.id,
        label=s.label,
        label_es=s.label_es,
        value=s.value,
        display_value=s.display_value,
        source=s.source,
    )


def find_statistics(matrix: Matrix, text: str) -> list[Statistic]:
    """Statistics whose keywords occur in *text* (either language), most keyword hits first."""
    folded = fold(text)
    scored = []
    for s in matrix.statistics:
        hits = sum(
            1 for k in s.keywords if re.search(r"(?<!\w)" + term_pattern(k) + r"(?!\w)", folded)
        )
        if hits:
            scored.append((hits, s))
    scored.sort(key=lambda x: -x[0])
    return [s for _, s in scored]


def treaty_count(
    matrix: Matrix, country: str | Country, *, countries: CountryRegistry | None = None
) -> TreatyCount | None:
    """Table 5 row of *country* (total / with American countries / with other regions), or None.

    Raises:
        UnknownCountryError: the name does not resolve.
    """
    c = (countries or load_countries()).resolve(country)
    return matrix.treaty_count(c.code)


def instruments_of(
    matrix: Matrix,
    country: str | Country,
    *,
    kind: InstrumentKind | str | None = None,
    countries: CountryRegistry | None = None,
) -> list[Instrument]:
    """Every in-force record *country* takes part in (optionally of one kind)."""
    c = (countries or load_countries()).resolve(country)
    wanted = InstrumentKind(kind) if kind is not None else None
    return [
        i
        for i in matrix.instruments
        if c.code in i.parties and i.in_force and (wanted is None or i.kind is wanted)
    ]


def find_agreements(matrix: Matrix, text: str) -> list[tuple[Instrument, tuple[int, int]]]:
    """Mentions of named agreements (aliases: CMISS, Mercosur, Instrumento Andino...) in *text*.

    Acronyms written in capitals (CMISS, COISS, CARICOM) match in any case;
    longer names match accent- and case-insensitively.  In order of appearance.
    """
    folded = fold(text, keep_enye=True)
    hits: list[tuple[int, int, Instrument]] = []
    for inst in matrix.instruments:
        for alias in inst.aliases:
            for m in re.finditer(r"(?<!\w)" + term_pattern(alias) + r"(?!\w)", folded):
                hits.append((m.start(), m.end(), inst))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[Instrument, tuple[int, int]]] = []
    last_end = -1
    for start, end, inst in hits:
        if start < last_end:
            continue
        out.append((inst, (start, end)))
        last_end = end
    return out
