"""The Chroma index: idempotent ingest, updates, removals, rebuilds, model checks, concurrency.

Everything runs against a real embedded Chroma store in a temporary folder over
the two-document stub corpus, embedded with the fake model of tests/fakes.py
(the index records it as its model, so the model checks are real checks).
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
import yaml

from ssassist.config import Settings
from ssassist.errors import IndexMismatchError, IndexMissingError
from ssassist.ingest.chunking import Chunk, chunk_document
from ssassist.ingest.corpus import load_corpus
from ssassist.ingest.embeddings import model_id
from ssassist.ingest.index import ChunkIndex, IngestReport
from ssassist.query.glossary import Glossary
from ssassist.retrieval.terms import embed_text
from tests.fakes import fake_settings
from tests.paths import DATA

STUB_DOCS = ["stub_en", "stub_es"]


def stub_chunks(settings: Settings) -> dict[str, list[Chunk]]:
    return {doc.id: chunk_document(doc) for doc in load_corpus(settings.corpus_path)}


def configured_index(settings: Settings) -> ChunkIndex:
    return ChunkIndex(settings, model_id(settings.embedding))


def ingest(index: ChunkIndex, model, rebuild: bool = False) -> IngestReport:  # type: ignore[no-untyped-def]
    """Ingest the settings' corpus as the Assistant does: glossary-enriched texts."""
    glossary = Glossary.load(index.settings.glossary_file)
    return index.ingest(
        stub_chunks(index.settings),
        embed_text=lambda c: embed_text(c, glossary),
        embed_batch=model.get_text_embedding_batch,
        rebuild=rebuild,
        progress=lambda _msg: None,
    )


def stored_ids(index: ChunkIndex) -> list[str]:
    return [c.id for c in index.all_chunks()]


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the stub corpus that a test may edit."""
    return Path(shutil.copytree(DATA / "corpus", tmp_path / "corpus"))


@pytest.fixture
def stub_settings(tmp_path: Path) -> Settings:
    """The stub corpus and glossary, the fake model, an empty index folder."""
    return fake_settings(tmp_path / "stub-index", glossary_file=DATA / "glossary.yaml")


@pytest.fixture
def copy_settings(corpus_copy: Path, tmp_path: Path) -> Settings:
    return fake_settings(
        tmp_path / "copy-index", corpus_dir=corpus_copy, glossary_file=DATA / "glossary.yaml"
    )


@pytest.fixture
def model(fake_embed_model):  # type: ignore[no-untyped-def]
    """The fake model: what is tested is the store, not the vectors."""
    return fake_embed_model


def test_ingest_builds_the_index_and_a_second_ingest_changes_nothing(stub_settings, model):
    expected = [c.id for chunks in stub_chunks(stub_settings).values() for c in chunks]

    first = ingest(configured_index(stub_settings), model)
    assert sorted(first.added) == STUB_DOCS
    assert first.chunks == len(expected)

    # a fresh handle on the same folder, as a second `ssassist ingest` would have
    index = configured_index(stub_settings)
    second = ingest(index, model)
    assert sorted(second.unchanged) == STUB_DOCS
    assert second.added == second.updated == second.removed == []
    assert second.chunks == len(expected)
    assert "0 added" in second.summary() and "2 unchanged" in second.summary()
    assert sorted(stored_ids(index)) == sorted(expected)  # no duplicates, nothing missing


def test_stored_chunks_keep_their_text_and_metadata(stub_settings, model):
    index = configured_index(stub_settings)
    ingest(index, model)
    stored = {c.id: c for c in index.all_chunks()}
    fields = {"doc_id", "title", "section", "language", "position", "kind", "text"}
    for chunks in stub_chunks(stub_settings).values():
        for chunk in chunks:
            assert stored[chunk.id].model_dump(include=fields) == chunk.model_dump(include=fields)


def test_a_changed_document_is_re_embedded_and_its_old_text_is_gone(
    copy_settings, corpus_copy, model
):
    index = configured_index(copy_settings)
    ingest(index, model)
    doc = corpus_copy / "docs" / "stub_en.md"
    old = "Venezuela stipulates the lump sum payment of pensions before the return of the immigrant"
    new = "Uruguay pays survivors' pensions to relatives who live abroad"
    doc.write_text(doc.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    report = ingest(index, model)

    assert report.updated == ["stub_en"]
    assert report.unchanged == ["stub_es"]
    texts = "\n".join(c.text for c in index.all_chunks())
    assert new in texts
    assert old not in texts
    assert report.chunks == sum(len(cs) for cs in stub_chunks(copy_settings).values())


def test_a_document_removed_from_the_metadata_is_dropped(copy_settings, corpus_copy, model):
    index = configured_index(copy_settings)
    ingest(index, model)
    meta_file = corpus_copy / "documents.yaml"
    meta = yaml.safe_load(meta_file.read_text(encoding="utf-8"))
    meta["documents"] = [d for d in meta["documents"] if d["id"] != "stub_es"]
    meta_file.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")

    report = ingest(index, model)

    assert report.removed == ["stub_es"]
    assert report.unchanged == ["stub_en"]
    assert {c.doc_id for c in index.all_chunks()} == {"stub_en"}
    assert report.chunks == len(stub_chunks(copy_settings)["stub_en"])


def test_rebuild_drops_the_index_and_embeds_everything_again(stub_settings, model):
    index = configured_index(stub_settings)
    before = ingest(index, model).chunks

    report = ingest(index, model, rebuild=True)

    assert sorted(report.added) == STUB_DOCS
    assert report.unchanged == report.updated == []
    assert report.chunks == before
    assert len(set(stored_ids(index))) == before


def test_an_index_built_with_another_model_is_refused_until_rebuilt(stub_settings, model):
    ingest(configured_index(stub_settings), model)
    other = ChunkIndex(stub_settings, model_id="other-model")

    with pytest.raises(IndexMismatchError, match="ssassist ingest --rebuild") as opened:
        other.open()
    assert "other-model" in str(opened.value)
    with pytest.raises(IndexMismatchError, match="ssassist ingest --rebuild"):
        other.ingest(
            stub_chunks(stub_settings),
            embed_text=lambda c: c.text,
            embed_batch=lambda texts: pytest.fail("nothing may be embedded in a mismatched index"),
        )

    # the refused ingest left the index as it was, still usable with its own model
    index = configured_index(stub_settings)
    assert index.open().metadata["embed_model"] == model_id(stub_settings.embedding)
    assert len(index.all_chunks()) == sum(len(cs) for cs in stub_chunks(stub_settings).values())


def test_rebuild_recovers_an_index_built_with_another_model(stub_settings, model):
    fake = ChunkIndex(stub_settings, model_id="other-model")
    fake.ingest(
        stub_chunks(stub_settings),
        embed_text=lambda c: c.text,
        embed_batch=lambda texts: [[0.1] * 8 for _ in texts],
        progress=lambda _msg: None,
    )
    with pytest.raises(IndexMismatchError):
        ingest(configured_index(stub_settings), model)

    report = ingest(configured_index(stub_settings), model, rebuild=True)

    assert sorted(report.added) == STUB_DOCS
    rebuilt = configured_index(stub_settings).open()
    assert rebuilt.metadata["embed_model"] == model_id(stub_settings.embedding)


def test_opening_a_missing_index_says_how_to_build_it(stub_settings):
    with pytest.raises(IndexMissingError, match="ssassist ingest") as missing:
        configured_index(stub_settings).open()
    assert str(stub_settings.index_path) in str(missing.value)
    assert not (stub_settings.index_path / "chroma.sqlite3").exists()  # opening created nothing


def test_two_ingests_at_once_leave_one_consistent_index(stub_settings, model):
    expected = sorted(c.id for chunks in stub_chunks(stub_settings).values() for c in chunks)
    reports: list[IngestReport] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            reports.append(ingest(configured_index(stub_settings), model))
        except BaseException as exc:  # reported below, with the thread's error
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "an ingest hung"
    assert errors == []

    # one built the index, the other found it complete
    assert sorted(len(r.added) for r in reports) == [0, 2]
    assert sorted(stored_ids(configured_index(stub_settings))) == expected
