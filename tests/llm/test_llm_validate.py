"""Validation of generated answers: citations must name given passages, verdicts must be the
check's."""

from __future__ import annotations

from functools import partial

import pytest

from ssassist.answering.citations import source_citation
from ssassist.answering.coverage import compose_coverage
from ssassist.llm.validate import cited_numbers, contradicts, opening_verdict, renumber, validate
from ssassist.matrix import ILO_BRANCHES, load_matrix
from ssassist.matrix.check import check_coverage


def test_markers_are_read_in_every_common_form():
    assert cited_numbers("A [1]. B [2, 3] and [4-6]; C [7][1].") == [1, 2, 3, 4, 5, 6, 7, 1]
    assert cited_numbers("No markers, [a] or [^8] here.") == []


def test_kept_markers_are_renumbered_by_first_use_and_others_dropped():
    text, order = renumber("Brazil pays [3]. Peru too [9][1]. Again [3, 1].", valid={1, 2, 3})
    assert text == "Brazil pays [1]. Peru too [2]. Again [1][2]."
    assert order == [3, 1]


def test_a_valid_answer_passes_unchanged_but_renumbered():
    checked = validate("Brazil pays pensions abroad [2].", n_passages=3, lang="en")
    assert checked.replace is None and checked.repairs == []
    assert checked.text == "Brazil pays pensions abroad [1]." and checked.cited == [2]


def test_a_marker_naming_no_passage_is_dropped_when_a_valid_one_remains():
    checked = validate(
        "Brazil pays pensions abroad [1][7]. So does Peru [8].", n_passages=2, lang="en"
    )
    assert checked.replace is None
    assert checked.repairs == ["bad_citations"]
    assert checked.text == "Brazil pays pensions abroad [1]. So does Peru." and checked.cited == [1]


@pytest.mark.parametrize(
    "text",
    [
        "Brazil pays pensions abroad.",
        "Brazil pays pensions abroad [4].",
        "",
        "The documents do not say.",
    ],
)
def test_an_answer_citing_no_given_passage_is_replaced(text):
    assert validate(text, n_passages=3, lang="en").replace == "uncited"


@pytest.mark.parametrize(
    ("text", "lang", "verdict"),
    [
        ("Yes. They are covered [1].", "en", True),
        ("**No**, there is none [1].", "en", False),
        ("Unknown: the documents do not say [1].", "en", None),
        ("Sí. Están cubiertos [1].", "es", True),
        ("No se sabe. Los documentos no lo detallan [1].", "es", None),
        ("No. No existe convenio [1].", "es", False),
        ("Si usted trabajó en ambos países... [1]", "es", "absent"),
        ("Argentina and Brazil share an agreement [1].", "en", "absent"),
    ],
)
def test_the_opening_verdict_is_read_in_both_languages(text, lang, verdict):
    assert opening_verdict(text, lang) == verdict


@pytest.mark.parametrize(
    ("text", "covered", "lang"),
    [
        ("Yes. Argentina and Mexico are covered by an agreement [1].", False, "en"),
        ("Yes. They are covered [1].", None, "en"),
        ("Your years in both countries are covered by the treaty [1].", False, "en"),
        ("The treaty covers your invalidity pension [1].", None, "en"),
        ("No. There is no agreement [1].", True, "en"),
        ("There is no agreement between them [1].", True, "en"),
        ("Sí. Sus años están cubiertos [1].", False, "es"),
        ("El convenio cubre su pensión de invalidez [1].", None, "es"),
        ("No. No existe convenio entre ambos [1].", True, "es"),
        ("Unknown. The documents do not say [1].", True, "en"),
    ],
)
def test_an_answer_stating_another_verdict_than_the_check_is_a_contradiction(text, covered, lang):
    assert contradicts(text, covered, lang)
    assert validate(text, 1, lang, covered, "Check's verdict [1].").replace == "contradiction"


@pytest.mark.parametrize(
    ("text", "covered", "lang"),
    [
        ("Yes. Argentina and Brazil are covered for old-age by the multilateral [1].", True, "en"),
        (
            "No. The documents state there is no agreement; your years are not covered [1].",
            False,
            "en",
        ),
        ("Unknown. The documents do not itemise whether invalidity is covered [1].", None, "en"),
        ("No se sabe. Los documentos no detallan si cubre la invalidez [1].", None, "es"),
        ("No. Ninguno de ellos cubre la maternidad [1].", False, "es"),
    ],
)
def test_an_answer_keeping_the_checks_verdict_is_not_a_contradiction(text, covered, lang):
    assert not contradicts(text, covered, lang)
    assert validate(text, 1, lang, covered, "Check's verdict [1].").replace is None


def test_an_answer_stating_no_verdict_gets_the_checks_verdict_in_front():
    checked = validate(
        "The multilateral binds both [2].", 2, "en", True, "Yes. They are covered by: X [1]."
    )
    assert checked.replace is None and checked.repairs == ["verdict_added"]
    assert checked.text == "Yes. They are covered by: X [1].\n\nThe multilateral binds both [2]."
    assert checked.cited == [1, 2]


def test_a_verdict_sentence_does_not_make_an_uncited_answer_valid():
    assert (
        validate("The multilateral binds both.", 2, "en", True, "Yes. By X [1].").replace
        == "uncited"
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_checks_own_wording_never_counts_as_a_contradiction(lang):
    """Whatever the real matrix answers, its own wording passes (no false replacement)."""
    matrix = load_matrix()
    codes = sorted({p for i in matrix.instruments for p in i.parties})[:24]
    cite = partial(source_citation, {})
    seen = set()
    for a in codes:
        for b in codes:
            if a >= b:
                continue
            for benefit in (None, *ILO_BRANCHES[::3]):
                result = check_coverage(matrix, a, b, benefit)
                text, citations = compose_coverage(result, lang, cite)
                if not citations:
                    continue
                seen.add(result.reason)
                assert not contradicts(text, result.covered, lang), (a, b, benefit, text)
    assert {"instrument_covers", "no_instrument_covers"} <= seen
