import pytest

from ssassist.errors import DataFileError
from ssassist.ingest.corpus import load_corpus
from tests.paths import ROOT


def test_real_corpus_has_five_documents_with_metadata():
    docs = load_corpus(ROOT / "corpus")
    assert len(docs) == 5
    by_lang = {d.meta.language for d in docs}
    assert by_lang == {"en", "es"}
    spanish = [d for d in docs if d.meta.language == "es"]
    assert [d.id for d in spanish] == ["001_b7d32d23184dd1b8"]
    for d in docs:
        assert d.meta.title and d.meta.publisher and d.meta.kind
        assert d.meta.year is None or 2000 <= d.meta.year <= 2026
        assert len(d.text) > 1000


def test_missing_metadata_file_is_a_clear_error(tmp_path):
    with pytest.raises(DataFileError, match="documents.yaml: corpus metadata file not found"):
        load_corpus(tmp_path)


def test_bad_entry_names_file_row_and_field(tmp_path):
    (tmp_path / "documents.yaml").write_text(
        "documents:\n  - id: a\n    file: a.md\n    title: T\n    publisher: P\n    year: 2020\n"
        "    language: fr\n    kind: report\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as err:
        load_corpus(tmp_path)
    assert "row 1" in str(err.value) and "language" in str(err.value)


def test_listed_file_must_exist(tmp_path):
    (tmp_path / "documents.yaml").write_text(
        "documents:\n  - id: a\n    file: docs/a.md\n    title: T\n"
        "    publisher: P\n    year: 2020\n    language: en\n    kind: report\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="docs/a.md' not found"):
        load_corpus(tmp_path)


def test_fingerprint_changes_with_text():
    docs = load_corpus(ROOT / "tests" / "data" / "corpus")
    a = docs[0]
    b = a.model_copy(update={"text": a.text + "\nMore."})
    assert a.sha256 != b.sha256
