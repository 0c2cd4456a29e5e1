"""The LLM answerer: a streamed, cited answer phrased by a model, checked before it is final.

For one question it gets the numbered passages, the extractive answer (the
fallback) and, for a coverage question, the exact check's result; for other
questions the check is offered as a tool (when the endpoint takes tools). It
streams the model's tokens as growing ``Answer`` objects, then validates the
whole answer (``validate.py``): the last ``Answer`` is either the model's,
repaired where needed, or the extractive answer with a notice. Failures of the
endpoint never reach the caller; the API key never reaches a log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from llama_index.core.base.llms.types import TextBlock, ToolCallBlock
from llama_index.core.llms import ChatMessage, MessageRole
from llama_index.core.llms.function_calling import FunctionCallingLLM
from llama_index.core.tools import FunctionTool

from ssassist.config import LLMSettings
from ssassist.llm.client import api_key, build_llm
from ssassist.llm.condense import Condensed, condense
from ssassist.llm.errors import EmptyReplyError, describe, tools_unsupported
from ssassist.llm.prompts import Passage, answer_messages
from ssassist.llm.tools import CheckOutcome, call_tool, coverage_tool, shift
from ssassist.llm.validate import cited_numbers, validate
from ssassist.models import Answer, Citation, Turn
from ssassist.templates import LLM_NOTICE

log = logging.getLogger(__name__)
# Failures after which a second request would only wait again: answer without the endpoint.
_DEAD = frozenset({"refused", "timeout"})


@dataclass
class AnswerJob:
    """What the LLM answer to one question needs.

    ``fallback`` is the extractive answer: for a coverage question, the worded
    check, whose citations are the ``passages``; for other questions, the quoted
    passages. ``tool`` is ``Assistant.coverage_answer`` in the user's language,
    offered to the model when the question is not already a coverage question.
    """

    question: str
    lang: str
    fallback: Answer
    passages: list[Passage]
    tool: Callable[[str, str, str | None], Answer] | None = None
    failure: str | None = None  # a failure of the endpoint already met (while condensing)

    @property
    def checked(self) -> bool:
        return self.fallback.route == "coverage"


@dataclass
class _Run:
    """State of one generation: the text so far, and what the tool call added."""

    passages: list[Passage]
    text: str = ""
    called: bool = False  # the model called the tool
    tool_answer: Answer | None = None  # the worded check, its citation numbers after the passages
    offset: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def passages_of(citations: Sequence[Citation]) -> list[Passage]:
    """Passages made of citations (the check's sources): the model reads the quote."""
    return [Passage(c.n, c.title, c.section, c.text, c) for c in citations]


class LLMAnswerer:
    """Answers with an LLM behind an OpenAI-compatible endpoint, else falls back to extractive."""

    def __init__(self, settings: LLMSettings, llm: FunctionCallingLLM | None = None) -> None:
        self.settings = settings
        self.llm = llm or build_llm(settings)
        self.secrets = (api_key(settings),) if settings.api_key else ()
        self.use_tools = settings.tools  # turned off when the endpoint refuses tools

    def condense(
        self, question: str, history: Sequence[Turn], lang: str, max_chars: int
    ) -> Condensed:
        """``question`` made standalone with the conversation (as is when the endpoint fails)."""
        return condense(self.llm, question, history, lang, max_chars, self.secrets)

    # -- answering -------------------------------------------------------------
    def stream(self, job: AnswerJob) -> Iterator[Answer]:
        """Growing answers as the tokens come; the last one is validated (or the fallback)."""
        t0 = time.perf_counter()
        run = _Run(passages=list(job.passages))
        if job.failure in _DEAD or not job.passages:
            if job.failure:
                yield self._fallback(job, run, "unavailable", t0)
            else:  # nothing to cite (e.g. the check found no data): the worded check is the answer
                yield job.fallback
            return
        try:
            for text in self._generate(job, run):
                yield self._partial(job, run, text)
        except Exception as exc:  # the endpoint failed: never an error page
            log.warning(
                "LLM answer failed, extractive answer instead (%s)", describe(exc, self.secrets)
            )
            yield self._fallback(job, run, "unavailable", t0)
            return
        yield self._final(job, run, t0)

    def _generate(self, job: AnswerJob, run: _Run) -> Iterator[str]:
        """The text of the answer as it grows (an exception on any failure)."""
        if job.checked:
            covered = job.fallback.coverage.covered
            messages = answer_messages(
                job.question, job.lang, job.passages, "check", job.fallback.answer, covered
            )
            yield from self._stream(messages, run)
            return
        if job.tool is not None and self.use_tools:
            tool = coverage_tool(job.tool, job.lang, offset=len(job.passages))
            try:
                yield from self._with_tool(
                    answer_messages(job.question, job.lang, job.passages, "tool"), tool, run
                )
                return
            except Exception as exc:
                if not tools_unsupported(exc) or run.text or run.called:
                    raise  # only a refused first request is retried without tools
                log.warning(
                    "the endpoint refused tools, answering without them (%s)",
                    describe(exc, self.secrets),
                )
                yield from self._stream(
                    answer_messages(job.question, job.lang, job.passages, "none"), run
                )
                self.use_tools = False  # it answers without tools: stop offering them
                return
        yield from self._stream(answer_messages(job.question, job.lang, job.passages, "none"), run)

    def _stream(self, messages: list[ChatMessage], run: _Run) -> Iterator[str]:
        for response in self.llm.stream_chat(messages):
            if response.delta:
                run.text += response.delta
                yield run.text
        if not run.text.strip():
            raise EmptyReplyError("the endpoint returned no text")

    def _with_tool(
        self, messages: list[ChatMessage], tool: FunctionTool, run: _Run
    ) -> Iterator[str]:
        """First round with the check as a tool.

        If the model calls it, a second round with its result.
        """
        last = None
        for last in self.llm.stream_chat_with_tools(
            [tool], chat_history=list(messages), allow_parallel_tool_calls=False
        ):
            if last.delta:
                run.text += last.delta
                yield run.text
        calls = (
            self.llm.get_tool_calls_from_response(last, error_on_no_tool_call=False) if last else []
        )
        if not calls:
            if not run.text.strip():
                raise EmptyReplyError("the endpoint returned no text and no tool call")
            return
        run.called = True
        t0 = time.perf_counter()
        outcomes = [
            call_tool(tool, c.tool_name, c.tool_kwargs)
            if i == 0
            else CheckOutcome({"error": "only one check per answer: use the first one's result"})
            for i, c in enumerate(calls)
        ]
        run.timings["check"] = time.perf_counter() - t0
        if outcomes[0].answer is not None:
            run.tool_answer = outcomes[0].answer
            run.offset = len(run.passages)
            run.passages += passages_of(run.tool_answer.citations)
        ids = [c.tool_id or f"call_{i}" for i, c in enumerate(calls)]
        blocks = [TextBlock(text=run.text)] if run.text else []
        blocks += [
            ToolCallBlock(tool_call_id=i, tool_name=c.tool_name, tool_kwargs=c.tool_kwargs)
            for i, c in zip(ids, calls, strict=True)
        ]
        messages = [
            *messages,
            ChatMessage(role=MessageRole.ASSISTANT, blocks=blocks),
            *(
                ChatMessage(
                    role=MessageRole.TOOL, content=str(o), additional_kwargs={"tool_call_id": i}
                )
                for i, o in zip(ids, outcomes, strict=True)
            ),
        ]
        run.text = ""  # what came before the call was not the answer
        yield from self._stream(messages, run)

    # -- building answers ------------------------------------------------------
    def _coverage(self, job: AnswerJob, run: _Run) -> Answer | None:
        """The worded check the answer must agree with, numbered as the passages."""
        return job.fallback if job.checked else run.tool_answer

    def _partial(self, job: AnswerJob, run: _Run, text: str) -> Answer:
        valid = {p.n: p for p in run.passages}
        cited = [valid[n].citation for n in dict.fromkeys(cited_numbers(text)) if n in valid]
        coverage = self._coverage(job, run)
        return job.fallback.model_copy(
            update={
                "answer": text,
                "citations": cited,
                "route": "coverage" if coverage else "rag",
                "coverage": coverage.coverage if coverage else None,
                "notices": list(job.fallback.notices),
                "timings": dict(job.fallback.timings),
            }
        )

    def _final(self, job: AnswerJob, run: _Run, t0: float) -> Answer:
        coverage = self._coverage(job, run)
        if coverage is None:
            checked = validate(run.text, len(run.passages), job.lang)
        else:
            verdict = coverage.answer.split("\n", 1)[0]
            checked = validate(
                run.text, len(run.passages), job.lang, coverage.coverage.covered, verdict
            )
        if checked.replace:
            log.warning("LLM answer replaced by the extractive one (%s)", checked.replace)
            return self._fallback(job, run, checked.replace, t0)
        citations = [
            run.passages[n - 1].citation.model_copy(update={"n": i})
            for i, n in enumerate(checked.cited, start=1)
        ]
        notices = list(job.fallback.notices) + [LLM_NOTICE[job.lang][r] for r in checked.repairs]
        return job.fallback.model_copy(
            update={
                "answer": checked.text,
                "citations": citations,
                "route": "coverage" if coverage else "rag",
                "coverage": coverage.coverage if coverage else None,
                "notices": notices,
                "timings": {**job.fallback.timings, **run.timings, "llm": time.perf_counter() - t0},
            }
        )

    def _fallback(self, job: AnswerJob, run: _Run, notice: str, t0: float) -> Answer:
        """The extractive answer with a notice; after a successful tool call, the worded check."""
        base = job.fallback
        if run.tool_answer is not None:
            checked = shift(run.tool_answer, -run.offset)
            base = base.model_copy(
                update={
                    "answer": checked.answer,
                    "citations": checked.citations,
                    "route": "coverage",
                    "coverage": checked.coverage,
                }
            )
        return base.model_copy(
            update={
                "notices": [*job.fallback.notices, LLM_NOTICE[job.lang][notice]],
                "timings": {**job.fallback.timings, **run.timings, "llm": time.perf_counter() - t0},
            }
        )
