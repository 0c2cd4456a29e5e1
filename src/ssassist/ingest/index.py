"""The Chroma index of chunk embeddings: an embedded folder or a Chroma server.

Ingest is idempotent per document: each chunk carries the fingerprint of its
document's indexed content, so an unchanged document is skipped, a changed
one is re-embedded, and one no longer in the corpus is dropped. The collection
records the embedding model it was built with, and ingest refuses to mix models.

Opening checks the store before anything is answered from it: a stored vector
must be read back and find itself (damaged database or vector files raise
IndexCorruptError), and an ingest killed half-way, recorded in the collection's
metadata until it ends, raises IndexIncompleteError.

``ingest`` updates the current build in place; ``ingest --rebuild`` builds a new
one beside it (:mod:`~ssassist.ingest.builds`), writes what ingest computes beside
the chunks into it (``finish``), then switches to it: a damaged store is left to be
removed once unused, and a running app keeps answering from the old build until it
sees the switch.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
from filelock import FileLock, Timeout
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from ssassist.config import Settings
from ssassist.errors import (
    ChromaServerError,
    IndexCorruptError,
    IndexIncompleteError,
    IndexMismatchError,
    IndexMissingError,
)
from ssassist.ingest.builds import LOCK, Build, Builds, Hold
from ssassist.ingest.chunking import CHUNKER_VERSION, Chunk

log = logging.getLogger(__name__)

SCHEMA_VERSION = f"chunks-v{CHUNKER_VERSION}"
_CHUNK_KEYS = (
    "title",
    "section",
    "language",
    "position",
    "kind",
    "source_doc",
    "source_locator",
    "source_quote",
)


@dataclass
class IngestReport:
    """What an ingest changed."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    chunks: int = 0
    seconds: float = 0.0  # the whole ingest, sentence vectors and renderings included
    sentences_embedded: int = 0
    sentences_seconds: float = 0.0
    renderings: Any = None  # a RenderingReport, when ingest made the renderings

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
        self.builds = Builds(settings)
        self._build: Build | None = None
        self._hold: Hold | None = None
        self._signature: Any = None
        self._client: Any = None
        self._collection: Any = None

    # -- opening ---------------------------------------------------------------
    @property
    def location(self) -> str:
        if self.settings.chroma_url:
            return self.settings.chroma_url
        return str(self.build.store)

    @property
    def build(self) -> Build:
        """The build this index reads (the current one when it was first used)."""
        if self._build is None:
            self._resolve()
        assert self._build is not None
        return self._build

    @property
    def data_dir(self) -> Path:
        """The folder of what ingest computes beside the chunks (sentence vectors, renderings)."""
        return self.build.data

    def _resolve(self) -> None:
        """Find the current build and hold it (a build being removed is looked up again)."""
        client = self._server_client() if self.settings.chroma_url else None
        for _ in range(5):
            self.builds._server_seen = (0.0, None)
            signature = self.builds.signature(client)
            build = self.builds.current(client)
            hold = Hold(build)
            if self.builds.current(client) == build:
                break
            hold.release()  # switched meanwhile: take the new one
        self._build, self._hold, self._signature = build, hold, signature

    def changed(self) -> bool:
        """Whether another build became current (or this one changed) since it was opened."""
        if self._build is None:
            return False
        return self.builds.signature(self._client) != self._signature

    def close(self) -> None:
        """Let go of the build: close the client and release its hold."""
        if self._client is not None and not self.settings.chroma_url:
            with suppress(Exception):  # closing a client chromadb already stopped
                self._client.close()
        self._client = None
        self._collection = None
        if self._hold is not None:
            self._hold.release()
        self._hold = None

    def _server_client(self) -> Any:
        if self._client is None:
            url = self.settings.chroma_url
            assert url
            u = urlparse(url)
            try:
                self._client = chromadb.HttpClient(
                    host=u.hostname or "127.0.0.1", port=u.port or 8000, ssl=u.scheme == "https"
                )
            except Exception as exc:  # it checks the server at once: unreachable, not a server...
                raise ChromaServerError(url, str(exc)) from exc
        return self._client

    def _client_or_none(self, create: bool) -> Any:
        if self._client is None:
            if self.settings.chroma_url:
                return self._server_client()
            path = self.build.store
            assert path is not None
            if not create and not (path / "chroma.sqlite3").is_file():
                return None
            path.mkdir(parents=True, exist_ok=True)
            if self._hold is None or self._hold._fd is None:
                self._hold = Hold(self.build)
            try:
                self._client = chromadb.PersistentClient(path=str(path))
            except Exception:
                _forget_failed_store(path)
                raise
        return self._client

    def open(self) -> Any:
        """Open the existing collection, checking it was built with this embedding model.

        Raises:
            IndexMissingError: nothing has been ingested yet.
            IndexIncompleteError: the last ingest did not finish.
            IndexMismatchError: built with another model or schema.
            IndexCorruptError (an IndexMismatchError): its files are damaged.
        """
        if self._collection is not None:
            return self._collection
        try:
            client = self._client_or_none(create=False)
            if client is None:
                raise IndexMissingError(self.location)
            names = {getattr(c, "name", c) for c in client.list_collections()}
            if self.build.collection not in names:
                raise IndexMissingError(self.location)
            col = client.get_collection(self.build.collection, embedding_function=None)
        except (IndexMissingError, IndexMismatchError, ChromaServerError):
            raise
        except Exception as exc:  # chromadb raises many kinds on a damaged store
            raise IndexCorruptError(self.location, _reason(exc)) from exc
        self._check(col)
        self._check_finished(col)
        if self._probe(col) == 0:
            raise IndexMissingError(self.location)
        self._collection = col
        return col

    def _probe(self, col: Any) -> int:
        """Read one stored vector back and search with it: damaged files fail here, at start.

        Returns the number of stored chunks.
        """
        try:
            count = col.count()
            if count == 0:
                return 0
            vector = col.get(limit=1, include=["embeddings"])["embeddings"][0]
            found = col.query(query_embeddings=[vector], n_results=1, include=["distances"])
        except Exception as exc:  # missing or garbled segment files, a malformed database
            raise IndexCorruptError(self.location, _reason(exc)) from exc
        distances = (found.get("distances") or [[]])[0]
        if not distances or not abs(distances[0]) <= 0.01:  # a stored vector must find itself
            raise IndexCorruptError(self.location, "a stored vector does not find itself")
        return count

    def _check_finished(self, col: Any) -> None:
        """Refuse an index whose last ingest was killed half-way; tolerate one still running."""
        if (col.metadata or {}).get("ingest") != "running":
            return
        lock_file = self.settings.index_path / LOCK
        if lock_file.parent.is_dir():
            try:
                with FileLock(str(lock_file), timeout=0):
                    pass
            except Timeout:
                log.warning("an ingest into %s is running: passages may be missing", self.location)
                return
            except OSError:  # a folder this user cannot write: take the ingest as stopped
                pass
        raise IndexIncompleteError(self.location)

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

    def _create(self) -> Any:
        """The current build's collection, to update in place (created when there is none)."""
        try:
            col = self._create_collection(rebuild=False)
            self._probe(col)
            return col
        except (IndexMismatchError, ChromaServerError):
            raise
        except Exception as exc:  # a damaged store: chromadb raises many kinds
            raise IndexCorruptError(self.location, _reason(exc)) from exc

    def _create_new_build(self) -> Any:
        """A new build beside the current one, held by this process, and its empty collection."""
        client = self._client if self.settings.chroma_url else None
        self.close()
        build = self.builds.new()
        if build.store is not None:
            build.store.mkdir(parents=True)
        self._build, self._hold = build, Hold(build)
        self._signature = self.builds.signature(client)
        self._client = client
        return self._create_collection(rebuild=True)

    def _create_collection(self, rebuild: bool) -> Any:
        client = self._client_or_none(create=True)
        name = self.build.collection
        if rebuild:
            with suppress(chromadb.errors.NotFoundError):  # absent: nothing to drop
                client.delete_collection(name)
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
        """Serialise ingests on this host (a lock file in the index folder, also with a server).

        Ingests into one Chroma server from several hosts are not serialised: run them from one.
        """
        self.settings.index_path.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.settings.index_path / LOCK)):
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
        finish: Callable[[ChunkIndex], bool] | None = None,
    ) -> IngestReport:
        """Bring the index in line with ``chunks_by_doc`` (see module docstring).

        ``finish`` runs once the chunks are stored, before a new build is switched to:
        it writes what goes beside the chunks into :attr:`data_dir` and says whether it
        changed anything (running processes then reopen the build).
        """
        report = IngestReport()
        with self._lock():
            self._collection = None
            if rebuild:
                col = self._create_new_build()
                progress(f"building a new index beside the current one: {self.location}")
            else:
                if self.changed():  # another process switched builds since this one was opened
                    self.close()
                    self._build = None
                col = self._create()
            _mark(col, "running")  # until the end: a killed ingest is detected on the next open
            stored, counts = _stored(col)
            store = ChromaVectorStore(chroma_collection=col)
            for doc_id in sorted(set(stored) - set(chunks_by_doc)):
                store.delete(ref_doc_id=doc_id)
                report.removed.append(doc_id)
                progress(f"removed {doc_id}")
            for doc_id, chunks in chunks_by_doc.items():
                texts = [embed_text(c) for c in chunks]
                fp = fingerprint(chunks, texts)
                if stored.get(doc_id) == fp and counts.get(doc_id) == len(chunks):
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
            _mark(col, "done")
            wrote = finish(self) if finish is not None else False
            client = self._client if self.settings.chroma_url else None
            if rebuild:
                self.builds.switch(self.build, client)
                self.builds._cleanup(client)
            elif report.added or report.updated or report.removed or wrote:
                self.builds.touch(client)
            self._signature = self.builds.signature(client)
        return report


def _fingerprints(col: Any) -> dict[str, str]:
    return _stored(col)[0]


def _stored(col: Any) -> tuple[dict[str, str], dict[str, int]]:
    """Fingerprint and number of stored chunks of each document ("" when its chunks disagree)."""
    fps: dict[str, str] = {}
    counts: dict[str, int] = {}
    for m in col.get(include=["metadatas"])["metadatas"] or []:
        doc, fp = m["doc_id"], m.get("fingerprint", "")
        fps[doc] = fp if fps.get(doc, fp) == fp else ""
        counts[doc] = counts.get(doc, 0) + 1
    return fps, counts


def _mark(col: Any, state: str) -> None:
    """Record in the collection whether an ingest is under way ("running") or finished ("done")."""
    col.modify(metadata={**(col.metadata or {}), "ingest": state})


def _reason(exc: BaseException) -> str:
    """The first line of a storage error, short enough for a one-line message."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _forget_failed_store(path: Path) -> None:
    """Drop chromadb's cached state of a folder it failed to open, unless a client still uses it.

    chromadb keeps one "system" per folder, even one whose start failed on a
    damaged file, and hands that broken one to every later client of the
    folder: the next attempt (after a rebuild, say) must start afresh.
    """
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        if SharedSystemClient._identifier_to_refcount.get(str(path), 0) <= 0:
            SharedSystemClient._identifier_to_system.pop(str(path), None)
    except (ImportError, AttributeError):  # another chromadb layout: nothing of ours to drop
        pass


def _node(chunk: Chunk, vector: list[float], fp: str) -> TextNode:
    meta = {k: getattr(chunk, k) for k in _CHUNK_KEYS}
    meta["fingerprint"] = fp
    node = TextNode(id_=chunk.id, text=chunk.text, metadata=meta, embedding=vector)
    node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=chunk.doc_id)
    return node
