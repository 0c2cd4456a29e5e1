"""The Blocks app: tabs, label language, start-up checks, login; presentation only.

Every answer comes from the ``Assistant`` (``ask_stream``, ``coverage_answer``,
``check``); the app only lays out, escapes and stores feedback.
"""

from __future__ import annotations

import logging
from typing import Any

import gradio as gr

from ssassist.errors import IndexMismatchError, IndexMissingError
from ssassist.feedback import FeedbackStore
from ssassist.ui.chat import build_chat_tab, detected_language, panel_values
from ssassist.ui.context import AppContext, Warmer, index_problem
from ssassist.ui.coverage_tab import build_coverage_tab
from ssassist.ui.labels import LANG_CHOICES, t, ui_language
from ssassist.ui.render import banner_html, esc
from ssassist.ui.sources_tab import build_sources_tab
from ssassist.ui.style import CSS, HEAD, PAGE_JS, theme

log = logging.getLogger(__name__)

BROWSER_LANGUAGE_JS = "(browser) => navigator.language || ''"
"""Runs in the page on load: hands the browser's language to the first labelling."""


def _banner(problem: IndexMissingError | IndexMismatchError | None, lang: str) -> str:
    """The start-up banner when the index is missing or unusable ('' when it is fine)."""
    if isinstance(problem, IndexMissingError):
        return banner_html(t("index_missing", lang, location=problem.location))
    if isinstance(problem, IndexMismatchError):
        return banner_html(
            t("index_mismatch", lang, location=problem.location, reason=problem.reason)
        )
    return ""


def warming_html(warmer: Warmer, lang: str) -> str:
    """Why a first question waits, and roughly how long ('' once the assistant is ready)."""
    if warmer.ready:
        return ""
    left = warmer.seconds_left()
    text = t("warming", lang, s=left) if left else t("warming_late", lang, s=warmer.elapsed())
    return f'<div class="ss-warming" role="status">{esc(text)}</div>'


def _header(lab: Any) -> Any:
    """The title and what the app does, with the interface-language picker beside them."""
    with gr.Row(equal_height=False, elem_id="ss-header"):
        with gr.Column(scale=5, min_width=300):
            lab.add(
                gr.Markdown(f"# {t('title', 'es')}\n{t('intro', 'es')}", elem_id="ss-title"),
                lambda lang: gr.update(value=f"# {t('title', lang)}\n{t('intro', lang)}"),
            )
        with gr.Column(scale=1, min_width=340, elem_id="ss-lang-col"):
            return lab.add(
                gr.Radio(LANG_CHOICES, value="auto", label=t("lang", "es"), elem_id="ss-lang"),
                lambda lang: gr.update(label=t("lang", lang)),
            )


def build_app(
    assistant: Any, feedback: FeedbackStore | None = None, warm: bool = True
) -> gr.Blocks:
    """The app over an Assistant. Fast: the model loads in the background (``warm``), not here.

    When the index is missing or was built for another model, the app still
    starts and says how to build it; coverage checks work without it.
    """
    problem = index_problem(assistant)
    warmer = Warmer(assistant)
    if warm and problem is None:
        warmer.start()
    else:
        warmer.skip()
    ctx = AppContext(
        assistant=assistant,
        feedback=feedback or FeedbackStore(assistant.settings.feedback_path),
        warmer=warmer,
        problem=problem,
    )
    lab = ctx.labeler

    with gr.Blocks(title="ssassist — " + t("title", "es"), analytics_enabled=False) as app:
        ui_lang = gr.State("es")
        browser_lang = gr.Textbox(visible=False)
        lang_choice = _header(lab)
        lab.add(
            gr.HTML(_banner(problem, "es"), visible=problem is not None, elem_id="ss-banner"),
            lambda lang: gr.update(value=_banner(problem, lang)),
        )
        # shown by the page's load event while the warm-up runs (the page's config is built once,
        # at start-up, so it must not say "getting ready" to every later visitor)
        warming = gr.HTML("", visible=False, elem_id="ss-warming")
        ticker = gr.Timer(2.0, active=False)
        with gr.Tabs(overflow_behavior="wrap", elem_id="ss-tabs"):
            with lab.add(
                gr.Tab(t("tab_chat", "es"), id="chat"),
                lambda lang: gr.update(label=t("tab_chat", lang)),
            ):
                chat = build_chat_tab(ctx, ui_lang)
            with lab.add(
                gr.Tab(t("tab_coverage", "es"), id="coverage"),
                lambda lang: gr.update(label=t("tab_coverage", lang)),
            ) as coverage_tab:
                build_coverage_tab(ctx, ui_lang, coverage_tab)
            with lab.add(
                gr.Tab(t("tab_sources", "es"), id="sources"),
                lambda lang: gr.update(label=t("tab_sources", lang)),
            ):
                refresh_sources = build_sources_tab(ctx, ui_lang)

        def relabel(choice: str, turns: list[dict[str, Any]], browser: str) -> list[Any]:
            lang = ui_language(choice, detected_language(turns), browser)
            return [lang, *lab.updates(lang)]

        relabel_io: dict[str, Any] = dict(
            fn=relabel,
            inputs=[lang_choice, chat.turns, browser_lang],
            outputs=[ui_lang, *lab.outputs],
            show_progress="hidden",
        )
        panels_io: dict[str, Any] = dict(
            fn=lambda turns, index, lang: panel_values(turns, index, lang, reset_draft=False),
            inputs=[chat.turns, chat.selected, ui_lang],
            outputs=chat.panel_outputs,
            show_progress="hidden",
        )

        def warm_state(lang: str) -> tuple[Any, Any]:
            html = warming_html(warmer, lang)
            return gr.update(value=html, visible=bool(html)), gr.Timer(active=not warmer.ready)

        warm_io: dict[str, Any] = dict(
            fn=warm_state, inputs=[ui_lang], outputs=[warming, ticker], show_progress="hidden"
        )
        ticker.tick(**warm_io)
        loaded = app.load(lambda b: b, [browser_lang], [browser_lang], js=BROWSER_LANGUAGE_JS)
        loaded.then(**warm_io)
        for relabelled in (loaded.then(**relabel_io), lang_choice.change(**relabel_io)):
            relabelled.then(**panels_io).then(**refresh_sources).then(**warm_io)
        for answered in chat.answered:
            # in 'Auto' the labels follow the language of the last question
            answered.then(**relabel_io).then(
                panel_values,
                [chat.turns, chat.selected, ui_lang],
                chat.panel_outputs,
                show_progress="hidden",
            )
    return app


def launch_kwargs(
    settings: Any, host: str | None = None, port: int | None = None
) -> dict[str, Any]:
    """``Blocks.launch`` arguments from the settings: address, port, optional login, style."""
    ui = settings.ui
    kwargs: dict[str, Any] = dict(
        server_name=host or ui.host,
        server_port=port or ui.port,
        css=CSS,
        theme=theme(),
        js=PAGE_JS,
        head=HEAD,
        ssr_mode=False,
        show_error=False,
        footer_links=[],
    )
    if ui.auth_user and ui.auth_password is not None:
        kwargs["auth"] = (ui.auth_user, ui.auth_password.get_secret_value())
        kwargs["auth_message"] = f"{t('login', 'es')}<br>{t('login', 'en')}"
    return kwargs


def serve(
    assistant: Any,
    host: str | None = None,
    port: int | None = None,
    *,
    prevent_thread_lock: bool = False,
) -> gr.Blocks:
    """Start the app, bound to 127.0.0.1 unless told otherwise; login when configured."""
    settings = assistant.settings
    app = build_app(assistant)
    app.queue(default_concurrency_limit=settings.ui.concurrency)
    kwargs = launch_kwargs(settings, host, port)
    log.info(
        "starting the app on http://%s:%s (login %s)",
        kwargs["server_name"],
        kwargs["server_port"],
        "on" if "auth" in kwargs else "off",
    )
    app.launch(prevent_thread_lock=prevent_thread_lock, **kwargs)
    return app
