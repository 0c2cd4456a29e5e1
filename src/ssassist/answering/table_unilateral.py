"""Table answers about unilateral measures: Table 2 (voluntary insurance for nationals
abroad) and the measures of §3.1 of the CISS technical note (equal treatment, exportability of
pensions, access for migrants in an irregular situation).

In: a :class:`~ssassist.answering.table_read.TableQuestion`, the matrix and the
:class:`~ssassist.answering.table_reply.Reply` being written. Out: True when the lines were
written, False when this table does not answer the question (then retrieval does).
"""

from __future__ import annotations

from collections.abc import Sequence

from ssassist.answering.coverage_words import cap, rest_of_name
from ssassist.answering.table_read import TableQuestion
from ssassist.answering.table_reply import Reply, figure
from ssassist.matrix.countries import load_countries
from ssassist.matrix.loader import Matrix
from ssassist.matrix.models import (
    Benefit,
    Instrument,
    Measure,
)
from ssassist.matrix.tables import branch_count, conflicts_on, measures, table_rows

# -- Table 2: voluntary insurance ---------------------------------------------------------


def voluntary(q: TableQuestion, matrix: Matrix, r: Reply) -> bool:
    rows = table_rows(matrix, 2)
    if not rows:
        return False
    if q.form == "superlative":
        return q.target == "benefits" and _voluntary_top(rows, matrix, r)
    if q.form == "threshold":
        return False
    if q.countries and (q.target == "benefits" or q.form == "count" and q.of_instruments):
        mine = [i for i in rows if set(i.parties) & set(q.countries)]
        return bool(mine) and _voluntary_country(mine, matrix, r)
    if q.target == "benefits" and q.form == "count":
        return False
    return _voluntary_list(rows, q, matrix, r)


def _row_names(rows: Sequence[Instrument], r: Reply) -> list[str]:
    """Country names of the rows, a country's second row marked as its second scheme."""
    seen: set[str] = set()
    out = []
    for inst in rows:
        code = inst.parties[0]
        name = r.country(code)
        out.append(r.t("second_scheme", country=name) if code in seen else name)
        seen.add(code)
    return out


def _voluntary_list(rows: list[Instrument], q: TableQuestion, matrix: Matrix, r: Reply) -> bool:
    wanted = [b for b in q.benefits if b is not Benefit.EMERGENCY_MEDICAL_CARE]
    if len(wanted) != len(q.benefits):
        return False
    shown = [i for i in rows if all(i.status_for(b) == "covered" for b in wanted)]
    # a row that does not itemise its benefits (Saint Vincent and the Grenadines: one mark,
    # three in the text) neither covers nor lacks the benefit asked: unknown is not "no"
    open_ = [
        i for i in rows if i not in shown and all(i.status_for(b) != "not_covered" for b in wanted)
    ]
    according = cap(r.according(rows[0].source))
    benefits = r.labels(wanted)
    if not shown and open_:
        return False
    if not shown:
        r.lines.append(
            r.t(
                "vi_none",
                According=according,
                benefits=benefits,
                refs=r.refs(*(i.source for i in rows)),
            )
        )
        return True
    codes = list(dict.fromkeys(i.parties[0] for i in shown))
    twice = [c for c in codes if sum(c in i.parties for i in shown) > 1]
    schemes = r.t("vi_schemes", rows=len(shown), twice=r.countries(twice)) if twice else ""
    stat = figure(matrix, "voluntary-insurance-cases") if not wanted else None
    agrees = stat is not None and int(stat.value) == len(shown)
    refs = r.refs(*(i.source for i in shown), *([stat.source] if agrees and stat else []))
    r.lines.append(
        r.t(
            "vi_list",
            According=according,
            n=len(codes),
            filter=r.t("vi_filter", benefits=benefits) if wanted else "",
            schemes=schemes,
            refs=refs,
        )
    )
    for inst, name in zip(shown, _row_names(shown, r), strict=True):
        n = branch_count(inst)
        r.lines.append(
            r.t(
                "vi_item",
                country=name,
                count=r.words(n),
                unit=r.unit(n),
                labels=r.labels(inst.benefits),
            )
        )
    if open_:
        names = r.join(r.country(i.parties[0], running=True) for i in open_)
        refs = r.refs(*(i.source for i in open_))
        r.lines.append(r.t("vi_unknown", countries=names, benefits=benefits, refs=refs))
    if stat is not None and not agrees:
        r.lines.append(r.t("vi_stat", value=stat.display_value, refs=r.refs(stat.source)))
    r.note(conflicts_on(matrix, shown + open_))
    return True


def _voluntary_top(rows: list[Instrument], matrix: Matrix, r: Reply) -> bool:
    best = max(branch_count(i) for i in rows)
    top = [i for i in rows if branch_count(i) == best]
    text_says = [s for i in top for s in i.also_sources[:1]]
    refs = r.refs(*(i.source for i in top), *text_says)
    if len(top) == 1:
        r.lines.append(
            r.t(
                "vi_top",
                country=r.country(top[0].parties[0], running=True),
                count=r.words(best),
                labels=r.labels(top[0].benefits),
                refs=refs,
            )
        )
    else:
        names = r.join(r.country(i.parties[0], running=True) for i in top)
        r.lines.append(r.t("vi_top_tie", countries=names, count=r.words(best), refs=refs))
    rest = [i for i in rows if i not in top]
    if rest:
        r.lines.append(r.t("vi_rest", refs=""))
        names = dict(zip((i.id for i in rows), _row_names(rows, r), strict=True))
        for n in sorted({branch_count(i) for i in rest}, reverse=True):
            tier = [names[i.id] for i in rest if branch_count(i) == n]
            r.lines.append(r.t("vi_rank", count=r.words(n), countries=r.join(tier)))
    r.note(conflicts_on(matrix, rows))
    return True


def _voluntary_country(mine: list[Instrument], matrix: Matrix, r: Reply) -> bool:
    codes = list(dict.fromkeys(i.parties[0] for i in mine))
    if len(codes) > 1:
        return False
    country = r.country(codes[0], running=True)
    if len(mine) == 1:
        inst = mine[0]
        n = len([b for b in inst.benefits])
        r.lines.append(
            r.t(
                "vi_country",
                Where=cap(r.where(inst.source)),
                count=r.words(n),
                unit=r.unit(n),
                country=country,
                labels=r.labels(inst.benefits),
                refs=r.refs(inst.source),
            )
        )
    else:
        according = cap(r.according(mine[0].source))
        refs = r.refs(*(i.source for i in mine))
        r.lines.append(
            r.t(
                "vi_country_two",
                According=according,
                country=country,
                count=r.words(len(mine)),
                refs=refs,
            )
        )
        for inst in mine:
            n = branch_count(inst)
            name = cap(rest_of_name(r.name(inst)))
            r.lines.append(
                r.t(
                    "vi_scheme",
                    name=name,
                    count=r.words(n),
                    unit=r.unit(n),
                    labels=r.labels(inst.benefits),
                )
            )
    r.note(conflicts_on(matrix, mine))
    return True


# -- unilateral measures of §3.1: equal treatment, exportability, irregular migrants -------


def equal_treatment(q: TableQuestion, matrix: Matrix, r: Reply) -> bool:
    if q.countries or q.form not in ("count", "list") or q.target == "benefits":
        return False
    records = measures(matrix, Measure.EQUAL_TREATMENT)
    if len(records) != 1:
        return False
    inst = records[0]
    reg = load_countries()
    sovereign = [c for c in inst.parties if reg.get(c).sovereign]
    territories = [c for c in inst.parties if not reg.get(c).sovereign]
    stat = figure(matrix, "equality-cases")
    total = len(inst.parties)
    r.lines.append(
        r.t(
            "eq_lead",
            According=cap(r.according(inst.source)),
            sovereign=len(sovereign),
            territories_n=len(territories),
            territories=r.countries(territories),
            total=total,
            refs=r.refs(inst.source, stat.source if stat and int(stat.value) == total else None),
        )
    )
    if q.form == "list":
        names = sorted((r.country(c) for c in sovereign), key=_sort_key)
        r.lines.append(r.t("eq_states", sovereign=len(sovereign), names=r.join(names)))
    if inst.caveat:
        caveat = inst.caveat_es if r.lang == "es" and inst.caveat_es else inst.caveat
        r.lines.append(caveat.rstrip().rstrip(".") + r.refs(*inst.also_sources[:1]) + ".")
    if stat is not None and int(stat.value) != total:
        r.lines.append(
            f"{stat.label_es if r.lang == 'es' else stat.label}: "
            f"{stat.display_value}{r.refs(stat.source)}."
        )
    return True


def _sort_key(name: str) -> str:
    from ssassist.text.normalize import fold

    return fold(name)


def _measure_lines(records: list[Instrument], r: Reply) -> None:
    for inst in records:
        excluded = (
            r.t("except", countries=r.countries(inst.excluded_nationalities))
            if inst.excluded_nationalities
            else ""
        )
        r.lines.append(
            r.t(
                "measure_item",
                country=r.countries(inst.parties),
                what=cap(rest_of_name(r.name(inst))),
                except_=excluded,
                refs=r.refs(inst.source),
            )
        )


def _unilateral(
    q: TableQuestion,
    matrix: Matrix,
    r: Reply,
    measure: Measure,
    lead: str,
    stat_id: str,
    stat_line: str,
) -> list[Instrument] | None:
    if q.countries or q.form not in ("count", "list") or q.target == "benefits":
        return None
    records = measures(matrix, measure)
    if not records:
        return None
    codes = list(dict.fromkeys(c for i in records for c in i.parties))
    stat = figure(matrix, stat_id)
    agrees = stat is not None and int(stat.value) == len(records)
    r.lines.append(
        r.t(
            lead,
            According=cap(r.according(records[0].source)),
            n=len(codes),
            names=r.countries(codes),
            refs=r.refs(*(i.source for i in records), stat.source if agrees and stat else None),
        )
    )
    _measure_lines(records, r)
    if stat is not None and not agrees:
        r.lines.append(r.t(stat_line, value=stat.display_value, refs=r.refs(stat.source)))
    r.note(conflicts_on(matrix, records))
    return records


def exportability(q: TableQuestion, matrix: Matrix, r: Reply) -> bool:
    found = _unilateral(
        q, matrix, r, Measure.EXPORTABILITY, "exp_lead", "exportability-cases", "exp_stat"
    )
    return found is not None


def irregular(q: TableQuestion, matrix: Matrix, r: Reply) -> bool:
    found = _unilateral(
        q,
        matrix,
        r,
        Measure.IRREGULAR_MIGRANTS,
        "irr_lead",
        "irregular-migrant-measures",
        "irr_stat",
    )
    if found is None:
        return False
    table4 = figure(matrix, "non-discriminatory-mechanisms")
    if table4 is not None:
        r.lines.append(r.t("irr_table4", value=table4.display_value, refs=r.refs(table4.source)))
    return True
