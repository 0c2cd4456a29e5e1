"""The app's cold start for the benchmark: ``python app.py`` (or ``ssassist serve``) on a free
loopback port, timed until it answers HTTP, with the process's peak memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _peak_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def measure_app_start(project_dir: Path, log_path: Path, timeout: float = 300) -> dict[str, Any]:
    """Start the app on a free loopback port and time it until it answers HTTP."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items()}
    env.update(
        {
            "SSASSIST_UI__HOST": "127.0.0.1",
            "SSASSIST_UI__PORT": str(port),
            "GRADIO_SERVER_NAME": "127.0.0.1",
            "GRADIO_SERVER_PORT": str(port),
            "GRADIO_ANALYTICS_ENABLED": "False",
            "HF_HUB_OFFLINE": "1",
        }
    )
    if (project_dir / "app.py").is_file():
        cmd = [sys.executable, "app.py"]
    else:
        cmd = [
            sys.executable,
            "-m",
            "ssassist.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
    url = f"http://127.0.0.1:{port}/"
    with open(log_path, "w", encoding="utf-8") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            while time.perf_counter() - t0 < timeout:
                if proc.poll() is not None:
                    return {
                        "error": f"the app exited with {proc.returncode} before answering "
                        f"(log: {log_path})"
                    }
                status = _http_status(url)
                if status is not None:
                    took = time.perf_counter() - t0
                    return {
                        "seconds": took,
                        "http_status": status,
                        "command": " ".join(cmd[1:]),
                        "peak_mb": _peak_mb(proc.pid),
                    }
                time.sleep(0.2)
            return {"error": f"no HTTP answer on {url} within {timeout:.0f} s (log: {log_path})"}
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)


def _http_status(url: str) -> int | None:
    """The HTTP status the URL answers with, or None while nothing listens."""
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 (loopback)
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None
