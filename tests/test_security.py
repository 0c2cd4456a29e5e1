"""Secrets stay out of what ssassist prints and logs; dependencies are bounded to tested majors.

The LLM API key (``SSASSIST_LLM__API_KEY``) and the app password
(``SSASSIST_UI__AUTH_PASSWORD``) are ``SecretStr``: their values must never
appear in ``repr``/``str`` of the settings, in their JSON dump, in validation
errors, in log records at any level, or in the command line's output.
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from pydantic import SecretStr, ValidationError

from ssassist.cli import main
from ssassist.config import Settings
from tests.fakes import fake_assistant_over
from tests.paths import ROOT

API_KEY = "sk-test-Zq8vSECRETkey0123456789"
PASSWORD = "pw-S3cret!-helpdesk-4567"
SECRETS = (API_KEY, PASSWORD)


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Secrets set the way a deployment sets them: in the environment."""
    monkeypatch.setenv("SSASSIST_LLM__API_KEY", API_KEY)
    monkeypatch.setenv("SSASSIST_UI__AUTH_USER", "helpdesk")
    monkeypatch.setenv("SSASSIST_UI__AUTH_PASSWORD", PASSWORD)


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
        assert secret[4:-4] not in text  # nor a large part of it


def test_the_secret_settings_are_secret_strings(secret_env):
    settings = Settings()
    assert isinstance(settings.llm.api_key, SecretStr)
    assert isinstance(settings.ui.auth_password, SecretStr)
    # ...that still give their value to the code that needs it
    assert settings.llm.api_key.get_secret_value() == API_KEY
    assert settings.ui.auth_password.get_secret_value() == PASSWORD
    assert settings.ui.auth_user == "helpdesk"


def test_settings_never_show_a_secret(secret_env):
    settings = Settings()
    shown = [
        repr(settings),
        str(settings),
        f"{settings}",
        f"{settings!r}",
        repr(settings.llm),
        str(settings.ui),
        repr(settings.ui.auth_password),
        settings.model_dump_json(),
        settings.model_dump_json(indent=2),
        json.dumps(settings.model_dump(mode="json")),
        str(settings.model_dump()),
        repr(settings.model_dump()),
        str(settings.__dict__),
    ]
    for text in shown:
        assert_no_secret(text)
    assert "**********" in settings.model_dump_json()


def test_a_settings_error_does_not_show_a_secret(monkeypatch, secret_env):
    monkeypatch.setenv("SSASSIST_LLM__TIMEOUT", "not-a-number")
    monkeypatch.setenv("SSASSIST_UI__PORT", "99999999")
    with pytest.raises(ValidationError) as err:
        Settings()
    assert "timeout" in str(err.value) and "port" in str(err.value)
    assert_no_secret(str(err.value))
    assert_no_secret(repr(err.value))
    assert_no_secret(json.dumps(err.value.errors(include_url=False), default=str))


def test_logging_the_settings_at_any_level_shows_no_secret(secret_env, caplog):
    settings = Settings()
    log = logging.getLogger("ssassist.test_security")
    with caplog.at_level(logging.DEBUG):
        log.debug("settings %s", settings)
        log.info("settings %r", settings)
        log.warning("llm %s ui %r", settings.llm, settings.ui)
        log.error("dump %s", settings.model_dump())
        log.critical("json %s", settings.model_dump_json())
    assert len(caplog.records) == 5
    assert_no_secret(caplog.text)
    assert_no_secret("\n".join(r.getMessage() for r in caplog.records))


@pytest.mark.parametrize(
    "argv",
    [
        ["-v", "check", "Mexico", "Peru"],
        ["-v", "check", "Mexico", "Peru", "--json"],
        ["-v", "ask", "¿Hay convenio entre México y Perú?", "--json"],
        ["-v", "status"],
        ["-v", "check", "Atlantis", "Peru"],
    ],
)
def test_the_command_line_never_prints_or_logs_a_secret(secret_env, caplog, capsys, argv):
    with caplog.at_level(logging.DEBUG):
        code = main(argv)
    out, err = capsys.readouterr()
    assert code in (0, 2)
    assert_no_secret(out + err + caplog.text)


def test_an_unreachable_llm_is_reported_without_its_key(
    secret_env, caplog, fake_embed_model, stub_matrix, tmp_path, monkeypatch
):
    """The LLM endpoint refuses the connection: the answer falls back; no log shows the key."""
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("SSASSIST_LLM__BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("SSASSIST_LLM__TIMEOUT", "5")
    asst = fake_assistant_over(tmp_path / "idx", fake_embed_model, stub_matrix)
    asst.ingest(progress=lambda _m: None)

    with caplog.at_level(logging.DEBUG):
        try:
            answer = asst.ask("Does Brazil pay pensions abroad?")
            shown = answer.model_dump_json()
        except Exception as exc:  # noqa: BLE001 - whatever it raises must not carry the key either
            shown = f"{type(exc).__name__}: {exc}"
    assert any(r.name.startswith(("ssassist.llm", "openai")) for r in caplog.records), (
        "the LLM was not tried"
    )
    assert_no_secret(shown + caplog.text)


# -- dependencies ------------------------------------------------------------------------------

UPPER = {"<", "<=", "==", "~=", "==="}


def requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in project.get("optional-dependencies", {}).values():
        reqs += [Requirement(r) for r in extra]
    return reqs


def test_every_dependency_has_an_upper_bound():
    reqs = requirements()
    assert len(reqs) > 10
    unbounded = [str(r) for r in reqs if not {s.operator for s in r.specifier} & UPPER]
    assert unbounded == [], f"give these an upper bound (the next major is untested): {unbounded}"


def test_the_installed_versions_are_within_the_bounds():
    """The tested environment is the one the bounds describe (no stale or out-of-range install)."""
    outside = []
    for req in requirements():
        if req.marker is not None and not req.marker.evaluate({"extra": "test"}):
            continue
        try:
            installed = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            outside.append(f"{req.name}: not installed")
            continue
        if not req.specifier.contains(installed, prereleases=True):
            outside.append(f"{req.name} {installed} not in {req.specifier}")
    assert outside == []


def test_the_python_version_is_bounded():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert re.search(r"<\s*3\.\d+", project["requires-python"]), project["requires-python"]
