"""The result models of the two-country check (:func:`ssassist.matrix.check.check_coverage`).

In: nothing but the matrix models. Out: :class:`CoverageResult` (the verdict, the
instruments behind it and its notes), :class:`CountryRef`, :class:`Note`, the
``Status`` / ``Reason`` / ``NoteKind`` literals, and :class:`SameCountryError`.
The work-history models (:mod:`ssassist.matrix.history_models`) reuse them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ssassist.errors import SSAssistError
from ssassist.matrix.countries import Country
from ssassist.matrix.models import Absence, Benefit, Conflict, Instrument, Source

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
