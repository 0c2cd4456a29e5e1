"""Domain terms a machine rendering must get right, and the words it must show for them.

In: a quotable unit and its language. Out: the spans of it to protect from the
translator, each with the words its rendering in the other language shows:

* glossary terms (``data/glossary.yaml``), as the entry's curated term in the other
  language: the preferred pair for the preferred term ("benefits" -> "prestaciones",
  in the unit's number), else the term the translator's own rendering points to
  ("old-age pension" -> "pensión de vejez"), else the one whose rendering back
  is the unit's words ("old-age" -> "vejez"). Single words of generic concepts
  ("signed", "help") and question cues are left to the translator;
* names kept as they are: programme names (matrix aliases written as names in
  the documents, like "Salvadoreño Seguro", "SALEX", "CMISS"; italic names in the
  documents) and a term written in the other language already;
* countries by their name in ``data/countries.yaml`` ("Brazil" -> "Brasil"), and
  demonyms used as nouns ("Salvadorans" -> "salvadoreños");
* characters the translator cannot carry (``$``, ``/``, brackets) and, when a first
  rendering lost a number, the numbers.

A span the translator already renders as wanted on its own (``Brazil`` ->
``Brasil``) is left to it, so that the sentence around it stays grammatical
("Brazil's scheme" -> "el régimen de Brasil").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ssassist.matrix.countries import CountryRegistry, load_countries, plural_forms
from ssassist.models import Lang
from ssassist.query.glossary import Glossary, GlossaryEntry
from ssassist.text.normalize import fold, fold_key, words
from ssassist.text.stems import stopwords, term_stems

Translate = Callable[[list[str], Lang, Lang], list[str | None]]

PROTECT_VERSION = "1"  # bump when the choice of spans or targets changes
_ACRONYM = re.compile(r"^(?:[A-Z0-9][A-Z0-9.&/-]*[A-Z0-9]s?|[A-Z]{2,}s?)$")
_SPECIAL = re.compile(r"[A-Z]{1,3}\$|[\\^$@<>{}\[\]#/*]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>]*[^\s<>.,;:)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# The words that open a numbered caption, as the matrix's Spanish passages and the
# chunker (ingest/chunking.py) name them: "Table 2" is "cuadro 2", not "Mesa 2".
_CAPTIONS = {
    "en": {"table": "Cuadro", "box": "Recuadro", "figure": "Figura", "graph": "Gráfico",
           "chart": "Gráfico"},
    "es": {"cuadro": "Table", "tabla": "Table", "recuadro": "Box", "figura": "Figure",
           "gráfico": "Chart", "grafico": "Chart"},
}  # fmt: skip
_CAPTION = re.compile(r"\b(\w+)(?=\s+\d)")
# Before a word that is a noun as well as a verb ("benefit"), these make it the verb.
_VERB_BEFORE = frozenset(
    {"to", "will", "would", "can", "could", "may", "might", "must", "shall", "should", "not",
     "who", "which", "that", "they", "we", "you", "i", "it", "does", "do", "did"}
)  # fmt: skip
_PRIORITY = {
    "verbatim": 0, "glossary": 1, "name": 2, "country": 3, "demonym": 3, "caption": 4, "number": 5
}  # fmt: skip


@dataclass(frozen=True)
class Protected:
    """A span of a unit and what its rendering shows for it."""

    start: int
    end: int
    target: str
    kind: str  # glossary | name | country | demonym | verbatim | number


def other(lang: str) -> Lang:
    return "en" if lang == "es" else "es"


def is_acronym(term: str) -> bool:
    return all(_ACRONYM.match(w) for w in term.split()) and any(c.isupper() for c in term)


def programme_names(doc_texts: Iterable[str], aliases: Iterable[str]) -> list[str]:
    """Names kept as written: the aliases written as names in the documents (capitalised,
    found verbatim) and the italic names of the documents (``*Salvadoreño Seguro*``:
    every word but the small ones capitalised)."""
    texts = list(doc_texts)
    names = {
        a
        for a in aliases
        if a[:1].isupper() and any(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", t) for t in texts)
    }
    small = stopwords("en") | stopwords("es")
    for text in texts:
        for m in re.finditer(r"(?<![*\w])\*([^*\n]{3,80})\*(?![*\w])", text):
            ws = words(m.group(1))
            if (
                0 < len(ws) <= 8
                and all(w[:1].isupper() or fold(w) in small for w in ws)
                and ws[0][:1].isupper()
                and not m.group(1).rstrip().endswith(":")
            ):
                names.add(m.group(1).strip())
    return sorted(names, key=len, reverse=True)


class Protector:
    """Finds the spans of a unit to protect and what its rendering shows for each.

    ``translate`` (the translator's batch rendering, or None) renders terms on their own:
    to choose among an entry's terms and to leave alone what it already renders right.
    :meth:`prepare` renders, in one batch, what the units given will need.
    """

    def __init__(
        self,
        glossary: Glossary,
        names: Iterable[str] = (),
        registry: CountryRegistry | None = None,
        translate: Translate | None = None,
    ) -> None:
        self.glossary = glossary
        self.names = sorted(set(names), key=len, reverse=True)
        self.registry = registry or load_countries()
        self.translate = translate
        self._names_re = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, self.names)) + r")(?!\w)")
            if self.names
            else None
        )
        self._alone: dict[tuple[str, str, str], str | None] = {}

    @property
    def fingerprint(self) -> str:
        """Changes with the data the spans and targets come from (renderings made with
        other data are made anew)."""
        h = hashlib.sha256(PROTECT_VERSION.encode())
        for e in self.glossary.entries:
            h.update(e.model_dump_json().encode())
        h.update("\n".join(self.names).encode())
        for c in self.registry:
            h.update(c.model_dump_json().encode())
        return h.hexdigest()[:16]

    # -- renderings of terms on their own --------------------------------------
    def prepare(self, units: Iterable[tuple[str, Lang]]) -> None:
        """Render, in one batch per direction, every term the units need on its own."""
        if self.translate is None:
            return
        need: dict[tuple[str, str], set[str]] = {}
        for text, lang in units:
            for c in self._candidates(text, lang, strict=False):
                surface = text[c.start : c.end]
                need.setdefault((lang, other(lang)), set()).add(surface)
                entry = c.entry
                if entry is not None:  # the entry's terms, rendered back
                    tgt = other(lang)
                    need.setdefault((tgt, lang), set()).update(getattr(entry, tgt))
        for (src, tgt), texts in need.items():
            todo = sorted(t for t in texts if (t, src, tgt) not in self._alone)
            for t, out in zip(todo, self.translate(todo, src, tgt), strict=True):  # type: ignore[arg-type]
                self._alone[(t, src, tgt)] = out

    def alone(self, text: str, src: Lang, tgt: Lang) -> str | None:
        """``text`` rendered on its own (None without a translator)."""
        key = (text, src, tgt)
        if key not in self._alone and self.translate is not None:
            self._alone[key] = self.translate([text], src, tgt)[0]
        return self._alone.get(key)

    # -- spans ---------------------------------------------------------------------
    def spans(self, text: str, lang: Lang, strict: bool = False) -> list[Protected]:
        """The spans of ``text`` to protect, in order, none overlapping.

        ``strict``: also the numbers, and every term even where the translator
        renders it right on its own.
        """
        tgt = other(lang)
        chosen: list[tuple[int, int, int, Protected]] = []
        for c in self._candidates(text, lang, strict):
            target = self._target(text, c, lang)
            if target is None:
                continue
            surface = text[c.start : c.end]
            if not strict and c.kind in ("glossary", "country", "demonym", "name"):
                alone = self.alone(surface, lang, tgt)
                if alone is not None and fold_key(alone) == fold_key(target):
                    continue  # the translator gets it right, and keeps the grammar around it
            p = Protected(c.start, c.end, target, c.kind)
            chosen.append((c.start, -(c.end - c.start), _PRIORITY[c.kind], p))
        out: list[Protected] = []
        end = -1
        for start, _, _, p in sorted(chosen, key=lambda x: x[:3]):
            if start >= end:
                out.append(p)
                end = p.end
        return out

    def _candidates(self, text: str, lang: Lang, strict: bool) -> list[_Candidate]:
        found: list[_Candidate] = []
        # the longest terms, and the terms inside them (kept where a longer one has no
        # target: "vulnerable migrants" in a list of other concepts still has "migrants")
        pieces, seen = [(0, len(text))], set()
        while pieces:
            start, end = pieces.pop()
            for m in self.glossary.find(text[start:end], lang):
                span = (start + m.span[0], start + m.span[1])
                if m.entry.kind == "question" or (span, m.entry.id) in seen:
                    continue
                seen.add((span, m.entry.id))
                found.append(_Candidate(*span, "glossary", m.entry, m.lang))
                inner = list(_word_spans(text, span))
                if len(inner) > 1:
                    pieces += [(inner[1][0], span[1]), (span[0], inner[-2][1])]
        if self._names_re is not None:
            found += [_Candidate(*m.span(), "name") for m in self._names_re.finditer(text)]
        for country, span in self.registry.find(text):
            surface = fold_key(text[span[0] : span[1]])
            kind = "demonym" if surface not in _names_of(country) else "country"
            found.append(_Candidate(*span, kind, country=country))
        found += [_Candidate(*m.span(), "verbatim") for m in _SPECIAL.finditer(text)]
        found += [_Candidate(*m.span(), "verbatim") for m in _URL.finditer(text)]
        for m in _CAPTION.finditer(text):
            if (m.group(1)[:1].isupper() or lang == "es") and fold(m.group(1)) in _CAPTIONS[lang]:
                found.append(_Candidate(*m.span(), "caption"))
        if strict:
            found += [_Candidate(*m.span(), "number") for m in _NUMBER.finditer(text)]
        return found

    def _target(self, text: str, c: _Candidate, lang: Lang) -> str | None:
        surface = text[c.start : c.end]
        if c.kind in ("name", "verbatim", "number"):
            return surface
        if c.kind == "caption":  # "Table 2" -> "cuadro 2" (capitalised where a sentence opens)
            word = _CAPTIONS[lang][fold(surface)]
            opening = not text[: c.start].strip() or text[: c.start].rstrip()[-1:] in ".:;"
            return word if lang == "es" or opening else word.lower()
        if c.kind == "glossary":
            assert c.entry is not None
            if c.term_lang != lang:  # written in the other language already
                return surface
            if c.entry.kind == "concept" and lang == "en" and len(words(surface)) == 1:
                before = words(text[: c.start])[-1:]
                if before and fold(before[0]) in _VERB_BEFORE:
                    return None  # "who would benefit": a verb, not the concept's noun
            target = self._glossary_target(surface, c.entry, lang)
            return None if target is None else cased(surface, target, other(lang))
        if c.kind == "country":
            name = c.country.name(other(lang))
            return surface if surface.lower() == name.lower() else name
        return self._demonym(text, c, lang)

    def _glossary_target(self, surface: str, entry: GlossaryEntry, src: Lang) -> str | None:
        tgt = other(src)
        terms: list[str] = getattr(entry, tgt)
        same = [t for t in terms if fold_key(t) == fold_key(surface)]
        if same:  # the same name in both languages ("CARICOM", "Salvadoreño Seguro")
            exact = [t for t in same if t.lower() == surface.lower()]
            return surface if exact else same[0]
        acronyms = [t for t in terms if is_acronym(t)]
        pool = [t for t in terms if not is_acronym(t)] or terms
        own_terms: list[str] = getattr(entry, src)
        named = entry.kind in ("institution", "agreement")  # a list of names, not synonyms
        if is_acronym(surface):
            if named and len(acronyms) != 1:
                return None  # "RIAM" among several bodies: which one is not known
            return acronyms[0] if acronyms else pool[0]
        plural = is_plural(surface, src)
        if same_term(surface, own_terms[0]):  # the curated pair
            return number_variant(pool[0], plural, pool, tgt)
        at = next((i for i, t in enumerate(own_terms) if same_term(surface, t)), None)
        if at is None:
            return None  # found on stems only ("Total" for "totalisation"): not a curated term
        if named:  # another name of the list may be another body: only a parallel list says
            return terms[at] if len(terms) == len(own_terms) else None
        if entry.kind == "concept" and len(words(surface)) == 1:
            return None  # a generic word: the translator knows its grammar better
        # the place of the surface's term in its list breaks ties (lists run roughly parallel)
        # 1. the term the translator's own rendering is ("pensions" -> "pensiones"); 2. the
        # term whose rendering back has every word of the surface and the fewest others
        # ("old-age" -> "vejez", back "old age"); 3. for a benefit, mechanism or population
        # (lists of synonyms) the preferred term; for a concept, none: the translator's words.
        rendered = set(term_stems(self.alone(surface, src, tgt) or "", tgt))
        scored = [(-abs(i - at), -i, t) for i, t in enumerate(pool)]
        same = [x for x in scored if rendered and set(term_stems(x[-1], tgt)) == rendered]
        if same:
            return number_variant(max(same)[-1], plural, pool, tgt)
        own = set(term_stems(surface, src))
        covering = []
        for i, t in enumerate(pool):
            back = set(term_stems(self.alone(t, tgt, src) or "", src))
            if own and own <= back:
                covering.append((-len(back - own), -abs(i - at), -i, t))
        if covering:
            return number_variant(max(covering)[-1], plural, pool, tgt)
        return None if entry.kind == "concept" else number_variant(pool[0], plural, pool, tgt)

    def _demonym(self, text: str, c: _Candidate, lang: Lang) -> str | None:
        """A demonym used as a noun ("Salvadorans", "los salvadoreños") in the other language;
        None for one used as an adjective ("Salvadoran workers", "trabajadores salvadoreños"),
        which the translator places and inflects."""
        surface = fold_key(text[c.start : c.end])
        forms = c.country.demonyms
        en = [d for d in forms if d[:1].isupper()]
        es = [d for d in forms if d[:1].islower()]
        own = en if lang == "en" else es
        single = {fold_key(d) for d in own}
        plural = {fold_key(p) for d in own for p in plural_forms(d)}
        if surface not in single | plural or not (en and es):
            return None  # written in the other language already, or no name there
        is_plural_form = surface in plural and surface not in single
        before = words(text[: c.start])[-1:]
        after = text[c.end :].lstrip()
        if lang == "en" and not is_plural_form and after[:1].isalpha() and after[:1].islower():
            return None  # "Salvadoran workers"
        if lang == "es" and before and fold(before[0]) not in stopwords("es"):
            return None  # "trabajadores salvadoreños"
        if lang == "en":
            word = es[0]
            return spanish_plural(word) if is_plural_form else word
        word = en[0]
        return word + "s" if is_plural_form and not word.endswith(("s", "ese")) else word


@dataclass
class _Candidate:
    start: int
    end: int
    kind: str
    entry: GlossaryEntry | None = None
    term_lang: str = ""
    country: object = None  # a Country


def _word_spans(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """The spans of the words of ``text`` within ``span``."""
    return [
        (span[0] + m.start(), span[0] + m.end())
        for m in re.finditer(r"[^\W_]+", text[span[0] : span[1]])
    ]


def _names_of(country: object) -> set[str]:
    c = country
    names = [c.name_en, c.name_es, *c.aliases, *c.case_sensitive_aliases]  # type: ignore[attr-defined]
    names += [n.name for n in c.contextual]  # type: ignore[attr-defined]
    return {fold_key(n) for n in names}


def is_plural(term: str, lang: str) -> bool:
    """Whether a term's head word is plural (the first word in Spanish, the last in English)."""
    ws = [fold(w) for w in words(term)]
    if not ws:
        return False
    head = ws[0] if lang == "es" else ws[-1]
    return len(head) > 3 and head.endswith("s") and not head.endswith(("ss", "us", "is"))


def same_term(a: str, b: str) -> bool:
    """Whether two terms are the same words but for a plural ending ("benefit", "benefits";
    not "protection" and "protect")."""
    wa, wb = [fold(w) for w in words(a)], [fold(w) for w in words(b)]
    return len(wa) == len(wb) and all(
        x == y or x in (y + "s", y + "es") or y in (x + "s", x + "es")
        for x, y in zip(wa, wb, strict=True)
    )


def number_variant(term: str, plural: bool, pool: list[str], lang: str) -> str:
    """``term``, or the term of ``pool`` that is its other number, in the number wanted."""
    if is_plural(term, lang) == plural:
        return term
    for t in pool:
        if same_term(t, term) and is_plural(t, lang) == plural:
            return t
    return term


def spanish_plural(word: str) -> str:
    """salvadoreño -> salvadoreños, estadounidense -> estadounidenses, inglés -> ingleses."""
    if word[-1:] in "aeiouáéíóú":
        return word + "s"
    plain = word[:-2] + {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u"}.get(word[-2], word[-2])
    return plain + word[-1] + "es"


def cased(surface: str, target: str, lang: str) -> str:
    """``target`` (lower-case data) in the case of ``surface``: acronyms as they are, a
    title in title case, a capital first letter kept."""
    if any(c.isupper() for c in target):
        return target
    ws = words(surface)
    small = stopwords(lang)
    if len(ws) > 1 and all(w[:1].isupper() or fold(w) in stopwords("en") | small for w in ws):
        out = [
            w if i and fold(w) in small else w[:1].upper() + w[1:]
            for i, w in enumerate(target.split(" "))
        ]
        return " ".join(out)
    if surface[:1].isupper():
        return target[:1].upper() + target[1:]
    return target
