"""Table answers about bilateral mechanisms: Table 3 (agreements extending the COISS or the
CMISS), Table 4 (inter-institutional agreements open to migrants in an irregular situation),
Table 5 (treaty counts by country) and the benefit counts of §3.2's treaty lists.

In: a :class:`~ssassist.answering.table_read.TableQuestion`, the matrix and the
:class:`~ssassist.answering.table_reply.Reply` being written. Out: True when the lines were
written, False when this table does not answer the question (then retrieval does).
"""

from __future__ import annotations

from ssassist.answering.coverage_words import cap
from ssassist.answering.table_read import TableQuestion
from ssassist.answering.table_reply import Reply, figure
from ssassist.matrix.countries import load_countries
from ssassist.matrix.loader import Matrix
from ssassist.matrix.models import (
    Benefit,
    Instrument,
    InstrumentKind,
    TreatyCount,
    benefit_label,
)
from ssassist.matrix.tables import branch_count, conflicts_on, table_rows

# -- Table 4: inter-institutional agreements ----------------------------------------------


def inter_institutional(q: TableQuestion, matrix: Matrix, r: Reply) -> bool:
    if q.form not in ("count", "list") or len(q.countries) > 1 or q.target == "benefits":
        return False
    if q.form == "count" and not q.irregular:
        return False  # 15 inter-institutional agreements in all (§3.2), 14 in Table 4
    rows = table_rows(matrix, 4)
    if not rows:
        return False
    wanted = [b for b in q.benefits if b in (Benefit.MEDICAL_CARE, Benefit.EMERGENCY_MEDICAL_CARE)]
    if len(wanted) != len(q.benefits) or len(wanted) > 1:
        return False
    shown = [
        i
        for i in rows
        if (not q.countries or q.countries[0] in i.parties) and all(b in i.benefits for b in wanted)
    ]
    according = cap(r.according(rows[0].source))
    stat = figure(matrix, "non-discriminatory-mechanisms")
    if not q.countries and not wanted:
        agrees = stat is not None and int(stat.value) == len(rows)
        refs = r.refs(*(i.source for i in rows), stat.source if agrees and stat else None)
        r.lines.append(r.t("ii_all", According=according, n=len(rows), refs=refs))
    else:
        which = (
            r.t("ii_country", country=r.country(q.countries[0], running=True))
            if q.countries
            else r.t("ii_benefit", benefit=benefit_label(wanted[0], r.lang))
        )
        key = "ii_some" if shown else "ii_none"
        refs = r.refs(*(i.source for i in (shown or rows)))
        r.lines.append(
            r.t(key, According=according, k=len(shown), n=len(rows), which=which, refs=refs)
        )
    row_of = {i.id: n for n, i in enumerate(rows, 1)}
    for inst in shown:
        repeat = (
            r.t("ii_repeat", row=row_of[inst.duplicate_of]) if inst.duplicate_of in row_of else ""
        )
        r.lines.append(r.t("ii_item", pair=r.pair(inst), benefit=r.labels(inst.benefits)) + repeat)
    r.note(conflicts_on(matrix, shown or rows))
    return True


# -- Table 3: bilateral agreements extending a multilateral -------------------------------


def extensions(q: TableQuestion, matrix: Matrix, r: Reply) -> bool:
    if len(q.countries) > 1 or q.target == "benefits" and q.form == "count":
        return False
    rows = table_rows(matrix, 3)
    if not rows:
        return False
    shown = [
        i
        for i in rows
        if (not q.countries or q.countries[0] in i.parties)
        and all(i.status_for(b) == "covered" and b in i.benefits for b in q.benefits)
    ]
    which = ""
    if q.countries:
        which += r.t("ext_country", country=r.country(q.countries[0], running=True))
    if q.benefits:
        which += r.t("ext_benefit", benefit=r.labels(q.benefits))
    according = cap(r.according(rows[0].source))
    stat = figure(matrix, "bilateral-extensions")
    agrees = not which and stat is not None and int(stat.value) == len(rows)
    if not shown:
        refs = r.refs(*(i.source for i in rows))
        r.lines.append(r.t("ext_none", According=according, n=len(rows), which=which, refs=refs))
        return True
    refs = r.refs(*(i.source for i in shown), stat.source if agrees and stat else None)
    r.lines.append(r.t("ext_lead", According=according, n=len(shown), which=which, refs=refs))
    for inst in shown:
        base = matrix.get(inst.extends) if inst.extends in matrix else None
        acronym = (base.aliases[0] if base and base.aliases else inst.extends or "").upper()
        r.lines.append(
            r.t("ext_item", pair=r.pair(inst), extends=acronym, labels=r.labels(inst.benefits))
        )
    r.note(conflicts_on(matrix, shown))
    return True


# -- Table 5: bilateral treaties by country -----------------------------------------------


def _column(q: TableQuestion) -> str:
    if "american" in q.scopes and "other_regions" not in q.scopes:
        return "american"
    if "other_regions" in q.scopes and "american" not in q.scopes:
        return "other_regions"
    return "total"


def _t5_item(row: TreatyCount, r: Reply) -> str:
    return r.t(
        "t5_item",
        country=r.country(row.country),
        total=row.total,
        american=row.american,
        other=row.other_regions,
    )


def treaty_counts(q: TableQuestion, matrix: Matrix, r: Reply) -> bool:
    rows = list(matrix.treaty_counts)
    if not rows:
        return False
    column = _column(q)
    col_text = {"american": r.t("t5_col_american"), "other_regions": r.t("t5_col_other")}.get(
        column, ""
    )
    according = cap(r.according(rows[0].source))
    if q.form == "superlative":
        if q.named:
            return False
        ranked = sorted(rows, key=lambda t: -getattr(t, column))
        top = ranked[0]
        if len(ranked) > 1 and getattr(ranked[1], column) == getattr(top, column):
            return False
        key = {"american": "t5_detail_american", "other_regions": "t5_detail_other"}
        detail = r.t(
            key.get(column, "t5_detail"),
            total=top.total,
            american=top.american,
            other=top.other_regions,
        )
        r.lines.append(
            r.t(
                "t5_top",
                country=r.country(top.country, running=True),
                column=col_text,
                value=getattr(top, column),
                detail=detail,
                refs=r.refs(*(t.source for t in rows)),
            )
        )
        r.lines.extend(_t5_item(t, r) for t in ranked[1:])
        shown = rows
    elif q.form == "threshold":
        if q.named or q.threshold is None:
            return False
        least = min(getattr(t, column) for t in rows)
        limit = q.threshold
        # the table lists only the countries with the most treaties: below its last row,
        # a country it does not list might pass
        if limit < least or (q.inclusive and limit <= least):
            return False
        shown = [
            t
            for t in rows
            if getattr(t, column) > limit or (q.inclusive and getattr(t, column) == limit)
        ]
        if not shown:
            return False
        listing = r.join(
            r.t("t5_pair", country=r.country(t.country, running=True), value=getattr(t, column))
            for t in shown
        )
        r.lines.append(
            r.t(
                "t5_threshold",
                According=according,
                n=len(shown),
                more=r.t("t5_at_least" if q.inclusive else "t5_more"),
                value=limit,
                column=col_text,
                list=listing,
                refs=r.refs(*(t.source for t in shown)),
            )
        )
    elif q.form == "count":
        # every country named (not by a demonym) must be in the table: "¿cuántos convenios
        # tiene Uruguay con España?" is not a question about Uruguay's total
        shown = [t for t in rows if t.country in q.named]
        if not shown or len(shown) != len(q.named):
            return False
        for t in shown:
            key = {"american": "t5_country_american", "other_regions": "t5_country_other"}.get(
                column, "t5_country"
            )
            r.lines.append(
                r.t(
                    key,
                    According=according,
                    country=r.country(t.country, running=True),
                    total=t.total,
                    american=t.american,
                    other=t.other_regions,
                    refs=r.refs(t.source),
                )
            )
    else:
        return False
    r.note(conflicts_on(matrix, [], table=5, countries=[t.country for t in shown]))
    return True


# -- bilateral treaties: how many benefits ------------------------------------------------


def bilateral_benefits(q: TableQuestion, matrix: Matrix, r: Reply) -> bool:
    treaties = [
        i for i in matrix.by_kind(InstrumentKind.BILATERAL_TREATY) if i.in_force and branch_count(i)
    ]
    if q.form == "superlative" and q.target == "benefits":
        if q.named and "americas_only" not in q.scopes:  # "leaving aside Spain…"
            return False
        return _bilateral_top(treaties, q, r)
    if q.target == "benefits" and q.form in ("count", "list") and len(q.countries) == 2:
        pair = [i for i in treaties if set(i.parties) == set(q.countries)]
        if len(pair) != 1:
            return False
        inst = pair[0]
        n = branch_count(inst)
        labels = ": " + r.labels(inst.benefits) if inst.benefits_itemised else ""
        if not inst.benefits_itemised:
            labels = r.t("bt_not_itemised")
        r.lines.append(
            r.t(
                "bt_pair",
                According=cap(r.according(inst.source)),
                pair=r.pair(inst),
                count=r.words(n),
                unit=r.unit(n),
                labels=labels,
                refs=r.refs(inst.source),
            )
        )
        return True
    return False


def _americas(inst: Instrument) -> bool:
    reg = load_countries()
    return all(reg.get(c).region == "americas" for c in inst.parties)


def _bilateral_top(treaties: list[Instrument], q: TableQuestion, r: Reply) -> bool:
    american = [i for i in treaties if _americas(i)]
    if not treaties or not american:
        return False
    pairs = lambda insts: r.join(r.pair(i) for i in insts)  # noqa: E731
    best_american = max(branch_count(i) for i in american)
    top_american = [i for i in american if branch_count(i) == best_american]
    key_am = "bt_top_americas" if len(top_american) > 1 else "bt_top_americas_one"
    if "americas_only" in q.scopes:
        r.lines.append(
            r.t(
                key_am,
                pairs=pairs(top_american),
                count=r.words(best_american),
                refs=r.refs(*(i.source for i in top_american)),
            )
        )
        rest = [i for i in american if i not in top_american]
        if rest:  # the next tier only: the lists go down to treaties with four benefits
            n = max(branch_count(i) for i in rest)
            tier = [i for i in rest if branch_count(i) == n]
            r.lines.append(r.t("bt_rest", refs=""))
            r.lines.append(
                r.t("bt_rank", count=r.words(n), pairs=pairs(tier))
                + r.refs(*(i.source for i in tier))
            )
        return True
    best = max(branch_count(i) for i in treaties)
    top = [i for i in treaties if branch_count(i) == best]
    if len(top) == 1:
        names = r.join(r.country(c) for c in top[0].parties)
        r.lines.append(r.t("bt_top", pair=names, count=r.words(best), refs=r.refs(top[0].source)))
    else:
        r.lines.append(
            r.t(
                "bt_top_any",
                pairs=pairs(top),
                count=r.words(best),
                refs=r.refs(*(i.source for i in top)),
            )
        )
    if best_american < best:
        r.lines.append(
            r.t(
                key_am,
                pairs=pairs(top_american),
                count=r.words(best_american),
                refs=r.refs(*(i.source for i in top_american)),
            )
        )
    return True
