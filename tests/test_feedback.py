"""The feedback store: durable SQLite records, safe under concurrent threads and processes."""

from __future__ import annotations

import csv
import io
import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from ssassist.cli import main
from ssassist.feedback import CSV_FIELDS, FeedbackStore, verdict_of
from ssassist.models import Answer, Citation

TRICKY = 'Très "útil", señor — 👍\nsegunda línea, con coma; y <b>HTML</b>'


def _answer(question: str = "¿Hay convenio entre Perú y Argentina?") -> Answer:
    return Answer(
        question=question,
        answer="Sí. Perú y Argentina están cubiertos por: CMISS [1].",
        language="es",
        route="rag",
        citations=[
            Citation(
                n=1,
                doc_id="000_a51be7ce2c2609d8",
                title="Access to social security",
                section="Table 6",
                text="Ibero-American Multilateral Agreement (CMISS)",
                publisher="CISS",
                year=2024,
            )
        ],
    )


def _write_many(path: str, worker: int, count: int) -> None:
    store = FeedbackStore(path)
    for i in range(count):
        store.add(
            rating="up" if i % 2 else "down", question=f"q{worker}-{i}", answer="a", comment=TRICKY
        )


def test_the_database_and_its_folders_are_created_in_wal_mode(tmp_path):
    path = tmp_path / "deep" / "er" / "feedback.sqlite3"
    store = FeedbackStore(path)
    assert store.count() == 0
    assert path.is_file()
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode.lower() == "wal"


def test_feedback_on_an_answer_keeps_question_answer_citations_and_time(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    answer = _answer()
    record_id = store.add_answer(answer, "up", comment="gracias", session="s1")
    rec = store.get(record_id)
    assert (rec.rating, rec.comment, rec.session) == ("up", "gracias", "s1")
    assert rec.question == answer.question and rec.answer == answer.answer
    assert rec.language == "es" and rec.route == "rag" and rec.verdict == ""
    assert rec.citations[0]["title"] == "Access to social security"
    assert rec.citations[0]["text"] == "Ibero-American Multilateral Agreement (CMISS)"
    assert rec.created_at.endswith("+00:00") and rec.created_at == rec.updated_at


def test_a_changed_rating_or_comment_updates_the_same_record(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    record_id = store.add_answer(_answer(), "up")
    store.update(record_id, rating="down")
    store.update(record_id, comment="faltó la fuente")
    rec = store.get(record_id)
    assert (rec.rating, rec.comment) == ("down", "faltó la fuente")
    assert store.count() == 1
    with pytest.raises(KeyError):
        store.update(record_id + 1, rating="up")
    with pytest.raises(ValueError):
        store.add_answer(_answer(), "meh")  # type: ignore[arg-type]


def test_coverage_answers_record_the_verdict(tmp_path, matrix_assistant):
    asst = matrix_assistant
    store = FeedbackStore(tmp_path / "f.sqlite3")
    for a, b, expected in (
        ("Mexico", "United States", "not_covered"),
        ("Perú", "Argentina", "covered"),
    ):
        answer = asst.coverage_answer(a, b, lang="es")
        assert verdict_of(answer) == expected
        rec = store.get(store.add_answer(answer, "up"))
        assert rec.verdict == expected and rec.route == "coverage"
        assert len(rec.citations) == len(answer.citations) > 0


def test_concurrent_threads_lose_no_record(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    threads, per_thread = 8, 25
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(per_thread):
                rid = store.add(rating="up", question=f"t{worker}-{i}", answer="a")
                store.update(rid, comment=f"c{worker}-{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    pool = [threading.Thread(target=work, args=(w,)) for w in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert not errors
    records = store.records()
    assert len(records) == threads * per_thread
    assert len({r.id for r in records}) == len(records)
    assert {r.question for r in records} == {
        f"t{w}-{i}" for w in range(threads) for i in range(per_thread)
    }
    assert all(r.comment == "c" + r.question[1:] for r in records)


def test_concurrent_processes_lose_no_record(tmp_path):
    path = str(tmp_path / "f.sqlite3")
    FeedbackStore(path).count()  # schema first, as the app does at its first write
    procs, per_proc = 4, 30
    ctx = multiprocessing.get_context("spawn")
    pool = [ctx.Process(target=_write_many, args=(path, w, per_proc)) for w in range(procs)]
    for p in pool:
        p.start()
    for p in pool:
        p.join(timeout=120)
    assert [p.exitcode for p in pool] == [0] * procs
    records = FeedbackStore(path).records()
    assert len(records) == procs * per_proc
    assert {r.question for r in records} == {
        f"q{w}-{i}" for w in range(procs) for i in range(per_proc)
    }
    assert all(r.comment == TRICKY for r in records)


def test_csv_export_round_trips_unicode(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite3")
    answer = _answer(question="¿Qué pasa con mi pensión en España? «urgente»")
    store.add_answer(answer, "down", comment=TRICKY)
    out = io.StringIO()
    assert store.export_csv(out) == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(CSV_FIELDS)
    assert rows[0]["comment"] == TRICKY
    assert rows[0]["question"] == answer.question
    assert rows[0]["rating"] == "down"
    assert "Access to social security" in rows[0]["citations"]


def test_cli_exports_feedback_to_stdout_and_to_a_file(tmp_path, monkeypatch, capsys):
    path = tmp_path / "fb" / "f.sqlite3"
    monkeypatch.setenv("SSASSIST_FEEDBACK__PATH", str(path))
    store = FeedbackStore(path)
    store.add_answer(_answer(), "up", comment=TRICKY)
    store.add_answer(_answer("Does the US pay pensions abroad?"), "down")

    assert main(["feedback", "export"]) == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert [r["rating"] for r in rows] == ["up", "down"]
    assert rows[0]["comment"] == TRICKY
    assert "2 feedback records exported" in captured.err

    out = tmp_path / "export.csv"
    assert main(["feedback", "export", "--out", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as fh:
        assert [r["question"] for r in csv.DictReader(fh)] == [
            "¿Hay convenio entre Perú y Argentina?",
            "Does the US pay pensions abroad?",
        ]


def test_export_of_an_empty_store_is_just_the_header(tmp_path: Path):
    out = io.StringIO()
    assert FeedbackStore(tmp_path / "f.sqlite3").export_csv(out) == 0
    assert out.getvalue().strip() == ",".join(CSV_FIELDS)
