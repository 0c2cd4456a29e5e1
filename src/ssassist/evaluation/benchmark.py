"""The benchmark (``ssassist bench``): speed and memory, each against a floor of the same run.

* floor: the median time to embed one question with the configured model and
  run one Chroma vector search (top 5) — the least any answer can cost;
* the llama-index baseline query path: a plain ``VectorStoreIndex`` retriever
  over the same collection and model (``retriever.retrieve(question)``);
* warm ``ask`` latency, p50 and p95 per route, over gold questions the warmed-up
  process has not seen before;
* throughput with 1, 2, 4, 8 concurrent callers (threads on one Assistant), each
  level in a fresh process, with that process's peak memory;
* ingest time of the corpus into a temporary index (a full rebuild);
* cold start to ready: of the library (fresh process to a warmed-up Assistant)
  and of the app (``python app.py`` until it answers HTTP on a loopback port).

Writes ``bench.md`` and ``bench.json``. Nothing is timed by a test: the
figures are for the README and depend on the machine.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ssassist.evaluation.metrics import percentile
from ssassist.evaluation.systems import TOP_K

WARM_UP = [
    "What is the CISS matrix of social security mechanisms?",
    "¿Hay convenio entre Chile y España?",
]
ROUTES = ("rag", "coverage", "refusal")
LATENCY_TARGET = 3.0  # warm ask p50 <= 3 x floor
MEMORY_TARGET_MB = 1536.0  # peak memory while serving <= 1.5 GB


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _median(xs: Sequence[float]) -> float | None:
    return percentile(xs, 50)


def _ratio(x: float | None, base: float | None) -> float | None:
    return x / base if x is not None and base else None


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
        "warm_ask": warm,
    }


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
    """Time a full rebuild of the index from the corpus into a temporary folder."""
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
        return {
            "seconds": took,
            "chunks": report.chunks,
            "model_load_s": load,
            "per_chunk_s": took / report.chunks if report.chunks else None,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _load() -> list[float] | None:
    """The 1, 5 and 15 minute load averages (the machine may be shared)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _peak_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def measure_app_start(project_dir: Path, log_path: Path, timeout: float = 300) -> dict[str, Any]:
    """Start the app on a free loopback port and time it until it answers HTTP."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items()}
    env.update(
        {
            "SSASSIST_UI__HOST": "127.0.0.1",
            "SSASSIST_UI__PORT": str(port),
            "GRADIO_SERVER_NAME": "127.0.0.1",
            "GRADIO_SERVER_PORT": str(port),
            "GRADIO_ANALYTICS_ENABLED": "False",
            "HF_HUB_OFFLINE": "1",
        }
    )
    if (project_dir / "app.py").is_file():
        cmd = [sys.executable, "app.py"]
    else:
        cmd = [
            sys.executable,
            "-m",
            "ssassist.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
    url = f"http://127.0.0.1:{port}/"
    with open(log_path, "w", encoding="utf-8") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            while time.perf_counter() - t0 < timeout:
                if proc.poll() is not None:
                    return {
                        "error": f"the app exited with {proc.returncode} before answering "
                        f"(log: {log_path})"
                    }
                status = _http_status(url)
                if status is not None:
                    took = time.perf_counter() - t0
                    return {
                        "seconds": took,
                        "http_status": status,
                        "command": " ".join(cmd[1:]),
                        "peak_mb": _peak_mb(proc.pid),
                    }
                time.sleep(0.2)
            return {"error": f"no HTTP answer on {url} within {timeout:.0f} s (log: {log_path})"}
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


def _http_status(url: str) -> int | None:
    """The HTTP status the URL answers with, or None while nothing listens."""
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 (loopback)
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


# -- report ----------------------------------------------------------------------


def _targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    floor = result["floor"]["median_s"]
    out = []
    warm = result["warm_ask"]
    for route in ("all", *ROUTES):
        if route not in warm:
            continue
        p50 = warm[route]["p50_s"]
        ratio = _ratio(p50, floor)
        ok = ratio is not None and ratio <= LATENCY_TARGET
        limit = ""
        if not ok:
            stages = warm[route]["stages_median_s"]
            parts = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in stages.items() if k != "total")
            limit = (
                f"p50 {p50 * 1000:.0f} ms against a floor of {floor * 1000:.0f} ms "
                "(one embedding + one search)" + (f"; median stages: {parts}." if parts else ".")
            )
            if route in ("rag", "refusal", "all"):
                limit += (
                    " A rag or refusal answer embeds two query renderings (English and Spanish) "
                    "where the floor embeds one, runs two vector searches (each for three times "
                    "the candidates, so that document passages and matrix facts both get enough) "
                    "where the floor runs one, and adds the BM25 and n-gram rankings; the "
                    "candidate sentences were embedded at warm-up, so choosing the quotes costs no "
                    "model call."
                )
            if route == "coverage":
                limit += (
                    " The coverage route runs no model; its time is the matrix check and the "
                    "wording."
                )
        out.append(
            {
                "target": f"warm ask p50 ≤ {LATENCY_TARGET:g}× floor ({route})",
                "value": (
                    f"{p50 * 1000:.0f} ms = {ratio:.2f}× floor (per-question ratio, median: "
                    f"{warm[route]['paired_ratio_median']:.2f}×)"
                )
                if ratio is not None
                else None,
                "status": "PASS" if ok else "MISS",
                "limit": limit,
            }
        )
    peaks = [t["peak_mb"] for t in result["throughput"] if "peak_mb" in t]
    if peaks:
        peak = max(peaks)
        ok = peak <= MEMORY_TARGET_MB
        out.append(
            {
                "target": "peak memory while serving ≤ 1.5 GB",
                "value": f"{peak:.0f} MiB",
                "status": "PASS" if ok else "MISS",
                "limit": ""
                if ok
                else (
                    "the serving process peaks at "
                    + ", ".join(
                        f"{t['peak_mb']:.0f} MiB with {t['threads']} caller(s)"
                        for t in result["throughput"]
                        if "peak_mb" in t
                    )
                    + f"; the embedding model, torch and the store alone take "
                    f"{result['memory_floor'].get('peak_mb') or 0:.0f} MiB; "
                    "each concurrent answer runs its own embedding batch, so the peak grows with "
                    "the callers."
                ),
            }
        )
    return out


def _fmt_s(x: float | None) -> str:
    return "—" if x is None else f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def _fmt_r(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}×" if x < 100 else f"{x:.0f}×"


def markdown(result: dict[str, Any]) -> str:
    meta = result["meta"]
    floor = result["floor"]["median_s"]
    li = result["llama_index"]["median_s"]
    rows = [("floor: embed one question + one vector search (median)", floor)]
    rows.append(("llama-index VectorStoreIndex retriever query (median)", li))
    for route in ("all", *ROUTES):
        w = result["warm_ask"].get(route)
        if w:
            rows.append((f"warm ask p50, {route} (n={w['n']})", w["p50_s"]))
            rows.append((f"warm ask p95, {route} (n={w['n']})", w["p95_s"]))
    for t in result["throughput"]:
        if "qps" in t:
            rows.append(
                (
                    f"{t['threads']} concurrent caller(s): wall time per question "
                    f"({t['qps']:.2f} questions/s)",
                    1 / t["qps"],
                )
            )
    ing = result.get("ingest") or {}
    if "seconds" in ing:
        rows.append((f"ingest, full rebuild ({ing['chunks']} chunks)", ing["seconds"]))
        rows.append(("ingest per chunk", ing["per_chunk_s"]))
    cold = result.get("cold_start", {})
    if cold.get("library_s"):
        rows.append(
            ("cold start to ready: fresh process to warmed-up Assistant", cold["library_s"])
        )
    app = result.get("app") or {}
    if "seconds" in app:
        rows.append(
            (
                f"cold start to ready: `python {app['command']}` until HTTP {app['http_status']}",
                app["seconds"],
            )
        )
    lines = [
        "# ssassist benchmark",
        "",
        f"Command: `{meta['command']}` — {meta['date']}, {meta['elapsed_s']:.0f} s on "
        f"{meta['machine']}.",
        f"Model {meta['model']}; {meta['questions']} gold questions in the latency pass, "
        f"{meta['workload']} per throughput run; floor over {result['floor']['samples']} samples. "
        f"Load average (1, 5, 15 min) at start {meta['load_average']['start']}, "
        f"at end {meta['load_average']['end']}.",
        "",
        "## Targets",
        "",
        "| target | value | status | what limits it |",
        "|---|---|---|---|",
    ]
    for t in result["targets"]:
        lines.append(f"| {t['target']} | {t['value']} | **{t['status']}** | {t['limit']} |")
    lines += [
        "",
        "## Times, as ratios to the floor and to the llama-index query path",
        "",
        f"Floor: {_fmt_s(floor)} (embedding {_fmt_s(result['floor']['embed_s'])}, "
        f"search {_fmt_s(result['floor']['search_s'])}).",
        "",
        "| measure | time | × floor | × llama-index path |",
        "|---|---|---|---|",
    ]
    for label, x in rows:
        lines.append(
            f"| {label} | {_fmt_s(x)} | {_fmt_r(_ratio(x, floor))} | {_fmt_r(_ratio(x, li))} |"
        )
    children_mb = next((t["children_mb"] for t in result["throughput"] if "children_mb" in t), None)
    lines += [
        "",
        "## Memory (peak resident set of one process, plus its translation processes)",
        "",
        "Serving rows add the proportional set size of the Apertium pipelines the process starts "
        f"({_mb(children_mb)}).",
        "",
        "| process | peak | × floor |",
        "|---|---|---|",
    ]
    mfloor = result["memory_floor"].get("peak_mb")
    lines.append(f"| floor: model loaded, collection open, one query | {_mb(mfloor)} | 1.00× |")
    for t in result["throughput"]:
        if "peak_mb" in t:
            lines.append(
                f"| serving, {t['threads']} concurrent caller(s) | {_mb(t['peak_mb'])} "
                f"| {_fmt_r(_ratio(t['peak_mb'], mfloor))} |"
            )
    if app.get("peak_mb"):
        ratio = _fmt_r(_ratio(app["peak_mb"], mfloor))
        lines.append(f"| app, idle after start-up | {_mb(app['peak_mb'])} | {ratio} |")
    lines += [
        "",
        "## Throughput",
        "",
        "| callers | questions/s | speed-up | p50 | p95 | cold start |",
        "|---|---|---|---|---|---|",
    ]
    base = next((t["qps"] for t in result["throughput"] if "qps" in t), None)
    for t in result["throughput"]:
        if "qps" in t:
            lines.append(
                f"| {t['threads']} | {t['qps']:.2f} | {_fmt_r(_ratio(t['qps'], base))} "
                f"| {_fmt_s(t['p50_s'])} | {_fmt_s(t['p95_s'])} | {_fmt_s(t['cold_start_s'])} |"
            )
        else:
            lines.append(f"| {t['threads']} | error: {t['error'][:200]} | | | | |")
    speedups = [t["qps"] / base for t in result["throughput"] if "qps" in t and base]
    if len(speedups) > 1 and max(speedups[1:]) < 1.05:
        lines += [
            "",
            "More concurrent callers do not raise throughput on this machine: every answer's "
            "model calls use all cores (torch's intra-op threads), so concurrent callers compete "
            "for them.",
        ]
    for name in ("ingest", "app"):
        if (result.get(name) or {}).get("error"):
            lines.append(f"\n{name}: {result[name]['error']}")
        elif result.get(name) is None:
            lines.append(f"\n{name}: skipped.")
    lines += [
        "",
        "Warm latency: each question asked once by a process that has loaded the model and index "
        "and answered two warm-up questions. Throughput: the same questions in every run, threads "
        "sharing one Assistant, one fresh process per level. Timings on a shared machine vary "
        "from run to run.",
    ]
    return "\n".join(lines) + "\n"


def _mb(x: float | None) -> str:
    return "—" if x is None else f"{x:.0f} MiB"


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
    result["targets"] = _targets(result)
    (out / "bench.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    (out / "bench.md").write_text(markdown(result), encoding="utf-8")
    for t in result["targets"]:
        print(f"{t['status']:4} {t['target']}: {t['value']}")
    print(f"report: {out / 'bench.md'}, {out / 'bench.json'}")
    return result
