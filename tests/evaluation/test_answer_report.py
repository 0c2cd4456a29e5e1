"""Issue 14's answer metrics in the eval: scored rows, summaries, targets and the report, on
fixtures (the metric functions themselves: test_answer_metrics.py)."""

from __future__ import annotations

import pytest

from ssassist.evaluation import metrics as m
from ssassist.evaluation.gold_items import FactualItem, RefusalItem
from ssassist.evaluation.report import markdown
from ssassist.evaluation.runner import FactRenderer, aggregate, refusal_set, score, summarize
from ssassist.evaluation.systems import SystemAnswer
from ssassist.evaluation.targets import targets
from tests.evaluation.test_answer_metrics import ANSWER_ES, render


def test_refusal_subset_comes_from_the_gold_file() -> None:
    assert refusal_set("dev_refusal_unanswered.yaml") == "new"
    assert refusal_set("dev_refusal_extra.yaml") == refusal_set("test_refusal.yaml") == "old"
    assert refusal_set("") == "old"


def test_fact_renderer_renders_from_the_document_language_once_per_run() -> None:
    calls: list[tuple[str, str, str]] = []

    class Translator:
        def translate(self, text: str, source: str, target: str) -> str | None:
            calls.append((text, source, target))
            return {"six .": "seis .", "seis .": "six."}.get(text)

    renderer = FactRenderer(Translator(), {"000": "en", "001": "es"})
    es_on_en = _factual(lang="es", doc_id="000", key_facts=["six"])
    assert renderer(es_on_en) == {"six": ["seis"]}
    assert renderer(es_on_en.model_copy(update={"id": "other"})) == {"six": ["seis"]}
    assert calls == [("six .", "en", "es")]  # cached; " ." keeps Apertium from losing a word
    en_on_es = _factual(lang="en", doc_id="001", key_facts=["seis"])
    assert renderer(en_on_es) == {"seis": ["six"]}
    assert renderer(_factual(lang="en", doc_id="000", key_facts=["six"])) == {}  # same language
    assert FactRenderer(None, {"000": "en"})(es_on_en) == {}


# -- rows, summaries, targets, report --------------------------------------------------------------


def _factual(**kw: object) -> FactualItem:
    data = {
        "id": "g-dev-f-es-000-01",
        "split": "dev",
        "lang": "es",
        "kind": "factual",
        "question": "¿Cuántos países ofrecen seguro voluntario a sus emigrantes?",
        "doc_id": "000",
        "passage": "Six countries offer voluntary insurance to their emigrants, among them Brazil.",
        "key_facts": ["six", "Brazil"],
    } | kw
    return FactualItem.model_validate(data)


def _refusal(**kw: object) -> RefusalItem:
    data = {
        "id": "g-dev-r-es-un-01",
        "split": "dev",
        "lang": "es",
        "kind": "refusal",
        "question": "cual es el telefono del ISSS?",
    } | kw
    return RefusalItem.model_validate(data)


def test_score_rows_carry_accuracy_lead_and_body() -> None:
    item = _factual()
    renderings = m.render_alternatives(item.key_facts, render)
    got = SystemAnswer(route="rag", answer=ANSWER_ES, language="es")
    row = score(item, got, set(), None, renderings)
    assert row["accurate"] and not row["accurate_strict"]
    assert not row["lead_accurate"] and row["lead_missing"] == ["Brazil"]
    assert row["first_line"].startswith("Según la nota técnica")
    assert row["question"] == item.question  # dev: shown in the lead misses
    assert row["renderings"] == {"six": ["Seis"], "Brazil": ["Brasil"]}
    assert row["answered"] and row["body_words"] == 25
    assert row["body_language"] == "es" and row["body_lang_ok"]
    held_out = score(item.model_copy(update={"split": "test"}), got, set(), None, renderings)
    assert "question" not in held_out and "renderings" not in held_out  # no new item text
    refused = score(_refusal(), SystemAnswer(route="refusal", answer="No lo dicen."), set(), None)
    assert refused["refusal_set"] == "old" and refused["refused"]
    assert refused["answered"] is False and refused["body_words"] is None
    new = score(_refusal(), SystemAnswer(route="rag", answer="Llame."), set(), None, None, "new")
    assert new["refusal_set"] == "new" and new["answered"]


def _rows() -> list[dict]:
    good = "Según la CISS, seis países ofrecen seguro voluntario a sus emigrantes [1]."
    long_en = "The documents say " + " ".join(["more"] * 100) + " [1]."
    rows = []
    for n, (answer, split) in enumerate(
        [(good, "test"), (good, "test"), (ANSWER_ES, "test"), (long_en, "test"), (good, "dev")]
    ):
        item = _factual(id=f"f-{n}", split=split)
        renderings = m.render_alternatives(item.key_facts, render)
        rows.append(score(item, SystemAnswer(route="rag", answer=answer), set(), None, renderings))
    for n, (subset, route) in enumerate(
        [("old", "refusal"), ("old", "refusal"), ("new", "refusal"), ("new", "rag")]
    ):
        got = SystemAnswer(route=route, answer="" if route == "refusal" else "Llame al ISSS.")
        rows.append(score(_refusal(id=f"r-{n}", split="test"), got, set(), None, None, subset))
    for row in rows:
        row["system"] = "full"
    return rows


def test_summary_of_answers_and_refusal_subsets() -> None:
    rows = [r for r in _rows() if r["split"] == "test"]
    s = summarize(rows)
    # key facts "six" and "Brazil": only ANSWER_ES has Brasil; the others lack it
    assert s["accuracy"] == pytest.approx(1 / 4) and s["accuracy_strict"] == 0.0
    assert s["lead_accuracy"] == 0.0
    assert s["n_answered"] == 5
    assert s["body_language"] == pytest.approx(4 / 5)  # the English body
    assert s["body_words_median"] == 11  # of 11, 11, 25, 103 and 3 words
    assert (s["n_refusal_old"], s["n_refusal_new"]) == (2, 2)
    assert (s["refusal_precision_old"], s["refusal_recall_old"]) == (1.0, 1.0)
    assert (s["refusal_precision_new"], s["refusal_recall_new"]) == (1.0, 0.5)
    assert (s["refusal_precision"], s["refusal_recall"]) == (1.0, 0.75)
    cell = aggregate(rows)["test"]["full"]["es"]["factual"]
    assert cell["body_words_median"] == pytest.approx((11 + 25) / 2)


def _result(rows: list[dict]) -> dict:
    result = {
        "meta": {
            "command": "ssassist eval",
            "date": "today",
            "elapsed_s": 1.0,
            "machine": "test",
            "gold_dir": "g",
            "gold_files": ["a.yaml"],
            "counts": {},
            "model": "m",
            "min_support": 0.5,
            "systems": ["full"],
        },
        "doc_languages": {"000": "en"},
        "rows": rows,
        "summary": aggregate(rows),
    }
    result["targets"] = {s: targets(result, s) for s in result["summary"]}
    return result


def test_targets_and_report_show_the_new_metrics() -> None:
    result = _result(_rows())
    got = {t["target"]: t for t in result["targets"]["test"]}
    lead = got["lead_accuracy ≥ 0.7 (es)"]
    assert lead["status"] == "MISS" and "4 of 4 first lines lack a key fact" in lead["limit"]
    assert "1 of them have every key fact further down" in lead["limit"]
    body = got["body language = asker's language, 100% of answered questions (es)"]
    assert body["status"] == "MISS" and "factual 1: f-3" in body["limit"]
    words = got["median body ≤ 80 words, answered factual questions (es)"]
    assert words["status"] == "PASS" and words["value"] == pytest.approx(18)
    recall = got["refusal recall ≥ 0.85, old and new refusal items (es)"]
    assert recall["status"] == "MISS" and "1 new refusal items" in recall["limit"]
    assert "r-3" in recall["limit"]
    assert got["refusal precision ≥ 0.85, old and new refusal items (es)"]["status"] == "PASS"
    assert got["lead_accuracy ≥ 0.7 (en)"]["status"] == "n/a"
    text = markdown(result)
    assert "### Answers: accuracy, lead, body language and length" in text
    assert "### Refusals: old and new refusal items" in text
    # the lead misses (question and first line) are listed for dev only
    assert text.count("### Lead misses (dev)") == 1
    assert "#### es: 1 first lines without every key fact" in text
    dev_part = text.split("## Dev split")[1]
    test_part = text.split("## Dev split")[0]
    assert "¿Cuántos países ofrecen" in dev_part and "¿Cuántos países" not in test_part


def test_a_quick_run_sees_both_refusal_subsets() -> None:
    from ssassist.evaluation.runner import select

    items = [_refusal(id=f"g-dev-r-es-{n:02d}") for n in range(1, 4)]
    items += [_refusal(id=f"g-dev-r-es-un-{n:02d}") for n in range(1, 3)]
    items.sort(key=lambda it: it.id)
    files = {it.id: "dev_refusal_unanswered.yaml" for it in items if "-un-" in it.id}

    def group(it: RefusalItem) -> str:
        return refusal_set(files.get(it.id, ""))

    assert [it.id for it in select(items, "dev", 1)] == ["g-dev-r-es-01"]
    assert [it.id for it in select(items, "dev", 1, group)] == ["g-dev-r-es-01", "g-dev-r-es-un-01"]
