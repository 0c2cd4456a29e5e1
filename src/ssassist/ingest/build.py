"""Building the index from the corpus, and warming a built one up.

In: the assistant's :class:`~ssassist.parts.Parts` (settings, model, index, matrix).
Out: the index updated (idempotent: only changed documents are re-embedded), and
beside it what answers would otherwise compute after a start: the vectors of every
quotable sentence and their renderings in the other language. Warming up then only
loads them, so the first answer after a start waits for nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ssassist.ingest.chunking import Chunk, chunk_document
from ssassist.ingest.corpus import load_corpus
from ssassist.ingest.index import ChunkIndex, IngestReport
from ssassist.ingest.matrix_chunks import MATRIX_DOC_ID, matrix_chunks
from ssassist.ingest.protect import Protector, programme_names
from ssassist.ingest.renderings import Renderings, build_renderings
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


def sentence_cache(index: ChunkIndex) -> Path:
    """The sentence vectors of an index build (an .npz beside its chunks)."""
    return index.data_dir / f"sentences-{index.model_id.replace('/', '_')}.npz"


def protector(parts: Parts) -> Protector:
    """The terms renderings keep: the glossary, countries, and the programme names of the
    matrix and the documents."""
    docs = [d.text for d in load_corpus(parts.settings.corpus_path)]
    aliases = [a for i in parts.matrix.instruments for a in i.aliases] if parts.has_matrix else []
    translator = parts.translator
    available = translator is not None and translator.status.available
    return Protector(
        parts.glossary,
        programme_names(docs, aliases),
        translate=translator.render_many if available else None,  # type: ignore[union-attr]
    )


def ingest(parts: Parts, rebuild: bool, progress: Callable[[str], None]) -> IngestReport:
    """Build or update the index from the corpus (idempotent), with the sentence vectors and
    renderings beside it; a rebuild is switched to only once they are written."""
    chunks = chunks_by_doc(parts)
    everything = [c for cs in chunks.values() for c in cs]
    model = parts.embed_model
    before = parts.index.data_dir  # where the vectors and renderings were kept so far
    extras: dict[str, Any] = {}

    def finish(index: ChunkIndex) -> bool:
        return write_extras(parts, index, everything, before, progress, extras)

    t0 = time.perf_counter()
    report = parts.index.ingest(
        chunks,
        embed_text=lambda c: embed_text(c, parts.glossary),
        embed_batch=lambda texts: model.get_text_embedding_batch(texts, show_progress=True),
        rebuild=rebuild,
        progress=progress,
        finish=finish,
    )
    report.seconds = time.perf_counter() - t0
    report.sentences_embedded = extras.get("embedded", 0)
    report.sentences_seconds = extras.get("sentences_s", 0.0)
    report.renderings = extras.get("renderings")
    parts.reset_retriever()  # re-read the chunks (and the renderings) on next use
    return report


def write_extras(
    parts: Parts,
    index: ChunkIndex,
    chunks: list[Chunk],
    before: Path,
    progress: Callable[[str], None],
    extras: dict[str, Any],
) -> bool:
    """Embed every quotable sentence and render every unit into the build's folder (what
    an earlier build has is reused); whether anything changed."""
    t0 = time.perf_counter()
    cache = sentence_cache(index)
    previous = before / cache.name
    embedded = parts.answerer.vectors.prepare(
        chunks, cache, previous=previous if previous != cache else None
    )
    sentences_s = time.perf_counter() - t0
    progress(f"sentence vectors: {embedded} embedded ({sentences_s:.1f} s)")
    translator = parts.translator
    status = translator.status if translator is not None else None
    old = Renderings.load(before) if before.is_dir() else Renderings()
    renderings, report = build_renderings(
        chunks,
        protector(parts),
        translator if status is not None and status.available else None,
        previous=old if len(old) else None,
        unavailable=status.detail if status is not None else "translation is switched off",
        progress=progress,
    )
    progress(report.summary())
    extras.update(embedded=embedded, sentences_s=sentences_s, renderings=report)
    changed = (
        index.data_dir != before
        or old.table != renderings.table
        or old.meta != renderings.meta
        or not any(index.data_dir.glob("renderings-*.json"))
    )
    if changed:
        renderings.save(index.data_dir)
    return bool(embedded) or changed


def warm_up(parts: Parts) -> None:
    """Load the model, the index, the sentence vectors and the renderings ingest computed
    (sentences ingest did not embed, from an index built before it did, are embedded now)."""
    t0 = time.perf_counter()
    n = parts.answerer.prepare(parts.retriever.chunks, sentence_cache(parts.index))
    renderings = parts.renderings
    if parts.translator is not None:
        parts.translator.warm_up()
    log.info(
        "warmed up: %d sentences embedded, %d renderings loaded in %.1f s",
        n,
        len(renderings),
        time.perf_counter() - t0,
    )
