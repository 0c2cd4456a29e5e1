"""Index builds: where the current index is, building a new one beside it, and the switch.

``ingest --rebuild`` never writes into the index a running app answers from: it
builds a new one beside it, then switches a pointer, and every process that checks
the pointer (the app does, at each question: :meth:`Builds.signature` is one
``stat``) reopens the new build. Old builds are removed once no process uses them.

* A local store: builds are folders. The first index is built in the index folder
  itself (``<index>/``, as before builds existed); a rebuild goes to
  ``<index>/builds/<name>/``, and ``<index>/current`` (a small JSON file, replaced
  atomically) names the current one. A process using a build holds a shared
  ``flock`` on its ``.in-use`` file; a build nobody holds, that is not current, is
  removed (under the ingest lock, so never one being built).
* A Chroma server: builds are collections, ``<collection>`` first, then
  ``<collection>-<name>``; the pointer is the metadata of the collection
  ``<collection>.current``. Whether another host still reads an old collection
  cannot be known, so the current and the previous one are kept, older ones dropped.
  The sentence vectors and renderings of a server build are kept on this host, in
  ``<index>/<collection name>/`` (``<index>/`` for the first).

Every build folder (or server build's local folder) also holds what ingest computes
beside the chunks: the sentence vectors (``sentences-*.npz``) and the renderings
(``renderings-*.json``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from ssassist.config import Settings

try:  # POSIX: shared locks of the builds in use
    import fcntl
except ImportError:  # pragma: no cover - Windows: builds are never removed automatically
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

POINTER = "current"
BUILDS = "builds"
IN_USE = ".in-use"
LOCK = ".ingest.lock"
ROOT = "."
_POINTER_SUFFIX = ".current"
_SERVER_CHECK_S = 2.0  # a server's pointer is read at most this often


@dataclass(frozen=True)
class Build:
    """One built (or being built) index."""

    name: str  # "." for the first one (the index folder itself), else "<stamp>-<random>"
    collection: str  # the Chroma collection
    store: Path | None  # the local Chroma folder (None: a Chroma server)
    data: Path  # sentence vectors and renderings


class Hold:
    """A shared lock on a local build while this process uses it (nothing for a server)."""

    def __init__(self, build: Build) -> None:
        self._fd: int | None = None
        if build.store is None or fcntl is None or not build.store.is_dir():
            return
        try:
            fd = os.open(build.store / IN_USE, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:  # a read-only index folder: nobody can remove it either
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
        except OSError:
            os.close(fd)
            return
        self._fd = fd

    def __del__(self) -> None:  # an index dropped without close() lets go of its build too
        self.release()

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # closing releases the lock
            self._fd = None


class Builds:
    """The builds of the configured index (a local folder or a Chroma server)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = settings.index_path
        self.collection = settings.index.collection
        self._server_seen: tuple[float, Any] = (0.0, None)

    @property
    def server(self) -> bool:
        return bool(self.settings.chroma_url)

    # -- naming ----------------------------------------------------------------
    def build(self, name: str) -> Build:
        """The build called ``name``."""
        if self.server:
            collection = self.collection if name == ROOT else f"{self.collection}-{name}"
            data = self.root if name == ROOT else self.root / collection
            return Build(name, collection, None, data)
        folder = self.root if name == ROOT else self.root / BUILDS / name
        return Build(name, self.collection, folder, folder)

    def new(self) -> Build:
        """A new build's name (nothing is created)."""
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
        return self.build(f"b{stamp}-{secrets.token_hex(3)}")

    # -- the pointer -------------------------------------------------------------
    def current(self, client: Any = None) -> Build:
        """The build the pointer names (the first one when there is no pointer)."""
        return self.build(self._read(client).get("build", ROOT))

    def signature(self, client: Any = None) -> Any:
        """Something that changes whenever the pointer is switched or touched: cheap (a stat
        of the pointer file; a server's pointer is read at most every few seconds)."""
        if self.server:
            seen_at, seen = self._server_seen
            if time.monotonic() - seen_at < _SERVER_CHECK_S:
                return seen
            try:
                seen = self._read(client)
            except Exception as exc:  # a server that does not answer: keep what is open
                log.warning("could not read the index pointer (%s)", exc)
            self._server_seen = (time.monotonic(), seen)
            return seen
        try:
            st = (self.root / POINTER).stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def switch(self, build: Build, client: Any = None) -> None:
        """Make ``build`` the current one (atomically); processes pick it up at their next
        check."""
        previous = self._read(client).get("build", ROOT)
        self._write({"build": build.name, "previous": previous, "at": time.time()}, client)
        log.info("index switched to %s", self.describe(build))

    def touch(self, client: Any = None) -> None:
        """Tell running processes that the current build changed in place (reopen it)."""
        pointer = self._read(client)
        self._write({**pointer, "build": pointer.get("build", ROOT), "at": time.time()}, client)

    def describe(self, build: Build) -> str:
        return build.collection if build.store is None else str(build.store)

    def _read(self, client: Any) -> dict[str, Any]:
        if self.server:
            if client is None:
                return {}
            names = {getattr(c, "name", c) for c in client.list_collections()}
            if self.collection + _POINTER_SUFFIX not in names:
                return {}
            col = client.get_collection(self.collection + _POINTER_SUFFIX, embedding_function=None)
            return dict(col.metadata or {})
        try:
            data = json.loads((self.root / POINTER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, pointer: dict[str, Any], client: Any) -> None:
        if self.server:
            assert client is not None
            col = client.get_or_create_collection(
                self.collection + _POINTER_SUFFIX, metadata=pointer, embedding_function=None
            )
            col.modify(metadata=pointer)
            self._server_seen = (0.0, None)
            return
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".{POINTER}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(pointer), encoding="utf-8")
        os.replace(tmp, self.root / POINTER)

    # -- removing old builds -------------------------------------------------------
    def cleanup(self, client: Any = None, wait: bool = False) -> list[str]:
        """Remove the builds no process uses that are not current; returns their names.

        Runs under the ingest lock (``wait=False``: only if no ingest is running now).
        """
        try:
            with FileLock(str(self.root / LOCK), timeout=-1 if wait else 0):
                return self._cleanup(client)
        except Timeout:
            return []
        except OSError as exc:  # a read-only index folder
            log.warning("could not remove old index builds (%s)", exc)
            return []

    def _cleanup(self, client: Any) -> list[str]:
        pointer = self._read(client)
        current = pointer.get("build", ROOT)
        if self.server:
            return self._cleanup_server(client, {current, pointer.get("previous", ROOT)})
        removed = []
        folders = [ROOT] + sorted(
            p.name for p in (self.root / BUILDS).glob("*") if p.is_dir() and p.name != ROOT
        )
        for name in folders:
            if name == current:
                continue
            build = self.build(name)
            if name == ROOT and not _has_store(self.root):
                continue
            if _unused(build) and _remove(build, self.root):
                removed.append(name)
        if removed:
            log.info("removed unused index builds: %s", ", ".join(removed))
        return removed

    def _cleanup_server(self, client: Any, keep: set[str]) -> list[str]:
        if client is None:
            return []
        removed = []
        prefix = f"{self.collection}-"
        for c in client.list_collections():
            name = getattr(c, "name", c)
            build = ROOT if name == self.collection else name.removeprefix(prefix)
            if (name != self.collection and not name.startswith(prefix)) or build in keep:
                continue
            with contextlib.suppress(Exception):  # already gone
                client.delete_collection(name)
            if build != ROOT:
                shutil.rmtree(self.root / name, ignore_errors=True)
            removed.append(build)
        return removed


def _has_store(folder: Path) -> bool:
    return any(
        (p.is_file() and p.name.startswith("chroma.sqlite3")) or (p.is_dir() and _is_uuid(p.name))
        for p in folder.iterdir()
    )


def _unused(build: Build) -> bool:
    """Whether no process holds the build (its ``.in-use`` can be locked exclusively)."""
    if fcntl is None or build.store is None:
        return False
    try:
        fd = os.open(build.store / IN_USE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def _remove(build: Build, root: Path) -> bool:
    """Delete a local build: its folder, or for the first build (the index folder itself)
    Chroma's files and what ingest wrote beside them, nothing else."""
    assert build.store is not None
    try:
        if build.store != root:
            shutil.rmtree(build.store)
            return True
        for item in root.iterdir():
            if item.is_file() and (
                item.name.startswith(("chroma.sqlite3", "sentences-", "renderings-"))
                or item.name == IN_USE
            ):
                item.unlink()
            elif item.is_dir() and _is_uuid(item.name):
                shutil.rmtree(item)
    except OSError as exc:
        log.warning("could not remove the old index build %s (%s)", build.store, exc)
        return False
    return True


def _is_uuid(name: str) -> bool:
    try:
        uuid.UUID(name)
    except ValueError:
        return False
    return True
