"""Rights framing on the real matrix: agreements and unilateral measures side by side.

Pins the cases of issue 13: a Venezuelan in Colombia asking about health care, a US pension
taken back to Guatemala, the Paraguayan exception, Mexico–United States, undirected pairs,
and a pair with an agreement.
"""

from __future__ import annotations

import itertools

import pytest

from ssassist.matrix import Benefit, check_coverage
from ssassist.matrix.access import Access, access_summary


def _access(matrix, a, b, benefit=None, nationality=None, residence=None) -> Access:
    result = check_coverage(matrix, a, b, benefit)
    return access_summary(matrix, result, nationality=nationality, residence=residence)


def _ids(entry, status=None) -> set[str]:
    return {m.measure_id for m in entry.measures if status is None or m.status == status}


# -- the issue's cases ---------------------------------------------------------------------


def test_venezuelan_in_colombia_medical_care_has_access_by_colombias_equal_treatment(matrix):
    acc = _access(matrix, "Venezuela", "Colombia", "medical_care", "VE", "CO")
    assert acc.covered is False  # the check's verdict, unchanged: no agreement
    entry = acc.for_benefit("medical_care")
    assert entry.kind == "unilateral"
    assert entry.agreement_sources and entry.agreement_sources[0].doc_id.startswith("000_")
    (eq,) = [m for m in entry.measures if m.status == "gives_access"]
    assert (eq.measure_id, eq.country, eq.role) == (
        "eq-treatment",
        "CO",
        "residence_grants_foreigners",
    )
    assert eq.source.locator == "§3.1, paragraph on equal treatment"
    assert "all 35 sovereign States" in eq.source.quote
    assert "regular stay" in (eq.caveat or "")
    # Venezuela's own equal treatment is for foreigners in Venezuela, not for this person.
    assert not [m for m in entry.measures if m.country == "VE"]


def test_us_pension_back_in_guatemala_is_paid_abroad_by_the_united_states(matrix):
    for residence in ("GT", None):
        acc = _access(matrix, "United States", "Guatemala", "old_age", "GT", residence)
        entry = acc.for_benefit("old_age")
        assert entry.kind == "unilateral"
        exp = next(m for m in entry.measures if m.measure_id == "exp-us")
        assert (exp.status, exp.role, exp.country) == ("gives_access", "pays_abroad", "US")
        assert exp.exception is None
        assert exp.source.locator == "footnote 8"
        assert "citizens of any American country" in exp.source.quote
        assert exp.if_residence == ([] if residence else ["GT"])


@pytest.mark.parametrize("nationality", ["PY", "SR"])
def test_paraguayan_or_surinamese_national_gets_no_us_payment_abroad(matrix, nationality):
    acc = _access(matrix, "US", nationality, "old_age", nationality, nationality)
    entry = acc.for_benefit("old_age")
    exp = next(m for m in entry.measures if m.measure_id == "exp-us")
    assert exp.status == "excluded" and exp.exception == "excluded_nationality"
    assert nationality in exp.excluded_nationalities
    assert "except nationals of Paraguay and Suriname" in exp.source.quote
    assert "exp-us" not in _ids(entry, "gives_access")
    assert entry.kind != "unilateral"
    assert entry.kind == ("unknown" if entry.covered is None else "none_stated")


def test_a_non_american_national_is_outside_the_us_payment_abroad(matrix):
    entry = _access(matrix, "US", "Spain", "old_age", "ES", "ES").for_benefit("old_age")
    exp = next(m for m in entry.measures if m.measure_id == "exp-us")
    assert exp.status == "excluded" and exp.exception == "region_not_eligible"


def test_mexico_united_states_no_agreement_with_the_measures_that_apply(matrix):
    acc = _access(matrix, "Mexico", "United States")
    assert acc.covered is False and acc.benefit is None
    assert len(acc.benefits) == 9
    for entry in acc.benefits:
        assert entry.covered is False and entry.reason == "explicit_absence"
        assert entry.kind != "agreement" and not entry.agreements
        assert [s.locator for s in entry.agreement_sources] == [
            "§3.2, paragraph after Table 5 (United States)"
        ]
    assert acc.kinds[Benefit.OLD_AGE] == "unilateral"
    assert {"exp-us", "vi-t2-r4-mx"} <= _ids(acc.for_benefit("old_age"), "gives_access")
    medical = _ids(acc.for_benefit("medical_care"), "gives_access")
    assert {"eq-treatment", "irr-mx", "vi-t2-r4-mx", "vi-t2-r8-mx"} <= medical
    # Unemployment: no measure lists it; equal treatment leaves it open, so "unknown", not "no".
    assert acc.kinds[Benefit.UNEMPLOYMENT] == "unknown"


def test_mexican_living_in_the_united_states_directed(matrix):
    entry = _access(matrix, "MX", "US", "old_age", "MX", "US").for_benefit("old_age")
    assert entry.kind == "unilateral"
    assert _ids(entry, "gives_access") == {"vi-t2-r4-mx"}  # voluntary insurance from abroad
    assert "exp-us" not in _ids(entry)  # the US pays abroad; this person lives in the US


@pytest.mark.parametrize(
    ("a", "b", "benefit"),
    [
        ("VE", "CO", "medical_care"),
        ("US", "PY", "old_age"),
        ("MX", "US", None),
        ("AR", "PE", "old_age"),
        ("SV", "US", "medical_care"),
    ],
)
def test_undirected_pair_is_symmetric(matrix, a, b, benefit):
    ab = _access(matrix, a, b, benefit)
    ba = _access(matrix, b, a, benefit)
    assert ab.symmetric and ba.symmetric
    assert ab.benefits == ba.benefits
    assert ab.covered == ba.covered


def test_undirected_pair_lists_both_directions_with_their_conditions(matrix):
    entry = _access(matrix, "US", "PY", "old_age").for_benefit("old_age")
    exp = [m for m in entry.measures if m.measure_id == "exp-us"]
    by_status = {m.status: m for m in exp}
    assert by_status["gives_access"].if_nationality == ["US"]
    assert by_status["excluded"].if_nationality == ["PY"]
    assert by_status["excluded"].if_residence == ["PY"]


def test_argentina_peru_old_age_is_an_agreement(matrix):
    acc = _access(matrix, "Argentina", "Peru", "old_age")
    entry = acc.for_benefit("old_age")
    assert acc.covered is True and entry.kind == "agreement"
    assert "cmiss" in entry.agreements
    assert any(s.locator.startswith("Table 6") for s in entry.agreement_sources)


def test_same_programme_listed_once_with_both_sources(matrix):
    entry = _access(matrix, "SV", "US", "medical_care", "SV", "US").for_benefit("medical_care")
    assert "vi-t2-r7-sv" not in _ids(entry)
    seguro = next(m for m in entry.measures if m.measure_id == "vi-sv-salvadoreno-seguro")
    assert seguro.status == "gives_access"
    assert any(s.locator == "Table 2, row 7 (El Salvador)" for s in seguro.also_sources)


def test_salvadoreno_seguro_gives_no_pension(matrix):
    entry = _access(matrix, "SV", "US", "old_age", "SV", "US").for_benefit("old_age")
    assert not {"vi-sv-salvadoreno-seguro", "vi-t2-r7-sv"} & _ids(entry)


def test_a_measure_whose_record_leaves_the_benefit_open_never_gives_access(matrix):
    # Brazil pays pensions abroad, but which ones the source does not say.
    entry = _access(matrix, "BR", "PT", "old_age", "PT", "PT").for_benefit("old_age")
    exp = next(m for m in entry.measures if m.measure_id == "exp-br")
    assert exp.status == "open"


# -- invariants over many pairs ---------------------------------------------------------

_PAIRS = list(itertools.combinations(["AR", "BR", "CO", "MX", "PE", "PY", "SV", "US", "VE"], 2))


@pytest.mark.parametrize(("a", "b"), _PAIRS)
def test_framing_never_contradicts_the_check(matrix, a, b):
    acc = _access(matrix, a, b)
    assert acc.covered == check_coverage(matrix, a, b).covered
    for entry in acc.benefits:
        assert entry.covered == check_coverage(matrix, a, b, entry.benefit).covered
        assert (entry.kind == "agreement") == (entry.covered is True)
        if entry.covered is None:
            assert entry.kind in ("agreement", "unilateral", "unknown")
        for m in entry.measures:
            assert m.source.quote and m.source.doc_id and m.source.locator
            record = matrix.get(m.measure_id)
            if m.status == "gives_access":
                assert record.status_for(entry.benefit) == "covered"
            if m.status == "open":
                assert record.status_for(entry.benefit) == "unknown"
        if entry.kind == "none_stated":
            assert entry.covered is False
            assert all(m.status == "excluded" for m in entry.measures)


# -- with roles read from the message ------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "pair", "benefit", "kind", "measure"),
    [
        (
            "hola, soy venezolano en colombia, tengo derecho a salud?",
            ("VE", "CO"),
            "medical_care",
            "unilateral",
            "eq-treatment",
        ),
        (
            "Can I get my US social security pension if I move back to Guatemala?",
            ("US", "GT"),
            "old_age",
            "unilateral",
            "exp-us",
        ),
    ],
)
def test_issue_messages_end_to_end(matrix, message, pair, benefit, kind, measure):
    from ssassist.routing.roles import read_roles

    roles = read_roles(message)
    acc = access_summary(
        matrix,
        check_coverage(matrix, *pair, benefit),
        nationality=roles.nationality,
        residence=roles.residence,
    )
    entry = acc.for_benefit(benefit)
    assert entry.kind == kind
    assert measure in _ids(entry, "gives_access")
