"""A work history as a picture: countries as nodes on a circle, one coloured hull per group.

Each group of :class:`~ssassist.matrix.history_models.HistoryResult` (one instrument and
the countries whose years it adds together) is drawn as a translucent rounded hull around
its countries, or a thick link for two: solid when it adds the years, dashed (and hatched)
when it only may cover the benefit (not itemised). A framework agreement (COISS) or an
equality-of-treatment convention is a thin grey dotted hull: it adds nothing by itself.
Hulls never join groups together, as the check never chains them.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, Polygon

from ssassist.matrix import benefit_label
from ssassist.matrix.history_models import HistoryCaveat, HistoryGroup, HistoryResult
from ssassist.matrix.models import Instrument
from ssassist.ui.labels import t

PALETTE = (
    "#1565c0",  # blue
    "#6a1b9a",  # purple
    "#00838f",  # teal
    "#ef6c00",  # orange
    "#ad1457",  # pink
    "#2e7d32",  # green
    "#4e342e",  # brown
    "#283593",  # indigo
    "#9e9d24",  # olive
    "#c62828",  # red
)
"""One colour per group, in the order of the legend (grey is kept for framework caveats)."""
CAVEAT_COLOR = "#8a8a8a"
LEGEND_WIDTH = 44
_ABBR = re.compile(r"\(([A-Z][A-Za-z]{2,})\)")
_BASE = re.compile(r"\b([A-Z]{4,})\b")
_PAIR_KINDS = {
    "bilateral_treaty": "short_treaty",
    "bilateral_extension": "short_extension",
    "inter_institutional": "short_inter_institutional",
}


def short_name(inst: Instrument, lang: str) -> str:
    """A legend-sized name: 'CMISS', 'Chile–España (convenio)', else the display name."""
    from ssassist.ui.matrix_overview import countries

    name = inst.display_name(lang)
    kind = inst.kind.value
    if kind in _PAIR_KINDS and len(inst.parties) == 2:
        reg = countries()
        names = [reg.get(c).name(lang) if c in reg else c for c in inst.parties]
        base = _BASE.search(name)
        return t(_PAIR_KINDS[kind], lang, pair="–".join(names), base=base.group(1) if base else "")
    abbr = _ABBR.search(name)
    return abbr.group(1) if abbr else name


def _hull(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (monotone chain), counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def rounded_hull(
    centres: Sequence[tuple[float, float]], margin: float, steps: int = 40
) -> list[tuple[float, float]]:
    """The outline of the convex hull of discs of radius ``margin`` around ``centres``
    (a stadium for two points)."""
    ring = [
        (
            x + margin * math.cos(2 * math.pi * k / steps),
            y + margin * math.sin(2 * math.pi * k / steps),
        )
        for x, y in centres
        for k in range(steps)
    ]
    return _hull(ring)


def node_positions(codes: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Countries evenly on the unit circle, the first at the top, clockwise."""
    n = len(codes)
    return {
        c: (
            math.cos(math.pi / 2 - 2 * math.pi * i / n),
            math.sin(math.pi / 2 - 2 * math.pi * i / n),
        )
        for i, c in enumerate(codes)
    }


def _order(groups: Sequence[HistoryGroup]) -> list[HistoryGroup]:
    """Largest groups first (drawn outermost), those that add the years before the others."""
    return sorted(groups, key=lambda g: (-len(g.countries), not g.confirmed))


def _label(group: HistoryGroup, lang: str) -> str:
    key = "plot_adds" if group.confirmed else "plot_may_cover"
    return f"{short_name(group.instrument, lang)} — {_keep(t(key, lang))}"


def _caveat_label(caveat: HistoryCaveat, lang: str) -> str:
    key = "plot_framework" if caveat.kind == "framework" else "plot_equal_treatment"
    return f"{short_name(caveat.instrument, lang)} — {_keep(t(key, lang))}"


def _labels(result: HistoryResult, lang: str) -> list[str]:
    return [_label(g, lang) for g in result.groups] + [
        _caveat_label(c, lang) for c in result.caveats
    ]


@dataclass
class _Layout:
    """Where everything goes: the nodes, the groups in drawing order and the hulls' margins."""

    pos: dict[str, tuple[float, float]]
    names: dict[str, str]
    groups: list[HistoryGroup]  # largest first
    caveats: list[HistoryCaveat]  # those with two countries or more
    hulls: list[HistoryGroup]  # the groups of three countries or more
    base: float  # the margin of the innermost hull
    step: float  # between the margins of nested hulls
    outer: float  # the margin of the first caveat, outside every group
    reach: float  # the outermost hull, from the centre
    x_lim: tuple[float, float]
    y_lim: tuple[float, float]


def _layout(result: HistoryResult, lang: str) -> _Layout:
    """Nodes on the circle and margins: the outermost hull for the largest group, caveats
    outside every group; the limits leave room for the hulls, then the names."""
    codes = [c.code for c in result.countries]
    pos = node_positions(codes)
    groups = _order(result.groups)
    caveats = [c for c in result.caveats if len(c.countries) >= 2]
    hulls = [g for g in groups if len(g.countries) >= 3]
    n = len(hulls)
    step = min(0.07, 0.35 / max(n - 1, 1))
    base = 0.13
    outer = base + step * max(n - 1, 0) + 0.08
    reach = 1 + outer + 0.06 * len(caveats)  # the outermost hull
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    x_pad, y_pad = reach - 1 + 0.95, reach - 1 + 0.3  # hulls, then the names
    return _Layout(
        pos=pos,
        names={c.code: c.name(lang) for c in result.countries},
        groups=groups,
        caveats=caveats,
        hulls=hulls,
        base=base,
        step=step,
        outer=outer,
        reach=reach,
        x_lim=(min(xs) - x_pad, max(xs) + x_pad),
        y_lim=(min(ys) - y_pad, max(ys) + y_pad),
    )


def _canvas(layout: _Layout, labels: Sequence[str]) -> tuple[Figure, Any]:
    """The figure, tall enough for the plot and a legend of ``labels``, and its bare axes."""
    x_lim, y_lim = layout.x_lim, layout.y_lim
    lines = sum(len(_wrap(label, LEGEND_WIDTH).split("\n")) for label in labels)
    plot_height = 4.4 * (y_lim[1] - y_lim[0]) / (x_lim[1] - x_lim[0])
    legend_height = 0.21 * lines + 0.08 * len(labels) + 0.25 if labels else 0.0
    fig = Figure(figsize=(4.6, 0.5 + plot_height + legend_height), dpi=110, layout="constrained")
    ax = fig.add_subplot()
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_xlim(*x_lim)
    ax.set_ylim(*y_lim)
    return fig, ax


def _draw_groups(ax: Any, layout: _Layout, lang: str) -> list[Artist]:
    """One link or hull per group, in its colour; their legend handles, in the same order."""
    handles: list[Artist] = []
    links: dict[frozenset[str], int] = {}  # links drawn so far between each pair
    pairs = Counter(frozenset(g.codes) for g in layout.groups if len(g.countries) == 2)
    for k, g in enumerate(layout.groups):
        color = PALETTE[k % len(PALETTE)]
        label = _wrap(_label(g, lang), LEGEND_WIDTH)
        if len(g.countries) == 2:
            key = frozenset(g.codes)
            i = links.get(key, 0)
            links[key] = i + 1
            handles.append(_draw_link(ax, g, layout.pos, (i, pairs[key]), color, label))
        else:
            margin = layout.base + layout.step * (len(layout.hulls) - 1 - layout.hulls.index(g))
            handles.append(_draw_hull(ax, g, layout.pos, margin, k, color, label))
    return handles


def _draw_link(
    ax: Any,
    g: HistoryGroup,
    pos: dict[str, tuple[float, float]],
    slot: tuple[int, int],
    color: str,
    label: str,
) -> Artist:
    """A thick link for a group of two, side by side with other links of the pair
    (``slot``: its index among them, their number); solid when it adds the years."""
    i, m = slot
    dash: Any = "-" if g.confirmed else (0, (1.6, 1.1))
    (x1, y1), (x2, y2) = (pos[c] for c in g.codes)
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    off = (i - (m - 1) / 2) * 0.09
    dx, dy = -(y2 - y1) / length * off, (x2 - x1) / length * off
    width = 6.0 if g.confirmed else 4.5
    ax.add_line(
        Line2D(
            [x1 + dx, x2 + dx],
            [y1 + dy, y2 + dy],
            color=color,
            linewidth=width,
            linestyle=dash,
            alpha=0.9,
            solid_capstyle="round",
            zorder=3,
        )
    )
    return Line2D([], [], color=color, linewidth=width, linestyle=dash, label=label)


def _draw_hull(
    ax: Any,
    g: HistoryGroup,
    pos: dict[str, tuple[float, float]],
    margin: float,
    k: int,
    color: str,
    label: str,
) -> Artist:
    """A translucent rounded hull around a group of three or more (the ``k``-th drawn);
    dashed and hatched when it only may cover the benefit."""
    outline = rounded_hull([pos[c] for c in g.codes if c in pos], margin)
    face = (*_rgb(color), 0.16 if g.confirmed else 0.05)
    style: dict[str, Any] = {
        "facecolor": face,
        "edgecolor": color,
        "linewidth": 2.2 if g.confirmed else 1.8,
        "linestyle": "-" if g.confirmed else (0, (4, 2.5)),
        "hatch": None if g.confirmed else "///",
    }
    ax.add_patch(Polygon(outline, closed=True, zorder=2 + k / 100, **style))
    return Patch(label=label, **style)


def _draw_caveats(ax: Any, layout: _Layout, lang: str) -> list[Artist]:
    """A thin grey dotted hull per caveat, each outside the last; their legend handles."""
    handles: list[Artist] = []
    outer = layout.outer
    for caveat in layout.caveats:
        members = [layout.pos[c.code] for c in caveat.countries if c.code in layout.pos]
        line = ":" if caveat.kind == "framework" else "-."
        style = {"fill": False, "edgecolor": CAVEAT_COLOR, "linewidth": 1.1, "linestyle": line}
        ax.add_patch(Polygon(rounded_hull(members, outer), closed=True, zorder=1, **style))
        handles.append(Patch(label=_wrap(_caveat_label(caveat, lang), LEGEND_WIDTH), **style))
        outer += 0.06
    return handles


def _draw_nodes(ax: Any, layout: _Layout) -> None:
    """A white disc per country and its name outside every hull."""
    for code, (x, y) in layout.pos.items():
        ax.add_patch(
            Circle((x, y), 0.075, facecolor="white", edgecolor="#263238", linewidth=1.6, zorder=5)
        )
        r = layout.reach + 0.03  # outside every hull
        if abs(x) < 0.3:  # top or bottom: centred above or below the node
            lx, ly, ha, va = x * r, y * r, "center", "bottom" if y > 0 else "top"
        else:
            lx, ly, ha, va = x * r, y * r, "left" if x > 0 else "right", "center"
        ax.text(
            lx,
            ly,
            _wrap(layout.names[code], 12),
            ha=ha,
            va=va,
            fontsize=12,
            fontweight="bold",
            color="#263238",
            bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 1.5},
            zorder=6,
        )


def _draw_empty_message(ax: Any, lang: str) -> None:
    """In the middle of the circle: no agreement joins these countries."""
    ax.text(
        0,
        0,
        _wrap(t("plot_no_group", lang), 22),
        ha="center",
        va="center",
        fontsize=10,
        color="#555",
        zorder=6,
    )


def _title_and_legend(
    fig: Figure, result: HistoryResult, handles: Sequence[Artist], lang: str
) -> None:
    """The title (the benefit asked) above; the legend, one entry a line, below."""
    what = benefit_label(result.benefit, lang) if result.benefit else t("any_benefit", lang).lower()
    fig.suptitle(_wrap(t("plot_history_title", lang, benefit=what), 40), fontsize=13)
    if handles:
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncol=1,
            frameon=False,
            fontsize=10.5,
            handlelength=2.6,
            handleheight=1.4,
        )


def history_figure(result: HistoryResult, lang: str) -> Figure:
    """The picture of a work history: nodes, one hull per group and caveat, and a legend
    naming each instrument with its colour (one entry per group, then one per caveat)."""
    layout = _layout(result, lang)
    fig, ax = _canvas(layout, _labels(result, lang))
    handles = _draw_groups(ax, layout, lang) + _draw_caveats(ax, layout, lang)
    _draw_nodes(ax, layout)
    if not layout.groups:
        _draw_empty_message(ax, lang)
    _title_and_legend(fig, result, handles, lang)
    return fig


def legend_labels(fig: Figure) -> list[str]:
    """The legend's entries as plain text: one per group, then one per caveat."""
    return [" ".join(x.get_text().split()) for legend in fig.legends for x in legend.get_texts()]


def _keep(text: str) -> str:
    """Text that a line break never splits (no-break spaces)."""
    return text.replace(" ", "\u00a0")


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _rgb(color: str) -> tuple[float, float, float]:
    h = color.lstrip("#")
    return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
