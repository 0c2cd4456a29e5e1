"""Test doubles: a tiny deterministic embedding that stands in for the real sentence model.

:class:`HashEmbedding` maps a text to a hashed bag of its word stems: folded words,
stopwords of both languages dropped, Snowball-stemmed in English (which also
catches many Spanish cognates: "pensiones" and "pensions" share "pension"), each
stem hashed (BLAKE2, so the same on every run and machine) to one signed
dimension, the vector normalised. Texts sharing content words are near, texts
sharing none are orthogonal but for a small constant component, so ranking,
answer support and refusals behave as with a real model on the stub corpus,
in milliseconds and without loading anything.

An index built with it must not pass for one built with the real model:
:func:`fake_settings` names the model by the folder ``FAKE_MODEL_DIR``
(``tests/data/fake_embedding``, which holds no model), so the index records
that folder as its model id and refuses the packaged model, and the packaged
model's index refuses it.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from pathlib import Path
from typing import Any

import Stemmer
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from ssassist.assistant import Assistant
from ssassist.config import Settings
from ssassist.matrix import Matrix
from ssassist.text.normalize import fold, words
from ssassist.text.stems import stopwords
from tests.paths import DATA

FAKE_MODEL_DIR = DATA / "fake_embedding"
BIAS = 0.05
"""Weight of the constant component: no vector is zero, even of a text without content words."""


class HashEmbedding(BaseEmbedding):
    """A deterministic hashed bag-of-stems embedding (see the module docstring)."""

    dim: int = 256
    model_name: str = "fake-hash-embedding"
    _stemmer: Any = PrivateAttr(default=None)
    _stops: frozenset[str] = PrivateAttr(default=frozenset())

    def __init__(self, dim: int = 256, **kwargs: Any) -> None:
        super().__init__(dim=dim, **kwargs)
        self._stemmer = Stemmer.Stemmer("english")
        self._stops = stopwords("en") | stopwords("es")

    @classmethod
    def class_name(cls) -> str:
        return "HashEmbedding"

    def stems(self, text: str) -> list[str]:
        """The content-word stems of ``text`` that its vector is made of."""
        tokens = [fold(w) for w in words(text)]
        tokens = [t for t in tokens if t not in self._stops and (len(t) > 1 or t.isdigit())]
        return self._stemmer.stemWords(tokens)

    def vector(self, text: str) -> list[float]:
        v = [0.0] * self.dim
        v[0] = BIAS
        for stem, n in Counter(self.stems(text)).items():
            digest = hashlib.blake2b(stem.encode("utf-8"), digest_size=8).digest()
            i = 1 + int.from_bytes(digest[:4], "big") % (self.dim - 1)
            v[i] += (1.0 if digest[4] & 1 else -1.0) * (1.0 + math.log(n))
        norm = math.sqrt(sum(x * x for x in v))
        return [x / norm for x in v]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.vector(query)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self.vector(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.vector(text)

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [self.vector(t) for t in texts]


def fake_settings(index: Path, **extra: Any) -> Settings:
    """Settings over the stub corpus whose model is the fake one (named by its folder).

    The glossary is the packaged one: routing reads its cues ("agreement", "convenio").
    """
    fields: dict[str, Any] = {"corpus_dir": DATA / "corpus", **extra}
    return Settings(index={"path": index}, embedding={"model": str(FAKE_MODEL_DIR)}, **fields)


def fake_assistant_over(
    index: Path, embed_model: HashEmbedding, matrix: Matrix, **extra: Any
) -> Assistant:
    """An Assistant over the stub corpus and ``matrix`` with the fake model, no translator."""
    return Assistant(
        fake_settings(index, **extra), embed_model=embed_model, matrix=matrix, translator=None
    )
