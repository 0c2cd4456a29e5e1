"""The coverage check follows the coverage semantics of docs/coverage.md exactly."""

from __future__ import annotations

import itertools

import pytest

from ssassist.errors import UnknownBenefitError, UnknownCountryError
from ssassist.matrix import Benefit, SameCountryError, check_coverage

# -- on the five-row stub ---------------------------------------------------------------


def test_stub_instrument_covering_the_benefit_gives_true(stub_matrix):
    r = check_coverage(stub_matrix, "Argentina", "Brasil", "old_age")
    assert r.covered is True and r.reason == "instrument_covers"
    assert r.covered_by == ["stub-multi"]


def test_stub_instruments_that_do_not_cover_give_false(stub_matrix):
    r = check_coverage(stub_matrix, "AR", "UY", "unemployment")
    assert r.covered is False and r.reason == "no_instrument_covers"
    assert [i.id for i in r.instruments] == ["stub-multi"]


def test_stub_count_only_treaty_gives_none_not_a_guess(stub_matrix):
    r = check_coverage(stub_matrix, "Argentina", "Peru", "old_age")
    assert r.covered is None and r.reason == "not_itemised"
    assert r.statuses["stub-count"] == "unknown"
    assert any("number of benefits (4 benefits)" in n for n in r.notes)


def test_stub_count_only_treaty_counts_as_an_agreement_when_no_benefit_is_asked(stub_matrix):
    assert check_coverage(stub_matrix, "Argentina", "Peru").covered is True


def test_stub_framework_alone_never_covers(stub_matrix):
    r = check_coverage(stub_matrix, "Colombia", "Spain", "old_age")
    assert r.covered is None and r.reason == "framework_only"
    assert r.statuses == {"stub-frame": "framework"}
    assert "Framework only." in r.notes
    assert check_coverage(stub_matrix, "Colombia", "Spain").covered is None


def test_stub_explicit_absence_gives_false_with_its_source(stub_matrix):
    r = check_coverage(stub_matrix, "México", "Estados Unidos")
    assert r.covered is False and r.reason == "explicit_absence"
    assert r.absences[0].id == "stub-absence"
    assert r.note_details[0].kind == "absence" and r.note_details[0].source.locator == "row 6"


def test_stub_silence_gives_none(stub_matrix):
    r = check_coverage(stub_matrix, "Guatemala", "Canada", "old_age")
    assert r.covered is None and r.reason == "no_data" and r.instruments == []


def test_stub_unilateral_measure_is_listed_but_never_covers(stub_matrix):
    r = check_coverage(stub_matrix, "Chile", "United States", "old_age")
    assert r.covered is None
    assert [u.id for u in r.unilateral] == ["stub-exp"]
    assert r.unilateral[0].kind == "unilateral"


def test_stub_unilateral_exclusion_is_noted(stub_matrix):
    r = check_coverage(stub_matrix, "Paraguay", "United States", "old_age")
    assert any("does not apply to nationals of Paraguay" in n for n in r.notes)


def test_stub_conflict_only_when_its_benefit_is_asked(stub_matrix):
    assert [c.id for c in check_coverage(stub_matrix, "AR", "BR", "invalidity").conflicts] == [
        "stub-conflict"
    ]
    assert check_coverage(stub_matrix, "AR", "BR", "old_age").conflicts == []


def test_stub_medical_care_covers_emergency_but_not_the_reverse(stub_matrix):
    r = check_coverage(stub_matrix, "Costa Rica", "Nicaragua", "emergency_medical_care")
    assert r.covered is True
    assert any("includes emergency care" in n for n in r.notes)


def test_notes_and_note_details_line_up(stub_matrix):
    r = check_coverage(stub_matrix, "Argentina", "Peru", "old_age")
    assert r.notes == [n.text for n in r.note_details]
    assert all(n.text_es for n in r.note_details)
    assert all(isinstance(n, str) for n in r.notes)


def test_result_serialises_to_json(stub_matrix):
    data = check_coverage(stub_matrix, "Argentina", "Brazil", "vejez").model_dump(mode="json")
    assert data["covered"] is True and data["benefit"] == "old_age"
    assert data["instruments"][0]["source"]["quote"]
    assert data["country_a"] == {
        "code": "AR",
        "name_en": "Argentina",
        "name_es": "Argentina",
        "in_corpus": True,
    }


def test_same_country_twice_is_an_error(stub_matrix):
    with pytest.raises(SameCountryError):
        check_coverage(stub_matrix, "Perú", "peru")
    with pytest.raises(ValueError):
        check_coverage(stub_matrix, "US", "Estados Unidos")


def test_unknown_country_and_benefit_errors(stub_matrix):
    with pytest.raises(UnknownCountryError) as exc:
        check_coverage(stub_matrix, "Atlantis", "Peru")
    assert exc.value.name == "Atlantis"
    with pytest.raises(UnknownBenefitError) as bexc:
        check_coverage(stub_matrix, "Argentina", "Peru", "lottery")
    assert "old_age" in bexc.value.valid


# -- on the real matrix ---------------------------------------------------------------------


def test_mexico_united_states_is_false_with_the_explicit_note(matrix):
    r = check_coverage(matrix, "México", "EE.UU.", "old_age")
    assert r.covered is False and r.reason == "explicit_absence"
    assert r.instruments == []
    assert (
        r.notes[0]
        == "There is no international social security treaty between Mexico and the United States."
    )
    assert (
        "there is no international social security treaty between these two parties"
        in r.absences[0].source.quote
    )
    assert r.absences[0].source.doc_id == "000_a51be7ce2c2609d8"
    unilateral = {u.id for u in r.unilateral}
    assert {"exp-us", "vi-t2-r4-mx", "vi-t2-r8-mx", "irr-mx"} <= unilateral
    assert all(u.kind == "unilateral" for u in r.unilateral)


def test_mexico_united_states_without_benefit_is_false_too(matrix):
    assert check_coverage(matrix, "Mexico", "United States").covered is False


def test_el_salvador_united_states_is_false_from_the_ilo_brief(matrix):
    r = check_coverage(matrix, "El Salvador", "USA")
    assert r.covered is False
    assert r.absences[0].source.doc_id == "003_789b0dbb14d54f7b"
    assert "vi-sv-salvadoreno-seguro" in {u.id for u in r.unilateral}


def test_a_pair_the_corpus_says_nothing_about_is_none(matrix):
    r = check_coverage(matrix, "Guatemala", "Canada")
    assert r.covered is None and r.reason == "no_data"
    assert r.instruments == []
    assert any("unknown, not that there is none" in n for n in r.notes)


@pytest.mark.parametrize(
    ("a", "b", "benefit"),
    [("CR", "PA", "old_age"), ("NI", "PA", "invalidity"), ("SV", "PA", "survivors")],
)
def test_a_framework_with_the_benefit_in_scope_keeps_it_open_beside_a_medical_only_agreement(
    matrix, a, b, benefit
):
    """COISS parties with a Table 4 medical-care agreement: the pension is unknown, not "no"."""
    r = check_coverage(matrix, a, b, benefit)
    assert r.covered is None and r.reason == "framework_open"
    assert r.statuses["coiss"] == "framework"
    assert any(s == "not_covered" for s in r.statuses.values())


def test_a_framework_without_the_benefit_in_scope_does_not_keep_it_open(matrix):
    r = check_coverage(
        matrix, "Costa Rica", "Panama", "sickness"
    )  # COISS: invalidity, old age, survivors
    assert r.covered is False and r.reason == "no_instrument_covers"


def test_colombia_spain_coiss_only_is_none_with_the_caveat(matrix):
    r = check_coverage(matrix, "Colombia", "España", "old_age")
    assert r.covered is None and r.reason == "framework_only"
    assert [i.id for i in r.instruments] == ["coiss"]
    assert any("framework agreement" in n for n in r.notes)
    assert "cmiss-parties" in {
        c.id for c in r.conflicts
    }  # Colombia might be an unnamed CMISS signatory
    assert check_coverage(matrix, "Colombia", "España").covered is None


def test_argentina_peru_count_only_treaty_reports_count_and_unitemised_branches(matrix):
    r = check_coverage(matrix, "Argentina", "Peru", "medical_care")
    assert r.covered is None and r.reason == "not_itemised"
    assert r.statuses["bt-ar-pe"] == "unknown" and r.statuses["cmiss"] == "not_covered"
    treaty = next(i for i in r.instruments if i.id == "bt-ar-pe")
    assert treaty.benefit_count == 8 and treaty.benefits == []
    assert len(treaty.unknown_benefits) == 9
    note = next(n for n in r.note_details if n.record_id == "bt-ar-pe")
    assert "8 benefits" in note.text and "not itemise" in note.text and "medical care" in note.text
    assert "8 prestaciones" in note.text_es


def test_argentina_peru_old_age_is_covered_by_cmiss_not_by_the_count(matrix):
    r = check_coverage(matrix, "Argentina", "Peru", "old_age")
    assert r.covered is True and r.covered_by == ["cmiss"]


def test_argentina_brazil_old_age_via_mercosur_and_cmiss(matrix):
    r = check_coverage(matrix, "Argentina", "Brasil", "vejez")
    assert r.covered is True
    assert set(r.covered_by) == {"mercosur", "cmiss"}
    assert r.statuses["coiss"] == "framework"


def test_costa_rica_nicaragua_medical_care_via_inter_institutional(matrix):
    r = check_coverage(matrix, "Costa Rica", "Nicaragua", "medical_care")
    assert r.covered is True and r.covered_by == ["ii-r02-cr-ni-medical"]
    assert r.instruments[0].kind == "inter_institutional"
    assert (
        check_coverage(matrix, "Costa Rica", "Nicaragua", "emergency_medical_care").covered is True
    )


def test_guatemala_costa_rica_is_emergency_only(matrix):
    assert (
        check_coverage(matrix, "Guatemala", "Costa Rica", "emergency_medical_care").covered is True
    )
    r = check_coverage(matrix, "Guatemala", "Costa Rica", "medical_care")
    assert r.covered is False
    assert any("only emergency medical assistance" in n for n in r.notes)


def test_duplicate_table_4_row_is_listed_once_with_a_note(matrix):
    r = check_coverage(matrix, "Nicaragua", "Guatemala", "emergency_medical_care")
    assert r.covered is True
    assert [i.id for i in r.instruments] == ["ii-r08-ni-gt-emergency"]
    assert any(n.kind == "duplicate" for n in r.note_details)


def test_venezuela_colombia_no_bilateral_and_coiss_does_not_count(matrix):
    r = check_coverage(matrix, "Venezuela", "Colombia")
    assert r.covered is False and r.reason == "explicit_absence"
    assert [i.id for i in r.instruments] == ["coiss"]


def test_caricom_employment_injury_is_unknown_not_yes_or_no(matrix):
    r = check_coverage(matrix, "Jamaica", "Barbados", "employment_injury")
    assert r.covered is None
    assert "caricom-employment-injury" in {c.id for c in r.conflicts}
    assert check_coverage(matrix, "Jamaica", "Barbados", "old_age").covered is True
    assert check_coverage(matrix, "Jamaica", "Barbados", "medical_care").covered is False


def test_chile_spain_unemployment_is_covered(matrix):
    assert check_coverage(matrix, "Chile", "Spain", "unemployment").covered_by == ["bt-cl-es"]


def test_extension_does_not_guess_the_base_branches(matrix):
    assert check_coverage(matrix, "Panamá", "España", "maternity").covered is True
    assert check_coverage(matrix, "Panamá", "España", "old_age").covered is None
    assert check_coverage(matrix, "Panamá", "España", "unemployment").covered is False


def test_us_exportability_exception_for_paraguay_and_suriname(matrix):
    for other in ("Paraguay", "Surinam"):
        r = check_coverage(matrix, "United States", other, "old_age")
        assert "exp-us" in {u.id for u in r.unilateral}
        assert any("does not apply to nationals of" in n for n in r.notes)
        assert r.covered is None
    r = check_coverage(matrix, "United States", "Honduras", "old_age")
    assert any("pays invalidity, old-age, survivors pensions abroad" in n for n in r.notes)


def test_table_5_incompleteness_is_noted_for_unknown_pairs(matrix):
    r = check_coverage(matrix, "Canada", "Mexico")
    assert any("Table 5 counts 14 treaties of Canada" in n for n in r.notes)


def test_country_outside_the_curated_list_is_unknown_not_an_error(matrix):
    r = check_coverage(matrix, "Francia", "Mexico")
    assert r.covered is None and r.country_a.code == "FR" and r.country_a.in_corpus is False


PAIRS = [
    "AR",
    "BR",
    "PE",
    "MX",
    "US",
    "CO",
    "ES",
    "CR",
    "NI",
    "GT",
    "JM",
    "BB",
    "UY",
    "VE",
    "PA",
    "CA",
    "SV",
    "CL",
]


@pytest.mark.parametrize(
    "benefit", [None, "old_age", "medical_care", "employment_injury", "emergency_medical_care"]
)
def test_check_is_symmetric(matrix, benefit):
    for a, b in itertools.combinations(PAIRS, 2):
        ab = check_coverage(matrix, a, b, benefit)
        ba = check_coverage(matrix, b, a, benefit)
        assert (ab.covered, ab.reason, ab.statuses, ab.covered_by) == (
            ba.covered,
            ba.reason,
            ba.statuses,
            ba.covered_by,
        )
        assert sorted(ab.notes) == sorted(ba.notes) or {n.kind for n in ab.note_details} == {
            n.kind for n in ba.note_details
        }
        assert [u.id for u in ab.unilateral] == [u.id for u in ba.unilateral]


def test_benefit_aliases_in_both_languages(matrix):
    for name in ("vejez", "old-age", "jubilación", "Old age"):
        assert check_coverage(matrix, "Argentina", "Brazil", name).benefit is Benefit.OLD_AGE
