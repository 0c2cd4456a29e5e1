"""SSASSIST_CHROMA_URL: the index in a real Chroma server (``chroma run``) shared by app
processes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ssassist.config import Settings
from ssassist.errors import ChromaServerError, IndexMismatchError, IndexMissingError
from ssassist.ingest.index import ChunkIndex
from tests.app_process import free_port, stop_process
from tests.paths import DATA

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
QUESTION = "Does Brazil pay pensions abroad?"
START_TIMEOUT = 60


def wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            output = log.read_text(errors="replace")[-2000:]
            pytest.fail(f"chroma run exited with {proc.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(
        f"chroma run not healthy after {START_TIMEOUT}s:\n{log.read_text(errors='replace')[-2000:]}"
    )


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server on a free loopback port, with its data in a temporary folder."""
    chroma = BIN / "chroma"
    assert chroma.exists() or shutil.which("chroma"), (
        "the chromadb package ships the chroma command"
    )
    folder = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                str(chroma if chroma.exists() else shutil.which("chroma")),
                "run",
                "--path",
                str(folder / "data"),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log)
        yield url
    finally:
        stop_process(proc, timeout=20)


@pytest.fixture
def server_env(chroma_url: str, tmp_path: Path) -> dict[str, str]:
    """Environment of an app process using the server (and the stub corpus); no local index."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSASSIST_")}
    env.update(
        SSASSIST_CHROMA_URL=chroma_url,
        SSASSIST_CORPUS_DIR=str(DATA / "corpus"),
        SSASSIST_GLOSSARY_FILE=str(DATA / "glossary.yaml"),
        SSASSIST_INDEX__PATH=str(tmp_path / "no-local-index"),
        HF_HUB_OFFLINE="1",
    )
    return env


def ssassist(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "ssassist"), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen, timeout: float = 300) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-3000:]
    return out


def server_settings(env: dict[str, str]) -> Settings:
    return Settings(
        chroma_url=env["SSASSIST_CHROMA_URL"],
        corpus_dir=env["SSASSIST_CORPUS_DIR"],
        glossary_file=env["SSASSIST_GLOSSARY_FILE"],
        index={"path": env["SSASSIST_INDEX__PATH"]},
    )


def test_ingest_and_ask_through_a_chroma_server_shared_by_app_processes(
    server_env, embed_model, tmp_path
):
    from ssassist.assistant import Assistant

    settings = server_settings(server_env)
    asst = Assistant(settings, embed_model=embed_model)
    with pytest.raises(IndexMissingError, match="http://127.0.0.1:"):
        asst.index.open()  # the server holds no index yet

    # one process ingests into the server...
    summary = finish(ssassist("ingest", env=server_env))
    assert summary.startswith("2 added, 0 re-embedded, 0 removed, 0 unchanged;")
    assert not (tmp_path / "no-local-index" / "chroma.sqlite3").exists()  # nothing stored locally

    # ...and three others use it at the same time: two answer, one reports its status
    t0 = time.perf_counter()
    askers = [ssassist("ask", "--json", QUESTION, env=server_env) for _ in range(2)]
    status = ssassist("status", env=server_env)
    answers = [json.loads(finish(p)) for p in askers]
    report = finish(status)
    elapsed = time.perf_counter() - t0
    for a in answers:
        assert a["route"] == "rag" and a["citations"], a
        assert any("Brazil also pays pensions abroad" in c["text"] for c in a["citations"])
    assert answers[0]["answer"] == answers[1]["answer"] == asst.ask(QUESTION).answer
    assert f"index: {server_env['SSASSIST_CHROMA_URL']}" in report and "documents: 2" in report
    print(f"\nthree concurrent app processes over one Chroma server: {elapsed:.1f}s")

    # an ingest from this process finds everything the other process stored
    again = asst.ingest()
    assert (len(again.unchanged), again.added, again.updated) == (2, [], [])


def test_the_server_collection_is_checked_against_the_embedding_model(
    chroma_url, embed_model, tmp_path
):
    from ssassist.assistant import Assistant

    settings = Settings(
        chroma_url=chroma_url,
        corpus_dir=DATA / "corpus",
        glossary_file=DATA / "glossary.yaml",
        index={"path": tmp_path / "unused", "collection": "model-check"},
    )
    asst = Assistant(settings, embed_model=embed_model)
    asst.ingest()
    assert asst.ask(QUESTION).route == "rag"
    with pytest.raises(IndexMismatchError, match="built with embedding model"):
        ChunkIndex(settings, "another-model==1.0").open()
    absent = settings.model_copy(
        update={"index": settings.index.model_copy(update={"collection": "absent"})}
    )
    with pytest.raises(IndexMissingError):
        ChunkIndex(absent, asst.index.model_id).open()


def test_an_unreachable_server_is_a_one_line_error(server_env, embed_model):
    from ssassist.assistant import Assistant

    env = {**server_env, "SSASSIST_CHROMA_URL": f"http://127.0.0.1:{free_port()}"}
    proc = ssassist("status", env=env)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, err
    assert err.startswith("error: Cannot reach the Chroma server at http://127.0.0.1:")
    assert err.count("\n") == 1 and "Traceback" not in err
    asst = Assistant(server_settings(env), embed_model=embed_model)
    with pytest.raises(ChromaServerError, match="chroma run"):
        asst.ingest()
    with pytest.raises(ChromaServerError):
        asst.ask(QUESTION)


def test_a_rebuild_makes_a_new_collection_and_switches_to_it(chroma_url, embed_model, tmp_path):
    from ssassist.assistant import Assistant
    from ssassist.ingest.builds import Builds

    settings = Settings(
        chroma_url=chroma_url,
        corpus_dir=DATA / "corpus",
        glossary_file=DATA / "glossary.yaml",
        index={"path": tmp_path / "local", "collection": "rebuilds"},
    )
    serving = Assistant(settings, embed_model=embed_model)
    serving.ingest()
    first = serving.ask(QUESTION).answer

    Assistant(settings, embed_model=embed_model).ingest(rebuild=True)
    client = serving.index._client
    current = Builds(settings).current(client)
    assert current.collection.startswith("rebuilds-")
    time.sleep(2.5)  # a server's pointer is read at most every 2 s
    assert serving.ask(QUESTION).answer == first
    assert serving.index.build.collection == current.collection

    # a second rebuild keeps the current and the previous collection, drops the older one
    Assistant(settings, embed_model=embed_model).ingest(rebuild=True)
    names = {getattr(c, "name", c) for c in client.list_collections()}
    latest = Builds(settings).current(client).collection
    assert latest in names and current.collection in names and "rebuilds" not in names
    assert list((tmp_path / "local" / latest).glob("renderings-*.json"))
