"""Evaluation of ssassist: the gold set, the metrics, the compared systems, the
report (``ssassist eval``) and the latency/memory benchmark (``ssassist bench``).

Everything goes through the public API (:class:`ssassist.Assistant`), so the
figures are those a front end or an eval script would see.
"""

from ssassist.evaluation.gold import GoldSetError, load_gold
from ssassist.evaluation.gold_items import (
    CoverageItem,
    FactualItem,
    GoldItem,
    HistoryItem,
    RefusalItem,
    RouteItem,
)

__all__ = [
    "CoverageItem",
    "FactualItem",
    "GoldItem",
    "GoldSetError",
    "HistoryItem",
    "RefusalItem",
    "RouteItem",
    "load_gold",
]
