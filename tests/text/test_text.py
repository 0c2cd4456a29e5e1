"""The text stage: one length-keeping fold, lookup keys, words, blanking, stems, sentences and
the cleaning of a question."""

from __future__ import annotations

import re

import pytest

from ssassist.errors import EmptyQuestionError
from ssassist.text.clean import clean_question
from ssassist.text.normalize import (
    blank,
    fold,
    fold_key,
    normalize_space,
    strip_footnote_refs,
    term_pattern,
    word_spans,
    words,
)
from ssassist.text.sentences import sentences
from ssassist.text.stems import char_ngrams, stem_words, term_stems


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Pensión", "pension"),
        ("PERÚ y México", "peru y mexico"),
        ("año", "ano"),
        ("Ärzte ½", "arzte ½"),
        ("ﬁ", "ﬁ"),  # a ligature folds to two letters: kept, so the length holds
    ],
)
def test_fold_lowers_and_strips_accents_keeping_the_length(text: str, folded: str):
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


def test_fold_can_keep_the_enye():
    assert fold("Año España", keep_enye=True) == "año españa"


def test_a_span_found_in_the_folded_text_is_the_same_span_in_the_original():
    text = "Convenio entre PERÚ y Panamá"
    start = fold(text).index("peru")
    assert text[start : start + 4] == "PERÚ"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("EE.UU.", "eeuu"),
        ("Perú", "peru"),
        ("St. Lucia", "st lucia"),
        ("Trinidad & Tobago", "trinidad and tobago"),
    ],
)
def test_fold_key_drops_punctuation_and_collapses_spaces(text: str, key: str):
    assert fold_key(text) == key


def test_term_pattern_matches_spacing_hyphen_and_dot_variants():
    pattern = re.compile(term_pattern("old-age pension"))
    for text in ("old age pension", "old-age pension", "old  age  pension"):
        assert pattern.fullmatch(fold(text, keep_enye=True)), text
    assert re.compile(term_pattern("EE.UU.")).fullmatch("eeuu")


def test_words_and_their_spans():
    text = "Old-age (pensión) 2024!"
    assert words(text) == ["Old", "age", "pensión", "2024"]
    assert [text[a:b] for a, b in word_spans(text)] == words(text)


def test_blank_keeps_length_and_offsets():
    text = "según la revisión regional, ¿qué países?"
    start = text.index("la revisión regional")
    out = blank(text, [(start, start + len("la revisión regional"))])
    assert len(out) == len(text)
    assert out.index("¿qué") == text.index("¿qué")
    assert "revisión" not in out


def test_footnote_references_and_spaces():
    assert strip_footnote_refs("Costa Rica[^9], Ecuador") == "Costa Rica, Ecuador"
    assert normalize_space(" a\n\t b  c ") == "a b c"


def test_stems_keep_stopwords_for_positions_and_terms_drop_them():
    assert stem_words("las pensiones para migrantes", "es")[:1] == ["las"]
    assert "para" in stem_words("las pensiones para migrantes", "es")  # not "par" (paro)
    terms = term_stems("las pensiones para migrantes", "es")
    assert "las" not in terms and "para" not in terms
    # Spanish and English stems of the same word meet
    assert set(term_stems("pension", "en")) & set(term_stems("pensión", "es"))


def test_char_ngrams_skip_short_words_and_stopwords():
    grams = char_ngrams("el porcentaje de la cotización", "es")
    assert "_por" in grams and "taje" in grams
    assert not any(g.startswith("_el") or g.startswith("_de") for g in grams)


def test_sentences_are_verbatim_and_keep_abbreviations():
    text = "The U.S. pays pensions abroad, e.g. to Peru. Brazil does too."
    got = sentences(text, "en")
    assert got == ["The U.S. pays pensions abroad, e.g. to Peru.", "Brazil does too."]
    assert all(s in text for s in got)
    assert sentences("   ", "es") == []


def test_clean_question_drops_control_and_invisible_characters_and_cuts():
    assert clean_question("Hola\x00 mundo\u200b?", 100) == ("Hola  mundo?", False)
    assert clean_question("pensi\udcf3n", 100) == ("pensi\ufffdn", False)
    assert clean_question("x" * 60, 50) == ("x" * 50, True)
    for empty in ("", " \u200b\ufeff ", "\x00\x07"):
        with pytest.raises(EmptyQuestionError):
            clean_question(empty, 100)
    with pytest.raises(TypeError):
        clean_question(None, 100)  # type: ignore[arg-type]
