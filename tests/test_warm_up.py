"""Warm-up embeds every quotable sentence once and keeps the vectors beside the index."""

from __future__ import annotations

import logging

import pytest

from ssassist.assistant import Assistant

pytestmark = pytest.mark.slow


def make_assistant(settings, embed_model) -> Assistant:  # type: ignore[no-untyped-def]
    asst = Assistant(settings, embed_model=embed_model)  # the session's loaded model
    return asst


def test_warm_up_embeds_every_sentence_once_and_reuses_them_after_a_restart(
    stub_settings, embed_model, caplog
):
    first = make_assistant(stub_settings, embed_model)
    first.ingest()
    first.warm_up()
    cache = next(stub_settings.index_path.glob("sentences-*.npz"))
    n_units = len(first.answerer._cache)
    assert n_units > 0

    again = make_assistant(stub_settings, embed_model)
    assert again.answerer.prepare(again.retriever.chunks, cache) == 0  # all from the cache
    assert len(again.answerer._cache) == n_units

    cache.write_bytes(b"not an npz file")  # a damaged cache is only a slower start
    damaged = make_assistant(stub_settings, embed_model)
    with caplog.at_level(logging.WARNING):
        assert damaged.answerer.prepare(damaged.retriever.chunks, cache) == n_units
    assert "ignoring the sentence cache" in caplog.text
    question = "¿Qué países ofrecen seguro voluntario?"
    assert damaged.ask(question).answer == first.ask(question).answer
