"""Validated records of the mechanism matrix.

Every record carries a :class:`Source` (document id, locator, verbatim quote),
so anything the assistant says from the matrix can be cited.  The models only
check what a record says about itself; cross-record checks (unknown country
codes, duplicate ids, dangling references) live in :mod:`.loader` and
:mod:`.validation`. Benefit ids and labels are in :mod:`.benefit_ids` (and importable
from here).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ssassist.matrix.benefit_ids import BENEFIT_LABELS as BENEFIT_LABELS  # re-exported
from ssassist.matrix.benefit_ids import ILO_BRANCHES, Benefit
from ssassist.matrix.benefit_ids import benefit_label as benefit_label  # re-exported
from ssassist.text.normalize import normalize_space


class InstrumentKind(StrEnum):
    """What kind of mechanism a record is."""

    MULTILATERAL = "multilateral"
    BILATERAL_TREATY = "bilateral_treaty"
    BILATERAL_EXTENSION = "bilateral_extension"
    INTER_INSTITUTIONAL = "inter_institutional"
    ILO_CONVENTION = "ilo_convention"
    UNILATERAL = "unilateral"


BILATERAL_KINDS = frozenset(
    {
        InstrumentKind.BILATERAL_TREATY,
        InstrumentKind.BILATERAL_EXTENSION,
        InstrumentKind.INTER_INSTITUTIONAL,
    }
)


class Measure(StrEnum):
    """Type of a unilateral measure (CISS TN 20, §2 and §3.1)."""

    VOLUNTARY_INSURANCE = "voluntary_insurance"
    EXPORTABILITY = "exportability"
    IRREGULAR_MIGRANTS = "irregular_migrants"
    EQUAL_TREATMENT = "equal_treatment"
    WELFARE_FUND = "welfare_fund"
    COVERAGE_ABROAD = "coverage_abroad"
    OTHER = "other"


BenefitStatus = Literal["covered", "unknown", "not_covered"]

_CODE = r"^[A-Z]{2}$"
_ID = r"^[a-z0-9][a-z0-9\-]*$"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Record):
    """Where a record comes from: the seed document, a locator and the verbatim passage."""

    doc_id: str = Field(min_length=1, description="Corpus document id (seed file stem).")
    locator: str = Field(
        min_length=1, description='Table, row, footnote or section, e.g. "Table 4, row 3".'
    )
    quote: str = Field(min_length=1, description="Verbatim passage, whitespace-normalised.")

    @field_validator("doc_id", "locator", "quote", mode="before")
    @classmethod
    def _squash(cls, value: object) -> object:
        return normalize_space(value) if isinstance(value, str) else value


def _no_duplicates(values: list, field: str) -> None:
    seen = set()
    for v in values:
        if v in seen:
            raise ValueError(f"{field}: {v!s} listed twice")
        seen.add(v)


class Instrument(_Record):
    """One mechanism: a treaty, agreement, extension, convention or unilateral measure.

    ``benefits`` are the branches the source says it covers.  When the source
    does not itemise them (a treaty known only by its count of benefits, the
    base branches of an extension), the missing branches are in
    ``unknown_benefits`` and the coverage check answers "unknown" for them
    instead of guessing.
    """

    id: str = Field(pattern=_ID, description="Stable id, lower-case with hyphens.")
    name: str = Field(min_length=1, description="Name in English.")
    name_es: str | None = Field(None, description="Name in Spanish.")
    kind: InstrumentKind
    framework: bool = Field(
        False,
        description=(
            "Takes effect only through complementary agreements (COISS): never covers by itself."
        ),
    )
    parties: list[str] = Field(
        min_length=1, description="ISO 3166-1 alpha-2 codes (implementing country for unilateral)."
    )
    benefits: list[Benefit] = Field(
        default_factory=list, description="Branches the source says it covers."
    )
    benefit_count: int | None = Field(
        None, ge=0, le=9, description="Number of ILO branches, when the source gives it."
    )
    benefits_itemised: bool = Field(
        True, description="False when the source does not list every covered branch."
    )
    unknown_benefits: list[Benefit] = Field(
        default_factory=list,
        description="Branches whose coverage the source leaves open (filled in when not itemised).",
    )
    disputed_benefits: list[Benefit] = Field(
        default_factory=list,
        description="Branches the sources disagree on (see conflicts); treated as unknown.",
    )
    excluded_benefits: list[Benefit] = Field(
        default_factory=list, description="Branches the source says it does not cover."
    )
    per_national_legislation: bool = Field(
        False, description="Scope is 'all benefits of the applicable national legislation'."
    )
    scope: str | None = Field(None, description="Material scope as the source words it.")
    scope_es: str | None = None
    caveat: str | None = Field(
        None, description="Condition a reader must know (framework only, who is covered...)."
    )
    caveat_es: str | None = None
    measure: Measure | None = Field(
        None, description="Type of unilateral measure (unilateral records only)."
    )
    extends: str | None = Field(
        None, description="Id of the multilateral a bilateral extension extends."
    )
    institutions: list[str] = Field(
        default_factory=list, description="Signing institutions (inter-institutional)."
    )
    irregular_migrants: bool | None = Field(
        None, description="True when open to migrants in an irregular situation."
    )
    beneficiaries: str | None = Field(None, description="Who can use it, as the source says.")
    eligible_regions: list[str] = Field(
        default_factory=list, description="Regions whose nationals may benefit."
    )
    excluded_nationalities: list[str] = Field(
        default_factory=list, description="Nationals it explicitly excludes."
    )
    same_as: str | None = Field(
        None, description="Id of another record describing the same measure."
    )
    duplicate_of: str | None = Field(
        None, description="Id of the record this one repeats (kept as the source has it)."
    )
    aliases: list[str] = Field(
        default_factory=list, description="Names users write (acronyms, Spanish names)."
    )
    in_force: bool = True
    source: Source
    also_sources: list[Source] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @field_validator("parties", "excluded_nationalities", mode="before")
    @classmethod
    def _upper_codes(cls, value: object) -> object:
        if isinstance(value, list):
            return [v.strip().upper() if isinstance(v, str) else v for v in value]
        return value

    @field_validator("parties", "excluded_nationalities")
    @classmethod
    def _codes_shape(cls, value: list[str]) -> list[str]:
        import re

        for code in value:
            if not re.match(_CODE, code):
                raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 code")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        for field in (
            "parties",
            "benefits",
            "unknown_benefits",
            "disputed_benefits",
            "excluded_benefits",
        ):
            _no_duplicates(getattr(self, field), field)
        if (self.kind is InstrumentKind.UNILATERAL) != (self.measure is not None):
            raise ValueError("'measure' is required for unilateral records and only for them")
        if self.kind in BILATERAL_KINDS and len(self.parties) != 2:
            raise ValueError(
                f"a {self.kind.value} binds exactly 2 parties, got {len(self.parties)}"
            )
        if self.kind is InstrumentKind.BILATERAL_EXTENSION and not self.extends:
            raise ValueError(
                "a bilateral_extension needs 'extends' (the id of the multilateral it extends)"
            )
        if (
            self.kind in (InstrumentKind.MULTILATERAL, InstrumentKind.ILO_CONVENTION)
            and len(self.parties) < 2
        ):
            raise ValueError(f"a {self.kind.value} needs at least 2 parties")
        known = set(self.benefits)
        for field in ("unknown_benefits", "disputed_benefits", "excluded_benefits"):
            overlap = known & set(getattr(self, field))
            if overlap:
                raise ValueError(f"{field} overlaps benefits: {', '.join(sorted(overlap))}")
        ilo_known = [b for b in self.benefits if b in ILO_BRANCHES]
        if self.benefit_count is not None:
            if len(ilo_known) > self.benefit_count:
                raise ValueError(
                    f"benefit_count is {self.benefit_count} but "
                    f"{len(ilo_known)} ILO branches are listed"
                )
            if len(ilo_known) < self.benefit_count and self.benefits_itemised:
                raise ValueError(
                    f"benefit_count is {self.benefit_count} but only {len(ilo_known)} "
                    "benefits are listed: "
                    "list them all or set benefits_itemised: false"
                )
        if not self.benefits_itemised and not self.unknown_benefits:
            excluded = known | set(self.excluded_benefits) | set(self.disputed_benefits)
            rest = [b for b in ILO_BRANCHES if b not in excluded]
            object.__setattr__(self, "unknown_benefits", rest)
        return self

    @property
    def is_bilateral(self) -> bool:
        return self.kind in BILATERAL_KINDS

    @property
    def count_only(self) -> bool:
        """True for a treaty known only by its number of benefits (or not even that)."""
        return self.kind is InstrumentKind.BILATERAL_TREATY and not self.benefits_itemised

    def status_for(self, benefit: Benefit) -> BenefitStatus:
        """Whether this instrument covers *benefit*, per the source.

        Emergency medical care counts as covered when medical care is (health
        care, ILO branch 1, includes emergencies); the reverse does not hold.
        """
        benefit = Benefit(benefit)
        if benefit in self.benefits:
            return "covered"
        emergency = benefit is Benefit.EMERGENCY_MEDICAL_CARE
        if emergency and Benefit.MEDICAL_CARE in self.benefits:
            return "covered"
        open_ = set(self.unknown_benefits) | set(self.disputed_benefits)
        if benefit in open_ or (emergency and Benefit.MEDICAL_CARE in open_):
            return "unknown"
        return "not_covered"

    def covers_any(self) -> bool | None:
        """True when it is known to cover at least one branch; None when nothing is known."""
        if self.benefits or (self.benefit_count or 0) > 0:
            return True
        return None if (self.unknown_benefits or self.disputed_benefits) else False

    def display_name(self, lang: str = "en") -> str:
        return (self.name_es or self.name) if lang == "es" else self.name


class Absence(_Record):
    """The corpus states that there is no agreement between some countries."""

    id: str = Field(pattern=_ID)
    parties: list[str] = Field(min_length=2)
    pairwise: bool = Field(
        False, description="The statement holds for every pair of the listed parties."
    )
    scope: Literal["any_agreement", "bilateral"] = Field(
        description=(
            "any_agreement: no agreement of any kind; "
            "bilateral: no bilateral one (multilaterals may apply)."
        )
    )
    statement: str
    statement_es: str
    source: Source

    @field_validator("parties", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        if isinstance(value, list):
            return [v.strip().upper() if isinstance(v, str) else v for v in value]
        return value

    @model_validator(mode="after")
    def _shape(self) -> Absence:
        _no_duplicates(self.parties, "parties")
        if not self.pairwise and len(self.parties) != 2:
            raise ValueError("a non-pairwise absence names exactly 2 parties")
        return self

    def applies_to(self, a: str, b: str) -> bool:
        return a in self.parties and b in self.parties and a != b


class Claim(_Record):
    """One side of a conflict, with its source."""

    statement: str
    source: Source


class Conflict(_Record):
    """Sources that disagree (or a typo, or a count the source does not itemise)."""

    id: str = Field(pattern=_ID)
    kind: Literal["conflict", "discrepancy", "typo", "gap"] = "conflict"
    applies_to: list[str] = Field(
        default_factory=list, description="Ids of the records it bears on."
    )
    countries: list[str] = Field(default_factory=list)
    benefits: list[Benefit] = Field(
        default_factory=list, description="Only relevant to these benefits (empty: all)."
    )
    summary: str
    summary_es: str
    claims: list[Claim] = Field(min_length=1)
    resolution: str | None = Field(None, description="What the matrix does about it.")
    also_when_one_party: bool = Field(
        False,
        description=(
            "Also relevant when only one country of a pair is a party of the records in "
            "applies_to and the "
            "other is Ibero-American (it might be one of the parties the source does not name)."
        ),
    )

    @property
    def source(self) -> Source:
        return self.claims[0].source


class Statistic(_Record):
    """A figure the corpus gives (a count or a percentage)."""

    id: str = Field(pattern=_ID)
    label: str
    label_es: str
    value: float
    unit: Literal["count", "percent"]
    keywords: list[str] = Field(default_factory=list)
    source: Source
    notes: list[str] = Field(default_factory=list)

    @property
    def display_value(self) -> str:
        if self.unit == "percent":
            return f"{self.value:.2f}%"
        return str(int(self.value)) if float(self.value).is_integer() else str(self.value)


class TreatyCount(_Record):
    """One row of Table 5: a country's number of bilateral social security treaties."""

    country: str = Field(pattern=_CODE)
    total: int = Field(ge=0)
    american: int = Field(ge=0, description="Treaties with other American countries.")
    other_regions: int = Field(ge=0, description="Treaties with countries in other regions.")
    source: Source

    @model_validator(mode="after")
    def _adds_up(self) -> TreatyCount:
        if self.american + self.other_regions != self.total:
            raise ValueError(
                f"american ({self.american}) + other_regions ({self.other_regions}) "
                f"!= total ({self.total})"
            )
        return self
