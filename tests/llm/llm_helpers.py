"""Constants and small helpers shared by the LLM tests."""

from __future__ import annotations

import socket

KEY = "sk-test-SECRET"
TIMEOUT = 1.0  # seconds: the hanging server is abandoned after this (and one retry)


def closed_port_url() -> str:
    """A loopback URL where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def user_prompt(body: dict) -> str:
    return next(m["content"] for m in body["messages"] if m["role"] == "user")


def system_prompt(body: dict) -> str:
    return next(m["content"] for m in body["messages"] if m["role"] == "system")
