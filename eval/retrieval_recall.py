"""Retrieval recall@1/@5 per language on the dev set: ``python eval/retrieval_recall.py``.

A question counts as found at k when one of the first k retrieved passages
contains its gold passage. Needs a built index (``ssassist ingest``).
Writes eval/reports/retrieval_recall.{md,json}.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from dev_set import chunk_contains, load_questions  # noqa: E402

from ssassist.assistant import Assistant  # noqa: E402

REPORTS = Path(__file__).with_name("reports")


def evaluate(asst: Assistant, k: int = 5) -> dict:
    rows = []
    for q in load_questions():
        if q["kind"] != "factual":
            continue
        hits = asst.retrieve(q["question"], top_k=k)
        rank = next(
            (i for i, h in enumerate(hits, 1) if chunk_contains(h.chunk, q["passage"])), None
        )
        rows.append({"id": q["id"], "lang": q["lang"], "doc": q["doc_id"][:3], "rank": rank})
    summary: dict[str, dict[str, float]] = {}
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r["lang"]].append(r)
        groups["all"].append(r)
    for name, rs in groups.items():
        summary[name] = {
            "n": len(rs),
            "recall@1": sum(r["rank"] == 1 for r in rs) / len(rs),
            f"recall@{k}": sum(r["rank"] is not None for r in rs) / len(rs),
        }
    return {"k": k, "summary": summary, "rows": rows}


def main() -> int:
    result = evaluate(Assistant())
    k = result["k"]
    lines = ["| language | questions | recall@1 | recall@%d |" % k, "|---|---|---|---|"]
    for name in ("es", "en", "all"):
        s = result["summary"][name]
        lines.append(f"| {name} | {s['n']} | {s['recall@1']:.3f} | {s[f'recall@{k}']:.3f} |")
    missed = [r for r in result["rows"] if r["rank"] is None]
    if missed:
        lines += ["", "Missed: " + ", ".join(r["id"] for r in missed)]
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "retrieval_recall.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (REPORTS / "retrieval_recall.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
