"""The work-history check on the real matrix (corpus/matrix): which periods add up, under what.

Each test names the matrix rows (and their source locators) that justify it.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from ssassist.errors import UnknownCountryError
from ssassist.matrix import ILO_BRANCHES, Benefit, check_coverage
from ssassist.matrix.history import check_history
from ssassist.matrix.history_models import HistoryResult, TooFewCountriesError


def keys(result: HistoryResult) -> set[tuple[str, frozenset[str], str]]:
    return {g.key() for g in result.groups}


def grp(inst: str, codes: str, status: str = "covered") -> tuple[str, frozenset[str], str]:
    return inst, frozenset(codes.split()), status


def codes(refs) -> list[str]:
    return [r.code for r in refs]


# -- the seven histories of issue 16 ----------------------------------------------------


def test_three_parties_of_one_multilateral_for_old_age(matrix, countries) -> None:
    """multilateral.yaml `cmiss` (Table 6, row 1): parties include Bolivia, Paraguay and
    Portugal; benefits "invalidity, old-age, survivors, and employment injuries". No other
    instrument binds two of them for old age (Mercosur: AR BR PY UY; COISS has no PY; ILO
    C118 has only BO), so the one group is the CMISS with all three."""
    r = check_history(matrix, ["Bolivia", "Paraguay", "Portugal"], "old_age", registry=countries)
    assert keys(r) == {grp("cmiss", "BO PY PT")}
    assert codes(r.groups[0].countries) == ["BO", "PY", "PT"]  # the order given
    assert r.alone == [] and r.pairs == []
    assert r.groups[0].source.locator == "Table 6, row 1 (CMISS)"
    assert {c.instrument.id for c in r.caveats} == {"coiss"}  # BO and PT only
    assert codes(r.caveats[0].countries) == ["BO", "PT"]


def test_peru_chile_spain_one_multilateral_plus_bilaterals(matrix, countries) -> None:
    """`cmiss` (Table 6, row 1) binds PE, CL, ES for old age; `bt-cl-es` (§3.2, "all nine
    types of benefits") covers it for CL–ES; `bt-cl-pe` ("With four") and `bt-es-pe`
    (named in the prose on Peru, no count) are known only by their count: "may cover"."""
    r = check_history(matrix, ["Perú", "Chile", "España"], "old_age", registry=countries)
    assert keys(r) == {
        grp("cmiss", "PE CL ES"),
        grp("bt-cl-es", "CL ES"),
        grp("bt-cl-pe", "PE CL", "unknown"),
        grp("bt-es-pe", "PE ES", "unknown"),
    }
    assert r.groups[0].instrument.id == "cmiss"  # confirmed and largest first
    assert not any(
        g.confirmed for g in r.groups if g.instrument.id.startswith("bt-") and "PE" in g.codes
    )


def test_chain_of_two_bilaterals_does_not_group_three(matrix, countries) -> None:
    """`bt-cl-es` (§3.2: Chile–Spain, all nine ILO branches, medical care among them) and
    `ext-pa-es-coiss` (Table 3, row 4: "Panamá-Spain COISS x x x", medical care added)
    both cover medical care; nothing but the COISS framework binds Chile and Panama.
    Spain is in both groups; Chile and Panama are never grouped together."""
    r = check_history(matrix, ["Chile", "Spain", "Panama"], "medical_care", registry=countries)
    assert keys(r) == {grp("bt-cl-es", "CL ES"), grp("ext-pa-es-coiss", "ES PA")}
    assert not any({"CL", "PA"} <= set(g.codes) for g in r.groups)
    [pair] = r.pairs
    assert (pair.a.code, pair.b.code, pair.covered, pair.reason) == (
        "CL",
        "PA",
        None,
        "framework_only",
    )
    assert r.alone == []


def test_chain_of_count_only_bilaterals(matrix, countries) -> None:
    """`bt-ca-dm` and `bt-ca-cl` (§3.2, list "With four") join Canada to Dominica and to
    Chile; the corpus names nothing between Dominica and Chile (unknown, not "no")."""
    r = check_history(matrix, ["Dominica", "Canada", "Chile"], "old_age", registry=countries)
    assert keys(r) == {grp("bt-ca-dm", "DM CA", "unknown"), grp("bt-ca-cl", "CA CL", "unknown")}
    [pair] = r.pairs
    assert (pair.a.code, pair.b.code, pair.covered, pair.reason) == ("DM", "CL", None, "no_data")
    assert codes(r.branch("old_age").unconfirmed) == ["DM", "CA", "CL"]


def test_one_country_bound_to_none_of_the_others(matrix, countries) -> None:
    """`cmiss` and `mercosur` (Table 6, rows 1-2) bind Argentina and Brazil; the corpus names
    no agreement of Mexico with either. Mexico and Brazil both ratified ILO C118 (§2,
    "Barbados, Bolivia, Brazil, Ecuador, Guatemala, Mexico..."), an equality-of-treatment
    convention: a caveat, not a group."""
    r = check_history(matrix, ["México", "Argentina", "Brasil"], "vejez", registry=countries)
    assert keys(r) == {grp("cmiss", "AR BR"), grp("mercosur", "AR BR")}
    assert codes(r.alone) == ["MX"]
    verdicts = {(p.a.code, p.b.code): (p.covered, p.reason) for p in r.pairs}
    assert verdicts == {("MX", "AR"): (None, "no_data"), ("MX", "BR"): (None, "not_itemised")}
    assert {(c.instrument.id, c.kind) for c in r.caveats} >= {("ilo-c118", "equal_treatment")}


def test_only_a_framework_agreement_binds_them(matrix, countries) -> None:
    """`coiss` (footnote 10): Colombia, Costa Rica and Panama adhered, but "the latter is only
    a framework agreement, so it only has effect until complementary bilateral agreements
    are concluded". The only other record, `ii-r03-cr-pa-medical` (Table 4, row 3), is
    medical care only. No group for old age; every pair stays unknown."""
    r = check_history(matrix, ["Colombia", "Costa Rica", "Panamá"], "old_age", registry=countries)
    assert r.groups == []
    assert codes(r.alone) == ["CO", "CR", "PA"]
    [cav] = r.caveats
    assert (cav.instrument.id, cav.kind, codes(cav.countries)) == (
        "coiss",
        "framework",
        ["CO", "CR", "PA"],
    )
    assert "framework agreement" in cav.note.text
    assert {(p.a.code, p.b.code, p.covered) for p in r.pairs} == {
        ("CO", "CR", None),
        ("CO", "PA", None),
        ("CR", "PA", None),
    }
    assert r.no_agreement_pairs == []


def test_a_benefit_one_multilateral_covers_and_another_does_not(matrix, countries) -> None:
    """`mercosur` (Table 6, row 2: "All benefits covered by applicable national legislation")
    covers unemployment; `cmiss` (row 1) binds the same four but covers only invalidity,
    old-age, survivors and employment injury. For old age both group them."""
    four = ["Argentina", "Brasil", "Paraguay", "Uruguay"]
    unemployment = check_history(matrix, four, "desempleo", registry=countries)
    assert keys(unemployment) == {grp("mercosur", "AR BR PY UY")}
    old_age = check_history(matrix, four, "old_age", registry=countries)
    assert keys(old_age) == {grp("mercosur", "AR BR PY UY"), grp("cmiss", "AR BR PY UY")}


def test_andean_covers_medical_care_cmiss_does_not(matrix, countries) -> None:
    """`andean` (Table 6, row 3: Bolivia, Colombia, Ecuador, Peru; all benefits) covers medical
    care; `cmiss` (BO, EC, PE among its parties) does not list it; `bt-ec-pe` ("With seven")
    may."""
    r = check_history(matrix, ["Bolivia", "Ecuador", "Peru"], "medical_care", registry=countries)
    assert keys(r) == {grp("andean", "BO EC PE"), grp("bt-ec-pe", "EC PE", "unknown")}


def test_names_in_both_languages_codes_and_aliases(matrix, countries) -> None:
    """Same history as test_peru_chile_spain...: Spanish, English, ISO codes, demonyms and
    missing accents resolve to the same countries and groups."""
    spellings = [
        ["Perú", "Chile", "España"],
        ["Peru", "Chile", "Spain"],
        ["PE", "CL", "ES"],
        ["peru", "chile", "espana"],
        ["PER", "CHL", "ESP"],
    ]
    results = [check_history(matrix, s, "vejez", registry=countries) for s in spellings]
    assert all(codes(r.countries) == ["PE", "CL", "ES"] for r in results)
    assert len({frozenset(keys(r)) for r in results}) == 1
    english = check_history(matrix, ["Mexico", "the US", "Canada"], "old-age", registry=countries)
    spanish = check_history(
        matrix, ["méxico", "Estados Unidos", "canada"], "jubilación", registry=countries
    )
    assert codes(english.countries) == codes(spanish.countries) == ["MX", "US", "CA"]
    assert english.benefit is spanish.benefit is Benefit.OLD_AGE


def test_duplicates_are_merged(matrix, countries) -> None:
    r = check_history(matrix, ["Perú", "Chile", "PE", "peru"], "old_age", registry=countries)
    assert codes(r.countries) == ["PE", "CL"]
    assert r.duplicates == ["PE", "peru"]
    assert keys(r) == {grp("cmiss", "PE CL"), grp("bt-cl-pe", "PE CL", "unknown")}


@pytest.mark.parametrize("given", [["Perú", "PE"], ["Peru"], "Peru", []])
def test_fewer_than_two_countries_is_a_clear_error(matrix, countries, given) -> None:
    with pytest.raises(TooFewCountriesError, match="at least two different countries") as err:
        check_history(matrix, given, "old_age", registry=countries)
    assert isinstance(err.value, ValueError)


def test_unknown_country_error_with_suggestions(matrix, countries) -> None:
    with pytest.raises(UnknownCountryError) as err:
        check_history(matrix, ["Peru", "Narnia", "Chile"], registry=countries)
    assert err.value.name == "Narnia" and err.value.suggestions
    with pytest.raises(UnknownCountryError) as pair_err:
        check_coverage(matrix, "Peru", "Narnia", countries=countries)
    assert pair_err.value.suggestions == err.value.suggestions  # the same resolution


# -- absences, unknown pairs, unilateral measures -------------------------------------------


def test_stated_absence_is_no_and_silence_is_unknown(matrix, countries) -> None:
    """absences.yaml `abs-mx-us` (§3.2, paragraph after Table 5: "there is no international
    social security treaty between these two parties"); nothing about Canada with either."""
    r = check_history(matrix, ["Mexico", "United States", "Canada"], "old_age", registry=countries)
    assert r.groups == [] and codes(r.alone) == ["MX", "US", "CA"]
    stated = [(p.a.code, p.b.code) for p in r.pairs if p.stated_none]
    assert stated == [("MX", "US")]
    assert {(p.a.code, p.b.code) for p in r.unknown_pairs} == {("MX", "CA"), ("US", "CA")}
    assert r.pairs[0].absences[0].id == "abs-mx-us"
    assert any("unknown, not that there is none" in n for n in r.notes)


def test_unilateral_measures_of_residence_and_nationality(matrix, countries) -> None:
    """unilateral.yaml: `exp-us` (footnote 8) pays pensions abroad but excludes nationals of
    Paraguay; with roles, the measures are those of the residence and the nationality plus
    the pension exportability of the countries worked in."""
    r = check_history(
        matrix, ["US", "Mexico", "Canada"], "old_age", nationality="paraguayo", registry=countries
    )
    assert r.nationality is not None and r.nationality.code == "PY"
    ids = [u.id for u in r.unilateral]
    assert "exp-us" in ids and "irr-mx" not in ids and "vi-t2-r4-mx" not in ids
    excluded = [n for n in r.note_details if n.kind == "unilateral" and "Paraguay" in n.text]
    assert excluded and "does not apply" in excluded[0].text
    symmetric = check_history(matrix, ["US", "Mexico", "Canada"], "old_age", registry=countries)
    assert {"exp-us", "irr-mx", "vi-t2-r4-mx"} <= {u.id for u in symmetric.unilateral}
    roles = check_history(
        matrix, ["Colombia", "Peru"], nationality="VE", residence="Chile", registry=countries
    )
    assert {"exp-ve", "irr-cl"} <= {u.id for u in roles.unilateral}
    assert "vi-t2-r2-co" not in {u.id for u in roles.unilateral}


# -- no benefit given ---------------------------------------------------------------------------


def test_no_benefit_gives_each_branch_and_merges_groups(matrix, countries) -> None:
    """`bt-ar-pe` ("With eight benefits") is never itemised, so it stays "may cover" in every
    branch and in the merged view; `cmiss` covers four branches."""
    r = check_history(matrix, ["Peru", "Argentina", "Spain"], registry=countries)
    assert [b.benefit for b in r.branches] == list(ILO_BRANCHES)
    merged = {g.instrument.id: g for g in r.groups}
    assert merged["cmiss"].status == "covered"
    assert set(merged["cmiss"].benefits) == {
        Benefit.INVALIDITY,
        Benefit.OLD_AGE,
        Benefit.SURVIVORS,
        Benefit.EMPLOYMENT_INJURY,
    }
    assert merged["bt-ar-pe"].status == "unknown" and merged["bt-ar-pe"].benefits == []
    assert r.branch("unemployment").groups[0].instrument.id in {"bt-ar-pe", "bt-es-pe"}
    assert all(not g.confirmed for g in r.branch("unemployment").groups)


def test_emergency_care_branch_only_when_it_adds_something(matrix, countries) -> None:
    """Table 4 rows 1 and 8 (`ii-r01-gt-cr-emergency`, `ii-r08-ni-gt-emergency`) cover
    emergency medical care only; row 10 repeats row 8 and is counted once."""
    r = check_history(matrix, ["Guatemala", "Costa Rica", "Nicaragua"], registry=countries)
    assert r.branches[-1].benefit is Benefit.EMERGENCY_MEDICAL_CARE and len(r.branches) == 10
    assert keys(r) == {
        grp("ii-r01-gt-cr-emergency", "GT CR"),
        grp("ii-r02-cr-ni-medical", "CR NI"),
        grp("ii-r08-ni-gt-emergency", "GT NI"),
    }
    assert any(n.kind == "duplicate" for n in r.note_details)
    assert len(check_history(matrix, ["Peru", "Chile"], registry=countries).branches) == 9


# -- invariants over many histories -----------------------------------------------------------

HISTORIES = [
    ["VE", "CO", "PE", "CL"],
    ["PE", "AR", "ES"],
    ["MX", "US", "CA"],
    ["JM", "BB", "CA", "TT"],
    ["BO", "UY", "CR", "VE", "PT"],
    ["SV", "GT", "HN", "NI", "PA", "DO"],
    ["EC", "UY", "ES", "CL"],
    ["BR", "CL", "AR", "France"],
]


@pytest.mark.parametrize("history", HISTORIES, ids="-".join)
def test_groups_never_chain_across_instruments(matrix, countries, history) -> None:
    names, history = history, [countries.resolve(h).code for h in history]
    for benefit in [*ILO_BRANCHES, None]:
        r = check_history(matrix, names, benefit, registry=countries)
        for g in r.groups:
            inst = g.instrument
            assert len(g.countries) >= 2
            assert set(g.codes) == set(inst.parties) & set(history)  # every party, no other
            assert not inst.framework and inst.kind.value != "ilo_convention"
            if inst.is_bilateral:
                assert len(g.countries) == 2
        joined = {c for g in r.groups for c in g.codes}
        assert {c.code for c in r.alone} == set(history) - joined
        together = {frozenset(p) for g in r.groups for p in combinations(g.codes, 2)}
        assert all(frozenset((p.a.code, p.b.code)) not in together for p in r.pairs)
        assert len(r.pairs) + len(together) == len(list(combinations(history, 2)))


@pytest.mark.parametrize("history", HISTORIES, ids="-".join)
def test_agrees_with_the_two_country_check(matrix, countries, history) -> None:
    """For each pair and branch, the groups holding both countries are exactly the
    instruments check_coverage finds covering (or leaving open) the benefit."""
    resolved = [countries.resolve(h) for h in history]
    for benefit in ILO_BRANCHES:
        r = check_history(matrix, resolved, benefit, registry=countries)
        for ca, cb in combinations(resolved, 2):
            a, b = ca.code, cb.code
            pair = check_coverage(matrix, ca, cb, benefit, countries=countries)
            held = {g.instrument.id: g.status for g in r.groups if {a, b} <= set(g.codes)}
            expected = {
                i: s
                for i, s in pair.statuses.items()
                if s in ("covered", "unknown") and matrix.get(i).kind.value != "ilo_convention"
            }
            assert held == expected, (a, b, benefit)
            assert {i for i, s in held.items() if s == "covered"} == set(pair.covered_by)
