"""Building citations of quoted source passages."""

from __future__ import annotations

from collections.abc import Mapping

from ssassist.corpus import DocumentMeta
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
        text=quote,
        passage=passage or quote,
        publisher=meta.publisher if meta else "",
        year=meta.year if meta else None,
        language=meta.language if meta else "",
    )
