"""Lexical pieces of hybrid retrieval: concept terms, query terms, cognate n-grams."""

from __future__ import annotations

from ssassist.query.analysis import analyze_query
from ssassist.query.glossary import default_glossary
from ssassist.retrieval.terms import concept_terms, query_terms, uncovered_text
from ssassist.text.stems import char_ngrams


def test_concept_terms_are_language_neutral() -> None:
    g = default_glossary()
    es = concept_terms("la revisión regional del pacto", "es", g)
    en = concept_terms("the regional review of the compact", "en", g)
    assert "@gcm_regional_review" in es and "@gcm_regional_review" in en


def test_concept_terms_name_countries_by_code() -> None:
    assert "@MX" in concept_terms("migrantes de México", "es", default_glossary())


def test_query_terms_use_the_question_and_the_other_language() -> None:
    terms = query_terms(analyze_query("¿Qué países firmaron el convenio?"))
    assert "firmaron" not in terms  # stemmed
    assert "@signature" in terms and "sign" in terms  # concept and English rendering


def test_uncovered_text_blanks_glossary_terms_and_countries() -> None:
    analysis = analyze_query("porcentaje de inmigrantes en México")
    rest = uncovered_text(analysis)
    assert "México" not in rest and "inmigrantes" not in rest


def test_cognates_share_char_ngrams() -> None:
    es, en = set(char_ngrams("porcentaje", "es")), set(char_ngrams("percentage", "en"))
    assert {"cent", "enta"} <= es & en
    assert char_ngrams("de la para", "es") == []  # stopwords and short words give none
