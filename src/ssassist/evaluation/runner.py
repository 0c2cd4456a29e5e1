"""Run the gold set through the systems and aggregate the metrics.

One row per (item, system) with everything the metrics need; summaries per
split, system, language and kind. Items run in id order, so two runs over the
same data give the same rows (timings aside).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from ssassist.evaluation import metrics as m
from ssassist.evaluation.api_checks import API_KINDS, api_row, route_row
from ssassist.evaluation.gold import gold_chunks
from ssassist.evaluation.gold_items import (
    KINDS,
    LANGS,
    SPLITS,
    CoverageItem,
    FactualItem,
    RouteItem,
)
from ssassist.evaluation.systems import TOP_K, System, SystemAnswer

log = logging.getLogger(__name__)

Item = Any  # FactualItem | CoverageItem | RefusalItem


def select(items: Sequence[Item], split: str = "all", limit: int | None = None) -> list[Item]:
    """Items of a split ("dev", "test" or "all"); with ``limit``, the first N (by id)
    of each split, kind and language, so a quick run still sees every group."""
    chosen = [it for it in items if split == "all" or it.split == split]
    if limit is None:
        return chosen
    out: list[Item] = []
    counts: dict[tuple[str, str, str], int] = {}
    for it in chosen:
        key = (it.split, it.kind, it.lang)
        if counts.get(key, 0) < limit:
            counts[key] = counts.get(key, 0) + 1
            out.append(it)
    return out


def instrument_names(matrix: Any, ids: Sequence[str]) -> list[list[str]]:
    """For each instrument id, the names an answer may use for it (English, Spanish, aliases)."""
    out = []
    for iid in ids:
        try:
            inst = matrix.get(iid)
        except KeyError:
            out.append([iid])
            continue
        out.append([inst.name, inst.name_es or "", *getattr(inst, "aliases", [])])
    return out


def score(item: Item, got: SystemAnswer, gold_ids: set[str], matrix: Any) -> dict[str, Any]:
    """The metrics of one answer to one item."""
    row: dict[str, Any] = {
        "id": item.id,
        "split": item.split,
        "lang": item.lang,
        "kind": item.kind,
        "route": got.route,
        "language_ok": got.language == item.lang,
        "refused": got.route == "refusal",
        "seconds": round(got.seconds, 4),
        "answer": got.answer[:600],
        "error": got.error,
        "retrieved": [c.id for c in got.retrieved[:TOP_K]],
    }
    if isinstance(item, FactualItem):
        loose = "\n".join([got.answer, *(c.text for c in got.citations)])
        rank = m.first_rank(row["retrieved"], gold_ids)
        row.update(
            doc_id=item.doc_id,
            gold_chunks=sorted(gold_ids),
            rank=rank,
            accurate=m.answer_correct(item.key_facts, got.answer),
            accurate_loose=m.answer_correct(item.key_facts, loose),
            missing_facts=m.missing_facts(item.key_facts, got.answer),
            citation_precision=m.citation_precision(
                got.citations, item.key_facts, item.passage, gold_ids
            ),
        )
    elif isinstance(item, RouteItem):
        row.update(route_row(item, got.route, got.coverage))
    elif isinstance(item, CoverageItem):
        row.update(m.coverage_verdict(got.route, got.coverage, item))
        row["expected_covered"] = item.expected_covered
        row["expected_benefit"] = str(item.benefit) if item.benefit is not None else None
        row["expected_instruments"] = list(item.expected_instruments)
        if item.expected_instruments:
            names = instrument_names(matrix, item.expected_instruments)
            row["instruments_named"] = m.names_instruments(got.answer, names)
    correct = {"factual": "accurate", "coverage": "exact", "route": "route_ok"}
    row["correct"] = row.get(correct[item.kind], False) if item.kind in correct else row["refused"]
    return row


def run(
    assistant: Any,
    items: Sequence[Item],
    systems: Sequence[System],
    progress: Callable[[str], None] = log.info,
) -> list[dict[str, Any]]:
    """Every item through every system that answers its kind; one scored row each."""
    chunks = list(assistant.retriever.chunks)
    gold: dict[str, set[str]] = {
        it.id: gold_chunks(chunks, it.doc_id, it.passage)
        for it in items
        if isinstance(it, FactualItem)
    }
    unreachable = sorted(i for i, ids in gold.items() if not ids)
    if unreachable:
        progress(f"warning: no indexed chunk holds the passage of {', '.join(unreachable)}")
    rows: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for n, item in enumerate(items, 1):
        if item.kind in API_KINDS:
            rows.append(api_row(item, assistant.matrix))
        for system in systems:
            if item.kind not in system.kinds:
                continue
            got = system.run(item.question)
            row = score(item, got, gold.get(item.id, set()), assistant.matrix)
            row["system"] = system.name
            rows.append(row)
        if n % 25 == 0 or n == len(items):
            progress(f"{n}/{len(items)} items ({time.perf_counter() - t0:.0f} s)")
    return rows


def _mean(values: Sequence[Any]) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def summarize(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Metrics of a group of rows (one system, one split, any languages and kinds)."""
    fact = [r for r in rows if r["kind"] == "factual"]
    cov = [r for r in rows if r["kind"] == "coverage"]
    routes = [r for r in rows if r["kind"] == "route"]
    api = [r for r in rows if r["kind"] in API_KINDS]
    asked = [r for r in rows if r["kind"] in ("factual", "coverage", "refusal")]
    ranks = [r["rank"] for r in fact]
    precision, recall = m.refusal_scores(
        [r["kind"] == "refusal" for r in asked], [r["refused"] for r in asked]
    )
    named = [r["instruments_named"] for r in cov if "instruments_named" in r]
    return {
        "n": len(rows),
        "n_factual": len(fact),
        "n_coverage": len(cov),
        "n_refusal": sum(r["kind"] == "refusal" for r in rows),
        "recall@1": m.recall_at(ranks, 1),
        f"recall@{TOP_K}": m.recall_at(ranks, TOP_K),
        "mrr": m.mrr(ranks),
        "accuracy": _mean([r["accurate"] for r in fact]),
        "accuracy_loose": _mean([r["accurate_loose"] for r in fact]),
        "citation_precision": _mean([r["citation_precision"] for r in fact]),
        "coverage_exactness": _mean([r["exact"] for r in cov]),
        "coverage_verdict": _mean([r["verdict_ok"] for r in cov]),
        "instruments_equal": _mean([r["instruments_equal"] for r in cov]),
        "instruments_named": _mean(named),
        "route_accuracy": _mean([r["route_ok"] for r in routes]),
        "route_exact": _mean([r["route_exact"] for r in routes]),
        "check_exactness": _mean([r["exact"] for r in api]),
        "refusal_precision": precision,
        "refusal_recall": recall,
        "language_ok": _mean([r["language_ok"] for r in rows]),
        "correct": _mean([r["correct"] for r in rows]),
        "seconds_median": m.percentile([r["seconds"] for r in rows], 50),
    }


def aggregate(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """``summary[split][system][lang][kind]`` with "all" for both lang and kind."""
    out: dict[str, Any] = {}
    for split in SPLITS:
        split_rows = [r for r in rows if r["split"] == split]
        if not split_rows:
            continue
        out[split] = {}
        for system in dict.fromkeys(r["system"] for r in rows):
            sys_rows = [r for r in split_rows if r["system"] == system]
            if not sys_rows:
                continue
            cells: dict[str, dict[str, Any]] = {}
            for lang in (*LANGS, "all"):
                cells[lang] = {}
                for kind in (*KINDS, "all"):
                    sel = [
                        r
                        for r in sys_rows
                        if lang in ("all", r["lang"]) and kind in ("all", r["kind"])
                    ]
                    if sel:
                        cells[lang][kind] = summarize(sel)
            out[split][system] = cells
    return out


def evaluate(
    assistant: Any,
    gold_dir: Any,
    split: str = "all",
    systems: Sequence[str] = ("full", "bm25", "dense", "retrieval"),
    limit: int | None = None,
    command: str = "ssassist eval",
    progress: Callable[[str], None] = log.info,
) -> dict[str, Any]:
    """Load and validate the gold set, run it, and return rows, summaries and targets."""
    import datetime
    import platform
    from collections import Counter
    from pathlib import Path

    from ssassist.evaluation.gold import corpus_texts, load_gold
    from ssassist.evaluation.systems import build_systems
    from ssassist.evaluation.targets import targets
    from ssassist.ingest.embeddings import model_id

    t0 = time.perf_counter()
    gold_dir = Path(gold_dir)
    instrument_ids = {i.id for i in assistant.matrix.instruments} if assistant.has_matrix else None
    items = load_gold(gold_dir, corpus_texts(assistant.settings.corpus_path), instrument_ids)
    items = select(items, split, limit)
    assistant.warm_up()
    built = build_systems(assistant, list(systems))
    progress(f"{len(items)} items, systems: {', '.join(s.name for s in built)}")
    rows = run(assistant, items, built, progress)
    counts = Counter(f"{it.split}/{it.kind}/{it.lang}" for it in items)
    result: dict[str, Any] = {
        "meta": {
            "command": command,
            "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "elapsed_s": time.perf_counter() - t0,
            "machine": (
                f"{platform.machine()}, {cpus()} CPU cores, Python {platform.python_version()}"
            ),
            "gold_dir": str(gold_dir),
            "gold_files": sorted(p.name for p in gold_dir.glob("*.yaml")),
            "counts": dict(sorted(counts.items())),
            "split": split,
            "limit": limit,
            "systems": [s.name for s in built],
            "model": model_id(assistant.settings.embedding),
            "min_support": assistant.settings.answer.min_support,
            "top_k": TOP_K,
        },
        "doc_languages": {d: meta.language for d, meta in assistant.documents.items()},
        "rows": rows,
        "summary": aggregate(rows),
    }
    result["targets"] = {s: targets(result, s) for s in result["summary"]}
    return result


def cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
