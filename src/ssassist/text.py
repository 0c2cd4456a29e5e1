"""Text utilities shared by chunking, retrieval and answering.

Accent folding, word tokens, Snowball stemming (PyStemmer) and sentence
splitting (NLTK Punkt models bundled with llama-index, so nothing is downloaded).
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache

import Stemmer

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_FOOTNOTE_REF_RE = re.compile(r"\[\^(\w+)\]")
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
_STEMMER_LANG = {"en": "english", "es": "spanish"}


def fold(text: str) -> str:
    """Lowercase and strip accents (also 'ñ' -> 'n'): 'Pensión' -> 'pension'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Word tokens of ``text`` (runs of letters and digits; hyphens split words), unfolded."""
    return _WORD_RE.findall(text)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the :func:`words` of ``text``, in order."""
    return [m.span() for m in _WORD_RE.finditer(text)]


def strip_footnote_refs(text: str) -> str:
    """Remove Markdown footnote references ``[^3]`` from running text."""
    return _FOOTNOTE_REF_RE.sub("", text)


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMER_LANG.get(lang, "english"))


@cache
def stopwords(lang: str) -> frozenset[str]:
    """Folded stopwords of a language (from bm25s' lists, bundled with the package)."""
    from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_SPANISH

    base = STOPWORDS_SPANISH if lang == "es" else STOPWORDS_EN_PLUS
    return frozenset(fold(w) for w in base)


def stem_words(text: str, lang: str) -> list[str]:
    """Folded, stemmed word tokens of ``text`` (stopwords kept: positions matter).

    Stopwords are kept folded but unstemmed: stemmed, Spanish "para" would
    become "par", the stem of "paro" (unemployment).
    """
    stops = stopwords(lang)
    stem = _stemmer(lang).stemWord
    return [w if w in stops else stem(w) for w in (fold(w) for w in words(text))]


def analyze(text: str, lang: str) -> list[str]:
    """BM25 terms: folded, stopwords removed, stemmed in the text's language.

    Stems carry no language tag: Spanish and English stems of the same
    international word ('migrant', 'pension') then match across languages.
    """
    stops = stopwords(lang)
    toks = [fold(w) for w in words(strip_footnote_refs(text))]
    toks = [t for t in toks if t not in stops and (len(t) > 1 or t.isdigit())]
    return _stemmer(lang).stemWords(toks)


def char_ngrams(text: str, lang: str, n: int = 4, min_len: int = 5) -> list[str]:
    """Character n-grams of the folded content words of ``text`` ('_porc', 'orce', ...).

    Spanish and English share many Latin-rooted words that differ only in their
    endings ('porcentaje'/'percentage', 'inmigrantes'/'immigrants'); their
    n-grams overlap where no glossary entry links them. Short words and
    stopwords are left out: their n-grams match everything.
    """
    stops = stopwords(lang)
    grams: list[str] = []
    for w in (fold(w) for w in words(strip_footnote_refs(text))):
        if len(w) < min_len or w in stops or w.isdigit():
            continue
        padded = f"_{w}_"
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


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
