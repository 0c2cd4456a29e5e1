"""Turn a CoverageResult (and its rights framing) into an answer a migrant can read.

The check (:mod:`ssassist.matrix.check`) decides whether the agreements cover
the benefit; :mod:`ssassist.matrix.access` says which unilateral measures give
the person access. This module decides nothing: it words both, in the asker's
language, each fact with its [n] (DESIGN.md, "What an answer looks like",
"Rights framing"):

1. the first sentence answers the person's question: never a bare "No" or
   "Unknown" when a unilateral measure gives access to the asked benefit;
2. then the supporting lines: the source's words on the agreements, the
   measures that do not depend on an agreement;
3. then what to keep in mind (the check's notes, reworded for a migrant:
   documents by their short titles, no ids, no staff jargon, no note that
   repeats the first sentence or another note), then the footer.

Acronyms are expanded at their first use. The staff wording of the notes stays
on ``CoverageResult.notes`` (the details panel).

The parts live beside this module: :mod:`~ssassist.answering.coverage_context`
(the shared state), :mod:`~ssassist.answering.coverage_headline` (1),
:mod:`~ssassist.answering.coverage_measures` and
:mod:`~ssassist.answering.coverage_lines` (2, 3),
:mod:`~ssassist.answering.coverage_words` (sentences, names, acronyms). This module
puts them together: in, a result and a language; out, the text and its citations.
"""

from __future__ import annotations

import re

from ssassist.answering.coverage_context import CoverageContext
from ssassist.answering.coverage_headline import headline
from ssassist.answering.coverage_lines import measure_lines, note_lines, supporting_lines
from ssassist.answering.coverage_measures import MAX_REFS
from ssassist.answering.coverage_words import (
    PENSION_BRANCHES,
    THE_COUNTRIES,
    CiteFn,
    expand_acronyms,
)
from ssassist.matrix import CoverageResult
from ssassist.matrix.access import Access
from ssassist.models import Citation
from ssassist.templates import COVERAGE_FOOTER, COVERAGE_LINES

__all__ = [
    "MAX_REFS",
    "PENSION_BRANCHES",
    "THE_COUNTRIES",
    "CiteFn",
    "compose_coverage",
    "expand_acronyms",
]


def _dedupe(lines: list[str], seen: set[str]) -> list[str]:
    out = []
    for line in lines:
        key = re.sub(r"\s*\[\d+\]", "", line).strip().lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(line)
    return out


def compose_coverage(
    result: CoverageResult, lang: str, cite: CiteFn, access: Access | None = None
) -> tuple[str, list[Citation]]:
    """The answer text with [n] markers and its citations.

    ``access`` (:func:`ssassist.matrix.access.access_summary`) adds the unilateral measures:
    without it the answer words the agreements only.
    """
    c = CoverageContext(result, lang, cite, access)
    t = COVERAGE_LINES[lang]
    head = headline(c)
    seen = {re.sub(r"\s*\[\d+\]", "", head).strip().lower()}
    support = _dedupe(supporting_lines(c), seen)
    measures = _dedupe(measure_lines(c), seen)
    notes = _dedupe(note_lines(c), seen)
    lines = [head]
    if support:
        lines += ["", *(f"- {x}" for x in support)]
    if measures:
        lines += ["", t["measures_heading"], *(f"- {x}" for x in measures)]
    if notes:
        lines += ["", t["notes_heading"], *(f"- {x}" for x in notes)]
    lines += ["", COVERAGE_FOOTER[lang]]
    text = expand_acronyms("\n".join(lines), lang)
    if lang == "es":  # "de el Convenio" -> "del Convenio"
        text = re.sub(r"\b(de|a) el\b", r"\1l", text)
    return text, c.sources.citations
