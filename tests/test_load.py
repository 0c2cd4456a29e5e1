"""Load: the real app holds many concurrent conversations, and one stalled answer holds up no other.

The app runs as users start it (``python app.py`` in a subprocess, the session's
real index) and is driven through its chat API endpoint ``/ask`` with
``gradio_client``, one client (one browser session) per conversation, so the
follow-up of each conversation is answered with that session's history.

CI size: 50 concurrent two-turn conversations. A larger run:
``SSASSIST_LOAD_CONVERSATIONS=200 .venv/bin/pytest -q tests/test_load.py``.
Figures (p50/p95 latency, throughput) go to ``test-output/load/load.json``.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from gradio_client import Client

from ssassist.assistant import Assistant
from ssassist.config import Settings
from ssassist.ui.labels import t
from tests.app_process import AppProcess, api_session
from tests.llm.fake_openai import FakeOpenAI, Reply
from tests.paths import OUT as TEST_OUTPUT
from tests.paths import ROOT

pytestmark = pytest.mark.slow

CONVERSATIONS_ENV = "SSASSIST_LOAD_CONVERSATIONS"
CONVERSATIONS = int(os.environ.get(CONVERSATIONS_ENV, "50"))
REQUEST_TIMEOUT = float(os.environ.get("SSASSIST_LOAD_TIMEOUT", "120"))
"""Seconds one request may take before it counts as failed."""
OUT = TEST_OUTPUT / "load"
API = "/ask"


@dataclass(frozen=True)
class Ask:
    """One question of a conversation, its language and the route its answer must take."""

    question: str
    lang: str
    route: str


# Two turns each: coverage questions with a benefit-only follow-up (answered with the
# history), quoted answers, refusals; Spanish, English, and both in one conversation.
SCRIPTS: list[tuple[Ask, Ask]] = [
    (
        Ask("¿Hay convenio de seguridad social entre Perú y Argentina?", "es", "coverage"),
        Ask("¿y para invalidez?", "es", "coverage"),
    ),
    (
        Ask(
            "Is there an agreement between Mexico and Canada for old-age pensions?",
            "en",
            "coverage",
        ),
        Ask("And for disability?", "en", "coverage"),
    ),
    (
        Ask("¿Qué es el programa Salvadoreño Seguro?", "es", "rag"),
        Ask("¿Qué países ofrecen seguro voluntario a sus emigrantes?", "es", "rag"),
    ),
    (
        Ask("Does the United States pay pensions abroad to migrants?", "en", "rag"),
        Ask(
            "Which countries are parties to the Ibero-American Multilateral Agreement on Social"
            " Security?",
            "en",
            "rag",
        ),
    ),
    (
        Ask("¿Cuál es la mejor receta de paella valenciana?", "es", "refusal"),
        Ask("¿Hay convenio entre Chile y Uruguay?", "es", "coverage"),
    ),
    (
        Ask("What will the weather be like in Lima tomorrow?", "en", "refusal"),
        Ask("Is there a social security agreement between Colombia and Ecuador?", "en", "coverage"),
    ),
    (
        Ask("Is there a social security agreement between Brazil and Portugal?", "en", "coverage"),
        Ask("¿y para desempleo?", "es", "coverage"),
    ),
    (
        Ask("¿Existe un convenio entre México y Estados Unidos?", "es", "coverage"),
        Ask("And for survivors' pensions?", "en", "coverage"),
    ),
    (
        Ask("¿Qué dice el CMISS sobre la totalización de períodos de cotización?", "es", "rag"),
        Ask("How many people are enrolled in the Salvadoreño Seguro programme?", "en", "rag"),
    ),
    (
        Ask("Who won the football world cup in 2022?", "en", "refusal"),
        Ask("¿Quién ganó el mundial de fútbol de 2022?", "es", "refusal"),
    ),
]


# -- reading the app's answers ---------------------------------------------------------------


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


@dataclass
class Shown:
    """The last answer of a conversation as the chat shows it."""

    html: str
    route: str | None
    lang: str | None
    body: str


def shown_answer(result: Any) -> Shown:
    """The last chat message from ``/ask``'s outputs (question box, chat, status, comment)."""
    messages = result[1]
    last = messages[-1]
    assert last["role"] == "assistant", last
    html = "".join(part["text"] for part in last["content"] if part.get("type") == "text")
    route = m.group(1) if (m := re.search(r'data-route="(\w+)"', html)) else None
    lang = None
    if route is not None:  # the route's badge is labelled in the answer's language
        lang = next((x for x in ("es", "en") if t("route_" + route, x) in plain(html)), None)
    body = m.group(1) if (m := re.search(r'<div class="ss-body">(.*?)</div>', html)) else ""
    return Shown(html=html, route=route, lang=lang, body=plain(body))


def problems(shown: Shown, ask: Ask) -> list[str]:
    """What is wrong with an answer to ``ask`` (empty: nothing)."""
    out = []
    if shown.route != ask.route:
        out.append(f"route {shown.route} instead of {ask.route}: {plain(shown.html)[:200]}")
    if shown.lang != ask.lang:
        out.append(f"language {shown.lang} instead of {ask.lang}")
    if not shown.body:
        out.append("empty answer")
    return out


def new_client(app: AppProcess) -> Client:
    return api_session(app, max_workers=2, httpx_kwargs={"timeout": REQUEST_TIMEOUT})


def close_all(clients: list[Client]) -> None:
    """Close the sessions (at once: each close waits up to a second for its heartbeat thread)."""
    if clients:
        with ThreadPoolExecutor(max_workers=len(clients)) as pool:
            list(pool.map(Client.close, clients))


def ask(
    client: Client, question: str, timeout: float = REQUEST_TIMEOUT
) -> tuple[Shown, float, float]:
    """Ask in the client's session; returns the answer shown and the request's start/end."""
    start = time.perf_counter()
    result = client.submit(question, api_name=API).result(timeout=timeout)
    return shown_answer(result), start, time.perf_counter()


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


# -- the default app under load --------------------------------------------------------------


@pytest.fixture(scope="module")
def app(app_process: AppProcess) -> AppProcess:
    """The session's default app (extractive answers), warmed up, over the real index."""
    return app_process


@pytest.fixture(scope="module")
def reference(app: AppProcess) -> dict[str, str]:
    """Each script's answers asked one conversation at a time: right route, language, text."""
    answers: dict[str, str] = {}
    wrong: list[str] = []
    clients = [new_client(app) for _ in SCRIPTS]
    try:
        for client, script in zip(clients, SCRIPTS, strict=True):
            for turn in script:
                shown, _, _ = ask(client, turn.question)
                wrong += [f"{turn.question!r}: {p}" for p in problems(shown, turn)]
                answers[turn.question] = shown.html
    finally:
        close_all(clients)
    assert wrong == []
    return answers


def test_many_concurrent_conversations_are_all_answered(app, reference):
    """N two-turn conversations at once, one session each: no failure, the answers given alone."""
    n = CONVERSATIONS
    scripts = [SCRIPTS[i % len(SCRIPTS)] for i in range(n)]
    with ThreadPoolExecutor(max_workers=16) as pool:  # sessions opened before the clock starts
        t0 = time.perf_counter()
        clients = list(pool.map(lambda _: new_client(app), range(n)))
        setup = time.perf_counter() - t0

    go = threading.Event()
    records: list[dict[str, Any]] = []
    failures: list[str] = []
    lock = threading.Lock()

    def converse(i: int) -> None:
        go.wait()
        for turn_no, turn in enumerate(scripts[i], start=1):
            where = f"conversation {i} turn {turn_no} ({turn.question!r})"
            try:
                shown, start, end = ask(clients[i], turn.question)
            except Exception as exc:  # every failed request is counted and reported below
                with lock:
                    failures.append(f"{where}: {type(exc).__name__}: {exc}")
                    if turn_no == 1:
                        failures.append(f"conversation {i} turn 2: not asked")
                return
            wrong = problems(shown, turn)
            if shown.html != reference[turn.question]:
                wrong.append("not the answer it gets when asked alone")
            with lock:
                records.append(
                    dict(conversation=i, turn=turn_no, route=turn.route, start=start, end=end)
                )
                if wrong:
                    failures.append(f"{where}: {'; '.join(wrong)}")

    try:
        with ThreadPoolExecutor(max_workers=n) as pool:
            futures = [pool.submit(converse, i) for i in range(n)]
            go.set()
            for future in futures:
                future.result()
    finally:
        close_all(clients)

    latencies = sorted(r["end"] - r["start"] for r in records)
    wall = max(r["end"] for r in records) - min(r["start"] for r in records) if records else 0.0
    routes = sorted({r["route"] for r in records})
    figures = {
        "conversations": n,
        "turns_per_conversation": 2,
        "requests": 2 * n,
        "answered": len(records),
        "failed": len(failures),
        "app_concurrency_limit": Settings().ui.concurrency,
        "cpu_count": os.cpu_count(),
        "client_setup_s": round(setup, 2),
        "wall_s": round(wall, 2),
        "throughput_rps": round(len(records) / wall, 2) if wall else None,
        "latency_s": {
            "p50": round(statistics.median(latencies), 3),
            "p95": round(percentile(latencies, 95), 3),
            "max": round(latencies[-1], 3),
            "mean": round(statistics.fmean(latencies), 3),
        }
        if len(latencies) >= 2
        else None,
        "latency_by_route_s": {
            route: {
                "n": len(lat),
                "p50": round(statistics.median(lat), 3),
                "p95": round(percentile(lat, 95), 3) if len(lat) >= 2 else round(lat[0], 3),
            }
            for route in routes
            if (lat := sorted(r["end"] - r["start"] for r in records if r["route"] == route))
        },
        "failures": failures[:20],
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "load.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    print("\nload:", json.dumps({k: v for k, v in figures.items() if k != "failures"}))

    assert failures == [], f"{len(failures)} failed requests, e.g. {failures[:5]}"
    assert len(records) == 2 * n
    assert Counter(r["turn"] for r in records) == {1: n, 2: n}


# -- one stalled answer ------------------------------------------------------------------------

COVERED_PAIRS = [
    "¿Hay convenio de seguridad social entre Chile y Uruguay?",
    "¿Hay convenio de seguridad social entre Colombia y Ecuador?",
    "¿Hay convenio de seguridad social entre Brasil y Portugal?",
    "¿Hay convenio de seguridad social entre Perú y Argentina?",
]
QUICK_TIMEOUT = 60.0
"""Seconds the quick questions get while the stalled one is held (they need a few)."""
LLM_REPLY = "Sí. Según la verificación exacta, estos dos países están cubiertos [1]."


@pytest.fixture
def gated_llm() -> Iterator[tuple[FakeOpenAI, threading.Event, threading.Event]]:
    """An OpenAI-compatible endpoint whose first answer waits for ``release``; others are instant.

    Yields the server, ``arrived`` (set when the first request is being held)
    and ``release``.
    """
    arrived, release = threading.Event(), threading.Event()

    def held(_body: dict[str, Any]) -> Reply:
        arrived.set()
        release.wait(timeout=300)
        return Reply(text=LLM_REPLY)

    with FakeOpenAI() as server:
        server.script(held, *[Reply(text=LLM_REPLY)] * 100)
        try:
            yield server, arrived, release
        finally:
            release.set()


def test_one_stalled_answer_does_not_hold_up_the_others(start_app, gated_llm):
    """An answer held at a stalled LLM endpoint: other sessions' questions are answered meanwhile.

    No timing threshold: the stalled request is held until the test releases it,
    so the quick ones can only finish first if the app answers in parallel
    (more quick questions than the app's concurrency limit, so they queue too).
    """
    server, arrived, release = gated_llm
    quick = 2 * Settings().ui.concurrency
    env: dict[str, str | None] = {
        "SSASSIST_LLM__BASE_URL": server.url,
        "SSASSIST_LLM__API_KEY": "sk-test-load",
        "SSASSIST_LLM__TIMEOUT": "300",
    }
    with start_app("load-llm", env, keep=OUT / "app-llm.log") as running:
        slow_client = new_client(running)
        clients = [new_client(running) for _ in range(quick)]
        try:
            slow = slow_client.submit(COVERED_PAIRS[-1], api_name=API)
            assert arrived.wait(timeout=120), "the stalled question never reached the LLM"
            with ThreadPoolExecutor(max_workers=quick) as pool:
                questions = [COVERED_PAIRS[i % len(COVERED_PAIRS)] for i in range(quick)]
                jobs = [
                    pool.submit(ask, clients[i], questions[i], QUICK_TIMEOUT) for i in range(quick)
                ]
                try:
                    answers = [job.result()[0] for job in jobs]
                except TimeoutError:
                    pytest.fail(
                        f"other sessions' questions got no answer in {QUICK_TIMEOUT:.0f} s while"
                        " one answer was stalled: the app answers one question at a time"
                    )
            assert not slow.done(), "the stalled answer finished before it was released"
            for answer in answers:
                assert (answer.route, answer.lang) == ("coverage", "es") and answer.body
            release.set()
            stalled = shown_answer(slow.result(timeout=REQUEST_TIMEOUT))
            assert (stalled.route, stalled.lang) == ("coverage", "es") and stalled.body
        finally:
            release.set()
            close_all([slow_client, *clients])
    assert len(server.chat_requests) == quick + 1


# -- one Assistant, many threads ---------------------------------------------------------------

THREAD_QUESTIONS = [
    "¿Qué es el programa Salvadoreño Seguro?",
    "Does the United States pay pensions abroad to migrants?",
    "¿Hay convenio de seguridad social entre Perú y Argentina?",
    "Who won the football world cup in 2022?",
] * 2


def test_concurrent_first_questions_build_each_part_once(corpus_index, embed_model, monkeypatch):
    """Eight threads ask a fresh Assistant at once: the index, retriever, answerer, corpus and
    matrix are each built once (not once per racing thread), and every answer is the one a
    lone question gets."""
    import ssassist.parts as module  # where the Assistant's parts are built

    built: Counter[str] = Counter()

    def counted(name: str) -> None:
        original = getattr(module, name)

        def build(*args: Any, **kwargs: Any) -> Any:
            built[name] += 1
            time.sleep(0.3)  # a slow build: every racing thread arrives while it runs
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, build)

    parts = ("ChunkIndex", "HybridRetriever", "ExtractiveAnswerer", "load_corpus", "load_matrix")
    for name in parts:
        counted(name)
    asst = Assistant(
        Settings(project_dir=ROOT, index={"path": corpus_index}), embed_model=embed_model
    )  # the session's loaded model (it has a lock of its own)
    barrier = threading.Barrier(len(THREAD_QUESTIONS))

    def at_once(question: str) -> Any:
        barrier.wait()
        return asst.ask(question)

    with ThreadPoolExecutor(max_workers=len(THREAD_QUESTIONS)) as pool:
        answers = list(pool.map(at_once, THREAD_QUESTIONS))
    assert dict(built) == dict.fromkeys(parts, 1)
    for question, answer in zip(THREAD_QUESTIONS, answers, strict=True):
        alone = asst.ask(question)
        assert (answer.route, answer.answer, answer.citations) == (
            alone.route,
            alone.answer,
            alone.citations,
        )
