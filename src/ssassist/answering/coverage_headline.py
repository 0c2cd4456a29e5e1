"""The first sentence of a coverage answer: the answer to the person's question.

In: a :class:`~ssassist.answering.coverage_context.CoverageContext` (the check's
result, the folded measures, the language). Out: the first sentence (or two), with
its [n] markers: "Yes: the A covers ..." when an agreement covers the benefit;
otherwise what the agreements say, and — never a bare "No" or "Unknown" when a
unilateral measure gives access to the asked benefit — that measure in the same
sentence (a payment abroad first for a pension). The notes and measures it says
are marked on the context so that the lines below do not repeat them.
"""

from __future__ import annotations

from ssassist.answering.coverage_context import CoverageContext
from ssassist.answering.coverage_measures import MAX_REFS, FoldedMeasure, measure_sources
from ssassist.answering.coverage_words import PENSION_BRANCHES, Line, cap


def headline(c: CoverageContext) -> str:
    """The first sentence: the verdict, or the fact and the measure that gives access."""
    r, v = c.r, c.v
    if r.covered is True:
        covering = [i for i in r.instruments if i.id in r.covered_by]
        base = "yes_benefit" if r.benefit else "yes_any"
        key = f"{base}_{'one' if len(covering) == 1 else 'many'}"
        text = v[key].format(names=c.names(covering), **c.fields)
        return c.say(text, [i.source for i in covering])
    fact = _fact(c)
    primary = _primary(c)
    if primary and r.benefit is not None:
        m = primary[0]
        c.used_measures.add(id(m))
        clause = c.words.clause(m, c.asked, head=True)
        if m.role == "pays_abroad":
            return _pays_abroad(c, fact, m, clause)
        return _but(c, fact, m, clause)
    if primary:  # no benefit asked: the agreements, then the measures below
        s = c.sources
        countries = sorted({x for m in c.gives() for x in m.countries})
        fact_text = cap(fact.text.rstrip(".")) + s.refs(fact.sources)
        text = v["any_measures"].format(fact=fact_text, countries=c.words.countries(countries))
        return text + s.refs(m.entry.source for m in c.gives()[:MAX_REFS]) + "."
    excluded = [m for m in c.measures if m.status == "excluded" and not m.entry.if_nationality]
    lead = ""
    if excluded and r.benefit is not None:
        c.used_measures.add(id(excluded[0]))
        clause = c.words.clause(excluded[0], c.asked)
        lead = c.say(clause, measure_sources(excluded[0])) + " "
    if r.covered is False:
        return lead + c.say(v["no"].format(fact=fact.text), fact.sources)
    return lead + _unknown(c, fact, with_counts=not lead)


def _fact(c: CoverageContext) -> Line:
    """What the agreements say, as a clause (no verdict word)."""
    r, v, fields = c.r, c.v, c.fields
    if r.reason == "explicit_absence":
        texts = [(ab.statement_es if c.lang == "es" else ab.statement) for ab in r.absences]
        return Line(" ".join(t.rstrip(".") for t in texts[:1]), [ab.source for ab in r.absences])
    if r.reason == "no_data":
        return Line(v["no_data"].format(**fields))
    if r.reason == "no_instrument_covers":
        insts = r.instruments
        key = "no_instrument_covers_one" if len(insts) == 1 else "no_instrument_covers_many"
        return Line(v[key].format(names=c.names(insts), **fields), [i.source for i in insts])
    if r.reason == "not_itemised":
        return _not_itemised(c)
    frameworks = [i for i in r.instruments if i.framework]
    c.use_notes(lambda n: n.kind == "framework")
    if r.reason == "framework_only":
        text = v["framework_only"].format(names=c.names(frameworks), **fields)
        return Line(text, [i.source for i in frameworks])
    # framework_open
    others = [i for i in r.instruments if not i.framework]
    text = v["framework_open"].format(
        names=c.names(others), framework=c.names(frameworks), **fields
    )
    return Line(text, [i.source for i in [*others, *frameworks]])


def _not_itemised(c: CoverageContext) -> Line:
    """Agreements whose branches are not itemised; why it is open, when there is one."""
    r = c.r
    insts = [i for i in r.instruments if r.statuses.get(i.id) == "unknown"]
    key = "not_itemised" if r.benefit else "not_itemised_any"
    text = c.v[key].format(names=c.names(insts), **c.fields)
    ids = {i.id for i in insts}
    counted = c.use_notes(lambda n: n.key == "count_only" and n.record_id in ids)
    if len(insts) == 1 and counted:  # why it is open, said once, in the first sentence
        count = counted[0].fields.get("count")
        why = c.lines_t["only_count"].format(count=count) if count else c.lines_t["not_listed"]
        text += ": " + why
    return Line(text, [i.source for i in insts])


def _primary(c: CoverageContext) -> list[FoldedMeasure]:
    """The measures the first sentence names: a payment abroad first for a pension,
    else the measures of the country the person lives in, else any."""
    gives = c.gives()
    if not gives:
        return []
    pays = [m for m in gives if m.role == "pays_abroad"]
    if pays and any(b in PENSION_BRANCHES for b in c.asked) and c.r.benefit:
        return pays[:1]
    for role in ("residence_grants_foreigners", "nationality_offers_nationals_abroad"):
        picked = [m for m in gives if m.role == role]
        if picked:
            return picked[:1]
    return gives[:1]


def _place(c: CoverageContext, m: FoldedMeasure) -> str:
    """Where a payment abroad is received: the residence given, else the other country."""
    acc = c.access
    if acc and acc.residence and acc.residence not in m.countries:
        return c.words.country(acc.residence)
    codes = [c.r.country_a.code, c.r.country_b.code]
    other = [x for x in codes if x not in m.countries]
    return c.words.country(other[0]) if other else ""


def _pays_abroad(c: CoverageContext, fact: Line, m: FoldedMeasure, clause: str) -> str:
    """ "{payer} pays ... in {place}: {measure} [m]. {fact} [n]." """
    nats = list(m.if_nationality)
    pair = {c.r.country_a.code, c.r.country_b.code}
    key = "pays_abroad_if" if nats and set(nats) != pair - set(m.countries) else "pays_abroad"
    head = c.v[key].format(
        payer=c.words.countries(m.countries),
        place=_place(c, m),
        nats=c.words.countries(nats),
        measure=clause,
    )
    return c.say(head, measure_sources(m)) + " " + c.say(fact.text, fact.sources)


def _but(c: CoverageContext, fact: Line, m: FoldedMeasure, clause: str) -> str:
    """ "{fact} [n], but {measure} [m]." — each part with its own sources."""
    s = c.sources
    head = cap(fact.text.rstrip(".")) + s.refs(fact.sources)
    return c.v["but"].format(fact=head, measure=clause) + s.refs(measure_sources(m)) + "."


def _unknown(c: CoverageContext, fact: Line, with_counts: bool = True) -> str:
    """The first sentence when the documents leave the answer open."""
    r, v = c.r, c.v
    if r.reason == "no_data":
        table5 = c.use_notes(lambda n: n.key == "table_5_incomplete") if with_counts else []
        text = v["unknown_any_benefit" if r.benefit else "unknown_any"].format(**c.fields)
        return " ".join([c.say(text), *(c.table5(n) for n in table5)])
    if r.reason == "not_itemised":
        return c.say(fact.text, fact.sources)
    # framework_only, framework_open: why it is open, after the colon
    frameworks = [i for i in r.instruments if i.framework]
    others = [i for i in r.instruments if not i.framework]
    why = v[f"{r.reason}_why"].format(
        names=c.names(others or frameworks), framework=c.names(frameworks)
    )
    key = "unknown_benefit" if r.benefit else "unknown_any"
    text = v[key].format(**c.fields).split(":")[0] + ": " + why
    return c.say(text, fact.sources)
