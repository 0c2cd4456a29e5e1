"""A work history (three or more countries) worded for the person, with its sources.

In: :class:`~ssassist.matrix.history_models.HistoryResult`. Out: the answer text with [n]
markers and its citations. The first sentence says which years can be counted together
and under what; a short list by instrument follows, then what the documents leave open.
Like the pair wording, this module decides nothing: it words what the check found.
"""

from __future__ import annotations

from ssassist.answering.coverage_words import CiteFn, Sources
from ssassist.matrix import benefit_label
from ssassist.matrix.history_models import HistoryGroup, HistoryResult
from ssassist.models import Citation
from ssassist.templates import HISTORY


def _names(codes: list[str], names: dict[str, str], lang: str) -> str:
    words = [names[c] for c in codes]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + HISTORY[lang]["and"] + words[-1]


def _instrument(group: HistoryGroup, lang: str) -> str:
    inst = group.instrument
    return (inst.name_es or inst.name) if lang == "es" else inst.name


def compose_history(result: HistoryResult, lang: str, cite: CiteFn) -> tuple[str, list[Citation]]:
    """The work-history answer in ``lang`` ("es" | "en") and its citations."""
    t = HISTORY[lang]
    sources = Sources(cite)
    names = {c.code: c.name(lang) for c in result.countries}
    benefit = benefit_label(result.benefit, lang) if result.benefit else t["any_benefit"]
    covered = [g for g in result.groups if g.status == "covered"]
    maybe = [g for g in result.groups if g.status != "covered"]
    if covered:
        best = max(covered, key=lambda g: len(g.countries))
        head = (
            t["lead_yes"].format(
                countries=_names([c.code for c in best.countries], names, lang),
                benefit=benefit,
                instrument=_instrument(best, lang),
            )
            + sources.refs([best.instrument.source])
            + "."
        )
    elif maybe:
        head = t["lead_maybe"].format(benefit=benefit)
    else:
        head = t["lead_none"].format(countries=_names(list(names), names, lang), benefit=benefit)
    lines = [head, "", t["never_chained"]]
    for g in covered:
        codes = [c.code for c in g.countries]
        which = (
            ""
            if result.benefit
            else " (" + ", ".join(benefit_label(b, lang) for b in g.benefits) + ")"
        )
        lines.append(
            "- "
            + t["group_yes"].format(
                instrument=_instrument(g, lang), countries=_names(codes, names, lang) + which
            )
            + sources.refs([g.instrument.source])
        )
    for g in maybe:
        codes = [c.code for c in g.countries]
        lines.append(
            "- "
            + t["group_maybe" if result.benefit else "group_maybe_any"].format(
                instrument=_instrument(g, lang),
                countries=_names(codes, names, lang),
                benefit=benefit,
            )
            + sources.refs([g.instrument.source])
        )
    for c in result.caveats:
        codes = [x.code for x in c.countries]
        lines.append(
            "- "
            + t["framework"].format(
                instrument=(c.instrument.name_es or c.instrument.name)
                if lang == "es"
                else c.instrument.name,
                countries=_names(codes, names, lang),
            )
            + sources.refs([c.instrument.source])
        )
    absent = [p for p in result.pairs if p.stated_none]
    unknown = [p for p in result.pairs if p.covered is None and not p.stated_none]
    if absent or unknown:
        lines.append("")
    for p in absent:
        refs = sources.refs([a.source for a in p.absences])
        lines.append(
            "- " + t["absent"].format(a=names[p.a.code], b=names[p.b.code], benefit=benefit) + refs
        )
    if unknown:
        pairs = [t["pair"].format(a=names[p.a.code], b=names[p.b.code]) for p in unknown]
        lines.append("- " + t["unknown"].format(pairs="; ".join(pairs)))
    return "\n".join(lines), sources.citations
