"""The fast tier never loads the real embedding model: a guard that fails a test that does.

A test not marked ``slow`` fails at setup when it asks for a fixture that holds
the real model or a real index (:data:`REAL_MODEL_FIXTURES`, directly or through
another fixture), and fails when it constructs a sentence-transformers model
itself (through the Assistant, ``load_embedding_model`` or the library).
Every real model load is counted; the run's summary prints the count, so
``pytest -m "not slow"`` shows "real embedding model loaded 0 times".
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import pytest

REAL_MODEL_FIXTURES = frozenset({"embed_model", "corpus_index", "assistant", "real_stub_index"})
"""Fixtures that load the real model or build a real index (in tests/conftest.py)."""


class RealModelInFastTest(AssertionError):
    """A test not marked slow loads the real embedding model."""


class ModelGuard:
    """Which test is running, and how often the real model was loaded (and by which tests)."""

    def __init__(self) -> None:
        self.item: pytest.Item | None = None
        self.loads: list[str] = []
        self._lock = threading.Lock()
        self._undo: Callable[[], None] | None = None

    def fast(self) -> bool:
        """Whether the running test (if any) belongs to the fast tier."""
        return self.item is not None and self.item.get_closest_marker("slow") is None

    def check_fixtures(self, item: pytest.Item) -> None:
        """Fail a fast test that asks for a real-model fixture, before any fixture is built."""
        self.item = item
        if not self.fast():
            return
        real = sorted(REAL_MODEL_FIXTURES & set(getattr(item, "fixturenames", ())))
        if real:
            raise RealModelInFastTest(
                f"{item.nodeid} uses {', '.join(real)} (the real embedding model) "
                "but is not marked slow: mark it @pytest.mark.slow or use the fake embedding"
            )

    def on_load(self, model: str) -> None:
        """Called by every construction of a sentence-transformers model, before it loads:
        refuses it in a fast test, counts it in a slow one."""
        if self.fast():
            assert self.item is not None
            raise RealModelInFastTest(
                f"{self.item.nodeid} loads the embedding model {model!r} but is not marked slow"
            )
        with self._lock:
            self.loads.append(self.item.nodeid if self.item is not None else "(no test)")

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Route every sentence-transformers model construction through :meth:`on_load`.

        The library is patched when it is imported (at once if it already is), so the
        guard itself imports nothing heavy.
        """
        finder = PatchOnImport("sentence_transformers", self._patch)
        if "sentence_transformers" in sys.modules:
            self._patch(sys.modules["sentence_transformers"])
        else:
            sys.meta_path.insert(0, finder)
        try:
            yield
        finally:
            if finder in sys.meta_path:
                sys.meta_path.remove(finder)
            self._unpatch()

    def _patch(self, module: ModuleType) -> None:
        cls = module.SentenceTransformer
        real_init = cls.__init__
        guard = self

        def guarded_init(st: Any, model_name_or_path: Any = None, *args: Any, **kw: Any) -> None:
            guard.on_load(str(model_name_or_path))
            real_init(st, model_name_or_path, *args, **kw)

        cls.__init__ = guarded_init
        self._undo = lambda: setattr(cls, "__init__", real_init)

    def _unpatch(self) -> None:
        undo, self._undo = self._undo, None
        if undo is not None:
            undo()

    def summary(self) -> str:
        slow = sorted(set(self.loads))
        where = f" (by {', '.join(slow[:3])}{', ...' if len(slow) > 3 else ''})" if slow else ""
        return f"real embedding model loaded {len(self.loads)} times{where}"


class PatchOnImport(importlib.abc.MetaPathFinder):
    """Calls ``patch(module)`` once the top-level module ``name`` has been imported."""

    def __init__(self, name: str, patch: Callable[[ModuleType], None]) -> None:
        self.name = name
        self.patch = patch

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)  # find the real spec with the other finders, once
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        loader, patch = spec.loader, self.patch

        class Patching(importlib.abc.Loader):
            def create_module(self, spec):  # type: ignore[no-untyped-def]
                return loader.create_module(spec)

            def exec_module(self, module: ModuleType) -> None:
                loader.exec_module(module)
                patch(module)

        spec.loader = Patching()
        return spec
