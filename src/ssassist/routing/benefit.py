"""Which benefit a message asks about, when it names more than one.

In: the message and its benefit mentions (with spans). Out: one benefit id, or None.
A question often names more than one ("Chilean retiree ... access to healthcare?",
"no me interesa la salud, quiero saber si ... jubilarme"): see :func:`asked_benefit`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ssassist.matrix.benefits import is_descriptive, is_generic_pension
from ssassist.text.normalize import fold

# Words that, a few words before a benefit, set it aside: "no me interesa la salud",
# "not asking about health care", "not only emergencies", "other than the pension".
SETTING_ASIDE = frozenset(
    {
        "no",
        "not",
        "nor",
        "ni",
        "never",
        "nunca",
        "tampoco",
        "except",
        "excepto",
        "salvo",
        "besides",
        "aside",
        "apart",
        "aparte",
    }
)


SET_ASIDE_WINDOW = 4  # words between the negation and the benefit, at most


# Phrases after which the next benefit named is the one asked about.
FOCUS = re.compile(
    r"\b(?:asking about|ask about|question is about|question about|what about|how about|"
    r"interested in|want to know about|wondering about|regarding|concerning|as for|"
    r"pregunto por|pregunto sobre|consulto por|consulto sobre|pregunta es sobre|pregunta sobre|"
    r"quiero saber|me interesa|que pasa con|que hay de|en cuanto a|respecto a|respecto de)\b"
)


_CLAUSE_BREAK = re.compile(r"[,;:.!?¿¡()\n]|\b(?:but|pero|sino)\b")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


_WORD = re.compile(r"[^\W_]+(?:'t)?")


Mention = tuple[Any, tuple[int, int]]


_Found = list[tuple[str, tuple[int, int], str]]  # (benefit id, span, words as written)


def asked_benefit(text: str, mentions: Sequence[Mention]) -> str | None:
    """The benefit a question asks about, from its benefit mentions (in order, with spans).

    In turn, while more than one is left: a benefit set aside ("no me interesa la
    salud") drops out; a bare "pension" next to invalidity or survivors is theirs;
    the benefit right after "asking about" / "quiero saber" / "what about" is the
    one; mentions in the question sentence beat those in the sentences around it;
    a benefit named outright beats a word describing the person ("retiree",
    "enfermedad", "health"); then :func:`main_benefit`.
    """
    found = sorted(
        ((str(b), span, text[span[0] : span[1]]) for b, span in mentions), key=lambda m: m[1]
    )
    if not found:
        return None
    steps = (_not_set_aside, _pension_of_the_branch, _focused, _in_the_question, _named_outright)
    for step in steps:
        if len({b for b, _, _ in found}) == 1:
            break
        found = step(text, found) or found
    return main_benefit([b for b, _, _ in found])


def _not_set_aside(text: str, found: _Found) -> _Found:
    out: _Found = []
    prev_end = 0
    for m in found:
        clause = _CLAUSE_BREAK.split(fold(text[prev_end : m[1][0]]).replace("\u2019", "'"))[-1]
        window = _WORD.findall(clause)[-(SET_ASIDE_WINDOW + 1) :]
        if not any(w in SETTING_ASIDE or w.endswith("n't") for w in window):
            out.append(m)
        prev_end = m[1][1]
    return out


def _pension_of_the_branch(text: str, found: _Found) -> _Found:
    if not {"invalidity", "survivors"} & {b for b, _, _ in found}:
        return found
    return [m for m in found if not is_generic_pension(m[2])]


def _focused(text: str, found: _Found) -> _Found:
    folded = fold(text)
    chosen: _Found = []
    for cue in FOCUS.finditer(folded):
        before = _WORD.findall(folded[max(0, cue.start() - 12) : cue.start()])
        if before and before[-1] in SETTING_ASIDE:  # "no me interesa ..."
            continue
        sentence_end = _SENTENCE_END.search(folded, cue.end())
        limit = sentence_end.start() if sentence_end else len(folded)
        after = [m for m in found if cue.end() <= m[1][0] < limit]
        if after:
            chosen = after[:1]
    return chosen or found


def _in_the_question(text: str, found: _Found) -> _Found:
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    ends = [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    questions = [
        (s, e) for s, e in zip(starts, ends, strict=True) if "?" in text[s:e] or "¿" in text[s:e]
    ]
    inside = [m for m in found if any(s <= m[1][0] < e for s, e in questions)]
    return inside if len(questions) < len(starts) else found


def _named_outright(text: str, found: _Found) -> _Found:
    return [m for m in found if not is_descriptive(m[2])]


def main_benefit(mentioned: list[str]) -> str | None:
    """The benefit the question is about: the first one named, except that falling
    sick ("si me enfermo") next to being treated names medical care, not the cash benefit."""
    if not mentioned:
        return None
    if "sickness" in mentioned and "medical_care" in mentioned:
        return "medical_care"
    return mentioned[0]
