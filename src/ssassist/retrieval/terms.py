"""What is searched for and what is indexed: glosses, BM25 terms, concept terms.

In: a passage or an analysed question. Out: the text embedded for a passage (with an
English gloss for Spanish ones), the stemmed and concept terms BM25 indexes and
searches (``@<glossary id>``, ``@<country code>``: language-neutral), and the words
left for the cognate n-grams.
"""

from __future__ import annotations

from collections.abc import Sequence

from ssassist.ingest.chunking import Chunk
from ssassist.matrix.countries import find_countries
from ssassist.models import Lang
from ssassist.query.analysis import QueryAnalysis
from ssassist.query.glossary import Glossary, TermMatch
from ssassist.text.stems import term_stems


def gloss(text: str, lang: str, glossary: Glossary, matches: list[TermMatch] | None = None) -> str:
    """Preferred terms, in the other language, of the glossary concepts found in ``text``."""
    other = "es" if lang == "en" else "en"
    found = glossary.find(text, lang) if matches is None else matches  # type: ignore[arg-type]
    terms = [getattr(m.entry, other)[0] for m in found if m.entry.kind != "question"]
    return " ".join(dict.fromkeys(terms))


def embed_text(chunk: Chunk, glossary: Glossary) -> str:
    """What is embedded for a chunk: its place in the document, its text, and an
    English gloss for Spanish chunks (the model only understands English)."""
    head = f"{chunk.title}. {chunk.section}." if chunk.section else f"{chunk.title}."
    body = f"{head}\n{chunk.text}"
    if chunk.language != "en":
        body += "\n" + gloss(chunk.text, chunk.language, glossary)
    return body


def country_mentions(chunk: Chunk) -> list[str]:
    """The code of each country mention in a passage's section and text, in order, repeats kept
    (either language, demonyms too)."""
    return [c.code for c, _ in find_countries(f"{chunk.section}\n{chunk.text}")]


def countries_named(chunk: Chunk) -> frozenset[str]:
    """Codes of the countries a passage names."""
    return frozenset(country_mentions(chunk))


def concept_terms(
    text: str,
    lang: str,
    glossary: Glossary,
    matches: list[TermMatch] | None = None,
    countries: Sequence[str] | None = None,
) -> list[str]:
    """Language-neutral BM25 terms for the glossary concepts and the countries named in ``text``.

    A concept is one term whatever its wording or language ("revisión regional"
    and "regional review" both give ``@gcm_regional_review``), so it matches
    across languages even where the other language's gloss picked another
    synonym. Question cues ("how many") are left out.
    """
    found = glossary.find(text, lang) if matches is None else matches  # type: ignore[arg-type]
    concepts = [f"@{m.entry.id}" for m in found if m.entry.kind != "question"]
    codes = [c.code for c, _ in find_countries(text)] if countries is None else countries
    return concepts + [f"@{code}" for code in codes]


def bm25_terms(
    chunk: Chunk, glossary: Glossary, countries: Sequence[str] | None = None
) -> list[str]:
    """What BM25 indexes for a chunk.

    Stems of its section and text, the other language's gloss, and its concept
    terms (``countries``: its :func:`country_mentions`, when known).
    """
    other = "es" if chunk.language == "en" else "en"
    text = f"{chunk.section}\n{chunk.text}"
    matches = glossary.find(text, chunk.language)  # type: ignore[arg-type]
    own = term_stems(text, chunk.language)
    glossed = term_stems(gloss(text, chunk.language, glossary, matches), other)
    return own + glossed + concept_terms(text, chunk.language, glossary, matches, countries)


def query_terms(analysis: QueryAnalysis) -> list[str]:
    """What BM25 searches for: stems of the question as written, of its rendering
    in the other language, and its concept terms.

    The question's own-language rendering is not used: its synonyms and long
    concept names ("global compact for safe, orderly and regular migration")
    outweighed the words the user actually wrote.
    """
    other: Lang = "es" if analysis.lang == "en" else "en"
    rendering = analysis.text_es if other == "es" else analysis.text_en
    concepts = [f"@{t.entry.id}" for t in analysis.terms if t.entry.kind != "question"]
    concepts += [f"@{c.code}" for c, _ in analysis.mentions]  # found once, with the terms
    own = term_stems(analysis.search_text or analysis.question, analysis.lang)
    return list(dict.fromkeys(own + term_stems(rendering, other) + concepts))


def uncovered_text(analysis: QueryAnalysis) -> str:
    """The question with its glossary terms and country names blanked out: the
    words only a cognate match (:func:`char_ngrams`) can carry to the other language."""
    chars = list(analysis.search_text or analysis.question)
    spans = [t.span for t in analysis.terms] + [span for _, span in analysis.mentions]
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
