"""The lines under the first sentence of a coverage answer, reworded for a migrant.

In: a :class:`~ssassist.answering.coverage_context.CoverageContext` whose first
sentence has been written (it marks what that sentence said). Out: lists of
sentences with their [n] markers —

* the supporting lines: the source's own words on the agreements (an explicit
  statement that there is none);
* the measure lines: the unilateral measures the first sentence did not name;
* the notes to keep in mind: the check's notes reworded — documents by their short
  titles, no record ids, no staff jargon, none that repeats the first sentence.

The staff wording stays on ``CoverageResult.notes`` (the details panel).
"""

from __future__ import annotations

from collections.abc import Sequence

from ssassist.answering.coverage_context import CoverageContext
from ssassist.answering.coverage_measures import measure_sources
from ssassist.answering.coverage_words import PENSION_BRANCHES, cap
from ssassist.matrix import Instrument
from ssassist.matrix.models import Measure
from ssassist.matrix.results import Note

# notes the first sentence or the measure lines already say (the check's staff notes)
_REPEATS_VERDICT = {"no_instrument_covers", "framework_only", "framework_open", "no_data"}


def supporting_lines(c: CoverageContext) -> list[str]:
    """The source's words when it states there is no agreement (quoted, with its title)."""
    r, s, out = c.r, c.sources, []
    if r.reason == "explicit_absence":
        c.use_notes(lambda n: n.kind == "absence")
        for ab in r.absences:
            title = s.title(ab.source, c.lang)
            line = c.lines_t["quote"].format(title=title, quote=ab.source.quote)
            out.append(cap(line) + s.refs([ab.source]))
    return out


def measure_lines(c: CoverageContext) -> list[str]:
    """The measures the first sentence did not name, one sentence each."""
    out = []
    for m in c.measures:
        if id(m) in c.used_measures:
            continue
        if m.status == "open" and c.r.benefit is None:
            continue  # with no benefit asked, only what the measures do give
        if (
            m.status == "open"
            and m.kind is Measure.EXPORTABILITY
            and not any(b in PENSION_BRANCHES for b in c.asked)
        ):
            continue  # a payment of pensions abroad says nothing of other benefits
        out.append(c.say(c.words.clause(m, c.asked), measure_sources(m)))
    return out


def note_lines(c: CoverageContext) -> list[str]:
    """The check's notes not said yet, reworded for a migrant."""
    r, out = c.r, []
    covering = [i for i in r.instruments if i.id in r.covered_by]
    for i, n in enumerate(r.note_details):
        if i in c.used_notes:
            continue
        if n.kind in ("absence", "duplicate"):
            continue
        if n.key in _REPEATS_VERDICT:
            continue
        if n.kind == "unilateral" and c.access is not None:
            continue  # the measure lines say it, with the person's roles
        if n.key == "table_5_incomplete":
            out.append(c.table5(n))
            continue
        if n.key == "count_only":
            out.append(_count_only(c, n, covering))
            continue
        if n.kind == "framework":
            inst = next((x for x in r.instruments if x.id == n.record_id), None)
            if inst is not None:
                text = c.lines_t["framework_also"].format(a=c.a, b=c.b, name=c.names([inst]))
                out.append(c.say(text, [n.source]))
                continue
        text = n.text_es if c.lang == "es" else n.text
        out.append(c.say(text, [n.source]))
    return out


def _count_only(c: CoverageContext, n: Note, covering: Sequence[Instrument]) -> str:
    """A treaty known only by its number of benefits, in plain words."""
    t = c.lines_t
    inst = next((x for x in c.r.instruments if x.id == n.record_id), None)
    name = c.names([inst]) if inst else ""
    count = n.fields.get("count") or t["count_unstated"]
    if covering and c.r.benefit:
        text = t["count_only_covered"].format(
            name=name, count=count, covering=c.names(covering), benefit=c.benefit
        )
    elif c.r.benefit:
        text = t["count_only"].format(name=name, count=count, benefit=c.benefit)
    else:
        text = t["count_only_any"].format(name=name, count=count)
    return c.say(text, [n.source])
