"""Metric functions: pure, small, and tested on fixtures (tests/test_evaluation.py).

* recall@k and MRR: rank of the first retrieved chunk holding the gold passage;
* answer accuracy: every key fact (any of its ``" | "`` alternatives, or their rendering
  into the asker's language) occurs in the answer, compared case- and accent-insensitively,
  on word boundaries; lead accuracy: the same in the answer's first non-empty line;
* the answer body: its words (``[n]`` markers left out) and its language;
* citation precision: share of citations that support the answer (the quote
  holds a key fact, or the cited passage holds the gold passage);
* coverage exactness: route, pair, verdict and deciding instruments as expected;
* refusal precision and recall, refusal being the positive class, over all refusal items
  or over one subset of them (the answerable items being the negatives in each case).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

from ssassist.evaluation.gold import contains_passage, normalize
from ssassist.text.normalize import fold

_TYPOGRAPHY = str.maketrans(
    {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "}
)


@lru_cache(maxsize=256)
def match_text(text: str) -> str:
    """Text as key facts are matched: markup dropped, typography plain, folded, spaces collapsed."""
    return " ".join(fold(normalize(text).translate(_TYPOGRAPHY)).split())


@cache
def _fact_pattern(alternative: str) -> re.Pattern[str]:
    alt = match_text(alternative)
    left = r"(?<!\w)" if alt[:1].isalnum() else ""
    right = r"(?!\w)" if alt[-1:].isalnum() else ""
    return re.compile(left + re.escape(alt) + right)


def alternatives(fact: str) -> list[str]:
    """The accepted wordings of a key fact (``"Brazil | Brasil"``)."""
    return [a.strip() for a in fact.split(" | ") if a.strip()]


Renderings = Mapping[str, Sequence[str]]
"""Extra accepted wordings of a key fact's alternative: its rendering into the asker's language."""

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*|%")


def numbers(text: str) -> list[str]:
    """The numbers (digits with their separators) and percent signs of ``text``, in order."""
    return _NUMBER.findall(text)


def rendering_keeps_numbers(original: str, rendering: str) -> bool:
    """Whether a machine rendering keeps every number and percent sign of the original."""
    return numbers(original) == numbers(rendering)


def render_alternatives(
    facts: Iterable[str], render: Callable[[str], str | None]
) -> dict[str, list[str]]:
    """For each alternative of ``facts``, its rendering by ``render`` (another language), when
    there is one that differs from it once folded, is not merely its first words (a translator
    that lost the rest) and keeps its numbers and percent signs."""
    out: dict[str, list[str]] = {}
    for fact in facts:
        for alt in alternatives(fact):
            if alt in out:
                continue
            got = render(alt)
            folded = match_text(got) if got else ""
            keep = (
                folded
                and folded != match_text(alt)
                and not match_text(alt).startswith(folded + " ")  # words lost, none rendered
                and rendering_keeps_numbers(alt, got)  # type: ignore[arg-type]
            )
            out[alt] = [got] if keep else []  # type: ignore[list-item]
    return out


def fact_present(fact: str, text: str, renderings: Renderings | None = None) -> bool:
    """Whether one of the fact's alternatives, or one of their ``renderings``, occurs in
    ``text`` (folded, on word boundaries)."""
    target = match_text(text)
    for alt in alternatives(fact):
        for wording in (alt, *((renderings or {}).get(alt, ()))):
            if _fact_pattern(wording).search(target):
                return True
    return False


def missing_facts(
    key_facts: Sequence[str], text: str, renderings: Renderings | None = None
) -> list[str]:
    """The key facts ``text`` lacks."""
    return [f for f in key_facts if not fact_present(f, text, renderings)]


def answer_correct(
    key_facts: Sequence[str], text: str, renderings: Renderings | None = None
) -> bool:
    """Answer accuracy of one answer: all key facts present."""
    return not missing_facts(key_facts, text, renderings)


def first_line(text: str) -> str:
    """The answer's lead: its first non-empty line, stripped."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


_MARKER = re.compile(r"\[\d+(?:\s*[,;–-]\s*\d+)*\]")


def body_text(answer: str) -> str:
    """The answer body as read: the answer text with its ``[n]`` citation markers left out
    (the citations themselves are not part of ``Answer.answer``)."""
    return _MARKER.sub(" ", answer)


def body_words(answer: str) -> int:
    """Words of the answer body: whitespace-separated tokens holding a letter or a digit
    (``[n]`` markers, bullets and table pipes are not words)."""
    return sum(any(ch.isalnum() for ch in tok) for tok in body_text(answer).split())


def _detect(text: str) -> str:
    from ssassist.query.detect import detect_language

    return detect_language(text)[0]


def body_language(answer: str, detect: Callable[[str], str] = _detect) -> str | None:
    """The language of the answer body ("es" | "en") by the project's detector
    (:func:`ssassist.query.detect.detect_language`) on the whole body text, markup and
    ``[n]`` markers left out; None for an empty body."""
    text = normalize(body_text(answer))
    return detect(text) if text else None


def paragraphs_in_other_language(
    answer: str, lang: str, min_words: int = 8, detect: Callable[[str], str] = _detect
) -> int:
    """How many paragraphs (lines) of the body with ``min_words`` words or more are detected in
    a language other than ``lang``: a body mostly in the asker's language can still carry a
    quote in the other one."""
    count = 0
    for line in body_text(answer).splitlines():
        text = normalize(line)
        if body_words(text) >= min_words and detect(text) != lang:
            count += 1
    return count


def first_rank(retrieved_ids: Sequence[str], gold_ids: set[str]) -> int | None:
    """1-based rank of the first retrieved chunk that holds the gold passage, or None."""
    return next((i for i, cid in enumerate(retrieved_ids, 1) if cid in gold_ids), None)


def recall_at(ranks: Sequence[int | None], k: int) -> float | None:
    """Share of questions whose gold passage is among the first ``k`` retrieved."""
    return sum(r is not None and r <= k for r in ranks) / len(ranks) if ranks else None


def mrr(ranks: Sequence[int | None]) -> float | None:
    """Mean reciprocal rank (0 for a question whose passage was not retrieved)."""
    return sum(1.0 / r if r else 0.0 for r in ranks) / len(ranks) if ranks else None


def citation_supports(
    citation: Any, key_facts: Sequence[str], passage: str, gold_ids: set[str]
) -> bool:
    """A citation supports the answer when its quote holds a key fact, or the passage
    it comes from holds the gold passage (by chunk id, or by text for matrix sources)."""
    if any(fact_present(f, citation.text) for f in key_facts):
        return True
    if citation.chunk_id and citation.chunk_id in gold_ids:
        return True
    return bool(citation.passage) and contains_passage(citation.passage, passage)


def citation_precision(
    citations: Sequence[Any], key_facts: Sequence[str], passage: str, gold_ids: set[str]
) -> float | None:
    """Share of an answer's citations that support it (None for an answer without citations)."""
    if not citations:
        return None
    good = sum(citation_supports(c, key_facts, passage, gold_ids) for c in citations)
    return good / len(citations)


def deciding_instruments(result: Any) -> set[str]:
    """Ids of the instruments a coverage verdict rests on: those that cover the benefit
    (True); every binding instrument (False); those that leave it open (None)."""
    if result.covered is True:
        return set(result.covered_by)
    if result.covered is False:
        return {i.id for i in result.instruments}
    return {
        i.id for i in result.instruments if result.statuses.get(i.id) in ("unknown", "framework")
    }


def coverage_verdict(route: str, result: Any, item: Any) -> dict[str, Any]:
    """How an answer to a coverage item compares with the gold: each check and ``exact``.

    ``exact``: the route is "coverage", the countries are the pair asked, the
    benefit read from the question is the one asked, the verdict is the expected
    one and every expected instrument is among the deciding ones.
    ``instruments_equal`` is the stricter set equality.
    """
    if route != "coverage" or result is None:
        return {
            "exact": False,
            "route_ok": False,
            "pair_ok": False,
            "benefit_ok": False,
            "benefit": None,
            "covered": None,
            "verdict_ok": False,
            "instruments": [],
            "instruments_ok": False,
            "instruments_equal": False,
        }
    pair_ok = {result.country_a.code, result.country_b.code} == set(item.countries)
    benefit = str(result.benefit) if result.benefit is not None else None
    expected_benefit = str(item.benefit) if item.benefit is not None else None
    got = deciding_instruments(result)
    expected = set(item.expected_instruments)
    verdict_ok = result.covered == item.expected_covered
    instruments_ok = expected <= got
    return {
        "exact": pair_ok and benefit == expected_benefit and verdict_ok and instruments_ok,
        "route_ok": True,
        "pair_ok": pair_ok,
        "benefit_ok": benefit == expected_benefit,
        "benefit": benefit,
        "covered": result.covered,
        "verdict_ok": verdict_ok,
        "instruments": sorted(got),
        "instruments_ok": instruments_ok,
        "instruments_equal": got == expected,
    }


def names_instruments(text: str, names: Iterable[Sequence[str]]) -> bool:
    """Whether ``text`` names every instrument (each given by its names and aliases)."""
    return all(any(fact_present(n, text) for n in alts if n) for alts in names)


def refusal_scores(
    expected: Sequence[bool], refused: Sequence[bool]
) -> tuple[float | None, float | None]:
    """(precision, recall) of refusing, refusal being the positive class; None when undefined."""
    tp = sum(e and r for e, r in zip(expected, refused, strict=True))
    predicted = sum(refused)
    actual = sum(expected)
    return (tp / predicted if predicted else None, tp / actual if actual else None)


def refusal_subset_scores(
    subsets: Sequence[str | None], refused: Sequence[bool], subset: str
) -> tuple[float | None, float | None]:
    """(precision, recall) of refusing over the refusal items of one ``subset`` and every
    answerable item (``None`` in ``subsets``); the refusal items of other subsets are left out."""
    keep = [(s, r) for s, r in zip(subsets, refused, strict=True) if s is None or s == subset]
    return refusal_scores([s is not None for s, _ in keep], [r for _, r in keep])


def median(values: Sequence[float]) -> float | None:
    """The median, None for no values."""
    return percentile(values, 50)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) by linear interpolation, None for no values."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)
