"""Calibrate the refusal threshold on the gold set's dev split: ``python eval/calibrate.py``.

Every dev factual and refusal question is answered with the threshold at 0,
recording the evidence score (``Answer.support``) of answerable and
must-refuse questions (questions the exact check answers are left out: no
threshold decides them). The threshold printed is the one that maximises the
lower of refusal precision and recall (the targets of `ssassist eval` ask for
both), preferring the lower of equally good thresholds, so that a doubtful
question is answered with quotes rather than refused. Only the dev split is
read: the held-out split must never tune anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ssassist.assistant import Assistant
from ssassist.config import Settings
from ssassist.evaluation.gold import load_gold
from ssassist.evaluation.gold_items import CoverageItem

GOLD = Path(__file__).parent / "gold"


def main() -> int:
    settings = Settings()
    settings.answer.min_support = 0.0
    asst = Assistant(settings)
    scored: list[tuple[float, bool, str, str]] = []
    for it in load_gold(GOLD):
        if it.split != "dev" or isinstance(it, CoverageItem):
            continue
        a = asst.ask(it.question)
        if a.route == "coverage":
            continue  # decided by the exact check, not by the threshold
        scored.append((a.support, it.kind == "factual", it.id, it.lang))
    best = (0.0, 0.0)
    for t in sorted({round(s, 3) for s, *_ in scored}):
        score = min(_precision_recall(scored, t))
        if score > best[0]:
            best = (score, t)
    t = best[1]
    for lang in ("es", "en", None):
        rows = [r for r in scored if lang is None or r[3] == lang]
        pos = sorted(s for s, ok, *_ in rows if ok)
        neg = sorted(s for s, ok, *_ in rows if not ok)
        print(
            f"{lang or 'all'}: answerable n={len(pos)} support min/median "
            f"{pos[0]:.3f}/{pos[len(pos) // 2]:.3f}; must refuse n={len(neg)} median/max "
            f"{neg[len(neg) // 2]:.3f}/{neg[-1]:.3f}; refusal precision/recall at "
            "{:.3f}: {:.3f}/{:.3f}".format(t, *_precision_recall(rows, t))
        )
    print(f"best threshold {t:.3f}: lower of refusal precision and recall {best[0]:.3f}")
    for s, ok, qid, _ in sorted(scored):
        if (s >= t) != ok:
            print(
                f"  misclassified {qid}: support {s:.3f} ({'answerable' if ok else 'must refuse'})"
            )
    return 0


def _precision_recall(rows: list[tuple[float, bool, str, str]], t: float) -> tuple[float, float]:
    """Precision and recall of refusing the questions whose support is under ``t``."""
    refused = [ok for s, ok, *_ in rows if s < t]
    must = sum(not ok for _, ok, *_ in rows)
    right = sum(not ok for ok in refused)
    return (right / len(refused) if refused else 0.0, right / must if must else 0.0)


if __name__ == "__main__":
    sys.exit(main())
