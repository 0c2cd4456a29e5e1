"""Load the dev question set and match gold passages against retrieved chunks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

DEV_FILE = Path(__file__).with_name("dev_questions.yaml")
_MARKUP = re.compile(r"\[\^\w+\]:?|\*\*|^\s*(?:#+|-|\|)\s*", re.MULTILINE)


def normalize(text: str) -> str:
    """Whitespace-collapsed text without the Markdown markup the corpus adds."""
    text = _MARKUP.sub(" ", text).replace("|", " ")
    return " ".join(text.split())


def load_questions(path: Path = DEV_FILE) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def contains_passage(chunk_text: str, passage: str) -> bool:
    return normalize(passage) in normalize(chunk_text)


def chunk_contains(chunk, passage: str) -> bool:  # type: ignore[no-untyped-def]
    """A retrieved chunk holds the gold passage: in its text or, for a matrix fact,
    in the document quote it rests on (either one containing the other)."""
    if contains_passage(chunk.text, passage):
        return True
    quote = getattr(chunk, "source_quote", "")
    return bool(quote) and (contains_passage(quote, passage) or contains_passage(passage, quote))
