"""The "rendered" ranking: a Spanish question's own words against the Spanish renderings of
the English passages (made at ingest), fused like the other rankings."""

from __future__ import annotations

from ssassist.ingest.renderings import Renderings, unit_texts
from ssassist.retrieval.hybrid import HybridRetriever

SPANISH = "Venezuela estipula el pago único de las pensiones antes del retorno del inmigrante."


def retriever_with(fake_assistant, renderings: Renderings) -> HybridRetriever:  # type: ignore[no-untyped-def]
    p = fake_assistant.parts
    return HybridRetriever(p.index, p.embed_model, p.glossary, p.settings.retrieval, renderings)


def test_a_spanish_question_finds_an_english_passage_by_its_rendering(fake_assistant) -> None:  # type: ignore[no-untyped-def]
    chunks = fake_assistant.retriever.chunks
    target = next(c for c in chunks if "Venezuela stipulates" in c.text)
    unit = next(t for t in unit_texts(target) if t.startswith("Venezuela stipulates"))
    retriever = retriever_with(fake_assistant, Renderings({"es": {unit: SPANISH}}))

    spanish = fake_assistant.query_analysis("¿Qué estipula Venezuela antes del retorno?")
    rankings = retriever.rankings(spanish)
    assert rankings["rendered"][0][0] == target.id

    english = fake_assistant.query_analysis("What does Venezuela stipulate before the return?")
    assert "rendered" not in retriever.rankings(english)  # English: most passages are English


def test_without_renderings_there_is_no_rendered_ranking(fake_assistant) -> None:  # type: ignore[no-untyped-def]
    retriever = retriever_with(fake_assistant, Renderings())
    spanish = fake_assistant.query_analysis("¿Qué estipula Venezuela antes del retorno?")
    assert "rendered" not in retriever.rankings(spanish)
