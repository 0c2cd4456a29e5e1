"""Assistant.ask over the real corpus and model: cited answers in the user's language, refusals,
odd input (the same pipeline over the stub corpus with the fake model: test_pipeline.py)."""

from __future__ import annotations

import json
import re

import pytest

from ssassist.evaluation.gold import normalize
from ssassist.templates import REFUSAL

pytestmark = pytest.mark.slow

_FOOTNOTE_MARK = re.compile(r"\[\^\w+\]:?")

SPANISH_QUESTION = "¿Qué países pagan pensiones a migrantes en el extranjero?"
ENGLISH_QUESTION = "Which country has the best voluntary insurance for its citizens living abroad?"


def norm(text: str) -> str:
    """Text as quotes are compared: whitespace collapsed, footnote markers and Markdown markup
    (table pipes, list dashes, headings, bold) dropped, as the gold set's passages are."""
    return normalize(_FOOTNOTE_MARK.sub("", text))


def corpus_text(asst, doc_id: str) -> str:  # type: ignore[no-untyped-def]
    meta = asst.documents[doc_id]
    return (asst.settings.corpus_path / meta.file).read_text(encoding="utf-8")


def markers(answer_text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\[(\d+)\]", answer_text)}


def quote_lines(citation) -> list[str]:  # type: ignore[no-untyped-def]
    """A quote is one or more units; a table unit is caption, header and row on separate lines."""
    return [line for line in citation.text.split("\n") if line.strip()]


def assert_cited_faithfully(asst, answer) -> None:  # type: ignore[no-untyped-def]
    """Every [n] has a citation, every citation is used, every quote is verbatim in its document."""
    assert answer.citations, answer.answer
    numbers = [c.n for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    assert markers(answer.answer) == set(numbers)
    for c in answer.citations:
        assert c.doc_id in asst.documents, c.doc_id
        assert c.title == asst.documents[c.doc_id].title
        document = norm(corpus_text(asst, c.doc_id))
        for line in quote_lines(c):
            assert norm(line) in document, (c.n, c.doc_id, line)


def assert_passages_are_document_text(asst, answer) -> None:  # type: ignore[no-untyped-def]
    """The context shown with a quote is text of the cited document that contains the quote."""
    for c in answer.citations:
        passage = norm(c.passage)
        for line in quote_lines(c):
            assert norm(line) in passage, (c.n, c.chunk_id, line, c.passage)
        document = norm(corpus_text(asst, c.doc_id))
        for line in c.passage.split("\n"):
            assert norm(line) in document, (c.n, c.chunk_id, c.doc_id, line)


@pytest.mark.parametrize(
    ("question", "lang"), [(SPANISH_QUESTION, "es"), (ENGLISH_QUESTION, "en")], ids=["es", "en"]
)
def test_answers_in_the_language_of_the_question_with_verbatim_citations(assistant, question, lang):
    a = assistant.ask(question)
    assert a.language == lang
    assert a.route == "rag"
    assert a.coverage is None
    assert_cited_faithfully(assistant, a)


@pytest.mark.parametrize("question", [SPANISH_QUESTION, ENGLISH_QUESTION], ids=["es", "en"])
def test_each_citation_shows_the_document_passage_around_its_quote(assistant, question):
    assert_passages_are_document_text(assistant, assistant.ask(question))


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("¿Cómo preparo arroz con pollo?", "es"),
        ("What's the capital of France?", "en"),
        ("Who won the 2022 football World Cup?", "en"),
        ("¿Cuál es la capital de Francia?", "es"),
        ("¿Quién ganó el mundial de fútbol de 2022?", "es"),
    ],
)
def test_out_of_scope_questions_are_refused_in_the_users_language(assistant, question, lang):
    a = assistant.ask(question)
    assert a.route == "refusal"
    assert a.language == lang
    assert a.citations == []
    assert a.answer.startswith(REFUSAL[lang].split("{titles}")[0])
    # and it says what it can answer from
    assert all(meta.short(lang) in a.answer for meta in assistant.documents.values())


def test_a_very_long_question_is_truncated_with_a_notice(assistant):
    limit = assistant.settings.answer.max_question_chars
    question = (SPANISH_QUESTION + " ") * 2_000
    assert len(question) > 100_000

    a = assistant.ask(question)

    assert a.route in ("rag", "refusal")
    assert a.language == "es"
    assert len(a.question) <= limit
    assert any(str(limit) in notice for notice in a.notices), a.notices


def test_control_characters_are_stripped(assistant):
    a = assistant.ask("¿Qué\x00 países\x07 pagan pensiones\x1b a migrantes en el extranjero?\x7f")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", a.question)
    assert a.route == "rag"
    assert a.language == "es"


def test_html_in_a_question_is_just_text(assistant):
    a = assistant.ask(
        "<b>Which country</b> has the best <script>alert('x')</script> voluntary insurance "
        "for its citizens living abroad?"
    )
    assert a.language == "en"
    assert a.route in ("rag", "refusal")
    assert "<script>" not in a.answer


def test_the_answer_serialises_to_the_documented_json(assistant):
    a = assistant.ask(ENGLISH_QUESTION)
    data = json.loads(json.dumps(a.model_dump(mode="json")))
    assert {"answer", "language", "route", "citations", "coverage"} <= set(data)
    assert data["language"] == "en" and data["route"] == "rag" and data["coverage"] is None
    for c in data["citations"]:
        assert {"n", "doc_id", "title", "section", "text"} <= set(c)
        assert isinstance(c["n"], int) and isinstance(c["text"], str)


def test_a_benefit_only_follow_up_is_checked_for_the_same_two_countries(assistant):
    first = "soy peruano y trabajé en Argentina, ¿cuentan mis años para la pensión?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": "…"}]
    answer = assistant.ask("¿y para invalidez?", history=history)
    assert answer.route == "coverage"
    assert (
        answer.coverage.country_a.code,
        answer.coverage.country_b.code,
        answer.coverage.benefit,
    ) == ("PE", "AR", "invalidity")
    # a chain of follow-ups goes back to the question that named the countries
    history += [
        {"role": "user", "content": "¿y para invalidez?"},
        {"role": "assistant", "content": "…"},
    ]
    again = assistant.ask("and maternity?", history=history)
    assert again.route == "coverage" and again.coverage.benefit == "maternity"


def test_a_follow_up_after_an_unrelated_question_stands_on_its_own(assistant):
    history = [
        {"role": "user", "content": "¿Hay convenio entre Perú y Argentina?"},
        {"role": "user", "content": "¿Qué es el programa Salvadoreño Seguro?"},
    ]
    answer = assistant.ask("¿y para invalidez?", history=history)
    assert answer.route != "coverage"


def test_ask_stream_ends_with_the_same_answer_as_ask(assistant):
    question = "¿Qué países ofrecen seguro voluntario a sus emigrantes?"
    streamed = list(assistant.ask_stream(question))
    assert streamed and streamed[-1].answer == assistant.ask(question).answer
