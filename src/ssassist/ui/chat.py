"""The chat tab: multi-turn questions with cited answers, and per answer: feedback,
a helpdesk reply draft and the staff details panel.

The conversation lives in a ``gr.State`` list of turns (question, ``Answer`` or
error); the chat messages are always rendered from it, so feedback, drafts and
details refer to the very ``Answer`` shown.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from ssassist.answering.helpdesk import compose_draft
from ssassist.errors import SSAssistError
from ssassist.models import Answer, Turn
from ssassist.ui.context import AppContext
from ssassist.ui.labels import EXAMPLES, t
from ssassist.ui.render import (
    answer_html,
    details_html,
    error_html,
    esc,
    pending_html,
    question_html,
)

log = logging.getLogger(__name__)

TurnState = dict[str, Any]
"""One exchange: ``{"question": str, "answer": Answer | None, "error": str | None}``."""


def history_of(turns: list[TurnState]) -> list[Turn]:
    """The conversation so far, as ``Assistant.ask`` takes it."""
    out: list[Turn] = []
    for turn in turns:
        out.append(Turn(role="user", content=turn["question"]))
        if turn.get("answer") is not None:
            out.append(Turn(role="assistant", content=turn["answer"].answer))
    return out


def messages_of(
    turns: list[TurnState], pending: tuple[str, str] | None = None
) -> list[dict[str, Any]]:
    """Chat messages (two per turn: question, answer) rendered from the turns."""
    msgs: list[dict[str, Any]] = []
    for turn in turns:
        msgs.append({"role": "user", "content": question_html(turn["question"])})
        answer = turn.get("answer")
        content = answer_html(answer) if answer is not None else error_html(turn.get("error") or "")
        msgs.append({"role": "assistant", "content": content})
    if pending is not None:
        question, lang = pending
        msgs.append({"role": "user", "content": question_html(question)})
        msgs.append({"role": "assistant", "content": pending_html(lang)})
    return msgs


def detected_language(turns: list[TurnState]) -> str | None:
    """Language of the last answered question (labels follow it in 'Auto')."""
    for turn in reversed(turns or []):
        if turn.get("answer") is not None:
            return str(turn["answer"].language)
    return None


def _answer_at(turns: list[TurnState], index: int | None) -> Answer | None:
    if index is None or not 0 <= index < len(turns or []):
        return None
    return turns[index].get("answer")


def selected_html(turns: list[TurnState], index: int | None, lang: str) -> str:
    if index is None or not 0 <= index < len(turns or []):
        return f"<div class='ss-selected'>{esc(t('no_answer', lang))}</div>"
    question = turns[index]["question"]
    short = question if len(question) <= 90 else question[:87] + "…"
    return (
        f"<div class='ss-selected'><b>{esc(t('selected', lang, n=index + 1, question=short))}</b>"
        f"<br><small>{esc(t('selected_hint', lang))}</small></div>"
    )


def panel_values(
    turns: list[TurnState], index: int | None, lang: str, reset_draft: bool = True
) -> tuple[Any, ...]:
    """The side panels for the selected answer: which one it is, its details, an empty draft."""
    keep = not reset_draft
    return (
        selected_html(turns, index, lang),
        details_html(_answer_at(turns, index), lang),
        gr.skip() if keep else "",
        gr.skip() if keep else gr.update(visible=False, value=None),
    )


@dataclass
class ChatTab:
    """The components other parts of the app wire to."""

    turns: gr.State
    selected: gr.State
    panel_outputs: list[Any]
    answered: list[Any]


def build_chat_tab(ctx: AppContext, ui_lang: gr.State) -> ChatTab:
    """Lay out the chat tab and wire its events; returns what the app needs to relabel it."""
    lab = ctx.labeler
    turns = gr.State([])
    selected = gr.State(None)
    feedback_ids = gr.State({})

    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=420):
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
                    lambda lang: gr.update(
                        label=t("question", lang), placeholder=t("placeholder", lang)
                    ),
                )
                with gr.Column(scale=1, min_width=120):
                    send = lab.button("send", variant="primary", elem_id="ss-send")
                    clear = lab.button("clear", size="sm", elem_id="ss-clear")
            gr.Examples([[q] for q in EXAMPLES], inputs=[box], label=t("examples", "es"))
        with gr.Column(scale=2, min_width=320):
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

    # -- handlers -------------------------------------------------------------------
    def respond(message: str, state: list[TurnState], lang: str) -> Iterator[tuple[Any, ...]]:
        question = message or ""
        if not question.strip():
            gr.Warning(t("empty_question", lang))
            yield question, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        state = list(state or [])
        # the question is shown at once, with a spinner, while the answer is prepared
        yield "", messages_of(state, (question, lang)), gr.skip(), gr.skip(), "", gr.skip()
        ctx.warmer.wait()
        answer: Answer | None = None
        error: str | None = None
        try:
            for answer in ctx.assistant.ask_stream(question, history_of(state)):
                partial = {"question": question, "answer": answer, "error": None}
                yield (
                    gr.skip(),
                    messages_of([*state, partial]),
                    gr.skip(),
                    gr.skip(),
                    gr.skip(),
                    gr.skip(),
                )
        except SSAssistError as exc:
            answer, error = None, str(exc)
        except Exception:  # never a traceback in front of a user
            log.exception("answering failed")
            answer, error = None, t("failed", lang)
        state.append({"question": question, "answer": answer, "error": error})
        yield "", messages_of(state), state, len(state) - 1, "", ""

    def on_select(state: list[TurnState], evt: gr.SelectData) -> Any:
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        turn = int(index) // 2
        return turn if 0 <= turn < len(state or []) else gr.skip()

    def save_feedback(
        state: list[TurnState],
        index: int | None,
        ids: dict[int, int],
        rating: str,
        comment: str | None,
        lang: str,
        session: str,
    ) -> tuple[dict[int, int], str]:
        answer = _answer_at(state, index)
        if answer is None or index is None:
            return ids, f"<span>{esc(t('no_answer', lang))}</span>"
        ids = dict(ids or {})
        try:
            if index in ids:
                ctx.feedback.update(ids[index], rating=rating, comment=comment)  # type: ignore[arg-type]
            else:
                ids[index] = ctx.feedback.add_answer(answer, rating, comment or "", session)  # type: ignore[arg-type]
        except Exception:
            log.exception("feedback could not be stored")
            return ids, f"<span class='ss-error'>{esc(t('feedback_failed', lang))}</span>"
        record = ids[index]
        return (
            ids,
            f"<span class='ss-thanks' data-record='{record}'>"
            f"{esc(t('thanks', lang, id=record))}</span>",
        )

    def rate(rating: str):  # type: ignore[no-untyped-def]
        def handler(
            state: list[TurnState],
            index: int | None,
            ids: dict[int, int],
            text: str,
            lang: str,
            request: gr.Request,
        ) -> tuple[dict[int, int], str]:
            session = getattr(request, "session_hash", "") or ""
            return save_feedback(state, index, ids, rating, text or "", lang, session)

        return handler

    def on_like(
        state: list[TurnState],
        ids: dict[int, int],
        lang: str,
        evt: gr.LikeData,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        turn = int(index) // 2
        if evt.liked not in (True, False, "Like", "Dislike"):
            return gr.skip(), gr.skip(), gr.skip()
        rating = "up" if evt.liked in (True, "Like") else "down"
        session = getattr(request, "session_hash", "") or ""
        ids, status = save_feedback(state, turn, ids, rating, None, lang, session)
        return turn, ids, status

    def draft(state: list[TurnState], index: int | None, lang: str) -> tuple[Any, Any]:
        answer = _answer_at(state, index)
        if answer is None:
            return t("no_answer", lang), gr.update(visible=False, value=None)
        result = compose_draft(answer, ctx.assistant.documents)
        folder = ctx.downloads / uuid.uuid4().hex
        folder.mkdir(parents=True)
        path = folder / result.filename
        path.write_text(result.text, encoding="utf-8")
        return result.text, gr.update(visible=True, value=str(path), label=t("download", lang))

    def clear_all() -> tuple[Any, ...]:
        return [], [], None, {}, "", ""

    panel_outputs = [selected_info, details, draft_text, download]
    respond_io = dict(
        fn=respond,
        inputs=[box, turns, ui_lang],
        outputs=[box, chatbot, turns, selected, fb_status, comment],
        show_progress="minimal",
    )
    # the question box's event is also the chat's API endpoint, "/ask" (gradio_client, load test)
    answered = [box.submit(**respond_io, api_name="ask"), send.click(**respond_io)]  # type: ignore[arg-type]
    chatbot.select(on_select, [turns], [selected]).then(
        panel_values, [turns, selected, ui_lang], panel_outputs, show_progress="hidden"
    )
    chatbot.like(on_like, [turns, feedback_ids, ui_lang], [selected, feedback_ids, fb_status]).then(
        panel_values, [turns, selected, ui_lang], panel_outputs, show_progress="hidden"
    )
    up.click(
        rate("up"), [turns, selected, feedback_ids, comment, ui_lang], [feedback_ids, fb_status]
    )
    down.click(
        rate("down"), [turns, selected, feedback_ids, comment, ui_lang], [feedback_ids, fb_status]
    )
    draft_button.click(draft, [turns, selected, ui_lang], [draft_text, download])
    cleared = [chatbot, turns, selected, feedback_ids, fb_status, comment]
    for event in (clear.click, chatbot.clear):  # the button, and the chat's own trash icon
        event(clear_all, None, cleared).then(
            panel_values, [turns, selected, ui_lang], panel_outputs, show_progress="hidden"
        )
    return ChatTab(turns, selected, panel_outputs, answered)
