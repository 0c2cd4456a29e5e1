"""Citations: a numbered source (document, section, verbatim quote) for an [n] marker."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from ssassist.ingest.chunking import Chunk
from ssassist.ingest.corpus import DocumentMeta
from ssassist.models import Citation


def source_citation(
    docs: Mapping[str, DocumentMeta],
    n: int,
    doc_id: str,
    locator: str,
    quote: str,
    passage: str = "",
) -> Citation:
    """Citation number ``n`` of ``quote``, found at ``locator`` in document ``doc_id``."""
    meta = docs.get(doc_id)
    return Citation(
        n=n,
        doc_id=doc_id,
        title=meta.title if meta else doc_id,
        section=locator,
        short_title=meta.short("en") if meta else "",
        short_title_es=meta.short("es") if meta else "",
        text=quote,
        passage=passage or quote,
        publisher=meta.publisher if meta else "",
        year=meta.year if meta else None,
        language=meta.language if meta else "",
    )


def passage_citation(
    docs: Mapping[str, DocumentMeta], n: int, chunk: Chunk, quote: str
) -> Citation:
    """Citation of a quoted passage.

    A matrix fact cites the document passage it was transcribed from.
    """
    if chunk.kind == "matrix":
        return source_citation(docs, n, chunk.source_doc, chunk.source_locator, chunk.source_quote)
    meta = docs.get(chunk.doc_id)
    return Citation(
        n=n,
        doc_id=chunk.doc_id,
        title=chunk.title,
        section=chunk.section,
        short_title=meta.short("en") if meta else "",
        short_title_es=meta.short("es") if meta else "",
        text=quote,
        chunk_id=chunk.id,
        passage=chunk.text,
        publisher=meta.publisher if meta else "",
        year=meta.year if meta else None,
        language=chunk.language,
    )


# -- how a citation is named to a reader -------------------------------------------------------

_ARTICLE = re.compile(r"^(the|la|el|los|las)\s+", re.IGNORECASE)


def display_title(short: str, title: str = "") -> str:
    """A document's short title as a heading: 'la nota técnica de la CISS (2024)' ->
    'Nota técnica de la CISS (2024)' (the full ``title`` when there is no short one)."""
    text = _ARTICLE.sub("", (short or "").strip()) or (title or "").strip()
    return text[:1].upper() + text[1:]


def citation_title(c: Citation, lang: str) -> str:
    """The citation's document by its short title in ``lang`` ('Nota técnica de la CISS (2024)')."""
    short = c.short_title_es if lang == "es" else c.short_title
    return display_title(short or c.short_title or c.short_title_es, c.title)


SECTION_PHRASES_ES: dict[str, str] = {
    "first paragraph": "primer párrafo",
    "second paragraph": "segundo párrafo",
    "introduction": "introducción",
    "paragraph before the benefit lists": "párrafo antes de las listas de prestaciones",
    "paragraph on the network of bilateral treaties": (
        "párrafo sobre la red de convenios bilaterales"
    ),
    "paragraph on irregular migrants": "párrafo sobre los migrantes en situación irregular",
    "paragraph on equal treatment": "párrafo sobre la igualdad de trato",
    "paragraph on equality of treatment": "párrafo sobre la igualdad de trato",
    "paragraph on MERCOSUR and the Andean Instrument": (
        "párrafo sobre el MERCOSUR y el Instrumento Andino"
    ),
    "paragraph on Ecuador and Peru": "párrafo sobre Ecuador y Perú",
    "paragraph on CISS [CMISS] and CARICOM": "párrafo sobre la CISS [CMISS] y la CARICOM",
    "first row": "primera fila",
    "second row": "segunda fila",
    "Andean Social Security Instrument": "Instrumento Andino de Seguridad Social",
}
"""Locator wording in the matrix files (English) and its Spanish; a document's own headings
and list titles are its words and stay as written."""

_ES_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bTable (\d+)"), r"Tabla \1"),
    (re.compile(r"\brow (\d+)"), r"fila \1"),
    (re.compile(r"\bfootnote (\d+)"), r"nota \1"),
    (re.compile(r"\bparagraph after Tabla (\d+)"), r"párrafo después de la Tabla \1"),
    (re.compile(r"\bparagraph before Tabla (\d+)"), r"párrafo antes de la Tabla \1"),
    (re.compile(r"\bparagraph on (.+)$"), r"párrafo sobre \1"),
    (re.compile(r"\blist '([^']*)'"), r"lista «\1»"),
)
_EN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bpárrafo (\d+)"), r"paragraph \1"),
    (re.compile(r"\bnota (\d+)"), r"footnote \1"),
    (re.compile(r"\bTabla (\d+)"), r"Table \1"),
    (re.compile(r"\bfila (\d+)"), r"row \1"),
)
_PAREN = re.compile(r"\(([^()]*)\)")


def _spanish_names(text: str, names: Mapping[str, str]) -> str:
    """Country names (English) in parentheses, in Spanish: '(Panamá-Spain)' -> '(Panamá-España)'."""

    def one(match: re.Match[str]) -> str:
        parts = re.split(r"(-|, )", match.group(1))
        return "(" + "".join(names.get(p, SECTION_PHRASES_ES.get(p, p)) for p in parts) + ")"

    return _PAREN.sub(one, text)


@cache
def _country_names_es() -> dict[str, str]:
    """English country names -> Spanish ones, from the packaged registry."""
    from ssassist.matrix import load_countries

    return {c.name_en: c.name_es for c in load_countries()}


def section_label(section: str, lang: str, country_names: Mapping[str, str] | None = None) -> str:
    """Where a quote is, worded for a reader of ``lang``: the last heading of a section path
    ('3.2 Bilateral measures in the Americas'), or a locator in the interface language
    ('footnote 10' -> 'nota 10', 'Table 5, row 2 (Brazil)' -> 'Tabla 5, fila 2 (Brasil)').

    ``country_names`` maps English country names to Spanish ones (for parentheses; by
    default the packaged registry's).
    """
    label = (section or "").split(" > ")[-1].strip()
    if lang == "es":
        for phrase, spanish in SECTION_PHRASES_ES.items():
            if label.endswith(phrase) and (label == phrase or label[-len(phrase) - 1] in " ,"):
                label = label[: -len(phrase)] + spanish
        for pattern, repl in _ES_RULES:
            label = pattern.sub(repl, label)
        names = _country_names_es() if country_names is None else country_names
        label = _spanish_names(label, names)
    else:
        for pattern, repl in _EN_RULES:
            label = pattern.sub(repl, label)
    return label
