"""Benefit names in Spanish and English → benefit ids.

Canonical ids and the plain branch names are built in, so parsing works on
its own; the bilingual glossary (``ssassist/data/glossary.yaml``, entries with
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
from ssassist.matrix.models import BENEFIT_LABELS, Benefit
from ssassist.text.normalize import fold, fold_key, term_pattern

log = logging.getLogger(__name__)

_BUILTIN: dict[Benefit, tuple[str, ...]] = {
    Benefit.MEDICAL_CARE: (
        "medical care",
        "health care",
        "healthcare",
        "medical assistance",
        "health",
        "health services",
        "atención médica",
        "asistencia médica",
        "atención de salud",
        "atención en salud",
        "salud",
        "asistencia sanitaria",
        "servicios de salud",
        "atención sanitaria",
    ),
    Benefit.SICKNESS: (
        "sickness",
        "sickness benefits",
        "sickness benefit",
        "sick leave",
        "illness",
        "enfermedad",
        "prestaciones de enfermedad",
        "subsidio por enfermedad",
        "incapacidad temporal",
    ),
    Benefit.MATERNITY: (
        "maternity",
        "maternity benefits",
        "maternity leave",
        "maternidad",
        "prestaciones de maternidad",
        "licencia de maternidad",
    ),
    Benefit.INVALIDITY: (
        "invalidity",
        "disability",
        "invalidity pension",
        "disability pension",
        "disability benefits",
        "invalidez",
        "discapacidad",
        "pensión de invalidez",
        "incapacidad permanente",
    ),
    Benefit.OLD_AGE: (
        "old age",
        "old-age",
        "old age pension",
        "retirement",
        "retirement pension",
        "vejez",
        "pensión de vejez",
        "jubilación",
        "retiro",
        "pensión de jubilación",
        # "retiro" alone is also a withdrawal ("retiro de fondos"); owned or named as a
        # pension it is retirement
        "mi retiro",
        "su retiro",
        "para el retiro",
        "pensión de retiro",
        "edad de retiro",
        "haber de retiro",
    ),
    Benefit.SURVIVORS: (
        "survivors",
        "survivor",
        "survivors benefits",
        "survival",
        "survivors pension",
        "widowhood",
        "sobrevivientes",
        "sobreviviente",
        "supervivencia",
        "sobrevivencia",
        "pensión de sobrevivientes",
        "viudez",
        "muerte",
    ),
    Benefit.EMPLOYMENT_INJURY: (
        "employment injury",
        "employment injuries",
        "occupational risks",
        "occupational risk",
        "work accident",
        "work accidents",
        "accidents at work",
        "occupational disease",
        "occupational diseases",
        "work injury",
        "riesgos del trabajo",
        "riesgo de trabajo",
        "riesgos laborales",
        "riesgos profesionales",
        "accidente de trabajo",
        "accidentes de trabajo",
        "accidentes laborales",
        "enfermedad profesional",
        "enfermedades profesionales",
    ),
    Benefit.UNEMPLOYMENT: (
        "unemployment",
        "unemployment benefits",
        "unemployment insurance",
        "desempleo",
        "seguro de desempleo",
        "cesantía",
        "paro",
        "seguro de cesantía",
        # Spain's word: "paro" alone is too ambiguous (a strike, "paro cardíaco", "I stop"),
        # with an article or as a benefit's name it is unemployment
        "el paro",
        "del paro",
        "al paro",
        "prestación por paro",
        "subsidio de paro",
        "seguro de paro",
    ),
    Benefit.FAMILY: (
        "family",
        "family benefits",
        "family allowance",
        "family allowances",
        "child benefits",
        "prestaciones familiares",
        "asignaciones familiares",
        "asignación familiar",
        "familia",
    ),
    Benefit.EMERGENCY_MEDICAL_CARE: (
        "emergency medical care",
        "emergency medical assistance",
        "emergency care",
        "emergency",
        "emergencies",
        "asistencia médica de urgencia",
        "atención de urgencia",
        "atención de emergencia",
        "urgencias",
        "urgencia",
        "emergencia",
        "emergencias",
    ),
}


_PARSE_ONLY = frozenset({"family", "familia", "muerte", "paro", "retiro", "survival"})
"""Names accepted as a whole benefit argument but too ambiguous to spot in free text."""

_DESCRIPTIVE = frozenset(
    fold_key(t)
    for t in (
        # the person's state or a generic word, rather than the name of a benefit: "Chilean
        # retiree ... access to healthcare?" asks about health care, "por una enfermedad quedé
        # con incapacidad permanente" about invalidity
        "health",
        "salud",
        "doctor",
        "doctors",
        "médico",
        "médicos",
        "hospital",
        "medicine",
        "medicines",
        "medicinas",
        "medicamentos",
        "me atienden",
        "dentista",
        "dental",
        "sick",
        "ill",
        "illness",
        "illnesses",
        "enfermedad",
        "enfermedades",
        "enfermo",
        "enferma",
        "me enfermo",
        "me enfermé",
        "enfermarme",
        "enfermarse",
        "pregnant",
        "pregnancy",
        "embarazada",
        "embarazo",
        "parto",
        "childbirth",
        "expecting a baby",
        "give birth",
        "giving birth",
        "dar a luz",
        "disabled",
        "inválido",
        "inválida",
        "incapacidad",
        "incapacitado",
        "incapacitada",
        "unable to work",
        "can't work anymore",
        "no puedo trabajar",
        "pension",
        "pensions",
        "pensiones",
        "retiree",
        "retired",
        "pensioner",
        "pensioners",
        "jubilado",
        "jubilada",
        "jubilados",
        "pensionado",
        "pensionada",
        "pensionados",
        "death",
        "muerte",
        "fallecimiento",
        "widow",
        "widows",
        "widower",
        "viuda",
        "viudo",
        "orphan",
        "orphans",
        "huérfano",
        "huérfanos",
        "accident",
        "accidente",
        "me accidenté",
        "se accidentó",
        "injured at work",
        "hurt at work",
        "hurt on the job",
        "injured on the job",
        "jobless",
        "unemployed",
        "out of work",
        "lost my job",
        "laid off",
        "desempleado",
        "desempleada",
        "sin trabajo",
        "sin empleo",
        "despido",
        "me despidieron",
        "me quedé sin trabajo",
        "perdí mi trabajo",
        "lose my job",
        "lost his job",
        "lost her job",
        "me echan",
        "me echaron",
        "emergency",
        "emergencies",
        "emergencia",
        "emergencias",
        "urgencia",
        "urgencias",
    )
)
"""Benefit words that describe the person or name a benefit only vaguely: a question that also
names a benefit outright ("pensión de invalidez", "healthcare") is about that one."""

_GENERIC_PENSION = frozenset({"pension", "pensions", "pensiones"})
"""A bare "pension" is old age unless the question names invalidity or survivors: then it is
their pension ("quedé con incapacidad permanente, ¿me dan pensión?")."""


def is_descriptive(term: str) -> bool:
    """Whether a benefit mention (as written) describes the person or is vague."""
    return fold_key(term) in _DESCRIPTIVE


def is_generic_pension(term: str) -> bool:
    """Whether a benefit mention (as written) is a bare "pension" / "pensión"."""
    return fold_key(term) in _GENERIC_PENSION


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
        for alias in _BUILTIN[b]:
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
        {term_pattern(t) for t in _terms(glossary) if "_" not in t and t not in _PARSE_ONLY},
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
