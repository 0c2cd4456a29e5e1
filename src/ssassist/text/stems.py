"""Stems and stopwords: the terms BM25 and the answer's lexical overlap compare.

In: text and its language. Out: folded Snowball stems (PyStemmer), stopword lists and
character n-grams (cognates across Spanish and English).
"""

from __future__ import annotations

from functools import cache

import Stemmer

from ssassist.text.normalize import fold, strip_footnote_refs, words

_STEMMER_LANG = {"en": "english", "es": "spanish"}


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


def term_stems(text: str, lang: str) -> list[str]:
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
