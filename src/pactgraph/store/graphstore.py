"""Uploads by the Graph Store HTTP Protocol: each named graph PUT as N-Triples, streamed.

Each graph replaces the graph of the same name. A graph given as a file is streamed from it with
its Content-Length (never held in memory: the imported datasets run to gigabytes); a large one
goes in parts, the first PUT (replacing), the others POSTed (added), unless it has blank nodes,
whose labels mean one node only within one document (which is also why SPARQL UPDATE, one
request per statement, is not used).
"""

from __future__ import annotations

import contextlib
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pactgraph.errors import EndpointError
from pactgraph.store.backends import DEFAULT_TIMEOUT, DeadlineError
from pactgraph.store.endpoint_http import auth_handlers, base_headers, request

# A graph larger than this goes in parts, each its own request and transaction: Virtuoso 7 took a
# 40 MB PUT of N-Triples in 6 s here, but a 130 MB one (ATOP) never answered (its monitor: "many
# lock waits"). A part this size takes Virtuoso about 5 s on two cores.
PART_BYTES = 32_000_000

# A PUT's deadline grows with its size: --timeout is meant for a query's answer, and a large
# graph takes the server time to read and index. One second a megabyte is slow enough for
# Virtuoso on two cores (it indexed 1 MB of N-Triples in well under a second here).
SECONDS_PER_MB = 1.0

# How often a part the server reports deadlocked is sent in all (see _send).
DEADLOCK_ATTEMPTS = 4

GraphData = bytes | Path


@dataclass(frozen=True)
class PushResult:
    graph: str
    triples: int


def guess_graph_store(endpoint: str, *, server: str = "") -> str:
    """The Graph Store URL beside a query endpoint: Oxigraph's /query → /store, Fuseki's
    /ds/sparql → /ds/data, Virtuoso's /sparql → /sparql-graph-crud-auth (the one that takes
    credentials; plain /sparql-graph-crud refuses writes). ``server`` is the endpoint's Server
    header: a Virtuoso says so, wherever it is mounted."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if server.startswith("Virtuoso/") or path == "/sparql":
        store_path = path + "-graph-crud-auth"
    elif path in ("", "/query"):
        store_path = "/store"
    else:
        store_path = path.rsplit("/", 1)[0] + "/data"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, store_path, "", ""))


def graph_store_for(endpoint: str, *, timeout: float | None = DEFAULT_TIMEOUT) -> str:
    """The Graph Store URL for a query endpoint, guessed from its path and from the Server
    header it answers a trivial query with (which also checks that it answers at all)."""
    body = urllib.parse.urlencode({"query": "ASK {}"}).encode()
    headers = {
        **base_headers("application/sparql-results+json"),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    reply = request("POST", endpoint, body=body, headers=headers, timeout=timeout)
    return guess_graph_store(endpoint, server=reply.server)


@dataclass(frozen=True)
class _Scan:
    lines: int
    blank_nodes: bool  # "_:" anywhere (in a literal too: then the graph just goes whole)


def _scan(path: Path) -> _Scan:
    lines, blank, tail = 0, False, b""
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            lines += block.count(b"\n")
            blank = blank or b"_:" in tail + block[:1] or b"_:" in block
            tail = block[-1:]
    return _Scan(lines, blank)


def _parts(path: Path, *, limit: int, whole: bool) -> list[tuple[int, int]]:
    """(offset, length) of each part of an N-Triples file, cut after a line, ``limit`` bytes
    or a little more each; one part if ``whole``."""
    size = path.stat().st_size
    if whole or size <= limit:
        return [(0, size)]
    parts, start = [], 0
    with path.open("rb") as file:
        while start < size:
            file.seek(min(start + limit, size))
            end = file.tell() + len(file.readline())
            parts.append((start, end - start))
            start = end
    return parts


class _Slice:
    """``length`` bytes of a file from ``offset``, read as a request body (and read again from
    its start when an authentication handler sends the request again)."""

    def __init__(self, file: IO[bytes], offset: int, length: int) -> None:
        self.file, self.offset, self.length, self.position = file, offset, length, 0

    def read(self, size: int = -1) -> bytes:
        left = self.length - self.position
        self.file.seek(self.offset + self.position)
        data = self.file.read(left if size < 0 else min(size, left))
        self.position += len(data)
        return data

    def seek(self, position: int) -> int:
        self.position = position
        return position


def put_deadline(timeout: float | None, size: int) -> float | None:
    """The total deadline of a PUT of ``size`` bytes (None: no deadline)."""
    return None if timeout is None else timeout + SECONDS_PER_MB * size / 1e6


def push(
    *,
    graphs: Iterable[tuple[str, GraphData]],
    graph_store: str,
    timeout: float | None = DEFAULT_TIMEOUT,
    progress: Callable[[str], None] | None = None,
) -> list[PushResult]:
    """PUT each graph's N-Triples (bytes, or a file) to the Graph Store Protocol URL.

    A graph that fails stops the push with an EndpointError naming it and the graphs already
    replaced, so the user knows what the server now holds.
    """
    results: list[PushResult] = []
    auth = auth_handlers(graph_store)
    if auth:  # draw a Digest challenge before any body is sent (see endpoint_http._SigningDigest)
        with contextlib.suppress(EndpointError):  # whatever it answers, the PUTs will say more
            head = base_headers("*/*")
            request("HEAD", graph_store, body=None, headers=head, timeout=timeout, auth=auth)
    for name, data in graphs:
        url = f"{graph_store}?{urllib.parse.urlencode({'graph': name})}"
        try:
            lines = _upload(url, name, data, timeout=timeout, auth=auth, progress=progress)
        except EndpointError as error:
            done = ", ".join(r.graph for r in results) or "none"
            kind = DeadlineError if isinstance(error, DeadlineError) else EndpointError
            raise kind(
                f"push failed on graph {name} ({_size(data):,} bytes): {error}; "
                f"graphs already replaced on the server: {done}"
            ) from None
        results.append(PushResult(name, lines))
    return results


def _size(data: GraphData) -> int:
    return len(data) if isinstance(data, bytes) else data.stat().st_size


def _upload(
    url: str,
    name: str,
    data: GraphData,
    *,
    timeout: float | None,
    auth: Sequence[urllib.request.BaseHandler],
    progress: Callable[[str], None] | None,
) -> int:
    """One graph: a PUT of its first part (replacing the graph), a POST (adding) of each other;
    the number of triples sent."""
    if isinstance(data, bytes):
        _send("PUT", url, data, len(data), timeout=timeout, auth=auth)
        return data.count(b"\n")
    scan = _scan(data)
    # Blank node labels are scoped to one document: a graph that has any goes in one part.
    parts = _parts(data, limit=PART_BYTES, whole=scan.blank_nodes)
    with data.open("rb") as file:
        for number, (offset, length) in enumerate(parts):
            if progress:
                of = f", part {number + 1} of {len(parts)}" if len(parts) > 1 else ""
                progress(f"uploading {name} ({length:,} bytes{of})…")
            body = _Slice(file, offset, length)
            _send("POST" if number else "PUT", url, body, length, timeout=timeout, auth=auth)
    return scan.lines


def _send(
    method: str,
    url: str,
    body: bytes | _Slice,
    length: int,
    *,
    timeout: float | None,
    auth: Sequence[urllib.request.BaseHandler],
) -> None:
    headers = {
        **base_headers("*/*"),
        "Content-Type": "application/n-triples",
        "Content-Length": str(length),
    }
    deadline = put_deadline(timeout, length)
    for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
        try:
            request(method, url, body=body, headers=headers, timeout=deadline, auth=auth)
            return
        except EndpointError as error:
            # Virtuoso 7 aborts a large load now and then with "SR172: Transaction deadlocked"
            # (its own threads contend); the transaction is rolled back, so sending it again is
            # safe, as its documentation advises.
            if "Transaction deadlocked" not in str(error) or attempt == DEADLOCK_ATTEMPTS:
                raise
            if isinstance(body, _Slice):
                body.seek(0)
            time.sleep(attempt)
