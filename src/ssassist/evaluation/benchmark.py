"""The benchmark (``ssassist bench``): speed and memory, each against a floor of the same run.

* floor: the median time to embed one question with the configured model and
  run one Chroma vector search (top 5) — the least any answer can cost;
* the llama-index baseline query path: a plain ``VectorStoreIndex`` retriever
  over the same collection and model (``retriever.retrieve(question)``);
* warm ``ask`` latency, p50 and p95 per route, over gold questions the warmed-up
  process has not seen before;
* throughput with 1, 2, 4, 8 concurrent callers (threads on one Assistant), each
  level in a fresh process, with that process's peak memory;
* ingest time of the corpus into a temporary index (a full rebuild), with its parts:
  the passages embedded, the quotable sentences embedded, the renderings made;
* the first answer after a start: a fresh process over the built index warms up (the
  app's start: model, index, sentence vectors and renderings, all made by ingest),
  then answers a question it has not seen;
* cold start to ready: of the library (fresh process to a warmed-up Assistant)
  and of the app (``python app.py`` until it answers HTTP on a loopback port).

Writes ``bench.md`` and ``bench.json`` (the targets and the Markdown are in
:mod:`.bench_report`, the app's cold start in :mod:`.bench_app`). Nothing is timed by
a test: the figures are for the README and depend on the machine.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ssassist.evaluation.bench_app import measure_app_start
from ssassist.evaluation.bench_report import ROUTES, markdown, targets
from ssassist.evaluation.metrics import percentile
from ssassist.evaluation.systems import TOP_K

WARM_UP = [
    "What is the CISS matrix of social security mechanisms?",
    "¿Hay convenio entre Chile y España?",
]
# The first questions of a fresh process: retrieval (rag) questions, one per language.
FIRST_QUESTIONS = [
    "¿Qué países ofrecen seguro voluntario a sus emigrantes?",
    "Which benefits does the Ibero-American multilateral agreement cover?",
]


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _median(xs: Sequence[float]) -> float | None:
    return percentile(xs, 50)


# -- parts -----------------------------------------------------------------------


def measure_latency(asst: Any, questions: Sequence[str], samples: int) -> dict[str, Any]:
    """Floor, llama-index query path and warm ``ask``, interleaved question by question
    so that all three see the same load on a shared machine.

    Per question: embed it and search the collection once (the floor), query the
    plain llama-index retriever, then ``ask`` it (each question once, in a process
    warmed up by two other questions). With fewer questions than ``samples``, the
    floor and the llama-index path get extra samples cycling over the questions.
    """
    from ssassist.evaluation.systems import DenseBaseline

    model = asst.embed_model
    collection = asst.index.open()
    retriever = DenseBaseline(asst).retriever
    floor_t: list[float] = []
    embed_t: list[float] = []
    search_t: list[float] = []
    li_t: list[float] = []

    def floor_and_li(q: str) -> float:
        t0 = time.perf_counter()
        vector = model.get_query_embedding(q)
        t1 = time.perf_counter()
        collection.query(query_embeddings=[vector], n_results=TOP_K)
        t2 = time.perf_counter()
        retriever.retrieve(q)
        t3 = time.perf_counter()
        floor_t.append(t2 - t0)
        embed_t.append(t1 - t0)
        search_t.append(t2 - t1)
        li_t.append(t3 - t2)
        return t2 - t0

    asst.warm_up()  # warm: the model loaded and every quotable sentence embedded
    for q in WARM_UP:
        floor_and_li(q)
        asst.ask(q)
    for xs in (floor_t, embed_t, search_t, li_t):
        xs.clear()
    per_route: dict[str, list[float]] = {}
    paired: dict[str, list[float]] = {}
    stages: dict[str, dict[str, list[float]]] = {}
    for q in questions:
        base = floor_and_li(q)
        t0 = time.perf_counter()
        answer = asst.ask(q)
        dt = time.perf_counter() - t0
        per_route.setdefault(answer.route, []).append(dt)
        paired.setdefault(answer.route, []).append(dt / base)
        for stage, x in answer.timings.items():
            stages.setdefault(answer.route, {}).setdefault(stage, []).append(x)
    for i in range(max(0, samples - len(questions))):
        floor_and_li(questions[i % len(questions)])
    return {
        "floor": {
            "samples": len(floor_t),
            "median_s": _median(floor_t),
            "embed_s": _median(embed_t),
            "search_s": _median(search_t),
            "p95_s": percentile(floor_t, 95),
        },
        "llama_index": {
            "samples": len(li_t),
            "median_s": _median(li_t),
            "p95_s": percentile(li_t, 95),
        },
        "warm_ask": _warm_summary(per_route, paired, stages),
    }


def _warm_summary(
    per_route: dict[str, list[float]],
    paired: dict[str, list[float]],
    stages: dict[str, dict[str, list[float]]],
) -> dict[str, Any]:
    """Warm ``ask`` per route and over all routes: p50, p95, the median of the per-question
    ratios to the floor, and the median time of each stage."""
    warm: dict[str, Any] = {}
    for route in (*ROUTES, "all"):
        xs = (
            [x for v in per_route.values() for x in v]
            if route == "all"
            else per_route.get(route, [])
        )
        ps = [x for v in paired.values() for x in v] if route == "all" else paired.get(route, [])
        if xs:
            warm[route] = {
                "n": len(xs),
                "p50_s": _median(xs),
                "p95_s": percentile(xs, 95),
                "paired_ratio_median": _median(ps),
                "stages_median_s": {k: _median(v) for k, v in _stages(stages, route).items()},
            }
    return warm


def _stages(stages: dict[str, dict[str, list[float]]], route: str) -> dict[str, list[float]]:
    """Stage timings of one route, or of every route together for "all"."""
    if route != "all":
        return stages.get(route, {})
    merged: dict[str, list[float]] = {}
    for per_stage in stages.values():
        for stage, xs in per_stage.items():
            merged.setdefault(stage, []).extend(xs)
    return merged


def _worker(spec: dict[str, Any], timeout: float = 600) -> dict[str, Any]:
    """Run a spec in a fresh interpreter (bench_worker) and return its result."""
    with tempfile.TemporaryDirectory(prefix="ssassist-bench-") as tmp:
        spec_path, out_path = Path(tmp) / "spec.json", Path(tmp) / "out.json"
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        started = time.time()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "ssassist.evaluation.bench_worker",
                str(spec_path),
                str(out_path),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if proc.returncode != 0 or not out_path.is_file():
            return {"error": f"worker exited with {proc.returncode}: {proc.stderr[-800:]}"}
        result = json.loads(out_path.read_text(encoding="utf-8"))
        result["cold_start_s"] = result["ready_at"] - started
        return result


def measure_throughput(
    questions: Sequence[str], threads: Sequence[int], progress: Callable[[str], None]
) -> list[dict[str, Any]]:
    """Questions per second with n concurrent callers on one Assistant, one fresh process per n."""
    out = []
    for n in threads:
        progress(f"throughput with {n} caller(s) over {len(questions)} questions")
        r = _worker(
            {"mode": "serve", "threads": n, "questions": list(questions), "warm_up": WARM_UP}
        )
        if "error" in r:
            out.append({"threads": n, "error": r["error"]})
            continue
        out.append(
            {
                "threads": n,
                "questions": r["questions"],
                "wall_s": r["wall_s"],
                "qps": r["questions"] / r["wall_s"],
                "p50_s": _median(r["latencies"]),
                "p95_s": percentile(r["latencies"], 95),
                "cold_start_s": r["cold_start_s"],
                # the process's peak plus its Apertium children (constant: now is their peak)
                "peak_mb": r["memory"]["peak"] + r["memory"].get("children", 0.0),
                "children_mb": r["memory"].get("children", 0.0),
                "ready_mb": r["memory_ready"].get("rss"),
            }
        )
    return out


def measure_ingest(asst: Any) -> dict[str, Any]:
    """Time a full rebuild of the index from the corpus into a temporary folder, sentence
    vectors and renderings included."""
    from ssassist.assistant import Assistant

    tmp = tempfile.mkdtemp(prefix="ssassist-bench-index-")
    try:
        settings = asst.settings.model_copy(deep=True)
        settings.chroma_url = None
        settings.index.path = Path(tmp)
        other = Assistant(settings)
        t0 = time.perf_counter()
        _ = other.embed_model
        load = time.perf_counter() - t0
        t1 = time.perf_counter()
        report = other.ingest(rebuild=True, progress=lambda _msg: None)
        took = time.perf_counter() - t1
        rendered = report.renderings
        renderings_s = rendered.seconds if rendered is not None else 0.0
        return {
            "seconds": took,
            "chunks": report.chunks,
            "model_load_s": load,
            "per_chunk_s": took / report.chunks if report.chunks else None,
            "passages_s": took - report.sentences_seconds - renderings_s,
            "sentences_s": report.sentences_seconds,
            "sentences_embedded": report.sentences_embedded,
            "renderings_s": renderings_s,
            "renderings_made": rendered.made if rendered is not None else None,
            "renderings_note": rendered.note if rendered is not None else "",
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def measure_first_answer(questions: Sequence[str]) -> dict[str, Any]:
    """The first answers of a fresh process over the built index, once it has warmed up."""
    r = _worker({"mode": "first", "questions": list(questions)})
    if "error" in r:
        return {"error": r["error"]}
    first = r["answers"][0]
    return {
        "seconds": first["seconds"],
        "route": first["route"],
        "stages_s": first["timings"],
        "next_s": [a["seconds"] for a in r["answers"][1:]],
        "warm_up_s": r["warm_up_s"],
        "ready_s": r["ready_s"],
        "cold_start_s": r["cold_start_s"],
    }


def _load() -> list[float] | None:
    """The 1, 5 and 15 minute load averages (the machine may be shared)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# -- the whole run ----------------------------------------------------------------


def run_benchmark(
    out: Path | None = None,
    gold: Path | None = None,
    threads: Sequence[int] = (1, 2, 4, 8),
    workload: int = 24,
    floor_samples: int = 50,
    skip_ingest: bool = False,
    skip_app: bool = False,
    limit: int | None = 6,
    command: str = "ssassist bench",
    progress: Callable[[str], None] = _stderr,
) -> dict[str, Any]:
    """Run every measurement and write bench.md and bench.json under ``out``."""
    from ssassist.assistant import Assistant
    from ssassist.evaluation.gold import load_gold
    from ssassist.evaluation.runner import cpus, select
    from ssassist.ingest.embeddings import model_id

    t_start = time.perf_counter()
    asst = Assistant()
    out = out or asst.settings.project_dir / "eval" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    items = load_gold(gold or asst.settings.project_dir / "eval" / "gold")
    sample = [it.question for it in select(items, "all", limit)]
    step = len(items) / max(1, workload)
    work = [items[math.floor(i * step)].question for i in range(min(workload, len(items)))]

    progress("loading the model and the index")
    t0 = time.perf_counter()
    asst.warm_up()
    warm_up_s = time.perf_counter() - t0
    progress(f"floor, llama-index query path and warm ask over {len(sample)} questions")
    load_before = _load()
    result: dict[str, Any] = measure_latency(asst, sample, floor_samples)
    progress("memory floor")
    mem_floor = _worker({"mode": "floor", "questions": sample[:1]})
    result |= {
        "memory_floor": {
            "peak_mb": mem_floor.get("memory", {}).get("peak"),
            **({"error": mem_floor["error"]} if "error" in mem_floor else {}),
        },
    }
    result["throughput"] = measure_throughput(work, threads, progress)
    colds = [t["cold_start_s"] for t in result["throughput"] if "cold_start_s" in t]
    result["cold_start"] = {"library_s": _median(colds), "in_process_warm_up_s": warm_up_s}
    progress("first answer after a start (a fresh process over the built index)")
    result["first_answer"] = measure_first_answer(FIRST_QUESTIONS)
    if skip_ingest:
        result["ingest"] = None
    else:
        progress("ingest: full rebuild into a temporary index")
        result["ingest"] = measure_ingest(asst)
    if skip_app:
        result["app"] = None
    else:
        progress("app cold start")
        result["app"] = measure_app_start(asst.settings.project_dir, out / "bench_app.log")
    result["meta"] = {
        "command": command,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "elapsed_s": time.perf_counter() - t_start,
        "machine": f"{platform.machine()}, {cpus()} CPU cores, Python {platform.python_version()}",
        "model": model_id(asst.settings.embedding),
        "questions": len(sample),
        "workload": len(work),
        "threads": list(threads),
        "load_average": {"start": load_before, "end": _load()},
    }
    result["targets"] = targets(result)
    (out / "bench.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    (out / "bench.md").write_text(markdown(result), encoding="utf-8")
    for t in result["targets"]:
        print(f"{t['status']:4} {t['target']}: {t['value']}")
    print(f"report: {out / 'bench.md'}, {out / 'bench.json'}")
    return result
