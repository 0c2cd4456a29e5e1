"""The matrix as a picture: heat maps of verdicts with the selected pair outlined (matplotlib)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from ssassist.ui.labels import t
from ssassist.ui.matrix_overview import VERDICTS, Grid

COLORS = {
    "covered": "#2e7d32",
    "not_covered": "#c62828",
    "unknown": "#f9a825",
    "no_data": "#e3e7ea",
}
"""One colour per verdict: green covered, red not covered, amber unknown, grey no data."""


def _matrix(grid: Grid) -> np.ma.MaskedArray:
    codes = {v: i for i, v in enumerate(VERDICTS)}
    values = [[codes[c] if c is not None else -1 for c in row] for row in grid.cells]
    arr = np.array(values, dtype=float).reshape(len(grid.rows), len(grid.cols))
    return np.ma.masked_less(arr, 0)


def _legend(fig: Figure, lang: str, extra: str) -> None:
    handles = [
        Patch(facecolor=COLORS[v], edgecolor="#888", label=t("verdict_" + v, lang))
        for v in VERDICTS
    ]
    handles.append(Patch(facecolor="white", edgecolor="black", linewidth=2, label=extra))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=8)


def heatmap(
    grid: Grid,
    lang: str,
    title: str,
    selected: tuple[str | None, str | None] = (None, None),
    symmetric: bool = False,
) -> Figure:
    """Draw ``grid`` (rows × cols of verdicts); outline the cell(s) of the selected (row, col) pair.

    For a symmetric country × country grid both (a, b) and (b, a) are outlined and
    the two countries' labels are set in bold.
    """
    n_rows, n_cols = len(grid.rows), len(grid.cols)
    cell = 0.2 if n_cols > 20 else 0.55
    width = max(6.0, 2.6 + cell * n_cols)
    height = max(3.5, 2.2 + 0.2 * n_rows)
    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    ax = fig.add_subplot()
    cmap = ListedColormap([COLORS[v] for v in VERDICTS])
    cmap.set_bad("white")
    ax.imshow(
        _matrix(grid),
        cmap=cmap,
        vmin=-0.5,
        vmax=len(VERDICTS) - 0.5,
        aspect="auto",
        interpolation="none",
    )
    ax.set_xticks(range(n_cols), grid.col_labels[lang], rotation=90, fontsize=7)
    ax.set_yticks(range(n_rows), grid.row_labels[lang], fontsize=7)
    ax.set_xticks(np.arange(-0.5, n_cols), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows), minor=True)
    ax.grid(which="minor", color="white", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    ax.set_title(title, fontsize=11)

    row_key, col_key = selected
    cells: list[tuple[int, int]] = []
    i = grid.index(row_key, "row") if row_key else None
    j = grid.index(col_key, "col") if col_key else None
    if i is not None and j is not None:
        cells.append((i, j))
        if symmetric:
            cells.append((j, i))
    elif i is not None:  # a whole row (no column chosen or not in the grid)
        ax.add_patch(
            Rectangle((-0.5, i - 0.5), n_cols, 1, fill=False, edgecolor="black", linewidth=1.5)
        )
    for r, c in cells:
        ax.add_patch(
            Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor="black", linewidth=3)
        )
    bold_rows = {k for k in (i, j if symmetric else None) if k is not None}
    bold_cols = {k for k in (j, i if symmetric else None) if k is not None}
    for k, label in enumerate(ax.get_yticklabels()):
        if k in bold_rows:
            label.set_fontweight("bold")
    for k, label in enumerate(ax.get_xticklabels()):
        if k in bold_cols:
            label.set_fontweight("bold")
    _legend(fig, lang, t("map_selected", lang))
    return fig
