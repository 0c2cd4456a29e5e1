"""Retrieval: the passages that may answer a question.

In: an analysed question. Out: fused hits (dense + BM25 + n-grams), document passages
and matrix facts ranked within their kind.
"""
