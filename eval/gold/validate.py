"""Check the gold evaluation set (eval/gold/*.yaml) and print its counts.

The checks are those of ``ssassist.evaluation.gold.load_gold`` (the loader
``ssassist eval`` uses; ``ssassist eval --check-gold`` runs them too): the
schema of every item, unique ids, factual passages verbatim in their document,
key facts found in it (or marked as a translation in the note), known
countries and instrument ids, and held-out items that repeat no dev question
and no dev (pair, benefit). Schema: eval/gold/README.md.

    .venv/bin/python eval/gold/validate.py            # check, print counts
    .venv/bin/python eval/gold/validate.py --compare-tool
        # also run the exact coverage check on every coverage item and list where
        # it disagrees with the expected verdict / instruments

Exit status 0 when clean, 1 when any problem is found.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from ssassist.evaluation.gold import GoldSetError, corpus_texts, load_gold
from ssassist.evaluation.gold_items import KINDS, ROUTES
from ssassist.matrix.check import check_coverage
from ssassist.matrix.loader import load_matrix

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def counts(items: list[dict[str, Any]]) -> str:
    lines = []
    by = Counter((it.get("split"), it.get("kind"), it.get("lang")) for it in items)
    lines.append("split  kind      es   en  total")
    for split in ("dev", "test"):
        for kind in KINDS:
            es, en = by[(split, kind, "es")], by[(split, kind, "en")]
            if es or en:
                lines.append(f"{split:5}  {kind:8} {es:4} {en:4} {es + en:6}")
    lines.append(f"total                    {len(items):6}")
    docs = Counter(
        (it.get("split"), str(it.get("doc_id"))[:3], it.get("lang"))
        for it in items
        if it.get("kind") == "factual"
    )
    lines.append("")
    lines.append("factual by document: split doc  es  en")
    for split in ("dev", "test"):
        for doc in ("000", "001", "002", "003", "004"):
            es, en = docs[(split, doc, "es")], docs[(split, doc, "en")]
            lines.append(f"  {split:5} {doc}  {es:3} {en:3}")
    cov = Counter(
        (it.get("split"), it.get("expected_covered"), it.get("lang"))
        for it in items
        if it.get("kind") == "coverage"
    )
    lines.append("")
    lines.append("coverage verdicts: split covered  es  en")
    for split in ("dev", "test"):
        for v in (True, False, None):
            es, en = cov[(split, v, "es")], cov[(split, v, "en")]
            lines.append(f"  {split:5} {str(v):5}  {es:3} {en:3}")
    routes = Counter(
        (it.get("split"), it.get("expected_route"), it.get("lang"))
        for it in items
        if it.get("kind") == "route"
    )
    if routes:
        lines.append("")
        lines.append("route items: split route     es  en")
        for split in ("dev", "test"):
            for route in ROUTES:
                es, en = routes[(split, route, "es")], routes[(split, route, "en")]
                if es or en:
                    lines.append(f"  {split:5} {route:9} {es:3} {en:3}")
    return "\n".join(lines)


def compare_tool(items: list[dict[str, Any]]) -> list[str]:
    """Run ssassist's exact check on every coverage item; list disagreements."""
    matrix = load_matrix()
    out = []
    for it in items:
        if it.get("kind") != "coverage":
            continue
        a, b = it["countries"]
        r = check_coverage(matrix, a, b, it.get("benefit"))
        got = {i.id for i in r.instruments}
        missing = [i for i in it["expected_instruments"] if i not in got]
        if r.covered != it["expected_covered"] or missing:
            out.append(
                f"{it['id']} ({it['split']}) {a}-{b} {it.get('benefit')}: expected "
                f"{it['expected_covered']} {it['expected_instruments']}; tool says {r.covered} "
                f"(reason {r.reason}, instruments {sorted(got)})"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--compare-tool", action="store_true", help="compare coverage items with ssassist"
    )
    args = ap.parse_args(argv)
    ids = {i.id for i in load_matrix().instruments}
    try:
        items = [it.model_dump() for it in load_gold(HERE, corpus_texts(ROOT / "corpus"), ids)]
    except GoldSetError as exc:
        print(f"ERROR {exc}")
        return 1
    print(counts(items))
    print()
    if args.compare_tool:
        diffs = compare_tool(items)
        print(f"coverage items where the tool disagrees: {len(diffs)}")
        for d in diffs:
            print("  " + d)
        print()
    print(f"{len(items)} items, 0 error(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
