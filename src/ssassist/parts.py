"""The parts an :class:`~ssassist.assistant.Assistant` answers with, built once, on first use.

Every part can be passed in (tests pass a fake embedding model, a small matrix, a
translator); the others are built from the settings the first time they are needed,
by one thread, so concurrent first questions wait for one build instead of racing.

The index can change under a running process (``ingest --rebuild`` in another one
switches to a new build): each use of the retriever or the renderings first checks,
with one ``stat``, whether the index's pointer changed, and if so reopens the index,
its retriever, sentence vectors and renderings under the lock.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ssassist.answering.extractive import ExtractiveAnswerer
from ssassist.config import Settings
from ssassist.ingest.corpus import DocumentMeta, load_corpus
from ssassist.ingest.embeddings import load_embedding_model, model_id
from ssassist.ingest.index import ChunkIndex
from ssassist.ingest.renderings import Renderings
from ssassist.matrix import Matrix, load_matrix
from ssassist.query.glossary import Glossary, default_glossary
from ssassist.query.source_refs import SourceRefs
from ssassist.query.translation import Translator, shared_translator
from ssassist.retrieval.hybrid import HybridRetriever

if TYPE_CHECKING:
    from ssassist.llm import LLMAnswerer

log = logging.getLogger(__name__)
_T = TypeVar("_T")
_UNSET: Any = object()
_INDEX_PARTS = ("index", "retriever", "renderings")  # what a new index build replaces
RETIRE_AFTER_S = 30.0  # an old build is let go this long after the switch (answers in flight)


def _retire(index: ChunkIndex) -> None:
    """Let go of an old index build (answers that were using it have ended) and remove the
    builds nobody uses any more."""
    client = index._client if index.settings.chroma_url else None
    index.close()
    index.builds.cleanup(client)


class Parts:
    """The lazily built parts of an assistant (see the module docstring)."""

    def __init__(
        self,
        settings: Settings,
        *,
        embed_model: Any = None,
        translator: Translator | None = _UNSET,
        glossary: Glossary | None = None,
        matrix: Matrix | None = None,
        llm: LLMAnswerer | None = None,
    ) -> None:
        self.settings = settings
        self._lock = threading.RLock()
        self._built: dict[str, Any] = {
            "embed_model": embed_model,
            "glossary": glossary,
            "matrix": matrix,
            "llm": llm,
        }
        if translator is not _UNSET:
            self._built["translator"] = translator

    def _once(self, name: str, build: Callable[[], _T]) -> _T:
        """The part ``name``, built on first use by one thread only."""
        value = self._built.get(name)
        if value is None:
            with self._lock:
                value = self._built.get(name)
                if value is None:
                    value = build()
                    self._built[name] = value
        return value

    def loaded(self, name: str) -> bool:
        """Whether the part ``name`` exists yet (the model is not loaded to build a page)."""
        return self._built.get(name) is not None

    def reset_retriever(self) -> None:
        """Forget the retriever and renderings, so that the next question reads the index anew
        (after ingest)."""
        with self._lock:
            self._built.pop("retriever", None)
            self._built.pop("renderings", None)

    def check_index(self) -> bool:
        """Reopen the index if another build became current (cheap when none did: a stat).

        The new build's retriever, sentence vectors and renderings are loaded under the
        lock, so questions meanwhile wait for them rather than for nothing. Returns
        whether it reopened.
        """
        index = self._built.get("index")
        if index is None or not index.changed():
            return False
        with self._lock:
            index = self._built.get("index")
            if index is None or not index.changed():
                return False
            fresh = ChunkIndex(self.settings, index.model_id)
            old = {name: self._built.pop(name, None) for name in _INDEX_PARTS}
            self._built["index"] = fresh
            try:
                if old["retriever"] is not None:  # it was in use: have the new one ready
                    retriever = self.retriever
                    if self.loaded("answerer"):
                        from ssassist.ingest.build import sentence_cache

                        self.answerer.prepare(retriever.chunks, sentence_cache(fresh))
                    _ = self.renderings
            except Exception:  # the new build cannot be opened: keep answering from the old
                log.exception("could not open the new index build; keeping %s", index.location)
                fresh.close()
                self._built.update({k: v for k, v in old.items() if v is not None})
                index._signature = index.builds.signature(index._client)
                return False
            log.info("index reopened: %s", fresh.location)
        retire = threading.Timer(RETIRE_AFTER_S, _retire, args=(index,))
        retire.daemon = True
        retire.start()
        return True

    @property
    def glossary(self) -> Glossary:
        path = self.settings.glossary_file
        if path is None and self._built.get("glossary") is None:
            return default_glossary()
        return self._once("glossary", lambda: Glossary.load(path))

    @property
    def translator(self) -> Translator | None:
        """Apertium translation of questions; None when off (``SSASSIST_TRANSLATION__ENABLED``)."""
        if "translator" in self._built:
            return self._built["translator"]
        t = self.settings.translation
        return shared_translator(t.modes_dir, t.timeout) if t.enabled else None

    @property
    def embed_model(self) -> Any:
        return self._once("embed_model", lambda: load_embedding_model(self.settings.embedding))

    @property
    def index(self) -> ChunkIndex:
        return self._once(
            "index", lambda: ChunkIndex(self.settings, model_id(self.settings.embedding))
        )

    @property
    def documents(self) -> dict[str, DocumentMeta]:
        return self._once(
            "documents", lambda: {d.id: d.meta for d in load_corpus(self.settings.corpus_path)}
        )

    @property
    def source_refs(self) -> SourceRefs:
        return self._once(
            "source_refs",
            lambda: SourceRefs({d: m.cited_as for d, m in self.documents.items()}),
        )

    @property
    def renderings(self) -> Renderings:
        """The stored renderings of the quotable units (``get(text, lang)``; empty when
        ingest could not make them)."""
        self.check_index()
        return self._once("renderings", lambda: Renderings.load(self.index.data_dir))

    @property
    def retriever(self) -> HybridRetriever:
        self.check_index()

        def build() -> HybridRetriever:
            self.index.open()  # fail fast, with a clear message, before loading the model
            return HybridRetriever(
                self.index,
                self.embed_model,
                self.glossary,
                self.settings.retrieval,
                self.renderings,
            )

        return self._once("retriever", build)

    @property
    def answerer(self) -> ExtractiveAnswerer:
        def build() -> ExtractiveAnswerer:
            answerer = ExtractiveAnswerer(
                self.embed_model,
                self.settings.answer,
                self.documents,
                countries_of=lambda chunk: self.retriever.countries_named(chunk),
            )
            # the current build's stored renderings (read anew after a switch)
            answerer.render = lambda text, lang: self.renderings.get(text, lang)
            return answerer

        return self._once("answerer", build)

    @property
    def has_matrix(self) -> bool:
        """Whether there is a mechanism matrix (a bare document corpus has none)."""
        return (
            self._built.get("matrix") is not None or (self.settings.corpus_path / "matrix").is_dir()
        )

    @property
    def matrix(self) -> Matrix:
        return self._once("matrix", lambda: load_matrix(self.settings.corpus_path / "matrix"))

    @property
    def llm(self) -> LLMAnswerer | None:
        """The LLM answerer when an endpoint is configured (``SSASSIST_LLM__BASE_URL``)."""
        if self._built.get("llm") is None and not self.settings.llm.enabled:
            return None

        def build() -> LLMAnswerer:
            from ssassist.llm import LLMAnswerer

            return LLMAnswerer(self.settings.llm)

        return self._once("llm", build)
