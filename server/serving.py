"""Run the application as ``make demo`` does — gunicorn on loopback — from Python.

For the browser tests and the benchmarks that need a real server process: a free port,
the ``flask`` commands that prepare a database, gunicorn started and waited for.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: Cheap password hashing for throwaway servers (tests, benchmarks); never for production.
FAST_KDF = {"ARGON2_MEMORY_KIB": "1024", "ARGON2_TIME_COST": "1"}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def flask(env: Mapping[str, str], *args: str) -> None:
    """Run ``flask --app server <args>`` (``db upgrade``, ``load-demo`` …); raise on failure."""
    command = [str(BIN / "flask"), "--app", "server", *args]
    subprocess.run(command, env=dict(env), cwd=ROOT, check=True, capture_output=True)


def start_gunicorn(
    env: Mapping[str, str],
    *,
    port: int | None = None,
    workers: int = 2,
    threads: int = 4,
    quiet: bool = False,
    timeout_s: float = 30,
) -> tuple[subprocess.Popen[bytes], str]:
    """Start gunicorn serving the app and wait until it accepts connections.

    Returns the process and its base URL. ``quiet`` sends its output to /dev/null.
    """
    port = port or free_port()
    command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--threads", str(threads), "--log-level", "warning", "server:create_app()"]
    out = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(command, env=dict(env), cwd=ROOT, stdout=out, stderr=out)
    try:
        _wait_for(port, process, timeout_s)
    except BaseException:
        stop(process)
        raise
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server started by :func:`start_gunicorn`."""
    process.terminate()
    process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"gunicorn did not listen on port {port} within {timeout_s:g} s")
