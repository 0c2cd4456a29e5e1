"""HTML of a work-history answer (three or more countries); every piece of text escaped.

In: an :class:`~ssassist.models.Answer` of the history route (its ``history`` result, worded
``answer`` and numbered ``citations``), the documents' metadata by id and the reader's language.
Out: one HTML block: the verdict badge and first sentence, a sourced row per agreement (and
per framework or equal-treatment caveat), the pairs no agreement joins, the national measures
for the benefit asked and the remaining notes, in the reader's words ("the documents", never
"the corpus" or "the matrix").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from ssassist.models import Answer
from ssassist.ui.labels import t
from ssassist.ui.render import _benefit_names, _refs, _source_cell, esc, verdict_chip

Cite = Callable[[Any], str]
"""A source as a compact cell opening to its quote (empty for None)."""

_PLAIN = (
    ("the corpus does not", "the documents do not"),
    ("The corpus names", "The documents name"),
    ("the corpus names", "the documents name"),
    ("The corpus states", "The documents state"),
    ("the matrix lists", "the table of agreements lists"),
    ("El corpus no menciona", "Los documentos no mencionan"),
    ("el corpus no detalla", "los documentos no detallan"),
    ("el corpus nombra", "los documentos nombran"),
    ("El corpus afirma", "Los documentos afirman"),
    ("la matriz registra", "la tabla de convenios registra"),
    ("in the corpus", "in the documents"),
    ("en el corpus", "en los documentos"),
    ("the corpus", "the documents"),
    ("The corpus", "The documents"),
    ("el corpus", "los documentos"),
    ("El corpus", "Los documentos"),
)
_PAIR_REASON = {
    "explicit_absence": "pair_explicit_absence",
    "no_instrument_covers": "pair_no_instrument_covers",
    "framework_only": "pair_framework",
    "framework_open": "pair_framework",
    "not_itemised": "pair_not_itemised",
}


def plain(text: str) -> str:
    """A note's text in the reader's words: 'the documents', never 'the corpus' or 'the matrix'."""
    for jargon, words in _PLAIN:
        text = text.replace(jargon, words)
    return text


def _names(refs: Sequence[Any], lang: str) -> str:
    """'Perú, Chile y España' / 'Peru, Chile and Spain'."""
    names = [r.name(lang) for r in refs]
    if len(names) <= 1:
        return "".join(names)
    last = " y " if lang == "es" else " and "
    return ", ".join(names[:-1]) + last + names[-1]


def _ths(headers: Sequence[str], lang: str) -> str:
    return "".join(f"<th>{esc(t(h, lang))}</th>" for h in headers)


def history_badge(answer: Answer, lang: str) -> str:
    """The badge of a work-history answer: all years in one agreement, some, maybe, none."""
    result = answer.history
    everyone = {c.code for c in result.countries}
    confirmed = [g for g in result.groups if g.confirmed]
    if any(set(g.codes) == everyone for g in confirmed):
        key, verdict = "history_badge_all", "covered"
    elif confirmed:
        key, verdict = "history_badge_some", "covered"
    elif result.groups:
        key, verdict = "history_badge_maybe", "unknown"
    else:
        key, verdict = "history_badge_none", "unknown"
    kind = key.removeprefix("history_badge_")
    return (
        f'<span class="ss-verdict ss-v-{verdict}" data-history="{kind}">{esc(t(key, lang))}</span>'
    )


def _verdict_box(answer: Answer, lang: str) -> str:
    """The opening of the block: the badge and the answer's first paragraph."""
    first = answer.answer.strip().split("\n\n", 1)[0]
    return (
        f"<div class='ss-coverage ss-history'><div class='ss-verdict-box'>"
        f"<span class='ss-verdict-label'>{esc(t('verdict', lang))}:</span> "
        f"{history_badge(answer, lang)}"
        f"<p class='ss-verdict-text'>{_refs(first)}</p></div>"
    )


def _group_rows(result: Any, cite: Cite, lang: str) -> list[str]:
    """One row per group: the agreement (and its notes), its countries, status and source."""
    rows: list[str] = []
    for g in result.groups:
        status = "history_adds" if g.confirmed else "history_may_cover"
        benefits = _benefit_names(g.benefits if g.confirmed else g.open_benefits, lang)
        extra = [n for n in g.notes if n.kind != "not_itemised"]
        notes = "".join(
            f"<br><small>{esc(plain(n.text_es if lang == 'es' else n.text))}</small>" for n in extra
        )
        rows.append(
            f"<tr class='ss-row ss-group' data-status='{g.status}'>"
            f"<td>{esc(g.instrument.display_name(lang))}{notes}</td>"
            f"<td>{esc(_names(g.countries, lang))}</td>"
            f"<td>{esc(t(status, lang))}<br><small>{esc(benefits)}</small></td>"
            f"<td>{cite(g.source)}</td></tr>"
        )
    return rows


def _caveat_rows(result: Any, cite: Cite, lang: str) -> list[str]:
    """One row per framework or equal-treatment caveat, which adds no years by itself."""
    rows: list[str] = []
    for c in result.caveats:
        status = "history_framework" if c.kind == "framework" else "history_equal_treatment"
        source = c.note.source or c.instrument.source
        rows.append(
            f"<tr class='ss-row ss-caveat' data-status='{c.kind}'>"
            f"<td>{esc(c.instrument.display_name(lang))}</td>"
            f"<td>{esc(_names(c.countries, lang))}</td>"
            f"<td>{esc(t(status, lang))}</td>"
            f"<td>{cite(source)}</td></tr>"
        )
    return rows


def _groups_section(result: Any, cite: Cite, lang: str) -> str:
    """The agreements' table (groups, then caveats), or the message that none joins them."""
    rows = _group_rows(result, cite, lang) + _caveat_rows(result, cite, lang)
    head = f"<h2 class='ss-h'>{esc(t('history_groups', lang))}</h2>"
    if not rows:
        return head + f"<p>{esc(t('plot_no_group', lang))}</p>"
    ths = _ths(("agreement", "its_countries", "status", "source"), lang)
    return (
        head + f"<p class='ss-history-rule'>{esc(t('history_rule', lang))}</p>"
        f"<table class='ss-table ss-history-table'><tr>{ths}</tr>{''.join(rows)}</table>"
    )


def _pairs_section(result: Any, cite: Cite, lang: str) -> str:
    """The pairs of countries no agreement joins, with what the documents say; '' if none."""
    if not result.pairs:
        return ""
    trs = []
    for p in result.pairs:
        key = _PAIR_REASON.get(p.reason, "pair_no_data")
        verdict = {True: "covered", False: "not_covered"}.get(p.covered, "unknown")
        sources = "".join(cite(a.source) for a in p.absences)
        trs.append(
            f"<tr class='ss-row ss-pair' data-verdict='{verdict}'>"
            f"<td>{esc(_names([p.a, p.b], lang))}</td>"
            f"<td>{verdict_chip(verdict, lang)} {esc(t(key, lang))}</td><td>{sources}</td></tr>"
        )
    ths = _ths(("pair", "documents_say", "source"), lang)
    return (
        f"<h2 class='ss-h'>{esc(t('history_pairs', lang))}</h2>"
        f"<table class='ss-table ss-pairs-table'><tr>{ths}</tr>{''.join(trs)}</table>"
    )


def _measures_section(result: Any, cite: Cite, lang: str) -> str:
    """National measures for the benefit asked (all of them for any benefit); '' if none."""
    measures = [
        u for u in result.unilateral if result.benefit is None or result.benefit in u.benefits
    ]
    if not measures:
        return ""
    trs = [
        f"<tr class='ss-row ss-measure'><td>{esc(u.display_name(lang))}</td>"
        f"<td>{esc(t(f'measure_{u.measure.value}', lang) if u.measure else '')}</td>"
        f"<td>{esc(_benefit_names(u.benefits, lang))}</td>"
        f"<td>{cite(u.source)}</td></tr>"
        for u in measures
    ]
    ths = _ths(("name", "measure", "benefits_col", "source"), lang)
    return (
        f"<h2 class='ss-h'>{esc(t('history_measures', lang))}</h2>"
        f"<table class='ss-table ss-measures-table'><tr>{ths}</tr>{''.join(trs)}</table>"
    )


def _notes_section(result: Any, cite: Cite, lang: str) -> str:
    """Sourced notes (and conflicts) not already a row of the tables above; '' if none."""
    shown = {"not_itemised", "framework", "absence"}  # already rows of the tables above
    notes = [
        n
        for n in result.note_details
        if n.kind not in shown and (n.source is not None or n.kind == "conflict")
    ]
    if not notes:
        return ""
    items = "".join(
        f"<li>{esc(plain(n.text_es if lang == 'es' else n.text))}{cite(n.source)}</li>"
        for n in notes
    )
    return f"<h2 class='ss-h'>{esc(t('history_notes', lang))}</h2><ul class='ss-notes'>{items}</ul>"


def history_html(answer: Answer, documents: Mapping[str, Any], lang: str) -> str:
    """A work-history answer: its verdict, one sourced row per agreement (the countries whose
    years it adds, or may add), the pairs no agreement joins, national measures and notes."""
    result = answer.history
    numbers = {(c.doc_id, c.section, c.text): c.n for c in answer.citations}
    cite: Cite = partial(
        _source_cell, documents=documents, numbers=numbers, compact=True, lang=lang
    )
    sections = (_groups_section, _pairs_section, _measures_section, _notes_section)
    return (
        _verdict_box(answer, lang)
        + "".join(section(result, cite, lang) for section in sections)
        + "</div>"
    )
