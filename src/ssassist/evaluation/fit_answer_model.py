"""Fit the answer model on the gold dev split: ``python -m ssassist.evaluation.fit_answer_model``.

Every dev factual and refusal question that goes to retrieval (the exact check decides
the others) is retrieved and its units scored as in an answer. Two logistic
regressions (scikit-learn) are fitted and written to ``ssassist/data/answer_model.json``
(:mod:`ssassist.answering.evidence_model`):

* the unit ranker: which unit holds the answer, fitted pairwise within each question.
  A unit of a factual question is a positive when it holds the most key facts of any
  unit of that question (at least half of them);
* the answerability decision: factual questions are answerable, refusal questions
  are not. Its question signals are computed with out-of-fold ranker scores (grouped
  by question), and its threshold is the one that maximises the lower of refusal
  precision and recall over cross-validated probabilities.

Only the dev split is read: the held-out split must never tune anything.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict
from sklearn.preprocessing import StandardScaler

from ssassist.answering.evidence_model import (
    MODEL_FILE,
    QUESTION_FEATURES,
    UNIT_FEATURES,
    Asked,
    Linear,
    embedding_name,
    question_features,
    unit_features,
)
from ssassist.answering.units import key_terms
from ssassist.assistant import Assistant
from ssassist.evaluation.gold import load_gold
from ssassist.evaluation.metrics import fact_present
from ssassist.text.clean import clean_question

GOLD = Path(__file__).resolve().parents[3] / "eval" / "gold"
OUT = Path(__file__).resolve().parents[1] / "data" / MODEL_FILE
FOLDS = 5


def collect(asst: Assistant, gold: Path) -> list[dict]:
    """Per dev question going to retrieval: its unit rows, unit labels and answerability."""
    out = []
    for it in load_gold(gold):
        if it.split != "dev" or it.kind not in ("factual", "refusal"):
            continue
        text, _ = clean_question(it.question, asst.settings.answer.max_question_chars)
        analysis = asst.query_analysis(text, translate=False)
        if asst._route(text, analysis, []) is not None:
            continue  # the exact check answers it
        analysis, _, units = asst.evidence(analysis)
        asked = Asked.of(analysis)
        facts = list(getattr(it, "key_facts", []) or [])
        held = [sum(fact_present(f, u.text) for f in facts) for u in units]
        best = max(held, default=0)
        ok = bool(facts) and best * 2 >= len(facts) and best > 0
        out.append(
            {
                "id": it.id,
                "lang": it.lang,
                "answerable": it.kind == "factual",
                "asked": asked,
                "units": units,
                "rows": unit_features(asked, units),
                "labels": np.asarray([ok and h == best for h in held], dtype=bool),
                "n_terms": len(key_terms(analysis)),
            }
        )
    return out


def _linear(scaler: StandardScaler, model: LogisticRegression) -> Linear:
    return Linear(
        mean=scaler.mean_,
        scale=scaler.scale_,
        coef=model.coef_[0],
        intercept=float(model.intercept_[0]),
    )


def fit_ranker(data: list[dict]) -> tuple[Linear, dict[str, np.ndarray]]:
    """The unit ranker, fitted on every question, and out-of-fold scores per question.

    Pairwise: within each question, (positive − negative) unit rows are told from
    (negative − positive) ones, so the model learns what makes one unit of a question
    a better answer than another (better at the top unit than a per-unit fit).
    """
    with_units = [d for d in data if len(d["units"])]
    scaler = StandardScaler().fit(np.vstack([d["rows"] for d in with_units]))
    rows = {d["id"]: scaler.transform(d["rows"]) for d in with_units}
    groups = np.arange(len(with_units))
    oof: dict[str, np.ndarray] = {}
    for train, test in GroupKFold(FOLDS).split(groups, groups=groups):
        coef = _pairwise([with_units[i] for i in train], rows)
        for i in test:
            oof[with_units[i]["id"]] = rows[with_units[i]["id"]] @ coef
    coef = _pairwise(with_units, rows)
    return Linear(mean=scaler.mean_, scale=scaler.scale_, coef=coef, intercept=0.0), oof


def _pairwise(data: list[dict], rows: dict[str, np.ndarray]) -> np.ndarray:
    """Weights of a logistic regression on within-question differences of unit rows."""
    x, y = [], []
    for d in data:
        r, labels = rows[d["id"]], d["labels"]
        for p in np.where(labels)[0]:
            for n in np.where(~labels)[0]:
                x.extend([r[p] - r[n], r[n] - r[p]])
                y.extend([1, 0])
    model = LogisticRegression(fit_intercept=False, max_iter=3000).fit(np.asarray(x), y)
    return model.coef_[0]


def fit_answerability(data: list[dict], oof: dict[str, np.ndarray]) -> tuple[Linear, float, dict]:
    """The answerability model, its threshold and its cross-validated dev figures."""
    x = np.vstack(
        [
            question_features(
                d["asked"], d["units"], d["rows"], oof.get(d["id"], np.zeros(0)), d["n_terms"]
            )
            for d in data
        ]
    )
    y = np.asarray([d["answerable"] for d in data])
    scaler = StandardScaler().fit(x)
    xs = scaler.transform(x)
    model = LogisticRegression(class_weight="balanced", max_iter=2000)
    cv = cross_val_predict(
        model, xs, y, cv=StratifiedKFold(FOLDS, shuffle=True, random_state=0),
        method="decision_function",
    )  # fmt: skip
    model.fit(xs, y)
    threshold, best = 0.0, -1.0
    for t in sorted(set(np.round(cv, 3))):
        p, r = _refusal_pr(y, cv >= t)
        if min(p, r) > best:
            best, threshold = min(p, r), float(t)
    figures = {}
    for lang in ("es", "en", None):
        keep = np.asarray([lang is None or d["lang"] == lang for d in data])
        p, r = _refusal_pr(y[keep], cv[keep] >= threshold)
        figures[lang or "all"] = {"refusal_precision": round(p, 3), "refusal_recall": round(r, 3)}
    return _linear(scaler, model), threshold, figures


def _refusal_pr(answerable: np.ndarray, answered: np.ndarray) -> tuple[float, float]:
    refuse, refused = ~answerable, ~answered
    tp = float((refuse & refused).sum())
    return (
        tp / refused.sum() if refused.sum() else 0.0,
        tp / refuse.sum() if refuse.sum() else 0.0,
    )


def lead_hits(data: list[dict], scores: dict[str, np.ndarray]) -> dict[str, float]:
    """Share of answerable questions whose top-scored unit is a positive, per language."""
    out = {}
    for lang in ("es", "en"):
        rows = [d for d in data if d["answerable"] and d["lang"] == lang and len(d["units"])]
        hits = [bool(d["labels"][int(np.argmax(scores[d["id"]]))]) for d in rows]
        out[lang] = round(sum(hits) / len(hits), 3) if hits else None
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gold", type=Path, default=GOLD)
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    asst = Assistant()
    asst.warm_up()
    data = collect(asst, args.gold)
    ranker, oof = fit_ranker(data)
    answerable, threshold, figures = fit_answerability(data, oof)
    base = {d["id"]: np.asarray([u.score for u in d["units"]]) for d in data if len(d["units"])}
    fitted = {
        "embedding": embedding_name(asst.embed_model),
        "split": "dev",
        "questions": len(data),
        "answerable": sum(d["answerable"] for d in data),
        "units": int(sum(len(d["units"]) for d in data)),
        "cross_validated": {
            "top_unit_holds_answer": lead_hits(data, oof),
            "top_unit_holds_answer_before": lead_hits(data, base),
            "refusal": figures,
        },
        "command": "python -m ssassist.evaluation.fit_answer_model",
    }
    model = {
        "unit_features": list(UNIT_FEATURES),
        "question_features": list(QUESTION_FEATURES),
        "ranker": ranker.to_dict(),
        "answerable": answerable.to_dict(),
        "threshold": threshold,
        "fitted": fitted,
    }
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(fitted, indent=1))
    print(f"wrote {args.out} in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
