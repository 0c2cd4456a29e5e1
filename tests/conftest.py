"""Shared fixtures: isolated data folders, the fake and the real model, the assistants, the app.

Two tiers. The fast one (``pytest -m "not slow and not browser"``) never loads the
real embedding model: its assistants answer with :class:`~tests.fakes.HashEmbedding`
over the stub corpus and matrix (``tests/data/``), or from the matrix alone, and
:mod:`tests.model_guard` fails any fast test that loads the real model. The slow
tier (``-m slow``) has the real model, loaded once, the real corpus indexed once,
and the real app in a subprocess.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from ssassist.assistant import Assistant
from ssassist.config import Settings
from ssassist.matrix import Matrix, read_matrix
from tests.app_process import AppProcess, running_app
from tests.fakes import HashEmbedding, fake_assistant_over
from tests.model_guard import ModelGuard
from tests.paths import DATA, OUT, ROOT

# -- the guard: no real model in the fast tier -------------------------------------------------

GUARD = ModelGuard()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    GUARD.check_fixtures(item)  # before the test's fixtures are built


def pytest_runtest_teardown(item: pytest.Item) -> None:
    GUARD.item = None


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    terminalreporter.write_line(GUARD.summary())


@pytest.fixture(scope="session", autouse=True)
def _real_model_guard() -> Iterator[ModelGuard]:
    with GUARD.installed():
        yield GUARD


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test writes into the checkout's index/ or reads a developer's SSASSIST_* settings."""
    for key in list(os.environ):
        if key.startswith("SSASSIST_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("SSASSIST_INDEX__PATH", str(tmp_path / "index"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


# -- the fast tier: the fake embedding over the stub corpus and matrix --------------------------


@pytest.fixture(scope="session")
def fake_embed_model() -> HashEmbedding:
    """The deterministic hashing embedding (tests/fakes.py), shared by the whole run."""
    return HashEmbedding()


@pytest.fixture(scope="session")
def stub_matrix() -> Matrix:
    """The five-instrument stub matrix (tests/data/matrix)."""
    return read_matrix(DATA / "matrix")


@pytest.fixture(scope="session")
def fake_index(
    tmp_path_factory: pytest.TempPathFactory, fake_embed_model: HashEmbedding, stub_matrix: Matrix
) -> Path:
    """The stub documents and stub matrix, indexed once with the fake embedding."""
    path = tmp_path_factory.mktemp("fake-index")
    fake_assistant_over(path, fake_embed_model, stub_matrix).ingest(progress=lambda _m: None)
    return path


@pytest.fixture(scope="session")
def fake_assistant(
    fake_index: Path, fake_embed_model: HashEmbedding, stub_matrix: Matrix
) -> Assistant:
    """The fast tier's assistant: the whole pipeline over the fake index, shared by the run.

    Answering changes nothing in it; a test that ingests or changes settings makes its own
    with :func:`fake_assistant_over`.
    """
    return fake_assistant_over(fake_index, fake_embed_model, stub_matrix)


@pytest.fixture(scope="session")
def matrix_assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """The real corpus and matrix without an index: coverage answers, checks and pages.

    It needs neither the model nor an index; asked a question that needs retrieval,
    it raises IndexMissingError.
    """
    return Assistant(
        Settings(project_dir=ROOT, index={"path": tmp_path_factory.mktemp("no-index")})
    )


# -- the slow tier: the real model and the real corpus ----------------------------------------


@pytest.fixture(scope="session")
def embed_model():  # type: ignore[no-untyped-def]
    """The real packaged embedding model, loaded once for the whole run (slow tests only)."""
    from ssassist.config import EmbeddingSettings
    from ssassist.ingest.embeddings import load_embedding_model

    return load_embedding_model(EmbeddingSettings())


@pytest.fixture
def stub_settings(tmp_path: Path) -> Settings:
    """The stub corpus and glossary, the real model's settings, an empty index folder."""
    return Settings(
        corpus_dir=DATA / "corpus",
        glossary_file=DATA / "glossary.yaml",
        index={"path": tmp_path / "stub-index"},
    )


@pytest.fixture(scope="session")
def real_stub_index(tmp_path_factory: pytest.TempPathFactory, embed_model) -> Path:  # type: ignore[no-untyped-def]
    """The stub corpus indexed once with the real model (for programs run in a subprocess)."""
    path = tmp_path_factory.mktemp("real-stub-index")
    settings = Settings(
        corpus_dir=DATA / "corpus", glossary_file=DATA / "glossary.yaml", index={"path": path}
    )
    Assistant(settings, embed_model=embed_model).ingest(progress=lambda _m: None)
    return path


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, embed_model) -> Path:  # type: ignore[no-untyped-def]
    """The real corpus ingested once into a session folder."""
    path = tmp_path_factory.mktemp("corpus-index")
    Assistant(Settings(project_dir=ROOT, index={"path": path}), embed_model=embed_model).ingest()
    return path


@pytest.fixture
def assistant(corpus_index: Path, embed_model) -> Assistant:  # type: ignore[no-untyped-def]
    """An Assistant over the real corpus, the real index and the real model."""
    return Assistant(
        Settings(project_dir=ROOT, index={"path": corpus_index}), embed_model=embed_model
    )


# -- the real app in a subprocess --------------------------------------------------------------

StartApp = Callable[..., AbstractContextManager[AppProcess]]


@pytest.fixture(scope="session")
def start_app(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> StartApp:
    """``with start_app(name, env, keep=...) as app``: ``python app.py`` over the real index.

    The app gets its own folder (log, temp files, a fresh feedback database) and
    ``env`` on top of the session's index; its log is copied to ``keep`` (default
    ``test-output/<name>/app.log``) when it stops.
    """

    @contextmanager
    def start(
        name: str,
        env: dict[str, str | None] | None = None,
        keep: Path | None = None,
        warm: bool = True,
    ) -> Iterator[AppProcess]:
        folder = tmp_path_factory.mktemp(name)
        full: dict[str, str | None] = {
            "SSASSIST_INDEX__PATH": str(corpus_index),
            "SSASSIST_FEEDBACK__PATH": str(folder / "feedback.sqlite3"),
            **(env or {}),
        }
        with running_app(full, folder / "app.log", keep=keep or OUT / name / "app.log") as app:
            if warm:
                app.wait_warm()
            yield app

    return start


@pytest.fixture(scope="session")
def app_process(start_app: StartApp) -> Iterator[AppProcess]:
    """The default app (extractive answers), warmed up, shared by the load and browser tests."""
    with start_app("app") as app:
        yield app
