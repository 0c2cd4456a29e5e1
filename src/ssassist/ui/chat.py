"""The chat tab's layout, answer first: the conversation fills the screen; feedback on an
answer sits under it once the answer exists; the helpdesk reply draft and the staff details
wait, collapsed, under "For staff" (events in :mod:`~ssassist.ui.chat_events`, the
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
from ssassist.ui.render import details_html
from ssassist.ui.turns import (
    TurnState,
    detected_language,
    feedback_heading,
    history_of,
    messages_of,
    panel_values,
    selected_html,
)

log = logging.getLogger(__name__)
__all__ = [
    "CHAT_HEIGHT",
    "ChatTab",
    "TurnState",
    "build_chat_tab",
    "detected_language",
    "history_of",
    "messages_of",
    "panel_values",
]

CHAT_HEIGHT = "calc(100dvh - 330px)"
"""The conversation fills the window but for the header, the tabs and the question box."""


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
class _Feedback:
    group: Any
    heading: Any
    up: Any
    down: Any
    comment: Any
    status: Any


@dataclass
class _Staff:
    selected_info: Any
    draft_button: Any
    draft_text: Any
    download: Any
    details: Any


def build_chat_tab(ctx: AppContext, ui_lang: gr.State) -> ChatTab:
    """Lay out the chat tab and wire its events; returns what the app needs to relabel it."""
    turns = gr.State([])
    selected = gr.State(None)
    feedback_ids = gr.State({})
    lab = ctx.labeler
    chatbot = _chatbot(lab)
    feedback = _feedback(lab)
    conv = _question_row(lab, chatbot)
    gr.Examples([[q] for q in EXAMPLES], inputs=[conv.box], label=t("examples", "es"))
    staff = _staff_panel(lab)
    return _wire(ChatEvents(ctx), conv, feedback, staff, turns, selected, feedback_ids, ui_lang)


def _chatbot(lab: Labeler) -> Any:
    """The conversation: as tall as the window allows; a new answer is shown from its first
    line (the page script scrolls to it; Gradio's scroll to the bottom is off)."""
    return lab.add(
        gr.Chatbot(
            label=t("chat", "es"),
            show_label=False,
            elem_id="ss-chat",
            height=CHAT_HEIGHT,
            min_height=320,
            autoscroll=False,
            latex_delimiters=[],
            buttons=[],
            sanitize_html=True,
            group_consecutive_messages=False,
            feedback_options=("Like", "Dislike"),
            placeholder=t("chat_placeholder", "es"),
        ),
        lambda lang: gr.update(label=t("chat", lang), placeholder=t("chat_placeholder", lang)),
    )


def _question_row(lab: Labeler, chatbot: Any) -> _Conversation:
    """The question box (Enter sends) with its buttons."""
    with gr.Row(elem_id="ss-ask-row"):
        box = lab.add(
            gr.Textbox(
                label=t("question", "es"),
                placeholder=t("placeholder", "es"),
                elem_id="ss-question",
                scale=5,
                lines=1,
                max_lines=6,
                submit_btn=False,
            ),
            lambda lang: gr.update(label=t("question", lang), placeholder=t("placeholder", lang)),
        )
        with gr.Column(scale=1, min_width=120, elem_id="ss-ask-buttons"):
            send = lab.button("send", variant="primary", elem_id="ss-send")
            clear = lab.button("clear", size="sm", elem_id="ss-clear")
    return _Conversation(chatbot, box, send, clear)


def _feedback(lab: Labeler) -> _Feedback:
    """Feedback on the selected answer (the latest by default): hidden until an answer exists."""
    with gr.Group(visible=False, elem_id="ss-feedback") as group:
        with gr.Row(equal_height=True, elem_id="ss-feedback-row"):
            heading = gr.HTML(
                feedback_heading([], None, "es"),
                elem_id="ss-feedback-heading",
                scale=2,
                min_width=260,
            )
            up = lab.button("up", elem_id="ss-up", size="sm", scale=0, min_width=100)
            down = lab.button("down", elem_id="ss-down", size="sm", scale=0, min_width=110)
            comment = lab.add(
                gr.Textbox(
                    label=t("comment", "es"),
                    show_label=False,
                    placeholder=t("comment_placeholder", "es"),
                    lines=1,
                    max_lines=6,
                    scale=3,
                    min_width=220,
                    container=False,
                    elem_id="ss-comment",
                ),
                lambda lang: gr.update(
                    label=t("comment", lang), placeholder=t("comment_placeholder", lang)
                ),
            )
        status = gr.HTML("", elem_id="ss-feedback-status")
    return _Feedback(group, heading, up, down, comment, status)


def _staff_panel(lab: Labeler) -> _Staff:
    """For staff, collapsed: which answer is selected, its helpdesk reply draft (copy,
    download) and the details of how it was found."""
    with lab.add(
        gr.Accordion(t("staff", "es"), open=False, elem_id="ss-staff"),
        lambda lang: gr.update(label=t("staff", lang)),
    ):
        selected_info = gr.HTML(selected_html([], None, "es"), elem_id="ss-selected")
        lab.add(
            gr.Markdown(f"## {t('helpdesk', 'es')}", elem_id="ss-helpdesk", elem_classes=["ss-h"]),
            lambda lang: gr.update(value=f"## {t('helpdesk', lang)}"),
        )
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
        lab.add(
            gr.Markdown(f"## {t('details', 'es')}", elem_id="ss-details", elem_classes=["ss-h"]),
            lambda lang: gr.update(value=f"## {t('details', lang)}"),
        )
        details = gr.HTML(details_html(None, "es"), elem_id="ss-details-html")
    return _Staff(selected_info, draft_button, draft_text, download, details)


def _wire(
    ev: ChatEvents,
    conv: _Conversation,
    fb: _Feedback,
    staff: _Staff,
    turns: gr.State,
    selected: gr.State,
    feedback_ids: gr.State,
    ui_lang: gr.State,
) -> ChatTab:
    """Connect the components to the chat's events."""
    chatbot, box = conv.chatbot, conv.box
    panel_outputs = [
        staff.selected_info,
        staff.details,
        staff.draft_text,
        staff.download,
        fb.heading,
        fb.group,
    ]
    respond_io = dict(
        fn=ev.respond,
        inputs=[box, turns, ui_lang],
        outputs=[box, chatbot, turns, selected, fb.status, fb.comment],
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
        ev.on_like, [turns, feedback_ids, ui_lang], [selected, feedback_ids, fb.status]
    ).then(**refresh)  # type: ignore[arg-type]
    rating_io = [turns, selected, feedback_ids, fb.comment, ui_lang]
    fb.up.click(ev.rate("up"), rating_io, [feedback_ids, fb.status])
    fb.down.click(ev.rate("down"), rating_io, [feedback_ids, fb.status])
    staff.draft_button.click(
        ev.draft, [turns, selected, ui_lang], [staff.draft_text, staff.download]
    )
    cleared = [chatbot, turns, selected, feedback_ids, fb.status, fb.comment]
    for event in (conv.clear.click, chatbot.clear):  # the button, and the chat's own trash icon
        event(ev.clear_all, None, cleared).then(**refresh)  # type: ignore[arg-type]
    return ChatTab(turns, selected, panel_outputs, answered)
