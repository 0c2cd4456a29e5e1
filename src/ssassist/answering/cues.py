"""What a question asks for, and which sentences complete the one before them.

Two cues steer the extractive answer beyond similarity to the question:

* the kind of fact a question asks for ("how many", "¿qué porcentaje?",
  "which countries"): a sentence holding such a fact (a figure, a percentage,
  an amount of money, a date or duration, country names) is preferred, since
  a sentence that only restates the question's topic does not answer it;
* continuation: a sentence that opens with a reference back ("These are…",
  "Its four pillars…", "However, the latter…") or a list announced by a colon
  completes the sentence before it, so the two are quoted together.

The cue phrases live in ``ssassist/data/answer_cues.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from ssassist.matrix.countries import find_countries
from ssassist.text.normalize import cue_pattern, fold, phrases_regex

KINDS = (
    "number",
    "percent",
    "amount",
    "time",
    "countries",
    "organisation",
    "person",
    "phone",
    "email",
    "link",
    "address",
    "definition",
    "requirements",
    "procedure",
    "reason",
)
CONTACT = frozenset({"phone", "email", "link", "address"})
# kinds with a shape a sentence either holds or not (a figure, a date, a phone number);
# the others (a description, a reason) are read from the sentence's wording
TYPED = frozenset({"number", "percent", "amount", "time", "countries", *CONTACT})

_NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "dozen",
    "dozens",
    "million",
    "millions",
    "billion",
    "billions",
    "half",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciseis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "treinta",
    "cuarenta",
    "cincuenta",
    "cien",
    "ciento",
    "cientos",
    "mil",
    "miles",
    "millon",
    "millones",
    "docena",
    "docenas",
    "mitad",
]
_NUM = r"\d+(?:[.,]\d+)*"
_NUMBER_WORD = r"(?:" + "|".join(_NUMBER_WORDS) + r")"
_FIGURE = re.compile(rf"(?<![\w.,]){_NUM}(?![\w])|\b{_NUMBER_WORD}\b")
_YEAR = re.compile(r"(?<![\w.,])(?:1[89]|20)\d\d(?![\w.,]\d)")
_PERCENT = re.compile(rf"{_NUM}\s*(?:%|per\s?cent\b|percent\b|por\s+ciento\b)")
_AMOUNT = re.compile(
    rf"(?:us\$|\$|usd|eur|€)\s?{_NUM}"
    rf"|(?:{_NUM}|{_NUMBER_WORD})\s+(?:(?:thousand|million|billion|mil|millones|mil\s+millones)\s+(?:de\s+)?)?"
    r"(?:dollars|dolares|euros|pesos|colones|reales)\b"
)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
_UNITS = r"(?:days?|weeks?|months?|years?|dias?|semanas?|mes|meses|anos?)"
_DURATION = re.compile(rf"(?:{_NUM}|\b{_NUMBER_WORD})[\s-]+{_UNITS}\b")
_MONTH_NAME = r"(?:" + "|".join(_MONTHS) + r")"
_MONTH = re.compile(rf"\b{_MONTH_NAME}\s+(?:de\s+)?\d|\d\s+(?:de\s+)?{_MONTH_NAME}\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LINK = re.compile(
    r"https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|gob|gov|com|int|net)(?:\.\w\w)?\b"
)
_PHONE = re.compile(r"(?:\btel\.?|\bphone|\btelefono|\+)\s*:?\s*\(?\+?\d[\d\s().-]{6,}\d")
_ADDRESS = re.compile(
    r"\b(?:street|avenue|av\.|avenida|calle|suite|piso|floor|zip|postal code|codigo postal)\b"
    r"[^.;]{0,40}\d|\d{1,5}\s+\w+\s+(?:street|avenue|road|st\.|ave\.)"
)
_ACRONYM = re.compile(r"\b[A-Z][A-Z&]{1,}[a-z]?\b")


@dataclass(frozen=True)
class Cues:
    """The compiled cue phrases: what questions ask for, how continuing sentences open."""

    asks: dict[str, re.Pattern[str]]
    opener: re.Pattern[str]
    holds: dict[str, re.Pattern[str]]

    def asked(self, question: str) -> frozenset[str]:
        """The kinds of fact ``question`` asks for (see :data:`KINDS`); a description only
        when nothing more precise is asked."""
        text = fold(question)
        kinds = {kind for kind, pattern in self.asks.items() if pattern.search(text)}
        if len(kinds) > 1:  # "what are the requirements?" asks requirements, not a definition
            kinds.discard("definition")
        return frozenset(kinds)

    def continues(self, sentence: str) -> bool:
        """Whether ``sentence`` opens with a reference back to the sentence before it."""
        return bool(self.opener.match(fold(sentence.lstrip(" \"“'(*"))))


@cache
def load_cues() -> Cues:
    """The cues of ``ssassist/data/answer_cues.yaml`` (read once)."""
    raw = yaml.safe_load(
        resources.files("ssassist.data").joinpath("answer_cues.yaml").read_text("utf-8")
    )
    asks = {kind: cue_pattern(terms["en"] + terms["es"]) for kind, terms in raw["asks"].items()}
    holds = {kind: cue_pattern(terms["en"] + terms["es"]) for kind, terms in raw["holds"].items()}
    refer = raw["continues"]["refer"]
    link = raw["continues"]["link"]
    links = phrases_regex(link["en"] + link["es"])
    opener = re.compile(rf"(?:{links},?\s+)?{phrases_regex(refer['en'] + refer['es'])}(?!\w)")
    return Cues(asks=asks, opener=opener, holds=holds)


def facts_in(text: str, question_countries: frozenset[str] = frozenset()) -> frozenset[str]:
    """The kinds of fact ``text`` holds (see :data:`KINDS`).

    A year alone is a date, not a figure; a country named in the question is
    not an answer to "which countries". Contact details are read by their shape;
    descriptions, requirements, procedures and reasons by the wording of
    ``answer_cues.yaml`` (``holds``).
    """
    folded = fold(text)
    kinds: set[str] = set()
    figures = [m.group(0) for m in _FIGURE.finditer(folded)]
    if any(not _YEAR.fullmatch(f) for f in figures):
        kinds.add("number")
    if _PERCENT.search(folded):
        kinds.add("percent")
    if _AMOUNT.search(folded):
        kinds.add("amount")
    if _YEAR.search(folded) or _MONTH.search(folded) or _DURATION.search(folded):
        kinds.add("time")
    if {c.code for c, _ in find_countries(text)} - question_countries:
        kinds.add("countries")
    if _EMAIL.search(text):
        kinds.add("email")
    if _LINK.search(text.replace("@", " ")):
        kinds.add("link")
    if _PHONE.search(folded):
        kinds.add("phone")
    if _ADDRESS.search(folded):
        kinds.add("address")
    if _ACRONYM.search(text):
        kinds.add("organisation")
    kinds.update(kind for kind, pattern in load_cues().holds.items() if pattern.search(folded))
    return frozenset(kinds)


def focus(asked: frozenset[str], held: frozenset[str]) -> float:
    """Share of the kinds of fact asked for that a unit holds.

    0 when nothing in particular is asked.
    """
    return len(asked & held) / len(asked) if asked else 0.0


def ends_with_colon(sentence: str) -> bool:
    """Whether ``sentence`` announces what follows (a list, an enumeration)."""
    return sentence.rstrip(" *").endswith(":")
