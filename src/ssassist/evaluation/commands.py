"""The ``ssassist eval`` and ``ssassist bench`` subcommands (wired in :mod:`ssassist.cli`)."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from ssassist.errors import SSAssistError


def _out_dir(value: str | None, settings: Any) -> Path:
    return Path(value) if value else settings.project_dir / "eval" / "reports"


def _command(argv_tail: list[str]) -> str:
    return "ssassist " + " ".join(shlex.quote(a) for a in argv_tail)


def cmd_eval(args: argparse.Namespace) -> int:
    from ssassist.assistant import Assistant
    from ssassist.evaluation.gold import corpus_texts, load_gold
    from ssassist.evaluation.report import write
    from ssassist.evaluation.runner import evaluate
    from ssassist.evaluation.systems import SYSTEMS

    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in SYSTEMS] or ([] if systems else ["(none)"])
    if unknown:
        raise SSAssistError(
            f"unknown system(s) {', '.join(unknown)}; choose from {', '.join(SYSTEMS)}"
        )
    asst = Assistant()
    gold_dir = Path(args.gold) if args.gold else asst.settings.project_dir / "eval" / "gold"
    if args.check_gold:
        ids = {i.id for i in asst.matrix.instruments} if asst.has_matrix else None
        items = load_gold(gold_dir, corpus_texts(asst.settings.corpus_path), ids)
        print(f"{gold_dir}: {len(items)} items, all valid")
        return 0
    result = evaluate(
        asst,
        gold_dir,
        split=args.split,
        systems=systems,
        limit=args.limit,
        command=_command(sys.argv[1:]) if sys.argv[1:2] == ["eval"] else "ssassist eval",
        progress=lambda msg: print(msg, file=sys.stderr),
    )
    paths = write(result, _out_dir(args.out, asst.settings))
    for split, rows in result["targets"].items():
        for t in rows:
            print(f"[{split}] {t['status']:4} {t['target']}: {_short(t['value'])}")
    print("report: " + ", ".join(str(p) for p in paths.values()))
    return 0


def _short(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def cmd_bench(args: argparse.Namespace) -> int:
    from ssassist.evaluation.benchmark import run_benchmark

    if args.threads:
        try:
            threads = [int(t) for t in args.threads.split(",")]
        except ValueError as exc:
            raise SSAssistError(
                f"--threads takes numbers separated by commas, not {args.threads!r}"
            ) from exc
    else:
        threads = [1, 2, 4, 8]
    run_benchmark(
        out=Path(args.out) if args.out else None,
        gold=Path(args.gold) if args.gold else None,
        threads=threads,
        workload=args.workload,
        floor_samples=args.floor_samples,
        skip_ingest=args.skip_ingest,
        skip_app=args.skip_app,
        limit=args.limit or None,
        command=_command(sys.argv[1:]) if sys.argv[1:2] == ["bench"] else "ssassist bench",
    )
    return 0


def add_parsers(sub: Any) -> None:
    """Add ``eval`` and ``bench`` to the CLI's subparsers."""
    p = sub.add_parser(
        "eval", help="score the gold set (eval/gold/) against the baselines; writes a report"
    )
    p.add_argument(
        "--split",
        choices=["dev", "test", "all"],
        default="all",
        help="which split to run (each split is reported separately; default: all)",
    )
    p.add_argument("--out", default=None, help="report folder (default: eval/reports/)")
    p.add_argument(
        "--systems",
        default="full,bm25,dense,retrieval",
        help="comma-separated systems: full, bm25, dense (baselines, on factual and refusal "
        "questions), retrieval (coverage questions without the exact check); default: all",
    )
    p.add_argument(
        "--limit",
        type=int,
        default=None,
        help="quick run: only the first N items of each split, kind and language",
    )
    p.add_argument("--gold", default=None, help="gold folder (default: eval/gold/)")
    p.add_argument("--check-gold", action="store_true", help="only validate the gold set and exit")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="latency, throughput, memory, ingest and start-up benchmark")
    p.add_argument("--out", default=None, help="report folder (default: eval/reports/)")
    p.add_argument(
        "--gold", default=None, help="gold folder whose questions are asked (default: eval/gold/)"
    )
    p.add_argument("--threads", default=None, help="concurrent callers to try (default: 1,2,4,8)")
    p.add_argument(
        "--workload", type=int, default=24, help="questions per throughput run (default: 24)"
    )
    p.add_argument(
        "--floor-samples", type=int, default=50, help="samples of the floor (default: 50)"
    )
    p.add_argument(
        "--limit",
        type=int,
        default=6,
        help="latency pass: the first N questions of each split, kind and language "
        "(default: 6; 0: all)",
    )
    p.add_argument("--skip-ingest", action="store_true", help="do not time a rebuild of the index")
    p.add_argument("--skip-app", action="store_true", help="do not time the app's cold start")
    p.set_defaults(func=cmd_bench)
