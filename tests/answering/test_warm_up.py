"""Warm-up embeds every quotable sentence once and keeps the vectors beside the index.

The fake embedding (tests/fakes.py) over the stub corpus and matrix: the cache
is about which sentences are embedded and when, not about the model.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ssassist.answering.units import chunk_units
from tests.fakes import fake_assistant_over


def test_warm_up_embeds_every_sentence_once_and_reuses_them_after_a_restart(
    tmp_path: Path, fake_embed_model, stub_matrix, caplog
):
    def make():  # type: ignore[no-untyped-def]
        return fake_assistant_over(tmp_path / "index", fake_embed_model, stub_matrix)

    first = make()
    first.ingest(progress=lambda _m: None)
    first.warm_up()
    cache = next((tmp_path / "index").glob("sentences-*.npz"))
    n_units = len({u for c in first.retriever.chunks for u in chunk_units(c)})
    assert n_units > 0

    again = make()
    assert again.answerer.prepare(again.retriever.chunks, cache) == 0  # all from the cache

    cache.write_bytes(b"not an npz file")  # a damaged cache is only a slower start
    damaged = make()
    with caplog.at_level(logging.WARNING):
        assert damaged.answerer.prepare(damaged.retriever.chunks, cache) == n_units
    assert "ignoring the sentence cache" in caplog.text
    question = "¿Qué países ofrecen seguro voluntario?"
    assert damaged.ask(question).answer == first.ask(question).answer
