"""Benefit words in free text: what ``find_benefits`` spots, and which words only describe."""

import pytest

from ssassist.matrix import find_benefits
from ssassist.matrix.benefits import is_descriptive, is_generic_pension


def found(text):
    return [(b.value, text[s:e]) for b, (s, e) in find_benefits(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "family" alone is the person's family; the benefit id is found only when it has "_"
        ("can his family get a death grant?", [("survivors", "death grant")]),
        ("does it cover family benefits?", [("family", "family benefits")]),
        (
            "benefit=old_age or medical_care",
            [("old_age", "old_age"), ("medical_care", "medical_care")],
        ),
        # one mention per span, even for ids that are also words
        ("sickness", [("sickness", "sickness")]),
        # "retiro" owned or named as a pension is retirement; a withdrawal of funds is not
        ("para mi retiro en Perú", [("old_age", "mi retiro")]),
        ("hice un retiro de fondos de la AFP", []),
        # phrasings migrants write
        ("if I fall ill", [("sickness", "ill")]),
        ("no quiero enfermarme allá", [("sickness", "enfermarme")]),
        ("hurt on the job", [("employment_injury", "hurt on the job")]),
        ("se accidentó en la obra", [("employment_injury", "se accidentó")]),
        ("does it cover medical treatment?", [("medical_care", "medical treatment")]),
        ("voy a dar a luz", [("maternity", "dar a luz")]),
        ("si me echan del trabajo", [("unemployment", "me echan")]),
        ("quedó incapacitado", [("invalidity", "incapacitado")]),
        ("when I'm retiring", [("old_age", "retiring")]),
    ],
)
def test_find_benefits_phrasings(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "term",
    ["retiree", "Jubilado", "enfermedad", "health", "salud", "can't work anymore", "pensión"],
)
def test_descriptive_words(term):
    assert is_descriptive(term)


@pytest.mark.parametrize(
    "term",
    [
        "healthcare",
        "atención médica",
        "pensión de invalidez",
        "jubilación",
        "sick leave",
        "widow's pension",
    ],
)
def test_benefit_names_are_not_descriptive(term):
    assert not is_descriptive(term)


def test_generic_pension():
    assert is_generic_pension("Pensión") and is_generic_pension("pensions")
    assert not is_generic_pension("pensión de vejez") and not is_generic_pension("jubilación")
