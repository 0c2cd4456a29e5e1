"""The chat tab's layout: the conversation, and per answer feedback, a helpdesk reply
draft and the staff details panel (events in :mod:`~ssassist.ui.chat_events`, the
conversation state in :mod:`~ssassist.ui.turns`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import gradio as gr

from ssassist.ui.chat_events import ChatEvents
from ssassist.ui.context import AppContext, Labeler
from ssassist.ui.labels import EXAMPLES, t
from ssassist.ui.render import (
    details_html,
)
from ssassist.ui.turns import (
    TurnState,
    detected_language,
    history_of,
    messages_of,
    panel_values,
    selected_html,
)

log = logging.getLogger(__name__)
__all__ = [
    "ChatTab",
    "TurnState",
    "build_chat_tab",
    "detected_language",
    "history_of",
    "messages_of",
    "panel_values",
]


@dataclass
class ChatTab:
    """The components other parts of the app wire to."""

    turns: gr.State
    selected: gr.State
    panel_outputs: list[Any]
    answered: list[Any]


@dataclass
class _Conversation:
    chatbot: Any
    box: Any
    send: Any
    clear: Any


@dataclass
class _SidePanel:
    selected_info: Any
    up: Any
    down: Any
    comment: Any
    fb_status: Any
    draft_button: Any
    draft_text: Any
    download: Any
    details: Any


def build_chat_tab(ctx: AppContext, ui_lang: gr.State) -> ChatTab:
    """Lay out the chat tab and wire its events; returns what the app needs to relabel it."""
    turns = gr.State([])
    selected = gr.State(None)
    feedback_ids = gr.State({})
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=420):
            conv = _conversation(ctx.labeler)
        with gr.Column(scale=2, min_width=320):
            side = _side_panel(ctx.labeler)
    return _wire(ChatEvents(ctx), conv, side, turns, selected, feedback_ids, ui_lang)


def _conversation(lab: Labeler) -> _Conversation:
    """The chat, the question box with its buttons, and the example questions."""
    chatbot = lab.add(
        gr.Chatbot(
            label=t("chat", "es"),
            elem_id="ss-chat",
            height="70vh",
            latex_delimiters=[],
            buttons=[],
            sanitize_html=True,
            group_consecutive_messages=False,
            feedback_options=("Like", "Dislike"),
        ),
        lambda lang: gr.update(label=t("chat", lang)),
    )
    with gr.Row():
        box = lab.add(
            gr.Textbox(
                label=t("question", "es"),
                placeholder=t("placeholder", "es"),
                elem_id="ss-question",
                scale=5,
                lines=1,
                max_lines=6,
                autofocus=True,
            ),
            lambda lang: gr.update(label=t("question", lang), placeholder=t("placeholder", lang)),
        )
        with gr.Column(scale=1, min_width=120):
            send = lab.button("send", variant="primary", elem_id="ss-send")
            clear = lab.button("clear", size="sm", elem_id="ss-clear")
    gr.Examples([[q] for q in EXAMPLES], inputs=[box], label=t("examples", "es"))
    return _Conversation(chatbot, box, send, clear)


def _side_panel(lab: Labeler) -> _SidePanel:
    """Feedback on the selected answer, its helpdesk draft and the staff details."""
    selected_info = gr.HTML(selected_html([], None, "es"), elem_id="ss-selected")
    with gr.Group():
        lab.add(
            gr.Markdown(f"**{t('feedback', 'es')}**", elem_id="ss-feedback-heading"),
            lambda lang: gr.update(value=f"**{t('feedback', lang)}**"),
        )
        with gr.Row():
            up = lab.button("up", elem_id="ss-up", size="sm")
            down = lab.button("down", elem_id="ss-down", size="sm")
        comment = lab.add(
            gr.Textbox(
                label=t("comment", "es"),
                placeholder=t("comment_placeholder", "es"),
                lines=2,
                max_lines=6,
                elem_id="ss-comment",
            ),
            lambda lang: gr.update(
                label=t("comment", lang), placeholder=t("comment_placeholder", lang)
            ),
        )
        fb_status = gr.HTML("", elem_id="ss-feedback-status")
    with lab.add(
        gr.Accordion(t("helpdesk", "es"), open=True, elem_id="ss-helpdesk"),
        lambda lang: gr.update(label=t("helpdesk", lang)),
    ):
        draft_button = lab.button("helpdesk_button", elem_id="ss-draft-button")
        draft_text = lab.add(
            gr.Textbox(
                label=t("helpdesk_text", "es"),
                lines=8,
                max_lines=20,
                buttons=["copy"],
                interactive=True,
                elem_id="ss-draft",
            ),
            lambda lang: gr.update(label=t("helpdesk_text", lang)),
        )
        download = lab.add(
            gr.DownloadButton(t("download", "es"), visible=False, elem_id="ss-download"),
            lambda lang: gr.update(label=t("download", lang)),
        )
    with lab.add(
        gr.Accordion(t("details", "es"), open=False, elem_id="ss-details"),
        lambda lang: gr.update(label=t("details", lang)),
    ):
        details = gr.HTML(details_html(None, "es"), elem_id="ss-details-html")
    return _SidePanel(
        selected_info, up, down, comment, fb_status, draft_button, draft_text, download, details
    )


def _wire(
    ev: ChatEvents,
    conv: _Conversation,
    side: _SidePanel,
    turns: gr.State,
    selected: gr.State,
    feedback_ids: gr.State,
    ui_lang: gr.State,
) -> ChatTab:
    """Connect the components to the chat's events."""
    chatbot, box = conv.chatbot, conv.box
    panel_outputs = [side.selected_info, side.details, side.draft_text, side.download]
    respond_io = dict(
        fn=ev.respond,
        inputs=[box, turns, ui_lang],
        outputs=[box, chatbot, turns, selected, side.fb_status, side.comment],
        show_progress="minimal",
    )
    # the question box's event is also the chat's API endpoint, "/ask" (gradio_client, load test)
    answered = [box.submit(**respond_io, api_name="ask"), conv.send.click(**respond_io)]  # type: ignore[arg-type]
    refresh = dict(
        fn=panel_values,
        inputs=[turns, selected, ui_lang],
        outputs=panel_outputs,
        show_progress="hidden",
    )
    chatbot.select(ev.on_select, [turns], [selected]).then(**refresh)  # type: ignore[arg-type]
    chatbot.like(
        ev.on_like, [turns, feedback_ids, ui_lang], [selected, feedback_ids, side.fb_status]
    ).then(**refresh)  # type: ignore[arg-type]
    rating_io = [turns, selected, feedback_ids, side.comment, ui_lang]
    side.up.click(ev.rate("up"), rating_io, [feedback_ids, side.fb_status])
    side.down.click(ev.rate("down"), rating_io, [feedback_ids, side.fb_status])
    side.draft_button.click(ev.draft, [turns, selected, ui_lang], [side.draft_text, side.download])
    cleared = [chatbot, turns, selected, feedback_ids, side.fb_status, side.comment]
    for event in (conv.clear.click, chatbot.clear):  # the button, and the chat's own trash icon
        event(ev.clear_all, None, cleared).then(**refresh)  # type: ignore[arg-type]
    return ChatTab(turns, selected, panel_outputs, answered)
