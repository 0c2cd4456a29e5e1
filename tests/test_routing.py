import pytest

from ssassist.language import analyze_query
from ssassist.matrix import find_benefits
from ssassist.routing import coverage_pair


def route(question):
    analysis = analyze_query(question)
    return coverage_pair(question, analysis, analysis.mentions, find_benefits(question))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("¿Hay convenio entre México y Estados Unidos?", ("MX", "US", None)),
        ("soy peruano y trabaje en Argentina, cuentan mis años para la pension?", ("PE", "AR", "old_age")),
        ("Is there an agreement between Colombia and Spain?", ("CO", "ES", None)),
        ("I'm from Dominica (not the Dominican Republic) and work in Canada. Is there any agreement?", ("DM", "CA", None)),
        ("Soy nica y estoy asegurado en el INSS. Si me enfermo en Costa Rica, ¿me atienden?", ("NI", "CR", "medical_care")),
    ],
)
def test_coverage_questions_go_to_the_check(question, expected):
    assert route(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "¿Qué países ofrecen seguro voluntario a sus emigrantes?",  # no country
        "How many Venezuelans did Colombia, Peru and Chile register?",  # three countries
        "What are the main destinations of Argentine emigrants, like Spain?",  # no agreement cue
    ],
)
def test_other_questions_go_to_retrieval(question):
    assert route(question) is None
