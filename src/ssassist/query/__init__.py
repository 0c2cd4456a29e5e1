"""Query: a question read once (language, glossary terms, countries, named sources, renderings).

In: the cleaned question. Out: :class:`~ssassist.query.analysis.QueryAnalysis`, which
routing reads untranslated and retrieval reads with its Apertium translation.
"""
