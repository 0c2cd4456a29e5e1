"""A real OpenAI-compatible HTTP server on loopback, with scripted replies, for tests.

It speaks the chat completions protocol as the ``openai`` client expects it:
``POST /v1/chat/completions`` answered as one JSON object, or, when the request
asks for ``stream``, as server-sent events (``data: {chunk}`` lines ending with
``data: [DONE]``); tool calls come in the message or in the stream's deltas.
``GET /v1/models`` lists the model. Every request is recorded (path, headers,
JSON body) so tests can read the prompts the client sent.

Replies are scripted per test, in order; a reply may also be a function of the
request body. Failure scripts: an HTTP error status, a reply that hangs past the
client's timeout, a malformed JSON body, a malformed event stream.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "fake-model"


@dataclass
class Reply:
    """One scripted answer of the server."""

    text: str = ""
    tool_calls: list[tuple[str, dict[str, Any] | str]] = field(default_factory=list)
    status: int = 200
    error: str = "scripted error"
    hang: float = 0.0  # seconds to wait before answering (past the client's timeout)
    raw: bytes | None = None  # a raw body sent as it is (malformed JSON / event stream)
    content_type: str | None = None


ReplyScript = Reply | Callable[[dict[str, Any]], Reply]


@dataclass
class Recorded:
    """A request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None


def text_pieces(text: str) -> list[str]:
    """The text cut as a model streams it: a word with its trailing space per chunk."""
    return re.findall(r"\S+\s*|\s+", text) or [""]


class FakeOpenAI:
    """The server; use as a context manager, or call ``start``/``stop``."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._script: deque[ReplyScript] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # a short poll: stopping waits for the server loop's next poll (0.5 s by default)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # -- control ---------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: ReplyScript) -> FakeOpenAI:
        """Queue replies, answered in order to the chat completion requests."""
        with self._lock:
            self._script.extend(replies)
        return self

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        """JSON bodies of the chat completion requests, in order."""
        return [r.body or {} for r in self.requests if r.path.endswith("/chat/completions")]

    @property
    def unanswered(self) -> int:
        with self._lock:
            return len(self._script)

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _next(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            script = self._script.popleft() if self._script else None
        if script is None:
            return Reply(status=500, error="no scripted reply left")
        return script(body) if callable(script) else script

    # -- protocol --------------------------------------------------------------
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # quiet

            def _record(self, body: dict[str, Any] | None) -> None:
                fake.requests.append(
                    Recorded(
                        self.command,
                        self.path,
                        {k.lower(): v for k, v in self.headers.items()},
                        body,
                    )
                )

            def _send(self, status: int, payload: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:  # noqa: N802
                self._record(None)
                if self.path.rstrip("/").endswith("/models"):
                    data = {
                        "object": "list",
                        "data": [
                            {"id": MODEL, "object": "model", "created": 0, "owned_by": "tests"}
                        ],
                    }
                    self._send(200, json.dumps(data).encode(), "application/json")
                else:
                    self._send(404, b'{"error": {"message": "not found"}}', "application/json")

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"_unparsed": raw.decode("utf-8", "replace")}
                self._record(body)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, b'{"error": {"message": "not found"}}', "application/json")
                    return
                reply = fake._next(body)
                try:
                    if reply.hang and fake._stopping.wait(reply.hang):
                        return
                    self._answer(body, reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): nothing to do

            def _answer(self, body: dict[str, Any], reply: Reply) -> None:
                stream = bool(body.get("stream"))
                if reply.status != 200:
                    err = {
                        "error": {
                            "message": reply.error,
                            "type": "server_error",
                            "code": reply.status,
                        }
                    }
                    self._send(reply.status, json.dumps(err).encode(), "application/json")
                elif reply.raw is not None:
                    ctype = reply.content_type or (
                        "text/event-stream" if stream else "application/json"
                    )
                    self._send(200, reply.raw, ctype)
                elif stream:
                    self._stream(reply)
                else:
                    self._send(200, json.dumps(completion(reply)).encode(), "application/json")

            def _stream(self, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                for chunk in stream_chunks(reply):
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler


def _tool_call(i: int, name: str, arguments: dict[str, Any] | str) -> dict[str, Any]:
    args = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return {"id": f"call_{i}", "type": "function", "function": {"name": name, "arguments": args}}


def completion(reply: Reply) -> dict[str, Any]:
    """A non-streamed chat completion."""
    message: dict[str, Any] = {"role": "assistant", "content": reply.text or None}
    if reply.tool_calls:
        message["tool_calls"] = [_tool_call(i, n, a) for i, (n, a) in enumerate(reply.tool_calls)]
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": "tool_calls" if reply.tool_calls else "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def stream_chunks(reply: Reply) -> list[dict[str, Any]]:
    """The chunks of a streamed completion: role, text pieces, tool call deltas, finish."""

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": MODEL,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }

    out = [chunk({"role": "assistant", "content": ""})]
    if reply.text:
        out += [chunk({"content": piece}) for piece in text_pieces(reply.text)]
    for i, (name, arguments) in enumerate(reply.tool_calls):
        call = _tool_call(i, name, arguments)
        args = call["function"]["arguments"]
        half = len(args) // 2
        out.append(
            chunk(
                {
                    "tool_calls": [
                        {
                            "index": i,
                            "id": call["id"],
                            "type": "function",
                            "function": {"name": name, "arguments": args[:half]},
                        }
                    ]
                }
            )
        )
        out.append(chunk({"tool_calls": [{"index": i, "function": {"arguments": args[half:]}}]}))
    out.append(chunk({}, "tool_calls" if reply.tool_calls else "stop"))
    return out
