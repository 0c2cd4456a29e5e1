"""The eval harness: metrics on small fixtures, the gold loader, the report, and one real run."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from ssassist.evaluation import metrics as m
from ssassist.evaluation.gold import (
    GoldSetError,
    chunk_contains,
    contains_passage,
    gold_chunks,
    load_gold,
    normalize,
)
from ssassist.evaluation.gold_items import KINDS, CoverageItem
from ssassist.evaluation.report import markdown, write
from ssassist.evaluation.runner import aggregate, select, summarize
from ssassist.evaluation.targets import targets
from tests.paths import DATA, ROOT

FIXTURE = DATA / "gold_fixture"


def chunk(cid: str, doc: str, text: str, **kw: str) -> SimpleNamespace:
    return SimpleNamespace(
        id=cid,
        doc_id=doc,
        text=text,
        source_doc=kw.get("source_doc", ""),
        source_quote=kw.get("source_quote", ""),
    )


# -- passage matching ------------------------------------------------------------------


def test_normalize_drops_corpus_markup_and_compare_ignores_case() -> None:
    md = "## Heading\n\n- **Bold** item with a note[^3] and\n| a cell | b |"
    assert normalize(md) == "Heading Bold item with a note and a cell b"
    assert contains_passage(md, "bold ITEM with a note and a cell")
    assert not contains_passage(md, "item with a footnote")
    # a footnote marker before punctuation leaves no space: "Costa Rica, Ecuador" as written
    assert contains_passage("Costa Rica[^9], Ecuador\n\n[^9]: A note.", "Costa Rica, Ecuador")


def test_chunk_contains_uses_the_quote_of_a_matrix_fact() -> None:
    fact = chunk(
        "matrix:x:en", "matrix", "Chile and Spain: treaty.", source_quote="Chile signed with Spain"
    )
    assert chunk_contains(fact, "the text says Chile signed with Spain in 1997")
    assert not chunk_contains(fact, "Peru signed with Spain")


def test_gold_chunks_whole_passage_then_boundary_halves() -> None:
    passage = "one two three four five six seven eight"
    whole = [
        chunk("d:1", "d", "x one two three four five six seven eight y"),
        chunk("d:2", "d", "other"),
    ]
    assert gold_chunks(whole, "d", passage) == {"d:1"}
    split = [
        chunk("d:1", "d", "start one two three four"),
        chunk("d:2", "d", "five six seven eight end"),
        chunk("d:3", "d", "three four five"),
        chunk("e:1", "e", "one two three four five"),
    ]
    assert gold_chunks(split, "d", passage) == {"d:1", "d:2"}


# -- metrics -------------------------------------------------------------------------------


def test_key_facts_fold_accents_case_typography_and_respect_word_boundaries() -> None:
    text = "La “Seguridad Social” cubre 4,2 millones — según el informe de 2012 (US$68.04)."
    assert m.fact_present("seguridad social", text)
    assert m.fact_present("segun el informe", text)
    assert m.fact_present("4.2 millones | 4,2 millones", text)
    assert m.fact_present("US$68.04", text)
    assert not m.fact_present("12", text)  # inside 2012
    assert not m.fact_present("4.2 millones", text)
    assert m.missing_facts(["2012", "Brasil | Brazil"], text) == ["Brasil | Brazil"]
    assert m.answer_correct(["2012", "social"], text)
    assert not m.answer_correct(["2012", "Brazil"], text)


def test_ranks_recall_and_mrr() -> None:
    gold = {"c3"}
    assert m.first_rank(["c1", "c2", "c3"], gold) == 3
    assert m.first_rank(["c1"], gold) is None
    ranks = [1, 3, None, 6]
    assert m.recall_at(ranks, 1) == 0.25
    assert m.recall_at(ranks, 5) == 0.5
    assert m.mrr(ranks) == pytest.approx((1 + 1 / 3 + 0 + 1 / 6) / 4)
    assert m.recall_at([], 5) is None


def test_citation_precision_counts_supporting_quotes_or_passages() -> None:
    good_fact = SimpleNamespace(text="costs US$68.04 a month", chunk_id="x", passage="")
    good_chunk = SimpleNamespace(text="unrelated", chunk_id="gold", passage="")
    good_source = SimpleNamespace(
        text="quote", chunk_id="", passage="a monthly cost of US$68.04 for 2022. More."
    )
    bad = SimpleNamespace(text="something else", chunk_id="other", passage="something else")
    cites = [good_fact, good_chunk, good_source, bad]
    assert m.citation_precision(cites, ["US$68.04"], "a monthly cost of US$68.04", {"gold"}) == 0.75
    assert m.citation_precision([], ["x"], "p", set()) is None


def test_refusal_precision_and_recall() -> None:
    expected = [True, True, False, False, False]
    refused = [True, False, True, False, False]
    assert m.refusal_scores(expected, refused) == (0.5, 0.5)
    assert m.refusal_scores([False], [False]) == (None, None)


def test_percentile_interpolates() -> None:
    assert m.percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.5
    assert m.percentile([1.0, 2.0], 95) == pytest.approx(1.95)
    assert m.percentile([], 50) is None


def _coverage_item(**kw: object) -> CoverageItem:
    data = {
        "id": "c",
        "split": "test",
        "lang": "en",
        "kind": "coverage",
        "question": "q",
        "countries": ["PE", "AR"],
        "benefit": "old_age",
        "expected_covered": True,
        "expected_instruments": ["cmiss"],
        "justification": "Table 6",
    }
    data.update(kw)
    return CoverageItem.model_validate(data)


def test_coverage_exactness_against_the_real_check() -> None:
    from ssassist.matrix import check_coverage, load_matrix

    matrix = load_matrix(ROOT / "corpus" / "matrix")
    result = check_coverage(matrix, "Peru", "Argentina", "old_age")
    assert result.covered is True and "cmiss" in result.covered_by
    assert m.coverage_verdict("coverage", result, _coverage_item())["exact"]
    assert m.deciding_instruments(result) == set(result.covered_by)
    wrong_verdict = m.coverage_verdict("coverage", result, _coverage_item(expected_covered=None))
    assert not wrong_verdict["exact"] and not wrong_verdict["verdict_ok"]
    wrong_benefit = m.coverage_verdict("coverage", result, _coverage_item(benefit="invalidity"))
    assert (
        not wrong_benefit["exact"]
        and not wrong_benefit["benefit_ok"]
        and wrong_benefit["verdict_ok"]
    )
    wrong_pair = m.coverage_verdict("coverage", result, _coverage_item(countries=["PE", "CL"]))
    assert not wrong_pair["exact"] and not wrong_pair["pair_ok"]
    other_inst = m.coverage_verdict(
        "coverage", result, _coverage_item(expected_instruments=["mercosur"])
    )
    assert not other_inst["exact"] and not other_inst["instruments_ok"]
    assert not m.coverage_verdict("rag", None, _coverage_item())["exact"]


# -- gold loader -----------------------------------------------------------------------


DOCS = {
    "doc1": "# Title\n\n"
    "The **matrix** systematizes 239 measures to improve access to social security."
}


def _write(folder: Path, name: str, items: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(
        yaml.safe_dump({"items": items}, allow_unicode=True), encoding="utf-8"
    )


def _factual(**kw: object) -> dict:
    item = {
        "id": "f1",
        "split": "test",
        "lang": "es",
        "kind": "factual",
        "question": "¿cuántas medidas?",
        "doc_id": "doc1",
        "passage": "The matrix systematizes 239 measures to improve access",
        "key_facts": ["239"],
    }
    item.update(kw)
    return item


def test_loader_reads_valid_items_sorted_by_id(tmp_path: Path) -> None:
    _write(tmp_path, "b.yaml", [_factual(id="f2")])
    _write(
        tmp_path,
        "a.yaml",
        [
            _factual(id="f1"),
            {"id": "r1", "split": "dev", "lang": "en", "kind": "refusal", "question": "weather?"},
        ],
    )
    items = load_gold(tmp_path, DOCS)
    assert [i.id for i in items] == ["f1", "f2", "r1"]
    assert [i.kind for i in items] == ["factual", "factual", "refusal"]


def test_loader_rejects_malformed_items_with_file_item_and_reason(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "bad.yaml",
        [
            _factual(
                id="f-verbatim", passage="The matrix systematises 239 measures to improve access"
            ),
            _factual(id="f-short", passage="239 measures"),
            _factual(id="f-doc", doc_id="nope"),
            _factual(id="f-field", pasage="typo"),
            {
                "id": "c-bad",
                "split": "test",
                "lang": "es",
                "kind": "coverage",
                "question": "q",
                "countries": ["PE", "pe"],
                "benefit": "pension",
                "expected_covered": True,
                "justification": "x",
            },
            {
                "id": "c-inst",
                "split": "test",
                "lang": "es",
                "kind": "coverage",
                "question": "q",
                "countries": ["PE", "AR"],
                "benefit": None,
                "expected_covered": None,
                "expected_instruments": ["no-such"],
                "justification": "x",
            },
            {"id": "x-kind", "split": "train", "lang": "fr", "kind": "chitchat", "question": "q"},
            _factual(id="f1"),
        ],
    )
    _write(tmp_path, "dup.yaml", [_factual(id="f1")])
    with pytest.raises(GoldSetError) as err:
        load_gold(tmp_path, DOCS, instrument_ids={"cmiss"})
    msg = str(err.value)
    assert "bad.yaml: f-verbatim: passage is not verbatim in doc1" in msg
    assert "bad.yaml: f-short: passage: passage has 2 words; the schema asks for 8-60" in msg
    assert "bad.yaml: f-doc: unknown doc_id 'nope'" in msg
    assert "bad.yaml: f-field: pasage: Extra inputs are not permitted" in msg
    assert "bad.yaml: c-bad: countries.1: String should match pattern" in msg
    assert "benefit: Input should be" in msg
    assert "bad.yaml: c-inst: unknown instrument id(s) no-such" in msg
    assert "bad.yaml: x-kind: Input tag 'chitchat' found using 'kind' does not match" in msg
    assert "dup.yaml: f1: duplicate id (also in bad.yaml)" in msg
    assert len(err.value.problems) == 8  # one per bad item, all of an item's reasons together


def test_loader_rejects_absent_key_facts_unknown_countries_and_held_out_repeats(
    tmp_path: Path,
) -> None:
    coverage = {
        "split": "dev",
        "lang": "es",
        "kind": "coverage",
        "question": "¿convenio Perú Argentina?",
        "countries": ["PE", "AR"],
        "benefit": "old_age",
        "expected_covered": True,
        "justification": "x",
    }
    _write(
        tmp_path,
        "g.yaml",
        [
            _factual(id="f-fact", key_facts=["240"]),
            _factual(
                id="f-translated",
                key_facts=["medidas"],
                note="'medidas' is a translation of measures",
            ),
            {**coverage, "id": "c-dev"},
            {
                **coverage,
                "id": "c-test",
                "split": "test",
                "question": "pension Peru and Argentina?",
            },
            {
                **coverage,
                "id": "c-xx",
                "split": "test",
                "question": "another",
                "countries": ["PE", "XX"],
            },
            _factual(id="f-dev", split="dev", question="¿cuántas medidas hay?"),
            _factual(id="f-test", question="¿Cuántas  medidas hay?"),
        ],
    )
    with pytest.raises(GoldSetError) as err:
        load_gold(tmp_path, DOCS)
    reasons = {(p.item, p.reason) for p in err.value.problems}
    assert reasons == {
        ("f-fact", "key fact '240' is not in doc1 nor marked as a translation"),
        ("c-xx", "country 'XX' is not in the country list"),
        ("c-test", "the held-out pair and benefit are already asked in dev"),
        ("f-test", "the held-out question repeats a dev question"),
    }


def test_loader_rejects_a_file_without_items(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("questions: []\n", encoding="utf-8")
    with pytest.raises(GoldSetError, match="x.yaml: -: expected a top-level 'items:' list"):
        load_gold(tmp_path)
    with pytest.raises(GoldSetError, match="no gold files"):
        load_gold(tmp_path / "missing")


@pytest.mark.slow  # ~25 s: metrics.fact_present folds the whole document again for every fact
def test_repository_gold_set_is_valid() -> None:
    """eval/gold/ validates against the corpus and the matrix (schema, verbatim passages, ids)."""
    from ssassist.evaluation.gold import corpus_texts
    from ssassist.matrix import load_matrix

    folder = ROOT / "eval" / "gold"
    if not list(folder.glob("*.yaml")):
        pytest.skip("no gold set yet")
    ids = {i.id for i in load_matrix(ROOT / "corpus" / "matrix").instruments}
    items = load_gold(folder, corpus_texts(ROOT / "corpus"), ids)
    assert {i.kind for i in items} <= set(KINDS)


def test_select_limits_each_split_kind_and_language() -> None:
    items = load_gold(FIXTURE)
    assert [i.id for i in select(items, "test")] == ["fx-c-es-01", "fx-f-en-01", "fx-r-en-01"]
    assert [i.id for i in select(items, "dev")] == ["fx-f-es-01"]
    twice = items + [i.model_copy(update={"id": i.id + "b"}) for i in items]
    assert len(select(sorted(twice, key=lambda i: i.id), "all", limit=1)) == 4


# -- aggregation and report ----------------------------------------------------------------


def _row(system: str, lang: str, kind: str, **kw: object) -> dict:
    row = {
        "id": f"{system}-{lang}-{kind}-{len(kw)}",
        "split": "test",
        "lang": lang,
        "kind": kind,
        "system": system,
        "route": "rag",
        "refused": False,
        "language_ok": True,
        "seconds": 0.1,
        "error": "",
        "correct": False,
    }
    if kind == "factual":
        row |= {
            "rank": 1,
            "accurate": True,
            "accurate_loose": True,
            "missing_facts": [],
            "citation_precision": 1.0,
            "doc_id": "d",
        }
    if kind == "coverage":
        row |= {
            "exact": True,
            "verdict_ok": True,
            "instruments_equal": True,
            "route_ok": True,
            "pair_ok": True,
            "benefit_ok": True,
            "benefit": "old_age",
            "expected_benefit": "old_age",
            "instruments_ok": True,
            "covered": True,
            "expected_covered": True,
            "instruments": ["cmiss"],
            "expected_instruments": ["cmiss"],
        }
    if kind == "refusal":
        row |= {"route": "refusal", "refused": True}
    row |= kw
    row["correct"] = {"factual": row.get("accurate"), "coverage": row.get("exact")}.get(
        kind, row["refused"]
    )
    return row


def _result(rows: list[dict]) -> dict:
    result = {
        "meta": {
            "command": "ssassist eval",
            "date": "today",
            "elapsed_s": 1.0,
            "machine": "test",
            "gold_dir": "g",
            "gold_files": ["a.yaml"],
            "counts": {"test/factual/en": 1},
            "model": "m",
            "min_support": 0.5,
            "systems": ["full", "bm25", "dense"],
        },
        "doc_languages": {"d": "en"},
        "rows": rows,
        "summary": aggregate(rows),
    }
    result["targets"] = {s: targets(result, s) for s in result["summary"]}
    return result


def test_summaries_per_language_and_kind() -> None:
    rows = [
        _row("full", "es", "factual"),
        _row("full", "es", "factual", id="x", rank=None, accurate=False),
        _row("full", "en", "refusal"),
        _row("full", "en", "factual", route="refusal", refused=True, accurate=False, id="y"),
    ]
    s = summarize(rows)
    assert s["recall@5"] == pytest.approx(2 / 3)
    assert s["accuracy"] == pytest.approx(1 / 3)
    assert (s["refusal_precision"], s["refusal_recall"]) == (0.5, 1.0)
    agg = aggregate(rows)
    assert agg["test"]["full"]["es"]["factual"]["accuracy"] == 0.5
    assert agg["test"]["full"]["en"]["refusal"]["n"] == 1
    assert "dev" not in agg


def test_targets_pass_and_miss_with_a_reason() -> None:
    rows = []
    for lang in ("es", "en"):
        rows += [_row("full", lang, "factual", id=f"f-{lang}-{i}") for i in range(3)]
        for base in ("bm25", "dense"):
            rows += [
                _row(base, lang, "factual", id=f"{base}-{lang}-{i}", rank=None, accurate=False)
                for i in range(3)
            ]
    rows.append(
        _row(
            "full",
            "es",
            "factual",
            id="f-es-miss",
            rank=None,
            accurate=False,
            missing_facts=["239"],
        )
    )
    rows.append(_row("full", "en", "coverage", id="c-1"))
    rows.append(
        _row("full", "en", "coverage", id="c-2", exact=False, verdict_ok=False, covered=None)
    )
    rows.append(_row("full", "en", "refusal", id="r-1"))
    got = {t["target"]: t for t in _result(rows)["targets"]["test"]}
    assert got["recall@5 ≥ 0.95 (en)"]["status"] == "PASS"
    miss = got["recall@5 ≥ 0.95 (es)"]
    assert miss["status"] == "MISS" and "f-es-miss" in miss["limit"]
    assert "1 of 4 questions miss their passage" in miss["limit"]
    assert got["accuracy ≥ 0.85 (es)"]["status"] == "MISS"
    accuracy = got["accuracy ≥ 0.85 (es)"]["limit"]
    assert "answered without the gold passage retrieved (f-es-miss)" in accuracy
    cov = got["coverage exactness = 100%"]
    assert (
        cov["status"] == "MISS"
        and "wrong verdict for the right pair and benefit: c-2" in cov["limit"]
    )
    assert got["refusal recall ≥ 0.85, old and new refusal items (en)"]["status"] == "PASS"
    assert got["full ahead of baselines on recall@5 (en)"]["status"] == "PASS"


def test_report_files(tmp_path: Path) -> None:
    rows = [
        _row("full", "en", "factual"),
        _row("bm25", "en", "factual", accurate=False),
        _row("dense", "es", "factual"),
        _row("full", "es", "refusal"),
    ]
    result = _result(rows)
    paths = write(result, tmp_path)
    assert paths["plot"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    saved = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert saved["summary"]["test"]["full"]["en"]["all"]["n"] == 1
    text = paths["markdown"].read_text(encoding="utf-8")
    assert "## Held-out split (`test`, never used for tuning)" in text
    assert "No items of this split in the gold set." in text  # no dev rows
    lines = markdown(result).splitlines()
    # one row in each per-language table: metrics, answers, refusals
    assert sum(line.startswith("| en | full |") for line in lines) == 3


# -- end to end ------------------------------------------------------------------------------


@pytest.mark.slow
def test_ssassist_eval_runs_the_real_assistant(
    corpus_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ssassist.cli import main

    monkeypatch.setenv("SSASSIST_INDEX__PATH", str(corpus_index))
    monkeypatch.setenv("SSASSIST_PROJECT_DIR", str(ROOT))
    out = tmp_path / "reports"
    code = main(["eval", "--gold", str(FIXTURE), "--limit", "1", "--out", str(out)])
    assert code == 0
    result = json.loads((out / "eval.json").read_text(encoding="utf-8"))
    assert (out / "eval_systems.png").stat().st_size > 1000
    rows = {(r["system"], r["id"]): r for r in result["rows"]}
    # every system on every item it answers; the plain retrieval answer on coverage only
    assert {s for s, _ in rows} == {"full", "bm25", "dense", "retrieval"}
    assert {i for s, i in rows if s == "retrieval"} == {"fx-c-es-01"}
    assert {i for s, i in rows if s == "bm25"} == {"fx-f-en-01", "fx-f-es-01", "fx-r-en-01"}
    assert len(rows) == 4 + 3 + 3 + 1
    cov = rows[("full", "fx-c-es-01")]
    assert cov["route"] == "coverage" and cov["exact"] and cov["covered"] is True
    assert rows[("retrieval", "fx-c-es-01")]["route"] in ("rag", "refusal")
    for r in rows.values():
        assert len(r["retrieved"]) <= 5
        if r["kind"] == "factual":
            assert r["gold_chunks"], "the gold passage is in some indexed chunk"
            assert r["rank"] is None or 1 <= r["rank"] <= 5
    assert set(result["summary"]) == {"test", "dev"}
    text = (out / "eval.md").read_text(encoding="utf-8")
    assert "### Targets" in text and "coverage exactness = 100%" in text
