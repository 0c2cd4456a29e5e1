"""The sources tab, for people: the documents by short title, publisher, year and language;
the agreements and measures of the matrix, one row per instrument, each quote shown once."""

from __future__ import annotations

from typing import Any

import gradio as gr

from ssassist.answering.citations import section_label
from ssassist.matrix import benefit_label, load_countries
from ssassist.text.normalize import fold_key
from ssassist.ui.context import AppContext
from ssassist.ui.labels import L, t
from ssassist.ui.matrix_overview import MATRIX_COLUMNS, kind_label
from ssassist.ui.render import doc_title, esc


def kind_name(kind: str, lang: str) -> str:
    """A document's kind in words ('technical_note' -> 'Nota técnica')."""
    key = f"kind_{kind}"
    return t(key, lang) if key in L else kind.replace("_", " ").capitalize()


def language_name(code: str, lang: str) -> str:
    """A document's language in words, in ``lang`` ('en' -> 'inglés')."""
    key = f"lang_name_{code}"
    return t(key, lang) if key in L else code


def documents_html(assistant: Any, lang: str) -> str:
    """One card per corpus document: 'Nota técnica de la CISS (2024), en inglés', its kind,
    full title, series, author and publisher (no ids, no codes)."""
    cards = []
    for meta in assistant.documents.values():
        line = t(
            "doc_line",
            lang,
            title=doc_title(meta, meta.id, lang),
            language=language_name(meta.language, lang),
        )
        facts = [
            (t("doc_full_title", lang), meta.title),
            (t("doc_series", lang), meta.series or ""),
            (t("doc_author", lang), meta.author or ""),
            (t("doc_publisher", lang), f"{meta.publisher}, {meta.year or t('no_date', lang)}"),
        ]
        rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts if v)
        cards.append(
            f"<li class='ss-doc'><div class='ss-doc-head'><b>{esc(line)}</b>"
            f" <span class='ss-doc-kind'>{esc(kind_name(meta.kind, lang))}</span></div>"
            f"<dl>{rows}</dl></li>"
        )
    return f"<ul class='ss-docs'>{''.join(cards)}</ul>"


def instrument_rows(assistant: Any, lang: str) -> list[dict[str, Any]]:
    """One row per in-force instrument or measure, in ``lang``, those sharing a source together
    (each row: cells, its source key, and the text searched)."""
    reg = load_countries()
    rows = []
    for i in assistant.matrix.instruments:
        if not i.in_force or i.duplicate_of:
            continue
        parties = ", ".join(reg.get(p).name(lang) if p in reg else p for p in i.parties)
        kind = kind_label(i.kind.value, lang)
        if i.framework:
            kind += " (marco)" if lang == "es" else " (framework)"
        covered = ", ".join(benefit_label(b, lang) for b in i.benefits)
        open_ = ", ".join(
            benefit_label(b, lang) for b in [*i.unknown_benefits, *i.disputed_benefits]
        )
        cells = [i.display_name(lang), kind, parties, covered, open_]
        source = (i.source.doc_id, i.source.locator, i.source.quote)
        rows.append({"cells": cells, "source": source, "search": fold_key(" ".join(cells))})
    order = {}
    for r in rows:
        order.setdefault(r["source"], len(order))
    return sorted(rows, key=lambda r: order[r["source"]])  # stable: same-source rows together


def filter_instruments(rows: list[dict[str, Any]], query: str) -> list[dict[str, Any]]:
    """Rows whose cells contain every word of ``query`` (accents and case ignored; not quotes)."""
    words = fold_key(query or "").split()
    return [r for r in rows if all(w in r["search"] for w in words)]


_ROLES = ("name", "kind", "parties", "covered", "open")
"""How a phone's stacked row shows each cell: the name as its title, the kind as a caption."""


def matrix_html(assistant: Any, rows: list[dict[str, Any]], lang: str) -> str:
    """The instruments as a table; consecutive rows with the same source share one source cell
    (the quote shown once)."""
    heads = list(MATRIX_COLUMNS["en" if lang == "en" else "es"][:5]) + [t("source_and_quote", lang)]
    ths = "".join(f"<th scope='col'>{esc(h)}</th>" for h in heads)
    body = []
    k = 0
    while k < len(rows):
        span = 1
        while k + span < len(rows) and rows[k + span]["source"] == rows[k]["source"]:
            span += 1
        for j in range(span):
            cells = rows[k + j]["cells"]
            tds = "".join(
                f"<td class='ss-c-{role}' data-label='{esc(h)}'>{esc(c)}</td>"
                if c
                else "<td class='ss-empty'></td>"
                for role, h, c in zip(_ROLES, heads, cells, strict=False)
            )
            if j == 0:
                doc_id, locator, quote = rows[k]["source"]
                meta = assistant.documents.get(doc_id)
                where = f"{doc_title(meta, doc_id, lang)}, {section_label(locator, lang)}"
                tds += (
                    f"<td class='ss-source' rowspan='{span}' data-label='{esc(heads[-1])}'>"
                    f"<div class='ss-cite-doc'>{esc(where)}</div>"
                    f"<blockquote>{esc(quote)}</blockquote></td>"
                )
            body.append(f"<tr class='ss-row'>{tds}</tr>")
        k += span
    if not rows:
        return f"<p>{esc(t('nothing_found', lang))}</p>"
    return f"<table class='ss-table ss-matrix-table ss-stack'><tr>{ths}</tr>{''.join(body)}</table>"


def build_sources_tab(ctx: AppContext, ui_lang: gr.State) -> dict[str, Any]:
    """Lay out the tab; returns the event arguments that refresh it (in another language)."""
    lab = ctx.labeler
    asst = ctx.assistant
    lab.add(
        gr.Markdown(f"## {t('documents', 'es')}", elem_classes=["ss-h"]),
        lambda lang: gr.update(value=f"## {t('documents', lang)}"),
    )
    docs = gr.HTML(documents_html(asst, "es"), elem_id="ss-documents")
    lab.add(
        gr.Markdown(
            f"## {t('matrix_heading', 'es')}\n{t('matrix_intro', 'es')}", elem_classes=["ss-h"]
        ),
        lambda lang: gr.update(value=f"## {t('matrix_heading', lang)}\n{t('matrix_intro', lang)}"),
    )
    search = lab.add(
        gr.Textbox(
            label=t("search", "es"),
            placeholder=t("search_placeholder", "es"),
            elem_id="ss-matrix-search",
        ),
        lambda lang: gr.update(label=t("search", lang), placeholder=t("search_placeholder", lang)),
    )

    def shown(query: str, lang: str) -> tuple[str, str]:
        rows = ctx.cached(("matrix-rows", lang), lambda: instrument_rows(asst, lang))
        found = filter_instruments(rows, query)
        count = t("rows_shown", lang, n=len(found), total=len(rows))
        return matrix_html(asst, found, lang), count

    table_html, count_text = shown("", "es")
    count = gr.Markdown(count_text, elem_id="ss-matrix-count")
    table = gr.HTML(table_html, elem_id="ss-matrix")

    def refresh(query: str, lang: str) -> tuple[Any, Any, Any]:
        html, text = shown(query, lang)
        return documents_html(asst, lang), html, text

    io = dict(
        fn=refresh, inputs=[search, ui_lang], outputs=[docs, table, count], show_progress="hidden"
    )
    search.change(trigger_mode="always_last", **io)  # type: ignore[arg-type]
    return io
