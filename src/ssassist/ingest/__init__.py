"""Ingest: corpus documents and matrix records into passages, embedded into the index.

In: ``corpus/`` (documents.yaml, docs/*.md, matrix/*.yaml). Out: the Chroma collection
(a local folder or a server) of passages with their vectors, built idempotently.
"""
