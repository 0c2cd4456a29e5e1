"""LLM answers through a real OpenAI-compatible HTTP server on loopback (scripted replies).

The assistant is the real one (real Chroma index of the stub corpus, real
coverage check of the stub matrix, Apertium) but for its embedding, the fake of
tests/fakes.py, and the model's words, which are scripted. The server records
every request, so the tests read the prompts.
"""

from __future__ import annotations

import json
import re

import pytest

from ssassist.llm.prompts import VERDICT_WORD
from ssassist.templates import LLM_NOTICE
from tests.llm.fake_openai import Reply
from tests.llm.llm_helpers import KEY, system_prompt, user_prompt

RAG_QUESTION = "Does Brazil pay pensions abroad?"
COVERAGE_QUESTION = "Does an agreement between Argentina and Brazil cover old-age pensions?"
NO_COVERAGE_QUESTION = "Does an agreement between Argentina and Peru cover maternity?"


def markers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\[(\d+)\]", text)}


def assert_citations_match(answer) -> None:  # type: ignore[no-untyped-def]
    numbers = [c.n for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    assert markers(answer.answer) == set(numbers)


# -- prompts -------------------------------------------------------------------------


def test_the_prompt_carries_the_numbered_passages_and_the_question(
    fake, llm_assistant, plain_assistant
):
    fake.script(Reply(text="Brazil pays pensions abroad to eligible people [1]."))
    answer = llm_assistant.ask(RAG_QUESTION)

    (body,) = fake.chat_requests
    prompt = user_prompt(body)
    retrieved = plain_assistant.ask(RAG_QUESTION).retrieved
    assert retrieved
    for n, passage in enumerate(retrieved, start=1):
        chunk = llm_assistant.retriever.chunk(passage.chunk_id)
        assert f"[{n}] {chunk.title}" in prompt
        assert chunk.text.strip() in prompt
    assert prompt.rstrip().endswith(RAG_QUESTION)
    rules = system_prompt(body)
    assert "only from the numbered passages" in rules and "[1]" in rules
    assert "documents do not say" in rules and "in English" in rules
    assert body["stream"] is True and body["model"] == llm_assistant.settings.llm.model
    assert fake.requests[-1].headers["authorization"] == f"Bearer {KEY}"
    # the answer is the model's, its citation the passage it cited
    assert (
        answer.route == "rag"
        and answer.answer == "Brazil pays pensions abroad to eligible people [1]."
    )
    first = llm_assistant.retriever.chunk(retrieved[0].chunk_id)
    assert [c.chunk_id for c in answer.citations] == [first.id]
    assert answer.citations[0].text == first.text
    assert answer.notices == [] and "llm" in answer.timings


def test_a_coverage_prompt_carries_the_checks_verdict_and_sources(fake, llm_assistant):
    fake.script(Reply(text="Yes. The Stub multilateral covers old-age pensions between them [1]."))
    answer = llm_assistant.ask(COVERAGE_QUESTION)

    result = llm_assistant.check("Argentina", "Brazil", "old_age")
    assert result.covered is True
    prompt = user_prompt(fake.chat_requests[0])
    assert "Verdict: Yes." in prompt
    assert (
        "Yes: the Stub multilateral, which binds Argentina and Brazil, covers old-age pensions [1]."
        in prompt
    )
    assert f"[1] stub — {result.instruments[0].source.locator}" in prompt
    assert result.instruments[0].source.quote in prompt
    assert "begin your answer with its verdict word (Yes.)" in system_prompt(fake.chat_requests[0])
    assert "tools" not in fake.chat_requests[0]  # the verdict is given: no tool to call
    assert answer.route == "coverage" and answer.coverage == result
    assert answer.answer.startswith("Yes. The Stub multilateral")
    assert_citations_match(answer)


def test_a_spanish_question_gets_spanish_rules(fake, llm_assistant):
    fake.script(Reply(text="Brasil paga pensiones en el extranjero [1]."))
    answer = llm_assistant.ask("¿Brasil paga pensiones en el extranjero?")
    assert answer.language == "es"
    rules = system_prompt(fake.chat_requests[0])
    assert "Responda en español" in rules and "no lo dicen" in rules
    assert user_prompt(fake.chat_requests[0]).startswith("Pasajes:")


# -- validation --------------------------------------------------------------------


def test_a_marker_naming_no_passage_is_removed_with_a_notice(fake, llm_assistant):
    fake.script(Reply(text="Brazil pays pensions abroad [1][9]. Venezuela pays a lump sum [12]."))
    answer = llm_assistant.ask(RAG_QUESTION)
    assert answer.answer == "Brazil pays pensions abroad [1]. Venezuela pays a lump sum."
    assert len(answer.citations) == 1
    assert answer.notices == [LLM_NOTICE["en"]["bad_citations"]]


@pytest.mark.parametrize(
    "reply",
    [
        "Brazil pays pensions abroad.",
        "Brazil pays pensions abroad [9].",
        "The documents do not say.",
    ],
    ids=["no-citation", "nonexistent-passage", "no-answer"],
)
def test_an_answer_citing_no_given_passage_is_replaced_by_the_extractive_one(
    fake, llm_assistant, plain_assistant, reply
):
    fake.script(Reply(text=reply))
    answer = llm_assistant.ask(RAG_QUESTION)
    extractive = plain_assistant.ask(RAG_QUESTION)
    assert answer.answer == extractive.answer
    assert answer.citations == extractive.citations
    assert answer.notices == [LLM_NOTICE["en"]["uncited"]]


def test_a_verdict_contradicting_the_check_is_replaced_by_the_check(
    fake, llm_assistant, plain_assistant
):
    fake.script(Reply(text="Yes. The Stub count-only treaty covers maternity [1]."))
    answer = llm_assistant.ask(NO_COVERAGE_QUESTION)
    checked = plain_assistant.ask(NO_COVERAGE_QUESTION)
    assert checked.coverage.covered is None  # count-only treaty: maternity is not itemised
    assert answer.answer == checked.answer and answer.coverage == checked.coverage
    assert answer.notices == [LLM_NOTICE["en"]["contradiction"]]
    # and the prompt had told the model the verdict
    assert f"Verdict: {VERDICT_WORD['en'][None]}" in user_prompt(fake.chat_requests[0])


def test_an_answer_without_a_verdict_gets_the_checks_verdict_first(fake, llm_assistant):
    fake.script(Reply(text="The Stub multilateral binds Argentina, Brazil and Uruguay [1]."))
    answer = llm_assistant.ask(COVERAGE_QUESTION)
    assert answer.answer.startswith(
        "Yes: the Stub multilateral, which binds Argentina and Brazil, covers old-age pensions [1]."
    )
    assert answer.answer.endswith("The Stub multilateral binds Argentina, Brazil and Uruguay [1].")
    assert answer.notices == [LLM_NOTICE["en"]["verdict_added"]]
    assert answer.coverage.covered is True


# -- streaming -----------------------------------------------------------------------


def test_tokens_stream_as_growing_answers_and_the_last_is_validated(fake, llm_assistant):
    text = (
        "Brazil also pays pensions abroad to eligible people [1], "
        "and Venezuela pays a lump sum [1]."
    )
    fake.script(Reply(text=text))
    streamed = list(llm_assistant.ask_stream(RAG_QUESTION))
    assert len(streamed) > 10
    partial = [a.answer for a in streamed[:-1]]
    assert all(
        b.startswith(a) and len(b) > len(a) for a, b in zip(partial, partial[1:], strict=False)
    )
    assert partial[-1] == text and streamed[-1].answer == text
    assert streamed[0].citations == [] and streamed[-2].citations  # cited passages appear as cited
    assert_citations_match(streamed[-1])


# -- the check as a tool -------------------------------------------------------------


def test_the_model_calls_the_real_check_as_a_tool_and_the_verdict_is_the_checks(
    fake, llm_assistant
):
    def after_check(body: dict) -> Reply:
        result = json.loads(next(m["content"] for m in body["messages"] if m["role"] == "tool"))
        source = result["sources"][0]["n"]
        return Reply(
            text=f"{result['verdict']} The Stub multilateral covers it [{source}]; "
            "Brazil pays abroad [1]."
        )

    fake.script(
        Reply(
            text="Let me check. ",
            tool_calls=[
                (
                    "check_coverage",
                    {"country_a": "Argentina", "country_b": "Brasil", "benefit": "old_age"},
                )
            ],
        ),
        after_check,
    )
    streamed = list(llm_assistant.ask_stream(RAG_QUESTION))
    answer = streamed[-1]

    first, second = fake.chat_requests
    (tool,) = first["tools"]
    assert tool["function"]["name"] == "check_coverage"
    assert set(tool["function"]["parameters"]["properties"]) == {
        "country_a",
        "country_b",
        "benefit",
    }
    assert "old_age" in json.dumps(tool["function"]["parameters"]["properties"]["benefit"])
    call = next(m for m in second["messages"] if m["role"] == "assistant")["tool_calls"][0]
    tool_message = next(m for m in second["messages"] if m["role"] == "tool")
    assert tool_message["tool_call_id"] == call["id"]
    result = json.loads(tool_message["content"])

    expected = llm_assistant.check("Argentina", "Brazil", "old_age")
    assert result["covered"] is expected.covered is True
    n_passages = len(re.findall(r"^\[\d+\] ", user_prompt(first), re.MULTILINE))
    assert result["sources"][0]["n"] == n_passages + 1  # numbered after the passages
    assert answer.route == "coverage" and answer.coverage == expected
    assert answer.answer == "Yes. The Stub multilateral covers it [1]; Brazil pays abroad [2]."
    assert [c.section for c in answer.citations] == [
        expected.instruments[0].source.locator,
        "1. Exportability",
    ]
    assert any(a.answer.startswith("Let me check") for a in streamed[:-1])


def test_a_tool_call_with_an_unknown_country_returns_the_error_to_the_model(fake, llm_assistant):
    fake.script(
        Reply(tool_calls=[("check_coverage", {"country_a": "Atlantis", "country_b": "Brazil"})]),
        Reply(text="The documents do not name that country; Brazil pays pensions abroad [1]."),
    )
    answer = llm_assistant.ask(RAG_QUESTION)
    tool_message = next(m for m in fake.chat_requests[1]["messages"] if m["role"] == "tool")
    assert "Unknown country" in json.loads(tool_message["content"])["error"]
    assert answer.route == "rag" and answer.coverage is None and answer.citations


def test_without_tools_the_request_offers_none(fake, make_assistant):
    asst = make_assistant(fake.url, tools=False)
    fake.script(Reply(text="Brazil pays pensions abroad [1]."))
    answer = asst.ask(RAG_QUESTION)
    (body,) = fake.chat_requests
    assert "tools" not in body and "tool_choice" not in body
    assert "check_coverage" not in system_prompt(body)
    assert answer.answer == "Brazil pays pensions abroad [1]."


@pytest.mark.parametrize(
    "refusal",
    [
        [Reply(status=400, error='"auto" tool choice requires --enable-auto-tool-choice')],
        [Reply(status=500, error="tools param requires --jinja flag")] * 2,  # with the retry
    ],
    ids=["vllm-400", "llama.cpp-500"],
)
def test_an_endpoint_refusing_tools_is_asked_again_without_them(fake, llm_assistant, refusal):
    fake.script(
        *refusal,
        Reply(text="Brazil pays pensions abroad [1]."),
        Reply(text="Venezuela pays a lump sum [1]."),
    )
    answer = llm_assistant.ask(RAG_QUESTION)
    assert answer.answer == "Brazil pays pensions abroad [1]." and answer.notices == []
    *refused, second = fake.chat_requests
    assert all("tools" in body for body in refused) and "tools" not in second
    llm_assistant.ask(RAG_QUESTION)
    assert "tools" not in fake.chat_requests[-1]  # remembered


# -- conversation --------------------------------------------------------------------


def test_a_follow_up_is_condensed_with_the_history_before_retrieval(fake, llm_assistant):
    history = [
        {"role": "user", "content": RAG_QUESTION},
        {
            "role": "assistant",
            "content": "Brazil also pays pensions abroad to eligible people [1].",
        },
    ]
    fake.script(
        Reply(text="Does Venezuela make a lump sum payment of pensions?"),
        Reply(text="Venezuela pays a lump sum before the return of the immigrant [1]."),
    )
    answer = llm_assistant.ask("And Venezuela?", history=history)
    condense, final = fake.chat_requests
    assert condense.get("stream") is not True
    assert RAG_QUESTION in user_prompt(condense) and "And Venezuela?" in user_prompt(condense)
    assert "Brazil also pays pensions abroad" in user_prompt(condense)
    assert "Question: Does Venezuela make a lump sum payment of pensions?" in user_prompt(final)
    assert "Venezuela stipulates the lump sum payment" in user_prompt(final)
    assert answer.question == "And Venezuela?" and answer.language == "en"


def test_a_condensed_follow_up_that_names_two_countries_goes_to_the_check(fake, llm_assistant):
    history = [
        {"role": "user", "content": COVERAGE_QUESTION},
        {"role": "assistant", "content": "Yes. …"},
    ]
    fake.script(
        Reply(text="Does an agreement between Argentina and Peru cover maternity?"),
        Reply(text="Unknown. The treaty is known only by its number of benefits [1]."),
    )
    answer = llm_assistant.ask("What about Peru, for maternity?", history=history)
    assert answer.route == "coverage"
    assert answer.coverage == llm_assistant.check("Argentina", "Peru", "maternity")
    assert answer.answer.startswith("Unknown.")


def test_a_benefit_only_follow_up_is_still_routed_by_the_rules_without_condensing(
    fake, llm_assistant
):
    history = [
        {"role": "user", "content": COVERAGE_QUESTION},
        {"role": "assistant", "content": "Yes. …"},
    ]
    fake.script(Reply(text="Yes. The Stub multilateral covers invalidity [1]."))
    answer = llm_assistant.ask("And for invalidity?", history=history)
    assert len(fake.chat_requests) == 1  # no condense request: the rule found the pair
    assert answer.coverage.benefit == "invalidity" and answer.coverage.covered is True


def test_a_failed_condense_uses_the_question_as_is(fake, llm_assistant):
    history = [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Hi"}]
    fake.script(Reply(raw=b"{not json"), Reply(text="Brazil pays pensions abroad [1]."))
    answer = llm_assistant.ask(RAG_QUESTION, history=history)
    assert "Question: " + RAG_QUESTION in user_prompt(fake.chat_requests[-1])
    assert answer.answer == "Brazil pays pensions abroad [1]." and answer.notices == []


def test_a_refusal_does_not_call_the_model(fake, llm_assistant):
    answer = llm_assistant.ask("What's the capital of France?")
    assert answer.route == "refusal" and fake.chat_requests == []
