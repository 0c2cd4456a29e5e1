"""Exactness of the work-history check on the gold ``history`` items.

An item is exact when the groups :func:`~ssassist.matrix.history.check_history`
computes for its countries (places worked), benefit and roles are exactly the
expected ones: the same set of (instrument, countries) and, where the item
gives it, the same status (``"covered"``, or ``"unknown"`` for an instrument
that may cover the benefit). This scores the matrix-level check, not a chat
answer; the chat route is wired separately.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ssassist.evaluation.gold_items import HistoryItem
from ssassist.matrix.countries import CountryRegistry
from ssassist.matrix.history import check_history
from ssassist.matrix.history_models import HistoryResult
from ssassist.matrix.loader import Matrix

GroupKey = tuple[str, frozenset[str]]


def _show(key: GroupKey, status: str | None = None) -> str:
    inst, codes = key
    tail = f" ({status})" if status else ""
    return f"{inst}: {'-'.join(sorted(codes))}{tail}"


def compare_groups(item: HistoryItem, result: HistoryResult) -> dict[str, Any]:
    """How the computed groups compare with the expected ones (set equality)."""
    got = {(g.instrument.id, frozenset(g.codes)): g.status for g in result.groups}
    expected = {(e.instrument, frozenset(e.countries)): e.status for e in item.expected_groups}
    missing = [k for k in expected if k not in got]
    extra = [k for k in got if k not in expected]
    wrong = [k for k, s in expected.items() if k in got and s is not None and got[k] != s]
    return {
        "exact": not (missing or extra or wrong),
        "groups": sorted(_show(k, s) for k, s in got.items()),
        "expected_groups": sorted(_show(k, s) for k, s in expected.items()),
        "missing": sorted(_show(k, expected[k]) for k in missing),
        "extra": sorted(_show(k, got[k]) for k in extra),
        "wrong_status": sorted(f"{_show(k)}: got {got[k]}, expected {expected[k]}" for k in wrong),
    }


def score_history(
    item: HistoryItem, matrix: Matrix, registry: CountryRegistry | None = None
) -> dict[str, Any]:
    """One scored row: the item's ids and languages, ``exact`` and the differences."""
    result = check_history(
        matrix,
        item.countries,
        item.benefit,
        nationality=item.nationality,
        residence=item.residence,
        registry=registry,
    )
    row: dict[str, Any] = {
        "id": item.id,
        "split": item.split,
        "lang": item.lang,
        "kind": item.kind,
        "countries": list(item.countries),
        "benefit": str(item.benefit) if item.benefit is not None else None,
    }
    row.update(compare_groups(item, result))
    return row


def evaluate_history(
    items: Sequence[Any], matrix: Matrix, registry: CountryRegistry | None = None
) -> dict[str, Any]:
    """Score every history item of *items* (other kinds are skipped).

    Returns ``{"rows": [...], "summary": {split: {lang|"all": {"n", "exact", "exactness"}}}}``;
    ``exactness`` is None for an empty group.
    """
    rows = [score_history(it, matrix, registry) for it in items if isinstance(it, HistoryItem)]
    summary: dict[str, dict[str, dict[str, Any]]] = {}
    for split in dict.fromkeys(r["split"] for r in rows):
        summary[split] = {}
        for lang in ("es", "en", "all"):
            sel = [r for r in rows if r["split"] == split and lang in ("all", r["lang"])]
            n_exact = sum(r["exact"] for r in sel)
            summary[split][lang] = {
                "n": len(sel),
                "exact": n_exact,
                "exactness": n_exact / len(sel) if sel else None,
            }
    return {"rows": rows, "summary": summary}
