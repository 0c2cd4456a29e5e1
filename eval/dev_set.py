"""Load the dev question set and match gold passages against retrieved chunks.

The matching lives in :mod:`ssassist.evaluation.gold` (shared with ``ssassist eval``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ssassist.evaluation.gold import chunk_contains, contains_passage, normalize

__all__ = ["DEV_FILE", "chunk_contains", "contains_passage", "load_questions", "normalize"]

DEV_FILE = Path(__file__).with_name("dev_questions.yaml")


def load_questions(path: Path = DEV_FILE) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
