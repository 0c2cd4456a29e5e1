"""The app without a browser: fast start without the model, index banner, login, label language."""

from __future__ import annotations

import html
import time

import gradio as gr

from ssassist.assistant import Assistant
from ssassist.config import Settings
from ssassist.models import Answer
from ssassist.ui import build_app, launch_kwargs
from ssassist.ui.chat import detected_language, history_of, messages_of
from ssassist.ui.labels import t, ui_language


def _by_id(app: gr.Blocks, elem_id: str) -> gr.components.Component:
    found = [b for b in app.blocks.values() if getattr(b, "elem_id", None) == elem_id]
    assert len(found) == 1, elem_id
    return found[0]


def test_app_starts_without_an_index_and_says_how_to_build_it(tmp_path):
    asst = Assistant(
        Settings(index={"path": tmp_path / "missing"}, feedback={"path": tmp_path / "f.sqlite3"})
    )
    start = time.perf_counter()
    app = build_app(asst)
    elapsed = time.perf_counter() - start
    assert elapsed < 30
    assert not asst.parts.loaded("embed_model")  # the model is not loaded to build the page
    banner = _by_id(app, "ss-banner")
    assert banner.visible
    assert "<code>ssassist ingest</code>" in banner.value and "make app" in banner.value
    assert str(tmp_path / "missing") in html.unescape(banner.value)


def test_launch_binds_to_loopback_and_login_is_off_by_default():
    kwargs = launch_kwargs(Settings())
    assert kwargs["server_name"] == "127.0.0.1" and kwargs["server_port"] == 7860
    assert "auth" not in kwargs
    kwargs = launch_kwargs(Settings(), host="0.0.0.0", port=9000)
    assert (kwargs["server_name"], kwargs["server_port"]) == ("0.0.0.0", 9000)


def test_login_is_on_when_user_and_password_are_set(monkeypatch):
    monkeypatch.setenv("SSASSIST_UI__AUTH_USER", "helpdesk")
    monkeypatch.setenv("SSASSIST_UI__AUTH_PASSWORD", "s3cret")
    kwargs = launch_kwargs(Settings())
    assert kwargs["auth"] == ("helpdesk", "s3cret")
    assert t("login", "es") in kwargs["auth_message"] and t("login", "en") in kwargs["auth_message"]


def test_label_language_follows_choice_then_question_then_browser():
    assert ui_language("en", "es", "es-ES") == "en"
    assert ui_language("auto", "en", "es-ES") == "en"
    assert ui_language("auto", None, "en-GB") == "en"
    assert ui_language("auto", None, "pt-BR") == "es"
    assert ui_language(None, None, None) == "es"


def test_history_and_messages_come_from_the_turns():
    a1 = Answer(
        question="¿Hay convenio entre Perú y Argentina?",
        answer="Sí. [1]",
        language="es",
        route="coverage",
    )
    turns = [
        {"question": a1.question, "answer": a1, "error": None},
        {"question": "<b>?</b>", "answer": None, "error": "No search index found."},
    ]
    assert [(h.role, h.content) for h in history_of(turns)] == [
        ("user", a1.question),
        ("assistant", "Sí. [1]"),
        ("user", "<b>?</b>"),
    ]
    msgs = messages_of(turns, pending=("and for invalidity?", "en"))
    assert [m["role"] for m in msgs] == ["user", "assistant"] * 3
    assert (
        "&lt;b&gt;?&lt;/b&gt;" in msgs[2]["content"]
        and "No search index found." in msgs[3]["content"]
    )
    assert t("pending", "en") in msgs[5]["content"]
    assert detected_language(turns) == "es"
