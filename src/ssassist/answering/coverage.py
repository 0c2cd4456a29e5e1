"""Turn a CoverageResult into an answer in the user's language, citing its sources.

The verdict sentence is chosen by the check's ``reason``; this module never
decides coverage, it only words what the check found.
"""

from __future__ import annotations

from collections.abc import Callable

from ssassist.matrix import CoverageResult, Instrument, Source, benefit_label
from ssassist.matrix.access import Access
from ssassist.models import Citation
from ssassist.templates import (
    ABSENCE_VERDICT,
    ANY_BENEFIT,
    COVERAGE_FOOTER,
    COVERAGE_NOTES_HEADING,
    COVERAGE_VERDICT,
    FOR_BENEFIT,
)

CiteFn = Callable[[int, str, str, str], Citation]


class _Sources:
    """Numbers each distinct source once, in order of first use."""

    def __init__(self, cite: CiteFn) -> None:
        self.cite = cite
        self.citations: list[Citation] = []
        self._numbers: dict[tuple[str, str, str], int] = {}

    def ref(self, source: Source | None) -> str:
        if source is None:
            return ""
        key = (source.doc_id, source.locator, source.quote)
        if key not in self._numbers:
            n = len(self._numbers) + 1
            self._numbers[key] = n
            self.citations.append(self.cite(n, source.doc_id, source.locator, source.quote))
        return f" [{self._numbers[key]}]"


def _name(inst: Instrument, lang: str) -> str:
    return (inst.name_es or inst.name) if lang == "es" else inst.name


def compose_coverage(
    result: CoverageResult, lang: str, cite: CiteFn, access: Access | None = None
) -> tuple[str, list[Citation]]:
    """The answer text with [n] markers and its citations."""
    sources = _Sources(cite)
    benefit = benefit_label(result.benefit, lang) if result.benefit else ANY_BENEFIT[lang]
    if result.reason == "explicit_absence":
        # the statement of the absence itself (its scope: any agreement, or bilateral only),
        # with the source's words, so the "no" can be quoted as it is written
        verdict = "No. " + " ".join(
            ABSENCE_VERDICT[lang].format(
                statement=a.statement_es if lang == "es" else a.statement, quote=a.source.quote
            )
            + sources.ref(a.source)
            for a in result.absences
        )
    else:
        deciding = [
            i for i in result.instruments if i.id in result.covered_by
        ] or result.instruments
        names = ", ".join(_name(i, lang) + sources.ref(i.source) for i in deciding)
        verdict = COVERAGE_VERDICT[lang][result.reason].format(
            a=result.country_a.name(lang),
            b=result.country_b.name(lang),
            names=names,
            benefit=benefit,
            for_benefit=FOR_BENEFIT[lang].format(benefit=benefit) if result.benefit else "",
        )
    lines = [verdict]
    notes = [
        f"- {(n.text_es if lang == 'es' else n.text)}{sources.ref(n.source)}"
        for n in result.note_details
    ]
    if notes:
        lines += ["", COVERAGE_NOTES_HEADING[lang], *notes]
    lines += ["", COVERAGE_FOOTER[lang]]
    return "\n".join(lines), sources.citations
