"""The heat map's reading on a phone: country A's partners, one line per verdict with its
benefits ("Perú · Cubierto: vejez, invalidez…"), the selected country B first and marked.

In: a :class:`~ssassist.ui.matrix_overview.Grid` of partner × benefit (every cell from
``Assistant.check``). Out: escaped HTML; the page shows it below 640 px instead of the map.
"""

from __future__ import annotations

from ssassist.ui.labels import t
from ssassist.ui.matrix_overview import VERDICTS, Grid
from ssassist.ui.render import esc, verdict_chip


def partners_html(grid: Grid | None, country: str, lang: str, picked: str | None = None) -> str:
    """One item per partner of ``country``: each verdict with the benefits it holds for."""
    title = esc(t("partners_title", lang, country=country))
    head = f"<h2 class='ss-h'>{title}</h2>" if country else ""
    if grid is None:
        return f"<div class='ss-partners-box'><p>{esc(t('partners_pick', lang))}</p></div>"
    if not grid.rows:
        return f"<div class='ss-partners-box'>{head}<p>{esc(t('partners_none', lang))}</p></div>"
    order = sorted(range(len(grid.rows)), key=lambda i: grid.rows[i] != picked)  # B first
    items = []
    for i in order:
        picked_ = grid.rows[i] == picked
        mark = f" <small>({esc(t('partner_selected', lang))})</small>" if picked_ else ""
        lines = "".join(_lines(grid, i, lang))
        cls = " class='ss-picked'" if picked_ else ""
        items.append(f"<li{cls}><b>{esc(grid.row_labels[lang][i])}</b>{mark}{lines}</li>")
    return f"<div class='ss-partners-box'>{head}<ul class='ss-partners'>{''.join(items)}</ul></div>"


def _lines(grid: Grid, i: int, lang: str) -> list[str]:
    """A partner's verdicts, each with its benefits; the benefits left over, when they share
    one verdict, as 'the other benefits' (a phone line, not a list of ten)."""
    by_verdict = {
        v: [grid.col_labels[lang][j] for j, cell in enumerate(grid.cells[i]) if cell == v]
        for v in VERDICTS
    }
    listed = [v for v in ("covered", "not_covered") if by_verdict[v]]
    rest = [v for v in ("unknown", "no_data") if by_verdict[v]]
    if len(rest) == 1 and listed:
        shown = [(v, ", ".join(by_verdict[v])) for v in listed]
        shown.append((rest[0], t("partner_rest", lang)))
    else:
        shown = [(v, ", ".join(by_verdict[v])) for v in [*listed, *rest]]
    return [
        f"<div class='ss-partner-line'>{verdict_chip(v, lang)} {esc(text)}</div>"
        for v, text in shown
    ]
