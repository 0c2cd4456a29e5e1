"""HTML of answers, citations, coverage results and staff details; every piece of text escaped.

Chat messages are rendered by Gradio as Markdown. Each message here is one
HTML block on a single line (Markdown leaves an HTML block alone), and every
text from a user or a document goes through :func:`esc`, which escapes HTML
and the characters Markdown or LaTeX would act on, so no question or passage
can add markup, links or scripts to the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ssassist.answering.citations import citation_title, display_title, section_label
from ssassist.models import Answer, Citation
from ssassist.ui.labels import t
from ssassist.ui.matrix_overview import BenefitRow, kind_label

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_ENTITIES |= {c: f"&#{ord(c)};" for c in "\\`*_[]#!|~$"}  # Markdown and LaTeX syntax
_REF = re.compile(r"\[(\d+)\]")


def esc(text: object) -> str:
    """Text as inert HTML: tags escaped, Markdown/LaTeX characters as entities, newlines as <br>."""
    escaped = "".join(_ENTITIES.get(c, c) for c in str(text))
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def _refs(text: str) -> str:
    """Escaped text with its [n] citation markers set as superscripts."""
    parts = _REF.split(text)
    out = []
    for i, part in enumerate(parts):
        out.append(f'<sup class="ss-ref">&#91;{int(part)}&#93;</sup>' if i % 2 else esc(part))
    return "".join(out)


def body_html(text: str) -> str:
    """Paragraphs (blank-line separated) of an answer text; runs of '- ' lines become lists."""
    blocks: list[str] = []
    for para in re.split(r"\n\s*\n", text.strip()):
        runs: list[tuple[bool, list[str]]] = []  # (is a list, lines)
        for line in para.split("\n"):
            bullet = line.lstrip().startswith("- ")
            content = line.lstrip()[2:] if bullet else line
            if runs and runs[-1][0] == bullet:
                runs[-1][1].append(content)
            else:
                runs.append((bullet, [content]))
        for bullet, lines in runs:
            if bullet:
                blocks.append("<ul>" + "".join(f"<li>{_refs(x)}</li>" for x in lines) + "</ul>")
            else:
                blocks.append("<p>" + "<br>".join(_refs(x) for x in lines) + "</p>")
    return "".join(blocks)


def verdict_key(answer: Answer) -> str | None:
    """'covered' | 'not_covered' | 'unknown' for a coverage answer; None for other routes."""
    result = answer.coverage
    if answer.route != "coverage" or result is None:
        return None
    return {True: "covered", False: "not_covered"}.get(result.covered, "unknown")


def verdict_chip(verdict: str, lang: str) -> str:
    return f'<span class="ss-verdict ss-v-{verdict}">{esc(t("verdict_" + verdict, lang))}</span>'


_PENSIONS = {"invalidity", "old_age", "survivors"}
_ACCESS_LABEL = {
    "equal_treatment": "access_equal_treatment",
    "irregular_migrants": "access_irregular_migrants",
    "voluntary_insurance": "access_voluntary_insurance",
    "exportability": "access_exportability",
}


def access_label(answer: Answer, lang: str) -> str | None:
    """What gives access when no agreement does ("access by equal treatment"), else None."""
    access, result = answer.access, answer.coverage
    if access is None or result is None or result.covered is True:
        return None
    if access.benefit is None:
        found = any(b.kind == "unilateral" for b in access.benefits)
        return t("access_some", lang) if found else None
    entry = access.for_benefit(access.benefit)
    if entry.kind != "unilateral":
        return None
    gives = [m for m in entry.measures if m.status == "gives_access"]
    pays = [m for m in gives if m.measure.value == "exportability"]
    first = pays[0] if pays and access.benefit.value in _PENSIONS else gives[0]
    return t(_ACCESS_LABEL.get(first.measure.value, "access_other"), lang)


def coverage_badge(answer: Answer, lang: str) -> str:
    """The badge of a coverage answer: the agreements' verdict and, beside it, what gives
    access without an agreement ("No agreement · access by equal treatment")."""
    result = answer.coverage
    verdict = verdict_key(answer) or "unknown"
    reason = getattr(result, "reason", "")
    key = {
        "covered": "badge_covered",
        "not_covered": "badge_no_agreement"
        if reason == "explicit_absence"
        else "badge_not_covered",
        "unknown": "badge_no_known_agreement" if reason == "no_data" else "badge_unknown",
    }[verdict]
    text = t(key, lang)
    access = access_label(answer, lang)
    cls = f"ss-verdict ss-v-{verdict}" + (" ss-v-access" if access else "")
    if access:
        text += " · " + access
    return f'<span class="{cls}" data-access="{"yes" if access else "no"}">{esc(text)}</span>'


def section_path(section: str, lang: str) -> str:
    """A whole section path, each step worded for ``lang`` ('3. … › 3.2 …', 'nota 10')."""
    return " › ".join(section_label(part, lang) for part in section.split(" > ") if part)


def citation_html(c: Citation, lang: str) -> str:
    """A numbered citation by its document's short title and the section's last heading (in
    ``lang``), opening to its quote with the full title, publisher, year and section path."""
    year = c.year or t("no_date", lang)
    where = section_label(c.section, lang)
    meta = f"{esc(c.title)} · {esc(c.publisher)}, {esc(year)}"
    section = (
        f'<div class="ss-cite-sec">{esc(t("section", lang))}: '
        f"{esc(section_path(c.section, lang))}</div>"
        if c.section
        else ""
    )
    return (
        f'<details class="ss-cite" data-n="{c.n}">'
        f"<summary><b>&#91;{c.n}&#93;</b> {esc(citation_title(c, lang))}"
        f"{', ' + esc(where) if where else ''}</summary>"
        f'<div class="ss-cite-doc">{meta}</div>{section}'
        f"<blockquote>{esc(c.text)}</blockquote></details>"
    )


def answer_html(answer: Answer) -> str:
    """A chat message: route marker (and verdict), the answer, notices, numbered sources."""
    lang = answer.language
    route = answer.route
    icon = {"coverage": "✔", "rag": "❝", "refusal": "⚠"}[route]
    badges = (
        f'<span class="ss-badge ss-route-{route}">{icon} {esc(t("route_" + route, lang))}</span>'
    )
    if verdict_key(answer):
        badges += coverage_badge(answer, lang)
    parts = [f'<div class="ss-answer" data-route="{route}"><div class="ss-badges">{badges}</div>']
    parts.append(f'<div class="ss-body">{body_html(answer.answer)}</div>')
    if answer.notices:
        parts.append("".join(f'<p class="ss-notice"><i>{esc(n)}</i></p>' for n in answer.notices))
    if answer.citations:
        cites = "".join(citation_html(c, lang) for c in answer.citations)
        parts.append(
            f'<div class="ss-sources"><div class="ss-sources-h">{esc(t("sources", lang))}</div>'
            f"{cites}</div>"
        )
    parts.append("</div>")
    return "".join(parts)


def question_html(question: str) -> str:
    """A user's message, shown as text whatever it contains."""
    return f'<div class="ss-question">{esc(question)}</div>'


def pending_html(lang: str, note: str | None = None) -> str:
    """The spinner while an answer is prepared, with why it waits (``note``) if not the usual."""
    text = note or t("pending", lang)
    return f'<div class="ss-pending" role="status">{esc(text)}</div>'


def error_html(message: str) -> str:
    return f'<div class="ss-error">⚠ {esc(message)}</div>'


def banner_html(message: str) -> str:
    """The start-up banner (e.g. index missing); `code` spans in the label are kept as code."""
    pieces = message.split("`")
    body = "".join(f"<code>{esc(p)}</code>" if i % 2 else esc(p) for i, p in enumerate(pieces))
    return f'<div class="ss-banner" role="alert">⚠ {body}</div>'


# -- staff details ------------------------------------------------------------------


def details_html(answer: Answer | None, lang: str) -> str:
    """Route, evidence, time per stage and the retrieved passages with their scores."""
    if answer is None:
        return f'<div class="ss-details">{esc(t("no_answer", lang))}</div>'
    rows = [
        (t("route", lang), t("route_" + answer.route, lang) + f" ({answer.route})"),
        (t("language", lang), answer.language),
        (t("support", lang), f"{answer.support:.3f}"),
    ]
    head = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    timing_rows = "".join(
        f"<tr><td>{esc(stage)}</td><td class='ss-num'>{seconds:.3f}</td></tr>"
        for stage, seconds in answer.timings.items()
    )
    timings = (
        f"<h3>{esc(t('timings', lang))}</h3><table class='ss-table'>"
        f"<tr><th>{esc(t('stage', lang))}</th>"
        f"<th>{esc(t('seconds', lang))}</th></tr>{timing_rows}</table>"
    )
    if answer.retrieved:
        trs = "".join(
            f"<tr><td class='ss-num'>{i}</td><td>{esc(p.doc_id)}</td><td>{esc(p.section)}</td>"
            f"<td class='ss-num'>{p.score:.4f}</td><td class='ss-num'>{p.dense:.4f}</td>"
            f"<td class='ss-num'>{p.bm25:.4f}</td><td><details><summary>{esc(p.chunk_id)}</summary>"
            f"<blockquote>{esc(p.text)}</blockquote></details></td></tr>"
            for i, p in enumerate(answer.retrieved, 1)
        )
        retrieved = (
            f"<table class='ss-table'><tr><th>{esc('#')}</th><th>{esc(t('document', lang))}</th>"
            f"<th>{esc(t('section', lang))}</th><th>{esc(t('score', lang))}</th>"
            "<th>dense</th><th>bm25</th>"
            f"<th>{esc(t('passage', lang))}</th></tr>{trs}</table>"
        )
    else:
        retrieved = f"<p>{esc(t('no_retrieved', lang))}</p>"
    return (
        f"<div class='ss-details'><table class='ss-table ss-kv'>{head}</table>{timings}"
        f"<h3>{esc(t('retrieved', lang))}</h3>{retrieved}</div>"
    )


# -- coverage tab ---------------------------------------------------------------------


def doc_title(meta: Any, doc_id: str, lang: str) -> str:
    """A document by its short title in ``lang`` ('Nota técnica de la CISS (2024)')."""
    if meta is None:
        return doc_id
    return display_title(meta.short(lang), meta.title)


def _source_cell(
    source: Any,
    documents: Mapping[str, Any],
    numbers: Mapping[tuple[str, str, str], int],
    compact: bool = False,
    lang: str = "es",
) -> str:
    """A source opening to its quote; ``compact``: only its number and locator until opened
    (the document's title above the quote), to fit a phone's width."""
    if source is None:
        return ""
    meta = documents.get(source.doc_id)
    title = doc_title(meta, source.doc_id, lang)
    where = section_label(source.locator, lang)
    n = numbers.get((source.doc_id, source.locator, source.quote))
    num = f"<b>&#91;{n}&#93;</b> " if n else ""
    if compact:
        return (
            f"<details class='ss-cite'><summary>{num}{esc(where)}</summary>"
            f"<div class='ss-cite-doc'>{esc(title)}</div>"
            f"<blockquote>{esc(source.quote)}</blockquote></details>"
        )
    return (
        f"<details class='ss-cite'><summary>{num}{esc(title)}, {esc(where)}</summary>"
        f"<blockquote>{esc(source.quote)}</blockquote></details>"
    )


def _benefit_names(items: Sequence[Any], lang: str) -> str:
    from ssassist.matrix import benefit_label

    return ", ".join(benefit_label(b, lang) for b in items)


def coverage_html(answer: Answer, documents: Mapping[str, Any], lang: str) -> str:
    """The verdict of a coverage answer; its instruments, measures and notes with their sources."""
    result = answer.coverage
    verdict = verdict_key(answer) or "unknown"
    first = answer.answer.strip().split("\n\n", 1)[0]
    numbers = {(c.doc_id, c.section, c.text): c.n for c in answer.citations}
    head = (
        f"<div class='ss-coverage' data-verdict='{verdict}'><div class='ss-verdict-box'>"
        f"<span class='ss-verdict-label'>{esc(t('verdict', lang))}:</span> "
        f"{coverage_badge(answer, lang)}"
        f"<p class='ss-verdict-text'>{_refs(first)}</p></div>"
    )
    rows: list[tuple[str, str, str, str, str]] = []
    for inst in result.instruments:
        status = result.statuses.get(inst.id, "unknown")
        benefits = _benefit_names(inst.benefits, lang)
        open_ = [*inst.unknown_benefits, *inst.disputed_benefits]
        if open_:
            benefits += f" ({t('status_unknown', lang)}: {_benefit_names(open_, lang)})"
        what = f"{t('row_instrument', lang)} · {kind_label(inst.kind.value, lang)}"
        rows.append(
            (
                what,
                inst.display_name(lang),
                t("status_" + status, lang),
                benefits,
                _source_cell(inst.source, documents, numbers, lang=lang),
            )
        )
    for u in result.unilateral:
        measure = t(f"measure_{u.measure.value}", lang) if u.measure else ""
        rows.append(
            (
                t("row_unilateral", lang),
                u.display_name(lang),
                measure,
                _benefit_names(u.benefits, lang),
                _source_cell(u.source, documents, numbers, lang=lang),
            )
        )
    for ab in result.absences:
        statement = ab.statement_es if lang == "es" else ab.statement
        rows.append(
            (
                t("row_absence", lang),
                statement,
                "",
                "",
                _source_cell(ab.source, documents, numbers, lang=lang),
            )
        )
    for note in result.note_details:
        if note.kind == "absence":
            continue  # already a row of its own
        text = note.text_es if lang == "es" else note.text
        rows.append(
            (
                t("row_note", lang),
                text,
                "",
                "",
                _source_cell(note.source, documents, numbers, lang=lang),
            )
        )
    headers = ("what", "name", "status", "benefits_col", "source")
    ths = "".join(f"<th>{esc(t(h, lang))}</th>" for h in headers)
    if rows:
        trs = "".join(
            f"<tr class='ss-row'>{_td(w, 'what', lang)}{_td(n, 'name', lang)}"
            f"{_td(s, 'status', lang)}{_td(b, 'benefits_col', lang)}"
            f"<td data-label='{esc(t('source', lang))}'>{src}</td></tr>"
            for w, n, s, b, src in rows
        )
        table = f"<table class='ss-table ss-coverage-table ss-stack'><tr>{ths}</tr>{trs}</table>"
    else:
        table = f"<p>{esc(t('nothing', lang))}</p>"
    return head + table + "</div>"


def _td(text: str, header: str, lang: str, role: str | None = None) -> str:
    """A table cell of text, labelled with its column (shown when a phone stacks the row);
    its class ``ss-c-<role>`` says how a stacked row shows it (caption, title…)."""
    if not text:
        return "<td class='ss-empty'></td>"
    return f"<td class='ss-c-{role or header}' data-label='{esc(t(header, lang))}'>{esc(text)}</td>"


def benefits_html(rows: Sequence[BenefitRow], names: Mapping[str, str], lang: str) -> str:
    """Benefit by benefit: the verdict and which instruments cover it (or leave it open)."""
    from ssassist.matrix import benefit_label

    def inst_names(ids: Sequence[str]) -> str:
        return ", ".join(names.get(i, i) for i in ids)

    verdict = esc(t("verdict", lang))
    trs = "".join(
        f"<tr>{_td(benefit_label(r.benefit, lang).capitalize(), 'benefits_col', lang, 'benefit')}"
        f"<td class='ss-c-verdict' data-label='{verdict}'>{verdict_chip(r.verdict, lang)}</td>"
        f"{_td(inst_names(r.covered_by), 'covered_by', lang)}"
        f"{_td(inst_names(r.unknown_in), 'open_in', lang)}</tr>"
        for r in rows
    )
    ths = "".join(
        f"<th>{esc(t(h, lang))}</th>" for h in ("benefits_col", "verdict", "covered_by", "open_in")
    )
    return (
        f"<details class='ss-by-benefit'><summary>{esc(t('by_benefit', lang))}</summary>"
        f"<table class='ss-table ss-benefits-table ss-stack'><tr>{ths}</tr>{trs}</table></details>"
    )
