"""Matrix records render as bilingual passages with stable ids; "how many" helpers cite sources."""

from __future__ import annotations

import pytest

from ssassist.matrix import (
    find_agreements,
    find_benefits,
    find_statistics,
    instrument_passage,
    instruments_of,
    matrix_passages,
    parse_benefit,
    statistic,
    treaty_count,
)


def test_every_record_has_one_passage_with_a_unique_id(matrix):
    passages = matrix_passages(matrix)
    ids = [p.id for p in passages]
    assert len(ids) == len(set(ids))
    expected = (
        len(matrix.instruments)
        + len(matrix.absences)
        + len(matrix.conflicts)
        + len(matrix.statistics)
        + len(matrix.treaty_counts)
    )
    assert len(passages) == expected
    assert all(p.text_en and p.text_es and p.source.quote for p in passages)


def test_cmiss_passage_in_both_languages(matrix):
    p = instrument_passage(matrix.get("cmiss"))
    assert p.id == "matrix:cmiss"
    assert p.text_en.startswith("Ibero-American Multilateral Agreement on Social Security (CMISS)")
    assert "States Parties: Argentina, Bolivia, Brazil" in p.text_en
    assert "benefits: invalidity, old-age, survivors, employment injury" in p.text_en
    assert "Estados Parte: Argentina, Bolivia, Brasil" in p.text_es
    assert "prestaciones: invalidez, vejez, sobrevivientes, riesgos del trabajo" in p.text_es
    assert p.source == matrix.get("cmiss").source


def test_count_only_passage_says_not_itemised(matrix):
    p = instrument_passage(matrix.get("bt-ar-pe"))
    assert "8 benefits (not itemised in the corpus)" in p.text_en
    assert "8 prestaciones (no detalladas en el corpus)" in p.text_es


def test_passages_are_stable(matrix):
    assert matrix_passages(matrix) == matrix_passages(matrix)


def test_statistic_with_source(matrix):
    f = statistic(matrix, "measures-total")
    assert f.value == 239 and f.display_value == "239"
    assert "239 measures" in f.source.quote
    assert statistic(matrix, "share-old-age").display_value == "91.57%"


def test_find_statistics_by_keywords(matrix):
    assert (
        find_statistics(matrix, "¿Cuántas medidas sistematiza la matriz?")[0].id == "measures-total"
    )
    assert "inter-institutional-agreements" in {
        s.id for s in find_statistics(matrix, "acuerdos interinstitucionales")
    }


def test_treaty_count_by_name(matrix):
    tc = treaty_count(matrix, "Canadá")
    assert (tc.total, tc.american, tc.other_regions) == (49, 14, 35)
    assert tc.source.locator == "Table 5, row 1 (Canada)"
    assert treaty_count(matrix, "Mexico") is None


def test_instruments_of_a_country(matrix):
    ids = {i.id for i in instruments_of(matrix, "Costa Rica", kind="inter_institutional")}
    assert ids == {"ii-r01-gt-cr-emergency", "ii-r02-cr-ni-medical", "ii-r03-cr-pa-medical"}


def test_find_agreements_in_both_languages(matrix):
    text = (
        "¿El Convenio Multilateral Iberoamericano y el Mercosur? "
        "And CARICOM, the Andean Instrument, COISS, Salvadoreño Seguro"
    )
    assert [i.id for i, _ in find_agreements(matrix, text)] == [
        "cmiss",
        "mercosur",
        "caricom",
        "andean",
        "coiss",
        "vi-sv-salvadoreno-seguro",
    ]
    assert [i.id for i, _ in find_agreements(matrix, "Instrumento Andino de Seguridad Social")] == [
        "andean"
    ]
    assert find_agreements(matrix, "nothing here") == []


def test_parse_and_find_benefits():
    assert parse_benefit("riesgos del trabajo") == "employment_injury"
    assert parse_benefit("Emergency medical assistance") == "emergency_medical_care"
    assert (
        parse_benefit("invalidez") == "invalidity" and parse_benefit("disability") == "invalidity"
    )
    found = [b.value for b, _ in find_benefits("¿Cubre la pensión de vejez y la atención médica?")]
    assert found == ["old_age", "medical_care"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("chileno en España, el convenio entre Chile y España incluye el paro?", ["unemployment"]),
        ("cobro el paro en Madrid", ["unemployment"]),
        ("tuve un paro cardíaco", []),
        ("hubo un paro nacional de transporte", []),
    ],
)
def test_paro_is_unemployment_only_as_the_name_of_the_benefit(text, expected):
    assert [b.value for b, _ in find_benefits(text)] == expected
