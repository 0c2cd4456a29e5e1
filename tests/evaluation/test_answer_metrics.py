"""Issue 14's answer metrics (pure functions) on fixtures: key facts in the asker's language,
lead accuracy, the answer body's language and length, refusal precision and recall per subset."""

from __future__ import annotations

from ssassist.evaluation import metrics as m

# Renderings as Apertium gives them (en -> es), so the tests need no translator.
RENDER = {
    "six": "Seis",
    "Brazil": "Brasil",
    "42.7 million": "42.7 millones",
    "70%": "70 por ciento",  # loses the percent sign: not accepted
    "CMISS": "CMISS",  # unchanged: nothing to add
    "US$ 1,000": "EE.UU. 1,000",
    "El Salvador": "El",  # the last word lost: not a rendering
}


def render(text: str) -> str | None:
    return RENDER.get(text)


# -- key facts in the asker's language ----------------------------------------------------------


def test_renderings_keep_numbers_and_percent_signs() -> None:
    assert m.numbers("42.7 million, 15.4% and 2011") == ["42.7", "15.4", "%", "2011"]
    assert m.rendering_keeps_numbers("42.7 million", "42.7 millones")
    assert not m.rendering_keeps_numbers("70%", "70 por ciento")
    assert not m.rendering_keeps_numbers("42.7 million", "42,7 millones")
    got = m.render_alternatives(
        ["six | 6", "Brazil", "42.7 million", "70%", "CMISS", "US$ 1,000", "unknown"], render
    )
    assert got == {
        "six": ["Seis"],
        "6": [],
        "Brazil": ["Brasil"],
        "42.7 million": ["42.7 millones"],
        "70%": [],
        "CMISS": [],
        "US$ 1,000": ["EE.UU. 1,000"],
        "unknown": [],
    }
    assert m.render_alternatives(["El Salvador"], render) == {"El Salvador": []}


def test_a_key_fact_matches_in_its_rendering_and_the_strict_figure_does_not() -> None:
    facts = ["six", "Brazil"]
    renderings = m.render_alternatives(facts, render)
    answer = "Según la nota técnica, seis países ofrecen seguro voluntario, entre ellos Brasil [1]."
    assert m.answer_correct(facts, answer, renderings)
    assert not m.answer_correct(facts, answer)  # strict: the English wording only
    assert m.missing_facts(facts, answer) == ["six", "Brazil"]
    assert m.fact_present("six", "Six countries", renderings)  # the original still counts
    # word boundaries and folding apply to renderings too
    assert not m.fact_present("six", "seiscientos", renderings)
    assert m.fact_present("Brazil", "BRASIL", renderings)


# -- lead and body ---------------------------------------------------------------------------------


ANSWER_ES = (
    "\n\nSegún la nota técnica de la CISS, seis países ofrecen seguro voluntario [1].\n\n"
    "- “Brazil, Chile, Colombia, Mexico, Peru and Uruguay offer voluntary insurance to their "
    "emigrants.” [1][2]\n"
)


def test_first_line_is_the_first_non_empty_line() -> None:
    assert m.first_line(ANSWER_ES).startswith("Según la nota técnica")
    assert m.first_line("") == ""
    facts = ["six", "Brazil"]
    renderings = m.render_alternatives(facts, render)
    assert m.answer_correct(facts, ANSWER_ES, renderings)
    assert not m.answer_correct(facts, m.first_line(ANSWER_ES), renderings)  # Brazil: 2nd line
    assert m.answer_correct(["six"], m.first_line(ANSWER_ES), renderings)


def test_body_words_leave_out_markers_bullets_and_pipes() -> None:
    assert m.body_text("one [1] two [2, 3] three [4–5]").split() == ["one", "two", "three"]
    assert m.body_words("- “One, two.” [1][2]\n| a | 3 |\n") == 4
    assert m.body_words(ANSWER_ES) == 25


def test_body_language_uses_the_project_detector_on_the_whole_body() -> None:
    english = (
        "Here is what the documents say: “The programme came into effect in October 2018 and "
        "is currently known as the Special Regime for Salvadorans Abroad.” [1]"
    )
    spanish = (
        "Según el informe de la OIT, el programa Salvadoreño Seguro entró en vigor en octubre "
        "de 2018 y está abierto a los salvadoreños que viven en el extranjero [1]."
    )
    assert m.body_language(english) == "en"
    assert m.body_language(spanish) == "es"
    assert m.body_language(" [1] ") is None
    # a Spanish preamble over an English quote is an English body
    preamble = "Esto es lo que dicen los documentos (citas en inglés, el idioma de la fuente):"
    assert m.body_language(preamble + "\n\n" + english) == "en"
    # a Spanish body with one English quote paragraph: Spanish on the whole (the target's
    # figure), with one paragraph in the other language (the diagnostic)
    mixed = spanish + "\n\n" + english
    assert m.body_language(mixed) == "es"
    assert m.paragraphs_in_other_language(mixed, "es") == 1
    assert m.paragraphs_in_other_language(spanish, "es") == 0
    assert m.paragraphs_in_other_language("Sí [1].\nShort line here.", "es") == 0  # < 8 words
    assert m.body_language("anything", detect=lambda text: "es") == "es"


# -- refusal subsets -------------------------------------------------------------------------------


def test_refusal_scores_per_subset_share_the_answerable_items() -> None:
    # two answerable items (one wrongly refused), two old and two new refusal items
    subsets = [None, None, "old", "old", "new", "new"]
    refused = [True, False, True, True, True, False]
    assert m.refusal_subset_scores(subsets, refused, "old") == (2 / 3, 1.0)
    assert m.refusal_subset_scores(subsets, refused, "new") == (0.5, 0.5)
    assert m.refusal_scores([s is not None for s in subsets], refused) == (0.75, 0.75)
    assert m.refusal_subset_scores([None, None], [False, False], "new") == (None, None)
