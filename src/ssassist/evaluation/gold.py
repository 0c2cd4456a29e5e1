"""The gold set (``eval/gold/*.yaml``): loading, checks against the data, and passage matching.

Every file holds ``items:``, a list of factual, coverage, refusal, route and work-history
questions (schema in ``eval/gold/README.md``). :func:`load_gold` checks each item against the
schema and against the data: every factual passage must be verbatim in its
corpus document (after :func:`normalize`), every document id and instrument id
must exist, and ids must be unique across files. All problems are reported at
once, each as ``file: item: reason``. The item models are in :mod:`.gold_items`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from ssassist.errors import SSAssistError
from ssassist.evaluation.gold_items import (
    KINDS,
    CoverageItem,
    FactualItem,
    GoldItem,
    HistoryItem,
    Item,
    MembershipItem,
    RouteItem,
)

_FOOTNOTE_REF = re.compile(
    r"\[\^\w+\](?!:)"
)  # "Costa Rica[^9], Ecuador" reads "Costa Rica, Ecuador"
_MARKUP = re.compile(r"\[\^\w+\]:|\*\*|^\s*(?:#+|-|\|)\s*", re.MULTILINE)


# -- passage matching ------------------------------------------------------------


def normalize(text: str) -> str:
    """Whitespace-collapsed text without the Markdown markup the corpus adds
    (``[^n]`` markers, ``**``, leading ``#``, ``- `` and ``|``)."""
    text = _MARKUP.sub(" ", _FOOTNOTE_REF.sub("", text)).replace("|", " ")
    return " ".join(text.split())


def contains_passage(text: str, passage: str) -> bool:
    """Whether ``passage`` occurs in ``text`` after :func:`normalize`, ignoring case."""
    return normalize(passage).casefold() in normalize(text).casefold()


def chunk_contains(chunk: Any, passage: str) -> bool:
    """A retrieved chunk holds the gold passage: in its text or, for a matrix fact,
    in the document quote it rests on (either one containing the other)."""
    if contains_passage(chunk.text, passage):
        return True
    quote = getattr(chunk, "source_quote", "")
    return bool(quote) and (contains_passage(quote, passage) or contains_passage(passage, quote))


def gold_chunks(chunks: Iterable[Any], doc_id: str, passage: str) -> set[str]:
    """Ids of the indexed chunks that hold a gold passage.

    A chunk of ``doc_id`` (or a matrix fact quoting ``doc_id``) counts when it
    holds the whole passage (:func:`chunk_contains`). When no chunk does, the
    passage spans a chunk boundary: then each chunk of the document holding a
    contiguous half or more of the passage's words counts.
    """
    own = [c for c in chunks if c.doc_id == doc_id or getattr(c, "source_doc", "") == doc_id]
    whole = {c.id for c in own if chunk_contains(c, passage)}
    if whole:
        return whole
    words = normalize(passage).casefold().split()
    need = max(1, (len(words) + 1) // 2)
    out: set[str] = set()
    for c in own:
        if c.doc_id != doc_id:
            continue
        text = normalize(c.text).casefold()
        if any(" ".join(words[i : i + need]) in text for i in range(0, len(words) - need + 1)):
            out.add(c.id)
    return out


_ADAPTER: TypeAdapter[Any] = TypeAdapter(GoldItem)


# -- loading -----------------------------------------------------------------------


@dataclass(frozen=True)
class GoldProblem:
    """One thing wrong with the gold set."""

    file: str
    item: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.item}: {self.reason}"


class GoldSetError(SSAssistError, ValueError):
    """The gold set is missing or malformed; lists every problem as file: item: reason."""

    def __init__(self, problems: list[GoldProblem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"the gold set has {len(problems)} problem(s):\n{shown}{more}")


def _reason(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if p not in KINDS)
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def _read(path: Path, problems: list[GoldProblem]) -> list[tuple[str, Any]]:
    """The raw items of one file with a label for messages (id, or position)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        problems.append(GoldProblem(path.name, "-", f"not readable YAML: {exc}"))
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("items"), list):
        problems.append(GoldProblem(path.name, "-", "expected a top-level 'items:' list"))
        return []
    out = []
    for i, entry in enumerate(raw["items"], start=1):
        label = (
            str(entry.get("id")) if isinstance(entry, dict) and entry.get("id") else f"item #{i}"
        )
        out.append((label, entry))
    return out


def load_gold(
    folder: Path,
    documents: dict[str, str] | None = None,
    instrument_ids: set[str] | None = None,
) -> list[Item]:
    """Every item of ``folder/*.yaml``, validated, sorted by id.

    Args:
        folder: the gold folder (``eval/gold``).
        documents: corpus text by document id; when given, factual doc ids must
            exist and their passages must be verbatim in the document.
        instrument_ids: matrix instrument ids; when given, every expected
            instrument must be one of them.

    Raises:
        GoldSetError: with every problem found (file, item, reason).
    """
    problems: list[GoldProblem] = []
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise GoldSetError([GoldProblem(str(folder), "-", "no gold files (*.yaml) found")])
    items: list[Item] = []
    seen: dict[str, str] = {}
    for path in files:
        for label, entry in _read(path, problems):
            try:
                item = _ADAPTER.validate_python(entry)
            except ValidationError as exc:
                problems.append(GoldProblem(path.name, label, _reason(exc)))
                continue
            if item.id in seen:
                problems.append(
                    GoldProblem(path.name, item.id, f"duplicate id (also in {seen[item.id]})")
                )
                continue
            seen[item.id] = path.name
            reasons = _data_problems(item, documents, instrument_ids)
            problems += [GoldProblem(path.name, item.id, r) for r in reasons]
            items.append(item)
    problems += _held_out_problems(items, seen)
    if problems:
        raise GoldSetError(problems)
    return sorted(items, key=lambda it: it.id)


def item_files(folder: Path) -> dict[str, str]:
    """The file each item id of ``folder/*.yaml`` comes from (no validation: see
    :func:`load_gold`)."""
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        for label, _ in _read(path, []):
            out.setdefault(label, path.name)
    return out


def _held_out_problems(items: list[Item], files: dict[str, str]) -> list[GoldProblem]:
    """A held-out item must be new: no dev question again, no dev coverage pair (or work
    history) and benefit again."""

    def question(it: Any) -> str:
        return " ".join(it.question.split()).casefold()

    def pair(it: CoverageItem | HistoryItem) -> tuple[str, frozenset[str], Any]:
        return it.kind, frozenset(it.countries), it.benefit

    dev = [it for it in items if it.split == "dev"]
    dev_questions = {question(it) for it in dev}
    dev_pairs = {pair(it) for it in dev if isinstance(it, CoverageItem | HistoryItem)}
    out = []
    for it in items:
        if it.split != "test":
            continue
        if question(it) in dev_questions:
            out.append(
                GoldProblem(files[it.id], it.id, "the held-out question repeats a dev question")
            )
        if isinstance(it, CoverageItem | HistoryItem) and pair(it) in dev_pairs:
            what = "countries" if isinstance(it, HistoryItem) else "pair"
            out.append(
                GoldProblem(
                    files[it.id], it.id, f"the held-out {what} and benefit are already asked in dev"
                )
            )
    return out


def _data_problems(
    item: Item,
    documents: dict[str, str] | None,
    instrument_ids: set[str] | None,
) -> list[str]:
    from ssassist.evaluation.metrics import fact_present
    from ssassist.matrix.countries import load_countries

    out: list[str] = []
    if isinstance(item, FactualItem) and documents is not None:
        if item.doc_id not in documents:
            out.append(f"unknown doc_id {item.doc_id!r}")
        elif not contains_passage(documents[item.doc_id], item.passage):
            out.append(
                f"passage is not verbatim in {item.doc_id} (after normalisation): "
                f"{item.passage[:80]!r}"
            )
        else:
            note = (item.note or "").casefold()
            translated = "translat" in note or "traduc" in note
            for fact in item.key_facts:
                if not fact_present(fact, documents[item.doc_id]) and not (
                    translated and fact_present(fact, note)
                ):
                    out.append(
                        f"key fact {fact!r} is not in {item.doc_id} nor marked as a translation"
                    )
    if isinstance(item, HistoryItem):
        out += _history_problems(item, instrument_ids)
    if isinstance(item, CoverageItem | RouteItem):
        if item.countries[0] == item.countries[1]:
            out.append("the two countries are the same")
        registry = load_countries()
        out += [
            f"country {c!r} is not in the country list" for c in item.countries if c not in registry
        ]
    if (
        isinstance(item, MembershipItem)
        and instrument_ids is not None
        and item.agreement not in instrument_ids
    ):
        out.append(f"unknown instrument id {item.agreement!r}")
    if isinstance(item, CoverageItem) and instrument_ids is not None:
        unknown = [i for i in item.expected_instruments if i not in instrument_ids]
        if unknown:
            out.append(f"unknown instrument id(s) {', '.join(unknown)}")
    if isinstance(item, RouteItem) and item.roles is not None:
        for role in ("nationality", "residence"):
            code = getattr(item.roles, role)
            if code is not None and code not in item.countries:
                out.append(f"roles.{role} {code!r} is not one of the two countries")
    return out


def _history_problems(item: HistoryItem, instrument_ids: set[str] | None) -> list[str]:
    """Known, distinct countries; groups within the history; known instrument ids."""
    from ssassist.matrix.countries import load_countries

    registry = load_countries()
    out: list[str] = []
    if len(set(item.countries)) != len(item.countries):
        out.append("a country is listed twice")
    roles = [c for c in (item.nationality, item.residence) if c is not None]
    unknown = [c for c in [*item.countries, *roles] if c not in registry]
    out += [f"country {c!r} is not in the country list" for c in dict.fromkeys(unknown)]
    for g in item.expected_groups:
        if len(set(g.countries)) != len(g.countries):
            out.append(f"group {g.instrument}: a country is listed twice")
        outside = [c for c in g.countries if c not in item.countries]
        if outside:
            out.append(f"group {g.instrument}: {', '.join(outside)} not in the history")
        if instrument_ids is not None and g.instrument not in instrument_ids:
            out.append(f"unknown instrument id {g.instrument!r}")
    return out


def corpus_texts(corpus_dir: Path) -> dict[str, str]:
    """Text of every corpus document, by id."""
    from ssassist.ingest.corpus import load_corpus

    return {d.id: d.text for d in load_corpus(corpus_dir)}
