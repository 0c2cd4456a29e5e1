"""Coverage exactness: ``python eval/coverage_eval.py``.

Every question of eval/coverage_questions.yaml goes through the public API
twice: ``Assistant.ask`` (routing from free text, then the check) and
``Assistant.check`` with the expected countries and benefit. A question is
exact when the route is "coverage", the countries match, and ``covered``
equals the expected verdict. Membership questions ("is Colombia in the
CMISS?") are checked against the matrix parties. Writes
eval/reports/coverage.{md,json}.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from ssassist.assistant import Assistant
from ssassist.matrix import find_agreements

HERE = Path(__file__).parent
REPORTS = HERE / "reports"


def evaluate(asst: Assistant) -> dict:
    items = yaml.safe_load((HERE / "coverage_questions.yaml").read_text(encoding="utf-8"))[
        "questions"
    ]
    rows = []
    for q in items:
        if "agreement" in q:
            found = [i for i, _ in find_agreements(asst.matrix, q["question"])]
            got = bool(found) and q["countries"][0] in found[0].parties
            rows.append(
                {
                    "id": q["id"],
                    "lang": q["lang"],
                    "kind": "membership",
                    "ok": got == q["expected_member"],
                }
            )
            continue
        a, b = q["countries"]
        direct = asst.check(a, b, q.get("benefit"))
        answer = asst.ask(q["question"])
        routed = answer.coverage
        ok_route = (
            answer.route == "coverage"
            and routed is not None
            and {routed.country_a.code, routed.country_b.code} == {a, b}
            and routed.covered == q["expected_covered"]
            and answer.language == q["lang"]
        )
        rows.append(
            {
                "id": q["id"],
                "lang": q["lang"],
                "kind": "pair",
                "ok": direct.covered == q["expected_covered"],
                "ok_via_ask": ok_route,
                "expected": q["expected_covered"],
                "check": direct.covered,
                "ask_route": answer.route,
                "ask_covered": routed.covered if routed else None,
                "ask_benefit": str(routed.benefit) if routed and routed.benefit else None,
            }
        )
    summary: dict[str, dict[str, float]] = {}
    groups = defaultdict(list)
    for r in rows:
        groups[(r["lang"], r["kind"])].append(r)
    for (lang, kind), rs in sorted(groups.items()):
        entry = {"n": len(rs), "check_exact": sum(r["ok"] for r in rs) / len(rs)}
        if kind == "pair":
            entry["ask_exact"] = sum(r["ok_via_ask"] for r in rs) / len(rs)
        summary[f"{lang}/{kind}"] = entry
    return {"summary": summary, "rows": rows}


def main() -> int:
    result = evaluate(Assistant())
    lines = ["| language/kind | questions | check() exact | ask() exact |", "|---|---|---|---|"]
    for name, s in result["summary"].items():
        ask = f"{s['ask_exact']:.3f}" if "ask_exact" in s else "—"
        lines.append(f"| {name} | {s['n']} | {s['check_exact']:.3f} | {ask} |")
    bad = [r for r in result["rows"] if not r["ok"] or not r.get("ok_via_ask", True)]
    for r in bad:
        lines.append(
            f"\nNot exact: {r['id']}: {json.dumps({k: v for k, v in r.items() if k != 'id'})}"
        )
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "coverage.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (REPORTS / "coverage.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print("\n".join(lines))
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
