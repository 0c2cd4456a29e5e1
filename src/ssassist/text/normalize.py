"""Text normalisation shared by every stage: one fold, one lookup key, word tokens, blanking.

In: raw text (a question, a passage, a name). Out: folded text of the same length
(so a span found in the folded text is the same span in the original), lookup keys,
word tokens and their spans. Every matcher (countries, benefits, glossary terms,
source names, routing cues) and every term builder folds through :func:`fold`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ssassist.models import Span

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_FOOTNOTE_REF_RE = re.compile(r"\[\^(\w+)\]")
_SPACE_RUN = re.compile(r"[\s\-_/]+")
_STRIP_PUNCT = re.compile(r"[^\w\s&ñ]")


def _fold_char(ch: str, keep_enye: bool) -> str:
    low = ch.lower()
    if keep_enye and low == "ñ":
        return "ñ"
    base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    return base if len(base) == 1 else low if len(low) == 1 else ch


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that folds each character the first time it is met."""

    def __init__(self, keep_enye: bool) -> None:
        super().__init__()
        self.keep_enye = keep_enye

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code), self.keep_enye)
        self[code] = folded
        return folded


_FOLD = {False: _FoldTable(False), True: _FoldTable(True)}


def fold(text: str, *, keep_enye: bool = False) -> str:
    """Lower-case and strip accents character by character: 'Pensión' -> 'pension'.

    The result has ``len(text)`` characters, so spans carry over to the original.
    'ñ' becomes 'n' unless ``keep_enye`` (the name matchers keep it: 'año' is not 'ano').
    """
    return text.translate(_FOLD[keep_enye])


def fold_key(text: str, *, keep_enye: bool = False) -> str:
    """A lookup key: folded, punctuation dropped, runs of spaces/hyphens collapsed.

    ``"EE.UU."`` → ``"eeuu"``, ``"Perú"`` → ``"peru"``, ``"St. Lucia"`` → ``"st lucia"``.
    """
    folded = fold(text, keep_enye=keep_enye)
    folded = folded.replace("&", " and ")
    folded = _STRIP_PUNCT.sub("", folded)
    return _SPACE_RUN.sub(" ", folded).strip()


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace to one space (how quotes are compared)."""
    return " ".join(text.split())


def term_pattern(term: str) -> str:
    """Regex (for folded text, ñ kept) matching *term* with flexible spaces, hyphens and dots."""
    folded = fold(term.strip(), keep_enye=True)
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


def words(text: str) -> list[str]:
    """Word tokens of ``text`` (runs of letters and digits; hyphens split words), unfolded."""
    return _WORD_RE.findall(text)


def word_spans(text: str) -> list[Span]:
    """Character spans of the :func:`words` of ``text``, in order."""
    return [m.span() for m in _WORD_RE.finditer(text)]


def strip_footnote_refs(text: str) -> str:
    """Remove Markdown footnote references ``[^3]`` from running text."""
    return _FOOTNOTE_REF_RE.sub("", text)


def blank(text: str, spans: Sequence[Span]) -> str:
    """``text`` with the given spans replaced by spaces (same length, same offsets)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def phrases_regex(terms: list[str]) -> str:
    """A regex alternation of folded phrases, longest first, any run of spaces between words."""
    alternatives = sorted(
        {re.escape(fold(t)).replace(r"\ ", r"\s+") for t in terms}, key=len, reverse=True
    )
    return "(?:" + "|".join(alternatives) + ")"


def cue_pattern(terms: list[str]) -> re.Pattern[str]:
    """Cue phrases (for folded text) on word boundaries; "^phrase" only where a sentence starts
    ("When did…?", "¿cuándo…?"), not as a conjunction ("even when", "cuando regrese")."""
    anywhere = [t for t in terms if not t.startswith("^")]
    opening = [t[1:] for t in terms if t.startswith("^")]
    alternatives = [rf"(?<!\w){phrases_regex(anywhere)}(?!\w)"] if anywhere else []
    if opening:
        alternatives.append(rf"(?:^|[¿¡?!.;:]\s*){phrases_regex(opening)}(?!\w)")
    return re.compile("|".join(alternatives))
