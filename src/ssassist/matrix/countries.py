"""Country names in Spanish and English: resolution and mentions in free text.

The curated list lives in ``ssassist/data/countries.yaml`` (names, aliases,
demonyms).  Any other ISO 3166 country is still recognised by its exact
English or Spanish name (via pycountry) so that a question about, say,
France gets "the corpus says nothing" instead of a wrong "did you mean".
Fuzzy matching only forgives small typos and never picks between two
countries: "Dominica" is not "Dominican Republic", "Guinea" is not "Guyana".
"""

from __future__ import annotations

import gettext
import logging
import re
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import pycountry
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from ssassist.errors import DataFileError, UnknownCountryError
from ssassist.models import Span
from ssassist.text.normalize import fold, fold_key, term_pattern

log = logging.getLogger(__name__)

Region = Literal["americas", "europe", "africa", "asia", "oceania", "other"]


class ContextualName(BaseModel):
    """A name that mentions the country in free text unless its neighbours say otherwise:
    "lives in Antigua" is the country, "La Antigua" and "Antigua Guatemala" are a city."""

    model_config = ConfigDict(extra="forbid")

    name: str
    not_after: list[str] = Field(
        default_factory=list, description="Words that, right before it, make it something else."
    )
    not_before: list[str] = Field(
        default_factory=list, description="Words that, right after it, make it something else."
    )

    def excluded(self, before: str, after: str) -> bool:
        """Whether the folded words around a mention make it something else."""
        prev = before.split()[-1:]
        nxt = after.split()[:1]
        return bool(
            (prev and prev[0] in {fold_key(w) for w in self.not_after})
            or (nxt and nxt[0] in {fold_key(w) for w in self.not_before})
        )


class Country(BaseModel):
    """A country or territory, with the names users write for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2.")
    alpha3: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3.")
    name_en: str
    name_es: str
    region: Region = "other"
    sovereign: bool = True
    ibero_american: bool = Field(
        False, description="Spanish- or Portuguese-speaking (CMISS/COISS are open to it)."
    )
    aliases: list[str] = Field(default_factory=list)
    case_sensitive_aliases: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    resolve_only: list[str] = Field(default_factory=list)
    contextual: list[ContextualName] = Field(
        default_factory=list,
        description="Names that are mentions in free text except next to the words given.",
    )
    curated: bool = Field(
        True, description="False for countries known only from pycountry (not in the corpus)."
    )

    def name(self, lang: str = "en") -> str:
        return self.name_es if lang == "es" else self.name_en


def plural_forms(word: str) -> list[str]:
    """Plurals of a demonym: peruano → peruanos, estadounidense → estadounidenses."""
    forms = [word + "s"]
    if word and word[-1].lower() not in "aeiouáéíóús":
        forms.append(word + "es")
    return forms


_ARTICLES = ("the ", "la ", "el ", "los ", "las ")


def default_countries_path() -> Path:
    """The packaged ``ssassist/data/countries.yaml``."""
    return Path(str(resources.files("ssassist") / "data" / "countries.yaml"))


class CountryRegistry:
    """All countries the matrix can name, with lookups by code, name and mention."""

    def __init__(self, countries: list[Country], *, path: str = "<memory>") -> None:
        self.path = path
        self._by_code: dict[str, Country] = {}
        for c in countries:
            if c.code in self._by_code:
                raise DataFileError(path, f"duplicate country code {c.code}", c.code)
            self._by_code[c.code] = c
        self._keys: dict[str, str] = {}
        for c in countries:
            terms = [
                c.name_en,
                c.name_es,
                *c.aliases,
                *c.case_sensitive_aliases,
                *c.resolve_only,
                *(n.name for n in c.contextual),
                c.code,
                c.alpha3,
            ]
            for d in c.demonyms:
                terms += [d, *plural_forms(d)]
            for term in terms:
                self._add_key(fold_key(term), c.code)
                self._add_key(fold_key(term).replace(" ", ""), c.code)

    def _add_key(self, key: str, code: str) -> None:
        if not key:
            return
        other = self._keys.get(key)
        if other is not None and other != code:
            raise DataFileError(
                self.path, f"name {key!r} is used for both {other} and {code}", code
            )
        self._keys[key] = code

    # -- lookups -------------------------------------------------------
    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.upper() in self._by_code

    def __iter__(self):
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self._by_code)

    def get(self, code: str) -> Country:
        """The curated country with ISO alpha-2 *code*; KeyError if it is not curated."""
        return self._by_code[code.upper()]

    # -- resolution ------------------------------------------------------
    def resolve(self, text: str | Country) -> Country:
        """Resolve a name, alias, demonym or ISO code (either language) to a country.

        Raises:
            UnknownCountryError: nothing matches closely enough; carries up to 3 suggestions.
        """
        if isinstance(text, Country):
            return text
        raw = (text or "").strip()
        key = fold_key(raw)
        if not key:
            raise UnknownCountryError(raw, [])
        found = self._exact(key)
        if found is not None:
            return found
        other = self._pycountry_exact(key)
        if other is not None:
            return other
        fuzzy = self._fuzzy(key)
        if fuzzy is not None:
            log.debug("resolved %r to %s by typo tolerance", raw, fuzzy.code)
            return fuzzy
        mentioned = {c.code: c for c, _ in self.find(raw)}
        if len(mentioned) == 1:
            return next(iter(mentioned.values()))
        raise UnknownCountryError(raw, self.suggest(raw))

    def _exact(self, key: str) -> Country | None:
        for candidate in (key, key.replace(" ", "")):
            code = self._keys.get(candidate)
            if code:
                return self._by_code[code]
        for art in _ARTICLES:
            if key.startswith(art):
                code = self._keys.get(key[len(art) :])
                if code:
                    return self._by_code[code]
        return None

    def _pycountry_exact(self, key: str) -> Country | None:
        code = _pycountry_names().get(key)
        if code is None:
            return None
        if code in self._by_code:
            return self._by_code[code]
        pc = pycountry.countries.get(alpha_2=code)
        name_en = getattr(pc, "common_name", None) or pc.name
        return Country(
            code=code, alpha3=pc.alpha_3, name_en=name_en, name_es=_spanish(pc.name), curated=False
        )

    def _fuzzy(self, key: str) -> Country | None:
        n = len(key)
        allowed = 0 if n < 5 else 1 if n < 8 else 2
        if not allowed:
            return None
        choices = [k for k in self._keys if len(k) >= 4]
        hits = process.extract(
            key, choices, scorer=DamerauLevenshtein.distance, score_cutoff=allowed, limit=10
        )
        if not hits:
            return None
        best = min(h[1] for h in hits)
        codes = {self._keys[h[0]] for h in hits if h[1] == best}
        if len(codes) != 1:
            return None
        return self._by_code[codes.pop()]

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Up to *limit* country names close to *text*, best first."""
        key = fold_key(text)
        if not key:
            return []
        hits = process.extract(key, list(self._keys), scorer=fuzz.WRatio, limit=30, score_cutoff=60)
        out: list[str] = []
        for k, _score, _ in hits:
            name = self._by_code[self._keys[k]].name_en
            if name not in out:
                out.append(name)
            if len(out) == limit:
                break
        return out

    # -- mentions in free text ---------------------------------------------
    @cached_property
    def _mention_regex(self) -> tuple[re.Pattern[str], dict[str, str]]:
        terms: dict[str, str] = {}
        for c in self._by_code.values():
            words = [c.name_en, c.name_es, *c.aliases, *(n.name for n in c.contextual)]
            for d in c.demonyms:
                words += [d, *plural_forms(d)]
            for w in words:
                terms.setdefault(w, c.code)
                if "ñ" in w.lower():
                    terms.setdefault(w.lower().replace("ñ", "n"), c.code)
        patterns = sorted({term_pattern(t) for t in terms}, key=len, reverse=True)
        regex = re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)")
        return regex, terms

    @cached_property
    def _contextual(self) -> dict[str, ContextualName]:
        return {fold_key(n.name): n for c in self._by_code.values() for n in c.contextual}

    @cached_property
    def _case_sensitive_regex(self) -> re.Pattern[str] | None:
        terms = sorted(
            {t for c in self._by_code.values() for t in c.case_sensitive_aliases},
            key=len,
            reverse=True,
        )
        if not terms:
            return None
        return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")

    def find(self, text: str) -> list[tuple[Country, Span]]:
        """Country mentions (names, aliases, demonyms) in *text*, in order of appearance.

        Abbreviations such as "US" or "U.S." count only as written (upper
        case), so "can you tell us" mentions no country.
        """
        regex, _ = self._mention_regex
        folded = fold(text, keep_enye=True)
        hits: list[tuple[int, int, str]] = []
        for m in regex.finditer(folded):
            code = self._keys.get(fold_key(m.group(0))) or self._keys.get(
                fold_key(m.group(0)).replace(" ", "")
            )
            context = self._contextual.get(fold_key(m.group(0)))
            if context is not None and context.excluded(
                fold_key(folded[max(0, m.start() - 20) : m.start()]),
                fold_key(folded[m.end() : m.end() + 20]),
            ):
                continue
            if code:
                hits.append((m.start(), m.end(), code))
        cs = self._case_sensitive_regex
        if cs is not None:
            for m in cs.finditer(text):
                code = self._keys.get(fold_key(m.group(0)).replace(" ", ""))
                if code:
                    hits.append((m.start(), m.end(), code))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[tuple[Country, Span]] = []
        last_end = -1
        for start, end, code in hits:
            if start < last_end:
                continue
            out.append((self._by_code[code], (start, end)))
            last_end = end
        return out


@lru_cache(maxsize=1)
def _spanish_catalog() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])
    except OSError:  # pragma: no cover - pycountry always ships the es catalogue
        return gettext.NullTranslations()


def _spanish(name: str) -> str:
    return _spanish_catalog().gettext(name)


@lru_cache(maxsize=1)
def _pycountry_names() -> dict[str, str]:
    """Folded English/Spanish names of every ISO country → alpha-2 (exact matches only)."""
    names: dict[str, str] = {}
    for pc in pycountry.countries:
        for n in (
            pc.name,
            getattr(pc, "common_name", None),
            getattr(pc, "official_name", None),
            _spanish(pc.name),
        ):
            if n:
                names.setdefault(fold_key(n), pc.alpha_2)
    return names


def read_countries(path: str | Path | None = None) -> CountryRegistry:
    """Read and validate a countries file (default: the packaged one)."""
    path = Path(path) if path is not None else default_countries_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(str(path), f"cannot read countries file: {exc}") from exc
    rows = data.get("countries") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise DataFileError(str(path), "expected a top-level 'countries:' list")
    countries: list[Country] = []
    for i, row in enumerate(rows, 1):
        try:
            country = Country.model_validate(row)
        except ValidationError as exc:
            code = row.get("code") if isinstance(row, dict) else None
            raise DataFileError(str(path), _first_error(exc), f"{i} ({code})") from exc
        pc = pycountry.countries.get(alpha_2=country.code)
        if pc is None or pc.alpha_3 != country.alpha3:
            raise DataFileError(
                str(path), f"{country.code}/{country.alpha3} is not an ISO 3166-1 code pair", i
            )
        countries.append(country)
    return CountryRegistry(countries, path=str(path))


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"])
    return f"{loc}: {err['msg']}" if loc else err["msg"]


@lru_cache(maxsize=8)
def _cached_registry(path: str) -> CountryRegistry:
    return read_countries(path)


def load_countries(path: str | Path | None = None) -> CountryRegistry:
    """The country registry, read once per path and cached."""
    return _cached_registry(str(Path(path) if path is not None else default_countries_path()))


def resolve_country(text: str | Country, registry: CountryRegistry | None = None) -> Country:
    """Resolve a country name, alias, demonym or ISO code in Spanish or English.

    Accent-, case- and punctuation-insensitive; forgives small typos.

    Raises:
        UnknownCountryError: with up to 3 "did you mean" suggestions.
    """
    return (registry or load_countries()).resolve(text)


def find_countries(
    text: str, registry: CountryRegistry | None = None
) -> list[tuple[Country, Span]]:
    """Country mentions in free text (either language), in order of appearance, with their spans."""
    return (registry or load_countries()).find(text)
