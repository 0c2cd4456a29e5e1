"""A message naming three or more countries as places worked goes to the work-history check."""

from __future__ import annotations

import pytest

from ssassist.assistant import Assistant
from ssassist.config import Settings
from tests.paths import ROOT


@pytest.fixture(scope="module")
def asst() -> Assistant:
    """The real matrix and corpus metadata; no model, no index, no translation."""
    return Assistant(Settings(project_dir=ROOT), translator=None)


@pytest.mark.parametrize(
    ("question", "countries", "benefit"),
    [
        (
            "trabajé en Perú, Chile y España, ¿puedo sumar mis años para la jubilación?",
            {"PE", "CL", "ES"},
            "old_age",
        ),
        (
            "I worked in Mexico, the US and Canada. Do my years count for my pension?",
            {"MX", "US", "CA"},
            "old_age",
        ),
        (
            "soy venezolano, trabaje en colombia, peru y chile, se suman mis aportes?",
            {"CO", "PE", "CL"},
            None,
        ),
        (
            "Peruvian here: I worked in Argentina and Spain and will retire in Peru. What adds up?",
            {"AR", "ES", "PE"},
            "old_age",
        ),
    ],
)
def test_three_countries_worked_in_go_to_the_history_check(asst, question, countries, benefit):
    a = asst.ask(question)
    assert a.route == "coverage" and a.history is not None and a.coverage is None
    assert {c.code for c in a.history.countries} == countries
    assert (a.history.benefit.value if a.history.benefit else None) == benefit
    assert "[1]" in a.answer.splitlines()[0] or a.history.groups == []


def test_the_venezuelan_is_not_counted_as_a_place_worked(asst):
    a = asst.ask("soy venezolano, trabaje en colombia, peru y chile, se suman mis aportes?")
    assert a.roles.nationality == "VE"
    assert "VE" not in {c.code for c in a.history.countries}


@pytest.mark.parametrize(
    "question",
    [
        "¿Cuántos migrantes de Perú, Chile y Bolivia viven en Argentina?",
        "What share of migrants in Mexico, Guatemala and Honduras contribute to social security?",
        "¿Qué países están en el convenio del Mercosur: Argentina, Brasil, Paraguay y Uruguay?",
    ],
)
def test_other_questions_naming_three_countries_are_not_histories(asst, question):
    analysis = asst.query_analysis(question, translate=False)
    assert asst._route(question, analysis, []) is None


def test_a_benefit_follow_up_keeps_the_history(asst):
    first = "trabajé en Perú, Chile y España, ¿puedo sumar mis años para la jubilación?"
    a = asst.ask(
        "¿y para invalidez?",
        history=[{"role": "user", "content": first}, {"role": "assistant", "content": "…"}],
    )
    assert a.history is not None and a.history.benefit.value == "invalidity"
    assert {c.code for c in a.history.countries} == {"PE", "CL", "ES"}
