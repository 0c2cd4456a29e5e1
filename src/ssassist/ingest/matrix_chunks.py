"""Matrix records as indexed passages, so free-text questions find and cite matrix facts."""

from __future__ import annotations

from ssassist.ingest.chunking import Chunk
from ssassist.matrix import Matrix, matrix_passages

MATRIX_DOC_ID = "matrix"
MATRIX_TITLE = {
    "en": "Matrix of social security mechanisms (transcribed from the corpus)",
    "es": "Matriz de mecanismos de seguridad social (transcrita del corpus)",
}


def matrix_chunks(matrix: Matrix) -> list[Chunk]:
    """One English and one Spanish passage per matrix record, carrying the record's source."""
    chunks = []
    for passage in matrix_passages(matrix):
        for lang in ("en", "es"):
            chunks.append(
                Chunk(
                    id=chunk_id(passage.id, lang),
                    doc_id=MATRIX_DOC_ID,
                    title=MATRIX_TITLE[lang],
                    section=passage.record_type,
                    language=lang,
                    position=len(chunks),
                    kind="matrix",
                    text=passage.text(lang),
                    source_doc=passage.source.doc_id,
                    source_locator=passage.source.locator,
                    source_quote=passage.source.quote,
                )
            )
    return chunks


def chunk_id(record_id: str, lang: str) -> str:
    """The id of the passage of a matrix record in ``lang``."""
    return f"{record_id}:{lang}"


def sibling_id(matrix_chunk_id: str, lang: str) -> str:
    """The id of the same matrix record's passage in ``lang``."""
    return chunk_id(matrix_chunk_id.rsplit(":", 1)[0], lang)
