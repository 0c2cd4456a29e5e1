"""Questions that name their source document: found, kept out of the search words, used as a
prior."""

from __future__ import annotations

from ssassist.ingest.corpus import load_corpus
from ssassist.query.analysis import analyze_query
from ssassist.query.source_refs import SourceRefs
from ssassist.text.normalize import blank
from tests.paths import ROOT

REFS = SourceRefs(
    {"004": ["regional review", "revisión regional"], "000": ["nota técnica de la CISS", "CISS"]}
)


def test_names_of_documents_are_found_accent_and_case_insensitively_longest_first():
    text = "Según la Revision Regional y la nota tecnica de la CISS, ¿qué pasa?"
    found = REFS.find(text)
    assert [(doc, text[s:e]) for doc, (s, e) in found] == [
        ("004", "Revision Regional"),
        ("000", "nota tecnica de la CISS"),
    ]


def test_a_name_inside_a_longer_word_is_not_a_reference():
    assert REFS.find("the CISSA report and regional reviewers") == []


def test_blank_keeps_offsets():
    assert blank("abc def", [(0, 3)]) == "    def"


def test_the_source_name_is_left_out_of_what_is_searched_for():
    a = analyze_query(
        "What did the regional review recommend about portability of pensions?", sources=REFS
    )
    assert a.sources == ["004"]
    assert "regional review" not in a.search_text and "portability" in a.search_text
    assert "regional review" not in a.text_en
    assert all(t.entry.id != "gcm_regional_review" for t in a.terms)


def test_a_question_about_the_source_itself_keeps_its_words():
    a = analyze_query("What is the regional review?", sources=REFS)
    assert a.sources == ["004"]
    assert a.search_text == a.question


def test_every_document_of_the_corpus_says_how_it_may_be_cited():
    docs = load_corpus(ROOT / "corpus")
    assert docs and all(d.meta.cited_as for d in docs)
    refs = SourceRefs({d.id: d.meta.cited_as for d in docs})
    assert [doc for doc, _ in refs.find("según la revisión regional del Pacto Mundial")] == [
        "004_047b9266444dbffe"
    ]
