"""The gold set's item models: one pydantic model per kind of question (schema in
``eval/gold/README.md``).

Each model checks what an item says about itself; :mod:`.gold` loads the files and checks
the items against the data (corpus passages, instrument ids, countries).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ssassist.matrix.models import Benefit

Split = Literal["dev", "test"]
Kind = Literal["factual", "coverage", "refusal", "route", "history", "membership"]
KINDS: tuple[Kind, ...] = ("factual", "coverage", "refusal", "route", "history", "membership")
Route = Literal["rag", "refusal", "coverage"]
ROUTES: tuple[Route, ...] = ("rag", "refusal", "coverage")
SPLITS: tuple[Split, ...] = ("test", "dev")
LANGS: tuple[str, ...] = ("es", "en")

_CODE = r"^[A-Z]{2}$"


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    split: Split
    lang: Literal["es", "en"]
    question: str = Field(min_length=1)
    style: str | None = None
    note: str | None = None
    source_id: str | None = Field(
        None, description="Id of the item in the set it was converted from."
    )

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("question is blank")
        return value


class FactualItem(_Item):
    """A question answered by one passage of one corpus document."""

    kind: Literal["factual"]
    doc_id: str = Field(min_length=1)
    passage: str = Field(min_length=1)
    key_facts: list[str] = Field(min_length=1, max_length=4)
    section: str | None = None

    @field_validator("doc_id")
    @classmethod
    def _not_matrix(cls, value: str) -> str:
        if value == "matrix":
            raise ValueError("doc_id must be a corpus document, not 'matrix'")
        return value

    @field_validator("passage")
    @classmethod
    def _length(cls, value: str) -> str:
        from ssassist.evaluation.gold import normalize  # gold imports this module

        n = len(normalize(value).split())
        if not 8 <= n <= 60:
            raise ValueError(f"passage has {n} words; the schema asks for 8-60")
        return value

    @field_validator("key_facts")
    @classmethod
    def _facts(cls, value: list[str]) -> list[str]:
        for fact in value:
            if not any(alt.strip() for alt in fact.split(" | ")):
                raise ValueError(f"empty key fact {fact!r}")
        return value


class CoverageItem(_Item):
    """A question the exact coverage check decides."""

    kind: Literal["coverage"]
    countries: list[Annotated[str, Field(pattern=_CODE)]] = Field(min_length=2, max_length=2)
    benefit: Benefit | None
    expected_covered: bool | None
    expected_instruments: list[str] = Field(default_factory=list)
    justification: str = Field(min_length=1)


class RefusalItem(_Item):
    """A question the assistant must decline (unanswerable or out of scope)."""

    kind: Literal["refusal"]
    doc_id: None = None
    passage: None = None
    key_facts: list[str] | None = Field(None, max_length=0)


class MembershipItem(_Item):
    """Whether one country is a party to one named agreement ("is Colombia in the CMISS?").

    Scored on the matrix: the first agreement the question names
    (:func:`~ssassist.matrix.queries.find_agreements`) must be ``agreement`` and have
    ``countries[0]`` among its parties exactly when ``expected_member``.
    """

    kind: Literal["membership"]
    countries: list[Annotated[str, Field(pattern=_CODE)]] = Field(min_length=1, max_length=1)
    agreement: str = Field(min_length=1, description="Matrix instrument id of the agreement.")
    expected_member: bool
    justification: str = Field(min_length=1)


class Roles(BaseModel):
    """Who is who, where the message says it: nationality or origin, and where the person lives
    or works now (``null`` when the message does not say)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nationality: Annotated[str, Field(pattern=_CODE)] | None = None
    residence: Annotated[str, Field(pattern=_CODE)] | None = None


class RouteItem(_Item):
    """A two-country question and the route it must take (issue 13: route by intent).

    ``coverage`` items also give the benefit asked (``null`` for any agreement) and, where
    the message says them, the roles; ``rag`` and ``refusal`` items say in ``note`` where the
    documents answer, or that they do not.
    """

    kind: Literal["route"]
    expected_route: Route
    countries: list[Annotated[str, Field(pattern=_CODE)]] = Field(min_length=2, max_length=2)
    benefit: Benefit | None = None
    roles: Roles | None = None

    @model_validator(mode="after")
    def _route_fields(self) -> RouteItem:
        if self.expected_route == "coverage":
            if "benefit" not in self.model_fields_set:
                raise ValueError("a coverage route item needs 'benefit' (a benefit id or null)")
        else:
            if self.benefit is not None:
                raise ValueError(f"'benefit' is for coverage items, not {self.expected_route!r}")
            if not (self.note or "").strip():
                raise ValueError(
                    f"a {self.expected_route!r} item needs a 'note' saying where the answer is "
                    "or that the documents do not hold it"
                )
        return self


class ExpectedGroup(BaseModel):
    """Countries of a work history whose periods one instrument adds together."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    instrument: str = Field(min_length=1, description="Matrix instrument id.")
    countries: list[Annotated[str, Field(pattern=_CODE)]] = Field(min_length=2)
    status: Literal["covered", "unknown"] | None = Field(
        None, description='"unknown": it may cover the benefit (not itemised); None: not checked.'
    )


class HistoryItem(_Item):
    """A work history in several countries: which periods one instrument adds together."""

    kind: Literal["history"]
    countries: list[Annotated[str, Field(pattern=_CODE)]] = Field(
        min_length=2, description="ISO codes of the places worked."
    )
    benefit: Benefit | None
    expected_groups: list[ExpectedGroup]
    nationality: Annotated[str, Field(pattern=_CODE)] | None = None
    residence: Annotated[str, Field(pattern=_CODE)] | None = None
    justification: str = Field(min_length=1)


Item = FactualItem | CoverageItem | RefusalItem | RouteItem | HistoryItem | MembershipItem
GoldItem = Annotated[Item, Field(discriminator="kind")]
