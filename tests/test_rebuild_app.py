"""A running app keeps answering while ``ssassist ingest --rebuild`` runs in another process,
then answers from the new build, and the old one is removed once the app lets go of it.

The real app (``python app.py``, tests/app_process.py) over a private copy of the stub
corpus's index built with the real model (the stub matrix beside the corpus: the rebuild
adds its facts); the rebuild is the installed console script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.app_process import api_session, running_app
from tests.paths import DATA, OUT

pytestmark = pytest.mark.slow

QUESTION = "Does Brazil pay pensions abroad?"
SCRIPT = Path(sys.executable).parent / "ssassist"


def answer_text(result: object) -> str:
    """The last answer the chat shows (the session keeps the whole conversation)."""
    return str(result[1][-1]["content"][0]["text"])  # type: ignore[index]


def test_the_app_answers_during_and_after_a_rebuild_in_another_process(
    real_stub_index: Path, tmp_path: Path
) -> None:
    index = Path(shutil.copytree(real_stub_index, tmp_path / "index"))
    corpus = Path(shutil.copytree(DATA / "corpus", tmp_path / "corpus"))
    shutil.copytree(DATA / "matrix", corpus / "matrix")  # the app's tabs need a matrix
    env = {
        "SSASSIST_INDEX__PATH": str(index),
        "SSASSIST_CORPUS_DIR": str(corpus),
        "SSASSIST_GLOSSARY_FILE": str(DATA / "glossary.yaml"),
        "SSASSIST_FEEDBACK__PATH": str(tmp_path / "feedback.sqlite3"),
    }
    with running_app(env, tmp_path / "app.log", keep=OUT / "rebuild-app" / "app.log") as app:
        app.wait_warm()
        session = api_session(app)
        try:
            before = session.predict(QUESTION, api_name="/ask")
            assert "Brazil also pays pensions abroad" in answer_text(before)

            clean = {k: v for k, v in os.environ.items() if not k.startswith("SSASSIST_")}
            rebuild = subprocess.Popen(
                [str(SCRIPT), "ingest", "--rebuild"],
                env={**clean, **env, "HF_HUB_OFFLINE": "1"},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            during = []
            while rebuild.poll() is None:  # the app answers while the new build is made
                during.append(answer_text(session.predict(QUESTION, api_name="/ask")))
            out, err = rebuild.communicate(timeout=600)
            assert rebuild.returncode == 0, err[-3000:]
            assert out.strip().splitlines()[-1].endswith("chunks in the index"), out
            assert during and all("Brazil also pays pensions abroad" in a for a in during)

            [build] = list((index / "builds").iterdir())
            after = session.predict(QUESTION, api_name="/ask")  # sees the switch, reopens
            assert "Brazil also pays pensions abroad" in answer_text(after)
            assert f"index reopened: {build}" in app.log_text()
        finally:
            session.close()
        # the old build is let go 30 s after the switch, then removed
        deadline = time.monotonic() + 90
        while (index / "chroma.sqlite3").exists() and time.monotonic() < deadline:
            time.sleep(1)
        assert not (index / "chroma.sqlite3").exists(), app.log_text()[-3000:]
        assert (build / "chroma.sqlite3").is_file()
