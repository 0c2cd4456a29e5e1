"""The answer's first line: the best evidence sentence, said in the asker's language.

In: the sentence chosen to answer (verbatim, or its stored rendering in the asker's
language), the kinds of fact the question asks for, and how running text names its
source. Out: one line such as "Según la nota técnica de la CISS (2024), el programa
ha afiliado a un total de 217 salvadoreños en el extranjero [1]."

A long sentence is cut to the clause that holds the fact asked for (clauses split
at ";"), a table row is read as its cells, and a list its sentence announces is
said inline ("…: Argentina; Brasil; Paraguay").
"""

from __future__ import annotations

import re

from ssassist.answering.cues import facts_in
from ssassist.matrix.countries import find_countries
from ssassist.templates import LEAD

LONG = 45  # words from which a lead sentence is cut to the clause holding the fact asked
_CELL_MARK = re.compile(r"^[\s•·\-*]+")
_END = re.compile(r"[\s.:;,]+$")


def cells(row: str) -> list[str]:
    """The cells of a markdown table row, bullets dropped."""
    return [_CELL_MARK.sub("", c).strip() for c in row.strip().strip("|").split("|")]


def plain_row(row: str, header: str = "") -> str:
    """A table row as running text: its first cell, then each other cell after its column's
    name ("Jamaica — Old-age: X; Family: X"); empty cells are left out."""
    values = cells(row)
    names = cells(header) if header else []
    rest = [
        f"{names[i]}: {v}" if i < len(names) and names[i] else v
        for i, v in enumerate(values)
        if i and v
    ]
    return " — ".join(x for x in [values[0] if values else "", "; ".join(rest)] if x)


def clause_with(sentence: str, asked: frozenset[str], named: frozenset[str] = frozenset()) -> str:
    """``sentence``, or when it is long, its clause (split at ";") holding a fact asked for."""
    if len(sentence.split()) <= LONG or not asked:
        return sentence
    clauses = [c.strip() for c in sentence.split(";") if c.strip()]
    holding = [c for c in clauses if asked & facts_in(c, named)]
    return holding[0] if len(clauses) > 1 and holding else sentence


def lower_first(sentence: str) -> str:
    """``sentence`` with its first letter lowered, so that it can follow "Según …,"
    ("The programme…" -> "the programme…", "Así, el acceso…" -> "así, el acceso…").

    A name keeps its capital: an acronym ("ISSS"), a country ("Mexico offers…"), two
    capitalised words ("Salvadoreño Seguro", "Juliana Quintero"), or a word the sentence
    writes capitalised again further on.
    """
    words = sentence.split()
    if not words:
        return sentence
    word = words[0].strip("“\"'(,;:")
    if len(word) < 2 or not word[0].isupper() or not word[1:].islower():
        return sentence  # an acronym, a number, already lower
    second = words[1].strip("“\"'(,;:") if len(words) > 1 else ""
    if (second[:1].isupper() and not words[0].endswith(",")) or find_countries(word):
        return sentence
    if word in (w.strip("“\"'(,;:.") for w in words[1:]):
        return sentence
    i = sentence.index(word[0])
    return sentence[:i] + word[0].lower() + sentence[i + 1 :]


def lead_line(sentence: str, source: str, n: int, lang: str, items: list[str] = ()) -> str:
    """The first line of an answer: "<According to source>, <sentence> [n]."

    ``items`` are the list entries a sentence ending with a colon announces; they
    are said inline after it.
    """
    text = _END.sub("", sentence.strip())
    if items:
        text += ": " + "; ".join(_END.sub("", i.strip()) for i in items)
    if not source:
        return f"{text} [{n}]."
    return LEAD[lang].format(source=source, text=lower_first(text), n=n)
