"""The running app: loopback only by default, login guards every route, drafts stay in the temp
folder, and no secret reaches its log.

One real app (``python app.py``, the session's index) is started as a helpdesk
deployment is: login from ``SSASSIST_UI__AUTH_USER``/``SSASSIST_UI__AUTH_PASSWORD``,
an LLM endpoint with an API key (nothing listens there, so every answer falls
back and the failure is logged), ``TMPDIR`` pointing at a test folder, and no
``--host``. The routes are requested with plain HTTP (urllib), as any other
program on the network could.
"""

from __future__ import annotations

import html
import http.cookiejar
import json
import re
import socket
import stat
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from gradio_client import Client

from ssassist.ui.labels import t
from tests.app_process import AppProcess, api_session, free_port
from tests.paths import OUT as TEST_OUTPUT

pytestmark = pytest.mark.slow

USER = "helpdesk"
PASSWORD = "pw-S3cret!-app-8731"
API_KEY = "sk-test-Qw7eAPPkey0987654321"
QUESTION = "Does the United States pay pensions abroad to migrants?"
OUT = TEST_OUTPUT / "app-security"


@dataclass
class Deployment:
    app: AppProcess
    tmp: Path
    index: Path
    feedback: Path


@pytest.fixture(scope="module")
def deployment(
    start_app, corpus_index: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    tmp = tmp_path_factory.mktemp("app-tmp")
    env: dict[str, str | None] = {
        "SSASSIST_UI__AUTH_USER": USER,
        "SSASSIST_UI__AUTH_PASSWORD": PASSWORD,
        "SSASSIST_LLM__BASE_URL": f"http://127.0.0.1:{free_port()}/v1",  # nothing listens
        "SSASSIST_LLM__API_KEY": API_KEY,
        "SSASSIST_LLM__TIMEOUT": "5",
        "TMPDIR": str(tmp),
        "GRADIO_TEMP_DIR": None,  # Gradio's default: <temp dir>/gradio
    }
    with start_app("app-security", env, keep=OUT / "app.log") as app:
        yield Deployment(app=app, tmp=tmp, index=corpus_index, feedback=app.feedback_path)


def request(
    app: AppProcess,
    path: str,
    data: bytes | None = None,
    opener: urllib.request.OpenerDirector | None = None,
) -> tuple[int, str]:
    """Status and body of one request (an error status is returned, not raised)."""
    req = urllib.request.Request(app.url.rstrip("/") + path, data=data)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=30) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def login(app: AppProcess, password: str) -> tuple[int, urllib.request.OpenerDirector, int]:
    """Log in through the login form's route; returns its status, an opener, cookies set."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = urllib.parse.urlencode({"username": USER, "password": password}).encode()
    req = urllib.request.Request(app.url + "login", data=form)
    try:
        with opener.open(req, timeout=30) as resp:
            status = resp.status
    except urllib.error.HTTPError as err:
        status = err.code
    return status, opener, len(jar)


def client(app: AppProcess) -> Client:
    return api_session(app, auth=(USER, PASSWORD))


def a_draft(app: AppProcess) -> tuple[str, Path]:
    """Ask as the helpdesk does, then make the reply draft: its text, its file on the server."""
    session = client(app)
    try:
        session.predict(QUESTION, api_name="/ask")
        text, download = session.predict(api_name="/draft")
    finally:
        session.close()
    return text, Path(download["value"]["path"])


# -- bind address ----------------------------------------------------------------------------------


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the TCP sockets listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for name, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        table = Path("/proc/net") / name
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if fields[3] != "0A" or int(hex_port, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)  # 32-bit words in host (little-endian) order
            raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(socket.inet_ntop(family, raw))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net/tcp")
def test_the_app_listens_on_the_loopback_address_only(deployment):
    app = deployment.app
    assert listening_addresses(app.port) == {"127.0.0.1"}
    assert f"starting the app on http://127.0.0.1:{app.port} (login on)" in app.log_text()


# -- login -----------------------------------------------------------------------------------------

GUARDED_GET = [
    "/config",
    "/gradio_api/info",
    "/gradio_api/openapi.json",
    "/gradio_api/queue/status",
    "/gradio_api/queue/data?session_hash=probe",
    "/gradio_api/deep_link",
    "/gradio_api/upload_progress?upload_id=probe",
    "/monitoring",
]
GUARDED_POST = [
    "/gradio_api/queue/join",
    "/gradio_api/call/ask",
    "/gradio_api/call/v2/ask",
    "/gradio_api/run/ask",
    "/gradio_api/api/ask",
    "/gradio_api/upload",
    "/gradio_api/process_recording",
]
PAGES = ["/", "/gradio_api/runs"]


def test_login_guards_the_page_the_api_and_the_files(deployment):
    """Without the login: the page is the login form, every API route and file answers 401."""
    app = deployment.app
    draft_text, draft = a_draft(app)
    files = [f"/gradio_api/file={draft}", f"/gradio_api/file/{draft}"]
    body = json.dumps({"data": [QUESTION], "fn_index": 0, "session_hash": "probe"}).encode()

    refused = {path: request(app, path) for path in GUARDED_GET + files}
    refused |= {path: request(app, path, data=body) for path in GUARDED_POST}
    assert {p: s for p, (s, _) in refused.items() if s != 401} == {}
    assert not any(draft_text[:60] in text for _, text in refused.values())

    app_markers = ["ss-question", t("intro", "es")[:40], t("route_rag", "en")]
    private = [str(deployment.index), str(deployment.feedback), str(deployment.tmp)]
    for page in PAGES:
        status, page_html = request(app, page)
        assert status == 200 and '"auth_required":true' in page_html
        assert [m for m in app_markers + private if m in page_html] == []

    status, _, cookies = login(app, "wrong-password")
    assert (status, cookies) == (400, 0)
    status, opener, cookies = login(app, PASSWORD)
    assert status == 200 and cookies > 0
    # the same routes with the login: the app and its files (so the 401s above were the login's)
    status, page_html = request(app, "/", opener=opener)
    assert status == 200 and "ss-question" in page_html and '"auth_required":true' not in page_html
    status, config = request(app, "/config", opener=opener)
    assert status == 200 and "ss-question" in config
    status, info = request(app, "/gradio_api/info", opener=opener)
    assert status == 200 and "/ask" in json.loads(info)["named_endpoints"]
    for path in files:
        assert request(app, path, opener=opener) == (200, draft_text)


# -- where drafts go ------------------------------------------------------------------------------


def test_reply_drafts_are_written_only_under_the_temp_folder(deployment):
    """A draft is kept twice: the app's private ssassist-drafts-* folder and Gradio's cache, both
    under TMPDIR (so a private TMPDIR for the service keeps them apart)."""
    tmp = deployment.tmp.resolve()
    before = set(tmp.glob("ssassist-drafts-*/*/*"))
    text, served = a_draft(deployment.app)
    assert served.resolve().is_relative_to(tmp / "gradio")
    assert served.read_text(encoding="utf-8") == text
    own = sorted(set(tmp.glob("ssassist-drafts-*/*/*")) - before)
    assert [p.name for p in own] == [served.name]
    assert own[0].read_text(encoding="utf-8") == text
    assert stat.S_IMODE(own[0].parents[1].stat().st_mode) == 0o700  # mkdtemp: owner only


# -- secrets -------------------------------------------------------------------------------------


def test_no_secret_in_the_app_log(deployment):
    """Logins (wrong and right), questions and LLM failures: the log never shows a secret."""
    app = deployment.app
    assert login(app, "not-the-password")[0] == 400
    assert login(app, PASSWORD)[0] == 200
    session = client(app)
    try:
        result = session.predict(QUESTION, api_name="/ask")
    finally:
        session.close()
    shown = json.dumps(result, ensure_ascii=False)
    answer = result[1][-1]["content"][0]["text"]
    assert 'data-route="rag"' in answer  # answered from the documents, without the LLM
    log = app.log_text()
    assert re.search(r"LLM answer failed, extractive answer instead \(refused", log), log[-2000:]
    for secret in (PASSWORD, API_KEY):
        for text in (log, shown):
            assert secret not in text and secret[4:-4] not in text
    assert QUESTION not in log  # nor what users ask (SECURITY.md: not at -v, the app's level)


def test_markup_in_a_question_comes_back_as_text(deployment):
    """Through the API as in the page: a question's tags are escaped in the chat, never markup."""
    attack = '<script>window.__pwned=1</script><img src=x onerror="alert(1)"> **bold** $x$'
    session = client(deployment.app)
    try:
        messages = session.predict(attack, api_name="/ask")[1]
    finally:
        session.close()
    shown = "".join(part["text"] for m in messages for part in m["content"])
    assert "<script" not in shown and "<img" not in shown and "**" not in shown
    question = re.search(r'<div class="ss-question">(.*?)</div>', shown)
    assert question is not None and html.unescape(question.group(1)) == attack  # all of it, as text
