"""Fixtures for the LLM answerer: a fake OpenAI-compatible server and assistants that use it.

The assistants read a small corpus (the stub documents plus the five-record
stub matrix), indexed once with the fake embedding (tests/fakes.py): what is
tested is what reaches the model and what comes back, not retrieval.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ssassist.assistant import Assistant
from tests.fakes import fake_settings
from tests.llm.fake_openai import FakeOpenAI
from tests.llm.llm_helpers import KEY, TIMEOUT


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def make_assistant(fake_index: Path, fake_embed_model, stub_matrix):  # type: ignore[no-untyped-def]
    """An Assistant over the stub corpus whose LLM is at ``base_url`` (None: no LLM)."""

    def make(base_url: str | None, **llm: Any) -> Assistant:
        settings = {"base_url": base_url, "api_key": KEY, "timeout": TIMEOUT, **llm}
        # Apertium translation on, as in production: Spanish questions reach English passages
        return Assistant(
            fake_settings(fake_index, llm=settings),
            embed_model=fake_embed_model,
            matrix=stub_matrix,
        )

    return make


@pytest.fixture
def llm_assistant(fake: FakeOpenAI, make_assistant) -> Assistant:  # type: ignore[no-untyped-def]
    return make_assistant(fake.url)


@pytest.fixture
def plain_assistant(make_assistant) -> Assistant:  # type: ignore[no-untyped-def]
    """The same assistant without an LLM: the extractive answers the LLM falls back to."""
    return make_assistant(None)
