"""Index faults: missing, damaged, another model, an ingest killed half-way, two ingests at once.

For each fault, ``ssassist status`` / ``ask`` / ``ingest`` answer with one
``error:`` line naming the command that repairs it (exit 2, no traceback),
and that command brings the index back: questions are answered again.

Everything runs against real Chroma stores in temporary folders, through the
command line's ``main``. A damaged store is only ever opened in a fresh
process: Chroma keeps the vector index of a store it has opened in memory,
and its native reader can crash the whole process on a garbled file after
it has read another damaged store. Fresh processes are forked from a server
that has imported ssassist once (``multiprocessing`` forkserver), so each
costs a second instead of the import time; one test runs the installed
``ssassist`` script end to end. ``FAULTS`` names every fault survived
(docs/reliability.md counts them).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import traceback
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from ssassist.config import PACKAGED_MODEL, Settings
from ssassist.ingest.chunking import Chunk
from ssassist.ingest.embeddings import model_id, model_path
from ssassist.ingest.index import ChunkIndex
from tests.paths import DATA

pytestmark = pytest.mark.slow  # the real embedding model and real Chroma stores

SCRIPT = Path(sys.executable).with_name("ssassist")
QUESTION = "Does Brazil pay pensions abroad?"
ANSWER = "Brazil also pays pensions abroad"
REBUILD = "ssassist ingest --rebuild"

# Every way of damaging the store that is tried below, with the command its message must name.
DAMAGE: dict[str, str] = {
    "database truncated": REBUILD,
    "database overwritten with garbage": REBUILD,
    "database emptied (0 bytes)": "ssassist ingest",
    "database deleted": "ssassist ingest",
    "vector folder deleted": REBUILD,
    "vector header overwritten": REBUILD,
    "vector data overwritten": REBUILD,
    "vector lengths overwritten": REBUILD,
    "vector metadata overwritten": REBUILD,
}
FAULTS = [
    "index never built",
    *(f"index {d}" for d in DAMAGE),
    "index recorded with another model id",
    "another model folder configured",
    "ingest crashed half-way",
    "ingest killed (SIGKILL) half-way",
    "two ingests at once",
]

Result = tuple[int, str, str]  # exit code, stdout, stderr


# -- the command line in fresh processes -------------------------------------------------------


def run_commands(env: dict[str, str], commands: Sequence[Sequence[str]]) -> list[Result]:
    """Run ``ssassist`` commands one after the other here, with ``env`` as the SSASSIST_* settings.

    A command that raises instead of returning an exit code is reported as
    exit code -1 with its traceback on stderr.
    """
    from ssassist.cli import main

    use_env(env)
    results: list[Result] = []
    for argv in commands:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(argv))
            except BaseException:  # noqa: BLE001 - reported to the test, which fails on it
                code = -1
                traceback.print_exc()
        results.append((code, out.getvalue(), err.getvalue()))
    return results


def use_env(env: dict[str, str]) -> None:
    """Make ``env`` this process's only SSASSIST_* settings."""
    for key in [k for k in os.environ if k.startswith("SSASSIST_")]:
        del os.environ[key]
    os.environ.update(env)


@pytest.fixture(scope="module")
def fresh() -> Iterator[ProcessPoolExecutor]:
    """Each task in a new process, forked from a server that has imported ssassist."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["ssassist.cli", "ssassist.assistant", "chromadb"])
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx, max_tasks_per_child=1) as pool:
        yield pool


def in_fresh_process(
    pool: ProcessPoolExecutor, env: dict[str, str], *commands: Sequence[str]
) -> list[Result]:
    return pool.submit(run_commands, env, commands).result(timeout=300)


def stub_env(index: Path) -> dict[str, str]:
    return {
        "SSASSIST_CORPUS_DIR": str(DATA / "corpus"),
        "SSASSIST_GLOSSARY_FILE": str(DATA / "glossary.yaml"),
        "SSASSIST_INDEX__PATH": str(index),
    }


def assert_one_error_line(result: Result, *commands: str) -> None:
    """Exit 2, nothing on stdout, one `error:` line naming the commands, no traceback."""
    code, out, err = result
    assert code == 2, result
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    for command in commands:
        assert command in err, err


def assert_answered(result: Result) -> None:
    code, out, err = result
    assert code == 0, err[-3000:]
    assert ANSWER in out and "[1]" in out, out


def stub_chunk_count() -> int:
    from ssassist.ingest.chunking import chunk_document
    from ssassist.ingest.corpus import load_corpus

    return sum(len(chunk_document(d)) for d in load_corpus(DATA / "corpus"))


def stored_ids(settings: Settings) -> list[str]:
    """Ids of the stored chunks, read in a fresh handle closed afterwards (sound stores only)."""
    index = ChunkIndex(settings, model_id(settings.embedding))
    try:
        return [c.id for c in index.all_chunks()]
    finally:
        index._client.close()


# -- damaged stores -------------------------------------------------------------------------


def build_large_index(path: Path, n: int = 1200) -> None:
    """A real store of ``n`` chunks (random unit vectors, the configured model's id).

    Chroma keeps the first vectors of a collection in its database and writes
    the vector index files once 1000 are stored: this store has both, so both
    can be damaged.
    """
    settings = Settings(index={"path": path})
    index = ChunkIndex(settings, model_id(settings.embedding))
    rnd = random.Random(7)

    def vectors(texts: list[str]) -> list[list[float]]:
        out = []
        for _ in texts:
            v = [rnd.gauss(0, 1) for _ in range(384)]
            norm = sum(x * x for x in v) ** 0.5
            out.append([x / norm for x in v])
        return out

    chunks = [
        Chunk(
            id=f"bulk#{i:04d}",
            doc_id="bulk",
            title="Bulk",
            section="S",
            language="en",
            position=i,
            kind="text",
            text=f"Passage number {i}.",
        )
        for i in range(n)
    ]
    index.ingest(
        {"bulk": chunks}, embed_text=lambda c: c.text, embed_batch=vectors, progress=lambda _m: None
    )
    assert index.open().count() == n  # sound before it is damaged
    index._client.close()
    segment = next(d for d in path.iterdir() if d.is_dir())
    assert (segment / "index_metadata.pickle").is_file(), "the vector index files were not written"


def build_large_indexes(folders: list[Path]) -> None:
    for folder in folders:
        build_large_index(folder)


@pytest.fixture(scope="module")
def large_indexes(fresh: ProcessPoolExecutor, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One large store per damage, each with its own collection ids, built in another process."""
    folder = tmp_path_factory.mktemp("large-indexes")
    fresh.submit(build_large_indexes, [folder / slug(name) for name in [*DAMAGE, "script"]]).result(
        timeout=300
    )
    return folder


def slug(name: str) -> str:
    return re.sub(r"\W+", "-", name)


def damage(path: Path, how: str) -> None:
    db = path / "chroma.sqlite3"
    segment = next(d for d in path.iterdir() if d.is_dir())
    garbage = random.Random(how).randbytes
    if how == "database truncated":
        with db.open("r+b") as f:
            f.truncate(4096)
    elif how == "database overwritten with garbage":
        db.write_bytes(garbage(db.stat().st_size))
    elif how == "database emptied (0 bytes)":
        db.write_bytes(b"")
    elif how == "database deleted":
        db.unlink()
    elif how == "vector folder deleted":
        shutil.rmtree(segment)
    else:
        files = {
            "header": "header.bin",
            "data": "data_level0.bin",
            "lengths": "length.bin",
            "metadata": "index_metadata.pickle",
        }
        (segment / files[how.split()[1]]).write_bytes(garbage(64))


@pytest.mark.parametrize("how", list(DAMAGE))
def test_a_damaged_index_is_reported_at_start_and_rebuilt(fresh, large_indexes, tmp_path, how):
    index = Path(shutil.copytree(large_indexes / slug(how), tmp_path / "index"))
    damage(index, how)
    fix = DAMAGE[how]
    plain_ingest = [["ingest"]] if fix == REBUILD else []

    status, ask, *refused, fixed, status_after, ask_after = in_fresh_process(
        fresh,
        stub_env(index),
        ["status"],
        ["ask", QUESTION],
        *plain_ingest,
        fix.split()[1:],
        ["status"],
        ["ask", QUESTION],
    )

    assert_one_error_line(status, fix, str(index))
    assert_one_error_line(ask, fix)
    for result in refused:  # a plain ingest does not write into a damaged store
        assert_one_error_line(result, REBUILD)
    assert fixed[0] == 0, fixed[2][-3000:]
    assert fixed[1].strip().endswith(f"{stub_chunk_count()} chunks in the index"), fixed[1]
    assert status_after[0] == 0, status_after
    assert_answered(ask_after)
    # the repaired store holds the corpus and nothing else
    ids = stored_ids(Settings(index={"path": index}))
    assert len(ids) == len(set(ids)) == stub_chunk_count()
    assert {i.split("#")[0] for i in ids} == {"stub_en", "stub_es"}


def test_a_damaged_index_raises_the_documented_error_classes(fresh, large_indexes, tmp_path):
    index = Path(
        shutil.copytree(large_indexes / slug("vector data overwritten"), tmp_path / "index")
    )
    damage(index, "vector data overwritten")
    names = fresh.submit(open_error, stub_env(index)).result(timeout=300)
    # IndexCorruptError, and the older IndexMismatchError that callers may already catch
    assert names[:3] == ["IndexCorruptError", "IndexMismatchError", "SSAssistError"], names


def open_error(env: dict[str, str]) -> list[str]:
    """The class hierarchy of the error opening the configured index raises ([] when it opens)."""
    use_env(env)
    settings = Settings()
    try:
        ChunkIndex(settings, model_id(settings.embedding)).open()
    except Exception as exc:  # noqa: BLE001 - returned to the test
        return [c.__name__ for c in type(exc).__mro__]
    return []


def test_no_index_names_the_command_that_builds_it(fresh, tmp_path):
    index = tmp_path / "index"
    status, ask, built, answered = in_fresh_process(
        fresh, stub_env(index), ["status"], ["ask", QUESTION], ["ingest"], ["ask", QUESTION]
    )
    assert_one_error_line(status, "ssassist ingest", str(index))
    assert_one_error_line(ask, "ssassist ingest")
    assert built[0] == 0, built[2]
    assert_answered(answered)


# -- another embedding model -----------------------------------------------------------------


def test_an_index_recorded_with_another_model_is_refused_until_rebuilt(fresh, tmp_path):
    env = stub_env(tmp_path / "index")
    [(built, _, err)] = in_fresh_process(fresh, env, ["ingest"])
    assert built == 0, err
    settings = Settings(index={"path": tmp_path / "index"})
    index = ChunkIndex(settings, model_id(settings.embedding))
    col = index.open()
    col.modify(metadata={**col.metadata, "embed_model": "another-model==9.9"})
    index._client.close()

    *refused, rebuilt, answered = in_fresh_process(
        fresh,
        env,
        ["status"],
        ["ask", QUESTION],
        ["ingest"],
        ["ingest", "--rebuild"],
        ["ask", QUESTION],
    )
    for result in refused:
        assert_one_error_line(result, REBUILD, "another-model==9.9", model_id(settings.embedding))
    assert rebuilt[0] == 0, rebuilt[2]
    assert_answered(answered)


def test_configuring_another_model_folder_asks_for_a_rebuild(fresh, tmp_path):
    env = stub_env(tmp_path / "index")
    [(built, _, err)] = in_fresh_process(fresh, env, ["ingest"])
    assert built == 0, err
    other = tmp_path / "other-model"
    other.symlink_to(model_path(Settings().embedding), target_is_directory=True)

    status, refused, rebuilt, status_after, answered = in_fresh_process(
        fresh,
        {**env, "SSASSIST_EMBEDDING__MODEL": str(other)},
        ["status"],
        ["ingest"],
        ["ingest", "--rebuild"],
        ["status"],
        ["ask", QUESTION],
    )
    assert_one_error_line(status, REBUILD, PACKAGED_MODEL)
    assert_one_error_line(refused, REBUILD)
    assert rebuilt[0] == 0, rebuilt[2]
    assert status_after[0] == 0 and str(other.resolve()) in status_after[1], status_after
    assert_answered(answered)


# -- an ingest that stops half-way -----------------------------------------------------------


class CrashingModel:
    """The real model, except that embedding the second document fails (a crash half-way)."""

    def __init__(self, model) -> None:  # type: ignore[no-untyped-def]
        self.model = model
        self.calls = 0

    def get_text_embedding_batch(self, texts: list[str], **kwargs) -> list[list[float]]:  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.calls == 2:
            raise MemoryError("simulated crash while embedding the second document")
        return self.model.get_text_embedding_batch(texts, **kwargs)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.model, name)


def test_an_ingest_that_crashed_half_way_is_detected_and_completed(
    fresh, stub_settings, embed_model
):
    from ssassist.assistant import Assistant
    from ssassist.errors import IndexIncompleteError

    asst = Assistant(stub_settings, embed_model=CrashingModel(embed_model))
    with pytest.raises(MemoryError):
        asst.ingest(progress=lambda _m: None)
    asst.index._client.close()
    with pytest.raises(IndexIncompleteError, match="ssassist ingest"):
        ChunkIndex(stub_settings, model_id(stub_settings.embedding)).open()

    status, resumed, answered = in_fresh_process(
        fresh, stub_env(stub_settings.index_path), ["status"], ["ingest"], ["ask", QUESTION]
    )
    assert_one_error_line(status, "did not finish", "ssassist ingest")
    assert resumed[0] == 0, resumed[2]
    assert re.search(r"^1 added, 0 re-embedded, 0 removed, 1 unchanged", resumed[1], re.M), resumed[
        1
    ]
    assert_answered(answered)


def synthetic_corpus(folder: Path, docs: int = 4, sections: int = 60) -> int:
    """A corpus big enough that embedding one document takes a while; returns its chunk count."""
    import yaml

    from ssassist.ingest.chunking import chunk_document
    from ssassist.ingest.corpus import load_corpus

    (folder / "docs").mkdir(parents=True)
    meta = []
    for d in range(docs):
        lines = [f"# Synthetic document {d}", ""]
        for s in range(sections):
            lines += [
                f"## Section {s}",
                "",
                f"Country {d}-{s} pays old-age pensions abroad to migrant workers "
                f"who contributed for {s + 5} years, under agreement number {d * 100 + s}.",
                "",
            ]
        (folder / "docs" / f"doc{d}.md").write_text("\n".join(lines), encoding="utf-8")
        meta.append(
            {
                "id": f"doc{d}",
                "file": f"docs/doc{d}.md",
                "title": f"Synthetic {d}",
                "publisher": "Test",
                "year": 2024,
                "language": "en",
                "kind": "note",
            }
        )
    (folder / "documents.yaml").write_text(yaml.safe_dump({"documents": meta}), encoding="utf-8")
    return sum(len(chunk_document(doc)) for doc in load_corpus(folder))


@pytest.fixture
def synthetic_env(tmp_path: Path) -> tuple[dict[str, str], int]:
    """Settings of a synthetic four-document corpus and a fresh index, and its chunk count."""
    count = synthetic_corpus(tmp_path / "corpus")
    env = {**stub_env(tmp_path / "index"), "SSASSIST_CORPUS_DIR": str(tmp_path / "corpus")}
    return env, count


def ingest_until_killed(env: dict[str, str], started: multiprocessing.synchronize.Event) -> None:
    """`ssassist ingest`, telling the parent when it starts embedding the second document."""
    from ssassist.cli import main

    class Progress(io.StringIO):
        def write(self, text: str) -> int:
            if text.startswith("embedding doc1"):
                started.set()
            return super().write(text)

    use_env(env)
    with redirect_stderr(Progress()):
        main(["ingest"])


def test_an_ingest_killed_half_way_is_detected_and_completed(fresh, synthetic_env):
    env, count = synthetic_env
    ctx = multiprocessing.get_context("forkserver")
    started = ctx.Event()
    proc = ctx.Process(target=ingest_until_killed, args=(env, started))
    proc.start()
    assert started.wait(timeout=300), "the ingest did not reach the second document"
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(timeout=60)
    assert proc.exitcode == -signal.SIGKILL

    status, resumed, status_after = in_fresh_process(fresh, env, ["status"], ["ingest"], ["status"])
    assert_one_error_line(status, "did not finish", "ssassist ingest")
    assert resumed[0] == 0, resumed[2][-3000:]
    assert re.search(r"^3 added, 0 re-embedded, 0 removed, 1 unchanged", resumed[1], re.M), resumed[
        1
    ]
    assert status_after[0] == 0, status_after
    ids = stored_ids(
        Settings(corpus_dir=env["SSASSIST_CORPUS_DIR"], index={"path": env["SSASSIST_INDEX__PATH"]})
    )
    assert len(ids) == len(set(ids)) == count


def test_two_ingests_at_once_are_serialised_and_leave_one_consistent_index(fresh, synthetic_env):
    env, count = synthetic_env
    runs = [
        fresh.submit(run_commands, env, [["ingest"]]) for _ in range(2)
    ]  # two processes at once
    results = [run.result(timeout=300)[0] for run in runs]
    assert [code for code, _, _ in results] == [0, 0], [err[-2000:] for _, _, err in results]
    summaries = sorted(out.strip().splitlines()[-1] for _, out, _ in results)
    # one built the index, the other waited on the lock and found it complete
    assert summaries == [
        f"0 added, 0 re-embedded, 0 removed, 4 unchanged; {count} chunks in the index",
        f"4 added, 0 re-embedded, 0 removed, 0 unchanged; {count} chunks in the index",
    ], summaries
    ids = stored_ids(
        Settings(corpus_dir=env["SSASSIST_CORPUS_DIR"], index={"path": env["SSASSIST_INDEX__PATH"]})
    )
    assert len(ids) == len(set(ids)) == count


# -- end to end ----------------------------------------------------------------------------


def test_the_installed_script_reports_and_repairs_a_damaged_index(large_indexes, tmp_path):
    """As staff would see it: separate processes of the real console script."""
    assert SCRIPT.is_file(), f"console script not installed next to {sys.executable}"
    index = Path(shutil.copytree(large_indexes / "script", tmp_path / "index"))
    damage(index, "database overwritten with garbage")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSASSIST_")}
    env.update(stub_env(index), HF_HUB_OFFLINE="1")

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SCRIPT), *argv], env=env, capture_output=True, text=True, timeout=300, check=False
        )

    status = run("status")
    assert_one_error_line((status.returncode, status.stdout, status.stderr), REBUILD)
    # a fresh process whose first contact with the store is the damaged file
    rebuilt = run("ingest", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    assert rebuilt.stdout.strip().endswith(f"{stub_chunk_count()} chunks in the index"), (
        rebuilt.stdout
    )
