"""``ingest --rebuild`` builds beside the index a process answers from, then switches to it.

Fast: assistants over the stub corpus and the fake embedding in this process (one keeps
answering while another rebuilds). The same with the real app in its own process and
``ssassist ingest --rebuild`` in another is in tests/test_rebuild_app.py (slow).
"""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

import pytest

from ssassist import parts as parts_module
from ssassist.assistant import Assistant
from ssassist.ingest.builds import BUILDS, POINTER, Builds
from ssassist.matrix.loader import Matrix
from tests.fakes import HashEmbedding, fake_assistant_over
from tests.paths import DATA

QUESTION = "Which countries offer voluntary insurance to emigrants?"


@pytest.fixture
def make(tmp_path: Path, fake_embed_model: HashEmbedding, stub_matrix: Matrix):  # type: ignore[no-untyped-def]
    def new() -> Assistant:
        return fake_assistant_over(tmp_path / "index", fake_embed_model, stub_matrix)

    return new


def wait_for(condition, timeout: float = 10) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_rebuild_goes_beside_the_index_in_use_and_the_user_switches_at_its_next_question(
    make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parts_module, "RETIRE_AFTER_S", 0.0)
    index = tmp_path / "index"
    serving = make()
    serving.ingest(progress=lambda _m: None)
    first = serving.ask(QUESTION)
    assert first.route == "rag" and (index / "chroma.sqlite3").is_file()

    report = make().ingest(rebuild=True, progress=lambda _m: None)

    assert sorted(report.added) == ["matrix", "stub_en", "stub_es"]
    [build] = list((index / BUILDS).iterdir())
    assert (build / "chroma.sqlite3").is_file() and (index / POINTER).is_file()
    assert list(build.glob("sentences-*.npz")) and list(build.glob("renderings-*.json"))
    assert (index / "chroma.sqlite3").is_file()  # still in use by the serving assistant

    again = serving.ask(QUESTION)  # sees the switch, reopens, answers from the new build
    assert again.answer == first.answer
    assert serving.index.location == str(build)
    assert wait_for(lambda: not (index / "chroma.sqlite3").exists())  # then let go, removed
    assert not list(index.glob("sentences-*.npz"))

    # a second rebuild, once the assistant that made the first has gone: the first is removed
    gc.collect()
    make().ingest(rebuild=True, progress=lambda _m: None)
    serving.ask(QUESTION)
    assert wait_for(lambda: [p.name for p in (index / BUILDS).iterdir()] != [build.name])
    assert wait_for(lambda: len(list((index / BUILDS).iterdir())) == 1)
    assert Builds(serving.settings).current().store == Path(serving.index.location)


def test_questions_asked_during_a_rebuild_are_all_answered(make) -> None:  # type: ignore[no-untyped-def]
    serving = make()
    serving.ingest(progress=lambda _m: None)
    expected = serving.ask(QUESTION).answer
    answers: list[str] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def ask() -> None:
        while not done.is_set():
            try:
                answers.append(serving.ask(QUESTION).answer)
            except BaseException as exc:  # reported below
                errors.append(exc)
                return

    askers = [threading.Thread(target=ask) for _ in range(2)]
    for t in askers:
        t.start()
    try:
        for _ in range(2):
            make().ingest(rebuild=True, progress=lambda _m: None)
    finally:
        done.set()
        for t in askers:
            t.join(timeout=60)
    assert errors == [] and answers and set(answers) == {expected}
    assert serving.ask(QUESTION).answer == expected


def test_an_update_in_place_is_seen_by_a_running_assistant(
    make, tmp_path: Path, fake_embed_model: HashEmbedding, stub_matrix: Matrix
) -> None:
    serving = make()
    serving.ingest(progress=lambda _m: None)
    serving.ask(QUESTION)
    before = serving.parts.index

    assert make().ingest(progress=lambda _m: None).unchanged  # nothing changed: nothing to see
    serving.ask(QUESTION)
    assert serving.parts.index is before

    # another glossary changes what is embedded: re-embedded in place, the pointer touched
    other = fake_assistant_over(
        tmp_path / "index", fake_embed_model, stub_matrix, glossary_file=DATA / "glossary.yaml"
    )
    assert other.ingest(progress=lambda _m: None).updated
    serving.ask(QUESTION)
    assert serving.parts.index is not before
    assert serving.index.location == before.location  # the same build, reopened
