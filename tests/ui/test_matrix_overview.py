"""Matrix overviews for the app: pickers, heat-map grids and the sources table, via check."""

from __future__ import annotations

from ssassist.matrix import Benefit, InstrumentKind, load_countries
from ssassist.text.normalize import fold_key
from ssassist.ui.matrix_overview import (
    MATRIX_COLUMNS,
    benefit_choices,
    country_choices,
    grid_countries,
    pair_benefits,
    pair_grid,
    partner_grid,
    verdict_of,
)
from ssassist.ui.sources_tab import filter_instruments, instrument_rows


def test_country_choices_carry_both_names_and_every_curated_country():
    es = dict((code, label) for label, code in country_choices("es"))
    en = dict((code, label) for label, code in country_choices("en"))
    assert set(es) == set(en) == {c.code for c in load_countries()}
    assert es["US"] == "Estados Unidos · United States"
    assert en["US"] == "United States · Estados Unidos"
    assert es["AR"] == "Argentina"  # same name in both languages: written once
    labels = [label for label, _ in country_choices("es")]
    assert (
        labels.index("Alemania · Germany")
        < labels.index("Argentina")
        < labels.index("Brasil · Brazil")
    )


def test_benefit_choices_are_the_ten_benefit_ids():
    assert [v for _, v in benefit_choices("en")] == [b.value for b in Benefit]
    assert dict((v, label) for label, v in benefit_choices("es"))["old_age"] == "Vejez"


def test_pair_grid_is_symmetric_and_says_what_the_check_says(matrix_assistant):
    grid = pair_grid(matrix_assistant, "old_age", codes=["AR", "PE", "MX", "US", "CL"])
    assert grid.rows == grid.cols == ["AR", "PE", "MX", "US", "CL"]
    for i, a in enumerate(grid.rows):
        assert grid.cells[i][i] is None
        for j, b in enumerate(grid.cols):
            if i != j:
                result = matrix_assistant.check(a, b, "old_age")
                assert grid.cells[i][j] == grid.cells[j][i] == verdict_of(result)
                assert grid.counts[i][j] == len(result.covered_by)
    mx, us = grid.index("MX"), grid.index("US")
    assert grid.cells[mx][us] == "not_covered"  # the corpus states there is no agreement
    assert grid.row_labels["es"][grid.index("US")] == "Estados Unidos"


def test_the_default_grid_holds_every_country_an_agreement_names(matrix_assistant):
    codes = grid_countries(matrix_assistant, "es")
    named = {
        p
        for i in matrix_assistant.matrix.instruments
        if i.kind is not InstrumentKind.UNILATERAL
        for p in i.parties
    }
    assert set(codes) == {
        c
        for c in named | {p for a in matrix_assistant.matrix.absences for p in a.parties}
        if c in load_countries()
    }
    regions = [load_countries().get(c).region == "americas" for c in codes]
    assert regions == sorted(regions, reverse=True)  # the Americas first
    grid = pair_grid(matrix_assistant)
    assert {v for row in grid.cells for v in row} >= {
        "covered",
        "not_covered",
        "unknown",
        "no_data",
        None,
    }


def test_partner_grid_lists_partners_by_benefit_and_adds_the_selected_one(matrix_assistant):
    grid = partner_grid(matrix_assistant, "AR", extra=["JP"])
    assert "PE" in grid.rows and "JP" in grid.rows and "AR" not in grid.rows
    assert grid.cols == [b.value for b in Benefit]
    pe = grid.index("PE")
    for j, benefit in enumerate(grid.cols):
        assert grid.cells[pe][j] == verdict_of(matrix_assistant.check("AR", "PE", benefit))
    assert set(grid.cells[grid.index("JP")]) == {"no_data"}


def test_pair_benefits_follow_the_check_benefit_by_benefit(matrix_assistant):
    rows = pair_benefits(matrix_assistant, "Perú", "Argentina")
    assert [r.benefit for r in rows] == [b.value for b in Benefit]
    for r in rows:
        result = matrix_assistant.check("Perú", "Argentina", r.benefit)
        assert r.verdict == verdict_of(result)
        assert r.covered_by == result.covered_by
    old_age = next(r for r in rows if r.benefit == "old_age")
    assert old_age.verdict == "covered" and "cmiss" in old_age.covered_by


def test_matrix_table_has_one_row_per_instrument_with_its_source(matrix_assistant):
    rows = instrument_rows(matrix_assistant, "es")
    expected = [i for i in matrix_assistant.matrix.instruments if i.in_force and not i.duplicate_of]
    assert len(rows) == len(expected)
    assert all(len(r["cells"]) == len(MATRIX_COLUMNS["es"]) for r in rows)
    by_name = {r["cells"][0]: r for r in rows}
    for inst in expected:
        row = by_name[inst.display_name("es")]
        assert row["source"] == (inst.source.doc_id, inst.source.locator, inst.source.quote)
    # rows sharing a source come together, so the table shows each quote once
    sources = [r["source"] for r in rows]
    runs = [s for k, s in enumerate(sources) if k == 0 or sources[k - 1] != s]
    assert len(runs) == len(set(sources)) < len(rows)


def test_search_ignores_accents_and_case_and_needs_every_word(matrix_assistant):
    rows = instrument_rows(matrix_assistant, "es")
    peru = filter_instruments(rows, "PERU")
    assert any(r["cells"][0] == "Convenio de seguridad social Argentina–Perú" for r in peru)
    assert all("peru" in fold_key(" ".join(r["cells"])) for r in peru)
    quote_only = [
        r for r in rows if "Peru" in r["source"][2] and "peru" not in fold_key(" ".join(r["cells"]))
    ]
    assert quote_only  # e.g. Brazil–Chile, quoted from "Argentina-Peru and Brazil-Chile"
    assert not any(r in peru for r in quote_only)  # the quote alone does not make a match
    both = filter_instruments(rows, "peru vejez")
    assert both and all(r in peru for r in both)
    assert filter_instruments(rows, "  ") == rows
    assert filter_instruments(rows, "zzzz-no-such-thing") == []
