"""Data checks for src/ssassist/data/glossary.yaml (the curated es<->en glossary).

Fast, no project imports: loads the YAML with PyYAML and checks its shape and the
rules stated in the file's header comment. "Same term" means the same words after
casefolding and stripping accents, with hyphens, apostrophes and commas separating
words, which is how ssassist.text tokenises for the glossary matcher.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import pytest
import yaml

from tests.paths import ROOT

GLOSSARY = ROOT / "src" / "ssassist" / "data" / "glossary.yaml"

KINDS = {"benefit", "mechanism", "agreement", "institution", "concept", "population", "question"}
BENEFIT_IDS = {
    "medical_care",
    "sickness",
    "maternity",
    "invalidity",
    "old_age",
    "survivors",
    "employment_injury",
    "unemployment",
    "family",
    "emergency_medical_care",
}
ENTRY_KEYS = {"id", "kind", "benefit", "en", "es", "note"}
TOP_KEYS = {"version", "case_sensitive", "ambiguous", "entries"}
LANGS = ("en", "es")

ID_RE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
# An acronym-shaped word: capitals/digits, parts joined by - / . &, optional plural "s".
ACRONYM_RE = re.compile(r"[A-Z0-9]+(?:[-/.&][A-Z0-9]+)*s?")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(term: str) -> str:
    """Case- and accent-insensitive form (what 'the same term' means inside one list)."""
    return " ".join(strip_accents(term).lower().split())


WORD_RE = re.compile(r"[^\W_]+")


def match_key(term: str) -> str:
    """What a case- and accent-insensitive word matcher sees (as ssassist.text does:
    casefold, strip accents, words = runs of letters and digits, so hyphens,
    apostrophes and commas separate words)."""
    folded = strip_accents(unicodedata.normalize("NFKD", term.casefold()))
    return " ".join(WORD_RE.findall(folded))


@pytest.fixture(scope="module")
def data() -> dict:
    with GLOSSARY.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def entries(data) -> list[dict]:
    return data["entries"]


@pytest.fixture(scope="module")
def index(entries) -> dict[str, set[str]]:
    """match key -> ids of the entries that list it (any language)."""
    idx: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        for lang in LANGS:
            for t in e.get(lang) or []:
                if isinstance(t, str):  # non-strings are reported by test_terms_are_clean_strings
                    idx[match_key(t)].add(e["id"])
    return idx


def all_terms(entries):
    for e in entries:
        for lang in LANGS:
            for t in e[lang]:
                yield e["id"], lang, t


def test_top_level_shape(data):
    assert isinstance(data, dict)
    assert set(data) <= TOP_KEYS, set(data) - TOP_KEYS
    assert data["version"] == 1
    assert isinstance(data["entries"], list) and data["entries"]
    assert isinstance(data.get("ambiguous", []), list)
    assert isinstance(data.get("case_sensitive", {}), dict)


def test_entry_fields(entries):
    for e in entries:
        assert isinstance(e, dict), e
        assert set(e) <= ENTRY_KEYS, (e.get("id"), set(e) - ENTRY_KEYS)
        for key in ("id", "kind", "en", "es"):
            assert key in e, (e.get("id"), key)
        if "note" in e:
            assert isinstance(e["note"], str) and e["note"].strip(), e["id"]


def test_ids_unique_and_snake_case(entries):
    ids = [e["id"] for e in entries]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, dupes
    bad = [i for i in ids if not (isinstance(i, str) and ID_RE.fullmatch(i))]
    assert not bad, bad


def test_kinds_valid(entries):
    bad = [(e["id"], e["kind"]) for e in entries if e["kind"] not in KINDS]
    assert not bad, bad


def test_benefit_entries(entries):
    benefits = [e for e in entries if e["kind"] == "benefit"]
    for e in benefits:
        assert e.get("benefit") in BENEFIT_IDS, (e["id"], e.get("benefit"))
        assert e["id"] == e["benefit"], e["id"]
    got = [e["benefit"] for e in benefits]
    assert sorted(got) == sorted(BENEFIT_IDS), "each of the ten benefit ids exactly once"
    stray = [e["id"] for e in entries if e["kind"] != "benefit" and "benefit" in e]
    assert not stray, f"'benefit' is only for kind: benefit: {stray}"


def test_every_entry_has_both_languages(entries):
    for e in entries:
        for lang in LANGS:
            terms = e[lang]
            assert isinstance(terms, list) and terms, (e["id"], lang)


def test_terms_are_clean_strings(entries):
    problems = []
    for eid, lang, t in all_terms(entries):
        if not isinstance(t, str):  # e.g. YAML turned `no`, `yes` or `1.3` into a non-string
            problems.append((eid, lang, t, "not a string"))
            continue
        if not t.strip():
            problems.append((eid, lang, t, "empty"))
        elif t != t.strip():
            problems.append((eid, lang, t, "leading/trailing space"))
        elif re.search(r"\s{2,}|[\t\n\r]", t):
            problems.append((eid, lang, t, "double space or control whitespace"))
        elif not (t[0].isalnum() and t[-1].isalnum()):
            problems.append((eid, lang, t, "must start and end with a letter or digit"))
    assert not problems, problems


def test_case_rule_lowercase_except_acronyms(entries):
    """Terms are lowercase; a word may keep capitals only if it is acronym-shaped."""
    bad = []
    for eid, lang, t in all_terms(entries):
        for word in t.split():
            if word != word.lower() and not ACRONYM_RE.fullmatch(word):
                bad.append((eid, lang, t, word))
    assert not bad, bad


def test_case_sensitive_acronyms(data, entries, index):
    """`case_sensitive` maps ACRONYM -> entry id, for acronyms whose lowercase form is
    an ordinary word (UN/'un', CAN/'can', WHO/'who'). They stay out of the entries'
    term lists, so a case-insensitive matcher can never turn 'un' into UN."""
    ids = {e["id"] for e in entries}
    mapping = data.get("case_sensitive") or {}
    for acronym, entry_id in mapping.items():
        assert isinstance(acronym, str) and ACRONYM_RE.fullmatch(acronym), acronym
        assert entry_id in ids, (acronym, entry_id)
        owners = index.get(match_key(acronym), set())
        assert entry_id not in owners, f"{acronym!r} must not also be a term of {entry_id}"
    for must in ("UN", "CAN", "WHO"):
        assert must in mapping, must


def test_no_duplicate_terms_within_a_list(entries):
    dupes = []
    for e in entries:
        for lang in LANGS:
            seen: set[str] = set()
            for t in e[lang]:
                f = fold(t)
                if f in seen:
                    dupes.append((e["id"], lang, t))
                seen.add(f)
    assert not dupes, dupes


def test_spanish_accents_written(entries):
    """Spanish terms are spelled with their accents (matching folds them anyway).

    Heuristic: no singular word in -cion/-sion, and none of a few common unaccented
    spellings. Relatives like 'donde' and 'cuando' are correct without an accent.
    """
    unaccented = {
        "pension",
        "jubilacion",
        "medico",
        "medica",
        "medicos",
        "pais",
        "paises",
        "transito",
        "tramites",
        "economia",
        "ambito",
        "regimen",
        "regimenes",
        "basicos",
        "indigenas",
        "diaspora",
        "proteccion",
        "atencion",
        "poblacion",
        "informacion",
    }
    bad = []
    for e in entries:
        for t in e["es"]:
            for word in t.split():
                w = word.strip(",.")
                if re.search(r"[cs]ion$", w) or w in unaccented:
                    bad.append((e["id"], t, word))
    assert not bad, bad


def test_term_in_two_entries_only_if_declared_ambiguous(data, entries, index):
    declared = {}
    ids = {e["id"] for e in entries}
    for item in data.get("ambiguous") or []:
        assert set(item) <= {"term", "entries", "note"}, item
        key = match_key(item["term"])
        assert key not in declared, f"ambiguous term listed twice: {item['term']!r}"
        listed = set(item["entries"])
        assert len(listed) >= 2, item
        assert listed <= ids, (item["term"], listed - ids)
        declared[key] = listed
    undeclared = {k: sorted(v) for k, v in index.items() if len(v) > 1 and declared.get(k) != v}
    assert not undeclared, f"terms under several entries, not in `ambiguous`: {undeclared}"
    stale = {k: sorted(v) for k, v in declared.items() if index.get(k) != v}
    assert not stale, f"`ambiguous` items that do not match the entries: {stale}"


@pytest.mark.parametrize(
    ("typed", "entry_id"),
    [
        ("jubilacion", "old_age"),
        ("pension", "old_age"),
        ("seguro medico", "medical_care"),
        ("incapacidad", "invalidity"),
        ("incapacidad temporal", "sickness"),
        ("viudez", "survivors"),
        ("accidente de trabajo", "employment_injury"),
        ("occupational diseases", "employment_injury"),
        ("paro", "unemployment"),
        ("desempleo", "unemployment"),
        ("asignaciones familiares", "family"),
        ("licencia de maternidad", "maternity"),
        ("urgencias", "emergency_medical_care"),
        ("emergency medical assistance", "emergency_medical_care"),
        ("totalizacion", "aggregation_of_periods"),
        ("aggregation of contribution periods", "aggregation_of_periods"),
        ("portabilidad de las prestaciones", "portability"),
        ("objective 22", "portability"),
        ("exportabilidad", "exportability"),
        ("seguro voluntario", "voluntary_insurance"),
        ("igualdad de trato", "equal_treatment"),
        ("pago unico", "lump_sum"),
        ("reembolso", "reimbursement_of_contributions"),
        ("fondos de bienestar", "welfare_funds"),
        ("periodo de carencia", "waiting_period"),
        ("no contributivo", "non_contributory"),
        ("proteccion social", "social_protection"),
        ("pisos de proteccion social", "social_protection_floor"),
        ("CMISS", "cmiss"),
        ("convenio multilateral iberoamericano de seguridad social", "cmiss"),
        ("COISS", "coiss"),
        ("instrumento andino de seguridad social", "andean_instrument"),
        ("pacto mundial para la migracion segura, ordenada y regular", "gcm"),
        ("salex", "salvadoreno_seguro"),
        ("oiss", "oiss"),
        ("latin american social security organization", "oiss"),
        ("cepal", "eclac"),
        ("isss", "isss"),
        ("afp", "afp"),
        ("desplazados internos", "internally_displaced"),
        ("trabajadores migrantes", "migrant_worker"),
        ("sin papeles", "irregular_migrant"),
        ("trabajadores por cuenta propia", "self_employed"),
        ("remesas", "remittances"),
        ("economia informal", "informal_economy"),
        ("triangulo norte", "region_northern_triangle"),
        ("cuantos", "q_how_many"),
        ("cotize", "q_contribute"),
        ("convenio entre", "q_agreement_between"),
        ("si regreso", "q_if_i_return"),
        ("en el exterior", "q_abroad"),
    ],
)
def test_required_terms_present(index, typed, entry_id):
    """Words migrants type (no accents, any case) reach the intended entry."""
    hits = index.get(match_key(typed), set())
    assert entry_id in hits, (typed, sorted(hits))


@pytest.mark.parametrize("word", ["un", "can", "who", "que", "de", "la", "the", "of"])
def test_ordinary_words_are_not_acronym_terms(index, word):
    """Common words never resolve to an institution or agreement."""
    kinds_hit = index.get(word, set())
    assert not (kinds_hit & {"un", "andean_community", "un_agencies"}), (word, kinds_hit)
