"""Helpdesk drafts: greeting, answer, numbered sources with full titles and quotes; file name."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from ssassist.answering.helpdesk import DRAFT, compose_draft, draft_filename, full_title
from ssassist.models import Answer


@pytest.mark.parametrize("lang", ["es", "en"])
def test_draft_of_a_coverage_answer_has_greeting_answer_and_full_sources(matrix_assistant, lang):
    answer = matrix_assistant.coverage_answer("Perú", "Argentina", "old_age", lang=lang)
    docs = matrix_assistant.documents
    draft = compose_draft(answer, docs)
    text = draft.text
    words = DRAFT[lang]

    assert draft.language == lang
    assert text.startswith(words["greeting"])
    assert answer.answer.strip() in text
    assert (
        text.index(words["greeting"])
        < text.index(answer.answer.strip())
        < text.index(f"{words['sources']}:")
    )
    assert answer.citations
    for c in answer.citations:
        meta = docs[c.doc_id]
        line = f"[{c.n}] {full_title(c, meta, lang)}"
        assert line in text
        assert meta.title in line and meta.publisher in line and str(meta.year) in line
        assert (
            meta.series and meta.series in line
        )  # the CISS Technical Note has a series and an author
        assert f"{words['section']}: {c.section}" in text
        assert " ".join(c.text.split()) in text
    assert text.rstrip().endswith(words["signature"])


def test_sources_are_numbered_in_order_and_quotes_follow_their_title(matrix_assistant):
    answer = matrix_assistant.coverage_answer("Mexico", "United States", lang="en")
    text = compose_draft(answer, matrix_assistant.documents).text
    numbers = [int(n) for n in re.findall(r"^\[(\d+)\] ", text, flags=re.M)]
    assert numbers == list(range(1, len(answer.citations) + 1))
    sources = text[text.index(f"{DRAFT['en']['sources']}:") :]
    for c, nxt in zip(answer.citations, [*answer.citations[1:], None], strict=False):
        quote = sources.index(f"“{' '.join(c.text.split())}”")
        assert sources.index(f"[{c.n}] ") < quote
        if nxt is not None:
            assert quote < sources.index(f"[{nxt.n}] ")


def test_draft_without_citations_says_so():
    answer = Answer(
        question="Hello?",
        answer="The documents do not answer this.",
        language="en",
        route="refusal",
    )
    text = compose_draft(answer, {}).text
    assert DRAFT["en"]["no_sources"] in text
    assert "Hello?" in text and "The documents do not answer this." in text


def test_signature_replaces_the_placeholder():
    answer = Answer(question="¿Hola?", answer="No consta.", language="es", route="refusal")
    text = compose_draft(answer, {}, signature="Ana Pérez — OISS").text
    assert text.rstrip().endswith("Ana Pérez — OISS")
    assert DRAFT["es"]["signature"] not in text


def test_file_name_is_ascii_dated_and_in_the_answer_language():
    answer = Answer(
        question="¿Pensión de vejez en España y Perú? <script>alert(1)</script>",
        answer="…",
        language="es",
        route="rag",
    )
    name = draft_filename(answer, datetime(2025, 3, 4, 9, 30))
    assert name.startswith("respuesta-20250304-0930-pension-de-vejez-en-espana-y-peru")
    assert name.endswith(".txt")
    assert re.fullmatch(r"[a-z0-9\-]+\.txt", name)
    english = answer.model_copy(update={"language": "en", "question": "???"})
    assert (
        draft_filename(english, datetime(2025, 3, 4, 9, 30)) == "reply-20250304-0930-ssassist.txt"
    )
