"""Feedback survives a writer killed with SIGKILL mid-stream.

A separate process writes feedback records one by one through ``FeedbackStore``
and reports each id on its standard output once ``add`` has returned (the
record is committed). It is killed with SIGKILL at a random moment, while a
second writer keeps writing beside it; then the database must pass SQLite's
integrity check and hold every record the writers reported, whole. The kills
repeat on the same database, so each new writer also opens a database whose
last writer died (a hot write-ahead log).

(Concurrent writers that are not killed: ``tests/test_feedback.py``.)
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ssassist.feedback import FeedbackStore

pytestmark = pytest.mark.slow

RUNS = 10
SURVIVOR_RECORDS = 40
SEED = int(os.environ.get("SSASSIST_DURABILITY_SEED", str(time.time_ns() % 1_000_000)))
ANSWER = "Sí. Perú y Argentina están cubiertos por el CMISS [1]. " * 400  # ~22 KB: several pages
COMMENT = 'Très "útil" — 👍\nsegunda línea; <b>HTML</b>'
CITATIONS = [{"n": 1, "title": "Access to social security", "text": "CMISS"}]

WRITER = """
import json
import sys

from ssassist.feedback import FeedbackStore

path, tag, count, answer, comment, citations = sys.argv[1:7]
store = FeedbackStore(path)
for i in range(int(count)):
    rid = store.add(
        rating="up" if i % 2 else "down", question=f"{tag}-{i}", answer=answer,
        comment=comment, citations=json.loads(citations), session=tag,
    )
    sys.stdout.write(f"{rid} {i}\\n")  # only once add() returned: the record is committed
    sys.stdout.flush()
"""


def start_writer(path: Path, tag: str, count: int) -> subprocess.Popen:
    args = [str(path), tag, str(count), ANSWER, COMMENT, json.dumps(CITATIONS)]
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # unbuffered: the first line read leaves the rest to communicate()
    )


def reported(proc: subprocess.Popen) -> tuple[dict[int, int], str]:
    """``{record id: i}`` for every line the writer printed (to the end), and its errors.

    A line cut short by the kill (no newline yet) is not a report.
    """
    out, err = proc.communicate(timeout=120)
    lines = out.decode().split("\n")[:-1]
    return {int(rid): int(i) for rid, i in (line.split() for line in lines)}, err.decode()


def test_records_reported_committed_survive_sigkill(tmp_path):
    path = tmp_path / "feedback.sqlite3"
    FeedbackStore(path).count()  # the schema, as the app creates it at start
    rng = random.Random(SEED)
    committed: dict[int, tuple[str, int]] = {}  # id -> (writer tag, i)
    for run in range(RUNS):
        victim_tag, survivor_tag = f"victim{run}", f"survivor{run}"
        victim = start_writer(path, victim_tag, 1_000_000)  # never finishes by itself
        survivor = start_writer(path, survivor_tag, SURVIVOR_RECORDS)
        first = victim.stdout.readline().decode()  # it writes: kill it a random moment later
        assert first, f"the writer wrote nothing (seed {SEED})"
        time.sleep(rng.uniform(0.0, 0.4))
        victim.send_signal(signal.SIGKILL)
        rest, _ = reported(victim)
        victim_ids = {int(first.split()[0]): int(first.split()[1]), **rest}
        assert victim.returncode == -signal.SIGKILL
        survivor_ids, errors = reported(survivor)
        assert survivor.returncode == 0, f"the writer beside the killed one failed:\n{errors}"
        assert sorted(survivor_ids.values()) == list(range(SURVIVOR_RECORDS))

        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"seed {SEED}"
        finally:
            conn.close()
        committed |= {rid: (victim_tag, i) for rid, i in victim_ids.items()}
        committed |= {rid: (survivor_tag, i) for rid, i in survivor_ids.items()}

        records = {r.id: r for r in FeedbackStore(path).records()}  # every row reads back whole
        missing = sorted(rid for rid in committed if rid not in records)
        assert missing == [], f"records reported committed are lost (seed {SEED})"
        for rid, (tag, i) in committed.items():
            rec = records[rid]
            assert (rec.question, rec.session, rec.answer, rec.comment) == (
                f"{tag}-{i}",
                tag,
                ANSWER,
                COMMENT,
            )
            assert rec.citations == CITATIONS and rec.rating == ("up" if i % 2 else "down")
        # the victim wrote in order: what it stored is 0..k, reported or (the last) not yet
        stored = sorted(
            int(r.question.split("-")[1]) for r in records.values() if r.session == victim_tag
        )
        assert stored == list(range(len(stored)))
        assert len(stored) - len(victim_ids) in (0, 1)
    print(f"\nfeedback durability: {RUNS} SIGKILLs, {len(committed)} records kept (seed {SEED})")
