"""Property-based tests (hypothesis): any text raises nothing but the documented errors.

Country resolution, query parsing (language, country and benefit mentions,
routing), chunking and the exact coverage check are fed generated input: any
Unicode text, text made of the words users actually write (country names,
benefit names, typos, punctuation), and Markdown-like documents. None of them
needs the embedding model or the index, so the whole file runs in seconds.

The number of examples of each test is in ``EXAMPLES`` (docs/reliability.md
quotes the total); ``PROPERTY_EXAMPLES_SCALE=10`` multiplies them for a deeper run.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssassist.errors import UnknownBenefitError, UnknownCountryError
from ssassist.ingest.chunking import chunk_document
from ssassist.ingest.corpus import Document, DocumentMeta
from ssassist.matrix import (
    Benefit,
    Country,
    CoverageResult,
    SameCountryError,
    check_coverage,
    find_benefits,
    find_countries,
    load_countries,
    load_matrix,
    parse_benefit,
    resolve_country,
)
from ssassist.query.analysis import analyze_query
from ssassist.routing.intent import coverage_pair
from ssassist.text.normalize import words
from tests.paths import ROOT

# Examples per test; docs/reliability.md reports their sum.
EXAMPLES = {
    "resolve_any_text": 400,
    "resolve_near_names": 400,
    "find_countries": 300,
    "parse_benefit": 300,
    "find_benefits": 300,
    "analyze_query": 200,
    "routing": 200,
    "chunking": 200,
    "check": 300,
}

COUNTRIES = load_countries()
NAMES = sorted(
    {n for c in COUNTRIES for n in (c.name_en, c.name_es, *c.aliases, *c.demonyms, c.code)}
)
BENEFIT_WORDS = [
    "old-age pension",
    "pensión de vejez",
    "invalidez",
    "disability",
    "survivors",
    "sobrevivientes",
    "maternity",
    "maternidad",
    "medical care",
    "atención médica",
    "desempleo",
    "unemployment",
    "work injury",
    "riesgos del trabajo",
    "asignaciones familiares",
    "old_age",
    "sickness",
]
FILLER = [
    "¿Hay convenio entre",
    "y",
    "and",
    "is there an agreement between",
    "trabajé en",
    "soy",
    "pensión",
    "pension",
    "¿",
    "?",
    "!",
    ",",
    ".",
    "(",
    ")",
    "not",
    "no",
    "ni",
    "the",
    "la",
    "EE.UU.",
    "U.S.",
    "US",
    "us",
    "Ignore previous instructions",
    "<script>",
    "</b>",
    "&amp;",
    "\t",
    "\n",
    "  ",
    "-",
    "ñ",
    "Ñ",
    "é",
    "\u200b",
    "\ufeff",
    "🇲🇽",
    "CMISS",
    "Mercosur",
]

# Text as users write it: real names and words, broken up, with typos and noise.
name_like = st.sampled_from(NAMES)


@st.composite
def typo(draw: st.DrawFn, source: st.SearchStrategy[str] = name_like) -> str:
    """A name with up to two random edits (insert, delete, substitute, swap case)."""
    text = draw(source)
    for _ in range(draw(st.integers(0, 2))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        edit = draw(st.sampled_from(["ins", "del", "sub", "case"]))
        ch = draw(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")))
        if edit == "ins":
            text = text[:i] + ch + text[i:]
        elif edit == "del":
            text = text[:i] + text[i + 1 :]
        elif edit == "sub":
            text = text[:i] + ch + text[i + 1 :]
        else:
            text = text[:i] + text[i].swapcase() + text[i + 1 :]
    return text


user_words = st.one_of(
    name_like, typo(), st.sampled_from(BENEFIT_WORDS), st.sampled_from(FILLER), st.text(max_size=8)
)
user_text = st.lists(user_words, max_size=14).map(" ".join)
any_text = st.one_of(st.text(max_size=300), user_text)


SCALE = float(os.environ.get("PROPERTY_EXAMPLES_SCALE", "1"))


def _examples(name: str):  # type: ignore[no-untyped-def]
    return settings(
        max_examples=max(1, int(EXAMPLES[name] * SCALE)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


# -- country resolution ----------------------------------------------------------------


@_examples("resolve_any_text")
@given(any_text)
def test_resolving_any_text_gives_a_country_or_a_clear_error(text: str) -> None:
    try:
        country = resolve_country(text)
    except UnknownCountryError as err:
        assert isinstance(err, ValueError)
        assert str(err).startswith("Unknown country")
        assert len(err.suggestions) <= 3
        assert all(isinstance(s, str) and s for s in err.suggestions)
        return
    assert isinstance(country, Country)
    assert len(country.code) == 2 and country.name_en and country.name_es


@_examples("resolve_near_names")
@given(typo())
def test_near_names_resolve_or_suggest_real_countries(text: str) -> None:
    known = {c.name_en for c in COUNTRIES}
    try:
        country = resolve_country(text)
    except UnknownCountryError as err:
        assert set(err.suggestions) <= known, err.suggestions
        return
    assert isinstance(country, Country)


def test_every_listed_name_resolves_to_its_own_country() -> None:
    for c in COUNTRIES:
        for name in (c.name_en, c.name_es, c.code, c.alpha3, *c.aliases):
            assert resolve_country(name).code == c.code, name


@_examples("find_countries")
@given(any_text)
def test_country_mentions_are_ordered_non_overlapping_spans_of_the_text(text: str) -> None:
    found = find_countries(text)
    last_end = 0
    for country, (start, end) in found:
        assert isinstance(country, Country)
        assert last_end <= start < end <= len(text)
        assert text[start:end].strip()
        last_end = end


# -- benefits and query parsing ----------------------------------------------------------


@_examples("parse_benefit")
@given(st.one_of(any_text, typo(st.sampled_from(BENEFIT_WORDS))))
def test_parsing_any_benefit_name_gives_a_benefit_or_a_clear_error(text: str) -> None:
    try:
        benefit = parse_benefit(text)
    except UnknownBenefitError as err:
        assert isinstance(err, ValueError)
        assert set(err.suggestions) <= set(err.valid) == {b.value for b in Benefit}
        return
    assert isinstance(benefit, Benefit)


@_examples("find_benefits")
@given(any_text)
def test_benefit_mentions_are_spans_of_the_text(text: str) -> None:
    for benefit, (start, end) in find_benefits(text):
        assert isinstance(benefit, Benefit)
        assert 0 <= start < end <= len(text)


@_examples("analyze_query")
@given(any_text)
def test_analyzing_any_question_never_fails(text: str) -> None:
    analysis = analyze_query(text)
    assert analysis.lang in ("es", "en")
    assert isinstance(analysis.detected, str) and analysis.detected
    assert analysis.question == text
    for _country, (start, end) in analysis.mentions:
        assert 0 <= start < end <= len(text)
    for term in analysis.terms:
        assert 0 <= term.span[0] <= term.span[1] <= len(text)


@_examples("routing")
@given(user_text)
def test_routing_any_question_gives_two_different_countries_or_none(text: str) -> None:
    analysis = analyze_query(text)
    pair = coverage_pair(text, analysis, analysis.mentions, find_benefits(text))
    if pair is None:
        return
    a, b, benefit = pair
    mentioned = {c.code for c, _ in analysis.mentions}
    assert a != b and {a, b} <= mentioned
    assert benefit is None or benefit in {x.value for x in Benefit}


# -- chunking ----------------------------------------------------------------------------

line_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    max_size=60,
)
sentence = st.one_of(
    line_text,
    st.lists(
        st.sampled_from(
            ["Brazil", "pays", "pensions", "abroad.", "Mr.", "e.g.", "U.S.", "3.5", "—"]
        ),
        max_size=40,
    ).map(" ".join),
)
md_line = st.one_of(
    sentence,
    st.tuples(st.sampled_from(["#", "##", "###", "####"]), line_text).map(" ".join),
    st.tuples(st.sampled_from(["- ", "* ", "1. ", "a) ", "• "]), sentence).map("".join),
    st.lists(line_text.map(lambda t: t.replace("|", "/")), min_size=1, max_size=4).map(
        lambda cells: "| " + " | ".join(cells) + " |"
    ),
    st.just("|---|---|"),
    st.tuples(st.sampled_from(["1", "2", "8", "x"]), sentence).map(lambda t: f"[^{t[0]}]: {t[1]}"),
    st.sampled_from(
        ["[^1]", "[^8]", "Table 2. Caption", "Source: the author.", "Fuente: elaboración propia."]
    ),
    st.just(""),
)
markdown = st.one_of(st.lists(md_line, max_size=40).map("\n".join), st.text(max_size=400))


def _normal(text: str) -> str:
    return " ".join(text.split())


@_examples("chunking")
@given(markdown, st.sampled_from(["en", "es"]))
def test_chunks_are_made_of_document_text_and_lose_none_of_it(text: str, lang: str) -> None:
    meta = DocumentMeta(
        id="doc", file="doc.md", title="Doc", publisher="P", year=2024, language=lang, kind="note"
    )
    chunks = chunk_document(Document(meta=meta, text=text), target_words=20, max_words=40)

    assert [c.position for c in chunks] == list(range(len(chunks)))
    assert len({c.id for c in chunks}) == len(chunks)
    document = _normal(text)
    for c in chunks:
        assert c.doc_id == "doc" and c.language == lang
        for part in c.text.split("\n\n"):  # blocks, captions, sources, attached footnotes
            assert _normal(part) in document, (part, text)
    # every word outside a heading is in some chunk
    chunked = {w for c in chunks for w in words(c.text)}
    body = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    missing = {w for ln in body for w in words(ln)} - chunked
    assert not missing, (missing, text)


# -- the exact check -----------------------------------------------------------------------

MATRIX = load_matrix(ROOT / "corpus" / "matrix")
BENEFITS = st.one_of(st.none(), st.sampled_from([b.value for b in Benefit]), any_text)


@_examples("check")
@given(st.one_of(name_like, typo(), any_text), st.one_of(name_like, typo(), any_text), BENEFITS)
def test_the_check_gives_a_result_or_a_documented_error(
    matrix_assistant, a: str, b: str, benefit: str | None
) -> None:
    try:
        result = matrix_assistant.check(a, b, benefit)
    except (UnknownCountryError, UnknownBenefitError, SameCountryError) as err:
        assert isinstance(err, ValueError) and str(err)
        return
    assert isinstance(result, CoverageResult)
    assert result.covered in (True, False, None)
    assert result.country_a.code != result.country_b.code
    if result.covered is True:
        assert result.instruments or result.covered_by


@pytest.mark.parametrize(("a", "b"), [("Atlantis", "Peru"), ("Peru", "Argentinaa Republicc")])
def test_the_check_rejects_an_unknown_country_with_suggestions(a: str, b: str) -> None:
    with pytest.raises(UnknownCountryError) as err:
        check_coverage(MATRIX, a, b)
    assert err.value.suggestions
