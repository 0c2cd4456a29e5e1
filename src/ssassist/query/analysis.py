"""A question read once for every later stage: :class:`QueryAnalysis`.

In: the cleaned question. Out: its language, glossary terms, country mentions, the
documents it names as its source, and its English and Spanish renderings to search
with. The embedding model is English-only and most documents are English while half
of the users write Spanish, so the question is machine-translated (Apertium, see
:mod:`~ssassist.query.translation`) and glossed in the other language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ssassist.matrix.countries import Country, find_countries
from ssassist.models import Lang, Span
from ssassist.query.detect import detect_language
from ssassist.query.glossary import Glossary, TermMatch, default_glossary
from ssassist.query.source_refs import SourceRefs
from ssassist.query.translation import Translator
from ssassist.text.normalize import blank, fold, words
from ssassist.text.stems import stopwords

# A question that names its source keeps at least this many content words once the name is left out.
MIN_SEARCH_WORDS = 2


@dataclass
class QueryAnalysis:
    """A question with its language, what it mentions, and its English and Spanish expansions.

    Country mentions are found once here and reused by retrieval and routing.
    """

    question: str
    lang: Lang
    detected: str
    terms: list[TermMatch] = field(default_factory=list)
    mentions: list[tuple[Country, Span]] = field(default_factory=list)
    text_en: str = ""
    text_es: str = ""
    sources: list[str] = field(default_factory=list)  # documents the question names as its source
    search_text: str = ""  # the question without those names: what is searched for
    translation: str | None = None  # machine translation of search_text into the other language

    @property
    def countries(self) -> list[tuple[str, str]]:
        """(English name, Spanish name) of each country mentioned, without repeats."""
        return list(dict.fromkeys((c.name_en, c.name_es) for c, _ in self.mentions))


def _outside(span: tuple[int, int], country_spans: list[tuple[int, int]]) -> bool:
    """False for a term lying inside a country name ('Costa' of 'Costa Rica' is not 'costo');
    a longer term that only starts with one ('Salvadoreño Seguro') is kept."""
    return not any(start <= span[0] and span[1] <= end for start, end in country_spans)


def _translate(analysis: QueryAnalysis, translator: Translator, target: Lang) -> str | None:
    """The searched text in ``target``, its country names kept as names.

    The translator would render "El Salvador" as "The Saviour": each name goes through
    as a placeholder it does not know (and so leaves alone), then becomes the name in
    ``target``. Glossary terms are left to the translator: their first term names a
    concept, and swapping them in before translating made dev recall worse.
    """
    text, names = analysis.search_text, {}
    for i, (country, (start, end)) in enumerate(
        sorted(analysis.mentions, key=lambda m: m[1][0], reverse=True)
    ):
        if text[start:end].strip():  # not a name left out of what is searched for
            token = f"Zqx{chr(ord('a') + i % 26)}{i // 26 or ''}"
            names[token] = country.name_en if target == "en" else country.name_es
            text = text[:start] + token + text[end:]
    out = translator.translate(text, analysis.lang, target)
    if out is None:
        return None
    return re.sub(r"Zqx[a-z]\d*", lambda m: names.get(m.group(0), m.group(0)), out)


def analyze_query(
    question: str,
    glossary: Glossary | None = None,
    per_entry: int = 2,
    sources: SourceRefs | None = None,
    translator: Translator | None = None,
) -> QueryAnalysis:
    """Detect the language and build the bilingual expansions of ``question``.

    The rendering in the question's own language is the question itself; the
    other language gets the machine translation of the question (when a
    ``translator`` is given and answers), the first ``per_entry`` terms of every
    matched glossary entry, the country names, and the numbers and acronyms of
    the question.
    Names of a source document ("according to the regional review") are kept
    out of what is searched for, unless the question is about little else.
    """
    glossary = glossary or default_glossary()
    lang, detected = detect_language(question)
    mentions = find_countries(question)
    country_spans = [span for _, span in mentions]
    terms = [t for t in glossary.find(question, lang) if _outside(t.span, country_spans)]
    refs = sources.find(question) if sources is not None else []
    search_text = question
    if refs:
        stripped = blank(question, [span for _, span in refs])
        if len([w for w in words(stripped) if fold(w) not in stopwords(lang)]) >= MIN_SEARCH_WORDS:
            search_text = stripped
            terms = [t for t in terms if _outside(t.span, [span for _, span in refs])]
    keep = [w for w in words(search_text) if w.isdigit() or (w.isupper() and len(w) > 1)]
    rendering: dict[str, list[str]] = {"en": [], "es": []}
    for t in terms:
        if t.entry.kind == "question":
            continue  # cues like "how many" or "can I" only add noise to a search
        for target in ("en", "es"):
            rendering[target].extend(getattr(t.entry, target)[:per_entry])
    analysis = QueryAnalysis(
        question=question,
        lang=lang,
        detected=detected,
        terms=terms,
        mentions=mentions,
        sources=list(dict.fromkeys(doc_id for doc_id, _ in refs)),
        search_text=search_text,
    )
    for name_en, name_es in analysis.countries:
        rendering["en"].append(name_en)
        rendering["es"].append(name_es)
    other: Lang = "es" if lang == "en" else "en"
    own = " ".join(dict.fromkeys([" ".join(search_text.split()), *rendering[lang]]))
    glossed = " ".join(dict.fromkeys([*rendering[other], *keep]))
    if lang == "en":
        analysis.text_en, analysis.text_es = own, glossed
    else:
        analysis.text_es, analysis.text_en = own, glossed
    return add_translation(analysis, translator) if translator is not None else analysis


def add_translation(analysis: QueryAnalysis, translator: Translator) -> QueryAnalysis:
    """``analysis`` with the machine translation of its searched text leading its rendering in the
    other language. Separate from :func:`analyze_query` so that routing, which needs no
    translation, does not wait for one (a coverage question is answered in a few milliseconds)."""
    if analysis.translation is not None:
        return analysis
    other: Lang = "es" if analysis.lang == "en" else "en"
    translation = _translate(analysis, translator, other)
    if translation is None:
        return analysis
    attr = "text_es" if other == "es" else "text_en"
    rendering = " ".join(dict.fromkeys([translation, getattr(analysis, attr)])).strip()
    return replace(analysis, translation=translation, **{attr: rendering})
