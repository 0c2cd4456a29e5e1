"""Gold items of kind ``route`` (issue 13): loading, validation, and the runner skipping them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from ssassist.evaluation.gold import GoldSetError, load_gold
from ssassist.evaluation.gold_items import KINDS, RouteItem
from ssassist.evaluation.runner import aggregate, run, select

ROOT = Path(__file__).resolve().parents[2]


def _write(folder: Path, name: str, items: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(
        yaml.safe_dump({"items": items}, allow_unicode=True), encoding="utf-8"
    )


def _route(**kw: object) -> dict:
    item = {
        "id": "rt-1",
        "split": "dev",
        "lang": "es",
        "kind": "route",
        "style": "migrant",
        "question": "soy venezolano en colombia, tengo derecho a salud?",
        "expected_route": "coverage",
        "countries": ["VE", "CO"],
        "benefit": "medical_care",
        "roles": {"nationality": "VE", "residence": "CO"},
    }
    item.update(kw)
    return item


def test_route_items_load_with_their_fields(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "dev_route.yaml",
        [
            _route(),
            _route(
                id="rt-2",
                lang="en",
                question="phone of the Peruvian office for Peruvians in Argentina?",
                expected_route="refusal",
                countries=["PE", "AR"],
                benefit=None,
                roles=None,
                note="absent (grep)",
            ),
            _route(
                id="rt-3",
                question="desde cuando pueden los mexicanos en EEUU afiliarse al IMSS?",
                expected_route="rag",
                countries=["MX", "US"],
                benefit=None,
                roles={"nationality": "MX", "residence": "US"},
                note="000 fn 7",
            ),
            _route(id="rt-4", benefit=None, roles={"nationality": "VE"}),
        ],
    )
    items = load_gold(tmp_path)
    assert all(isinstance(i, RouteItem) for i in items)
    assert [(i.id, i.expected_route) for i in items] == [
        ("rt-1", "coverage"),
        ("rt-2", "refusal"),
        ("rt-3", "rag"),
        ("rt-4", "coverage"),
    ]
    first = items[0]
    assert first.countries == ["VE", "CO"] and str(first.benefit) == "medical_care"
    assert first.roles is not None and (first.roles.nationality, first.roles.residence) == (
        "VE",
        "CO",
    )
    assert items[3].benefit is None and items[3].roles.residence is None
    assert "route" in KINDS


def test_route_items_are_validated_with_file_item_and_reason(tmp_path: Path) -> None:
    no_benefit = _route(id="r-nobenefit")
    del no_benefit["benefit"]
    _write(
        tmp_path,
        "dev_route.yaml",
        [
            _route(id="r-route", expected_route="retrieval"),
            _route(id="r-benefit", benefit="pension"),
            no_benefit,
            _route(id="r-ragbenefit", expected_route="rag", note="000", benefit="old_age"),
            _route(id="r-nonote", expected_route="refusal", benefit=None),
            _route(id="r-country", countries=["VE", "XX"], roles=None),
            _route(id="r-same", countries=["CO", "CO"], roles=None),
            _route(id="r-role", roles={"nationality": "PE", "residence": "CO"}),
            _route(id="r-rolefield", roles={"origin": "VE"}),
            _route(id="r-one", countries=["VE"], roles=None),
        ],
    )
    with pytest.raises(GoldSetError) as err:
        load_gold(tmp_path)
    problems = {p.item: p.reason for p in err.value.problems}
    assert all(p.file == "dev_route.yaml" for p in err.value.problems)
    assert "expected_route: Input should be 'rag', 'refusal' or 'coverage'" in problems["r-route"]
    assert problems["r-benefit"].startswith("benefit: Input should be")
    assert "needs 'benefit' (a benefit id or null)" in problems["r-nobenefit"]
    assert "'benefit' is for coverage items, not 'rag'" in problems["r-ragbenefit"]
    assert "a 'refusal' item needs a 'note'" in problems["r-nonote"]
    assert problems["r-country"] == "country 'XX' is not in the country list"
    assert problems["r-same"] == "the two countries are the same"
    assert problems["r-role"] == "roles.nationality 'PE' is not one of the two countries"
    assert "roles.origin: Extra inputs are not permitted" in problems["r-rolefield"]
    assert "countries: List should have at least 2 items" in problems["r-one"]
    assert len(err.value.problems) == 10
    assert "dev_route.yaml: r-same: the two countries are the same" in str(err.value)


def test_repository_route_items_meet_the_issue_counts() -> None:
    """eval/gold/dev_route.yaml: >= 60 items, half per language, >= 20 not-coverage per language
    (rag or refusal, each with its note) and >= 10 coverage per language, all dev."""
    items = [i for i in load_gold(ROOT / "eval" / "gold") if i.kind == "route"]
    assert len(items) >= 60 and all(i.split == "dev" for i in items)
    by = Counter((i.lang, i.expected_route == "coverage") for i in items)
    assert by[("es", False)] >= 20 and by[("en", False)] >= 20
    assert by[("es", True)] >= 10 and by[("en", True)] >= 10
    assert by[("es", False)] + by[("es", True)] == by[("en", False)] + by[("en", True)]
    assert all(i.note for i in items if i.expected_route != "coverage")
    assert all(i.id.startswith(f"g-dev-route-{i.lang}-") for i in items)


class _Recorder:
    name = "full"
    kinds = ("factual", "coverage", "refusal")

    def __init__(self) -> None:
        self.asked: list[str] = []

    def run(self, question: str) -> None:
        self.asked.append(question)
        raise AssertionError(f"a route item was run: {question}")


def test_runner_skips_route_items_until_it_scores_them(tmp_path: Path) -> None:
    _write(tmp_path, "dev_route.yaml", [_route(), _route(id="rt-2", lang="en")])
    items = select(load_gold(tmp_path), "dev", limit=1)
    assert [i.id for i in items] == ["rt-1", "rt-2"]  # one per split, kind and language
    system = _Recorder()
    assistant = SimpleNamespace(retriever=SimpleNamespace(chunks=[]), matrix=None)
    rows = run(assistant, items, [system], progress=lambda _msg: None)
    assert rows == [] and system.asked == []
    assert aggregate(rows) == {}
