"""What happens in the chat tab: asking, selecting an answer, feedback, helpdesk drafts.

Each event reads and returns the conversation state (a list of turns in ``gr.State``);
the layout that wires them is :func:`ssassist.ui.chat.build_chat_tab`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from typing import Any

import gradio as gr

from ssassist.answering.helpdesk import compose_draft
from ssassist.errors import SSAssistError
from ssassist.models import Answer
from ssassist.ui.context import AppContext
from ssassist.ui.labels import t
from ssassist.ui.render import esc
from ssassist.ui.turns import TurnState, answer_at, history_of, messages_of

log = logging.getLogger(__name__)


class ChatEvents:
    """The chat tab's event handlers, over one app context."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def respond(self, message: str, state: list[TurnState], lang: str) -> Iterator[tuple[Any, ...]]:
        question = message or ""
        if not question.strip():
            gr.Warning(t("empty_question", lang))
            yield question, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        state = list(state or [])
        # the question is shown at once, with a spinner, while the answer is prepared
        warmer = self.ctx.warmer
        box: Any = ""  # emptied once; what the user types meanwhile is kept
        while not warmer.ready:  # first question after a start: say why it waits, and how long
            left = warmer.seconds_left()
            note = (
                t("pending_warming", lang, s=left)
                if left
                else t("pending_warming_late", lang, s=warmer.elapsed())
            )
            yield box, messages_of(state, (question, lang), note), *[gr.skip()] * 2, "", gr.skip()
            box = gr.skip()
            warmer.wait(timeout=5)
        yield box, messages_of(state, (question, lang)), gr.skip(), gr.skip(), "", gr.skip()
        answer: Answer | None = None
        error: str | None = None
        try:
            for answer in self.ctx.assistant.ask_stream(question, history_of(state)):
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

    def on_select(self, state: list[TurnState], evt: gr.SelectData) -> Any:
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        turn = int(index) // 2
        return turn if 0 <= turn < len(state or []) else gr.skip()

    def save_feedback(
        self,
        state: list[TurnState],
        index: int | None,
        ids: dict[int, int],
        rating: str,
        comment: str | None,
        lang: str,
        session: str,
    ) -> tuple[dict[int, int], str]:
        answer = answer_at(state, index)
        if answer is None or index is None:
            return ids, f"<span>{esc(t('no_answer', lang))}</span>"
        ids = dict(ids or {})
        try:
            if index in ids:
                self.ctx.feedback.update(ids[index], rating=rating, comment=comment)  # type: ignore[arg-type]
            else:
                ids[index] = self.ctx.feedback.add_answer(answer, rating, comment or "", session)  # type: ignore[arg-type]
        except Exception:
            log.exception("feedback could not be stored")
            return ids, f"<span class='ss-error'>{esc(t('feedback_failed', lang))}</span>"
        record = ids[index]
        return (
            ids,
            f"<span class='ss-thanks' data-record='{record}'>"
            f"{esc(t('thanks', lang, id=record))}</span>",
        )

    def rate(self, rating: str):  # type: ignore[no-untyped-def]
        def handler(
            state: list[TurnState],
            index: int | None,
            ids: dict[int, int],
            text: str,
            lang: str,
            request: gr.Request,
        ) -> tuple[dict[int, int], str]:
            session = getattr(request, "session_hash", "") or ""
            return self.save_feedback(state, index, ids, rating, text or "", lang, session)

        return handler

    def on_like(
        self,
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
        ids, status = self.save_feedback(state, turn, ids, rating, None, lang, session)
        return turn, ids, status

    def draft(self, state: list[TurnState], index: int | None, lang: str) -> tuple[Any, Any]:
        answer = answer_at(state, index)
        if answer is None:
            return t("no_answer", lang), gr.update(visible=False, value=None)
        result = compose_draft(answer, self.ctx.assistant.documents)
        folder = self.ctx.downloads / uuid.uuid4().hex
        folder.mkdir(parents=True)
        path = folder / result.filename
        path.write_text(result.text, encoding="utf-8")
        return result.text, gr.update(visible=True, value=str(path), label=t("download", lang))

    def clear_all(self) -> tuple[Any, ...]:
        return [], [], None, {}, "", ""
