"""Any SPARQL 1.1 endpoint as a backend (SPARQL Protocol), and uploads by Graph Store Protocol.

Credentials come only from the environment — ``PACTGRAPH_ENDPOINT_TOKEN`` (a bearer token) or
``PACTGRAPH_ENDPOINT_USER`` and ``PACTGRAPH_ENDPOINT_PASSWORD`` (basic) — never from the command
line, and never appear in messages.

Every request has a total deadline: a watchdog shuts the connection's sockets down when it
passes, so a server that trickles its answer a byte at a time is stopped as surely as one that
says nothing (a per-read socket timeout alone would wait forever for the first, each byte
resetting it). The deadline also goes to the server, as a ``Timeout`` header in seconds, which a
server that does not know it ignores; the ``timeout`` parameter is not sent, because its unit
differs between servers (seconds for Apache Jena Fuseki, milliseconds for Virtuoso, which then
returns partial "anytime" answers).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import math
import os
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pactgraph.errors import EndpointError
from pactgraph.model.terms import Term, from_oxigraph, from_sparql_json
from pactgraph.store.backends import (
    DEFAULT_TIMEOUT,
    Answer,
    DeadlineError,
    QuerySyntaxError,
    Solutions,
    check_syntax,
    make_triple,
    safe_url,
)
from pactgraph.store.sparqltext import query_form, refuse_service


def _headers(accept: str) -> dict[str, str]:
    headers = {"Accept": accept, "User-Agent": "pactgraph"}
    token = os.environ.get("PACTGRAPH_ENDPOINT_TOKEN")
    user = os.environ.get("PACTGRAPH_ENDPOINT_USER")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    elif user:
        secret = f"{user}:{os.environ.get('PACTGRAPH_ENDPOINT_PASSWORD', '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(secret).decode()
    return headers


class _Watchdog:
    """Shuts down every socket a request opened once its deadline passes."""

    def __init__(self, timeout: float | None) -> None:
        self.timeout = timeout
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = None if timeout is None else threading.Timer(timeout, self._expire)
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _watched_connection(base: type[http.client.HTTPConnection], dog: _Watchdog) -> Any:
    class Watched(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            dog.watch(self.sock)

    return Watched


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, dog: _Watchdog) -> None:
        super().__init__()
        self.dog = dog

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = _watched_connection(http.client.HTTPConnection, self.dog)
        return self.do_open(connection, req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, dog: _Watchdog) -> None:
        super().__init__()
        self.dog = dog

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = _watched_connection(http.client.HTTPSConnection, self.dog)
        return self.do_open(connection, req, context=self._context)  # type: ignore[attr-defined]


def _request(
    method: str, url: str, *, body: bytes, headers: Mapping[str, str], timeout: float | None
) -> bytes:
    """The body of the answer, all of it within ``timeout`` seconds (None: no deadline)."""
    dog = _Watchdog(timeout)
    try:
        return _exchange(dog, method, url, body=body, headers=headers)
    finally:
        dog.cancel()


def _exchange(
    dog: _Watchdog, method: str, url: str, *, body: bytes, headers: Mapping[str, str]
) -> bytes:
    sent = dict(headers)
    if dog.timeout is not None:
        sent["Timeout"] = str(max(1, math.ceil(dog.timeout)))
    request = urllib.request.Request(url, data=body, headers=sent, method=method)
    opener = urllib.request.build_opener(_HTTP(dog), _HTTPS(dog))

    def late() -> DeadlineError:
        return DeadlineError(
            f"{safe_url(url)} did not answer within the deadline of {dog.timeout:g} s "
            "(a longer one: --timeout SECONDS or PACTGRAPH_TIMEOUT)"
        )

    try:
        with opener.open(request, timeout=dog.timeout) as response:
            data: bytes = response.read()
    except urllib.error.HTTPError as error:
        if dog.expired:
            raise late() from None
        detail = error.read(500).decode("utf-8", "replace").strip().splitlines()
        reason = f": {detail[0]}" if detail else ""
        if error.code == 400:
            raise QuerySyntaxError(
                f"{safe_url(url)} refused the query (HTTP 400){reason}"
            ) from None
        raise EndpointError(
            f"{safe_url(url)} answered HTTP {error.code} {error.reason}{reason}"
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as error:
        if dog.expired:
            raise late() from None
        cause = error.reason if isinstance(error, urllib.error.URLError) else error
        raise EndpointError(f"cannot reach {safe_url(url)}: {cause}") from None
    if dog.expired:  # a shut socket can look like the end of a complete answer
        raise late()
    return data


class EndpointBackend:
    """A SPARQL 1.1 query endpoint; the default graph is the union of ``graphs``."""

    def __init__(
        self, url: str, *, timeout: float | None = DEFAULT_TIMEOUT, allow_service: bool = False
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise EndpointError(f"not an http(s) URL: {safe_url(url)}")
        self.url, self.timeout, self.allow_service = url, timeout, allow_service
        self.description = f"endpoint {safe_url(url)}"

    def graph_names(self) -> list[str]:
        answer = self.run("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", graphs=())
        assert isinstance(answer, Solutions)
        return sorted(row["g"].value for row in answer.dicts() if "g" in row)

    def run(self, query: str, *, graphs: Sequence[str]) -> Answer:
        if not self.allow_service:
            refuse_service(query)
        check_syntax(query)
        form = query_form(query)
        fields = [("query", query), *(("default-graph-uri", g) for g in graphs)]
        body = urllib.parse.urlencode(fields).encode()
        accept = (
            "application/n-triples"
            if form in ("CONSTRUCT", "DESCRIBE")
            else "application/sparql-results+json"
        )
        headers = {**_headers(accept), "Content-Type": "application/x-www-form-urlencoded"}
        data = _request("POST", self.url, body=body, headers=headers, timeout=self.timeout)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return _parse_ntriples(data)
        try:
            document = json.loads(data)
        except ValueError as error:
            raise EndpointError(f"{self.description} did not answer SPARQL JSON: {error}") from None
        return self._results(document, form)

    def _results(self, document: Any, form: str) -> Answer:
        """A SPARQL 1.1 JSON results document, checked: a malformed one is the server's fault."""

        def bad(what: str) -> EndpointError:
            return EndpointError(
                f"{self.description} answered malformed SPARQL JSON results: {what}"
            )

        if not isinstance(document, dict) or not isinstance(document.get("head"), dict):
            raise bad("no 'head' object")
        if form == "ASK":
            if not isinstance(document.get("boolean"), bool):
                raise bad("an ASK answer without a true or false 'boolean'")
            return bool(document["boolean"])
        names = document["head"].get("vars", [])
        results = document.get("results")
        bindings = results.get("bindings") if isinstance(results, dict) else None
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise bad("'head' has no list of variable names ('vars')")
        if not isinstance(bindings, list) or not all(isinstance(b, dict) for b in bindings):
            raise bad("no list of solutions ('results' with 'bindings')")
        try:
            rows = tuple(
                tuple(from_sparql_json(b[n]) if n in b else None for n in names) for b in bindings
            )
        except (KeyError, TypeError, ValueError) as error:
            raise bad(f"a term it could not read ({type(error).__name__}: {error})") from None
        return Solutions(tuple(names), rows)


def _parse_ntriples(data: bytes) -> tuple[tuple[Term, Term, Term], ...]:
    import pyoxigraph as ox

    triples = []
    for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        triples.append(
            make_triple(*(from_oxigraph(t) for t in (quad.subject, quad.predicate, quad.object)))
        )
    return tuple(triples)


def guess_graph_store(endpoint: str) -> str:
    """Oxigraph serves queries at /query and graphs at /store; Fuseki at /ds/sparql and /ds/data."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    store_path = "/store" if path in ("", "/query") else path.rsplit("/", 1)[0] + "/data"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, store_path, "", ""))


@dataclass(frozen=True)
class PushResult:
    graph: str
    triples: int


def push(
    *,
    graphs: Iterable[tuple[str, bytes]],
    graph_store: str,
    timeout: float | None = DEFAULT_TIMEOUT,
    progress: Callable[[str], None] | None = None,
) -> list[PushResult]:
    """PUT each graph's N-Triples to the Graph Store Protocol URL (replacing what was there)."""
    results = []
    for name, data in graphs:
        url = f"{graph_store}?{urllib.parse.urlencode({'graph': name})}"
        headers = {**_headers("*/*"), "Content-Type": "application/n-triples"}
        if progress:
            progress(f"uploading {name} ({len(data):,} bytes)…")
        _request("PUT", url, body=data, headers=headers, timeout=timeout)
        results.append(PushResult(name, data.count(b"\n")))
    return results
