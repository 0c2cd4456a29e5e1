"""The work-history answer: one plain first sentence, a list by instrument, the unknowns."""

from __future__ import annotations

import pytest

from ssassist.assistant import Assistant
from ssassist.config import Settings
from tests.paths import ROOT


@pytest.fixture(scope="module")
def asst() -> Assistant:
    return Assistant(Settings(project_dir=ROOT), translator=None)


def test_a_multilateral_binding_all_three_heads_the_answer(asst):
    a = asst.history_answer(["Perú", "Chile", "España"], "old_age", lang="es")
    first = a.answer.splitlines()[0]
    assert first.startswith("Sus años en Perú, Chile y España se pueden sumar")
    assert "Multilateral Iberoamericano" in first and "[1]" in first
    assert "marco" in a.answer  # COISS opens nothing by itself
    assert all(c.text for c in a.citations)


def test_unknown_pairs_are_not_a_no(asst):
    a = asst.history_answer(["Mexico", "United States", "Canada"], "old_age", lang="en")
    assert "there is no agreement between them" in a.answer  # Mexico–United States, stated
    assert "that does not mean there is none" in a.answer  # Canada's pairs: nothing said
    assert a.answer.splitlines()[0].startswith("The documents name no agreement")


def test_two_bilaterals_are_never_chained(asst):
    """Chile–Spain and Chile–Colombia treaties do not make one group of the three."""
    r = asst.check_history(["Colombia", "Chile", "España"], "old_age")
    assert all(len(g.countries) == 2 for g in r.groups if g.instrument.kind != "multilateral")
    assert not any(
        {c.code for c in g.countries} == {"CO", "CL", "ES"} and g.instrument.kind != "multilateral"
        for g in r.groups
    )


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_jargon_in_the_history_answer(asst, lang):
    a = asst.history_answer(["PE", "CL", "ES"], None, lang=lang)
    for word in ("corpus", "matrix", "matriz", "000_", "documento 0", "document 0"):
        assert word not in a.answer
