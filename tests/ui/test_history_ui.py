"""The coverage tab's work history: the sourced table of groups and their picture (issue 16)."""

from __future__ import annotations

import re

import pytest
from matplotlib.figure import Figure

from ssassist.answering.citations import section_label
from ssassist.ui.coverage_tab import extra_countries, role_choices
from ssassist.ui.history_plot import history_figure, legend_labels, rounded_hull, short_name
from ssassist.ui.history_render import history_html, plain
from ssassist.ui.labels import t
from tests.ui.test_ui_render import assert_inert, parse

PCE = ["Perú", "Chile", "España"]


@pytest.fixture(scope="module")
def pce(matrix_assistant):  # type: ignore[no-untyped-def]
    """The history answer for Peru, Chile, Spain (old age), in both languages."""
    return {lang: matrix_assistant.history_answer(PCE, "old_age", lang) for lang in ("es", "en")}


def rows(fragment: str, cls: str) -> list[str]:
    """The text of each <tr class='ss-row {cls}'> row, tags removed."""
    found = re.findall(rf"<tr class='ss-row {cls}'[^>]*>(.*?)</tr>", fragment)
    return [" ".join("".join(parse(r).text).split()) for r in found]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_history_html_lists_each_group_with_its_countries_status_and_source(
    matrix_assistant, pce, lang
):
    answer = pce[lang]
    html = history_html(answer, matrix_assistant.documents, lang)
    assert_inert(html)
    groups = rows(html, "ss-group")
    assert len(groups) == 4
    peru, chile, spain = ("Perú", "Chile", "España") if lang == "es" else ("Peru", "Chile", "Spain")
    three = f"{peru}, {chile} {'y' if lang == 'es' else 'and'} {spain}"
    cmiss = next(r for r in groups if "(CMISS)" in r)
    assert three in cmiss and t("history_adds", lang) in cmiss
    cl_es = next(r for r in groups if f"Chile–{spain}" in r)
    assert t("history_adds", lang) in cl_es
    for treaty in ("Chile–" + peru, peru + "–" + spain):  # known only by their count
        row = next(r for r in groups if treaty in r)
        assert t("history_may_cover", lang) in row and t("history_adds", lang) not in row
    (coiss,) = rows(html, "ss-caveat")
    assert "(COISS)" in coiss and t("history_framework", lang) in coiss and three in coiss
    # every row carries its source: the numbered citation of the answer and its quote
    for g in answer.history.groups:
        n = next(c.n for c in answer.citations if c.text == g.source.quote)
        row = next(r for r in groups if g.instrument.display_name(lang) in r)
        where = section_label(g.source.locator, lang)  # 'Tabla 6, fila 1 (CMISS)' in Spanish
        assert f"[{n}]" in row and where in row and g.source.quote in row
    # the verdict: the first sentence of the worded answer, under the all-in-one badge
    first = answer.answer.split("\n\n")[0].split(" [1]")[0]
    assert first in " ".join("".join(parse(html).text).split())
    assert t("history_badge_all", lang) in html


def test_history_html_has_no_jargon_or_record_ids(matrix_assistant, pce):
    histories = [
        (pce["es"], "es"),
        (pce["en"], "en"),
        (matrix_assistant.history_answer(["MX", "US", "CA"], "old_age", "en"), "en"),
        (matrix_assistant.history_answer(["MX", "US", "CA"], "old_age", "es"), "es"),
        (matrix_assistant.history_answer(["AR", "BR", "PY", "UY"], None, "es"), "es"),
    ]
    for answer, lang in histories:
        html = history_html(answer, matrix_assistant.documents, lang)
        text = "".join(parse(html).text)
        assert not re.search(r"corpus|matri[xz]", text, re.I), lang
        r = answer.history
        ids = [g.instrument.id for g in r.groups] + [c.instrument.id for c in r.caveats]
        ids += [u.id for u in r.unilateral] + [s.doc_id for s in r.sources]
        for record_id in ids:
            assert not re.search(rf"(?<![\w-]){re.escape(record_id)}(?![\w-])", html), record_id


def test_pairs_no_agreement_joins_say_what_the_documents_say(matrix_assistant):
    answer = matrix_assistant.history_answer(["MX", "US", "CA"], "old_age", "en")
    html = history_html(answer, matrix_assistant.documents, "en")
    assert not rows(html, "ss-group")
    pairs = rows(html, "ss-pair")
    assert len(pairs) == 3
    mx_us = next(r for r in pairs if "Mexico and United States" in r)
    assert t("pair_explicit_absence", "en") in mx_us
    assert "there is no international social security treaty" in mx_us  # its quote
    for other in (r for r in pairs if r != mx_us):
        assert t("pair_no_data", "en") in other  # unknown, not "no"
    assert t("history_badge_none", "en") in html


def test_plain_words_notes_without_jargon():
    assert plain("the corpus does not itemise") == "the documents do not itemise"
    assert (
        plain("El corpus no menciona ningún acuerdo")
        == "Los documentos no mencionan ningún acuerdo"
    )
    assert plain("el corpus nombra 8") == "los documentos nombran 8"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_picture_has_one_legend_entry_per_group_then_per_caveat(pce, lang):
    result = pce[lang].history
    fig = history_figure(result, lang)
    assert isinstance(fig, Figure)
    labels = [" ".join(x.split()) for x in legend_labels(fig)]
    assert len(labels) == len(result.groups) + len(result.caveats) == 5
    assert labels[0] == f"CMISS — {t('plot_adds', lang)}"
    may = [x for x in labels if x.endswith(t("plot_may_cover", lang))]
    assert len(may) == 2
    assert labels[-1] == f"COISS — {t('plot_framework', lang)}"
    assert fig.texts and t("plot_history_title", lang, benefit="")[:8] in fig.texts[0].get_text()
    names = {x.get_text() for x in fig.axes[0].texts}
    assert names >= {c.name(lang) for c in result.countries}


def test_the_picture_of_a_history_with_no_group_says_so(matrix_assistant):
    result = matrix_assistant.check_history(["MX", "US", "CA"], "old_age")
    fig = history_figure(result, "en")
    assert legend_labels(fig) == []
    assert any(
        t("plot_no_group", "en") in " ".join(x.get_text().split()) for x in fig.axes[0].texts
    )


def test_the_picture_fits_a_phone(matrix_assistant):
    """Wide enough to read once scaled to 420 px: about 570 px wide, fonts of 9.5 pt or more."""
    result = matrix_assistant.check_history(["AR", "BR", "PY", "UY", "CL", "PE"], None)
    fig = history_figure(result, "es")
    width = fig.get_figwidth() * fig.dpi
    assert 500 <= width <= 620
    sizes = [x.get_fontsize() for x in fig.axes[0].texts] + [
        x.get_fontsize() for legend in fig.legends for x in legend.get_texts()
    ]
    assert min(sizes) * 420 / width >= 6.5


def test_short_names_and_rounded_hulls(matrix_assistant):
    by_id = {i.id: i for i in matrix_assistant.matrix.instruments}
    assert short_name(by_id["cmiss"], "en") == "CMISS"
    assert short_name(by_id["bt-cl-es"], "es") == "Chile–España (convenio)"
    ext = next(i for i in by_id.values() if i.kind.value == "bilateral_extension")
    assert "COISS" in short_name(ext, "en") or "CMISS" in short_name(ext, "en")
    hull = rounded_hull([(0.0, 0.0), (1.0, 0.0)], 0.1)
    xs, ys = [p[0] for p in hull], [p[1] for p in hull]
    assert min(xs) == pytest.approx(-0.1) and max(xs) == pytest.approx(1.1)
    assert max(ys) == pytest.approx(0.1, abs=1e-3)


def test_more_countries_and_role_choices():
    assert extra_countries("PE", "CL", ["ES", "PE", "ES", "", "AR"]) == ["ES", "AR"]
    assert extra_countries("PE", "CL", None) == []
    choices = role_choices("PE", "CL", "en", ["ES"])
    assert choices[0] == (t("role_any", "en"), "")
    assert [c for _, c in choices[1:]] == ["PE", "CL", "ES"]
    assert role_choices("PE", "CL", "en")[0] == (t("role_either", "en"), "")
