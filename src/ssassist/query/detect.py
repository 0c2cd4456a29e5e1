"""Which language a question is written in: Spanish or English (lingua, plus cues).

In: the question. Out: the language answers are given in ("es" | "en") and the language
detected (another one gets an answer in Spanish or English with a notice).
"""

from __future__ import annotations

import re
from functools import cache

from ssassist.models import Lang
from ssassist.text.normalize import fold, words
from ssassist.text.stems import stopwords

_SPANISH_MARKS = re.compile(r"[¿¡ñÑ]|ción\b|ciones\b")


@cache
def _detector():  # type: ignore[no-untyped-def]
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.ENGLISH,
        Language.SPANISH,
        Language.PORTUGUESE,
        Language.FRENCH,
        Language.ITALIAN,
        Language.GERMAN,
    ).build()


def detect_language(text: str) -> tuple[Lang, str]:
    """Return (answer language, detected language ISO 639-1 code).

    Short questions fool statistical detectors ("pension", "CMISS"), so the
    detector's verdict is combined with cheap evidence: Spanish punctuation and
    endings, and stopword counts. Languages other than Spanish and English are
    answered in English, except Portuguese and Italian, closer to Spanish.
    """
    folded = [fold(w) for w in words(text)]
    es_hits = sum(w in stopwords("es") for w in folded)
    en_hits = sum(w in stopwords("en") for w in folded)
    detected = "en"
    confs = {
        c.language.iso_code_639_1.name.lower(): c.value
        for c in _detector().compute_language_confidence_values(text)
    }
    if confs:
        detected = max(confs, key=lambda k: confs[k])
    if _SPANISH_MARKS.search(text):
        es_hits += 2
    if detected in ("es", "en") and confs.get(detected, 0) >= 0.6:
        return detected, detected  # type: ignore[return-value]
    if es_hits != en_hits:
        lang: Lang = "es" if es_hits > en_hits else "en"
        return lang, detected if detected not in ("es", "en") else lang
    if detected in ("es", "pt", "it"):
        return "es", detected
    return "en", detected
