"""Public result models (pydantic): what ``Assistant.ask`` returns."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Route = Literal["rag", "coverage", "refusal"]
Lang = Literal["es", "en"]  # the two languages answers are given in
Span = tuple[int, int]  # [start, end) character offsets in a text


class Turn(BaseModel):
    """One message of a conversation, as front ends pass the history to ``Assistant.ask``."""

    role: Literal["user", "assistant"]
    content: str


class Citation(BaseModel):
    """A numbered source of an answer, with the quoted passage."""

    n: int = Field(description="Number used in the answer's [n] markers.")
    doc_id: str
    title: str
    section: str = Field(description="Section path in the document ('' at top level).")
    short_title: str = Field("", description="How running text names the document (English).")
    short_title_es: str = Field("", description="How running text names the document (Spanish).")
    text: str = Field(description="The quoted passage the answer rests on, verbatim.")
    chunk_id: str = Field("", description="Id of the indexed passage the quote comes from.")
    passage: str = Field("", description="The whole indexed passage, for context.")
    publisher: str = ""
    year: int | None = None
    language: str = ""


class RetrievedPassage(BaseModel):
    """A passage the retriever returned, with its scores (for the staff details panel)."""

    chunk_id: str
    doc_id: str
    section: str
    score: float
    dense: float
    bm25: float
    text: str


class Answer(BaseModel):
    """An answer to a question, in the question's language, with its citations."""

    question: str
    answer: str
    language: Literal["es", "en"]
    route: Route
    citations: list[Citation] = Field(default_factory=list)
    coverage: Any | None = Field(None, description="CoverageResult when route == 'coverage'.")
    access: Any | None = Field(
        None,
        description=(
            "Access (ssassist.matrix.access) when route == 'coverage': per benefit, what gives "
            "the person access (an agreement, a unilateral measure, none stated, unknown)."
        ),
    )
    history: Any | None = Field(
        None,
        description=(
            "HistoryResult (ssassist.matrix.history_models) when the message names three or "
            "more countries worked in: which years one agreement adds together."
        ),
    )
    roles: Any | None = Field(
        None,
        description=(
            "Roles (ssassist.routing.roles) read from the message: nationality, residence and "
            "places worked, where the message says them (None where it does not)."
        ),
    )
    notices: list[str] = Field(
        default_factory=list, description="Things the user should know (e.g. truncation)."
    )
    support: float = Field(0.0, description="Evidence score of the best passage (0..1).")
    retrieved: list[RetrievedPassage] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds spent per stage.")
