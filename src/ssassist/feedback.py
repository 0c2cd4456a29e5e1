"""Feedback on answers (thumbs up/down, optional comment), stored durably in SQLite.

Every write is one short ``BEGIN IMMEDIATE`` transaction on its own connection,
in WAL mode with a busy timeout, so threads of the app and other processes
(a second app worker, ``ssassist feedback export``) can write and read at the
same time without losing a record. A feedback record keeps what the user saw:
the question, the answer, its citations and, for coverage answers, the verdict.
"""

from __future__ import annotations

import csv
import json
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, Field

from ssassist.models import Answer

log = logging.getLogger(__name__)

Rating = Literal["up", "down"]
CSV_FIELDS: tuple[str, ...] = (
    "id",
    "created_at",
    "updated_at",
    "rating",
    "comment",
    "question",
    "answer",
    "language",
    "route",
    "verdict",
    "citations",
    "session",
)
"""Columns of the feedback table and of its CSV export, in order."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT '',
    route TEXT NOT NULL DEFAULT '',
    verdict TEXT NOT NULL DEFAULT '',
    citations TEXT NOT NULL DEFAULT '[]',
    session TEXT NOT NULL DEFAULT ''
)
"""
_MAX_COMMENT = 4000
_ATTEMPTS = 5


def _busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


class FeedbackRecord(BaseModel):
    """One stored feedback record."""

    id: int
    created_at: str = Field(description="ISO 8601 UTC time the record was first written.")
    updated_at: str = Field(description="ISO 8601 UTC time of the last change (rating or comment).")
    rating: Rating
    comment: str = ""
    question: str
    answer: str
    language: str = ""
    route: str = ""
    verdict: str = Field(
        "", description="covered | not_covered | unknown for coverage answers, else ''."
    )
    citations: list[dict[str, Any]] = Field(default_factory=list)
    session: str = ""


def verdict_of(answer: Answer) -> str:
    """'covered', 'not_covered' or 'unknown' for a coverage answer; '' for any other."""
    result = answer.coverage
    if answer.route != "coverage" or result is None:
        return ""
    covered = getattr(result, "covered", None)
    return "covered" if covered is True else "not_covered" if covered is False else "unknown"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class FeedbackStore:
    """The SQLite feedback table at ``path`` (created, with its folders, on first use)."""

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._ready = False

    # -- connections ---------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    def _begin(self) -> sqlite3.Connection:
        """A connection holding the write lock (``BEGIN IMMEDIATE``), retried while it is busy."""
        for attempt in range(_ATTEMPTS):
            conn = self._connect()
            try:
                conn.execute("BEGIN IMMEDIATE")
                return conn
            except sqlite3.OperationalError as exc:
                conn.close()
                if not _busy(exc) or attempt == _ATTEMPTS - 1:
                    raise
                log.warning("feedback database busy, retrying (%s)", exc)
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction: committed when the block ends, rolled back on error."""
        self._ensure_schema()
        conn = self._begin()
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    def _ensure_schema(self) -> None:
        if self._ready:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(_ATTEMPTS):
            conn = self._connect()
            try:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute(_SCHEMA)
                break
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or attempt == _ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
            finally:
                conn.close()
        self._ready = True

    # -- writing ---------------------------------------------------------------
    def add(
        self,
        *,
        rating: Rating,
        question: str,
        answer: str,
        comment: str = "",
        language: str = "",
        route: str = "",
        verdict: str = "",
        citations: list[dict[str, Any]] | None = None,
        session: str = "",
    ) -> int:
        """Store a new record; returns its id."""
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        now = _now()
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (created_at, updated_at, rating, comment, question, answer,"
                " language, route, verdict, citations, session)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now,
                    now,
                    rating,
                    (comment or "")[:_MAX_COMMENT],
                    question,
                    answer,
                    language,
                    route,
                    verdict,
                    json.dumps(citations or [], ensure_ascii=False),
                    session,
                ),
            )
            return int(cur.lastrowid or 0)

    def add_answer(
        self, answer: Answer, rating: Rating, comment: str = "", session: str = ""
    ) -> int:
        """Store feedback on an ``Answer``: its question, text, citations and coverage verdict."""
        return self.add(
            rating=rating,
            comment=comment,
            question=answer.question,
            answer=answer.answer,
            language=answer.language,
            route=answer.route,
            verdict=verdict_of(answer),
            citations=[c.model_dump(mode="json", exclude={"passage"}) for c in answer.citations],
            session=session,
        )

    def update(
        self, record_id: int, *, rating: Rating | None = None, comment: str | None = None
    ) -> None:
        """Change the rating and/or the comment of a record (a user changing their mind).

        Raises:
            KeyError: no record has this id.
        """
        if rating is not None and rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE feedback SET rating = COALESCE(?, rating), comment = COALESCE(?, comment),"
                " updated_at = ? WHERE id = ?",
                (rating, None if comment is None else comment[:_MAX_COMMENT], _now(), record_id),
            )
            if cur.rowcount != 1:
                raise KeyError(record_id)

    # -- reading -----------------------------------------------------------------
    def _select(self, where: str = "", params: tuple[Any, ...] = ()) -> list[FeedbackRecord]:
        self._ensure_schema()
        conn = self._connect()
        try:
            conn.row_factory = sqlite3.Row
            sql = f"SELECT {', '.join(CSV_FIELDS)} FROM feedback {where} ORDER BY id"
            rows = conn.execute(sql, params).fetchall()
        finally:
            conn.close()
        return [
            FeedbackRecord.model_validate({**dict(r), "citations": json.loads(r["citations"])})
            for r in rows
        ]

    def records(self) -> list[FeedbackRecord]:
        """Every record, oldest first."""
        return self._select()

    def get(self, record_id: int) -> FeedbackRecord:
        """The record with this id (KeyError if none)."""
        found = self._select("WHERE id = ?", (record_id,))
        if not found:
            raise KeyError(record_id)
        return found[0]

    def count(self) -> int:
        self._ensure_schema()
        conn = self._connect()
        try:
            return int(conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])
        finally:
            conn.close()

    def export_csv(self, out: TextIO) -> int:
        """Write every record as CSV (header, then rows; citations as JSON); returns the count."""
        writer = csv.DictWriter(out, fieldnames=list(CSV_FIELDS))
        writer.writeheader()
        records = self.records()
        for r in records:
            row = r.model_dump()
            row["citations"] = json.dumps(row["citations"], ensure_ascii=False)
            writer.writerow(row)
        return len(records)
