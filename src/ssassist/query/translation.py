"""Machine translation of questions between Spanish and English with Apertium.

The embedding model is English-only and four of the five documents are in
English, while half of the users write in Spanish. The curated glossary links
the domain's terms; Apertium (a rule-based translator, Debian package
``apertium-en-es``, no model weights, no network) renders the rest of the
question, so that "¿qué pasa con mis aportes si regreso a mi país?" is searched
as "what happens with my contributions if I return to my country".

Each direction runs as one long-lived Apertium pipeline in null-flush mode
(``-z``): a question is written followed by a NUL and its translation is read
up to the next NUL, about a millisecond per question instead of ~80 ms for a
fresh ``apertium`` process. The pipeline is read from Apertium's own mode file
(``/usr/share/apertium/modes/spa-eng.mode``), each program gets ``-z`` and an
unbuffered output (``stdbuf -o0``: ``lt-proc -b`` does not flush on NUL by itself).

Translation is an aid, never a requirement: when Apertium is not installed, the
pipeline dies or does not answer in time, ``translate`` returns ``None`` and the
question is searched with the glossary alone (``ssassist status`` says which).

At ingest, :meth:`Translator.render_many` renders the corpus's quotable units in a
batch: every text is written into a pipeline of its own (with one more stage that
puts back the blanks the English-Spanish transfer rules drop between words:
"esquemadepensión"), without waiting for the one before, so that all the programs
of the chain work at once; the answers are read back in order.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import select
import shlex
import shutil
import subprocess
import threading
import time
import unicodedata
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ssassist.models import Lang

log = logging.getLogger(__name__)

PAIRS: dict[tuple[str, str], str] = {("es", "en"): "spa-eng", ("en", "es"): "eng-spa"}
DEFAULT_MODES = Path("/usr/share/apertium/modes")
INSTALL_HINT = "apt-get install apertium-en-es"
# Characters with a meaning in Apertium's stream format. They carry nothing a search needs
# and some stages lose their place on escaped ones ("\\^" before a NUL), so they become spaces.
_SPECIAL = re.compile(r"[\\^$@*/<>{}\[\]#]")
_UNKNOWN = re.compile(r"\^([^/$]*)/\*[^$]*\$")
_ACUTE = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}
# Words the analyser knows without their accent but that a question almost never means so:
# a question opening with "cuantos" asks "how many", and "anos" after a number are years.
_OPENING = {
    w.replace("á", "a").replace("é", "e").replace("ó", "o").replace("í", "i"): w
    for w in (
        "qué",
        "cuánto",
        "cuánta",
        "cuántos",
        "cuántas",
        "cómo",
        "dónde",
        "cuándo",
        "quién",
        "quiénes",
        "cuál",
        "cuáles",
    )
}
_ALWAYS = {"anos": "años", "ano": "año"}
_FIRST_WORD = re.compile(r"^([¿¡\s]*)(\w+)")
_CACHE_SIZE = 4096
_MAX_RESTARTS = 3
# Between the last transfer stage and the generator: a blank between two adjacent words
# ("^esquema<n>$^de<pr>$" -> "^esquema<n>$ ^de<pr>$"), which some transfer rules of
# apertium-eng-spa 0.8 forget (they give "esquemadepensión de edad vieja").
_BLANKS_FIX = r":a; s/(\^[[:alpha:]][^$^]*)\$\^([[:alpha:]])/\1$ ^\2/; ta"
_BATCH = 64  # texts written into a rendering pipeline before their answers are read
# Written after each rendered text and taken off its rendering: without a word after it,
# the last word is tagged without its right context ("Hello world." -> "Hola Mundial") and
# the final full stop is lost at the flush.
_END = "ZQWZ"
_END_RE = re.compile(rf"\s*{_END}\s*$")


@cache
def shared_translator(modes_dir: Path = DEFAULT_MODES, timeout: float = 2.0) -> Translator:
    """One translator (and one set of Apertium processes) per configuration in a process."""
    return Translator(modes_dir, timeout)


class TranslationUnavailable(RuntimeError):
    """Apertium or its language pair is not installed."""


def _mode_commands(
    mode_file: Path, unknown_marks: bool, fix_blanks: bool = False
) -> list[list[str]]:
    """The programs of an Apertium mode file, each with null flush and unbuffered output.

    ``fix_blanks`` adds a ``sed`` stage before the generator (``$1`` in the mode file)
    that puts a blank between two words the transfer left joined.
    """
    if not mode_file.is_file():
        raise TranslationUnavailable(f"{mode_file} not found")
    text = mode_file.read_text(encoding="utf-8").strip()
    commands = []
    for part in text.split(" | "):
        if fix_blanks and "$1" in part:
            if shutil.which("sed") is None:
                raise TranslationUnavailable("sed is not installed")
            commands.append(["stdbuf", "-o0", "sed", "-u", "-z", "-E", _BLANKS_FIX])
        words = shlex.split(part.replace("$1", "-g" if unknown_marks else "-n").replace("$2", ""))
        if not words or shutil.which(words[0]) is None:
            raise TranslationUnavailable(f"{words[0] if words else part!r} is not installed")
        commands.append(["stdbuf", "-o0", words[0], "-z", *words[1:]])
    if shutil.which("stdbuf") is None:
        raise TranslationUnavailable("stdbuf (coreutils) is not installed")
    return commands


def mode_version(modes_dir: Path = DEFAULT_MODES) -> str | None:
    """A short name for the installed Apertium pair: a hash of its mode files and of the size
    and time of every data file they name (None when a mode file is missing).

    Renderings stored at ingest carry it, so that another Apertium renders them anew.
    """
    h = hashlib.sha256()
    for mode in sorted(PAIRS.values()):
        path = Path(modes_dir) / f"{mode}.mode"
        if not path.is_file():
            return None
        text = path.read_text(encoding="utf-8")
        h.update(text.encode())
        for data in sorted(set(re.findall(r"'(/[^']+)'", text))):
            with contextlib.suppress(OSError):
                st = Path(data).stat()
                h.update(f"{data}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:12]


class NullFlushPipe:
    """A chain of processes that answers one NUL-terminated text with one NUL-terminated text."""

    def __init__(self, commands: list[list[str]], timeout: float) -> None:
        self.commands = commands
        self.timeout = timeout
        self._procs: list[subprocess.Popen[bytes]] = []
        self._buffer = b""
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _stop, self._procs)

    def _start(self) -> None:
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        previous = subprocess.PIPE
        for command in self.commands:
            proc = subprocess.Popen(
                command,
                stdin=previous,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
            if self._procs and self._procs[-1].stdout is not None:
                self._procs[-1].stdout.close()  # the next program holds it now
            self._procs.append(proc)
            previous = proc.stdout  # type: ignore[assignment]
        self._buffer = b""

    def stop(self) -> None:
        _stop(self._procs)
        self._buffer = b""

    def run(self, text: str) -> str:
        """Send ``text`` (one line, no NUL) through the chain.

        Raises ``OSError`` / ``TimeoutError``.
        """
        with self._lock:
            if not self._procs or any(p.poll() is not None for p in self._procs):
                self.stop()
                self._start()
            first, last = self._procs[0], self._procs[-1]
            assert first.stdin is not None and last.stdout is not None
            try:
                first.stdin.write(text.encode("utf-8") + b"\0")
                first.stdin.flush()
                deadline = time.monotonic() + self.timeout
                while b"\0" not in self._buffer.lstrip(b"\0"):
                    self._read(last, deadline - time.monotonic())
            except (OSError, ValueError, TimeoutError):
                self.stop()
                raise
            # Some programs echo an extra NUL at a flush: an empty answer between NULs is none.
            answer, _, self._buffer = self._buffer.lstrip(b"\0").partition(b"\0")
            return answer.decode("utf-8", errors="replace")

    def _read(self, last: subprocess.Popen[bytes], wait: float) -> None:
        """Add what the chain's last program wrote to the buffer, waiting up to ``wait`` s.

        Raises ``TimeoutError`` (nothing came) or ``BrokenPipeError`` (the chain ended).
        """
        if wait <= 0 or not select.select([last.stdout], [], [], wait)[0]:
            raise TimeoutError(f"no answer in {self.timeout:g} s")
        data = last.stdout.read1(65536)  # type: ignore[union-attr]
        if not data:
            raise BrokenPipeError("the pipeline ended")
        self._buffer += data

    def run_many(self, texts: list[str]) -> list[str]:
        """Send every text (non-empty, one line, no NUL) through the chain, without waiting
        for one answer before writing the next: a writer thread feeds the chain while
        the answers are read. ``timeout`` applies to each answer.

        Raises ``OSError`` / ``TimeoutError`` (the chain is then stopped).
        """
        if not texts:
            return []
        with self._lock:
            if not self._procs or any(p.poll() is not None for p in self._procs):
                self.stop()
                self._start()
            first, last = self._procs[0], self._procs[-1]
            assert first.stdin is not None and last.stdout is not None
            failed: list[BaseException] = []

            def write() -> None:
                try:
                    for text in texts:
                        first.stdin.write(text.encode("utf-8") + b"\0")  # type: ignore[union-attr]
                        first.stdin.flush()  # type: ignore[union-attr]
                except (OSError, ValueError) as exc:  # the chain ended: the reader times out
                    failed.append(exc)

            writer = threading.Thread(target=write, name="apertium-writer", daemon=True)
            writer.start()
            answers: list[str] = []
            try:
                while len(answers) < len(texts):
                    self._buffer = self._buffer.lstrip(b"\0")
                    if b"\0" in self._buffer:
                        answer, _, self._buffer = self._buffer.partition(b"\0")
                        answers.append(answer.decode("utf-8", errors="replace"))
                        continue
                    self._read(last, self.timeout)
            except (OSError, ValueError, TimeoutError):
                self.stop()
                writer.join(timeout=1)
                raise
            writer.join(timeout=self.timeout)
            if failed:
                self.stop()
                raise BrokenPipeError(str(failed[0]))
            return answers


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        if proc.poll() is None:
            proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):  # a process that ignores SIGKILL
                proc.wait(timeout=1)
    procs.clear()


@dataclass
class TranslatorStatus:
    available: bool
    detail: str  # the pairs in use, or why there is no translation


class Translator:
    """Spanish↔English translation of short texts, cached; ``None`` whenever it cannot translate.

    Spanish typed without accents ("jubilacion", "paises", "cuantos") is first
    restored word by word with Apertium's own Spanish analyser: an unknown word
    takes the one accented spelling (an acute vowel, or ñ for n) that the
    analyser knows.
    """

    def __init__(
        self, modes_dir: Path = DEFAULT_MODES, timeout: float = 2.0, max_chars: int = 2000
    ) -> None:
        self.modes_dir = Path(modes_dir)
        self.timeout = timeout
        self.max_chars = max_chars
        self._pipes: dict[tuple[str, str], NullFlushPipe] = {}
        self._render_pipes: dict[tuple[str, str], NullFlushPipe] = {}
        self._failures: dict[str, int] = {}
        self._unavailable: str | None = None
        self._cache: OrderedDict[tuple[str, str, str], str] = OrderedDict()
        self._lock = threading.Lock()
        try:
            for (source, target), mode in PAIRS.items():
                self._pipes[(source, target)] = NullFlushPipe(
                    _mode_commands(self.modes_dir / f"{mode}.mode", unknown_marks=False), timeout
                )
            analyser = _mode_commands(self.modes_dir / "spa-eng.mode", unknown_marks=True)[0]
            self._pipes[("es", "analysis")] = NullFlushPipe([analyser], timeout)
        except TranslationUnavailable as exc:
            self._unavailable = str(exc)
            self._pipes.clear()

    @property
    def status(self) -> TranslatorStatus:
        if self._unavailable:
            return TranslatorStatus(
                False, f"Apertium not available ({self._unavailable}); install: {INSTALL_HINT}"
            )
        broken = [name for name, count in self._failures.items() if count >= _MAX_RESTARTS]
        if broken:
            return TranslatorStatus(False, f"Apertium stopped answering ({', '.join(broken)})")
        return TranslatorStatus(True, "Apertium " + ", ".join(PAIRS.values()))

    def warm_up(self) -> None:
        """Start the Apertium processes now rather than on the first question (a few hundred ms)."""
        self.translate("hola", "es", "en")
        self.translate("hello", "en", "es")

    def close(self) -> None:
        for pipe in (*self._pipes.values(), *self._render_pipes.values()):
            pipe.stop()

    @property
    def version(self) -> str | None:
        """The installed pair's :func:`mode_version` (None without Apertium)."""
        return None if self._unavailable else mode_version(self.modes_dir)

    def render_many(self, texts: list[str], source: Lang, target: Lang) -> list[str | None]:
        """Texts of a document in ``target``, in a batch (see the module docstring).

        Unlike :meth:`translate`, nothing is cut, cached or accent-restored, and
        characters of Apertium's stream format are the caller's to keep out (they
        become spaces here). ``None`` for every text when Apertium cannot translate.
        """
        if source == target or self._unavailable or (source, target) not in PAIRS:
            return [None] * len(texts)
        pipe = self._render_pipes.get((source, target))
        if pipe is None:
            commands = _mode_commands(
                self.modes_dir / f"{PAIRS[(source, target)]}.mode",
                unknown_marks=False,
                fix_blanks=True,
            )
            pipe = self._render_pipes.setdefault(
                (source, target), NullFlushPipe(commands, self.timeout)
            )
        clean = [" ".join(_SPECIAL.sub(" ", t.replace("\0", " ")).split()) for t in texts]
        clean = [f"{t} {_END}" if t else "" for t in clean]
        out: list[str | None] = [None] * len(texts)
        todo = [i for i, t in enumerate(clean) if t]
        for start in range(0, len(todo), _BATCH):
            batch = todo[start : start + _BATCH]
            try:
                answers = pipe.run_many([clean[i] for i in batch])
            except (OSError, TimeoutError, ValueError) as exc:
                log.warning("Apertium rendering %s-%s failed (%s)", source, target, exc)
                continue
            for i, answer in zip(batch, answers, strict=True):
                if _END_RE.search(answer):  # else the rendering lost its end: none
                    out[i] = " ".join(_END_RE.sub("", answer).split())
        return out

    def translate(self, text: str, source: Lang, target: Lang) -> str | None:
        """``text`` in ``target``, or ``None`` (not installed, failed, or same language)."""
        if source == target or (source, target) not in self._pipes:
            return None
        text = " ".join(_SPECIAL.sub(" ", text.replace("\0", " ")).split())[: self.max_chars]
        if not text:
            return None
        key = (source, target, text)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        prepared = self.restore_accents(text) if source == "es" else text
        out = self._run((source, target), prepared)
        if out is None:
            return None
        result = " ".join(out.split())
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return result

    def restore_accents(self, text: str) -> str:
        """Spanish words the analyser does not know, replaced by their one known accented form."""
        text = _FIRST_WORD.sub(lambda m: m.group(1) + _restore_case(m.group(2), _OPENING), text)
        text = re.sub(r"\w+", lambda m: _restore_case(m.group(0), _ALWAYS), text)
        analysed = self._run(("es", "analysis"), text)
        if analysed is None:
            return text
        unknown = list(dict.fromkeys(_UNKNOWN.findall(analysed)))
        candidates = {w: _accent_variants(w) for w in unknown if w.isalpha() and len(w) > 2}
        flat = [c for variants in candidates.values() for c in variants]
        if not flat:
            return text
        checked = self._run(("es", "analysis"), " ".join(flat))
        if checked is None:
            return text
        known = {m.group(1) for m in re.finditer(r"\^([^/$]*)/(?!\*)[^$]*\$", checked)}
        for word, variants in candidates.items():
            found = [v for v in variants if v in known]
            if len(found) == 1:  # two known spellings: do not guess
                text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", found[0], text)
        return text

    def _run(self, name: tuple[str, str], text: str) -> str | None:
        label = "-".join(name)
        if self._failures.get(label, 0) >= _MAX_RESTARTS:
            return None
        try:
            out = self._pipes[name].run(text)
        except (OSError, TimeoutError, ValueError) as exc:
            self._failures[label] = self._failures.get(label, 0) + 1
            log.warning("Apertium %s failed (%s); searching with the glossary alone", label, exc)
            return None
        self._failures.pop(label, None)
        return out


def _restore_case(word: str, table: dict[str, str]) -> str:
    """``word`` from ``table`` (looked up in lower case), keeping an initial capital."""
    found = table.get(word.lower())
    if found is None:
        return word
    return found[0].upper() + found[1:] if word[0].isupper() else found


def _accent_variants(word: str) -> list[str]:
    """Spellings of ``word`` with one acute vowel, or ñ for an n, or both ("anos" → "años")."""
    lower = unicodedata.normalize("NFC", word)
    if any(ch in "áéíóúñÁÉÍÓÚÑ" for ch in lower):
        return []
    accented = [
        lower[:i] + _ACUTE[ch] + lower[i + 1 :] for i, ch in enumerate(lower) if ch in _ACUTE
    ]
    tilde = [lower[:i] + "ñ" + lower[i + 1 :] for i, ch in enumerate(lower) if ch == "n"]
    both = [
        t[:i] + _ACUTE[ch] + t[i + 1 :] for t in tilde for i, ch in enumerate(t) if ch in _ACUTE
    ]
    return list(dict.fromkeys(accented + tilde + both))
