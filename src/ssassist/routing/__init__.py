"""Routing: what a message asks, read before anything is searched.

In: a cleaned message, its :class:`~ssassist.query.analysis.QueryAnalysis` (without
translation) and the conversation so far. Out: the coverage pair (two countries and
the benefit asked) when the message goes to the exact check, or None for retrieval.

- :mod:`~ssassist.routing.intent`: two countries and an agreement/benefit cue;
- :mod:`~ssassist.routing.benefit`: which benefit is asked when several are named;
- :mod:`~ssassist.routing.followup`: "¿y para invalidez?" after a coverage question;
- :func:`~ssassist.routing.read.coverage_request`: the one entry point.
"""
