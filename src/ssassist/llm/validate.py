"""Checks of a generated answer before anyone sees it as final.

Citations: every ``[n]`` must name a passage the model was given, and the
answer must cite at least one. Markers naming no passage are dropped when valid
ones remain; an answer citing nothing valid is replaced by the extractive one.
The kept markers are renumbered 1..k in order of first use, as the citations.

Coverage: the verdict comes from the check. The answer must open with the
check's verdict word ("Yes." / "No." / "Unknown.", "Sí." / "No." / "No se sabe.");
a different opening, or a sentence affirming coverage the check did not find
(or, when it did, an opening sentence denying it), means the answer is
replaced. An answer stating no verdict gets the check's verdict sentence put in
front of it. These are word-level heuristics that err on the side of replacing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

_ONE = r"\[\d+(?:\s*[,;\-–]\s*\d+)*\]"
_RUN = re.compile(r"(\s?)((?:" + _ONE + r")+)")  # adjacent markers: " [1][2, 3]"
_GROUP = re.compile(r"\[([^\]]*)\]")
_SPLIT = re.compile(r"\s*(?:[,;])\s*")
_RANGE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")
# a sentence ends at . ! ? (not at the "No." / "núm." of "Convention No. 118") or a line break
_SENTENCES = re.compile(r"(?<=[.!?])(?<!\bNo\.)(?<!\bnúm\.)\s+|\n+")
_LEAD = re.compile(r"^[\s*#>_\-–—\"“]+")
_WORDS = re.compile(r"\w+|n't\b", re.UNICODE)
_STOP = r"(?=$|[\s.,:;!—–\-*])"

# Opening verdict words, most specific first.
OPENINGS: Final = {
    "en": [
        (re.compile(r"^(unknown|not known|it is not known|uncertain)" + _STOP, re.I), None),
        (re.compile(r"^yes" + _STOP, re.I), True),
        (re.compile(r"^no" + _STOP, re.I), False),
    ],
    "es": [
        (re.compile(r"^(no se sabe|se desconoce|desconocido)" + _STOP, re.I), None),
        (re.compile(r"^sí" + _STOP, re.I), True),
        (re.compile(r"^no" + _STOP, re.I), False),
    ],
}
AFFIRM: Final = {
    "en": re.compile(r"\b(yes|covered|covers?|covering)\b", re.I),
    "es": re.compile(r"(^|\W)(sí|cubiert[oa]s?|cubren?|amparad[oa]s?|amparan?)\b", re.I),
}
NEGATIONS: Final = {
    "en": frozenset(
        [
            "no",
            "not",
            "n't",
            "never",
            "neither",
            "nor",
            "none",
            "unknown",
            "whether",
            "unclear",
            "cannot",
            "without",
            "unless",
        ]
    ),
    "es": frozenset(
        [
            "no",
            "ni",
            "nunca",
            "ningún",
            "ninguno",
            "ninguna",
            "desconoce",
            "sin",
            "tampoco",
            "salvo",
        ]
    ),
}
DENY: Final = {
    "en": re.compile(
        r"\b(not covered|no (social security )?agreements?|(does|do) not cover|is no|are no|"
        r"not bound|no coverage)\b",
        re.I,
    ),
    "es": re.compile(
        r"\b(no (está|están|estarían?) cubiert|no (existe|hay)|ningún convenio|no (lo|los|la|las) "
        r"cubre|no cubren?|sin cobertura)",
        re.I,
    ),
}


@dataclass
class Checked:
    """The outcome of validating an answer."""

    text: str
    cited: list[int] = field(default_factory=list)  # passage numbers, in the order of the new 1..k
    repairs: list[str] = field(default_factory=list)  # notice keys: bad_citations, verdict_added
    replace: str | None = (
        None  # notice key when the answer must be replaced: uncited, contradiction
    )


def cited_numbers(text: str) -> list[int]:
    """Every passage number cited, in order, with repeats ("[1, 2]" and "[2-3]" count too)."""
    return [n for run in _RUN.finditer(text) for n in _run_numbers(run.group(2))]


def _run_numbers(run: str) -> list[int]:
    return [n for m in _GROUP.finditer(run) for n in _group_numbers(m.group(1))]


def _group_numbers(group: str) -> list[int]:
    out: list[int] = []
    for part in _SPLIT.split(group.strip()):
        r = _RANGE.match(part)
        if r and int(r.group(1)) <= int(r.group(2)) <= int(r.group(1)) + 10:
            out.extend(range(int(r.group(1)), int(r.group(2)) + 1))
        elif part.isdigit():
            out.append(int(part))
    return out


def renumber(text: str, valid: set[int]) -> tuple[str, list[int]]:
    """Drop markers outside ``valid``, number the rest 1..k by first use.

    Returns (text, old numbers by new).
    """
    order: list[int] = []

    def sub(m: re.Match[str]) -> str:
        kept = [n for n in dict.fromkeys(_run_numbers(m.group(2))) if n in valid]
        for n in kept:
            if n not in order:
                order.append(n)
        if not kept:
            return ""
        return m.group(1) + "".join(f"[{order.index(n) + 1}]" for n in kept)

    return _RUN.sub(sub, text), order


def opening_verdict(text: str, lang: str) -> bool | None | str:
    """The verdict the answer opens with: True, False, None (unknown), or "absent"."""
    start = _LEAD.sub("", text.strip())
    for pattern, verdict in OPENINGS[lang]:
        if pattern.match(start):
            return verdict
    return "absent"


def _negated(sentence: str, lang: str) -> bool:
    return any(w in NEGATIONS[lang] for w in _WORDS.findall(sentence.lower()))


def contradicts(text: str, covered: bool | None, lang: str) -> bool:
    """Whether the answer states a verdict other than ``covered`` (the check's)."""
    opening = opening_verdict(text, lang)
    if opening != "absent" and opening is not covered:
        return True
    sentences = [s for s in _SENTENCES.split(text) if s.strip()]
    if covered is True:
        return bool(sentences) and bool(DENY[lang].search(sentences[0]))
    return any(AFFIRM[lang].search(s) and not _negated(s, lang) for s in sentences)


def validate(
    text: str,
    n_passages: int,
    lang: str,
    covered: bool | None | str = "no check",
    verdict_sentence: str = "",
) -> Checked:
    """Validate (and repair) an answer given ``n_passages`` numbered passages.

    ``covered`` is the check's verdict when the answer is about coverage;
    ``verdict_sentence`` (the check's own wording, citing the same passages) is
    put in front of an answer that states no verdict.
    """
    text = text.strip()
    valid = set(range(1, n_passages + 1))
    cited = cited_numbers(text)
    if not any(n in valid for n in cited):
        return Checked(text, replace="uncited")
    repairs = ["bad_citations"] if any(n not in valid for n in cited) else []
    if covered != "no check":
        if contradicts(text, covered, lang):  # type: ignore[arg-type]
            return Checked(text, replace="contradiction")
        if opening_verdict(text, lang) == "absent" and verdict_sentence:
            text = verdict_sentence.strip() + "\n\n" + text
            repairs.append("verdict_added")
    text, order = renumber(text, valid)
    return Checked(text.strip(), order, repairs)
