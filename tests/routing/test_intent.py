"""Route by what is asked: two countries named do not make a coverage question."""

from __future__ import annotations

import pytest

from ssassist.assistant import Assistant
from ssassist.config import Settings
from tests.paths import ROOT


@pytest.fixture(scope="module")
def asst() -> Assistant:
    return Assistant(Settings(project_dir=ROOT), translator=None)


def _route(asst: Assistant, question: str):  # type: ignore[no-untyped-def]
    return asst._route(question, asst.query_analysis(question, translate=False), [])


@pytest.mark.parametrize(
    "question",
    [
        # a programme to join, not an agreement
        "Soy boliviana y vivo en Argentina: ¿en qué seguro público de salud me puedo inscribir?",
        # since when
        "I'm Mexican and live in Texas, since when can we use the IMSS scheme from the US?",
        # a procedure's duration
        "Soy venezolano en Perú, ¿cuántos años tengo que esperar para pedir la residencia?",
        # a statistic
        "What percentage of Haitians working in the Dominican Republic pay into social security?",
        # a contact
        "¿Me dan el teléfono de la oficina de pensiones de Perú para peruanos en Argentina?",
        # an amount
        "How much does the Salvadoran insurance cost per month for Salvadorans in the US?",
        # a count of treaties
        "How many social security treaties does Canada have? I'm Jamaican, working in Canada",
    ],
)
def test_two_countries_asking_something_else_go_to_retrieval(asst, question):
    assert _route(asst, question) is None


@pytest.mark.parametrize(
    ("question", "pair"),
    [
        ("hola, soy venezolano en colombia, tengo derecho a salud?", {"VE", "CO"}),
        ("Can I get my US social security pension if I move back to Guatemala?", {"US", "GT"}),
        ("soy venezolana y vivo en Bogotá, ¿me pueden atender en el hospital?", {"VE", "CO"}),
        (
            "Peruvian, 8 years paying into the system in Chile: do those years count back home?",
            {"PE", "CL"},
        ),
    ],
)
def test_rights_and_carry_over_questions_go_to_the_check(asst, question, pair):
    got = _route(asst, question)
    assert got is not None and set(got[:2]) == pair


def test_a_benefit_follow_up_keeps_the_persons_roles(asst):
    """A Paraguayan asking "¿y para invalidez?" still gets the exception, not the general rule."""
    first = (
        "Soy paraguayo, trabajé en Estados Unidos, ¿puedo cobrar mi pensión si vuelvo a Paraguay?"
    )
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": "…"}]
    a = asst.ask("¿Y para invalidez?", history=history)
    assert a.coverage.benefit.value == "invalidity"
    assert a.roles.nationality == "PY"
    assert "no paga sus pensiones en el exterior a los nacionales de Paraguay" in a.answer
