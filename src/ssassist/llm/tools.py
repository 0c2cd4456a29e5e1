"""The exact coverage check, offered to the model as a tool.

The model only chooses the two countries and the benefit; the verdict comes
from ``Assistant.check`` and goes back to the model serialised as JSON, with
its sources numbered after the retrieved passages so that the model can cite
them like any passage.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from llama_index.core.tools import FunctionTool
from pydantic import BaseModel, Field, ValidationError

from ssassist.errors import SSAssistError
from ssassist.llm.prompts import VERDICT_WORD
from ssassist.matrix import Benefit, benefit_label
from ssassist.models import Answer

TOOL_NAME = "check_coverage"
BenefitId = Literal[tuple(b.value for b in Benefit)]  # type: ignore[valid-type]
_MARKER = re.compile(r"\[(\d+)\]")

DESCRIPTION: Final = (
    "Exact check of the matrix of social security agreements: does an agreement in force bind "
    "two countries of the Americas (or Spain/Portugal), and does it cover a benefit? Use it for "
    "every question about whether an agreement covers two countries. Returns the verdict "
    "(covered true/false/null = unknown), the instruments and their numbered sources."
)
INSTRUCTION: Final = {
    "en": (
        "Begin your answer with {word} and keep this verdict; cite these sources by their numbers."
    ),
    "es": (
        "Comience su respuesta con {word} y mantenga este veredicto; cite estas fuentes por "
        "sus números."
    ),
}


class CheckArgs(BaseModel):
    """Arguments of the check_coverage tool."""

    country_a: str = Field(description="First country: name in English or Spanish, or ISO code.")
    country_b: str = Field(description="Second country: name in English or Spanish, or ISO code.")
    benefit: BenefitId | None = Field(  # type: ignore[valid-type]
        None, description="Benefit asked about, if any (ILO branch id)."
    )


@dataclass
class CheckOutcome:
    """What one tool call produced, for the model.

    The worded check (sources renumbered) or an error.
    """

    payload: dict[str, Any]
    answer: Answer | None = None
    args: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return json.dumps(self.payload, ensure_ascii=False)


def shift(answer: Answer, offset: int) -> Answer:
    """The coverage answer with its citation numbers moved past ``offset`` passages."""
    text = _MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", answer.answer)
    citations = [c.model_copy(update={"n": c.n + offset}) for c in answer.citations]
    return answer.model_copy(update={"answer": text, "citations": citations})


def serialise(answer: Answer, lang: str) -> dict[str, Any]:
    """The check as the model reads it: verdict, worded result, numbered sources, instruction."""
    result = answer.coverage
    word = VERDICT_WORD[lang][result.covered]
    return {
        "countries": [result.country_a.name(lang), result.country_b.name(lang)],
        "benefit": benefit_label(result.benefit, lang) if result.benefit else None,
        "covered": result.covered,
        "verdict": word,
        "check": answer.answer,
        "sources": [
            {"n": c.n, "title": c.title, "section": c.section, "quote": c.text}
            for c in answer.citations
        ],
        "instruction": INSTRUCTION[lang].format(word=word),
    }


def coverage_tool(
    coverage_answer: Callable[[str, str, str | None], Answer], lang: str, offset: int
) -> FunctionTool:
    """The tool over ``coverage_answer(a, b, benefit)``.

    That is ``Assistant.coverage_answer`` in ``lang``.
    """

    def check_coverage(country_a: str, country_b: str, benefit: str | None = None) -> CheckOutcome:
        args = {"country_a": country_a, "country_b": country_b, "benefit": benefit}
        try:
            answer = shift(coverage_answer(country_a, country_b, benefit), offset)
        except SSAssistError as exc:  # unknown country, same country...: the model may say so
            return CheckOutcome({"error": str(exc)}, None, args)
        return CheckOutcome(serialise(answer, lang), answer, args)

    return FunctionTool.from_defaults(
        fn=check_coverage, name=TOOL_NAME, description=DESCRIPTION, fn_schema=CheckArgs
    )


def call_tool(tool: FunctionTool, name: str, kwargs: dict[str, Any]) -> CheckOutcome:
    """Run one tool call of the model; bad names or arguments become an error for the model."""
    if name != TOOL_NAME:
        return CheckOutcome({"error": f"unknown tool {name!r}; the only tool is {TOOL_NAME}"})
    try:
        args = CheckArgs.model_validate(kwargs)
    except ValidationError as exc:
        return CheckOutcome({"error": f"invalid arguments: {exc}"})
    return tool.call(**args.model_dump()).raw_output
