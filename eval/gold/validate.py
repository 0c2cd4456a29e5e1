"""Validate the gold evaluation set (eval/gold/*.yaml) against the corpus and the matrix.

Checks (schema: /work/notes/gold_schema.md, summary in eval/gold/README.md):

* every file has a top-level ``items:`` list; every item has the common fields
  with allowed values and no unknown field; ids are unique across all files;
* factual items: ``doc_id`` is a corpus document; ``passage`` has 8-60 words and
  is verbatim in ``corpus/docs/<doc_id>.md`` after normalisation (collapse
  whitespace; drop ``[^n]`` markers, ``**``, leading ``#``, ``- ``, ``|``;
  case-insensitive); 1-4 ``key_facts``, each with at least one `` | ``
  alternative found in the normalised document (also accent-insensitive), or
  else marked as a translation in ``note`` (the note names the fact and says
  "translation" / "traducción");
* coverage items: two distinct ISO 3166-1 alpha-2 codes known to the project's
  country list; a DESIGN.md benefit id or null; ``expected_covered`` present
  (true / false / null); every ``expected_instruments`` id exists in
  ``corpus/matrix/*.yaml``; a justification;
* refusal items: no doc_id / passage / key_facts;
* split ``test``: no question text repeated from split ``dev``, and no coverage
  (pair, benefit) combination already asked in ``dev``.

Standalone (PyYAML and pycountry only).  Run from anywhere::

    .venv/bin/python eval/gold/validate.py            # validate, print counts
    .venv/bin/python eval/gold/validate.py --compare-tool
        # also run the exact coverage check of ssassist on every coverage item and
        # list where it disagrees with the expected verdict / instruments

Exit status 0 when clean, 1 when any error is found.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DOCS = ROOT / "corpus" / "docs"
DOCUMENTS = ROOT / "corpus" / "documents.yaml"
MATRIX = ROOT / "corpus" / "matrix"
COUNTRIES = ROOT / "src" / "ssassist" / "data" / "countries.yaml"

SPLITS = {"dev", "test"}
LANGS = {"es", "en"}
KINDS = {"factual", "coverage", "refusal"}
STYLES = {"migrant", "helpdesk"}
BENEFITS = {
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
COMMON = {"id", "split", "lang", "kind", "question", "style", "note", "source_id"}
FIELDS = {
    "factual": COMMON | {"doc_id", "passage", "key_facts", "section"},
    "coverage": COMMON
    | {"countries", "benefit", "expected_covered", "expected_instruments", "justification"},
    "refusal": COMMON | {"doc_id", "passage", "key_facts"},
}
REQUIRED = {
    "factual": {"doc_id", "passage", "key_facts"},
    "coverage": {
        "countries",
        "benefit",
        "expected_covered",
        "expected_instruments",
        "justification",
    },
    "refusal": set(),
}

_FOOTNOTE = re.compile(r"\[\^\w+\]:?")
_LINE_MARKUP = re.compile(r"^\s*(?:#+|-|\|)\s*", re.MULTILINE)
_QUOTES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "“": '"', "”": '"'})


def normalize(text: str, footnote_sub: str = "") -> str:
    """The schema's normalisation: drop footnote markers, ``**``, leading ``#``/``- ``/``|``
    and every ``|``; collapse whitespace; lower-case."""
    text = _FOOTNOTE.sub(footnote_sub, text).replace("**", " ")
    text = _LINE_MARKUP.sub(" ", text).replace("|", " ")
    return " ".join(text.split()).casefold()


def fold(text: str) -> str:
    """Accent- and quote-insensitive form (for key facts)."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def alternatives(fact: str) -> list[str]:
    return [a.strip() for a in str(fact).split(" | ") if a.strip()]


def load_items(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise SystemExit(f"{path.name}: no top-level 'items:' list")
        out.extend((path.name, item) for item in data["items"])
    return out


def matrix_ids() -> set[str]:
    ids: set[str] = set()
    for path in sorted(MATRIX.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for section in data.values():
            if isinstance(section, list):
                ids.update(r["id"] for r in section if isinstance(r, dict) and "id" in r)
    return ids


def country_codes() -> set[str]:
    data = yaml.safe_load(COUNTRIES.read_text(encoding="utf-8"))
    return {c["code"] for c in data["countries"]}


def iso_alpha2(code: str) -> bool:
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a project dependency
        return bool(re.fullmatch(r"[A-Z]{2}", code))
    return pycountry.countries.get(alpha_2=code) is not None


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")


def check_factual(where: str, it: dict[str, Any], docs: dict[str, str], rep: Report) -> None:
    doc_id = it.get("doc_id")
    if doc_id not in docs:
        rep.error(where, f"doc_id {doc_id!r} is not a corpus document")
        return
    passage = it.get("passage")
    if not isinstance(passage, str) or not passage.strip():
        rep.error(where, "passage missing")
        return
    words = len(passage.split())
    if not 8 <= words <= 60:
        rep.error(where, f"passage has {words} words (8-60)")
    raw = docs[doc_id]
    if not any(normalize(passage, sub) in normalize(raw, sub) for sub in ("", " ")):
        rep.error(where, f"passage not verbatim in {doc_id}.md: {passage[:80]!r}")
    facts = it.get("key_facts")
    if not isinstance(facts, list) or not 1 <= len(facts) <= 4:
        rep.error(where, "key_facts must be a list of 1-4 facts")
        return
    folded_doc = fold(normalize(raw))
    note = fold(str(it.get("note") or ""))
    for fact in facts:
        alts = alternatives(fact)
        if not alts:
            rep.error(where, f"empty key fact {fact!r}")
            continue
        if any(fold(normalize(a)) in folded_doc for a in alts):
            continue
        marked = ("translat" in note or "traduc" in note) and any(fold(a) in note for a in alts)
        if not marked:
            rep.error(where, f"key fact {fact!r} not in {doc_id}.md and not marked as translation")


def check_coverage(
    where: str, it: dict[str, Any], ids: set[str], known: set[str], rep: Report
) -> None:
    countries = it.get("countries")
    if not (isinstance(countries, list) and len(countries) == 2 and countries[0] != countries[1]):
        rep.error(where, f"countries must be two distinct codes, got {countries!r}")
    else:
        for c in countries:
            if not (isinstance(c, str) and iso_alpha2(c)):
                rep.error(where, f"{c!r} is not an ISO 3166-1 alpha-2 code")
            elif c not in known:
                rep.error(where, f"{c!r} is not in src/ssassist/data/countries.yaml")
    if it.get("benefit") is not None and it["benefit"] not in BENEFITS:
        rep.error(where, f"unknown benefit {it['benefit']!r}")
    if it.get("expected_covered") not in (True, False, None):
        rep.error(where, "expected_covered must be true, false or null")
    inst = it.get("expected_instruments")
    if not isinstance(inst, list):
        rep.error(where, "expected_instruments must be a list")
    else:
        for i in inst:
            if i not in ids:
                rep.error(where, f"instrument id {i!r} not in corpus/matrix")
    if not str(it.get("justification") or "").strip():
        rep.error(where, "justification missing")


def pair_key(it: dict[str, Any]) -> tuple[frozenset[str], str | None]:
    return frozenset(it.get("countries") or []), it.get("benefit")


def validate(items: list[tuple[str, dict[str, Any]]], rep: Report) -> None:
    docs_meta = yaml.safe_load(DOCUMENTS.read_text(encoding="utf-8"))["documents"]
    docs = {d["id"]: (DOCS / f"{d['id']}.md").read_text(encoding="utf-8") for d in docs_meta}
    ids = matrix_ids()
    known = country_codes()
    seen: dict[str, str] = {}
    for fname, it in items:
        where = f"{fname}:{it.get('id', '?')}"
        iid = it.get("id")
        if not isinstance(iid, str) or not iid:
            rep.error(where, "id missing")
        elif iid in seen:
            rep.error(where, f"duplicate id (also in {seen[iid]})")
        else:
            seen[iid] = fname
        kind = it.get("kind")
        if kind not in KINDS:
            rep.error(where, f"kind {kind!r} not in {sorted(KINDS)}")
            continue
        unknown = set(it) - FIELDS[kind]
        if unknown:
            rep.error(where, f"unknown field(s) {sorted(unknown)}")
        missing = (REQUIRED[kind] | {"id", "split", "lang", "question"}) - set(it)
        if missing:
            rep.error(where, f"missing field(s) {sorted(missing)}")
        if it.get("split") not in SPLITS:
            rep.error(where, f"split {it.get('split')!r} not in {sorted(SPLITS)}")
        if it.get("lang") not in LANGS:
            rep.error(where, f"lang {it.get('lang')!r} not in {sorted(LANGS)}")
        if not str(it.get("question") or "").strip():
            rep.error(where, "empty question")
        if it.get("style") is not None and it["style"] not in STYLES:
            rep.error(where, f"style {it['style']!r} not in {sorted(STYLES)}")
        if kind == "factual":
            check_factual(where, it, docs, rep)
        elif kind == "coverage":
            check_coverage(where, it, ids, known, rep)
        elif it.get("doc_id") or it.get("passage") or it.get("key_facts"):
            rep.error(where, "refusal items carry no doc_id / passage / key_facts")

    dev = [it for _, it in items if it.get("split") == "dev"]
    dev_questions = {" ".join(str(it.get("question", "")).split()).casefold() for it in dev}
    dev_pairs = {pair_key(it) for it in dev if it.get("kind") == "coverage"}
    for fname, it in items:
        if it.get("split") != "test":
            continue
        where = f"{fname}:{it.get('id')}"
        if " ".join(str(it.get("question", "")).split()).casefold() in dev_questions:
            rep.error(where, "test question repeats a dev question")
        if it.get("kind") == "coverage" and pair_key(it) in dev_pairs:
            rep.error(where, "test coverage pair+benefit already asked in dev")


def counts(items: list[dict[str, Any]]) -> str:
    lines = []
    by = Counter((it.get("split"), it.get("kind"), it.get("lang")) for it in items)
    lines.append("split  kind      es   en  total")
    for split in ("dev", "test"):
        for kind in ("factual", "coverage", "refusal"):
            es, en = by[(split, kind, "es")], by[(split, kind, "en")]
            if es or en:
                lines.append(f"{split:5}  {kind:8} {es:4} {en:4} {es + en:6}")
    lines.append(f"total                    {len(items):6}")
    docs = Counter(
        (it.get("split"), str(it.get("doc_id"))[:3], it.get("lang"))
        for it in items
        if it.get("kind") == "factual"
    )
    lines.append("")
    lines.append("factual by document: split doc  es  en")
    for split in ("dev", "test"):
        for doc in ("000", "001", "002", "003", "004"):
            es, en = docs[(split, doc, "es")], docs[(split, doc, "en")]
            lines.append(f"  {split:5} {doc}  {es:3} {en:3}")
    cov = Counter(
        (it.get("split"), it.get("expected_covered"), it.get("lang"))
        for it in items
        if it.get("kind") == "coverage"
    )
    lines.append("")
    lines.append("coverage verdicts: split covered  es  en")
    for split in ("dev", "test"):
        for v in (True, False, None):
            es, en = cov[(split, v, "es")], cov[(split, v, "en")]
            lines.append(f"  {split:5} {str(v):5}  {es:3} {en:3}")
    return "\n".join(lines)


def compare_tool(items: list[dict[str, Any]]) -> list[str]:
    """Run ssassist's exact check on every coverage item; list disagreements."""
    sys.path.insert(0, str(ROOT / "src"))
    from ssassist.matrix.check import check_coverage
    from ssassist.matrix.loader import load_matrix

    matrix = load_matrix()
    out = []
    for it in items:
        if it.get("kind") != "coverage":
            continue
        a, b = it["countries"]
        r = check_coverage(matrix, a, b, it.get("benefit"))
        got = {i.id for i in r.instruments}
        missing = [i for i in it["expected_instruments"] if i not in got]
        if r.covered != it["expected_covered"] or missing:
            out.append(
                f"{it['id']} ({it['split']}) {a}-{b} {it.get('benefit')}: expected "
                f"{it['expected_covered']} {it['expected_instruments']}; tool says {r.covered} "
                f"(reason {r.reason}, instruments {sorted(got)})"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--compare-tool", action="store_true", help="compare coverage items with ssassist"
    )
    args = ap.parse_args(argv)
    items = load_items(HERE)
    rep = Report()
    validate(items, rep)
    print(counts([it for _, it in items]))
    print()
    if args.compare_tool:
        diffs = compare_tool([it for _, it in items])
        print(f"coverage items where the tool disagrees: {len(diffs)}")
        for d in diffs:
            print("  " + d)
        print()
    for e in rep.errors:
        print("ERROR " + e)
    print(f"{len(items)} items, {len(rep.errors)} error(s)")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
