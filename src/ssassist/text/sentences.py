"""Sentence splitting: a paragraph into verbatim sentences (NLTK Punkt, bundled with
llama-index, so nothing is downloaded; the domain's abbreviations kept whole)."""

from __future__ import annotations

import os
from functools import cache

_ABBREVIATIONS = {
    "no",
    "nos",
    "núm",
    "nº",
    "art",
    "arts",
    "e.g",
    "i.e",
    "n.d",
    "al",
    "sr",
    "sra",
    "dr",
    "vol",
    "pp",
    "ed",
    "eds",
    "etc",
    "cf",
    "vs",
    "u.s",
    "ee.uu",
    "approx",
    "aprox",
    "inc",
}


@cache
def _punkt(lang: str):  # type: ignore[no-untyped-def]
    import llama_index.core
    import nltk
    from nltk.tokenize import PunktTokenizer

    bundled = os.path.join(os.path.dirname(llama_index.core.__file__), "_static", "nltk_cache")
    if bundled not in nltk.data.path:
        nltk.data.path.append(bundled)
    tok = PunktTokenizer("spanish" if lang == "es" else "english")
    tok._params.abbrev_types.update(_ABBREVIATIONS)
    return tok


def sentences(text: str, lang: str) -> list[str]:
    """Split a paragraph into sentences (verbatim substrings, stripped)."""
    text = text.strip()
    if not text:
        return []
    return [s.strip() for s in _punkt(lang).tokenize(text) if s.strip()]
