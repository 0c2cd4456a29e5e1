"""Text folding shared by the country, benefit and agreement matchers.

Folding maps each character to exactly one character, so a match found in the
folded text has the same span in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE_RUN = re.compile(r"[\s\-_/]+")
_STRIP_PUNCT = re.compile(r"[^\w\s&ñ]")


@lru_cache(maxsize=4096)
def _fold_char(ch: str, keep_enye: bool) -> str:
    low = ch.lower()
    if keep_enye and low == "ñ":
        return "ñ"
    base = "".join(c for c in unicodedata.normalize("NFD", low) if not unicodedata.combining(c))
    return base if len(base) == 1 else ch


def fold_chars(text: str, *, keep_enye: bool = True) -> str:
    """Lower-case and strip accents char by char; the result has len(text) characters."""
    return "".join(_fold_char(ch, keep_enye) for ch in text)


def fold_key(text: str, *, keep_enye: bool = False) -> str:
    """A lookup key: folded, punctuation dropped, runs of spaces/hyphens collapsed.

    ``"EE.UU."`` → ``"eeuu"``, ``"Perú"`` → ``"peru"``, ``"St. Lucia"`` → ``"st lucia"``.
    """
    folded = fold_chars(text, keep_enye=keep_enye)
    folded = folded.replace("&", " and ")
    folded = _STRIP_PUNCT.sub("", folded)
    return _SPACE_RUN.sub(" ", folded).strip()


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace to one space (how quotes are compared)."""
    return " ".join(text.split())


def term_pattern(term: str) -> str:
    """Regex (for folded text, ñ kept) matching *term* with flexible spaces, hyphens and dots."""
    folded = fold_chars(term.strip(), keep_enye=True)
    parts: list[str] = []
    folded = folded.rstrip(".") + ("\x00" if folded.endswith(".") else "")
    for ch in folded:
        if ch == "\x00":
            parts.append(r"\.?")
            continue
        if ch.isspace() or ch in "-_/":
            if not parts or parts[-1] != r"[\s\-]+":
                parts.append(r"[\s\-]+")
        elif ch == ".":
            parts.append(r"\.?\s?")
        elif ch == "&":
            parts.append(r"(?:&|and|y)")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)
