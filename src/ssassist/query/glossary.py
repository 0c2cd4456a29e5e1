"""The curated Spanish-English glossary (``data/glossary.yaml``): concepts and their terms.

In: text and its language. Out: the glossary entries it mentions, with spans. Each entry
names one concept (a benefit, an agreement, a question cue) in both languages, so a
question reaches passages written in the other language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ssassist.errors import DataFileError
from ssassist.models import Lang
from ssassist.text.normalize import fold, word_spans, words
from ssassist.text.stems import stem_words


class GlossaryEntry(BaseModel):
    """One concept with its English and Spanish terms (preferred term first)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    kind: Literal[
        "benefit", "mechanism", "agreement", "institution", "concept", "population", "question"
    ]
    en: list[str] = Field(min_length=1)
    es: list[str] = Field(min_length=1)
    benefit: str | None = None
    note: str | None = None

    @field_validator("en", "es")
    @classmethod
    def _clean_terms(cls, terms: list[str]) -> list[str]:
        if any(not t.strip() for t in terms):
            raise ValueError("empty term")
        return [t.strip() for t in terms]


@dataclass(frozen=True)
class TermMatch:
    """A glossary entry found in a text, with the words that matched."""

    entry: GlossaryEntry
    lang: Lang
    surface: str
    span: tuple[int, int] = (0, 0)  # characters of the text that matched


class Glossary:
    """The Spanish↔English glossary with a longest-match term finder."""

    def __init__(self, entries: list[GlossaryEntry]) -> None:
        self.entries = entries
        # Terms of the text's own language match on Snowball stems ("tratados"
        # finds "tratado"); terms of the other language only as written
        # (folded), so English "part" does not match Spanish "parto".
        self._stemmed: dict[str, dict[tuple[str, ...], list[GlossaryEntry]]] = {"en": {}, "es": {}}
        self._exact: dict[str, dict[tuple[str, ...], list[GlossaryEntry]]] = {"en": {}, "es": {}}
        for entry in entries:
            for lang in ("en", "es"):
                for term in getattr(entry, lang):
                    for index, key in (
                        (self._stemmed, tuple(stem_words(term, lang))),
                        (self._exact, tuple(fold(w) for w in words(term))),
                    ):
                        if key and entry not in index[lang].setdefault(key, []):
                            index[lang][key].append(entry)
        self._max_len = max((len(k) for idx in self._exact.values() for k in idx), default=1)

    @classmethod
    def load(cls, path: Path | None = None) -> Glossary:
        """Load and validate the glossary YAML (default: the packaged one)."""
        if path is None:
            text = resources.files("ssassist.data").joinpath("glossary.yaml").read_text("utf-8")
            where = "ssassist/data/glossary.yaml"
        else:
            text, where = path.read_text("utf-8"), str(path)
        try:
            raw: Any = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise DataFileError(where, f"not valid YAML: {exc}") from exc
        items = raw.get("entries") if isinstance(raw, dict) else None
        if not isinstance(items, list):
            raise DataFileError(where, "expected a top-level 'entries:' list")
        entries = []
        for i, item in enumerate(items, start=1):
            try:
                entries.append(GlossaryEntry.model_validate(item))
            except ValidationError as exc:
                err = exc.errors()[0]
                raise DataFileError(
                    where, f"{'.'.join(map(str, err['loc']))}: {err['msg']}", row=i
                ) from exc
        return cls(entries)

    def find(self, text: str, lang: Lang = "en") -> list[TermMatch]:
        """Glossary terms in ``text`` (written in ``lang``), longest match first, no overlaps."""
        raw = words(text)
        spans = word_spans(text)
        other: Lang = "es" if lang == "en" else "en"
        keys = {
            lang: (self._stemmed[lang], stem_words(text, lang)),
            other: (self._exact[other], [fold(w) for w in raw]),
        }
        found: list[TermMatch] = []
        i = 0
        while i < len(raw):
            for n in range(min(self._max_len, len(raw) - i), 0, -1):
                hits: dict[str, TermMatch] = {}
                for term_lang, (index, toks) in keys.items():
                    for e in index.get(tuple(toks[i : i + n]), []):
                        span = (spans[i][0], spans[i + n - 1][1])
                        hits.setdefault(
                            e.id, TermMatch(e, term_lang, " ".join(raw[i : i + n]), span)
                        )  # type: ignore[arg-type]
                if hits:
                    found.extend(hits.values())
                    i += n
                    break
            else:
                i += 1
        return found


@cache
def default_glossary() -> Glossary:
    return Glossary.load()
