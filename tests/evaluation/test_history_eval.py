"""Gold ``history`` items: the loader's checks and the exactness scorer (real matrix)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from ssassist.evaluation.gold import GoldSetError, load_gold
from ssassist.evaluation.gold_items import HistoryItem
from ssassist.evaluation.history_eval import evaluate_history, score_history
from ssassist.matrix import load_matrix
from tests.paths import ROOT

DEV_FILE = ROOT / "eval" / "gold" / "dev_history.yaml"


@pytest.fixture(scope="module")
def matrix():
    return load_matrix(ROOT / "corpus" / "matrix")


def _item(**kw: object) -> dict:
    base = {
        "id": "h-1",
        "split": "dev",
        "lang": "es",
        "kind": "history",
        "question": "trabaje en peru, chile y españa, puedo sumar mis años?",
        "countries": ["PE", "CL", "ES"],
        "benefit": "old_age",
        "expected_groups": [
            {"instrument": "cmiss", "countries": ["PE", "CL", "ES"], "status": "covered"},
            {"instrument": "bt-cl-es", "countries": ["ES", "CL"]},
            {"instrument": "bt-cl-pe", "countries": ["PE", "CL"], "status": "unknown"},
            {"instrument": "bt-es-pe", "countries": ["PE", "ES"], "status": "unknown"},
        ],
        "justification": "000 Table 6, row 1 (CMISS).",
    }
    return base | kw


def _write(folder: Path, items: list[dict]) -> Path:
    (folder / "items.yaml").write_text(yaml.safe_dump({"items": items}), encoding="utf-8")
    return folder


def test_exact_when_the_groups_match(tmp_path: Path, matrix) -> None:
    [item] = load_gold(_write(tmp_path, [_item()]), None, {i.id for i in matrix.instruments})
    assert isinstance(item, HistoryItem)
    row = score_history(item, matrix)
    assert row["exact"] and row["missing"] == row["extra"] == row["wrong_status"] == []


def test_not_exact_when_a_group_is_missing_extra_or_wrongly_confirmed(matrix) -> None:
    base = _item()
    chained = base | {
        "expected_groups": [{"instrument": "bt-cl-pe", "countries": ["PE", "CL", "ES"]}]
    }
    row = score_history(HistoryItem.model_validate(chained), matrix)
    assert not row["exact"]
    assert row["missing"] == ["bt-cl-pe: CL-ES-PE"]
    assert "cmiss: CL-ES-PE (covered)" in row["extra"]
    confirmed = base | {
        "expected_groups": [
            *base["expected_groups"][:2],
            {"instrument": "bt-cl-pe", "countries": ["PE", "CL"], "status": "covered"},
            base["expected_groups"][3],
        ]
    }
    row = score_history(HistoryItem.model_validate(confirmed), matrix)
    assert not row["exact"]
    assert row["wrong_status"] == ["bt-cl-pe: CL-PE: got unknown, expected covered"]


def test_loader_checks_history_items(tmp_path: Path, matrix) -> None:
    bad = [
        _item(id="h-dup", countries=["PE", "PE", "CL"], expected_groups=[]),
        _item(id="h-out", expected_groups=[{"instrument": "cmiss", "countries": ["PE", "AR"]}]),
        _item(id="h-id", expected_groups=[{"instrument": "nope", "countries": ["PE", "CL"]}]),
        _item(id="h-code", countries=["PE", "XX"], expected_groups=[]),
        _item(id="h-one", countries=["PE"]),
    ]
    with pytest.raises(GoldSetError) as err:
        load_gold(_write(tmp_path, bad), None, {i.id for i in matrix.instruments})
    reasons = {(p.item, p.reason) for p in err.value.problems}
    assert reasons >= {
        ("h-dup", "a country is listed twice"),
        ("h-out", "group cmiss: AR not in the history"),
        ("h-id", "unknown instrument id 'nope'"),
        ("h-code", "country 'XX' is not in the country list"),
    }
    assert any(item == "h-one" and "countries" in reason for item, reason in reasons)


def test_dev_history_items_are_all_exact(tmp_path: Path, matrix) -> None:
    """eval/gold/dev_history.yaml: at least 30 items, half of them Spanish, every one exact."""
    shutil.copy(DEV_FILE, tmp_path / DEV_FILE.name)
    items = load_gold(tmp_path, None, {i.id for i in matrix.instruments})
    assert all(isinstance(it, HistoryItem) and it.split == "dev" for it in items)
    result = evaluate_history(items, matrix)
    summary = result["summary"]["dev"]
    assert summary["all"]["n"] >= 30
    assert summary["es"]["n"] >= summary["all"]["n"] // 2
    assert summary["en"]["n"] >= summary["all"]["n"] // 2
    wrong = [r for r in result["rows"] if not r["exact"]]
    assert not wrong, wrong
    assert summary["all"]["exactness"] == 1.0
