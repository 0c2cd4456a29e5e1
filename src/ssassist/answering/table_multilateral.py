"""Table answers about multilateral agreements: one agreement named (its parties, what it
covers) and Table 6 (the four in force: which, how many, the largest, the broadest, a
country's).

In: a :class:`~ssassist.answering.table_read.TableQuestion`, the matrix and the
:class:`~ssassist.answering.table_reply.Reply` being written. Out: True when the lines were
written, False when this table does not answer the question (then retrieval does).
"""

from __future__ import annotations

from collections.abc import Sequence

from ssassist.answering.coverage_words import cap
from ssassist.answering.table_read import TableQuestion
from ssassist.answering.table_reply import Reply, about, figure
from ssassist.matrix.loader import Matrix
from ssassist.matrix.models import (
    Instrument,
    InstrumentKind,
)
from ssassist.matrix.tables import branch_count, conflicts_on, table_rows

# -- named agreements and Table 6 ---------------------------------------------------------


def _parties_line(inst: Instrument, r: Reply) -> None:
    key = {
        InstrumentKind.ILO_CONVENTION: "parties_ilo",
    }.get(inst.kind, "parties_framework" if inst.framework else "parties_multilateral")
    r.lines.append(
        r.t(
            key,
            According=cap(r.according(inst.source)),
            n=len(inst.parties),
            name=r.name(inst),
            list=r.countries(inst.parties),
            refs=r.refs(inst.source),
        )
    )


def _membership_line(inst: Instrument, codes: Sequence[str], r: Reply) -> None:
    inside = [c for c in codes if c in inst.parties]
    outside = [c for c in codes if c not in inst.parties]
    parts = []
    if inside:
        verb = r.t("among_is" if len(inside) == 1 else "among_are")
        parts.append(r.t("among", countries=r.countries(inside), verb=verb))
    if outside:
        verb = r.t("among_is" if len(outside) == 1 else "among_are")
        parts.append(r.t("not_among", countries=r.countries(outside), verb=verb))
    if parts:
        r.lines.append(" ".join(parts))


def _caveat(inst: Instrument, r: Reply) -> None:
    caveat = inst.caveat_es if r.lang == "es" and inst.caveat_es else inst.caveat
    if caveat:
        r.lines.append(caveat.rstrip().rstrip(".") + r.refs(inst.source) + ".")


def _scope_words(inst: Instrument, r: Reply) -> str:
    if inst.per_national_legislation:
        return r.t("national")
    scope = inst.scope_es if r.lang == "es" and inst.scope_es else inst.scope
    if scope:
        return scope[:1].lower() + scope[1:].rstrip(".")
    return r.labels(inst.benefits)


def agreement(q: TableQuestion, matrix: Matrix, r: Reply) -> bool:
    inst = q.agreements[0]
    if q.target == "countries" or (q.form == "count" and q.of_instruments):
        _parties_line(inst, r)
        _membership_line(inst, q.countries, r)
        if inst.framework or inst.kind is InstrumentKind.ILO_CONVENTION:
            _caveat(inst, r)
    elif q.target == "benefits":
        if not inst.benefits:
            return False
        according = cap(r.according(inst.source))
        if inst.per_national_legislation:
            extra = [s for s in inst.also_sources if "nine" in s.quote][:1]
            r.lines.append(
                r.t(
                    "covers_national",
                    According=according,
                    name=r.name(inst),
                    refs=r.refs(inst.source, *extra),
                )
            )
        elif q.form == "count":
            n = branch_count(inst)
            r.lines.append(
                r.t(
                    "covers_count",
                    According=according,
                    name=r.name(inst),
                    count=r.words(n),
                    labels=r.labels(inst.benefits),
                    refs=r.refs(inst.source),
                )
            )
        else:
            r.lines.append(
                r.t(
                    "covers_scope",
                    According=according,
                    name=r.name(inst),
                    scope=_scope_words(inst, r),
                    refs=r.refs(inst.source),
                )
            )
        r.lines.append(
            r.t(
                "its_parties",
                n=len(inst.parties),
                list=r.countries(inst.parties),
                refs=r.refs(inst.source),
            )
        )
        if inst.framework:
            _caveat(inst, r)
    else:
        return False
    on_benefits = q.target == "benefits"
    r.note(about(conflicts_on(matrix, [inst], kinds=("conflict",)), on_benefits))
    return True


def multilateral(q: TableQuestion, matrix: Matrix, r: Reply) -> bool:
    rows = list(q.agreements) if len(q.agreements) > 1 else table_rows(matrix, 6)
    if not rows:
        return False
    according = cap(r.according(rows[0].source))
    refs_all = lambda: r.refs(*(i.source for i in rows))  # noqa: E731
    if q.form == "superlative" and q.target == "parties" and not q.countries:
        most = max(len(i.parties) for i in rows)
        top = [i for i in rows if len(i.parties) == most]
        if len(top) == 1:
            r.lines.append(
                r.t(
                    "t6_most_parties",
                    According=according,
                    name=r.name(top[0]),
                    n=most,
                    refs=refs_all(),
                )
            )
        else:
            names = r.names(top)
            r.lines.append(
                r.t(
                    "t6_most_parties_tie", According=according, names=names, n=most, refs=refs_all()
                )
            )
        for inst in sorted((i for i in rows if i not in top), key=lambda i: -len(i.parties)):
            r.lines.append(r.t("t6_parties_item", name=r.name(inst), n=len(inst.parties)))
    elif q.form == "superlative" and q.target == "benefits" and not q.countries:
        best = max(branch_count(i) for i in rows)
        top = [i for i in rows if branch_count(i) == best]
        extra = [s for i in top for s in i.also_sources if "nine" in s.quote][:1]
        if len(top) > 1 and all(i.per_national_legislation for i in top):
            names = r.names(top)
            r.lines.append(
                r.t(
                    "t6_broadest",
                    According=according,
                    names=names,
                    refs=r.refs(*(i.source for i in top), *extra),
                )
            )
        elif len(top) == 1:
            r.lines.append(
                r.t(
                    "t6_broadest_one",
                    According=according,
                    name=r.name(top[0]),
                    scope=_scope_words(top[0], r),
                    refs=r.refs(top[0].source),
                )
            )
        else:
            return False
        for inst in (i for i in rows if i not in top):
            r.lines.append(
                r.t("t6_item", name=r.name(inst), n=len(inst.parties), scope=_scope_words(inst, r))
            )
    elif q.form in ("count", "list") and q.of_instruments and len(q.agreements) <= 1:
        if len(q.countries) > 1:
            return False
        if not q.exists:
            return False
        stat = figure(matrix, "multilateral-in-force")
        if q.countries:
            code = q.countries[0]
            mine = [i for i in rows if code in i.parties]
            key = "t6_country" if mine else "t6_country_none"
            r.lines.append(
                r.t(
                    key,
                    According=according,
                    country=r.country(code, running=True),
                    k=len(mine),
                    n=len(rows),
                    refs=refs_all(),
                )
            )
            shown = mine
        else:
            agrees = stat is not None and int(stat.value) == len(rows)
            refs = r.refs(*(i.source for i in rows), stat.source if agrees and stat else None)
            r.lines.append(r.t("t6_list", According=according, n=len(rows), refs=refs))
            shown = rows
        for inst in shown:
            r.lines.append(
                r.t("t6_item", name=r.name(inst), n=len(inst.parties), scope=_scope_words(inst, r))
            )
        if q.countries:
            frameworks = [
                i
                for i in matrix.by_kind(InstrumentKind.MULTILATERAL)
                if i.framework and q.countries[0] in i.parties and i not in rows
            ]
            for inst in frameworks:
                r.lines.append(
                    r.t(
                        "t6_framework",
                        country=r.country(q.countries[0], running=True),
                        name=r.name(inst),
                        refs=r.refs(inst.source),
                    )
                )
        rows = shown
    else:
        return False
    on_benefits = None
    if q.form == "superlative":
        on_benefits = {"parties": False, "benefits": True}.get(q.target)
    r.note(about(conflicts_on(matrix, rows, kinds=("conflict",)), on_benefits))
    return True
