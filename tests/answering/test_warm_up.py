"""Ingest embeds every quotable sentence once and keeps the vectors beside the index.

The fake embedding (tests/fakes.py) over the stub corpus and matrix: the cache
is about which sentences are embedded and when, not about the model.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ssassist.answering.units import chunk_units
from tests.fakes import HashEmbedding, fake_assistant_over


class CountingEmbedding(HashEmbedding):
    """The fake embedding, counting the texts it embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.__dict__["_texts"] = []

    @property
    def texts(self) -> list[str]:
        return self.__dict__["_texts"]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return super()._get_text_embeddings(texts)

    def _get_text_embedding(self, text: str) -> list[float]:
        self.texts.append(text)
        return super()._get_text_embedding(text)


def test_ingest_embeds_every_sentence_once_and_later_starts_reuse_them(
    tmp_path: Path, fake_embed_model, stub_matrix, caplog
):
    def make(model=fake_embed_model):  # type: ignore[no-untyped-def]
        return fake_assistant_over(tmp_path / "index", model, stub_matrix)

    first = make()
    first.ingest(progress=lambda _m: None)
    cache = next(first.index.data_dir.glob("sentences-*.npz"))  # written by ingest
    n_units = len({u for c in first.retriever.chunks for u in chunk_units(c)})
    assert n_units > 0

    # a new process: warming up reads the vectors, and the first answer embeds the question only
    counting = CountingEmbedding()
    started = make(counting)
    with caplog.at_level(logging.INFO, logger="ssassist"):
        started.warm_up()
    assert "warmed up: 0 sentences embedded" in caplog.text
    units = {u for c in started.retriever.chunks for u in chunk_units(c)}
    assert counting.texts and not units & set(counting.texts)  # its warm-up questions only
    counting.texts.clear()
    question = "¿Qué países ofrecen seguro voluntario?"
    answer = started.ask(question)
    assert answer.route == "rag"
    assert len(counting.texts) <= 2 and any(question[1:20] in t for t in counting.texts)

    again = make()
    assert again.answerer.prepare(again.retriever.chunks, cache) == 0  # all from the cache

    cache.write_bytes(b"not an npz file")  # a damaged cache is only a slower start
    damaged = make()
    with caplog.at_level(logging.WARNING):
        assert damaged.answerer.prepare(damaged.retriever.chunks, cache) == n_units
    assert "ignoring the sentence cache" in caplog.text
    assert damaged.ask(question).answer == first.ask(question).answer
