"""The parts an :class:`~ssassist.assistant.Assistant` answers with, built once, on first use.

Every part can be passed in (tests pass a fake embedding model, a small matrix, a
translator); the others are built from the settings the first time they are needed,
by one thread, so concurrent first questions wait for one build instead of racing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ssassist.answering.extractive import ExtractiveAnswerer
from ssassist.config import Settings
from ssassist.ingest.corpus import DocumentMeta, load_corpus
from ssassist.ingest.embeddings import load_embedding_model, model_id
from ssassist.ingest.index import ChunkIndex
from ssassist.matrix import Matrix, load_matrix
from ssassist.query.glossary import Glossary, default_glossary
from ssassist.query.source_refs import SourceRefs
from ssassist.query.translation import Translator, shared_translator
from ssassist.retrieval.hybrid import HybridRetriever

if TYPE_CHECKING:
    from ssassist.llm import LLMAnswerer

_T = TypeVar("_T")
_UNSET: Any = object()


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
        """Forget the retriever, so that the next question reads the index anew (after ingest)."""
        self._built.pop("retriever", None)

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
    def retriever(self) -> HybridRetriever:
        def build() -> HybridRetriever:
            self.index.open()  # fail fast, with a clear message, before loading the model
            return HybridRetriever(
                self.index, self.embed_model, self.glossary, self.settings.retrieval
            )

        return self._once("retriever", build)

    @property
    def answerer(self) -> ExtractiveAnswerer:
        return self._once(
            "answerer",
            lambda: ExtractiveAnswerer(
                self.embed_model,
                self.settings.answer,
                self.documents,
                countries_of=lambda chunk: self.retriever.countries_named(chunk),
            ),
        )

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
