"""Uploads by the Graph Store HTTP Protocol: each named graph PUT as N-Triples, streamed.

SPARQL UPDATE cannot carry blank nodes from one request to the next, so graphs go whole, each
replacing the graph of the same name. A graph given as a file is streamed from it with its
Content-Length (never held in memory: the imported datasets run to gigabytes).
"""

from __future__ import annotations

import contextlib
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pactgraph.errors import EndpointError
from pactgraph.store.backends import DEFAULT_TIMEOUT, DeadlineError
from pactgraph.store.endpoint_http import Body, auth_handlers, base_headers, request

# A PUT's deadline grows with its size: --timeout is meant for a query's answer, and a large
# graph takes the server time to read and index. One second a megabyte is slow enough for
# Virtuoso on two cores (it indexed 1 MB of N-Triples in well under a second here).
SECONDS_PER_MB = 1.0

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


def _count_lines(data: GraphData) -> int:
    if isinstance(data, bytes):
        return data.count(b"\n")
    lines = 0
    with data.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            lines += block.count(b"\n")
    return lines


@contextlib.contextmanager
def _opened(data: GraphData) -> Iterator[tuple[Body, int]]:
    if isinstance(data, bytes):
        yield data, len(data)
        return
    file: IO[bytes]
    with data.open("rb") as file:
        yield file, data.stat().st_size


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
        with _opened(data) as (body, size):
            headers = {
                **base_headers("*/*"),
                "Content-Type": "application/n-triples",
                "Content-Length": str(size),
            }
            if progress:
                progress(f"uploading {name} ({size:,} bytes)…")
            try:
                deadline = put_deadline(timeout, size)
                request("PUT", url, body=body, headers=headers, timeout=deadline, auth=auth)
            except EndpointError as error:
                done = ", ".join(r.graph for r in results) or "none"
                kind = DeadlineError if isinstance(error, DeadlineError) else EndpointError
                raise kind(
                    f"push failed on graph {name} ({size:,} bytes): {error}; "
                    f"graphs already replaced on the server: {done}"
                ) from None
        results.append(PushResult(name, _count_lines(data)))
    return results
