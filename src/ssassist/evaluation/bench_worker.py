"""A benchmark child process: ``python -m ssassist.evaluation.bench_worker SPEC.json OUT.json``.

Run in a fresh interpreter so that its start-up time and its peak memory are
those of one serving process. Modes (``spec["mode"]``):

* ``floor``: load the embedding model, open the Chroma collection, embed one
  query and search once — the least any question costs (its peak memory is the
  memory floor);
* ``serve``: start an :class:`~ssassist.Assistant`, warm it up, then answer the
  workload with ``threads`` concurrent callers on that one Assistant;
* ``first``: start an :class:`~ssassist.Assistant` over the built index, warm it up
  (what the app does at start: model, index, sentence vectors, renderings), then time
  the first answer, a question the process has not seen.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402


def children_mb() -> float:
    """Proportional set size (shared pages split among their users) of this process's children,
    in MiB: the Apertium translation pipelines. Their memory is constant, so now is their peak."""
    total = 0
    try:
        pids = " ".join(p.read_text() for p in Path("/proc/self/task").glob("*/children")).split()
    except OSError:
        return 0.0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:  # ended meanwhile, or not Linux
            pass
    return total / 1024


def memory_mb() -> dict[str, float]:
    """Current and peak resident memory of this process, and its children's (PSS), in MiB
    (Linux /proc, else getrusage)."""
    out: dict[str, float] = {"children": children_mb()}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out["rss" if key == "VmRSS" else "peak"] = int(value.split()[0]) / 1024
    except OSError:
        pass
    if "peak" not in out:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out["peak"] = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    return out


def _floor(spec: dict[str, Any]) -> dict[str, Any]:
    from ssassist.assistant import Assistant

    asst = Assistant()
    model = asst.embed_model
    collection = asst.index.open()
    ready = time.perf_counter() - _T0
    ready_at = time.time()
    vector = model.get_query_embedding(spec["questions"][0])
    collection.query(query_embeddings=[vector], n_results=5)
    return {"ready_s": ready, "ready_at": ready_at, "memory": memory_mb()}


def _serve(spec: dict[str, Any]) -> dict[str, Any]:
    from ssassist.assistant import Assistant

    asst = Assistant()
    asst.warm_up()
    for q in spec.get("warm_up", []):
        asst.ask(q)
    ready = time.perf_counter() - _T0
    ready_at = time.time()
    memory_ready = memory_mb()

    def one(question: str) -> tuple[float, str]:
        t = time.perf_counter()
        route = asst.ask(question).route
        return time.perf_counter() - t, route

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=spec["threads"]) as pool:
        done = list(pool.map(one, spec["questions"]))
    wall = time.perf_counter() - t0
    return {
        "ready_s": ready,
        "ready_at": ready_at,
        "threads": spec["threads"],
        "questions": len(done),
        "wall_s": wall,
        "latencies": [d for d, _ in done],
        "routes": [r for _, r in done],
        "memory_ready": memory_ready,
        "memory": memory_mb(),
    }


def _first(spec: dict[str, Any]) -> dict[str, Any]:
    from ssassist.assistant import Assistant

    asst = Assistant()
    t0 = time.perf_counter()
    asst.warm_up()
    warm_up = time.perf_counter() - t0
    ready = time.perf_counter() - _T0
    ready_at = time.time()
    answers = []
    for question in spec["questions"]:
        t = time.perf_counter()
        answer = asst.ask(question)
        answers.append(
            {"seconds": time.perf_counter() - t, "route": answer.route, "timings": answer.timings}
        )
    return {
        "ready_s": ready,
        "ready_at": ready_at,
        "warm_up_s": warm_up,
        "answers": answers,
        "memory": memory_mb(),
    }


MODES = {"floor": _floor, "serve": _serve, "first": _first}


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    result = MODES[spec["mode"]](spec)
    Path(argv[1]).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
