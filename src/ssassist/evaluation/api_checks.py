"""Gold items scored on the public API rather than on a chat answer.

``route`` items go through ``ask`` like any question, and are scored here on the route
taken; ``membership`` and ``history`` items are scored on the matrix checks they test
(:func:`~ssassist.matrix.queries.find_agreements`, :func:`check_history`).
"""

from __future__ import annotations

from typing import Any

from ssassist.evaluation.gold_items import MembershipItem, RouteItem
from ssassist.evaluation.history_eval import score_history
from ssassist.matrix.queries import find_agreements

API_KINDS = ("history", "membership")  # scored without asking a question


def route_row(item: RouteItem, route: str, coverage: Any) -> dict[str, Any]:
    """Route metrics of one answer: ``route_ok`` (coverage or not, as the item expects, and
    for coverage the right pair) and ``route_exact`` (the very route: rag, refusal, coverage)."""
    want_coverage = item.expected_route == "coverage"
    pair_ok = coverage is not None and {coverage.country_a.code, coverage.country_b.code} == set(
        item.countries
    )
    return {
        "expected_route": item.expected_route,
        "route_ok": (route == "coverage") == want_coverage and (not want_coverage or pair_ok),
        "route_exact": route == item.expected_route and (not want_coverage or pair_ok),
    }


def membership_row(item: MembershipItem, matrix: Any) -> dict[str, Any]:
    """Whether the first agreement the question names is the expected one, with the country
    among its parties exactly when the item expects it."""
    found = [inst for inst, _ in find_agreements(matrix, item.question)]
    member = bool(found) and found[0].id == item.agreement and item.countries[0] in found[0].parties
    return {"exact": member == item.expected_member, "found": [i.id for i in found]}


def api_row(item: Any, matrix: Any) -> dict[str, Any]:
    """The scored row of a ``history`` or ``membership`` item (system "full")."""
    row: dict[str, Any] = {
        "id": item.id, "split": item.split, "lang": item.lang, "kind": item.kind,
        "system": "full", "route": item.kind, "language_ok": True, "refused": False,
        "seconds": 0.0, "answer": "", "error": "", "retrieved": [],
    }  # fmt: skip
    if isinstance(item, MembershipItem):
        row.update(membership_row(item, matrix))
    else:
        row.update({k: v for k, v in score_history(item, matrix).items() if k not in row})
    row["correct"] = row["exact"]
    return row
