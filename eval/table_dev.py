"""Which dev questions the table answers take, and how well: ``python eval/table_dev.py [-v]``.

For every dev factual item, :func:`ssassist.answering.tables.table_answer` either answers
(a trigger) or declines (None, so retrieval answers). Printed per language: how many
factual items trigger and how many of those have every key fact in the answer
(:func:`ssassist.evaluation.metrics.answer_correct`); and how many refusal items and
route items that must not take retrieval's "rag" route (refusal, coverage) trigger,
which would be wrong. Only ``eval/gold/dev_*.yaml`` is read: the held-out split never
tunes anything. No index, no model: the matrix and the documents' metadata only.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

from ssassist.answering.tables import table_answer
from ssassist.assistant import Assistant
from ssassist.config import Settings
from ssassist.evaluation.metrics import answer_correct, missing_facts

GOLD = Path(__file__).parent / "gold"
ROOT = Path(__file__).resolve().parent.parent


def dev_items() -> list[tuple[str, dict]]:
    """(file name, item) of every dev file, never a test file."""
    out = []
    for path in sorted(GOLD.glob("dev_*.yaml")):
        for item in yaml.safe_load(path.read_text("utf-8"))["items"]:
            out.append((path.name, item))
    return out


def main(verbose: bool = False) -> int:
    asst = Assistant(Settings(project_dir=ROOT), translator=None)
    counts: Counter[tuple[str, str, str]] = Counter()
    for name, item in dev_items():
        kind, lang, question = item["kind"], item["lang"], item["question"]
        analysis = asst.query_analysis(question, translate=False)
        answer = table_answer(question, analysis, asst.matrix, asst.documents)
        counts[(kind, lang, "items")] += 1
        if answer is None:
            continue
        counts[(kind, lang, "triggered")] += 1
        if kind == "factual":
            good = answer_correct(item["key_facts"], answer.answer)
            counts[(kind, lang, "correct")] += good
            mark = "ok  " if good else "MISS"
            missing = "" if good else f"  missing {missing_facts(item['key_facts'], answer.answer)}"
            print(f"{mark} {item['id']} [{name}] {question}{missing}")
        elif kind == "refusal" or (
            kind == "route" and item.get("expected_route") in ("refusal", "coverage")
        ):
            counts[(kind, lang, "wrong")] += 1
            print(f"WRONG {item['id']} [{name}] {question}")
        else:
            print(f"trig {item['id']} [{name}] {question}")
        if verbose:
            print("     " + answer.answer.replace("\n", "\n     "))
    print()
    for kind in ("factual", "refusal", "route", "coverage", "membership", "history"):
        for lang in ("es", "en"):
            n = counts[(kind, lang, "items")]
            if not n:
                continue
            t = counts[(kind, lang, "triggered")]
            extra = ""
            if kind == "factual":
                extra = f", all key facts in {counts[(kind, lang, 'correct')]}/{t}"
            elif counts[(kind, lang, "wrong")] or kind in ("refusal", "route"):
                extra = f", wrong triggers {counts[(kind, lang, 'wrong')]}"
            print(f"{kind:10} {lang}: {t}/{n} trigger{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main("-v" in sys.argv[1:]))
