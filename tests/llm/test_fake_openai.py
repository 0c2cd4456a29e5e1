"""The fake server speaks the protocol the real ``openai`` client expects (so the other tests
mean something)."""

from __future__ import annotations

import openai
import pytest

from tests.llm.fake_openai import MODEL, FakeOpenAI, Reply
from tests.llm.llm_helpers import KEY


def client(server: FakeOpenAI) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url, api_key=KEY, max_retries=0, timeout=5)


def test_models_completions_streams_and_tool_calls_parse_in_the_real_client():
    with FakeOpenAI() as server:
        server.script(
            Reply(text="Hello [1]."),
            Reply(text="Streamed reply [2]."),
            Reply(tool_calls=[("check_coverage", {"country_a": "AR", "country_b": "BR"})]),
            Reply(tool_calls=[("check_coverage", {"country_a": "PE", "country_b": "CL"})]),
        )
        c = client(server)
        assert [m.id for m in c.models.list()] == [MODEL]
        messages = [{"role": "user", "content": "hi"}]

        reply = c.chat.completions.create(model=MODEL, messages=messages)
        assert reply.choices[0].message.content == "Hello [1]."

        chunks = list(c.chat.completions.create(model=MODEL, messages=messages, stream=True))
        assert "".join(ch.choices[0].delta.content or "" for ch in chunks) == "Streamed reply [2]."
        assert len(chunks) > 3 and chunks[-1].choices[0].finish_reason == "stop"

        call = c.chat.completions.create(model=MODEL, messages=messages).choices[0].message
        assert call.tool_calls[0].function.name == "check_coverage"
        assert call.tool_calls[0].function.arguments == '{"country_a": "AR", "country_b": "BR"}'

        streamed = list(c.chat.completions.create(model=MODEL, messages=messages, stream=True))
        args = "".join(
            ch.choices[0].delta.tool_calls[0].function.arguments or ""
            for ch in streamed
            if ch.choices[0].delta.tool_calls
        )
        assert args == '{"country_a": "PE", "country_b": "CL"}'
        assert streamed[-1].choices[0].finish_reason == "tool_calls"

    assert [r.path for r in server.requests] == ["/v1/models"] + ["/v1/chat/completions"] * 4
    assert server.chat_requests[1]["stream"] is True
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in server.requests)


def test_error_scripts_reach_the_client_as_the_real_errors():
    with FakeOpenAI() as server:
        server.script(Reply(status=503), Reply(status=401))
        c = client(server)
        for error in (openai.InternalServerError, openai.AuthenticationError):
            with pytest.raises(error):
                c.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "x"}])
