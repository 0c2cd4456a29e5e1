"""Calibrate the refusal threshold on the dev set: ``python eval/calibrate.py``.

Every dev question is answered with the threshold at 0, recording the
evidence score (``Answer.support``) of answerable and must-refuse questions.
The threshold printed is the one that maximises balanced accuracy (the mean
of the answered rate on answerable questions and the refused rate on the
others), preferring the lower of equally good thresholds, so that a doubtful
question is answered with quotes rather than refused.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from dev_set import load_questions  # noqa: E402

from ssassist.assistant import Assistant  # noqa: E402
from ssassist.config import Settings  # noqa: E402


def main() -> int:
    settings = Settings()
    settings.answer.min_support = 0.0
    asst = Assistant(settings)
    scored: list[tuple[float, bool, str]] = []
    for q in load_questions():
        a = asst.ask(q["question"])
        if a.route == "coverage":
            continue  # decided by the exact check, not by the threshold
        scored.append((a.support, q["kind"] == "factual", q["id"]))
    pos = sorted(s for s, ok, _ in scored if ok)
    neg = sorted(s for s, ok, _ in scored if not ok)
    best = (0.0, 0.0)
    for t in sorted({round(s, 3) for s, _, _ in scored}):
        answered = sum(s >= t for s in pos) / len(pos)
        refused = sum(s < t for s in neg) / len(neg)
        score = (answered + refused) / 2
        if score > best[0]:
            best = (score, t)
    t = best[1]
    print(f"answerable: n={len(pos)} support min/median {pos[0]:.3f}/{pos[len(pos) // 2]:.3f}")
    print(f"must refuse: n={len(neg)} support median/max {neg[len(neg) // 2]:.3f}/{neg[-1]:.3f}")
    print(f"best threshold {t:.3f}: balanced accuracy {best[0]:.3f}")
    for s, ok, qid in sorted(scored):
        if (s >= t) != ok:
            print(f"  misclassified {qid}: support {s:.3f} ({'answerable' if ok else 'must refuse'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
