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

NEW_REFUSALS = "refusal_unanswered"
"""Refusal items from a gold file whose name holds this are the "new" ones (issue 14: on-topic
questions the documents do not answer); the others are the "old" ones (mostly off-topic)."""


def refusal_set(filename: str) -> str:
    """The refusal subset of an item from its gold file: "new" for ``*refusal_unanswered*.yaml``
    (on-topic, unanswerable), "old" otherwise."""
    return "new" if NEW_REFUSALS in filename else "old"


def _translate_phrase(translator: Any, text: str, source: str, target: str) -> str | None:
    """``text`` translated, followed by " ." that is then taken off: without a closing mark the
    null-flush Apertium pipeline sometimes loses the last word ("El Salvador" → "El",
    "permiso de residencia" → "permiso de"), which the command-line ``apertium`` does not."""
    out = translator.translate(text + " .", source, target)
    if out is None:
        return None
    out = out.rstrip()
    return out[:-1].rstrip() if out.endswith(".") else out


class FactRenderer:
    """Key facts rendered into the asker's language, cached for the run.

    The key facts were written in the document's language, while answers are rendered into
    the asker's: an alternative also counts in its Apertium rendering from the document's
    language into the question's (:func:`metrics.render_alternatives`: only a rendering that
    keeps the alternative's numbers and percent signs). No rendering when the two languages
    are the same or there is no translator.
    """

    def __init__(self, translator: Any, doc_languages: dict[str, str]) -> None:
        self.translator = translator
        self.doc_languages = doc_languages
        self._cache: dict[tuple[str, str, str], str | None] = {}

    def __call__(self, item: Item) -> dict[str, list[str]]:
        source = self.doc_languages.get(item.doc_id, item.lang)
        if self.translator is None or source == item.lang:
            return {}

        def render(alt: str) -> str | None:
            key = (source, item.lang, alt)
            if key not in self._cache:
                self._cache[key] = _translate_phrase(self.translator, alt, source, item.lang)
            return self._cache[key]

        return m.render_alternatives(item.key_facts, render)


def select(
    items: Sequence[Item],
    split: str = "all",
    limit: int | None = None,
    group: Callable[[Item], str] | None = None,
) -> list[Item]:
    """Items of a split ("dev", "test" or "all"); with ``limit``, the first N (by id)
    of each split, kind, language and ``group`` (e.g. the refusal subset), so a quick run
    still sees every group."""
    chosen = [it for it in items if split == "all" or it.split == split]
    if limit is None:
        return chosen
    out: list[Item] = []
    counts: dict[tuple[str, str, str, str], int] = {}
    for it in chosen:
        key = (it.split, it.kind, it.lang, group(it) if group else "")
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


def body_row(lang: str, got: SystemAnswer) -> dict[str, Any]:
    """The answer body's metrics (None when the question was refused or failed): its words, its
    language by the project's detector on the whole body, and how many of its paragraphs (8
    words or more) are in another language than the asker's."""
    answered = got.route not in ("refusal", "error") and bool(got.answer.strip())
    if not answered:
        return {
            "answered": False,
            "body_words": None,
            "body_language": None,
            "body_lang_ok": None,
            "body_other_paragraphs": None,
        }
    detected = m.body_language(got.answer)
    return {
        "answered": True,
        "body_words": m.body_words(got.answer),
        "body_language": detected,
        "body_lang_ok": detected == lang,
        "body_other_paragraphs": m.paragraphs_in_other_language(got.answer, lang),
    }


def score(
    item: Item,
    got: SystemAnswer,
    gold_ids: set[str],
    matrix: Any,
    renderings: m.Renderings | None = None,
    subset: str = "old",
) -> dict[str, Any]:
    """The metrics of one answer to one item; ``renderings``: the key facts' alternatives in
    the asker's language (factual items); ``subset``: "old" or "new" (refusal items)."""
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
        "first_line": m.first_line(got.answer)[:300],
    }
    if item.split == "dev":  # the held-out split's reports print no more item text than before
        row["question"] = item.question
    row.update(body_row(item.lang, got))
    if item.kind == "refusal":
        row["refusal_set"] = subset
    if isinstance(item, FactualItem):
        loose = "\n".join([got.answer, *(c.text for c in got.citations)])
        rank = m.first_rank(row["retrieved"], gold_ids)
        lead = m.first_line(got.answer)
        row.update(
            doc_id=item.doc_id,
            gold_chunks=sorted(gold_ids),
            rank=rank,
            accurate=m.answer_correct(item.key_facts, got.answer, renderings),
            accurate_strict=m.answer_correct(item.key_facts, got.answer),
            accurate_loose=m.answer_correct(item.key_facts, loose, renderings),
            lead_accurate=m.answer_correct(item.key_facts, lead, renderings),
            missing_facts=m.missing_facts(item.key_facts, got.answer, renderings),
            lead_missing=m.missing_facts(item.key_facts, lead, renderings),
            citation_precision=m.citation_precision(
                got.citations, item.key_facts, item.passage, gold_ids
            ),
        )
        if item.split == "dev":
            row["renderings"] = {a: r for a, r in (renderings or {}).items() if r}
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
    renderer: Callable[[Item], m.Renderings] | None = None,
    files: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Every item through every system that answers its kind; one scored row each.

    ``renderer`` gives a factual item's key facts in the asker's language (:class:`FactRenderer`);
    ``files`` the gold file of each item id (which refusal subset an item is in)."""
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
        renderings = renderer(item) if renderer and isinstance(item, FactualItem) else None
        subset = refusal_set((files or {}).get(item.id, ""))
        for system in systems:
            if item.kind not in system.kinds:
                continue
            got = system.run(item.question)
            row = score(item, got, gold.get(item.id, set()), assistant.matrix, renderings, subset)
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
    answered = [r for r in rows if r.get("answered")]
    subsets = [r.get("refusal_set", "old") if r["kind"] == "refusal" else None for r in asked]
    refused = [r["refused"] for r in asked]
    by_subset = {s: m.refusal_subset_scores(subsets, refused, s) for s in ("old", "new")}
    return {
        "n": len(rows),
        "n_factual": len(fact),
        "n_coverage": len(cov),
        "n_refusal": sum(r["kind"] == "refusal" for r in rows),
        "recall@1": m.recall_at(ranks, 1),
        f"recall@{TOP_K}": m.recall_at(ranks, TOP_K),
        "mrr": m.mrr(ranks),
        "accuracy": _mean([r["accurate"] for r in fact]),
        "accuracy_strict": _mean([r.get("accurate_strict") for r in fact]),
        "lead_accuracy": _mean([r.get("lead_accurate") for r in fact]),
        "n_answered": len(answered),
        "body_language": _mean([r["body_lang_ok"] for r in answered]),
        "body_mixed": _mean([bool(r["body_other_paragraphs"]) for r in answered]),
        "body_words_median": m.median([r["body_words"] for r in answered]),
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
        "n_refusal_old": subsets.count("old"),
        "n_refusal_new": subsets.count("new"),
        "refusal_precision_old": by_subset["old"][0],
        "refusal_recall_old": by_subset["old"][1],
        "refusal_precision_new": by_subset["new"][0],
        "refusal_recall_new": by_subset["new"][1],
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

    from ssassist.evaluation.gold import corpus_texts, item_files, load_gold
    from ssassist.evaluation.systems import build_systems
    from ssassist.evaluation.targets import targets
    from ssassist.ingest.embeddings import model_id

    t0 = time.perf_counter()
    gold_dir = Path(gold_dir)
    instrument_ids = {i.id for i in assistant.matrix.instruments} if assistant.has_matrix else None
    items = load_gold(gold_dir, corpus_texts(assistant.settings.corpus_path), instrument_ids)
    files = item_files(gold_dir)

    def subset(it: Item) -> str:
        return refusal_set(files.get(it.id, "")) if it.kind == "refusal" else ""

    items = select(items, split, limit, subset)
    assistant.warm_up()
    built = build_systems(assistant, list(systems))
    progress(f"{len(items)} items, systems: {', '.join(s.name for s in built)}")
    doc_languages = {d: meta.language for d, meta in assistant.documents.items()}
    translator = assistant.translator
    renderer = FactRenderer(translator, doc_languages)
    rows = run(assistant, items, built, progress, renderer, files)
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
            "renderings": (translator.status.detail if translator is not None else "no translator"),
        },
        "doc_languages": doc_languages,
        "rows": rows,
        "summary": aggregate(rows),
    }
    result["targets"] = {s: targets(result, s) for s in result["summary"]}
    return result


def cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
