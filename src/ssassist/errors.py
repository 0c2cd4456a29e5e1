"""Errors a user can cause, each with a message fit to show as it is.

Every public error derives from :class:`SSAssistError`; the ones caused by bad
input also derive from :class:`ValueError` so callers may catch either.
"""

from __future__ import annotations


class SSAssistError(Exception):
    """Base class of the errors ssassist raises on purpose."""


class EmptyQuestionError(SSAssistError, ValueError):
    """The question is empty or only whitespace."""

    def __init__(self) -> None:
        super().__init__(
            "The question is empty: please type a question. / "
            "La pregunta está vacía: escriba una pregunta."
        )


class UnknownCountryError(SSAssistError, ValueError):
    """A country name could not be resolved; carries near matches."""

    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = list(suggestions or [])
        msg = f"Unknown country: {name!r}."
        if self.suggestions:
            msg += " Did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)


class UnknownBenefitError(SSAssistError, ValueError):
    """A benefit name is not one of the benefit ids (or their aliases)."""

    def __init__(self, name: str, valid: list[str], suggestions: list[str] | None = None) -> None:
        self.name = name
        self.valid = list(valid)
        self.suggestions = list(suggestions or [])
        msg = f"Unknown benefit: {name!r}."
        if self.suggestions:
            msg += " Did you mean: " + ", ".join(self.suggestions) + "?"
        msg += " Valid benefits: " + ", ".join(self.valid) + "."
        super().__init__(msg)


class DataFileError(SSAssistError, ValueError):
    """A data file (matrix, glossary, corpus metadata) is malformed."""

    def __init__(self, path: str, reason: str, row: int | str | None = None) -> None:
        self.path = str(path)
        self.row = row
        self.reason = reason
        where = self.path if row is None else f"{self.path}, row {row}"
        super().__init__(f"{where}: {reason}")


class IndexMissingError(SSAssistError):
    """The search index has not been built yet."""

    def __init__(self, location: str) -> None:
        self.location = location
        super().__init__(f"No search index found at {location}. Build it with: ssassist ingest")


class IndexMismatchError(SSAssistError):
    """The index was built with another embedding model, or is unreadable."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(
            f"The search index at {location} cannot be used: {reason}. "
            "Rebuild it with: ssassist ingest --rebuild"
        )


class ChromaServerError(SSAssistError):
    """The Chroma server of ``SSASSIST_CHROMA_URL`` cannot be reached."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(
            f"Cannot reach the Chroma server at {url} ({reason}). Start it "
            "(chroma run --path DIR --host 127.0.0.1 --port 8000) or correct SSASSIST_CHROMA_URL."
        )


class IndexCorruptError(IndexMismatchError):
    """The index files are damaged (truncated, overwritten, a folder deleted)."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        SSAssistError.__init__(
            self,
            f"The search index at {location} is damaged ({reason}). "
            "Rebuild it with: ssassist ingest --rebuild",
        )


class IndexIncompleteError(IndexMissingError):
    """The last ingest stopped before it finished (killed, crashed, interrupted)."""

    def __init__(self, location: str) -> None:
        self.location = location
        SSAssistError.__init__(
            self,
            f"The last ingest into the search index at {location} did not finish. "
            "Complete it with: ssassist ingest",
        )
