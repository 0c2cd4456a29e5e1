"""Citations: a numbered source (document, section, verbatim quote) for an [n] marker."""

from __future__ import annotations

from collections.abc import Mapping

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
