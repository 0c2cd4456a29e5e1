"""The conversation as the chat tab keeps it: a list of turns in ``gr.State``.

A turn is one exchange, ``{"question": str, "answer": Answer | None, "error": str | None}``;
the chat messages, the selected answer and the side panels are always rendered from it.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from ssassist.models import Answer, Turn
from ssassist.ui.labels import t
from ssassist.ui.render import (
    answer_html,
    details_html,
    error_html,
    esc,
    pending_html,
    question_html,
)

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
    turns: list[TurnState], pending: tuple[str, str] | None = None, note: str | None = None
) -> list[dict[str, Any]]:
    """Chat messages (two per turn: question, answer) rendered from the turns; a ``pending``
    (question, language) shows with a spinner and, if given, why it waits (``note``)."""
    msgs: list[dict[str, Any]] = []
    for turn in turns:
        msgs.append({"role": "user", "content": question_html(turn["question"])})
        answer = turn.get("answer")
        content = answer_html(answer) if answer is not None else error_html(turn.get("error") or "")
        msgs.append({"role": "assistant", "content": content})
    if pending is not None:
        question, lang = pending
        msgs.append({"role": "user", "content": question_html(question)})
        msgs.append({"role": "assistant", "content": pending_html(lang, note)})
    return msgs


def detected_language(turns: list[TurnState]) -> str | None:
    """Language of the last answered question (labels follow it in 'Auto')."""
    for turn in reversed(turns or []):
        if turn.get("answer") is not None:
            return str(turn["answer"].language)
    return None


def answer_at(turns: list[TurnState], index: int | None) -> Answer | None:
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


def feedback_heading(turns: list[TurnState], index: int | None, lang: str) -> str:
    """'Was answer #2 helpful?' (and, with several answers, how to pick another one)."""
    if answer_at(turns, index) is None or index is None:
        return ""
    hint = (
        f" <small class='ss-hint'>{esc(t('feedback_hint', lang))}</small>" if len(turns) > 1 else ""
    )
    return (
        f"<div class='ss-feedback-h'><b>{esc(t('feedback_n', lang, n=index + 1))}</b>{hint}</div>"
    )


def panel_values(
    turns: list[TurnState], index: int | None, lang: str, reset_draft: bool = True
) -> tuple[Any, ...]:
    """The panels of the selected answer: which one it is and its details (for staff), an
    empty draft, and the feedback under the conversation (shown once an answer exists)."""
    keep = not reset_draft
    return (
        selected_html(turns, index, lang),
        details_html(answer_at(turns, index), lang),
        gr.skip() if keep else "",
        gr.skip() if keep else gr.update(visible=False, value=None),
        feedback_heading(turns, index, lang),
        gr.update(visible=answer_at(turns, index) is not None),
    )
