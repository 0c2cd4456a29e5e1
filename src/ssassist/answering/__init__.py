"""Answering: the words of an answer and the sources they cite.

In: retrieved passages (or a coverage result). Out: the extractive answer with [n]
markers and its citations, or a refusal; the coverage answer's wording; the helpdesk
draft. Nothing here decides coverage.
"""
