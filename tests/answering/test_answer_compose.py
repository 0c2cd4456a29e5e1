"""Composition of extractive answers: which units are quoted, what they bring with them, how.

Unit tests give ``compose`` small stub passages with chosen scores (no model
is called); the last test runs a dev question through the real corpus.
"""

from __future__ import annotations

import re

import pytest

from ssassist.answering.cues import facts_in, load_cues
from ssassist.answering.extractive import ExtractiveAnswerer
from ssassist.answering.units import Unit, chunk_parts, units_of
from ssassist.config import AnswerSettings
from ssassist.ingest.chunking import Chunk
from ssassist.query.analysis import QueryAnalysis
from ssassist.retrieval.fusion import Hit
from ssassist.text.normalize import strip_footnote_refs

UNILATERAL = (
    "Regarding unilateral measures, 57 cases were identified on the continent. "
    "These are categorized into types such as: (a) voluntary insurance (9 cases); "
    "(b) equal treatment (38 cases). "
    "The most common mechanism is equal treatment."
)
PLAN = (
    "The plan was highlighted as a significant progress. "
    "It was jointly assumed by four countries. "
    "Its four pillars are: economic development, social well-being "
    "and environmental sustainability. "
    "The plan addresses multiple migration factors."
)
PROGRAMME = (
    "The programme came into effect in October 2018 under its current name. "
    "Under the programme, the institute provides coverage for nationals living abroad. "
    "Access to the programme has a monthly cost of US$68.04 for 2022."
)
LIST = (
    "Four input sets were mainly used, namely:\n"
    "- Voluntary reports submitted by 17 countries.\n"
    "- Stakeholder consultations held online.\n"
    "\n"
    "A closing remark on the data."
)
TABLE = (
    "Table 2. Voluntary insurance for emigrants\n"
    "| Country | Old-age | Family |\n"
    "|---|---|---|\n"
    "| Jamaica | X | X |\n"
    "| Mexico | X |  |\n"
    "| Peru |  | X |"
)


def chunk(cid: str, text: str, kind: str = "text") -> Chunk:
    return Chunk(
        id=cid,
        doc_id="doc",
        title="A document",
        section="1. Section",
        language="en",
        position=0,
        kind=kind,
        text=text,
    )  # type: ignore[arg-type]


def units(c: Chunk, scores: dict[str, float], rank: int = 0) -> list[Unit]:
    """Units of a stub passage; a unit whose text starts with a key of ``scores`` gets that score
    (others 0.1), as ``score_units`` would order them."""
    hit = Hit(chunk=c, score=1.0 / (1 + rank))
    out = []
    for text in units_of(hit):
        score = next((v for k, v in scores.items() if text.startswith(k)), 0.1)
        out.append(Unit(hit=hit, text=text, score=score, evidence=score))
    return out


def compose(question: str, us: list[Unit], **settings: object):  # type: ignore[no-untyped-def]
    """``ExtractiveAnswerer.compose`` over ``us`` (no model: composing embeds nothing)."""
    answerer = ExtractiveAnswerer(None, AnswerSettings(**settings), {})  # type: ignore[arg-type]
    analysis = QueryAnalysis(
        question=question, lang="en", detected="en", text_en=question, text_es=question
    )
    ordered = sorted(us, key=lambda u: u.score, reverse=True)
    return answerer.compose(analysis, ordered)


def quotes_of(text: str) -> list[str]:
    return re.findall(r"“(.*?)”", text, flags=re.S)


def test_units_are_unchanged_by_knowing_their_place() -> None:
    c = chunk("c", UNILATERAL)
    parts, blocks = chunk_parts(c)
    assert [p.text for p in parts] == units_of(Hit(chunk=c, score=1.0))
    assert all(blocks[p.block][p.start : p.end] == p.text for p in parts)


def test_a_sentence_that_refers_back_is_quoted_with_the_one_before() -> None:
    c = chunk("c", UNILATERAL)
    text, cites = compose(
        "What kinds of unilateral measures are there?",
        units(c, {"Regarding": 0.9}),
        max_sentences=1,
    )
    # the first line answers; the sentence that refers back to it follows, from the same source
    first, quote = text.split("\n\n")[:2]
    assert first == "Regarding unilateral measures, 57 cases were identified on the continent [1]."
    assert "38 cases" in quote and quote.endswith("[1]")
    assert cites[0].text.split("\n") == [
        "Regarding unilateral measures, 57 cases were identified on the continent.",
        "These are categorized into types such as: (a) voluntary insurance (9 cases); "
        "(b) equal treatment (38 cases).",
    ]


def test_a_chain_of_references_is_followed_up_to_the_limit() -> None:
    c = chunk("c", PLAN)
    text, _ = compose(
        "Which plan was highlighted?", units(c, {"The plan was": 0.9}), max_sentences=1
    )
    assert "environmental sustainability" in text
    assert "multiple migration factors" not in text
    short, _ = compose(
        "Which plan was highlighted?", units(c, {"The plan was": 0.9}), max_sentences=1, follow=1
    )
    assert "jointly assumed" in short and "pillars" not in short


def test_a_question_asking_for_an_amount_prefers_the_sentence_with_one() -> None:
    c = chunk("c", PROGRAMME)
    scores = {"The programme came": 0.62, "Under the programme": 0.60, "Access to": 0.55}
    text, _ = compose(
        "How much does the programme cost per month?", units(c, scores), max_sentences=2
    )
    assert "US$68.04" in text
    plain, _ = compose("Tell me about the programme", units(c, scores), max_sentences=2)
    assert "US$68.04" not in plain  # without the cue, similarity alone decides


def test_a_sentence_ending_with_a_colon_brings_its_list() -> None:
    c = chunk("c", LIST, kind="list")
    text, cites = compose(
        "Which input sets were used?", units(c, {"Four input": 0.9}), max_sentences=1
    )
    # the list the first line announces is said inline, in that line
    assert text.split("\n\n")[0] == (
        "Four input sets were mainly used, namely: Voluntary reports submitted by 17 countries; "
        "Stakeholder consultations held online [1]."
    )
    assert "closing remark" not in text
    assert cites[0].text.split("\n") == [
        "Four input sets were mainly used, namely:",
        "Voluntary reports submitted by 17 countries.",
        "Stakeholder consultations held online.",
    ]


def test_rows_of_one_table_share_its_caption_and_header() -> None:
    c = chunk("t", TABLE, kind="table")
    text, cites = compose(
        "Which benefits for Jamaica and Peru?", units(c, {"Table": 0.5}), max_sentences=3
    )
    assert text.count("Table 2.") == 1
    assert text.split("\n\n")[0] == (
        "Table 2. Voluntary insurance for emigrants: Jamaica — Old-age: X; Family: X [1]."
    )
    assert "“Peru — Family: X” [1]" in text
    # Mexico's row scores as high (its caption and header make most of its text) but the
    # question does not name it: only the rows it asks about join the first one
    assert cites[0].text.split("\n") == [
        "Table 2. Voluntary insurance for emigrants",
        "| Country | Old-age | Family |",
        "| Jamaica | X | X |",
        "| Peru |  | X |",
    ]


def test_a_unit_repeating_one_already_quoted_is_skipped() -> None:
    a = chunk("a", "The agreement was signed in Buenos Aires by both organisations.")
    b = chunk("b", "The agreement was signed in Buenos Aires by both organisations this week.")
    text, cites = compose(
        "Where was it signed?", units(a, {"The": 0.9}) + units(b, {"The": 0.8}, rank=1)
    )
    assert text.count("[") == 1 and len(cites) == 1


def test_quotes_of_two_passages_are_numbered_by_passage() -> None:
    a = chunk("a", PROGRAMME)
    b = chunk("b", PLAN)
    us = units(a, {"Access": 0.9, "The programme came": 0.6}) + units(
        b, {"The plan was": 0.8}, rank=1
    )
    text, cites = compose("Tell me about the programme and the plan", us, max_sentences=3)
    assert [c.n for c in cites] == [1, 2]
    assert [c.chunk_id for c in cites] == ["a", "b"]
    assert text.index("[1]") < text.index("[2]")
    for c in cites:
        for line in c.text.split("\n"):
            assert line in c.passage


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("How many measures are there?", {"number"}),
        ("¿Qué porcentaje era de la misma región?", {"percent"}),
        ("cuanto cuesta al mes el seguro?", {"number", "amount"}),
        ("How far ahead do we have to book?", {"time"}),
        ("Which countries have joined the CMISS?", {"countries"}),
        ("What does the programme offer?", {"definition"}),
        ("Tell me about the programme", set()),
    ],
)
def test_what_a_question_asks_for(question: str, kinds: set[str]) -> None:
    assert load_cues().asked(question) == kinds


def test_facts_a_sentence_holds() -> None:
    assert facts_in("the contribution rate was set at 9.32 per cent of wages") >= {
        "number",
        "percent",
    }
    assert "amount" in facts_in("an estimated investment of 45 billion dollars")
    assert "time" in facts_in("at least three months in advance")
    assert facts_in("una medida para los migrantes") == frozenset()
    assert "number" not in facts_in("It was created in 2017.")  # a year is a date, not a figure
    assert "countries" not in facts_in("Mexico has two options.", frozenset({"MX"}))


@pytest.mark.slow
def test_real_corpus_answer_gives_the_counts_asked_in_its_first_line(assistant) -> None:
    """A dev question asking "how many of each": the first line holds counts, quoted
    sentences and citations are verbatim text of their passages."""
    a = assistant.ask(
        "What kinds of unilateral measures did the CISS note find in the Americas, "
        "and how many of each?"
    )
    assert a.route == "rag"
    first = a.answer.split("\n")[0]
    assert first.startswith("According to the CISS technical note (2024), ")
    assert "number" in facts_in(first)
    for c in a.citations:
        passage = " ".join(strip_footnote_refs(c.passage).split())
        for line in c.text.split("\n"):
            assert " ".join(line.split()) in passage, (c.n, line)


def test_support_counts_only_passages_naming_a_country_the_question_names() -> None:
    answerer = ExtractiveAnswerer(None, AnswerSettings(), {})  # type: ignore[arg-type]
    general = units(
        chunk("g", "Unemployment benefits are rarely exported by any scheme."),
        {"Unemployment": 0.7},
    )
    argentina = units(
        chunk("a", "In Argentina, the scheme covers old-age pensions only."), {"In Argentina": 0.5}
    )
    spanish = units(
        chunk("s", "Los migrantes peruanos cotizan en su país de origen."), {"Los migrantes": 0.6}
    )
    both = general + argentina + spanish
    assert answerer.support(both) == 0.7  # no country named: the best unit of all
    assert answerer.support(both, {"AR"}) == 0.5  # only the passage naming Argentina
    assert answerer.support(both, {"PE"}) == 0.6  # a demonym in Spanish names Peru too
    assert answerer.support(general, {"AR"}) == 0.0  # nothing about Argentina: refused
