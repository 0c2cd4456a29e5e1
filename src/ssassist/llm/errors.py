"""What can go wrong with an LLM endpoint, named for logs, with the API key scrubbed.

Every failure (refused connection, timeout, HTTP error, malformed or empty
reply) makes the assistant fall back to the extractive answer; these helpers
only say which failure it was, in words safe to log.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import openai
from pydantic import ValidationError

REDACTED = "[redacted]"


class EmptyReplyError(Exception):
    """The endpoint answered, but with no text and no tool call."""


def classify(exc: BaseException) -> str:
    """Short name of the failure: refused, timeout, http_5xx, http_4xx, malformed, empty, error."""
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "refused"
    if isinstance(exc, openai.APIStatusError):
        return "http_5xx" if exc.status_code >= 500 else "http_4xx"
    if isinstance(exc, EmptyReplyError):
        return "empty"
    if isinstance(
        exc,
        json.JSONDecodeError
        | ValidationError
        | openai.APIResponseValidationError
        | KeyError
        | IndexError
        | TypeError
        | AttributeError,
    ):
        return "malformed"
    return "error"


def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret replaced (error bodies may echo the key back)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def describe(exc: BaseException, secrets: Iterable[str]) -> str:
    """One log-safe line about a failure: its kind, type and scrubbed message."""
    message = " ".join(scrub(str(exc), secrets).split())[:300]  # scrub before cutting
    return f"{classify(exc)}: {type(exc).__name__}: {message}"


def tools_unsupported(exc: BaseException) -> bool:
    """Whether a request with tools was refused in a way that a request without them may not be.

    Servers without tool support answer 400 (vLLM without --enable-auto-tool-choice,
    Ollama models without tools), 404, 422 or 501, or a 5xx naming tools (the
    llama.cpp server without --jinja: 500 "tools param requires --jinja flag").
    """
    if not isinstance(exc, openai.APIStatusError):
        return False
    if exc.status_code in (400, 404, 422, 501):
        return True
    return exc.status_code >= 500 and "tool" in str(exc.message).lower()
