"""Glossary matching and query analysis (no model, no index)."""

from __future__ import annotations

from ssassist.query.analysis import analyze_query
from ssassist.query.glossary import default_glossary


def ids(text: str, lang: str = "es") -> list[str]:
    return [m.entry.id for m in default_glossary().find(text, lang)]


def test_own_language_matches_on_stems() -> None:
    assert "signature" in ids("¿Qué países firmaron el convenio?")
    assert "countries_word" in ids("¿Qué países firmaron el convenio?")


def test_stopwords_are_not_stemmed_into_terms() -> None:
    # stemmed, "para" would be "par", the stem of "paro" (unemployment)
    assert "unemployment" not in ids("un seguro para salvadoreños")
    assert "unemployment" in ids("estoy en paro")


def test_other_language_matches_only_as_written() -> None:
    assert "maternity" not in ids("take part in the review", "en")


def test_match_spans_point_into_the_text() -> None:
    text = "mi pensión de vejez"
    (match,) = [m for m in default_glossary().find(text, "es") if m.entry.id == "old_age"]
    assert text[match.span[0] : match.span[1]] == match.surface


def test_terms_inside_country_names_are_ignored() -> None:
    analysis = analyze_query("¿Cuánto cuesta el seguro en Costa Rica?")
    found = [t.entry.id for t in analysis.terms]
    assert found.count("cost_amount") == 1  # from "cuesta", not from "Costa"
    assert ("Costa Rica", "Costa Rica") in analysis.countries


def test_longer_term_starting_with_a_demonym_is_kept() -> None:
    analysis = analyze_query("Si me afilio al Salvadoreño Seguro, ¿qué cubre?")
    assert "salvadoreno_seguro" in [t.entry.id for t in analysis.terms]
    assert "salvadoreño seguro" in analysis.text_en
