"""The Chroma index of chunk embeddings: an embedded folder or a Chroma server.

Ingest is idempotent per document: each chunk carries the fingerprint of its
document's indexed content, so an unchanged document is skipped, a changed
one is re-embedded, and one no longer in the corpus is dropped. The collection
records the embedding model it was built with, and ingest refuses to mix models.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import chromadb
from filelock import FileLock
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from ssassist.chunking import CHUNKER_VERSION, Chunk
from ssassist.config import Settings
from ssassist.errors import IndexMismatchError, IndexMissingError

log = logging.getLogger(__name__)

SCHEMA_VERSION = f"chunks-v{CHUNKER_VERSION}"
_CHUNK_KEYS = ("title", "section", "language", "position", "kind", "source_doc", "source_locator", "source_quote")


@dataclass
class IngestReport:
    """What an ingest changed."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    chunks: int = 0

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} re-embedded, "
            f"{len(self.removed)} removed, {len(self.unchanged)} unchanged; "
            f"{self.chunks} chunks in the index"
        )


def fingerprint(chunks: list[Chunk], embed_texts: list[str]) -> str:
    """Hash of everything stored for one document: chunk texts, metadata and embedded texts."""
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    for c, e in zip(chunks, embed_texts, strict=True):
        h.update(c.model_dump_json().encode())
        h.update(e.encode())
    return h.hexdigest()


class ChunkIndex:
    """The Chroma collection holding the chunks, and the llama-index vector store over it."""

    def __init__(self, settings: Settings, model_id: str) -> None:
        self.settings = settings
        self.model_id = model_id
        self._client: Any = None
        self._collection: Any = None

    # -- opening ---------------------------------------------------------------
    @property
    def location(self) -> str:
        return self.settings.chroma_url or str(self.settings.index_path)

    def _client_or_none(self, create: bool) -> Any:
        if self._client is None:
            url = self.settings.chroma_url
            if url:
                u = urlparse(url)
                self._client = chromadb.HttpClient(
                    host=u.hostname or "127.0.0.1", port=u.port or 8000, ssl=u.scheme == "https"
                )
            else:
                path = self.settings.index_path
                if not create and not (path / "chroma.sqlite3").is_file():
                    return None
                path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(path))
        return self._client

    def open(self) -> Any:
        """Open the existing collection, checking it was built with this embedding model.

        Raises:
            IndexMissingError: nothing has been ingested yet.
            IndexMismatchError: built with another model or schema, or unreadable.
        """
        if self._collection is not None:
            return self._collection
        try:
            client = self._client_or_none(create=False)
            if client is None:
                raise IndexMissingError(self.location)
            names = {getattr(c, "name", c) for c in client.list_collections()}
            if self.settings.index.collection not in names:
                raise IndexMissingError(self.location)
            col = client.get_collection(self.settings.index.collection, embedding_function=None)
        except (IndexMissingError, IndexMismatchError):
            raise
        except Exception as exc:  # chromadb raises many kinds on a damaged store
            raise IndexMismatchError(self.location, f"the store could not be read ({exc})") from exc
        self._check(col)
        self._collection = col
        return col

    def _check(self, col: Any) -> None:
        meta = col.metadata or {}
        if meta.get("embed_model") != self.model_id:
            raise IndexMismatchError(
                self.location,
                f"it was built with embedding model {meta.get('embed_model')!r}, "
                f"but {self.model_id!r} is configured",
            )
        if meta.get("schema") != SCHEMA_VERSION:
            raise IndexMismatchError(
                self.location, f"it has schema {meta.get('schema')!r}, expected {SCHEMA_VERSION!r}"
            )

    def _create(self, rebuild: bool) -> Any:
        client = self._client_or_none(create=True)
        name = self.settings.index.collection
        if rebuild:
            try:
                client.delete_collection(name)
            except Exception:  # absent: nothing to drop
                pass
        col = client.get_or_create_collection(
            name,
            metadata={"embed_model": self.model_id, "schema": SCHEMA_VERSION},
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )
        self._check(col)
        self._collection = col
        return col

    @property
    def vector_store(self) -> ChromaVectorStore:
        return ChromaVectorStore(chroma_collection=self.open())

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """Serialise ingests into one local folder (a server serialises its own writes)."""
        if self.settings.chroma_url:
            yield
            return
        self.settings.index_path.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.settings.index_path / ".ingest.lock")):
            yield

    # -- reading ---------------------------------------------------------------
    def stored_fingerprints(self) -> dict[str, str]:
        """Fingerprint of each indexed document, by document id."""
        return _fingerprints(self.open())

    def all_chunks(self) -> list[Chunk]:
        """Every stored chunk, in document order (for BM25 and for quoting)."""
        got = self.open().get(include=["metadatas", "documents"])
        chunks = [
            Chunk(
                id=cid,
                doc_id=meta["doc_id"],
                text=text or "",
                **{k: meta[k] for k in _CHUNK_KEYS if k in meta},
            )
            for cid, meta, text in zip(got["ids"], got["metadatas"], got["documents"], strict=True)
        ]
        return sorted(chunks, key=lambda c: (c.doc_id, c.position))

    # -- writing ---------------------------------------------------------------
    def ingest(
        self,
        chunks_by_doc: dict[str, list[Chunk]],
        embed_text: Callable[[Chunk], str],
        embed_batch: Callable[[list[str]], list[list[float]]],
        rebuild: bool = False,
        progress: Callable[[str], None] = log.info,
    ) -> IngestReport:
        """Bring the index in line with ``chunks_by_doc`` (see module docstring)."""
        report = IngestReport()
        with self._lock():
            self._collection = None
            col = self._create(rebuild)
            stored = _fingerprints(col)
            store = ChromaVectorStore(chroma_collection=col)
            for doc_id in sorted(set(stored) - set(chunks_by_doc)):
                store.delete(ref_doc_id=doc_id)
                report.removed.append(doc_id)
                progress(f"removed {doc_id}")
            for doc_id, chunks in chunks_by_doc.items():
                texts = [embed_text(c) for c in chunks]
                fp = fingerprint(chunks, texts)
                if stored.get(doc_id) == fp:
                    report.unchanged.append(doc_id)
                    progress(f"unchanged {doc_id} ({len(chunks)} chunks)")
                    continue
                progress(f"embedding {doc_id} ({len(chunks)} chunks)")
                vectors = embed_batch(texts)
                if doc_id in stored:
                    store.delete(ref_doc_id=doc_id)
                    report.updated.append(doc_id)
                else:
                    report.added.append(doc_id)
                store.add([_node(c, v, fp) for c, v in zip(chunks, vectors, strict=True)])
            report.chunks = col.count()
        return report


def _fingerprints(col: Any) -> dict[str, str]:
    got = col.get(include=["metadatas"])
    return {m["doc_id"]: m.get("fingerprint", "") for m in got["metadatas"] or []}


def _node(chunk: Chunk, vector: list[float], fp: str) -> TextNode:
    meta = {k: getattr(chunk, k) for k in _CHUNK_KEYS}
    meta["fingerprint"] = fp
    node = TextNode(id_=chunk.id, text=chunk.text, metadata=meta, embedding=vector)
    node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=chunk.doc_id)
    return node
