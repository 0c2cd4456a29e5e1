"""'The documents don't say': on-topic questions the documents do not answer, by kind.

The wording is tested for every kind of fact in both languages (no model); the
slow test asks the real assistant dev questions of each unanswerable kind (contact
details, amounts, figures for a year or country not covered, procedures) and checks
it refuses with the nearest thing the documents say, in one cited line.
"""

from __future__ import annotations

import pytest

from ssassist.answering.refusal import dont_say_text
from ssassist.templates import NOT_SAID


@pytest.mark.parametrize("lang", ["es", "en"])
def test_each_kind_says_what_the_documents_do_not_say(lang: str) -> None:
    for kind, what in NOT_SAID[lang].items():
        text = dont_say_text(frozenset({kind}), lang, "NEARBY [1].")
        assert what in text.split("\n")[0]
        assert text.endswith("NEARBY [1].")
    assert NOT_SAID[lang]["default"] in dont_say_text(frozenset(), lang, "x").split("\n")[0]


def test_a_contact_is_named_before_a_figure() -> None:
    # "¿a qué número llamo?" asks a phone number, not a figure
    text = dont_say_text(frozenset({"phone", "number"}), "es", "x")
    assert text.startswith("Los documentos con los que respondo no dicen un teléfono")


UNANSWERED = [
    ("cual es el telefono del ISSS pa preguntar x el Salvadoreño Seguro? vivo en Houston",
     "un teléfono"),
    ("me pasas el correo de Juliana Quintero de la OIM en Buenos Aires?", "un correo"),
    ("cual es la pagina web de migracion colombia pa sacar el ETP? soy venezolano",
     "una dirección web"),
    ("where exactly is the IOM regional office in buenos aires? need the street address",
     "an address"),
    ("cuanto cuesta el salvadoreño seguro en 2024? sigue en 68 dolares?", "ese monto"),
    ("how many salvadorans are signed up for salvadoreño seguro in 2024?", "that figure"),
    ("cuantos haitianos viven en chile?", "esa cifra"),
    ("q porcentaje de los trabajadores en guatemala tiene seguro social?", "ese porcentaje"),
    ("whats the step by step to apply for the ETP in colombia?", "how to do that"),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("question", "what"), UNANSWERED)
def test_an_unanswered_question_gets_the_documents_dont_say(assistant, question, what) -> None:
    a = assistant.ask(question)
    assert a.route == "refusal", a.answer
    first = a.answer.split("\n")[0]
    assert what in first, first
    assert len(a.citations) == 1  # the nearest thing they say, cited
    nearby = a.answer.split("\n\n")[1]
    assert nearby.endswith("[1].")
