"""Words of the coverage answer: numbered sources, sentences, lists, names, acronyms.

In: :class:`~ssassist.matrix.models.Source` records, benefits, instruments and
plain strings, in one language (``"en"`` or ``"es"``). Out: strings — a sentence
with its ``[n]`` markers before the final period, "a, b and c", benefits in plain
words (several pensions folded into one phrase), an agreement's name with its
article, and a text whose acronyms are written in full at their first use.
Decides nothing about coverage; used by :mod:`ssassist.answering.coverage`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ssassist.matrix import Instrument, Source
from ssassist.matrix.models import Benefit
from ssassist.models import Citation
from ssassist.templates import ACRONYMS, COVERAGE_LINES, PENSIONS, PLAIN_BENEFIT

CiteFn = Callable[[int, str, str, str], Citation]

PENSION_BRANCHES = (Benefit.INVALIDITY, Benefit.OLD_AGE, Benefit.SURVIVORS)
"""The branches a payment abroad concerns; for them the payment is the first fact."""

THE_COUNTRIES = frozenset({"US", "DO", "BS", "GB", "NL", "PH", "TC", "KY", "VG", "VI", "AE", "CZ"})
"""Countries English names with "the" in running text ("the United States")."""


class Sources:
    """Numbers each distinct source once, in order of first use."""

    def __init__(self, cite: CiteFn) -> None:
        self.cite = cite
        self.citations: list[Citation] = []
        self._numbers: dict[tuple[str, str, str], int] = {}

    def number(self, source: Source) -> int:
        key = (source.doc_id, source.locator, source.quote)
        if key not in self._numbers:
            n = len(self._numbers) + 1
            self._numbers[key] = n
            self.citations.append(self.cite(n, source.doc_id, source.locator, source.quote))
        return self._numbers[key]

    def refs(self, sources: Iterable[Source | None]) -> str:
        """ " [1][2]" for the sources (none: "")."""
        nums = list(dict.fromkeys(self.number(s) for s in sources if s is not None))
        return (" " + "".join(f"[{n}]" for n in nums)) if nums else ""

    def title(self, source: Source, lang: str) -> str:
        """The short title of the document *source* is in (cited, so the reader can open it)."""
        c = self.citations[self.number(source) - 1]
        short = c.short_title_es if lang == "es" else c.short_title
        return short or c.title


@dataclass
class Line:
    """One sentence of the answer, its sources put before its final period."""

    text: str
    sources: list[Source | None] = field(default_factory=list)


def join(items: Sequence[str], lang: str) -> str:
    """ "a, b and c" ("a, b y c"), without empty items or repeats."""
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + COVERAGE_LINES[lang]["and"] + items[-1]


def benefits_phrase(benefits: Iterable[Benefit | str], lang: str) -> str:
    """Benefits in plain words; several pensions are folded into one phrase."""
    bens = [Benefit(b) for b in dict.fromkeys(benefits)]
    pensions = [b for b in bens if b in PENSION_BRANCHES]
    if len(pensions) > 1:
        form, kinds = PENSIONS[lang]
        folded = form.format(kinds=join([kinds[b.value] for b in pensions], lang))
        rest = [PLAIN_BENEFIT[lang][b.value] for b in bens if b not in PENSION_BRANCHES]
        first = bens.index(pensions[0])
        parts = rest[:first] + [folded] + rest[first:]
        return join(parts, lang)
    return join([PLAIN_BENEFIT[lang][b.value] for b in bens], lang)


def cap(text: str) -> str:
    """The text with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def the(inst: Instrument, lang: str) -> str:
    """An agreement's name with its article ("the CMISS", "el Convenio...")."""
    name = inst.display_name(lang) if lang == "es" else inst.name
    return ("el " if lang == "es" else "the ") + name


def names(insts: Iterable[Instrument], lang: str) -> str:
    """Agreements' names with their articles, joined ("the A and the B")."""
    return join([the(i, lang) for i in insts], lang)


def rest_of_name(name: str) -> str:
    """A measure's name without its "Country — " prefix."""
    head, sep, rest = name.partition(" — ")
    return rest if sep else name


def sentence(line: Line, sources: Sources) -> str:
    """The line as a sentence: capitalised, its [n] markers, one final period."""
    text = line.text.rstrip().rstrip(".")
    return cap(text) + sources.refs(line.sources) + "."


_WORD = r"(?<!\w){acr}(?!\w)"


def expand_acronyms(text: str, lang: str) -> str:
    """Write each known acronym in full at its first use ("Name (ACR)"), outside quotes.

    An acronym already introduced as "Name (ACR)" is left alone.
    """
    for acr, full in ACRONYMS[lang].items():
        parts = re.split(r"(“[^”]*”)", text)
        outside = [(i, p) for i, p in enumerate(parts) if not p.startswith("“")]
        first_bare = None
        for i, p in outside:
            for m in re.finditer(_WORD.format(acr=acr), p):
                if p[m.start() - 1 : m.start()] == "(" and p[m.end() : m.end() + 1] == ")":
                    break  # "Name (ACR)": introduced already
                first_bare = (i, m)
                break
            else:
                continue
            break
        if first_bare is None:
            continue
        i, m = first_bare
        parts[i] = parts[i][: m.start()] + f"{full} ({acr})" + parts[i][m.end() :]
        text = "".join(parts)
    return text
