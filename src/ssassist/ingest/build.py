"""Building the index from the corpus, and warming a built one up.

In: the assistant's :class:`~ssassist.parts.Parts` (settings, model, index, matrix).
Out: the index updated (idempotent: only changed documents are re-embedded), or the
quotable sentences embedded once so that answers embed only the question.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ssassist.ingest.chunking import Chunk, chunk_document
from ssassist.ingest.corpus import load_corpus
from ssassist.ingest.index import IngestReport
from ssassist.ingest.matrix_chunks import MATRIX_DOC_ID, matrix_chunks
from ssassist.retrieval.terms import embed_text

if TYPE_CHECKING:
    from ssassist.parts import Parts

log = logging.getLogger(__name__)


def chunks_by_doc(parts: Parts) -> dict[str, list[Chunk]]:
    """Every passage that goes into the index, grouped by document (the matrix is one)."""
    chunks = {doc.id: chunk_document(doc) for doc in load_corpus(parts.settings.corpus_path)}
    if parts.has_matrix:
        chunks[MATRIX_DOC_ID] = matrix_chunks(parts.matrix)
    return chunks


def ingest(parts: Parts, rebuild: bool, progress: Callable[[str], None]) -> IngestReport:
    """Build or update the index from the corpus (idempotent)."""
    chunks = chunks_by_doc(parts)
    model = parts.embed_model
    report = parts.index.ingest(
        chunks,
        embed_text=lambda c: embed_text(c, parts.glossary),
        embed_batch=lambda texts: model.get_text_embedding_batch(texts, show_progress=True),
        rebuild=rebuild,
        progress=progress,
    )
    parts.reset_retriever()  # re-read the chunks on next use
    return report


def warm_up(parts: Parts) -> None:
    """Load the model and the index and embed every quotable sentence now, not on the
    first questions (the vectors are kept beside the index: later starts read them)."""
    t0 = time.perf_counter()
    cache = parts.settings.index_path / f"sentences-{parts.index.model_id.replace('/', '_')}.npz"
    n = parts.answerer.prepare(parts.retriever.chunks, cache)
    if parts.translator is not None:
        parts.translator.warm_up()
    log.info("warmed up: %d sentences embedded in %.1f s", n, time.perf_counter() - t0)
