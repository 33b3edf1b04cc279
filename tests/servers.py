"""Real SPARQL servers on 127.0.0.1 and free ports, stopped by their PIDs — `oxigraph serve` and
Virtuoso 7 (`virtuoso-t`, Debian's virtuoso-opensource) — and small loopback servers that record
connections, answer malformed JSON or trickle an answer."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def oxigraph_binary() -> str:
    beside_python = Path(sys.executable).parent / "oxigraph"
    found = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the `oxigraph` server is not installed: pip install oxigraph")
    return found


class SparqlServer(Protocol):
    """What the behavioural endpoint tests need of a server engine."""

    base_url: str

    @property
    def query_url(self) -> str: ...

    @property
    def credentials(self) -> dict[str, str]:
        """The environment that lets ``push`` write to its Graph Store."""
        ...


@dataclass
class OxigraphServer:
    process: subprocess.Popen[bytes]
    base_url: str

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

    @property
    def credentials(self) -> dict[str, str]:
        return {}  # oxigraph serve takes writes from anyone who can reach it

    @classmethod
    def start(cls, location: Path, port: int) -> OxigraphServer:
        process = subprocess.Popen(
            [
                oxigraph_binary(),
                "serve",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        server = cls(process, f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {process.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                urllib.request.urlopen(server.query_url + "?query=ASK%7B%7D", timeout=1)
                return server
            except OSError:
                time.sleep(0.1)
        server.stop()
        raise RuntimeError("oxigraph serve did not answer within 30 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()


VIRTUOSO = "/usr/bin/virtuoso-t"
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_VAD = "/usr/share/virtuoso-opensource-7/vad"


def virtuoso_ini(template: str, *, directory: Path, sql_port: int, http_port: int) -> str:
    """The Debian package's virtuoso.ini with every file in ``directory`` and loopback ports.

    Besides paths and ports: no cap on a SELECT's rows (the template's 10,000 would cut answers
    short, silently) and no execution limit (past it Virtuoso answers partially, as "anytime"
    results); the client's deadline bounds queries instead.
    """
    values = {
        ("Database", "DatabaseFile"): directory / "virtuoso.db",
        ("Database", "ErrorLogFile"): directory / "virtuoso.log",
        ("Database", "LockFile"): directory / "virtuoso.lck",
        ("Database", "TransactionFile"): directory / "virtuoso.trx",
        ("Database", "xa_persistent_file"): directory / "virtuoso.pxa",
        ("TempDatabase", "DatabaseFile"): directory / "virtuoso-temp.db",
        ("TempDatabase", "TransactionFile"): directory / "virtuoso-temp.trx",
        ("Parameters", "ServerPort"): f"127.0.0.1:{sql_port}",
        ("Parameters", "DirsAllowed"): f"., {directory}, {VIRTUOSO_VAD}",
        ("HTTPServer", "ServerPort"): f"127.0.0.1:{http_port}",
        ("URIQA", "DefaultHost"): f"127.0.0.1:{http_port}",
        ("SPARQL", "ResultSetMaxRows"): "10000000",
        ("SPARQL", "MaxQueryExecutionTime"): "0",
    }
    section, lines, seen = "", [], set()
    for line in template.splitlines():
        header = re.match(r"\s*\[(.+)\]\s*$", line)
        setting = re.match(r"(\s*)(\w+)(\s*=\s*)", line)
        if header:
            section = header.group(1)
        elif setting and (section, setting.group(2)) in values:
            key = (section, setting.group(2))
            seen.add(key)
            line = "".join(setting.groups()) + str(values[key])
        lines.append(line)
    missing = set(values) - seen
    if missing:  # a template without one of these would run on the system's files or ports
        raise RuntimeError(f"{VIRTUOSO_INI} lacks {sorted(missing)}")
    return "\n".join(lines) + "\n"


@dataclass
class VirtuosoServer:
    """Virtuoso 7 with its own database; user dba, password dba (the new database's default)."""

    process: subprocess.Popen[bytes]
    base_url: str
    directory: Path
    user: str = "dba"
    password: str = "dba"

    @property
    def query_url(self) -> str:
        return self.base_url + "/sparql"

    @property
    def credentials(self) -> dict[str, str]:
        return {"PACTGRAPH_ENDPOINT_USER": self.user, "PACTGRAPH_ENDPOINT_PASSWORD": self.password}

    @classmethod
    def start(cls, directory: Path, *, http_port: int, sql_port: int) -> VirtuosoServer:
        if not Path(VIRTUOSO).exists():
            raise RuntimeError("Virtuoso 7 is not installed: apt-get install virtuoso-opensource")
        directory.mkdir(parents=True, exist_ok=True)
        ini = directory / "virtuoso.ini"
        template = VIRTUOSO_INI.read_text(encoding="utf-8")
        ini.write_text(
            virtuoso_ini(template, directory=directory, sql_port=sql_port, http_port=http_port),
            encoding="utf-8",
        )
        log = (directory / "stdout.log").open("wb")
        process = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(ini)],
            cwd=directory,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        server = cls(process, f"http://127.0.0.1:{http_port}", directory)
        deadline = time.monotonic() + 120  # a new database installs its packages first
        while time.monotonic() < deadline:
            if process.poll() is not None:
                output = (directory / "stdout.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"virtuoso-t exited: {output}")
            try:
                urllib.request.urlopen(server.query_url + "?query=ASK%7B%7D", timeout=2)
                return server
            except OSError:
                time.sleep(0.2)
        server.stop()
        raise RuntimeError("virtuoso-t did not answer within 120 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Listener:
    """A loopback TCP server that records every connection made to it, and answers
    ``answer(request_bytes, connection)`` (by default: nothing, close at once)."""

    def __init__(self, answer: Callable[[bytes, socket.socket], None] | None = None) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port: int = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self.answer = answer
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _serve(self) -> None:
        self.sock.settimeout(0.1)
        while not self._stop.is_set():
            try:
                connection, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(5)
            request = b""
            try:
                while b"\r\n\r\n" not in request:
                    chunk = connection.recv(65536)
                    if not chunk:
                        break
                    request += chunk
                head, _, body = request.partition(b"\r\n\r\n")
                length = re.search(rb"(?i)content-length:\s*(\d+)", head)
                while length and len(body) < int(length.group(1)):
                    chunk = connection.recv(65536)
                    if not chunk:
                        break
                    body += chunk
                self.connections.append(head + b"\r\n\r\n" + body)
                if self.answer is not None:
                    self.answer(head + b"\r\n\r\n" + body, connection)
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


def json_answer(document: object) -> Callable[[bytes, socket.socket], None]:
    """An HTTP 200 answer carrying this JSON document."""

    def answer(_: bytes, connection: socket.socket) -> None:
        body = json.dumps(document).encode()
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )

    return answer


def trickle(every: float) -> Callable[[bytes, socket.socket], None]:
    """Headers at once, then a byte of an endless body every ``every`` seconds."""

    def answer(_: bytes, connection: socket.socket) -> None:
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
            b"Connection: close\r\n\r\n{"
        )
        for _ in range(1000):
            time.sleep(every)
            connection.sendall(b" ")

    return answer
