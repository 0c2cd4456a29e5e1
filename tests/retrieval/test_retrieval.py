"""Hybrid retrieval over the real corpus: across languages, with citable hits, on the dev split."""

from __future__ import annotations

from collections import defaultdict

import pytest

from ssassist.evaluation.gold import FactualItem, chunk_contains, gold_chunks, load_gold
from ssassist.evaluation.metrics import first_rank
from tests.paths import ROOT

pytestmark = pytest.mark.slow

DOC_000 = "000_a51be7ce2c2609d8"
DOC_001 = "001_b7d32d23184dd1b8"
DOC_002 = "002_5f552745fca9ad5f"
DOC_003 = "003_789b0dbb14d54f7b"


def cited_doc(chunk) -> str:  # type: ignore[no-untyped-def]
    """The document a hit is cited from: its own, or for a matrix record, the one it transcribes."""
    return chunk.source_doc if chunk.kind == "matrix" else chunk.doc_id


def finds(hits, doc_id: str, passage: str) -> bool:  # type: ignore[no-untyped-def]
    return any(cited_doc(h.chunk) == doc_id and chunk_contains(h.chunk, passage) for h in hits)


def found_in_top_5(asst, question: str, doc_id: str, passage: str) -> bool:  # type: ignore[no-untyped-def]
    return finds(asst.retrieve(question, top_k=5), doc_id, passage)


SPANISH_QUESTIONS_ENGLISH_PASSAGES = [
    pytest.param(
        "¿Qué países pagan pensiones a migrantes en el extranjero?",
        DOC_000,
        "The United States offers overseas payment of disability, old-age and survivors' pensions "
        "for citizens of any American country",
        id="exportability-footnote-8",
    ),
    pytest.param(
        "¿Cuál es el costo mensual del Salvadoreño Seguro para 2022?",
        DOC_003,
        "Thus, access to the programme has a monthly cost of US$68.04 for 2022.",
        id="salvadoreno-seguro-cost",
    ),
    pytest.param(
        "¿Quién firmó el acuerdo de cooperación entre la OIM y la OISS?",
        DOC_002,
        "by IOM’s Regional Director for South America Diego Beltrand, and the Secretary-General",
        id="oim-oiss-signatories",
    ),
    pytest.param(
        "¿A qué nacionalidades no les paga Estados Unidos las pensiones en el extranjero?",
        DOC_000,
        "(except nationals of Paraguay and Suriname)",
        id="us-pensions-exceptions",
    ),
]

ENGLISH_QUESTIONS_SPANISH_PASSAGES = [
    pytest.param(
        "Which countries have welfare funds for migrant workers?",
        DOC_001,
        "Establecidos primariamente en países como Bangladesh, Filipinas, la India, Myanmar, Nepal",
        id="welfare-funds-asia",
    ),
    pytest.param(
        "How many of the 258 million migrants had access to comprehensive social protection?",
        DOC_001,
        "en 2017, solo 59 millones de migrantes —de un total de 258 millones— tenían acceso a una "
        "protección social integral",
        id="59-million-of-258",
    ),
    pytest.param(
        "How did Morocco adapt its social security system for migrants?",
        DOC_001,
        "Uno de ellos es Marruecos, que, aplicando un enfoque basado en los derechos humanos a su "
        "política migratoria, ha adaptado su sistema de seguridad social",
        id="morocco",
    ),
    pytest.param(
        "Which African countries set up social security for migrants, like Kenya and South Africa?",
        DOC_001,
        "Varios países africanos, entre ellos, Kenya y Sudáfrica",
        id="kenya-south-africa",
    ),
]


@pytest.mark.parametrize(("question", "doc_id", "passage"), SPANISH_QUESTIONS_ENGLISH_PASSAGES)
def test_a_spanish_question_finds_the_english_passage(assistant, question, doc_id, passage):
    assert found_in_top_5(assistant, question, doc_id, passage)


@pytest.mark.parametrize(("question", "doc_id", "passage"), ENGLISH_QUESTIONS_SPANISH_PASSAGES)
def test_an_english_question_finds_the_spanish_passage(assistant, question, doc_id, passage):
    assert found_in_top_5(assistant, question, doc_id, passage)


def test_hits_carry_what_a_citation_needs(assistant):
    docs = assistant.documents
    hits = assistant.retrieve("¿Qué países pagan pensiones a migrantes en el extranjero?", top_k=5)
    assert len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        chunk = hit.chunk
        assert chunk.doc_id and chunk.title and chunk.text.strip()
        assert chunk.language in ("es", "en")
        assert isinstance(chunk.section, str)
        assert isinstance(chunk.position, int) and chunk.position >= 0
        if chunk.kind == "matrix":  # a matrix record cites the document passage it transcribes
            assert chunk.source_doc in docs and chunk.source_locator and chunk.source_quote
        else:
            assert chunk.title == docs[chunk.doc_id].title
            assert chunk.language == docs[chunk.doc_id].language
    footnote = next(h.chunk for h in hits if "[^8]:" in h.chunk.text)  # footnote 8 + its paragraph
    assert footnote.doc_id == DOC_000
    assert footnote.section.startswith("3. Social security mechanisms for migrants")


@pytest.fixture(scope="module")
def dev_factual(tmp_path_factory: pytest.TempPathFactory) -> list[FactualItem]:
    """The factual items of the gold dev split (eval/gold/dev_*.yaml).

    Only the dev files are loaded (linked into a folder of their own): the held-out
    test files are not read here.
    """
    folder = tmp_path_factory.mktemp("gold-dev")
    for path in sorted((ROOT / "eval" / "gold").glob("dev_*.yaml")):
        (folder / path.name).symlink_to(path)
    items = [it for it in load_gold(folder) if isinstance(it, FactualItem)]
    assert items and {it.split for it in items} == {"dev"}
    return items


def test_dev_split_recall_at_5_per_language(assistant, dev_factual):
    """Counted as ``ssassist eval`` counts: the gold passage's chunks among the first five."""
    chunks = assistant.retriever.chunks
    found: dict[str, list[bool]] = defaultdict(list)
    for item in dev_factual:
        gold = gold_chunks(chunks, item.doc_id, item.passage)
        ids = [h.chunk.id for h in assistant.retrieve(item.question, top_k=5)]
        found[item.lang].append(first_rank(ids, gold) is not None)
    recall = {lang: sum(f) / len(f) for lang, f in found.items()}
    assert set(recall) == {"es", "en"}
    # Floors against regressions, one question below the figures measured on the 80 + 80
    # questions (es 0.812, en 0.887, as `ssassist eval --split dev` reports them). They are
    # under the target of 0.9 that the first, 60-question dev set met (es 0.900, en 0.967).
    assert recall["es"] >= 0.80, recall
    assert recall["en"] >= 0.875, recall


def test_a_question_naming_its_source_finds_the_passage_not_the_annex(assistant):
    """ "Regional Review" fills the annexes of 004; named as the source it must not outrank the
    answer."""
    question = (
        "What did the GCM regional review recommend to improve portability of social security "
        "between countries?"
    )
    passage = (
        "starting by increasing the ratification level of the Ibero-American Convention on "
        "Social Security"
    )
    hits = assistant.retrieve(question, top_k=5)
    assert any(chunk_contains(h.chunk, passage) for h in hits), [h.chunk.id for h in hits]
