"""The eval's quality targets: each target of the issue on one split, with its value, PASS or
MISS, and for a miss a sentence, computed from the rows, on what limits it.

:func:`targets` runs inside :func:`~ssassist.evaluation.runner.evaluate`; the report
(:mod:`.report`) shows its rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ssassist.evaluation.gold_items import LANGS
from ssassist.evaluation.systems import TOP_K

RECALL = f"recall@{TOP_K}"
BASELINES = ("bm25", "dense")
MAX_BODY_WORDS = 80
REFUSAL_GOAL = 0.85


def _ids(rows: Sequence[dict[str, Any]], limit: int = 12) -> str:
    ids = [r["id"] for r in rows]
    return ", ".join(ids[:limit]) + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def summary_cell(
    summary: dict[str, Any], split: str, system: str, lang: str, kind: str
) -> dict[str, Any]:
    """The summary's metrics of one split, system, language and kind ({} when absent)."""
    return summary.get(split, {}).get(system, {}).get(lang, {}).get(kind, {})


def _recall_limit(rows: list[dict[str, Any]], doc_lang: dict[str, str]) -> str:
    missed = [r for r in rows if r["rank"] is None or r["rank"] > TOP_K]
    cross = [r for r in missed if doc_lang.get(r.get("doc_id", ""), r["lang"]) != r["lang"]]
    text = (
        f"{len(missed)} of {len(rows)} questions miss their passage in the top {TOP_K} "
        f"({_ids(missed)})"
    )
    if cross:
        text += (
            f"; {len(cross)} of these are questions in one language about a document in the other, "
            "which the English-only embedding model reaches only through the question's machine "
            "translation and the glossary"
        )
    return text + "."


def _accuracy_limit(rows: list[dict[str, Any]]) -> str:
    wrong = [r for r in rows if not r["accurate"]]
    refused = [r for r in wrong if r["route"] == "refusal"]
    routed = [r for r in wrong if r["route"] == "coverage"]
    rest = [r for r in wrong if r["route"] not in ("refusal", "coverage")]
    no_passage = [r for r in rest if r["rank"] is None]
    quoted_wrong = [r for r in rest if r["rank"] is not None]
    parts = []
    if refused:
        parts.append(f"{len(refused)} refused ({_ids(refused, 6)})")
    if routed:
        parts.append(f"{len(routed)} sent to the coverage check ({_ids(routed, 6)})")
    if no_passage:
        parts.append(
            f"{len(no_passage)} answered without the gold passage retrieved ({_ids(no_passage, 6)})"
        )
    if quoted_wrong:
        parts.append(
            f"{len(quoted_wrong)} had the passage retrieved but the quoted sentences lack a key "
            f"fact ({_ids(quoted_wrong, 6)}): the extractive answer quotes only its best few "
            "sentences"
        )
    return f"{len(wrong)} of {len(rows)} answers miss a key fact: " + "; ".join(parts) + "."


def _coverage_limit(rows: list[dict[str, Any]]) -> str:
    bad = [r for r in rows if not r["exact"]]
    parts = []
    for label, test in (
        ("not routed to the check", lambda r: not r["route_ok"]),
        ("wrong country pair", lambda r: r["route_ok"] and not r["pair_ok"]),
        (
            "another benefit read from the question",
            lambda r: r["route_ok"] and r["pair_ok"] and not r["benefit_ok"],
        ),
        (
            "wrong verdict for the right pair and benefit",
            lambda r: r["route_ok"] and r["pair_ok"] and r["benefit_ok"] and not r["verdict_ok"],
        ),
        (
            "expected instruments not among the deciding ones",
            lambda r: (
                r["route_ok"]
                and r["pair_ok"]
                and r["benefit_ok"]
                and r["verdict_ok"]
                and not r["instruments_ok"]
            ),
        ),
    ):
        sel = [r for r in bad if test(r)]
        if sel:
            parts.append(f"{label}: {_ids(sel, 8)}")
    return f"{len(bad)} of {len(rows)} coverage questions are not exact — " + "; ".join(parts) + "."


def _refusal_limit(rows: list[dict[str, Any]], which: str) -> str:
    rows = [r for r in rows if r["kind"] in ("factual", "coverage", "refusal")]
    if which == "precision":
        bad = [r for r in rows if r["refused"] and r["kind"] != "refusal"]
        return (
            f"{len(bad)} answerable questions were refused ({_ids(bad)}): the answer judged "
            "their evidence too weak."
        )
    bad = [r for r in rows if not r["refused"] and r["kind"] == "refusal"]
    parts = []
    for subset, label in SUBSETS.items():
        sel = [r for r in bad if r.get("refusal_set", "old") == subset]
        if sel:
            parts.append(f"{len(sel)} {label} ({_ids(sel, 8)})")
    routed = [r for r in bad if r["route"] == "coverage"]
    text = f"{len(bad)} questions that must be refused were answered: " + "; ".join(parts)
    if routed:
        text += f"; {len(routed)} of them were sent to the coverage check"
    return text + "."


SUBSETS = {
    "old": "old refusal items (mostly off-topic)",
    "new": "new refusal items (on-topic, the documents do not answer)",
}


def _lead_limit(rows: list[dict[str, Any]]) -> str:
    wrong = [r for r in rows if not r.get("lead_accurate")]
    in_body = [r for r in wrong if r["accurate"]]
    return (
        f"{len(wrong)} of {len(rows)} first lines lack a key fact ({_ids(wrong, 8)}); "
        f"{len(in_body)} of them have every key fact further down the answer."
    )


def _body_language_limit(rows: list[dict[str, Any]], lang: str) -> str:
    wrong = [r for r in rows if r.get("answered") and not r["body_lang_ok"]]
    kinds = ", ".join(
        f"{k} {sum(r['kind'] == k for r in wrong)}" for k in dict.fromkeys(r["kind"] for r in wrong)
    )
    return (
        f"{len(wrong)} answered questions have a body detected in another language than {lang} "
        f"({kinds}: {_ids(wrong, 8)})."
    )


def _body_words_limit(rows: list[dict[str, Any]], goal: int) -> str:
    answered = [r for r in rows if r.get("answered")]
    long = [r for r in answered if r["body_words"] > goal]
    return (
        f"{len(long)} of {len(answered)} answered factual questions have a body over {goal} "
        f"words (longest {max((r['body_words'] for r in answered), default=0)})."
    )


def targets(result: dict[str, Any], split: str) -> list[dict[str, Any]]:
    """The issue's quality targets on one split, each with value, status and limit."""
    summary = result["summary"]
    rows = [r for r in result["rows"] if r["split"] == split]
    doc_lang = result.get("doc_languages", {})
    full = [r for r in rows if r["system"] == "full"]
    out: list[dict[str, Any]] = []

    def add(name: str, value: Any, ok: bool | None, limit: str = "") -> None:
        status = "n/a" if ok is None else "PASS" if ok else "MISS"
        out.append({"target": name, "value": value, "status": status, "limit": "" if ok else limit})

    for lang in LANGS:
        fact = [r for r in full if r["lang"] == lang and r["kind"] == "factual"]
        cell = summary_cell(summary, split, "full", lang, "factual")
        for metric, goal, limit in (
            (RECALL, 0.95, lambda fact=fact: _recall_limit(fact, doc_lang)),
            ("accuracy", 0.85, lambda fact=fact: _accuracy_limit(fact)),
            ("lead_accuracy", 0.70, lambda fact=fact: _lead_limit(fact)),
        ):
            v = cell.get(metric)
            ok = None if v is None else v >= goal
            add(f"{metric} ≥ {goal} ({lang})", v, ok, limit() if fact else "")
    for lang in LANGS:
        mine = [r for r in full if r["lang"] == lang]
        v = summary_cell(summary, split, "full", lang, "all").get("body_language")
        add(
            f"body language = asker's language, 100% of answered questions ({lang})",
            v,
            None if v is None else v == 1.0,
            _body_language_limit(mine, lang),
        )
    for lang in LANGS:
        fact = [r for r in full if r["lang"] == lang and r["kind"] == "factual"]
        v = summary_cell(summary, split, "full", lang, "factual").get("body_words_median")
        add(
            f"median body ≤ {MAX_BODY_WORDS} words, answered factual questions ({lang})",
            v,
            None if v is None else v <= MAX_BODY_WORDS,
            _body_words_limit(fact, MAX_BODY_WORDS),
        )
    cov = [r for r in full if r["kind"] == "coverage"]
    v = summary_cell(summary, split, "full", "all", "coverage").get("coverage_exactness")
    add(
        "coverage exactness = 100%",
        v,
        None if v is None else v == 1.0,
        _coverage_limit(cov) if cov else "",
    )
    for lang in LANGS:
        routes = [r for r in full if r["lang"] == lang and r["kind"] == "route"]
        v = summary_cell(summary, split, "full", lang, "route").get("route_accuracy")
        wrong = [r["id"] for r in routes if not r["route_ok"]]
        add(
            f"route right (coverage or not) ≥ 0.95 on two-country questions ({lang})",
            v,
            None if v is None else v >= 0.95,
            f"{len(wrong)} misrouted: {', '.join(wrong)}",
        )
    for kind in ("history", "membership"):
        v = summary_cell(summary, split, "full", "all", kind).get("check_exactness")
        wrong = [r["id"] for r in full if r["kind"] == kind and not r["exact"]]
        add(f"{kind} exactness = 100%", v, None if v is None else v == 1.0, ", ".join(wrong))
    for lang in LANGS:
        cell = summary_cell(summary, split, "full", lang, "all")
        mine = [r for r in full if r["lang"] == lang]
        for which in ("precision", "recall"):
            v = cell.get(f"refusal_{which}")
            add(
                f"refusal {which} ≥ {REFUSAL_GOAL}, old and new refusal items ({lang})",
                v,
                None if v is None else v >= REFUSAL_GOAL,
                _refusal_limit(mine, which),
            )
    for lang in LANGS:
        for metric in (RECALL, "accuracy"):
            mine = summary_cell(summary, split, "full", lang, "factual").get(metric)
            others = {
                b: summary_cell(summary, split, b, lang, "factual").get(metric) for b in BASELINES
            }
            others = {b: v for b, v in others.items() if v is not None}
            if mine is None or not others:
                add(f"full ahead of baselines on {metric} ({lang})", None, None)
                continue
            behind = {b: v for b, v in others.items() if not mine > v}
            value = f"{mine:.3f} vs " + ", ".join(f"{b} {v:.3f}" for b, v in others.items())
            fact = [r for r in full if r["lang"] == lang and r["kind"] == "factual"]
            limit = (
                "not ahead of "
                + ", ".join(
                    f"{b} ({'tie' if v == mine else 'behind'} at {v:.3f})"
                    for b, v in behind.items()
                )
                + ": "
                + (_recall_limit(fact, doc_lang) if metric == RECALL else _accuracy_limit(fact))
            )
            add(f"full ahead of baselines on {metric} ({lang})", value, not behind, limit)
    return out
