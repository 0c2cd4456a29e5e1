"""Grid search of the fusion weights on the dev set: ``python eval/tune_retrieval.py``.

Rankings are computed once per question; only the fusion is repeated. Prints
the best settings by mean recall@5 over both languages (ties: recall@1), to be
copied into ``RetrievalSettings`` defaults.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from dev_set import chunk_contains, load_questions  # noqa: E402

from ssassist.assistant import Assistant  # noqa: E402


def main() -> int:
    asst = Assistant()
    retriever = asst.retriever
    items = []
    for q in load_questions():
        if q["kind"] != "factual":
            continue
        analysis = asst.analyze(q["question"])
        gold = {c.id for c in retriever.chunks if chunk_contains(c, q["passage"])}
        items.append((q["lang"], gold, retriever.rankings(analysis)))
    s = retriever.settings
    results = []
    grid = itertools.product(
        [0.5, 1.0], [0.0, 0.25, 0.5, 1.0], [0.5, 1.0, 1.5, 2.0, 3.0], [5, 10, 30], [0.3, 1.0], [0.0, 0.5, 1.0]
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
        results.append((min(r5.values()), sum(r5.values()), sum(r1.values()), (w_en, w_es, w_bm, rrf_k, refs, w_ng), r5, r1))
    results.sort(key=lambda r: (r[0], r[1], r[2]), reverse=True)
    print("dense_weight dense_es_weight bm25_weight rrf_k references_weight ngram_weight -> recall@5 (es, en), recall@1 (es, en)")
    for r in results[:10]:
        print(r[3], "->", {k: round(v, 3) for k, v in r[4].items()}, {k: round(v, 3) for k, v in r[5].items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
