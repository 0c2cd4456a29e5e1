"""Answer types read from questions in both languages, and the first line each one gets.

Stub passages with chosen scores (no model); a Spanish question on an English passage
is answered with a stub rendering standing for the one stored at ingest.
"""

from __future__ import annotations

import pytest

from ssassist.answering.cues import facts_in, load_cues
from ssassist.answering.extractive import ExtractiveAnswerer
from ssassist.answering.lead import clause_with, lower_first, plain_row
from ssassist.answering.units import Unit, units_of
from ssassist.config import AnswerSettings
from ssassist.ingest.chunking import Chunk
from ssassist.ingest.corpus import DocumentMeta
from ssassist.query.analysis import QueryAnalysis
from ssassist.retrieval.fusion import Hit

ASKED = [
    ("How many Salvadorans enrolled?", "¿Cuántos salvadoreños se afiliaron?", "number"),
    ("What percentage are women?", "¿qué porcentaje son mujeres?", "percent"),
    ("How much does it cost per month?", "cuanto cuesta al mes?", "amount"),
    ("When did the programme start?", "¿Cuándo empezó el programa?", "time"),
    ("Which countries signed it?", "¿Qué países lo firmaron?", "countries"),
    (
        "Which institution runs the scheme?",
        "¿Qué institución administra el régimen?",
        "organisation",
    ),
    ("Who is the contact person at IOM?", "¿Quién es la persona de contacto en la OIM?", "person"),
    ("What is the ISSS phone number?", "cual es el telefono del ISSS?", "phone"),
    ("What is her e-mail?", "me pasas su correo?", "email"),
    ("What is the website to apply?", "cual es la pagina web para inscribirse?", "link"),
    ("What is the consulate's address?", "cual es la direccion del consulado?", "address"),
    ("What is the Salvadoreño Seguro?", "¿Qué es el Salvadoreño Seguro?", "definition"),
    ("Who can join the programme?", "¿Quién puede afiliarse?", "requirements"),
    ("How do I register?", "¿Cómo hago para inscribirme?", "procedure"),
    ("Why do migrants lack coverage?", "¿Por qué los migrantes no tienen cobertura?", "reason"),
]


@pytest.mark.parametrize(("en", "es", "kind"), ASKED)
def test_each_answer_type_is_read_in_both_languages(en: str, es: str, kind: str) -> None:
    cues = load_cues()
    assert kind in cues.asked(en)
    assert kind in cues.asked(es)


def test_a_name_is_not_read_as_a_phone_question() -> None:
    assert "phone" not in load_cues().asked("¿Cómo se llama el programa?")
    assert "reason" not in load_cues().asked("no tengo seguro porque trabajé en Brasil")


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Tel. + (54) 11 5219 2033", "phone"),
        ("Write to info@example.org for details", "email"),
        ("Enrolment is done at www.isss.gob.sv", "link"),
        ("The office is at Avenida Central 1234", "address"),
        ("The ISSS launched it in 2017", "organisation"),
        ("Ms. Juliana Quintero, Programme Coordinator", "person"),
        ("The programme is a voluntary scheme for nationals abroad", "definition"),
        ("Contributors must be between 18 and 60 years old", "requirements"),
        ("Enrolment is done entirely through a website", "procedure"),
        ("This is due to the lack of agreements", "reason"),
        ("El programa es un régimen voluntario", "definition"),
        ("Los afiliados deben residir en el extranjero", "requirements"),
        ("Esto se debe a la falta de convenios", "reason"),
    ],
)
def test_facts_of_each_kind_are_found_in_sentences(sentence: str, kind: str) -> None:
    assert kind in facts_in(sentence)


def test_a_sentence_without_a_contact_holds_none() -> None:
    held = facts_in("The programme has enrolled 217 Salvadorans abroad.")
    assert not held & {"phone", "email", "link", "address"}


PROGRAMME = (
    "The programme came into effect in October 2018. "
    "It is a voluntary scheme for Salvadorans abroad and their families. "
    "After four years of operations, the programme has enrolled a total of 217 Salvadorans abroad. "
    "Contributors must be nationals residing abroad between the ages of 18 and 60. "
    "Enrolment is done entirely through a website. "
    "Take-up is low because of limited outreach in host countries."
)
RENDERED = {
    "The programme came into effect in October 2018.": (
        "El programa entró en vigor en octubre de 2018."
    ),
    "It is a voluntary scheme for Salvadorans abroad and their families.": (
        "Es un régimen voluntario para los salvadoreños en el extranjero y sus familias."
    ),
    "After four years of operations, the programme has enrolled a total of 217 Salvadorans "
    "abroad.": "Tras cuatro años de operaciones, el programa ha afiliado a un total de 217 "
    "salvadoreños en el extranjero.",
    "Contributors must be nationals residing abroad between the ages of 18 and 60.": (
        "Los cotizantes deben ser nacionales residentes en el extranjero de entre 18 y 60 años."
    ),
    "Enrolment is done entirely through a website.": (
        "La afiliación se hace enteramente a través de un sitio web."
    ),
    "Take-up is low because of limited outreach in host countries.": (
        "La afiliación es baja por la escasa difusión en los países de acogida."
    ),
}
DOCS = {
    "doc": DocumentMeta(
        id="doc", file="x.md", title="El Salvador: a brief", publisher="ILO", year=2022,
        language="en", kind="brief", short_title="the ILO brief (2022)",
        short_title_es="la nota de la OIT (2022)",
    )
}  # fmt: skip


def answer(question: str, lang: str) -> tuple[str, list]:
    """The answer to ``question`` over the stub passage, its units ranked by similarity
    alone (all alike here) so that the kind asked decides the first line."""
    chunk = Chunk(
        id="c", doc_id="doc", title="El Salvador", section="Results", language="en",
        position=0, kind="text", text=PROGRAMME,
    )  # type: ignore[arg-type]  # fmt: skip
    hit = Hit(chunk=chunk, score=1.0)
    units = [Unit(hit=hit, text=t, score=0.5, evidence=0.5) for t in units_of(hit)]
    answerer = ExtractiveAnswerer(None, AnswerSettings(max_sentences=1), DOCS)  # type: ignore[arg-type]
    answerer.render = lambda text, to: RENDERED.get(text) if to == "es" else None
    analysis = QueryAnalysis(
        question=question, lang=lang, detected=lang, text_en=question, text_es=question
    )  # type: ignore[arg-type]
    return answerer.compose(analysis, units)


@pytest.mark.parametrize(
    ("en", "es", "fact"),
    [
        ("How many Salvadorans has the programme enrolled?",
         "¿Cuántos salvadoreños ha afiliado el programa?", "217"),
        ("When did the programme come into effect?",
         "¿Cuándo entró en vigor el programa?", "2018"),
        ("Who can join? What are the requirements?",
         "¿Quién puede afiliarse? ¿cuáles son los requisitos?", "18"),
        ("How do I register?", "¿Cómo hago para inscribirme?", "website | sitio web"),
        ("Why is take-up low?", "¿Por qué hay pocos afiliados?", "outreach | difusión"),
    ],
)  # fmt: skip
def test_the_first_line_answers_each_type_in_the_askers_language(
    en: str, es: str, fact: str
) -> None:
    for question, lang, opening in ((en, "en", "According to the ILO brief (2022), "),
                                    (es, "es", "Según la nota de la OIT (2022), ")):  # fmt: skip
        text, cites = answer(question, lang)
        first = text.split("\n\n")[0]
        assert first.startswith(opening), first
        assert first.endswith("[1]."), first
        assert any(f.strip() in first for f in fact.split("|")), (question, first)
        assert all(line in PROGRAMME for line in cites[0].text.split("\n"))  # verbatim
    es_text, _ = answer(es, "es")
    assert "Traducción automática" in es_text and "the programme" not in es_text.lower()


def test_a_description_question_gets_the_defining_sentence() -> None:
    text, _ = answer("¿Qué es el programa?", "es")
    assert text.startswith("Según la nota de la OIT (2022), es un régimen voluntario")


def test_the_body_keeps_within_its_word_budget() -> None:
    text, _ = answer("Tell me everything about the programme", "en")
    body = [line for line in text.split("\n\n") if not line.startswith("(")]
    assert len(" ".join(body).split()) <= AnswerSettings().body_words


def test_lead_helpers() -> None:
    assert lower_first("The programme started.") == "the programme started."
    assert lower_first("Mexico offers two options.") == "Mexico offers two options."
    assert lower_first("ISSS runs it.") == "ISSS runs it."
    assert plain_row("| Jamaica | X |  |", "| Country | Old-age | Family |") == (
        "Jamaica — Old-age: X"
    )
    long = ("word " * 40) + "first clause; the second clause has 239 measures in it"
    assert clause_with(long, frozenset({"number"})) == "the second clause has 239 measures in it"
