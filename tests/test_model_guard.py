"""The guard that keeps the real embedding model out of the fast tier (tests/model_guard.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from ssassist.config import EmbeddingSettings
from ssassist.ingest.embeddings import load_embedding_model
from tests.model_guard import ModelGuard, PatchOnImport, RealModelInFastTest


def item(nodeid: str, fixtures: list[str], slow: bool) -> SimpleNamespace:
    marker = object() if slow else None
    return SimpleNamespace(
        nodeid=nodeid, fixturenames=fixtures, get_closest_marker=lambda name: marker
    )


def test_loading_the_real_model_in_a_fast_test_fails_before_anything_loads():
    if "sentence_transformers" not in sys.modules:
        # nothing has imported the library (importing it costs seconds): the guard waits for it
        assert any(isinstance(f, PatchOnImport) for f in sys.meta_path)
        return
    with pytest.raises(RealModelInFastTest, match="not marked slow"):
        load_embedding_model(EmbeddingSettings())


def test_a_patched_library_refuses_to_build_a_model_in_a_fast_test():
    class SentenceTransformer:
        def __init__(self, model_name_or_path: str | None = None) -> None:
            self.name = model_name_or_path

    library = ModuleType("library")
    library.SentenceTransformer = SentenceTransformer  # type: ignore[attr-defined]
    guard = ModelGuard()
    guard._patch(library)
    try:
        guard.check_fixtures(item("t::fast", [], False))
        with pytest.raises(RealModelInFastTest, match="'some/model' but is not marked slow"):
            SentenceTransformer("some/model")
        guard.check_fixtures(item("t::slow", [], True))
        assert SentenceTransformer("some/model").name == "some/model"
        assert guard.loads == ["t::slow"]
    finally:
        guard._unpatch()
    assert SentenceTransformer("x").name == "x"


def test_a_fast_test_asking_for_a_real_model_fixture_fails_at_setup():
    guard = ModelGuard()
    with pytest.raises(RealModelInFastTest, match="uses assistant, embed_model"):
        guard.check_fixtures(item("t::fast", ["tmp_path", "embed_model", "assistant"], False))
    guard.check_fixtures(item("t::slow", ["embed_model"], True))  # a slow test may
    guard.check_fixtures(item("t::fake", ["fake_assistant", "fake_embed_model"], False))


def test_loads_in_slow_tests_are_counted_and_refused_ones_are_not():
    guard = ModelGuard()
    guard.check_fixtures(item("t::slow", [], True))
    guard.on_load("the-model")
    guard.check_fixtures(item("t::fast", [], False))
    with pytest.raises(RealModelInFastTest):
        guard.on_load("the-model")
    assert guard.loads == ["t::slow"]
    assert guard.summary() == "real embedding model loaded 1 times (by t::slow)"


def test_a_library_imported_later_is_patched_when_it_is_imported(tmp_path: Path, monkeypatch):
    (tmp_path / "late_library_for_the_guard.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    patched: list[ModuleType] = []
    finder = PatchOnImport("late_library_for_the_guard", patched.append)
    monkeypatch.setattr(sys, "meta_path", [finder, *sys.meta_path])
    import late_library_for_the_guard  # type: ignore[import-not-found]

    assert patched == [late_library_for_the_guard] and late_library_for_the_guard.VALUE == 1
    assert finder not in sys.meta_path  # it steps aside after its one import
    monkeypatch.delitem(sys.modules, "late_library_for_the_guard")
