"""The whole answer pipeline in the fast tier: the fake embedding over the stub corpus and matrix.

Ingest, hybrid retrieval, routing, the exact check, cited extractive answers and
refusals run as in production; only the sentence model is replaced by the
hashing embedding of tests/fakes.py (passed through ``Assistant(embed_model=)``),
so the pipeline is checked end to end in seconds. What the real model retrieves
on the real corpus is checked by the slow tests (test_assistant.py, retrieval/).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ssassist.assistant import Assistant
from ssassist.config import EmbeddingSettings
from ssassist.errors import EmptyQuestionError, IndexMismatchError, IndexMissingError
from ssassist.evaluation.gold import normalize
from ssassist.ingest.embeddings import model_id
from ssassist.ingest.index import ChunkIndex
from ssassist.ingest.matrix_chunks import MATRIX_DOC_ID
from ssassist.templates import REFUSAL
from tests.fakes import FAKE_MODEL_DIR, fake_assistant_over, fake_settings

BRAZIL_EN = "Does Brazil pay pensions abroad?"
BRAZIL_ANSWER = "Brazil also pays pensions abroad"
FUNDS_ES = "¿Qué protegen los fondos de bienestar de los trabajadores migrantes?"
FUNDS_ANSWER = "Los fondos de bienestar protegen a los trabajadores migrantes."
OUT_OF_SCOPE = [
    ("What's the capital of France?", "en"),
    ("¿Cómo preparo arroz con pollo?", "es"),
]


def markers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\[(\d+)\]", text)}


def document_text(asst: Assistant, doc_id: str) -> str:
    meta = asst.documents[doc_id]
    return normalize((asst.settings.corpus_path / meta.file).read_text(encoding="utf-8"))


def matrix_quotes(asst: Assistant) -> set[str]:
    """The quotes the matrix records are transcribed from (the stub's cite no stub document)."""
    m = asst.matrix
    return {i.source.quote for i in m.instruments} | {a.source.quote for a in m.absences}


def assert_cited_verbatim(asst: Assistant, answer) -> None:  # type: ignore[no-untyped-def]
    """Every [n] has a citation, every citation is used, every quote is in its passage and
    its document (a matrix fact: the quote the matrix records)."""
    assert answer.citations, answer.answer
    numbers = [c.n for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    assert markers(answer.answer) == set(numbers)
    for c in answer.citations:
        if c.doc_id not in asst.documents:
            assert c.text in matrix_quotes(asst), (c.n, c.doc_id, c.text)
            continue
        assert c.title == asst.documents[c.doc_id].title
        for line in filter(str.strip, c.text.split("\n")):
            assert normalize(line) in normalize(c.passage), (c.n, line)
            assert normalize(line) in document_text(asst, c.doc_id), (c.n, line)


# -- ingest ------------------------------------------------------------------------------------


def test_ingest_indexes_the_documents_and_the_matrix_and_is_idempotent(
    tmp_path: Path, fake_embed_model, stub_matrix
):
    asst = fake_assistant_over(tmp_path / "index", fake_embed_model, stub_matrix)
    first = asst.ingest(progress=lambda _m: None)
    assert sorted(first.added) == sorted(["stub_en", "stub_es", MATRIX_DOC_ID])
    chunks = asst.chunks_by_doc()
    assert first.chunks == sum(len(cs) for cs in chunks.values())

    again = fake_assistant_over(tmp_path / "index", fake_embed_model, stub_matrix)
    second = again.ingest(progress=lambda _m: None)
    assert sorted(second.unchanged) == sorted(first.added)
    assert second.added == second.updated == second.removed == []


def test_the_fake_models_index_names_the_fake_model_and_refuses_the_real_one(fake_index: Path):
    settings = fake_settings(fake_index)
    fake_id = model_id(settings.embedding)
    assert fake_id == str(FAKE_MODEL_DIR.resolve())
    assert ChunkIndex(settings, fake_id).open().metadata["embed_model"] == fake_id

    real_id = model_id(EmbeddingSettings())  # the packaged model's id, without loading it
    with pytest.raises(IndexMismatchError, match="ssassist ingest --rebuild"):
        ChunkIndex(settings, real_id).open()


def test_a_missing_index_is_reported_before_the_model_is_loaded(tmp_path: Path):
    asst = Assistant(fake_settings(tmp_path / "none"), translator=None)
    with pytest.raises(IndexMissingError, match="ssassist ingest"):
        asst.ask(BRAZIL_EN)
    assert not asst.parts.loaded("embed_model")


# -- retrieval ---------------------------------------------------------------------------------


def test_retrieval_finds_the_passage_that_answers(fake_assistant):
    hits = fake_assistant.retrieve(BRAZIL_EN, top_k=3)
    assert BRAZIL_ANSWER in hits[0].chunk.text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].dense > 0.3 and hits[0].bm25 > 0
    assert set(hits[0].ranks) >= {"dense_en", "bm25"}


def test_a_spanish_question_finds_the_spanish_passage(fake_assistant):
    hits = fake_assistant.retrieve(FUNDS_ES, top_k=3)
    assert hits[0].chunk.doc_id == "stub_es"
    assert FUNDS_ANSWER in hits[0].chunk.text


def test_hits_carry_what_a_citation_needs(fake_assistant):
    docs = fake_assistant.documents
    for hit in fake_assistant.retrieve("pensions abroad for migrants", top_k=5):
        chunk = hit.chunk
        assert chunk.text.strip() and chunk.language in ("es", "en")
        if chunk.kind == "matrix":  # a matrix fact cites the passage it was transcribed from
            assert chunk.source_doc and chunk.source_locator and chunk.source_quote
        else:
            assert chunk.title == docs[chunk.doc_id].title
            assert chunk.language == docs[chunk.doc_id].language


# -- answers -----------------------------------------------------------------------------------


def test_a_question_the_documents_answer_gets_a_cited_quote(fake_assistant):
    answer = fake_assistant.ask(BRAZIL_EN)
    assert (answer.route, answer.language, answer.coverage) == ("rag", "en", None)
    assert BRAZIL_ANSWER in answer.answer
    assert answer.support >= fake_assistant.settings.answer.min_support
    assert_cited_verbatim(fake_assistant, answer)
    assert answer.retrieved and answer.retrieved[0].text


def test_a_spanish_question_is_answered_in_spanish_from_the_spanish_document(fake_assistant):
    answer = fake_assistant.ask(FUNDS_ES)
    assert (answer.route, answer.language) == ("rag", "es")
    # the first line says the source's sentence after "Según <the document>,"
    first = answer.answer.split("\n")[0]
    assert first.startswith("Según ") and FUNDS_ANSWER[1:].rstrip(".") in first
    assert answer.citations[0].text == FUNDS_ANSWER  # the citation keeps it verbatim
    assert_cited_verbatim(fake_assistant, answer)
    assert answer.citations[0].doc_id == "stub_es"


@pytest.mark.parametrize(("question", "lang"), OUT_OF_SCOPE)
def test_a_question_the_documents_do_not_answer_is_refused(fake_assistant, question, lang):
    answer = fake_assistant.ask(question)
    assert (answer.route, answer.language, answer.citations) == ("refusal", lang, [])
    assert answer.support < fake_assistant.settings.answer.min_support
    assert answer.answer.startswith(REFUSAL[lang].split("{titles}")[0])
    assert all(meta.title in answer.answer for meta in fake_assistant.documents.values())


def test_a_coverage_question_gets_the_exact_check_with_its_sources(fake_assistant):
    answer = fake_assistant.ask("Is there a social security agreement between Argentina and Peru?")
    assert answer.route == "coverage" and answer.language == "en"
    assert answer.coverage == fake_assistant.check("AR", "PE")
    assert [i.id for i in answer.coverage.instruments] == ["stub-count"]
    assert answer.citations and answer.retrieved == []
    assert "With four: Argentina-Peru." in [c.text for c in answer.citations]
    assert_cited_verbatim(fake_assistant, answer)


def test_an_explicit_absence_is_a_no_in_either_language(fake_assistant):
    for question, lang in [
        ("Is there a social security agreement between Mexico and the United States?", "en"),
        ("¿Hay convenio de seguridad social entre México y Estados Unidos?", "es"),
    ]:
        answer = fake_assistant.ask(question)
        assert (answer.route, answer.language) == ("coverage", lang)
        assert answer.coverage.covered is False and answer.coverage.reason == "explicit_absence"
        first = answer.answer.splitlines()[0]
        # the headline states the absence first (then any measure that gives access)
        assert first.startswith(("There is no", "No existe", "No hay")), first


def test_a_benefit_only_follow_up_is_checked_for_the_same_two_countries(fake_assistant):
    first = "¿Hay convenio entre Argentina y Brasil para la vejez?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": "…"}]
    answer = fake_assistant.ask("¿y para invalidez?", history=history)
    assert answer.route == "coverage"
    result = answer.coverage
    assert (result.country_a.code, result.country_b.code, result.benefit) == (
        "AR",
        "BR",
        "invalidity",
    )


def test_the_answer_records_its_stages_and_serialises_to_json(fake_assistant):
    answer = fake_assistant.ask(BRAZIL_EN)
    assert {"analyze", "retrieve", "answer", "total"} <= set(answer.timings)
    data = json.loads(json.dumps(answer.model_dump(mode="json")))
    assert {"answer", "language", "route", "citations", "coverage"} <= set(data)
    for c in data["citations"]:
        assert {"n", "doc_id", "title", "section", "text"} <= set(c)


def test_ask_stream_ends_with_the_answer_of_ask(fake_assistant):
    streamed = list(fake_assistant.ask_stream(FUNDS_ES))
    assert len(streamed) == 1  # no LLM: the extractive answer, once
    assert streamed[-1].answer == fake_assistant.ask(FUNDS_ES).answer


@pytest.mark.parametrize("question", ["", "   ", "\n\t  \r\n", "\x00\x07 \x1b"])
def test_an_empty_question_is_a_clear_value_error(fake_assistant, question):
    with pytest.raises(EmptyQuestionError) as err:
        fake_assistant.ask(question)
    assert isinstance(err.value, ValueError)
    assert "empty" in str(err.value) and "vacía" in str(err.value)


def test_the_package_exports_the_assistant():
    import ssassist

    assert ssassist.Assistant is Assistant
