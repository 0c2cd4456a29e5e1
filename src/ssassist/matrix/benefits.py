"""Benefit names in Spanish and English → benefit ids.

Canonical ids and the plain branch names are built in (:mod:`.benefit_names`), so parsing
works on its own; the bilingual glossary (``ssassist/data/glossary.yaml``, entries with
``kind: benefit``) adds synonyms when it is present.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from ssassist.errors import UnknownBenefitError
from ssassist.matrix.benefit_ids import BENEFIT_LABELS, Benefit
from ssassist.matrix.benefit_names import BUILTIN_NAMES, DESCRIPTIVE, GENERIC_PENSION, PARSE_ONLY
from ssassist.text.normalize import fold, fold_key, term_pattern

log = logging.getLogger(__name__)


def is_descriptive(term: str) -> bool:
    """Whether a benefit mention (as written) describes the person or is vague."""
    return fold_key(term) in DESCRIPTIVE


def is_generic_pension(term: str) -> bool:
    """Whether a benefit mention (as written) is a bare "pension" / "pensión"."""
    return fold_key(term) in GENERIC_PENSION


def default_glossary_path() -> Path:
    return Path(str(resources.files("ssassist") / "data" / "glossary.yaml"))


def _glossary_terms(path: Path) -> dict[str, Benefit]:
    """Benefit synonyms from the glossary; tolerant of its layout, empty when absent."""
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        log.warning("glossary %s unreadable, benefit synonyms skipped: %s", path, exc)
        return {}
    entries: list = []
    if isinstance(data, list):
        entries = data
    elif isinstance(data, dict):
        for value in data.values():
            if isinstance(value, list):
                entries.extend(value)
    out: dict[str, Benefit] = {}
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("kind") != "benefit":
            continue
        try:
            benefit = Benefit(entry.get("benefit"))
        except ValueError:
            log.warning("glossary %s: unknown benefit id %r skipped", path, entry.get("benefit"))
            continue
        for lang in ("en", "es"):
            terms = entry.get(lang) or []
            for term in [terms] if isinstance(terms, str) else terms:
                if isinstance(term, str) and term.strip():
                    out.setdefault(term, benefit)
    return out


@lru_cache(maxsize=4)
def _terms(glossary: str) -> dict[str, Benefit]:
    """All known names (raw) → benefit; built-ins win over glossary entries."""
    terms: dict[str, Benefit] = {}
    for b in Benefit:
        terms[b.value] = b
        for label in BENEFIT_LABELS[b]:
            terms[label] = b
        for alias in BUILTIN_NAMES[b]:
            terms[alias] = b
    for term, b in _glossary_terms(Path(glossary)).items():
        terms.setdefault(term, b)
    return terms


@lru_cache(maxsize=4)
def _keys(glossary: str) -> dict[str, Benefit]:
    keys: dict[str, Benefit] = {}
    for term, b in _terms(glossary).items():
        keys.setdefault(fold_key(term), b)
    return keys


def parse_benefit(text: str | Benefit, *, glossary: str | Path | None = None) -> Benefit:
    """Turn a benefit id or name (English or Spanish) into a :class:`Benefit`.

    Raises:
        UnknownBenefitError: with the valid ids and up to 3 suggestions.
    """
    if isinstance(text, Benefit):
        return text
    gpath = str(glossary or default_glossary_path())
    keys = _keys(gpath)
    raw = (text or "").strip()
    key = fold_key(raw)
    if key in keys:
        return keys[key]
    allowed = 0 if len(key) < 5 else 1 if len(key) < 9 else 2
    if allowed:
        hits = process.extract(
            key, list(keys), scorer=DamerauLevenshtein.distance, score_cutoff=allowed, limit=10
        )
        if hits:
            best = min(h[1] for h in hits)
            found = {keys[h[0]] for h in hits if h[1] == best}
            if len(found) == 1:
                return found.pop()
    suggestions: list[str] = []
    for k, _s, _ in process.extract(key, list(keys), scorer=fuzz.WRatio, limit=20, score_cutoff=55):
        if keys[k].value not in suggestions:
            suggestions.append(keys[k].value)
        if len(suggestions) == 3:
            break
    raise UnknownBenefitError(raw, [b.value for b in Benefit], suggestions)


@lru_cache(maxsize=4)
def _mention_regex(glossary: str) -> re.Pattern[str]:
    patterns = sorted(
        {term_pattern(t) for t in _terms(glossary) if "_" not in t and t not in PARSE_ONLY},
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)")


def find_benefits(
    text: str, *, glossary: str | Path | None = None
) -> list[tuple[Benefit, tuple[int, int]]]:
    """Benefit mentions in free text (either language), in order, with spans.

    Benefit ids written as such ("old_age") are found too; an id that is a plain word
    is found as a name only ("family" alone is the person's family, not the benefit).
    """
    gpath = str(glossary or default_glossary_path())
    keys = _keys(gpath)
    folded = fold(text)
    out: list[tuple[Benefit, tuple[int, int]]] = []
    for m in _mention_regex(gpath).finditer(folded):
        b = keys.get(fold_key(m.group(0)))
        if b is not None:
            out.append((b, (m.start(), m.end())))
    ids = "|".join(b.value for b in Benefit if "_" in b.value)
    for m in re.finditer(r"\b(" + ids + r")\b", text):
        out.append((Benefit(m.group(1)), (m.start(), m.end())))
    out.sort(key=lambda x: x[1])
    return out
