"""The coverage tab: two countries (and a benefit) → the exact check's verdict, its sourced
instruments, measures and notes, benefit by benefit, and the matrix as a heat map.

With more countries worked in (a work history), the check says which of those countries'
years add up under which agreement, with a sourced table and a picture of the groups."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import gradio as gr

from ssassist.answering.pair_roles import role_in_pair
from ssassist.errors import SSAssistError
from ssassist.matrix import benefit_label
from ssassist.ui.context import AppContext
from ssassist.ui.history_plot import history_figure
from ssassist.ui.history_render import history_html
from ssassist.ui.labels import t
from ssassist.ui.matrix_overview import (
    benefit_choices,
    countries,
    country_choices,
    pair_benefits,
    pair_grid,
    partner_grid,
)
from ssassist.ui.partner_list import partners_html
from ssassist.ui.plots import heatmap
from ssassist.ui.render import benefits_html, coverage_html, error_html

log = logging.getLogger(__name__)

PAIRS, BENEFITS = "pairs", "benefits"


def _benefit_options(lang: str) -> list[tuple[str, str]]:
    return [(t("any_benefit", lang), "")] + benefit_choices(lang)


def role_choices(
    a: str | None, b: str | None, lang: str, more: list[str] | None = None
) -> list[tuple[str, str]]:
    """The choices of a role picker: any country (empty), or one of those chosen (A, B and
    the more countries of a work history)."""
    reg = countries()
    picked = [c for c in dict.fromkeys((a, b, *(more or []))) if c]
    named = [(reg.get(c).name(lang) if c in reg else c, c) for c in picked]
    return [(t("role_any" if extra_countries(a, b, more) else "role_either", lang), ""), *named]


def extra_countries(a: str | None, b: str | None, more: list[str] | None) -> list[str]:
    """The more countries of a work history, without A, B or repeats."""
    return [c for c in dict.fromkeys(more or []) if c and c not in (a, b)]


def _map_choices(lang: str) -> list[tuple[str, str]]:
    return [(t("view_pairs", lang), PAIRS), (t("view_benefits", lang), BENEFITS)]


def draw_map(
    ctx: AppContext, view: str, a: str | None, b: str | None, benefit: str | None, lang: str
) -> Any:
    """The heat map for the chosen view, the selected pair outlined (None when nothing to draw)."""
    asst = ctx.assistant
    benefit = benefit or None
    if view == BENEFITS:
        if not a:
            return None
        grid = ctx.cached(
            ("partners", a, b, lang),
            lambda: partner_grid(asst, a, extra=[b] if b else [], lang=lang),
        )
        reg = countries()
        name = reg.get(a).name(lang) if a in reg else a
        title = t("map_title_benefits", lang, country=name)
        return heatmap(grid, lang, title, selected=(b, benefit))
    grid = ctx.cached(("pairs", benefit, lang), lambda: pair_grid(asst, benefit, lang=lang))
    what = benefit_label(benefit, lang) if benefit else t("any_benefit", lang).lower()
    return heatmap(
        grid, lang, t("map_title_pairs", lang, benefit=what), selected=(a, b), symmetric=True
    )


def partner_list(ctx: AppContext, a: str | None, b: str | None, lang: str) -> str:
    """Country A's partners with their benefits (the map's reading on a phone)."""
    if not a:
        return partners_html(None, "", lang)
    asst = ctx.assistant
    grid = ctx.cached(
        ("partners", a, b, lang), lambda: partner_grid(asst, a, extra=[b] if b else [], lang=lang)
    )
    reg = countries()
    name = reg.get(a).name(lang) if a in reg else a
    return partners_html(grid, name, lang, picked=b)


def build_coverage_tab(ctx: AppContext, ui_lang: gr.State, tab: gr.Tab) -> None:
    """Lay out the coverage tab and wire its events; the map is drawn when the tab opens."""
    lab = ctx.labeler
    lab.add(
        gr.Markdown(t("coverage_intro", "es")),
        lambda lang: gr.update(value=t("coverage_intro", lang)),
    )

    def picker(key: str, choices: Callable[[str], list[Any]], value: Any, elem_id: str) -> Any:
        """A searchable dropdown whose label and choices follow the interface language."""
        return lab.add(
            gr.Dropdown(
                choices=choices("es"),
                value=value,
                label=t(key, "es"),
                filterable=True,
                elem_id=elem_id,
            ),
            lambda lang: gr.update(choices=choices(lang), label=t(key, lang)),
        )

    with gr.Row(equal_height=True):
        country_a = picker("country_a", country_choices, None, "ss-country-a")
        country_b = picker("country_b", country_choices, None, "ss-country-b")
        benefit = picker("benefit", _benefit_options, "", "ss-benefit")
        check = lab.button("check", variant="primary", elem_id="ss-check", scale=0, min_width=160)
    with lab.add(
        gr.Accordion(t("more_options", "es"), open=False, elem_id="ss-more-options"),
        lambda lang: gr.update(label=t("more_options", lang)),
    ):
        more = lab.add(
            gr.Dropdown(
                choices=country_choices("es"),
                value=[],
                multiselect=True,
                filterable=True,
                label=t("more_countries", "es"),
                elem_id="ss-more-countries",
            ),
            lambda lang: gr.update(choices=country_choices(lang), label=t("more_countries", lang)),
        )

        def role_picker(key: str, elem_id: str) -> Any:
            """A role: one of the countries chosen, or either (choices follow the countries)."""
            return lab.add(
                gr.Dropdown(
                    choices=role_choices(None, None, "es"),
                    value="",
                    label=t(key, "es"),
                    elem_id=elem_id,
                ),
                lambda lang: gr.update(label=t(key, lang)),
            )

        with gr.Row(equal_height=True):  # the person's roles: one of the countries, or none
            origin = role_picker("role_from", "ss-role-from")
            lives_in = role_picker("role_lives_in", "ss-role-lives-in")
    with gr.Row(equal_height=False):  # a work history's picture beside its table
        with gr.Column(scale=3, min_width=320):
            result = gr.HTML("", elem_id="ss-coverage-result")
        history_plot = gr.Plot(
            format="png",
            show_label=False,
            visible=False,
            elem_id="ss-history-map",
            scale=2,
            min_width=300,
        )
    by_benefit = gr.HTML("", elem_id="ss-coverage-benefits")
    view = lab.add(
        gr.Radio(_map_choices("es"), value=PAIRS, label=t("map_view", "es"), elem_id="ss-map-view"),
        lambda lang: gr.update(choices=_map_choices(lang), label=t("map_view", lang)),
    )
    plot = lab.add(
        gr.Plot(label=t("map", "es"), format="png", elem_id="ss-map"),
        lambda lang: gr.update(label=t("map", lang)),
    )
    partners = gr.HTML(partners_html(None, "", "es"), elem_id="ss-partners")

    def run_history(
        codes: list[str], ben: str | None, lang: str, nat: str | None, res: str | None
    ) -> tuple[Any, Any]:
        """The work-history answer as HTML, and its picture."""
        answer = ctx.assistant.history_answer(
            codes, ben or None, lang, nationality=nat or None, residence=res or None
        )
        html = history_html(answer, ctx.assistant.documents, lang)
        return html, gr.update(value=history_figure(answer.history, lang), visible=True)

    def run_check(
        a: str | None,
        b: str | None,
        ben: str | None,
        view_: str,
        lang: str,
        nat: str | None = None,
        res: str | None = None,
        more_: list[str] | None = None,
    ) -> tuple[Any, Any, Any, Any, Any]:
        hidden = gr.update(value=None, visible=False)
        if not a or not b:
            return error_html(t("pick_two", lang)), "", gr.skip(), hidden, gr.skip()
        extra = extra_countries(a, b, more_)
        listed = partner_list(ctx, a, b, lang)
        if extra:
            try:
                html, picture = run_history([a, b, *extra], ben, lang, nat, res)
            except SSAssistError as exc:
                return error_html(str(exc)), "", gr.skip(), hidden, gr.skip()
            return html, "", draw_map(ctx, view_, a, b, ben, lang), picture, listed
        try:
            answer = ctx.assistant.coverage_answer(
                a,
                b,
                ben or None,
                lang=lang,
                nationality=role_in_pair("from", nat, a, b),
                residence=role_in_pair("lives_in", res, a, b),
            )
        except SSAssistError as exc:
            return error_html(str(exc)), "", gr.skip(), hidden, gr.skip()
        names = {i.id: i.display_name(lang) for i in ctx.assistant.matrix.instruments}
        rows = pair_benefits(ctx.assistant, a, b)
        return (
            coverage_html(answer, ctx.assistant.documents, lang),
            benefits_html(rows, names, lang),
            draw_map(ctx, view_, a, b, ben, lang),
            hidden,
            listed,
        )

    def redraw(
        a: str | None, b: str | None, ben: str | None, view_: str, lang: str
    ) -> tuple[Any, Any]:
        try:
            return draw_map(ctx, view_, a, b, ben, lang), partner_list(ctx, a, b, lang)
        except SSAssistError as exc:
            log.info("no map: %s", exc)
            return None, partners_html(None, "", lang)

    def roles_for(
        a: str | None,
        b: str | None,
        nat: str | None,
        res: str | None,
        lang: str,
        more_: list[str] | None = None,
    ) -> Any:
        """Keep each role picker to the countries chosen (a role no longer among them is
        cleared)."""
        choices = role_choices(a, b, lang, more_)
        codes = {c for _, c in choices}
        return (
            gr.update(choices=choices, value=nat if nat in codes else ""),
            gr.update(choices=choices, value=res if res in codes else ""),
        )

    inputs = [country_a, country_b, benefit, view, ui_lang]
    role_inputs = [country_a, country_b, origin, lives_in, ui_lang, more]
    for picker_ in (country_a, country_b, more):
        picker_.change(roles_for, role_inputs, [origin, lives_in])
    check.click(
        run_check,
        [*inputs, origin, lives_in, more],
        [result, by_benefit, plot, history_plot, partners],
    )
    view.change(redraw, inputs, [plot, partners])
    tab.select(redraw, inputs, [plot, partners])
