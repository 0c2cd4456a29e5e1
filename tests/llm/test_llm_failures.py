"""Every failure of the endpoint falls back to the extractive answer with a notice, and the key
stays secret."""

from __future__ import annotations

import logging
import time

import pytest

from ssassist.llm.errors import REDACTED
from ssassist.templates import LLM_NOTICE
from tests.llm.fake_openai import Reply
from tests.llm.llm_helpers import KEY, TIMEOUT, closed_port_url

pytestmark = pytest.mark.slow  # timeouts and hung connections, waited for (no real model)

RAG_QUESTION = "Does Brazil pay pensions abroad?"
COVERAGE_QUESTION = "Does an agreement between Argentina and Brazil cover old-age pensions?"

FAILURES = {
    "http-500": [Reply(status=500, error=f"upstream exploded (key {KEY})")] * 2,  # with the retry
    "http-401-echoing-the-key": [Reply(status=401, error=f"Incorrect API key provided: {KEY}")],
    "http-404-unknown-model": [Reply(status=404, error="model 'gpt-4o-mini' not found")] * 2,
    "hang-past-timeout": [Reply(hang=TIMEOUT + 2)] * 2,
    "malformed-json": [Reply(raw=b"{not json", content_type="application/json")],
    "malformed-sse": [Reply(raw=b'data: {"id": "x", "choices": [{"delta": {"content": "Bra\n\n')],
    "empty-reply": [Reply(text="")],
    "stream-without-chunks": [Reply(raw=b"data: [DONE]\n\n")],
}


def leaked(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Log lines that show the key (messages, arguments, formatted tracebacks)."""
    out = [r.getMessage() for r in caplog.records if KEY in r.getMessage()]
    return out + ([caplog.text] if KEY in caplog.text else [])


@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("question", [RAG_QUESTION, COVERAGE_QUESTION], ids=["rag", "coverage"])
def test_each_failure_falls_back_to_the_extractive_answer_with_a_notice(
    failure, question, fake, llm_assistant, plain_assistant, caplog
):
    caplog.set_level(logging.DEBUG)  # every library's debug logs too: the key must be in none
    fake.script(*FAILURES[failure])
    streamed = list(llm_assistant.ask_stream(question))
    answer = streamed[-1]

    extractive = plain_assistant.ask(question)
    assert answer.answer == extractive.answer
    assert answer.citations == extractive.citations
    assert answer.route == extractive.route and answer.coverage == extractive.coverage
    assert answer.notices == [LLM_NOTICE["en"]["unavailable"]]
    assert fake.chat_requests, "the endpoint was asked"
    assert not leaked(caplog)
    assert KEY not in answer.model_dump_json()
    assert any("LLM answer failed" in r.getMessage() for r in caplog.records)
    if "echoing" in failure:  # the server put the key in its error: the log shows it scrubbed
        assert REDACTED in caplog.text


def test_a_refused_connection_falls_back_quickly(make_assistant, plain_assistant, caplog):
    caplog.set_level(logging.DEBUG)
    asst = make_assistant(closed_port_url())
    asst.warm_up()
    t0 = time.perf_counter()
    answer = asst.ask(RAG_QUESTION)
    elapsed = time.perf_counter() - t0
    assert answer.answer == plain_assistant.ask(RAG_QUESTION).answer
    assert answer.notices == [LLM_NOTICE["en"]["unavailable"]]
    assert any("refused" in r.getMessage() for r in caplog.records if r.name.startswith("ssassist"))
    assert not leaked(caplog)
    assert elapsed < 10, elapsed


def test_a_dead_endpoint_is_not_asked_twice_for_one_follow_up(make_assistant, caplog):
    """When condensing the follow-up already timed out or was refused, no answer request follows."""
    caplog.set_level(logging.DEBUG)
    asst = make_assistant(closed_port_url())
    history = [{"role": "user", "content": RAG_QUESTION}, {"role": "assistant", "content": "…"}]
    answer = asst.ask("And Venezuela?", history=history)
    assert answer.notices[-1] == LLM_NOTICE["en"]["unavailable"]
    failures = [
        r
        for r in caplog.records
        if r.name.startswith("ssassist.llm") and r.levelno >= logging.WARNING
    ]
    assert len(failures) == 1 and "condense failed" in failures[0].getMessage()
    assert not leaked(caplog)


def test_a_spanish_question_gets_the_notice_in_spanish(fake, llm_assistant):
    fake.script(Reply(status=500), Reply(status=500))
    answer = llm_assistant.ask("¿Brasil paga pensiones en el extranjero?")
    assert answer.language == "es"
    assert answer.notices[-1] == LLM_NOTICE["es"]["unavailable"]


def test_a_failure_mid_stream_ends_with_the_extractive_answer(fake, llm_assistant, plain_assistant):
    fake.script(
        Reply(
            raw=b'data: {"id":"x","object":"chat.completion.chunk","created":0,"model":"m",'
            b'"choices":[{"index":0,"delta":{"content":"Brazil pays "},"finish_reason":null}]}\n\n'
            b"data: {oops\n\n"
        )
    )
    streamed = list(llm_assistant.ask_stream(RAG_QUESTION))
    assert streamed[0].answer == "Brazil pays "
    assert streamed[-1].answer == plain_assistant.ask(RAG_QUESTION).answer
    assert streamed[-1].notices == [LLM_NOTICE["en"]["unavailable"]]


def test_neither_the_settings_nor_the_model_object_show_the_key(llm_assistant):
    settings = llm_assistant.settings
    assert KEY not in repr(settings) and KEY not in str(settings.model_dump())
    llm = llm_assistant.llm_answerer.llm
    assert KEY not in repr(llm) and KEY not in str(llm.to_dict())


def test_a_failure_after_the_tool_call_falls_back_to_the_checks_answer(
    fake, llm_assistant, plain_assistant
):
    call = ("check_coverage", {"country_a": "AR", "country_b": "BR", "benefit": "invalidity"})
    fake.script(Reply(tool_calls=[call]), Reply(status=400, error="bad tool message"))
    answer = llm_assistant.ask(RAG_QUESTION)
    worded = plain_assistant.coverage_answer("AR", "BR", "invalidity", lang="en")
    assert answer.route == "coverage" and answer.coverage == worded.coverage
    assert answer.answer == worded.answer and answer.citations == worded.citations
    assert answer.notices == [LLM_NOTICE["en"]["unavailable"]]
    assert len(fake.chat_requests) == 2  # not asked again without tools
    assert llm_assistant.llm_answerer.use_tools
