"""The sources tab: the documents with their metadata; the matrix as a searchable table."""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from ssassist.ui.context import AppContext
from ssassist.ui.labels import t
from ssassist.ui.matrix_overview import MATRIX_COLUMNS, filter_rows, matrix_table


def documents_frame(assistant: Any, lang: str) -> pd.DataFrame:
    """One row per corpus document: id, title, series, author, publisher, year, language, kind."""
    rows = [
        [
            m.id,
            m.title,
            m.series or "",
            m.author or "",
            m.publisher,
            m.year or "",
            m.language,
            m.kind,
        ]
        for m in assistant.documents.values()
    ]
    return pd.DataFrame(rows, columns=t("doc_columns", lang).split("|"))


def matrix_frame(ctx: AppContext, query: str, lang: str) -> tuple[pd.DataFrame, str]:
    rows = ctx.cached(("matrix-table", lang), lambda: matrix_table(ctx.assistant, lang))
    shown = filter_rows(rows, query)
    count = t("rows_shown", lang, n=len(shown), total=len(rows))
    return pd.DataFrame(shown, columns=list(MATRIX_COLUMNS["en" if lang == "en" else "es"])), count


def build_sources_tab(ctx: AppContext, ui_lang: gr.State) -> dict[str, Any]:
    """Lay out the tab; returns the event arguments that refresh it (in another language)."""
    lab = ctx.labeler
    lab.add(
        gr.Markdown(f"### {t('documents', 'es')}"),
        lambda lang: gr.update(value=f"### {t('documents', lang)}"),
    )
    docs = gr.Dataframe(
        documents_frame(ctx.assistant, "es"),
        interactive=False,
        wrap=True,
        elem_id="ss-documents",
        max_height=900,
        column_widths=["12%", "34%", "14%", "10%", "14%", "5%", "5%", "6%"],
        buttons=["fullscreen", "copy"],
    )
    lab.add(
        gr.Markdown(f"### {t('matrix_heading', 'es')}"),
        lambda lang: gr.update(value=f"### {t('matrix_heading', lang)}"),
    )
    search = lab.add(
        gr.Textbox(
            label=t("search", "es"),
            placeholder=t("search_placeholder", "es"),
            elem_id="ss-matrix-search",
        ),
        lambda lang: gr.update(label=t("search", lang), placeholder=t("search_placeholder", lang)),
    )
    frame, count = matrix_frame(ctx, "", "es")
    shown = gr.Markdown(count, elem_id="ss-matrix-count")
    table = gr.Dataframe(
        frame,
        interactive=False,
        wrap=True,
        max_height=640,
        elem_id="ss-matrix",
        column_widths=["16%", "10%", "16%", "16%", "10%", "14%", "18%"],
        buttons=["fullscreen", "copy"],
    )

    def refresh(query: str, lang: str) -> tuple[Any, Any, Any]:
        frame, count = matrix_frame(ctx, query, lang)
        return documents_frame(ctx.assistant, lang), frame, count

    io = dict(fn=refresh, inputs=[search, ui_lang], outputs=[docs, table, shown])
    search.change(trigger_mode="always_last", **io)  # type: ignore[arg-type]
    return io
