"""Question translation with the real Apertium pipelines (installed by `make install`)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from ssassist.query.analysis import analyze_query
from ssassist.query.translation import DEFAULT_MODES, Translator


@pytest.fixture(scope="module")
def translator() -> Translator:
    t = Translator()
    assert t.status.available, t.status.detail  # `make install` installs apertium-en-es
    yield t
    t.close()


def test_spanish_question_is_translated_to_english(translator: Translator) -> None:
    out = translator.translate("¿Cuántos países han ratificado el convenio?", "es", "en")
    assert out == "How many countries have ratified the agreement?"


def test_english_question_is_translated_to_spanish(translator: Translator) -> None:
    out = translator.translate("What happens to my pension if I go back to Peru?", "en", "es")
    assert out is not None and "pensión" in out and "Perú" in out


def test_missing_accents_are_restored_before_translating(translator: Translator) -> None:
    assert translator.restore_accents(
        "cuales son los requisitos de la jubilacion en dos paises"
    ) == ("cuáles son los requisitos de la jubilación en dos países")
    # an opening interrogative and "anos" (years), which the analyser knows unaccented too
    assert (
        translator.restore_accents("cuantos anos hay que cotizar") == "cuántos años hay que cotizar"
    )
    out = translator.translate("cuantos anos hay que cotizar para la jubilacion", "es", "en")
    assert out is not None and out.startswith("How many years") and "retirement" in out


def test_stream_format_characters_and_nul_do_not_desynchronise(translator: Translator) -> None:
    expected = translator.translate("la pensión de invalidez", "es", "en")
    for text in ("a $ ^ b", "[^1] \\ {x} <b> @y *z #3", "uno\0dos", "$^"):
        translator.translate(text, "es", "en")
    translator._cache.clear()
    assert translator.translate("la pensión de invalidez", "es", "en") == expected


def test_long_input_is_cut_and_answers_quickly(translator: Translator) -> None:
    start = time.monotonic()
    out = translator.translate("pensión " * 50_000, "es", "en")
    assert out is not None and len(out) < 3 * translator.max_chars
    assert time.monotonic() - start < translator.timeout + 1


def test_a_killed_pipeline_is_restarted(translator: Translator) -> None:
    assert translator.translate("la pensión de vejez", "es", "en") == "The pension of old age"
    pipe = translator._pipes[("es", "en")]
    os.kill(pipe._procs[3].pid, signal.SIGKILL)  # one program in the middle of the chain
    pipe._procs[3].wait(timeout=5)
    translator._cache.clear()
    assert (
        translator.translate("la pensión de invalidez", "es", "en") == "The pension of invalidity"
    )
    assert translator.status.available


def test_without_apertium_the_question_is_searched_with_the_glossary(tmp_path: Path) -> None:
    t = Translator(modes_dir=tmp_path)
    assert not t.status.available and "apt-get install apertium-en-es" in t.status.detail
    assert t.translate("la pensión de vejez", "es", "en") is None
    analysis = analyze_query("¿Qué pasa con mi pensión de vejez?", translator=t)
    assert analysis.translation is None and "old-age" in analysis.text_en


def test_a_hung_pipeline_times_out_and_is_given_up(tmp_path: Path) -> None:
    for mode in ("spa-eng", "eng-spa"):  # a program that reads nothing and never answers
        (tmp_path / f"{mode}.mode").write_text("tail -f /dev/null\n")
    t = Translator(modes_dir=tmp_path, timeout=0.3)
    start = time.monotonic()
    results = [t.translate(f"hola {i}", "es", "en") for i in range(5)]
    assert results == [None] * 5
    assert (
        time.monotonic() - start < 5 * 0.3 * 2 + 2
    )  # each try waits at most the timeout, then none
    assert not t.status.available and "stopped answering" in t.status.detail
    t.close()


def test_analysis_carries_the_translation_and_country_names(translator: Translator) -> None:
    analysis = analyze_query(
        "trabajé en El Salvador y en EEUU, ¿qué pasa con mis aportes?", translator=translator
    )
    assert analysis.translation is not None
    assert "El Salvador" in analysis.translation and "Saviour" not in analysis.translation
    assert "United States" in analysis.translation and "Zqx" not in analysis.translation
    assert analysis.translation in analysis.text_en


def test_default_modes_folder_is_debians() -> None:
    assert Path("/usr/share/apertium/modes") == DEFAULT_MODES


@pytest.mark.slow
def test_only_searched_questions_are_translated(assistant) -> None:  # type: ignore[no-untyped-def]
    coverage = assistant.ask("¿Hay convenio de seguridad social entre Chile y Perú?")
    assert coverage.route == "coverage" and "translate" not in coverage.timings
    table = assistant.ask("¿Qué países ofrecen seguro voluntario a sus emigrantes?")
    assert table.route == "rag" and "translate" not in table.timings  # from the matrix
    searched = assistant.ask("¿Qué es el Salvadoreño Seguro y quién puede afiliarse?")
    assert searched.route in ("rag", "refusal") and "translate" in searched.timings
