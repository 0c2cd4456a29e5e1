"""Fixtures for the LLM answerer: a fake OpenAI-compatible server and assistants that use it.

The assistants read a small corpus (the stub documents plus the five-record
stub matrix), indexed once with the real embedding model.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_openai import FakeOpenAI
from llm_helpers import KEY, TIMEOUT

from ssassist.assistant import Assistant
from ssassist.config import Settings

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def llm_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stub documents with the stub matrix as their matrix/ folder."""
    root = tmp_path_factory.mktemp("llm-corpus") / "corpus"
    shutil.copytree(DATA / "corpus", root)
    shutil.copytree(DATA / "matrix", root / "matrix")
    return root


@pytest.fixture(scope="session")
def llm_index(llm_corpus: Path, tmp_path_factory: pytest.TempPathFactory, embed_model) -> Path:  # type: ignore[no-untyped-def]
    """That corpus ingested once (real model, real Chroma)."""
    path = tmp_path_factory.mktemp("llm-index")
    asst = Assistant(Settings(corpus_dir=llm_corpus, index={"path": path}), embed_model=embed_model)
    asst.ingest()
    return path


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def make_assistant(llm_corpus: Path, llm_index: Path, embed_model):  # type: ignore[no-untyped-def]
    """An Assistant over the stub corpus whose LLM is at ``base_url`` (None: no LLM)."""

    def make(base_url: str | None, **llm: Any) -> Assistant:
        settings = Settings(
            corpus_dir=llm_corpus,
            index={"path": llm_index},
            llm={"base_url": base_url, "api_key": KEY, "timeout": TIMEOUT, **llm},
        )
        asst = Assistant(settings, embed_model=embed_model)
        return asst

    return make


@pytest.fixture
def llm_assistant(fake: FakeOpenAI, make_assistant) -> Assistant:  # type: ignore[no-untyped-def]
    return make_assistant(fake.url)


@pytest.fixture
def plain_assistant(make_assistant) -> Assistant:  # type: ignore[no-untyped-def]
    """The same assistant without an LLM: the extractive answers the LLM falls back to."""
    return make_assistant(None)
