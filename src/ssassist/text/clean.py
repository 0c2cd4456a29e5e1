"""Cleaning a user's question before anything reads it."""

from __future__ import annotations

import re

from ssassist.errors import EmptyQuestionError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")


def clean_question(question: str, limit: int) -> tuple[str, bool]:
    """The question without control or invisible characters, cut at ``limit`` characters,
    and whether it was cut.

    Lone surrogates (undecodable bytes smuggled into a str) become U+FFFD; invisible
    characters (zero-width spaces, BOM) are not content: "\\u200b" is an empty question.

    Raises:
        TypeError: ``question`` is not a string.
        EmptyQuestionError: nothing is left.
    """
    if not isinstance(question, str):
        raise TypeError("question must be a string")
    text = _SURROGATE.sub("\ufffd", question)
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text)).strip()
    if not text:
        raise EmptyQuestionError()
    if len(text) > limit:
        return text[:limit], True
    return text, False
