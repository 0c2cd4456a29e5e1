"""What every tab of the app shares: the Assistant, feedback store, start-up state, labels."""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr

from ssassist.errors import IndexMismatchError, IndexMissingError
from ssassist.feedback import FeedbackStore
from ssassist.ui.labels import t

log = logging.getLogger(__name__)


class Warmer:
    """Loads the model and the index in a background thread so the app starts at once.

    Answering waits for it (a question asked during warm-up is answered when the
    model is ready, instead of loading it twice); until then the page says why it waits
    and roughly how long (:meth:`seconds_left`).
    """

    EXPECTED_SECONDS = 20.0
    """A cold start's warm-up on two shared cores: the model loads in about 15 s, the index
    and the rest in a few more."""

    def __init__(self, assistant: Any, expected: float = EXPECTED_SECONDS) -> None:
        self.assistant = assistant
        self.expected = expected
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._started = time.monotonic()

    def start(self) -> None:
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="ssassist-warm-up", daemon=True)
        self._thread.start()

    @property
    def ready(self) -> bool:
        """True once the model and index are loaded (or warming was skipped or failed)."""
        return self._done.is_set()

    def elapsed(self) -> int:
        """Whole seconds since the warm-up started."""
        return int(time.monotonic() - self._started)

    def seconds_left(self) -> int | None:
        """Roughly how long the warm-up still takes (a multiple of 5 s, at least 5), or None
        once it takes longer than expected."""
        left = self.expected - (time.monotonic() - self._started)
        if left < -2.5:
            return None
        return max(5, 5 * round(left / 5))

    def _run(self) -> None:
        try:
            self.assistant.warm_up()
            log.info("model and index loaded")
        except Exception:  # the first question will show the error to the user
            log.exception("warm-up failed")
        finally:
            self._done.set()

    def skip(self) -> None:
        self._done.set()

    def wait(self, timeout: float | None = 300) -> None:
        self._done.wait(timeout)


def index_problem(assistant: Any) -> IndexMissingError | IndexMismatchError | None:
    """Why the index cannot be opened (missing, or built for another model), or None."""
    try:
        assistant.index.open()
    except (IndexMissingError, IndexMismatchError) as exc:
        log.warning("%s", exc)
        return exc
    return None


Update = Callable[[str], Any]


@dataclass
class Labeler:
    """Components whose labels follow the interface language, with how to relabel each."""

    items: list[tuple[Any, Update]] = field(default_factory=list)

    def add(self, component: Any, update: Update) -> Any:
        self.items.append((component, update))
        return component

    def button(self, key: str, **kwargs: Any) -> Any:
        """A button labelled with the text ``key`` (Spanish first), relabelled with the language."""
        return self.add(
            gr.Button(t(key, "es"), **kwargs), lambda lang: gr.update(value=t(key, lang))
        )

    @property
    def outputs(self) -> list[Any]:
        return [c for c, _ in self.items]

    def updates(self, lang: str) -> list[Any]:
        return [update(lang) for _, update in self.items]


@dataclass
class AppContext:
    """Everything the tabs share; built once per app (no module-level state)."""

    assistant: Any
    feedback: FeedbackStore
    warmer: Warmer
    problem: IndexMissingError | IndexMismatchError | None = None
    labeler: Labeler = field(default_factory=Labeler)
    downloads: Path = field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix="ssassist-drafts-"))
    )
    cache: dict[Any, Any] = field(default_factory=dict)

    def cached(self, key: Any, make: Callable[[], Any]) -> Any:
        """A value computed once per app (matrix grids and tables never change while it runs)."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]
