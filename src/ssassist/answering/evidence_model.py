"""Which sentence answers, and whether any does: two small models fitted on the dev split.

In: the analysed question and its scored units (:mod:`~ssassist.answering.scoring`).
Out: each unit's answer score (which sentence the first line quotes) and the
probability that the documents answer the question at all (else: "the documents
don't say").

Both are logistic regressions fitted with scikit-learn on the gold ``dev`` split by
``python -m ssassist.evaluation.fit_answer_model``; their coefficients live in
``ssassist/data/answer_model.json``, so answering needs only numpy. The signals:

* per unit: similarity to the question, share of its key terms, retrieval rank of
  its passage, whether it holds the kind of fact asked (a figure, a date, a phone
  number…), the question's countries and year, its length and shape;
* per question: the best unit's answer score, similarity and key-term share,
  whether the kind of fact asked is held by the best units, whether the question
  asks a contact detail, whether its countries and year are matched.
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from ssassist.answering.cues import CONTACT, TYPED, facts_in, focus, load_cues
from ssassist.answering.units import Unit
from ssassist.matrix.countries import find_countries
from ssassist.query.analysis import QueryAnalysis
from ssassist.retrieval.terms import countries_named

UNIT_FEATURES = (
    "dense",
    "lexical",
    "prior",
    "dense_gap",
    "lexical_gap",
    "focus",
    "typed_held",
    "country_in_unit",
    "country_in_passage",
    "year_in_unit",
    "log_words",
    "colon",
    "refers_back",
    "table_row",
    "matrix",
    "dense_rank",
    "lexical_rank",
    "passage_dense",
    "kinds_held",
)
QUESTION_FEATURES = (
    "best_answer",
    "best_dense",
    "best_lexical",
    "typed_asked",
    "typed_in_top",
    "contact_asked",
    "soft_asked",
    "has_country",
    "country_in_top",
    "has_year",
    "year_in_top",
    "log_terms",
)
log = logging.getLogger(__name__)
TOP = 3  # units read for "the kind of fact asked is held by the best units"
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
MODEL_FILE = "answer_model.json"


@dataclass(frozen=True)
class Asked:
    """What a question asks for: the kinds of fact, its countries and its years."""

    kinds: frozenset[str]
    countries: frozenset[str]
    years: frozenset[str]

    @classmethod
    def of(cls, analysis: QueryAnalysis) -> Asked:
        return cls(
            kinds=load_cues().asked(analysis.question),
            countries=frozenset(c.code for c, _ in analysis.mentions),
            years=frozenset(_YEAR.findall(analysis.question)),
        )


def unit_features(asked: Asked, units: list[Unit]) -> np.ndarray:
    """One row of :data:`UNIT_FEATURES` per unit."""
    if not units:
        return np.zeros((0, len(UNIT_FEATURES)))
    best_dense = max(u.dense for u in units)
    best_lexical = max(u.lexical for u in units)
    cues = load_cues()
    dense_rank = _ranks([u.dense for u in units])
    lexical_rank = _ranks([u.lexical for u in units])
    rows = []
    for i, u in enumerate(units):
        held = facts_in(u.text, asked.countries)
        chunk = u.hit.chunk
        in_unit = {c.code for c, _ in find_countries(u.text)} if asked.countries else set()
        rows.append(
            [
                u.dense,
                u.lexical,
                u.score - u.evidence,
                u.dense - best_dense,
                u.lexical - best_lexical,
                focus(asked.kinds, held),
                float(bool(asked.kinds & TYPED & held)),
                float(bool(asked.countries & in_unit)) if asked.countries else 1.0,
                float(bool(asked.countries & countries_named(chunk))) if asked.countries else 1.0,
                float(any(y in u.text for y in asked.years)) if asked.years else 1.0,
                math.log1p(len(u.text.split())),
                float(u.text.rstrip(" *").endswith(":")),
                float(cues.continues(u.text)),
                float("|" in u.text),
                float(chunk.kind == "matrix"),
                1.0 / (1 + dense_rank[i]),
                1.0 / (1 + lexical_rank[i]),
                u.hit.dense,
                float(len(asked.kinds & held)),
            ]
        )
    return np.asarray(rows, dtype=np.float64)


def _ranks(values: list[float]) -> list[int]:
    """Each value's rank among ``values`` (0: the largest)."""
    order = sorted(range(len(values)), key=lambda i: values[i], reverse=True)
    ranks = [0] * len(values)
    for r, i in enumerate(order):
        ranks[i] = r
    return ranks


def question_features(
    asked: Asked, units: list[Unit], unit_rows: np.ndarray, scores: np.ndarray, n_terms: int
) -> np.ndarray:
    """The row of :data:`QUESTION_FEATURES` for a question whose units scored ``scores``."""
    if not units:
        return np.asarray(
            [-10.0, 0.0, 0.0, float(bool(asked.kinds & TYPED)), 0.0]
            + [float(bool(asked.kinds & CONTACT)), float(bool(asked.kinds - TYPED))]
            + [float(bool(asked.countries)), 0.0, float(bool(asked.years)), 0.0]
            + [math.log1p(n_terms)]
        )
    order = np.argsort(-scores)[:TOP]
    col = {name: i for i, name in enumerate(UNIT_FEATURES)}
    top = unit_rows[order]
    return np.asarray(
        [
            float(scores[order[0]]),
            float(unit_rows[:, col["dense"]].max()),
            float(unit_rows[:, col["lexical"]].max()),
            float(bool(asked.kinds & TYPED)),
            float(top[:, col["typed_held"]].max()),
            float(bool(asked.kinds & CONTACT)),
            float(bool(asked.kinds - TYPED)),
            float(bool(asked.countries)),
            float(top[:, col["country_in_passage"]].max()),
            float(bool(asked.years)),
            float(top[:, col["year_in_unit"]].max()),
            math.log1p(n_terms),
        ]
    )


@dataclass(frozen=True)
class Linear:
    """A fitted logistic regression: standardisation, weights, intercept."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def score(self, rows: np.ndarray) -> np.ndarray:
        """The decision function (log-odds) of each row."""
        return ((rows - self.mean) / self.scale) @ self.coef + self.intercept

    @classmethod
    def from_dict(cls, d: dict) -> Linear:
        return cls(
            mean=np.asarray(d["mean"]),
            scale=np.asarray(d["scale"]),
            coef=np.asarray(d["coef"]),
            intercept=float(d["intercept"]),
        )

    def to_dict(self) -> dict:
        return {
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
        }


@dataclass(frozen=True)
class AnswerModel:
    """The fitted unit ranker and answerability decision (see the module docstring)."""

    ranker: Linear
    answerable: Linear
    threshold: float  # answered when the answerability log-odds reach it
    fitted: dict  # how and on what it was fitted (for the report)

    def decide(self, asked: Asked, units: list[Unit], n_terms: int) -> tuple[np.ndarray, float]:
        """(each unit's answer score, the question's answerability log-odds)."""
        rows = unit_features(asked, units)
        scores = self.ranker.score(rows) if len(units) else np.zeros(0)
        q = question_features(asked, units, rows, scores, n_terms)
        return scores, float(self.answerable.score(q[None, :])[0])

    @classmethod
    def load(cls, path: Path | None = None) -> AnswerModel:
        raw = json.loads(
            path.read_text("utf-8")
            if path is not None
            else resources.files("ssassist.data").joinpath(MODEL_FILE).read_text("utf-8")
        )
        if (
            tuple(raw["unit_features"]) != UNIT_FEATURES
            or tuple(raw["question_features"]) != QUESTION_FEATURES
        ):
            raise ValueError(f"{MODEL_FILE} was fitted on other features: refit it")
        return cls(
            ranker=Linear.from_dict(raw["ranker"]),
            answerable=Linear.from_dict(raw["answerable"]),
            threshold=float(raw["threshold"]),
            fitted=raw.get("fitted", {}),
        )


def embedding_name(embed_model: object) -> str:
    """The embedding model's name, the same in every install (the model folder's package)."""
    name = str(getattr(embed_model, "model_name", "") or type(embed_model).__name__)
    path = Path(name)
    return path.parent.name if path.name == "model" and path.parent.name else path.name


def model_for(embed_model: object) -> AnswerModel | None:
    """The packaged model when it was fitted on this embedding model's similarities, else None
    (a test's fake embedding, another model: the ``min_support`` threshold decides)."""
    model = default_model()
    if model is None or model.fitted.get("embedding") != embedding_name(embed_model):
        return None
    return model


@cache
def default_model() -> AnswerModel | None:
    """The packaged model, or None when none has been fitted yet."""
    try:
        return AnswerModel.load()
    except FileNotFoundError:
        return None
    except (ValueError, KeyError) as exc:  # fitted on other features: answer without it
        log.warning("ignoring %s (%s): the threshold decides", MODEL_FILE, exc)
        return None
