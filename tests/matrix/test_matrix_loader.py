"""Malformed matrix files fail loudly, naming file, row and reason; CSV rows merge in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ssassist.errors import DataFileError
from ssassist.matrix import (
    CSV_COLUMNS,
    check_coverage,
    clear_matrix_cache,
    load_matrix,
    read_matrix,
)
from tests.matrix.matrix_helpers import STUB_DIR

GOOD = (STUB_DIR / "stub.yaml").read_text(encoding="utf-8")


def _folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "matrix"
    folder.mkdir()
    (folder / "stub.yaml").write_text(text, encoding="utf-8")
    return folder


def _error(tmp_path: Path, text: str) -> DataFileError:
    with pytest.raises(DataFileError) as exc:
        read_matrix(_folder(tmp_path, text))
    return exc.value


def test_stub_loads(stub_matrix):
    assert [i.id for i in stub_matrix.instruments] == [
        "stub-multi",
        "stub-count",
        "stub-ii",
        "stub-frame",
        "stub-exp",
    ]


def test_unknown_benefit_names_file_row_and_reason(tmp_path):
    err = _error(tmp_path, GOOD.replace("benefits: [medical_care]", "benefits: [healthcare]"))
    assert err.path.endswith("stub.yaml")
    assert str(err.row).startswith("3 (line") and "stub-ii" in str(err.row)
    assert "unknown benefit 'healthcare'" in err.reason


def test_unknown_country_code(tmp_path):
    err = _error(tmp_path, GOOD.replace("parties: [AR, PE]", "parties: [AR, XX]"))
    assert "unknown country code 'XX'" in err.reason and "stub-count" in str(err.row)


def test_missing_source_quote(tmp_path):
    text = GOOD.replace('quote: "With four: Argentina-Peru."', 'quote: ""')
    err = _error(tmp_path, text)
    assert "missing source quote" in err.reason and "stub-count" in str(err.row)


def test_duplicate_id(tmp_path):
    err = _error(tmp_path, GOOD.replace("- id: stub-ii", "- id: stub-multi"))
    assert "duplicate id 'stub-multi'" in err.reason


def test_bilateral_needs_two_parties(tmp_path):
    err = _error(tmp_path, GOOD.replace("parties: [CR, NI]", "parties: [CR, NI, PA]"))
    assert "exactly 2 parties" in err.reason


def test_count_larger_than_list_must_say_not_itemised(tmp_path):
    err = _error(tmp_path, GOOD.replace("  benefits_itemised: false\n", ""))
    assert "benefits_itemised: false" in err.reason


def test_unknown_field_is_rejected(tmp_path):
    err = _error(tmp_path, GOOD.replace("  framework: true\n", "  framwork: true\n"))
    assert "framwork" in err.reason and "stub-frame" in str(err.row)


def test_unknown_section_and_bad_yaml(tmp_path):
    assert "unknown section" in _error(tmp_path, GOOD + "\ntreaties: []\n").reason
    (tmp_path / "x").mkdir()
    bad = tmp_path / "x" / "matrix"
    bad.mkdir()
    (bad / "a.yaml").write_text("instruments: [\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid YAML"):
        read_matrix(bad)


def test_dangling_reference(tmp_path):
    text = GOOD.replace("applies_to: [stub-multi]", "applies_to: [nope]")
    assert "unknown id 'nope'" in _error(tmp_path, text).reason


def test_missing_folder(tmp_path):
    with pytest.raises(DataFileError, match="not found"):
        read_matrix(tmp_path / "absent")


CSV_HEADER = ",".join(CSV_COLUMNS) + "\n"


def test_csv_rows_merge_with_the_yaml(tmp_path):
    folder = _folder(tmp_path, GOOD)
    (folder / "extra.csv").write_text(
        CSV_HEADER
        + "csv-gt-hn,GT–HN treaty,bilateral_treaty,GT;HN,old_age;survivors,,"
        + 'doc,"row 1","Guatemala-Honduras X X",a note\n'
        + "csv-gt-sv,GT–SV treaty,bilateral_treaty,GT;SV,old_age,3,"
        + "doc,row 2,Guatemala-El Salvador 3,\n",
        encoding="utf-8",
    )
    m = read_matrix(folder)
    assert len(m.instruments) == 7
    full = m.get("csv-gt-hn")
    assert full.parties == ["GT", "HN"] and full.benefits_itemised and full.notes == ["a note"]
    partial = m.get("csv-gt-sv")
    assert not partial.benefits_itemised and partial.benefit_count == 3
    assert check_coverage(m, "Guatemala", "Honduras", "old_age").covered is True
    assert check_coverage(m, "Guatemala", "Honduras", "unemployment").covered is False
    assert check_coverage(m, "Guatemala", "El Salvador", "survivors").covered is None


def test_extra_csv_argument(tmp_path):
    folder = _folder(tmp_path, GOOD)
    extra = tmp_path / "big.csv"
    extra.write_text(
        CSV_HEADER + "csv-x,X,multilateral,GT;HN;SV,family,,doc,loc,quote,\n", encoding="utf-8"
    )
    assert "csv-x" in read_matrix(folder, extra_csv=[extra])


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("csv-a,A,bilateral_treaty,GT;HN,pension,,doc,loc,quote,", "unknown benefit 'pension'"),
        ("csv-a,A,bilateral_treaty,GT;ZZ,old_age,,doc,loc,quote,", "unknown country code 'ZZ'"),
        ("csv-a,A,bilateral_treaty,GT;HN,old_age,,doc,loc,,", "missing source quote"),
        ("csv-a,A,bilateral_treaty,GT;HN,old_age,many,doc,loc,quote,", "benefit_count"),
        (
            "stub-multi,A,bilateral_treaty,GT;HN,old_age,,doc,loc,quote,",
            "duplicate id 'stub-multi'",
        ),
        ("csv-a,A,treaty,GT;HN,old_age,,doc,loc,quote,", "kind"),
    ],
)
def test_bad_csv_rows(tmp_path, row, reason):
    folder = _folder(tmp_path, GOOD)
    (folder / "extra.csv").write_text(CSV_HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as exc:
        read_matrix(folder)
    assert exc.value.path.endswith("extra.csv")
    assert reason in exc.value.reason
    assert str(exc.value.row).startswith("1 (line 2")


def test_csv_missing_column(tmp_path):
    folder = _folder(tmp_path, GOOD)
    (folder / "extra.csv").write_text("id,name\nx,y\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="missing column"):
        read_matrix(folder)


def test_load_matrix_is_cached_per_folder(tmp_path):
    folder = tmp_path / "m"
    shutil.copytree(STUB_DIR, folder)
    clear_matrix_cache()
    first = load_matrix(folder)
    assert load_matrix(folder) is first
    clear_matrix_cache()
    assert load_matrix(folder) is not first


def test_default_folder_comes_from_settings(monkeypatch, tmp_path):
    pytest.importorskip("ssassist.config")
    corpus = tmp_path / "corpus"
    shutil.copytree(STUB_DIR, corpus / "matrix")
    monkeypatch.setenv("SSASSIST_CORPUS_DIR", str(corpus))
    clear_matrix_cache()
    try:
        assert "stub-multi" in load_matrix()
    finally:
        clear_matrix_cache()
