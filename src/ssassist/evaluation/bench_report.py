"""The benchmark's report: its targets (PASS or MISS, with what limits a miss) and ``bench.md``.

Both read the result dict :func:`~ssassist.evaluation.benchmark.run_benchmark` builds (and
writes as ``bench.json``); nothing here measures.
"""

from __future__ import annotations

from typing import Any

ROUTES = ("rag", "coverage", "refusal")
LATENCY_TARGET = 3.0  # warm ask p50 <= 3 x floor
MEMORY_TARGET_MB = 1536.0  # peak memory while serving <= 1.5 GB
FIRST_ANSWER_TARGET_S = 2.0  # the first answer after a start, the index built


def ratio(x: float | None, base: float | None) -> float | None:
    return x / base if x is not None and base else None


# -- targets ---------------------------------------------------------------------


def _latency_limit(route: str, p50: float, floor: float, stages: dict[str, float]) -> str:
    """What makes a route's warm ``ask`` slower than the latency target allows."""
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
        limit += " The coverage route runs no model; its time is the matrix check and the wording."
    return limit


def _latency_targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    floor = result["floor"]["median_s"]
    out = []
    warm = result["warm_ask"]
    for route in ("all", *ROUTES):
        if route not in warm:
            continue
        p50 = warm[route]["p50_s"]
        r = ratio(p50, floor)
        ok = r is not None and r <= LATENCY_TARGET
        limit = "" if ok else _latency_limit(route, p50, floor, warm[route]["stages_median_s"])
        out.append(
            {
                "target": f"warm ask p50 ≤ {LATENCY_TARGET:g}× floor ({route})",
                "value": (
                    f"{p50 * 1000:.0f} ms = {r:.2f}× floor (per-question ratio, median: "
                    f"{warm[route]['paired_ratio_median']:.2f}×)"
                )
                if r is not None
                else None,
                "status": "PASS" if ok else "MISS",
                "limit": limit,
            }
        )
    return out


def _memory_target(result: dict[str, Any]) -> list[dict[str, Any]]:
    peaks = [t["peak_mb"] for t in result["throughput"] if "peak_mb" in t]
    if not peaks:
        return []
    peak = max(peaks)
    ok = peak <= MEMORY_TARGET_MB
    return [
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
    ]


def _first_answer_target(result: dict[str, Any]) -> list[dict[str, Any]]:
    first = result.get("first_answer") or {}
    if "seconds" not in first:
        return []
    ok = first["seconds"] < FIRST_ANSWER_TARGET_S
    stages = ", ".join(
        f"{k} {v * 1000:.0f} ms" for k, v in first.get("stages_s", {}).items() if k != "total"
    )
    return [
        {
            "target": f"first answer after a start < {FIRST_ANSWER_TARGET_S:g} s (index built)",
            "value": f"{first['seconds'] * 1000:.0f} ms ({first['route']}; after a warm-up of "
            f"{first['warm_up_s']:.1f} s)",
            "status": "PASS" if ok else "MISS",
            "limit": ""
            if ok
            else f"stages: {stages}. The warm-up loaded the model, the index, the sentence "
            "vectors and the renderings ingest made; what is left is done by the question.",
        }
    ]


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The speed and memory targets, each with value, status and what limits a miss."""
    return _latency_targets(result) + _memory_target(result) + _first_answer_target(result)


# -- bench.md ----------------------------------------------------------------------


def _fmt_s(x: float | None) -> str:
    return "—" if x is None else f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def _fmt_r(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}×" if x < 100 else f"{x:.0f}×"


def _mb(x: float | None) -> str:
    return "—" if x is None else f"{x:.0f} MiB"


def _time_rows(result: dict[str, Any]) -> list[tuple[str, float | None]]:
    """(label, seconds) of every timed measure, the floor first."""
    rows = [("floor: embed one question + one vector search (median)", result["floor"]["median_s"])]
    rows.append(
        ("llama-index VectorStoreIndex retriever query (median)", result["llama_index"]["median_s"])
    )
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
        rows.append(
            (
                f"ingest, full rebuild ({ing['chunks']} chunks), sentence vectors and "
                "renderings included",
                ing["seconds"],
            )
        )
        rows.append(("ingest per chunk", ing["per_chunk_s"]))
        if ing.get("sentences_s") is not None:
            rows.append(("ingest: passages embedded and stored", ing["passages_s"]))
            rows.append(
                (
                    f"ingest: quotable sentences embedded ({ing['sentences_embedded']})",
                    ing["sentences_s"],
                )
            )
            made = ing.get("renderings_made")
            note = f"; {ing['renderings_note']}" if ing.get("renderings_note") else ""
            rows.append((f"ingest: renderings made ({made}{note})", ing["renderings_s"]))
    first = result.get("first_answer") or {}
    if "seconds" in first:
        rows.append(("first start over the built index: warm-up", first["warm_up_s"]))
        rows.append((f"first answer after a start ({first['route']})", first["seconds"]))
        for i, x in enumerate(first.get("next_s", []), start=2):
            rows.append((f"answer {i} after a start", x))
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
    return rows


def _head(result: dict[str, Any]) -> list[str]:
    """Title, how the run was made, and the targets table."""
    meta = result["meta"]
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
    return lines


def _times_section(result: dict[str, Any]) -> list[str]:
    floor = result["floor"]["median_s"]
    li = result["llama_index"]["median_s"]
    lines = [
        "",
        "## Times, as ratios to the floor and to the llama-index query path",
        "",
        f"Floor: {_fmt_s(floor)} (embedding {_fmt_s(result['floor']['embed_s'])}, "
        f"search {_fmt_s(result['floor']['search_s'])}).",
        "",
        "| measure | time | × floor | × llama-index path |",
        "|---|---|---|---|",
    ]
    for label, x in _time_rows(result):
        lines.append(
            f"| {label} | {_fmt_s(x)} | {_fmt_r(ratio(x, floor))} | {_fmt_r(ratio(x, li))} |"
        )
    return lines


def _memory_section(result: dict[str, Any]) -> list[str]:
    children_mb = next((t["children_mb"] for t in result["throughput"] if "children_mb" in t), None)
    lines = [
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
                f"| {_fmt_r(ratio(t['peak_mb'], mfloor))} |"
            )
    app = result.get("app") or {}
    if app.get("peak_mb"):
        r = _fmt_r(ratio(app["peak_mb"], mfloor))
        lines.append(f"| app, idle after start-up | {_mb(app['peak_mb'])} | {r} |")
    return lines


def _throughput_section(result: dict[str, Any]) -> list[str]:
    lines = [
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
                f"| {t['threads']} | {t['qps']:.2f} | {_fmt_r(ratio(t['qps'], base))} "
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
    return lines


def _closing(result: dict[str, Any]) -> list[str]:
    """Skipped or failed measures, then how the figures were taken."""
    lines = []
    for name in ("ingest", "app", "first_answer"):
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
    return lines


def markdown(result: dict[str, Any]) -> str:
    """``bench.md``: the targets, times against the floor, memory, throughput."""
    lines = (
        _head(result)
        + _times_section(result)
        + _memory_section(result)
        + _throughput_section(result)
        + _closing(result)
    )
    return "\n".join(lines) + "\n"
