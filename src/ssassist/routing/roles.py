"""Who is who in a message: the person's nationality, where they live now, where they worked.

The rights framing (:mod:`ssassist.matrix.access`) depends on roles: equal
treatment is granted by the country the person lives in, voluntary insurance by
the country of their nationality, a pension is paid abroad by the country they
worked in.  A message often says them ("soy venezolano en Colombia", "I worked
15 years in the US and want to go back to Guatemala"); when it does not, the
pair must stay symmetric, so every role here is read only from explicit words,
and anything unclear is left as None rather than guessed.

Countries are found by the shared country finder (names, aliases, demonyms of
``data/countries.yaml``); the words around them that give a role are data in
``data/role_cues.yaml``, in Spanish and English.  Cities are not countries:
"vivo en Houston" gives no residence.

A relative's stated origin ("my father is Peruvian", "mi mamá es de Perú") is
taken as the origin when the person states none of their own: such questions
are usually about that relative's rights or the family's, and
``nationality_from_family`` says so, for the wording.  Going back to a country
("back to Guatemala", "volver a mi país Perú") says it is the person's own
country; it does not say where they live now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from ssassist.errors import DataFileError
from ssassist.matrix.countries import CountryRegistry, load_countries, plural_forms
from ssassist.text.normalize import fold, fold_key

RoleName = Literal["nationality", "residence", "worked"]

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[.,;!?¿¡()&/]")
_COUNTRY = "\x00"  # stands for another country in the token stream: no cue reaches past it


class RoleCue(BaseModel):
    """Why a country got a role: the words that said it, where the country is named."""

    model_config = ConfigDict(frozen=True)

    role: RoleName
    code: str
    span: tuple[int, int]
    cue: str = Field(description="The cue words (folded), or 'list' when inherited from a list.")
    family: bool = Field(False, description="The cue speaks of a relative ('my father is').")


class Roles(BaseModel):
    """The roles a message states; None (or empty) where it does not say."""

    model_config = ConfigDict(frozen=True)

    nationality: str | None = None
    residence: str | None = None
    worked: list[str] = Field(default_factory=list)
    nationality_from_family: bool = False
    cues: list[RoleCue] = Field(default_factory=list)

    @property
    def directed(self) -> bool:
        """Whether the message says who is who (otherwise the pair is symmetric)."""
        return self.nationality is not None or self.residence is not None


# -- the cue data -------------------------------------------------------------------------

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class CueGroup:
    """Phrases that, before a country, give it a role; at most ``max_gap`` words between."""

    phrases: tuple[Phrase, ...]
    family: frozenset[Phrase]
    max_gap: int
    filler: frozenset[str] | None


@dataclass(frozen=True)
class RoleCues:
    """The compiled ``role_cues.yaml``."""

    before_demonym: CueGroup
    before_name: CueGroup
    residence: CueGroup
    worked: CueGroup
    after_demonym: frozenset[Phrase]
    after_nationality: frozenset[Phrase]
    demonyms: dict[str, str]
    boundaries: frozenset[str]
    list_separators: frozenset[str]
    negations: frozenset[str]
    articles: frozenset[str]


def default_role_cues_path() -> Path:
    """The packaged ``ssassist/data/role_cues.yaml``."""
    return Path(str(resources.files("ssassist") / "data" / "role_cues.yaml"))


def _non_strings(node: Any, where: str = "") -> list[str]:
    """Where a listed word is not a string (YAML reads ``no`` as a boolean)."""
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _non_strings(v, f"{where}.{k}".strip("."))]
    if isinstance(node, list):
        return [f"{where}: {v!r}" for v in node if not isinstance(v, str)]
    return []


def _words(items: list[Any]) -> frozenset[str]:
    """Single words folded as message tokens are ("I'm" -> "im"); punctuation kept as is."""
    return frozenset(fold_key(str(w)) or str(w) for w in items)


def _phrases(
    block: dict[str, Any], family: dict[str, list[str]]
) -> tuple[list[Phrase], set[Phrase]]:
    """Both languages' phrases of *block*, folded, with "{family}" expanded."""
    out: list[Phrase] = []
    fam: set[Phrase] = set()
    for lang in ("es", "en"):
        for raw in block.get(lang) or []:
            texts = [str(raw)]
            if "{family}" in texts[0]:
                texts = [texts[0].replace("{family}", f) for f in family.get(lang, [])]
            for t in texts:
                phrase = tuple(fold_key(t).split())
                out.append(phrase)
                if "{family}" in str(raw):
                    fam.add(phrase)
    return out, fam


def _group(block: Any, family: dict[str, list[str]], where: str, path: str) -> CueGroup:
    """One cue group, longest phrases first so the most specific cue is the one reported."""
    if not isinstance(block, dict) or not isinstance(block.get("max_gap"), int):
        raise DataFileError(path, f"{where}: expected a mapping with es, en and max_gap")
    phrases, fam = _phrases(block, family)
    filler = block.get("filler")
    return CueGroup(
        phrases=tuple(sorted(set(phrases), key=len, reverse=True)),
        family=frozenset(fam),
        max_gap=block["max_gap"],
        filler=_words(filler) if filler is not None else None,
    )


def read_role_cues(
    path: str | Path | None = None, countries: CountryRegistry | None = None
) -> RoleCues:
    """Read and check a role cue file (default: the packaged one)."""
    path = Path(path) if path is not None else default_role_cues_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        nat, res, worked = data["nationality"], data["residence"], data["worked"]
        family = {lang: [str(w) for w in data["family"][lang]] for lang in ("es", "en")}
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise DataFileError(str(path), f"cannot read role cues: {exc!r}") from exc
    bad = _non_strings(data)
    if bad:
        raise DataFileError(str(path), f"not a word (quote it): {bad[0]}")
    reg = countries or load_countries()
    demonyms: dict[str, str] = {}
    for code, words in (nat.get("demonyms") or {}).items():
        if code not in reg:
            raise DataFileError(str(path), f"nationality.demonyms: unknown country code {code}")
        for w in words:
            demonyms[fold_key(str(w))] = code
    p = str(path)
    return RoleCues(
        before_demonym=_group(nat.get("before_demonym"), family, "before_demonym", p),
        before_name=_group(nat.get("before_name"), family, "before_name", p),
        residence=_group(res.get("before"), family, "residence.before", p),
        worked=_group(worked.get("before"), family, "worked.before", p),
        after_demonym=frozenset(_phrases(nat.get("after_demonym") or {}, family)[0]),
        after_nationality=frozenset(_phrases(res.get("after_nationality") or {}, family)[0]),
        demonyms=demonyms,
        boundaries=_words(data.get("boundaries") or []) | {_COUNTRY},
        list_separators=_words(data.get("list_separators") or []),
        negations=_words(data.get("negations") or []),
        articles=_words(data.get("articles") or []),
    )


@lru_cache(maxsize=4)
def load_role_cues(path: str | None = None) -> RoleCues:
    """The role cues, read once per path."""
    return read_role_cues(path)


# -- reading a message ------------------------------------------------------------------


@dataclass
class _Mention:
    code: str
    span: tuple[int, int]
    name: bool  # named by a country name or alias (may also be a demonym: "argentina")
    demonym: bool
    singular: bool  # a demonym in the singular (speaks of one person)
    extra: bool = False  # a role-only demonym of role_cues.yaml ("Spanish", "American")
    pos: int = -1  # index of its token in the stream
    cue: RoleCue | None = None


def _mentions(text: str, folded: str, cues: RoleCues, reg: CountryRegistry) -> list[_Mention]:
    """Country mentions with what kind of word names them, plus the role-only demonyms."""
    out: list[_Mention] = []
    for country, (start, end) in reg.find(text):
        key = fold_key(text[start:end])
        singular = {fold_key(d) for d in country.demonyms}
        plural = {fold_key(p) for d in country.demonyms for p in plural_forms(d)}
        demonym = key in singular or key in plural
        names = [
            country.name_en,
            country.name_es,
            *country.aliases,
            *country.case_sensitive_aliases,
        ]
        names += [c.name for c in country.contextual]
        name = not demonym or key in {fold_key(n) for n in names}
        out.append(_Mention(country.code, (start, end), name, demonym, key in singular))
    for word, code in cues.demonyms.items():
        pattern = r"(?<!\w)" + r"\W+".join(map(re.escape, word.split())) + r"(?!\w)"
        for m in re.finditer(pattern, folded):
            if all(m.end() <= o.span[0] or m.start() >= o.span[1] for o in out):
                out.append(_Mention(code, m.span(), False, True, True, extra=True))
    return sorted(out, key=lambda m: m.span)


def _stream(folded: str, mentions: list[_Mention]) -> list[str]:
    """Folded word tokens, each country mention replaced by one placeholder token."""
    events: list[tuple[int, str, _Mention | None]] = [(m.span[0], _COUNTRY, m) for m in mentions]
    for t in _TOKEN.finditer(folded):
        if all(t.end() <= m.span[0] or t.start() >= m.span[1] for m in mentions):
            events.append((t.start(), re.sub(r"['’]", "", t.group(0)), None))
    events.sort(key=lambda e: e[0])
    tokens: list[str] = []
    for _start, tok, mention in events:
        if mention is not None:
            mention.pos = len(tokens)
        tokens.append(tok)
    return tokens


def _before(words: list[str], group: CueGroup, cues: RoleCues) -> tuple[int, Phrase] | None:
    """The nearest phrase of *group* before the end of *words*: (gap, phrase)."""
    for gap in range(min(group.max_gap, len(words)) + 1):
        if gap:
            added = words[len(words) - gap]
            if added in cues.boundaries:
                return None
            if group.filler is not None and added not in group.filler | cues.articles:
                return None
        head = words[: len(words) - gap]
        for phrase in group.phrases:
            n = len(phrase)
            if n <= len(head) and tuple(head[-n:]) == phrase:
                if n < len(head) and head[-n - 1] in cues.negations:
                    continue
                return gap, phrase
    return None


def _own_cue(
    m: _Mention, tokens: list[str], cues: RoleCues
) -> tuple[RoleName, Phrase, bool] | None:
    """The role the words right before (or, for a demonym, right after) *m* give it."""
    groups: list[tuple[RoleName, CueGroup]] = []
    if m.demonym:
        groups.append(("nationality", cues.before_demonym))
    if m.name:
        groups += [
            ("nationality", cues.before_name),
            ("residence", cues.residence),
            ("worked", cues.worked),
        ]
    words = tokens[: m.pos]
    best: tuple[int, int, RoleName, Phrase, bool] | None = None
    for role, group in groups:
        hit = _before(words, group, cues)
        if hit and (best is None or (hit[0], -len(hit[1])) < (best[0], best[1])):
            best = (hit[0], -len(hit[1]), role, hit[1], hit[1] in group.family)
    if best is not None:
        return best[2], best[3], best[4]
    if m.singular and not m.name and not m.extra:
        after = tokens[m.pos + 1 :]
        for phrase in sorted(cues.after_demonym | cues.after_nationality, key=len, reverse=True):
            if tuple(after[: len(phrase)]) == phrase:
                return "nationality", phrase, False
    return None


def _linked_cue(
    m: _Mention, prev: _Mention | None, tokens: list[str], cues: RoleCues
) -> tuple[RoleName, Phrase, bool] | None:
    """A role from the mention before: "venezolano en Colombia" (residence after a
    nationality) or "en Argentina, Chile y Perú" (a list shares its role)."""
    if prev is None or prev.cue is None:
        return None
    between = [w for w in tokens[prev.pos + 1 : m.pos] if w not in cues.articles]
    if between and all(w in cues.list_separators for w in between):
        return prev.cue.role, ("list",), prev.cue.family
    if prev.cue.role == "nationality" and m.name:
        nouns = {p[0] for p in cues.after_demonym if len(p) == 1} | {","}
        while between and between[0] in nouns:
            between = between[1:]
        if tuple(between) in cues.after_nationality:
            return "residence", tuple(between), False
    return None


def _unique(codes: list[str]) -> str | None:
    """The one country named for a role; None when none or several (unclear)."""
    distinct = list(dict.fromkeys(codes))
    return distinct[0] if len(distinct) == 1 else None


def read_roles(
    text: str, *, cues: RoleCues | None = None, countries: CountryRegistry | None = None
) -> Roles:
    """The person's nationality, residence and past countries of work, as *text* states them.

    ISO alpha-2 codes.  A role named for two different countries (two nationalities, two
    residences) is unclear and left None; places worked keep the order of the message.
    """
    cues = cues or load_role_cues()
    reg = countries or load_countries()
    folded = fold(text or "")
    mentions = _mentions(text or "", folded, cues, reg)
    tokens = _stream(folded, mentions)
    prev: _Mention | None = None
    for m in mentions:
        found = _own_cue(m, tokens, cues) or _linked_cue(m, prev, tokens, cues)
        if found is not None:
            role, phrase, family = found
            m.cue = RoleCue(
                role=role, code=m.code, span=m.span, cue=" ".join(phrase), family=family
            )
        prev = m
    found_cues = [m.cue for m in mentions if m.cue is not None]
    own = [c.code for c in found_cues if c.role == "nationality" and not c.family]
    kin = [c.code for c in found_cues if c.role == "nationality" and c.family]
    nationality = _unique(own) if own else _unique(kin)
    return Roles(
        nationality=nationality,
        residence=_unique([c.code for c in found_cues if c.role == "residence"]),
        worked=list(dict.fromkeys(c.code for c in found_cues if c.role == "worked")),
        nationality_from_family=bool(nationality and not own),
        cues=found_cues,
    )
