"""Fusion on hand-made rankings: per-kind split, weighted reciprocal ranks, caps and penalties.

No model and no index: :func:`by_kind` and :func:`fuse` are pure functions of
ranked ``(chunk id, score)`` lists, so every figure here is worked out by hand.
"""

from __future__ import annotations

import pytest

from ssassist.config import RetrievalSettings
from ssassist.ingest.chunking import Chunk
from ssassist.retrieval.fusion import MATRIX_SUFFIX, by_kind, fuse, is_references

# rrf_k 10 and round weights keep the arithmetic readable
SETTINGS = RetrievalSettings(
    rrf_k=10,
    dense_weight=1.0,
    dense_es_weight=0.5,
    bm25_weight=2.0,
    ngram_weight=0.25,
    source_weight=1.0,
    matrix_weight=0.5,
    max_matrix=2,
    references_weight=0.3,
)


def chunk(cid: str, kind: str = "text", section: str = "1. Body") -> Chunk:
    return Chunk(
        id=cid,
        doc_id="matrix" if kind == "matrix" else "doc",
        title="A document",
        section=section,
        language="en",
        position=0,
        kind=kind,  # type: ignore[arg-type]
        text=f"text of {cid}",
    )


CHUNKS = {
    c.id: c
    for c in [
        chunk("a"),
        chunk("b"),
        chunk("c"),
        chunk("d"),
        chunk("m1", "matrix"),
        chunk("m2", "matrix"),
        chunk("m3", "matrix"),
        chunk("refs", section="References"),
        chunk("biblio", section="Bibliografía citada"),
    ]
}


def is_matrix(cid: str) -> bool:
    return cid.startswith("m")


def rr(weight: float, rank: int) -> float:
    """One ranking's share of a fused score."""
    return weight / (SETTINGS.rrf_k + rank)


# -- by_kind -----------------------------------------------------------------------------------


def test_by_kind_splits_each_ranking_into_passages_and_matrix_facts():
    rankings = {
        "dense_en": [("m1", 0.9), ("a", 0.8), ("m2", 0.7), ("b", 0.6)],
        "bm25": [("a", 12.0), ("b", 9.0)],
    }
    out = by_kind(rankings, is_matrix, n=10)
    assert out == {
        "dense_en": [("a", 0.8), ("b", 0.6)],
        f"dense_en{MATRIX_SUFFIX}": [("m1", 0.9), ("m2", 0.7)],
        "bm25": [("a", 12.0), ("b", 9.0)],
    }
    assert MATRIX_SUFFIX == ":matrix"
    # a ranking without matrix facts gets no empty matrix part
    assert "bm25:matrix" not in out


def test_by_kind_keeps_the_order_and_the_first_n_of_each_kind():
    ranked = [("a", 5.0), ("m1", 4.0), ("b", 3.0), ("m2", 2.0), ("c", 1.0), ("m3", 0.5)]
    out = by_kind({"bm25": ranked}, is_matrix, n=2)
    assert out["bm25"] == [("a", 5.0), ("b", 3.0)]
    assert out["bm25:matrix"] == [("m1", 4.0), ("m2", 2.0)]


def test_by_kind_of_a_ranking_of_only_matrix_facts_leaves_an_empty_passage_part():
    out = by_kind({"dense_es": [("m1", 0.5)]}, is_matrix, n=5)
    assert out == {"dense_es": [], "dense_es:matrix": [("m1", 0.5)]}


def test_by_kind_of_no_rankings_is_empty():
    assert by_kind({}, is_matrix, n=5) == {}


# -- fuse: reciprocal rank arithmetic ------------------------------------------------------------


def test_each_ranking_adds_its_weight_over_rrf_k_plus_rank():
    rankings = {
        "dense_en": [("a", 0.9), ("b", 0.8)],
        "bm25": [("b", 7.0), ("c", 3.0)],
    }
    hits = fuse(rankings, CHUNKS, SETTINGS, k=10)
    scores = {h.chunk.id: h.score for h in hits}
    assert scores["a"] == pytest.approx(rr(1.0, 1))
    assert scores["b"] == pytest.approx(rr(1.0, 2) + rr(2.0, 1))
    assert scores["c"] == pytest.approx(rr(2.0, 2))
    assert [h.chunk.id for h in hits] == ["b", "c", "a"]  # 2/11 + 1/12 > 2/12 > 1/11


def test_every_ranking_name_has_its_own_weight():
    one_each = {
        "dense_en": [("a", 0.5)],
        "dense_es": [("b", 0.5)],
        "bm25": [("c", 1.0)],
        "ngram": [("d", 1.0)],
        "source": [("refs", 1.0)],
    }
    scores = {h.chunk.id: h.score for h in fuse(one_each, CHUNKS, SETTINGS, k=10)}
    assert scores == pytest.approx(
        {
            "a": rr(SETTINGS.dense_weight, 1),
            "b": rr(SETTINGS.dense_es_weight, 1),
            "c": rr(SETTINGS.bm25_weight, 1),
            "d": rr(SETTINGS.ngram_weight, 1),
            "refs": SETTINGS.references_weight * rr(SETTINGS.source_weight, 1),
        }
    )


def test_a_zero_weight_ranking_adds_nothing_but_its_ranks_are_kept():
    settings = SETTINGS.model_copy(update={"ngram_weight": 0.0})
    hits = fuse({"ngram": [("a", 3.0)], "bm25": [("b", 1.0)]}, CHUNKS, settings, k=10)
    by_id = {h.chunk.id: h for h in hits}
    assert by_id["a"].score == 0.0 and by_id["a"].ranks == {"ngram": 1}
    assert [h.chunk.id for h in hits] == ["b", "a"]


def test_hits_carry_their_ranks_and_their_best_dense_and_bm25_scores():
    rankings = {
        "dense_en": [("a", 0.61), ("b", 0.40)],
        "dense_es": [("b", 0.52), ("a", 0.30)],
        "bm25": [("a", 11.5)],
    }
    by_id = {h.chunk.id: h for h in fuse(rankings, CHUNKS, SETTINGS, k=10)}
    a, b = by_id["a"], by_id["b"]
    assert a.ranks == {"dense_en": 1, "dense_es": 2, "bm25": 1}
    assert b.ranks == {"dense_en": 2, "dense_es": 1}
    assert (a.dense, a.bm25) == (0.61, 11.5)  # the best cosine over both dense queries
    assert (b.dense, b.bm25) == (0.52, 0.0)


def test_ids_not_among_the_chunks_are_skipped_and_keep_their_rank_place():
    rankings = {"bm25": [("gone", 9.0), ("a", 5.0)]}
    hits = fuse(rankings, CHUNKS, SETTINGS, k=10)
    assert [h.chunk.id for h in hits] == ["a"]
    # "a" is still second in its ranking: the unknown id is skipped, not removed before ranking
    assert hits[0].ranks == {"bm25": 2}
    assert hits[0].score == pytest.approx(rr(2.0, 2))


def test_no_rankings_fuse_to_no_hits():
    assert fuse({}, CHUNKS, SETTINGS, k=5) == []
    assert fuse({"bm25": []}, CHUNKS, SETTINGS, k=5) == []


# -- fuse: matrix facts and bibliographies -----------------------------------------------------


def test_matrix_parts_are_weighted_by_matrix_weight():
    rankings = {"bm25": [("a", 4.0)], "bm25:matrix": [("m1", 9.0)]}
    by_id = {h.chunk.id: h for h in fuse(rankings, CHUNKS, SETTINGS, k=10)}
    assert by_id["a"].score == pytest.approx(rr(2.0, 1))
    assert by_id["m1"].score == pytest.approx(SETTINGS.matrix_weight * rr(2.0, 1))
    assert by_id["m1"].ranks == {"bm25:matrix": 1}
    assert by_id["m1"].bm25 == 9.0  # the matrix part of BM25 is still a BM25 score


def test_a_matrix_dense_part_sets_the_dense_score():
    hits = fuse({"dense_es:matrix": [("m2", 0.44)]}, CHUNKS, SETTINGS, k=10)
    assert hits[0].dense == 0.44
    assert hits[0].score == pytest.approx(SETTINGS.matrix_weight * rr(0.5, 1))


def test_at_most_max_matrix_facts_are_kept_and_passages_fill_the_places():
    rankings = {
        "bm25:matrix": [("m1", 9.0), ("m2", 8.0), ("m3", 7.0)],
        "ngram": [("a", 0.2), ("b", 0.1)],
    }
    # the facts (0.5*2/11, 0.5*2/12, 0.5*2/13) all outrank a (0.25/11) and b (0.25/12),
    # but only two are kept: a and b take the places after them
    hits = fuse(rankings, CHUNKS, SETTINGS, k=4)
    assert [h.chunk.id for h in hits] == ["m1", "m2", "a", "b"]
    assert sum(h.chunk.kind == "matrix" for h in hits) == SETTINGS.max_matrix


def test_max_matrix_zero_keeps_no_matrix_fact():
    settings = SETTINGS.model_copy(update={"max_matrix": 0})
    rankings = {"bm25:matrix": [("m1", 9.0)], "bm25": [("a", 1.0)]}
    assert [h.chunk.id for h in fuse(rankings, CHUNKS, settings, k=5)] == ["a"]


def test_references_are_down_weighted_in_every_ranking():
    rankings = {"bm25": [("refs", 9.0), ("a", 8.0)], "dense_en": [("biblio", 0.9)]}
    by_id = {h.chunk.id: h for h in fuse(rankings, CHUNKS, SETTINGS, k=10)}
    assert by_id["refs"].score == pytest.approx(0.3 * rr(2.0, 1))
    assert by_id["biblio"].score == pytest.approx(0.3 * rr(1.0, 1))
    # first in BM25, yet below the passage ranked second
    assert by_id["refs"].score < by_id["a"].score


def test_reference_sections_are_recognised_in_both_languages():
    for section in ("References", "Referencias bibliográficas", "Bibliography", "bibliografía"):
        assert is_references(chunk("x", section=section))
    for section in ("1. Body", "Notes on references"):
        assert not is_references(chunk("x", section=section))


# -- fuse: order --------------------------------------------------------------------------------


def test_hits_are_best_first_and_cut_at_k():
    rankings = {
        "bm25": [("a", 4.0), ("b", 3.0), ("c", 2.0), ("d", 1.0)],
        "dense_en": [("d", 0.9)],
    }
    hits = fuse(rankings, CHUNKS, SETTINGS, k=3)
    assert len(hits) == 3
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    # d: 2/14 + 1/11 = 0.234 beats a: 2/11 = 0.182
    assert [h.chunk.id for h in hits] == ["d", "a", "b"]


def test_ties_keep_the_order_in_which_the_chunks_were_first_ranked():
    # a and b each get one first place of the same weight; c and d tie further down
    rankings = {
        "dense_en": [("b", 0.9), ("d", 0.1)],
        "dense_es": [("a", 0.8), ("c", 0.1)],
    }
    settings = SETTINGS.model_copy(update={"dense_es_weight": SETTINGS.dense_weight})
    hits = fuse(rankings, CHUNKS, settings, k=10)
    assert [h.chunk.id for h in hits] == ["b", "a", "d", "c"]
    assert hits[0].score == hits[1].score and hits[2].score == hits[3].score
    # the same rankings give the same hits every time
    again = fuse(rankings, CHUNKS, settings, k=10)
    assert [(h.chunk.id, h.score) for h in again] == [(h.chunk.id, h.score) for h in hits]


def test_by_kind_then_fuse_lets_a_passage_outrank_many_matching_facts():
    """The reason for ranking by kind: facts no longer push the passage out of the candidates."""
    ranked = [("m1", 9.0), ("m2", 8.0), ("m3", 7.0), ("a", 5.0)]
    hits = fuse(by_kind({"bm25": ranked}, is_matrix, n=30), CHUNKS, SETTINGS, k=3)
    assert hits[0].chunk.id == "a" and hits[0].ranks == {"bm25": 1}
    assert [h.chunk.id for h in hits[1:]] == ["m1", "m2"]
