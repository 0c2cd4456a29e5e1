"""Grid search of the fusion weights on the gold set's dev split: ``python eval/tune_retrieval.py``.

Rankings are computed once per question; only the fusion is repeated. Prints
the best settings by the lower of the two languages' recall@5 (ties: their
sum, then recall@1), to be copied into ``RetrievalSettings`` defaults. Only
the dev split is read: the held-out split must never tune anything.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from ssassist.assistant import Assistant
from ssassist.evaluation.gold import gold_chunks, load_gold
from ssassist.evaluation.gold_items import FactualItem

GOLD = Path(__file__).parent / "gold"


def main() -> int:
    asst = Assistant()
    retriever = asst.retriever
    items = []
    for it in load_gold(GOLD):
        if it.split != "dev" or not isinstance(it, FactualItem):
            continue
        gold = gold_chunks(retriever.chunks, it.doc_id, it.passage)
        items.append((it.lang, gold, retriever.rankings(asst.query_analysis(it.question))))
    s = retriever.settings
    results = []
    grid = itertools.product(
        [0.5, 1.0, 1.5],
        [0.0, 0.25, 0.5, 1.0],
        [0.5, 1.0, 2.0, 3.0],
        [5, 10, 30],
        [0.3, 1.0],
        [0.0, 0.5, 1.0],
    )
    for w_en, w_es, w_bm, rrf_k, refs, w_ng in grid:
        s.dense_weight, s.dense_es_weight, s.bm25_weight, s.rrf_k = w_en, w_es, w_bm, rrf_k
        s.references_weight, s.ngram_weight = refs, w_ng
        per_lang: dict[str, list[tuple[bool, bool]]] = {"es": [], "en": []}
        for lang, gold, rankings in items:
            hits = [h.chunk.id for h in retriever.fuse(rankings, 5)]
            per_lang[lang].append((bool(hits[:1]) and hits[0] in gold, bool(gold & set(hits))))
        r5 = {lang: sum(x[1] for x in v) / len(v) for lang, v in per_lang.items()}
        r1 = {lang: sum(x[0] for x in v) / len(v) for lang, v in per_lang.items()}
        results.append(
            (
                min(r5.values()),
                sum(r5.values()),
                sum(r1.values()),
                (w_en, w_es, w_bm, rrf_k, refs, w_ng),
                r5,
                r1,
            )
        )
    results.sort(key=lambda r: (r[0], r[1], r[2]), reverse=True)
    print(f"{len(items)} dev factual questions")
    print(
        "dense_weight dense_es_weight bm25_weight rrf_k references_weight ngram_weight -> "
        "recall@5 (es, en), recall@1 (es, en)"
    )
    current = next(r for r in results if r[3] == (0.5, 0.5, 2.0, 5, 0.3, 0.5))
    for r in [*results[:12], current]:
        print(
            r[3],
            "->",
            {k: round(v, 3) for k, v in r[4].items()},
            {k: round(v, 3) for k, v in r[5].items()},
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
