"""What a table question asks: :class:`TableQuestion`, read with the cues of
``ssassist/data/table_cues.yaml``.

In: the question, its :class:`~ssassist.query.analysis.QueryAnalysis` (the countries it
names) and the matrix (the aliases of named agreements). Out: the question's form (a
superlative, a threshold, a count or a list), what it measures, counts or lists, its topic
or the agreements it names, the countries and benefits it names and the scopes that narrow
it; or None when it is not clearly a table question (no form, no subject, or a blocker such
as a cost or a contact). :mod:`ssassist.answering.tables` answers it from the matrix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml

from ssassist.matrix.benefits import find_benefits
from ssassist.matrix.countries import Country, plural_forms
from ssassist.matrix.loader import Matrix
from ssassist.matrix.models import Benefit, Instrument, InstrumentKind
from ssassist.matrix.queries import find_agreements
from ssassist.query.analysis import QueryAnalysis
from ssassist.text.normalize import cue_pattern, fold, fold_key, phrases_regex

Form = Literal["superlative", "threshold", "count", "list"]

GAP = "…"
"""In a cue phrase, up to five words of any kind ("how many … countries")."""
_GAP_RE = r"(?:\s+[^\s?¿!¡.,;:]+){0,5}\s+"
_NEVER = re.compile(r"(?!x)x")


@dataclass(frozen=True)
class TableQuestion:
    """A superlative, threshold, count or list question over the tables, as read.

    ``target`` is what the form is about: for a superlative, what it measures
    (``benefits``, ``parties``, ``treaties``); for a threshold, what is counted
    (``treaties``); for a count or a list, what is counted or listed (``countries``,
    ``benefits``, ``treaties``, ``instruments``: schemes, measures, cases).
    ``countries`` are every country the question mentions; ``named`` those it names by
    name rather than by a demonym ("Guatemalan in LA…" names only the United States).
    """

    form: Form
    target: str
    topic: str | None
    agreements: tuple[Instrument, ...]
    countries: tuple[str, ...]
    named: tuple[str, ...]
    benefits: tuple[Benefit, ...]
    scopes: frozenset[str]
    exists: bool = False  # asks which there are, or which ones a country takes part in
    irregular: bool = False  # also asks about migrants in an irregular situation
    threshold: int | None = None
    inclusive: bool = False  # "at least N" (else "more than N")

    @property
    def of_instruments(self) -> bool:
        """Whether a count or list is of agreements, schemes or measures (not of countries)."""
        return self.target in ("instruments", "treaties")


@dataclass(frozen=True)
class TableCues:
    """The compiled cues (see ``table_cues.yaml`` for what each group means)."""

    count: dict[str, re.Pattern[str]]
    count_bare: re.Pattern[str]
    lists: dict[str, re.Pattern[str]]
    superlative: dict[str, re.Pattern[str]]
    threshold: re.Pattern[str]
    at_least: re.Pattern[str]
    nouns: dict[str, re.Pattern[str]]
    topics: dict[str, re.Pattern[str]]
    scopes: dict[str, re.Pattern[str]]
    blockers: re.Pattern[str]
    other_sources: re.Pattern[str]
    existence: re.Pattern[str]

    def form(self, text: str) -> tuple[Form, str, int | None, bool] | None:
        """(form, target, threshold, inclusive) of folded ``text``; thresholds first, then
        superlatives, counts and lists."""
        m = self.threshold.search(text)  # before superlatives: "más de 20 tratados"
        if m:
            inclusive = bool(self.at_least.match(m.group(0)))
            return "threshold", "treaties", int(m.group("n")), inclusive
        for target, pattern in self.superlative.items():
            if pattern.search(text):
                return "superlative", target, None, False
        for target, pattern in self.count.items():
            if pattern.search(text):
                return "count", target, None, False
        if self.count_bare.search(text):
            named = [t for t, p in self.nouns.items() if p.search(text)]
            if len(named) == 1:
                target = named[0]
                return "count", target, None, False
        for target, pattern in self.lists.items():
            if pattern.search(text):
                return "list", target, None, False
        return None


def compile_cues(terms: list[str]) -> re.Pattern[str]:
    """Cue phrases for folded text (see :func:`~ssassist.text.normalize.cue_pattern`); a
    phrase with "…" lets up to five words stand between its parts."""
    plain = [t for t in terms if GAP not in t]
    alternatives = [cue_pattern(plain).pattern] if plain else []
    for term in terms:
        if GAP in term:
            parts = [phrases_regex([p.strip()]) for p in term.split(GAP)]
            alternatives.append(r"(?<!\w)" + _GAP_RE.join(parts) + r"(?!\w)")
    return re.compile("|".join(alternatives)) if alternatives else _NEVER


def _both(entry: dict[str, list[str]]) -> list[str]:
    return list(entry.get("en", [])) + list(entry.get("es", []))


@cache
def load_table_cues() -> TableCues:
    """The cues of ``ssassist/data/table_cues.yaml`` (read once)."""
    raw = yaml.safe_load(
        resources.files("ssassist.data").joinpath("table_cues.yaml").read_text("utf-8")
    )
    forms = raw["forms"]
    nouns = {k: _both(v) for k, v in raw["nouns"].items()}
    bare = phrases_regex(_both(forms["count_bare"]))
    more = _both(forms["threshold"]["more"]) + _both(forms["threshold"]["at_least"])
    threshold = (
        rf"(?<!\w){phrases_regex(more)}\s+(?P<n>\d+)"
        rf"(?:\s+[^\s?¿!¡.,;:\d]+){{0,3}}?\s+{phrases_regex(nouns['treaties'])}(?!\w)"
    )
    return TableCues(
        count={k: compile_cues(_both(v)) for k, v in forms["count"].items()},
        count_bare=re.compile(rf"(?<!\w){bare}\s*(?:\?|$)"),
        lists={k: compile_cues(_both(v)) for k, v in forms["list"].items()},
        superlative={k: compile_cues(_both(v)) for k, v in forms["superlative"].items()},
        threshold=re.compile(threshold),
        at_least=re.compile(phrases_regex(_both(forms["threshold"]["at_least"]))),
        nouns={k: compile_cues(v) for k, v in nouns.items()},
        topics={k: compile_cues(_both(v)) for k, v in raw["topics"].items()},
        scopes={k: compile_cues(_both(v)) for k, v in raw["scopes"].items()},
        blockers=compile_cues(_both(raw["blockers"])),
        other_sources=compile_cues(_both(raw["other_sources"])),
        existence=compile_cues(_both(raw["existence"])),
    )


TABLES_DOC = "000_a51be7ce2c2609d8"
"""The CISS technical note, whose tables and §3 the matrix transcribes."""

# Topics that may be matched together (the first wins): Table 4 is about irregular
# migrants; Table 3 extends multilaterals bilaterally.
_COMPATIBLE = (
    {"inter_institutional", "irregular_migrants"},
    {"bilateral_extension", "bilateral_treaty", "multilateral"},
    {"multilateral", "bilateral_treaty"},
)
# The topics a question naming an agreement of each kind may also match.
_WITH_AGREEMENT = {
    InstrumentKind.MULTILATERAL: (None, "multilateral", "bilateral_extension"),
    InstrumentKind.ILO_CONVENTION: (None, "equal_treatment"),
}


def _compatible(topics: list[str]) -> bool:
    return any(set(topics) <= group for group in _COMPATIBLE)


def _demonym(country: Country, said: str) -> bool:
    """Whether ``said`` names ``country`` by a demonym ("paraguayo", "Guatemalans")."""
    key = fold_key(said)
    forms = {fold_key(f) for d in country.demonyms for f in (d, *plural_forms(d))}
    return key in forms


def _benefits(question: str) -> tuple[Benefit, ...]:
    found = list(dict.fromkeys(b for b, _ in find_benefits(question)))
    if Benefit.EMERGENCY_MEDICAL_CARE in found and Benefit.MEDICAL_CARE in found:
        found.remove(Benefit.MEDICAL_CARE)  # "atención médica de urgencia" names one benefit
    return tuple(found)


def read_table_question(
    question: str, analysis: QueryAnalysis, matrix: Matrix
) -> TableQuestion | None:
    """The table question ``question`` asks, or None when it does not clearly ask one."""
    cues = load_table_cues()
    text = fold(question)
    if cues.blockers.search(text) or cues.other_sources.search(text):
        return None
    if analysis.sources and TABLES_DOC not in analysis.sources:
        return None  # "según la revisión regional…": what another document says
    form = cues.form(text)
    if form is None:
        return None
    topics = [t for t, p in cues.topics.items() if p.search(text)]
    if len(topics) > 1 and not _compatible(topics):
        return None  # "¿cuántos convenios bilaterales y cuántos acuerdos entre instituciones?"
    topic = topics[0] if topics else None
    agreements = tuple(
        {
            i.id: i
            for i, _ in find_agreements(matrix, question)
            if i.kind in (InstrumentKind.MULTILATERAL, InstrumentKind.ILO_CONVENTION)
        }.values()
    )
    if agreements and topic not in _WITH_AGREEMENT.get(agreements[0].kind, (None,)):
        return None  # "¿qué países del CMISS tienen seguro voluntario?": not one table
    if (
        topic is None
        and not agreements
        and form[:2]
        not in {
            ("superlative", "treaties"),
            ("threshold", "treaties"),
            ("count", "treaties"),
        }
    ):
        return None
    return TableQuestion(
        form=form[0],
        target=form[1],
        topic=topic,
        agreements=agreements,
        countries=tuple(dict.fromkeys(c.code for c, _ in analysis.mentions)),
        named=tuple(
            dict.fromkeys(
                c.code for c, (a, b) in analysis.mentions if not _demonym(c, question[a:b])
            )
        ),
        benefits=_benefits(question),
        scopes=frozenset(s for s, p in cues.scopes.items() if p.search(text)),
        exists=bool(cues.existence.search(text)),
        irregular="irregular_migrants" in topics,
        threshold=form[2],
        inclusive=form[3],
    )
