"""Shared fixtures: every test gets its own data folders; the real model loads once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ssassist.assistant import Assistant
from ssassist.config import Settings

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test writes into the checkout's index/ or reads a developer's SSASSIST_* settings."""
    import os

    for key in list(os.environ):
        if key.startswith("SSASSIST_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("SSASSIST_INDEX__PATH", str(tmp_path / "index"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def embed_model():  # type: ignore[no-untyped-def]
    """The real packaged embedding model, loaded once for the whole run."""
    from ssassist.config import EmbeddingSettings
    from ssassist.ingest.embeddings import load_embedding_model

    return load_embedding_model(EmbeddingSettings())


def make_assistant(settings: Settings, embed_model) -> Assistant:  # type: ignore[no-untyped-def]
    asst = Assistant(settings, embed_model=embed_model)  # share the loaded model between assistants
    return asst


@pytest.fixture
def stub_settings(tmp_path: Path) -> Settings:
    return Settings(
        corpus_dir=DATA / "corpus",
        glossary_file=DATA / "glossary.yaml",
        index={"path": tmp_path / "stub-index"},
    )


@pytest.fixture
def stub_assistant(stub_settings: Settings, embed_model) -> Assistant:  # type: ignore[no-untyped-def]
    return make_assistant(stub_settings, embed_model)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, embed_model) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """The real corpus ingested once into a session folder."""
    path = tmp_path_factory.mktemp("corpus-index")
    asst = make_assistant(Settings(project_dir=ROOT, index={"path": path}), embed_model)
    asst.ingest()
    yield path


@pytest.fixture
def assistant(corpus_index: Path, embed_model) -> Assistant:  # type: ignore[no-untyped-def]
    """An Assistant over the real corpus and the real index."""
    return make_assistant(Settings(project_dir=ROOT, index={"path": corpus_index}), embed_model)
