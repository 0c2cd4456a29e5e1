"""Follow-up questions with an LLM: "¿y para invalidez?" rewritten with the conversation.

The rewritten question stands on its own, so routing, retrieval and the answer
prompt need no history. When the endpoint fails, the question is used as it is.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from llama_index.core.llms import LLM

from ssassist.llm.errors import EmptyReplyError, classify, describe
from ssassist.llm.prompts import condense_messages
from ssassist.models import Turn

log = logging.getLogger(__name__)
_LABEL = re.compile(r"^(standalone question|pregunta independiente|question|pregunta)\s*:\s*", re.I)
_QUOTES = "\"'“”«»"


@dataclass(frozen=True)
class Condensed:
    """The standalone question, and the kind of failure when the endpoint could not be used."""

    question: str
    failure: str | None = None


def clean_reply(reply: str) -> str:
    """The question out of a model's reply: first non-empty line, no label, no quotes."""
    line = next((ln.strip() for ln in reply.splitlines() if ln.strip()), "")
    return _LABEL.sub("", line).strip(_QUOTES + " ").strip()


def condense(
    llm: LLM,
    question: str,
    history: Sequence[Turn],
    lang: str,
    max_chars: int,
    secrets: Iterable[str] = (),
) -> Condensed:
    """``question`` rewritten with ``history`` into a standalone question (or as is, on failure)."""
    if not any(t.role == "user" for t in history):
        return Condensed(question)
    try:
        reply = llm.chat(condense_messages(question, history, lang)).message.content or ""
        text = clean_reply(reply)
        if not text:
            raise EmptyReplyError("empty reply to the condense prompt")
    except Exception as exc:  # any failure of the endpoint: keep the question as the user wrote it
        log.warning("LLM condense failed, using the question as is (%s)", describe(exc, secrets))
        return Condensed(question, classify(exc))
    log.debug("condensed follow-up %r -> %r", question, text[:max_chars])
    return Condensed(text[:max_chars])
