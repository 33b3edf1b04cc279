"""Real SPARQL servers (`oxigraph serve` and Virtuoso 7): push by Graph Store Protocol, query by
protocol; and loopback servers that misbehave."""

from __future__ import annotations

import contextlib
import http.server
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest

from pactgraph.errors import EndpointError
from pactgraph.graph import Graph
from pactgraph.store.backends import DeadlineError, QuerySyntaxError, Solutions
from pactgraph.store.dataset import default_graphs, named_graphs
from pactgraph.store.embedded import push_dataset
from pactgraph.store.endpoint import EndpointBackend
from pactgraph.store.endpoint_http import base_headers, request
from pactgraph.store.graphstore import guess_graph_store, push
from pactgraph.store.sparqltext import ServiceError

from .servers import (
    VIRTUOSO,
    Listener,
    OxigraphServer,
    SparqlServer,
    VirtuosoServer,
    free_port,
    json_answer,
    trickle,
)

pytestmark = pytest.mark.endpoint


def test_push_then_query(sparql_server: SparqlServer, minimal_data: Path) -> None:
    graphs = {
        name: graph.serialize(format="nt", encoding="utf-8")
        for name, graph in named_graphs(data_dir=minimal_data).items()
    }
    results = push(graphs=graphs.items(), graph_store=guess_graph_store(sparql_server.query_url))
    assert [r.graph for r in results] == list(graphs)
    backend = EndpointBackend(sparql_server.query_url)
    answer = backend.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graphs=default_graphs())
    assert isinstance(answer, Solutions)
    total = sum(data.count(b"\n") for data in graphs.values())
    assert answer.rows[0][0] is not None
    assert int(answer.rows[0][0].value) == total
    # The default graph is the union of the graphs asked for, not everything on the server.
    only = backend.run(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        graphs=["https://w3id.org/pactgraph/id/graph/curated"],
    )
    assert isinstance(only, Solutions)
    assert only.rows[0][0] is not None
    assert int(only.rows[0][0].value) < total


def test_push_carries_the_inferred_graph_so_answers_match_the_embedded_store(
    sparql_server: SparqlServer, minimal_data: Path, tmp_path: Path
) -> None:
    """Once a regression: push left out pgid:graph/inferred, so a server answered 0 where the
    embedded store answered 1."""
    store_dir = tmp_path / "store"
    pushed = push_dataset(
        data_dir=minimal_data,
        store_dir=store_dir,
        graph_store=guess_graph_store(sparql_server.query_url),
    )
    assert "https://w3id.org/pactgraph/id/graph/inferred" in [r.graph for r in pushed]
    question = "SELECT (COUNT(*) AS ?n) WHERE { ?c a pg:DefenseCommitment }"
    answers = [
        graph.query(question)
        for graph in (
            Graph.open(data=minimal_data, store=store_dir),
            Graph.in_memory(data=minimal_data),
            Graph.connect(sparql_server.query_url),
        )
    ]
    counts = [int(a.rows[0][0].value) for a in answers if isinstance(a, Solutions) and a.rows[0][0]]
    assert counts == [1, 1, 1]


def test_an_answer_that_is_not_sparql_json_is_an_endpoint_error() -> None:
    """Once a regression: JSON without "head" escaped as a KeyError traceback."""

    class NoHead(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = b'{"results": {"bindings": []}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), NoHead)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        backend = EndpointBackend(f"http://127.0.0.1:{server.server_port}/query")
        with pytest.raises(
            EndpointError, match="answered malformed SPARQL JSON results: no 'head' object"
        ):
            backend.run("SELECT * WHERE { ?s ?p ?o }", graphs=[])
    finally:
        server.shutdown()
        server.server_close()


def test_ask_and_construct(sparql_server: SparqlServer) -> None:
    backend = EndpointBackend(sparql_server.query_url)
    assert backend.run("ASK { }", graphs=[]) is True
    assert backend.run("CONSTRUCT { <urn:a> <urn:b> 'c' } WHERE { }", graphs=[]) != ()


def test_syntax_errors_are_caught_before_the_server(oxigraph_server: OxigraphServer) -> None:
    with pytest.raises(QuerySyntaxError, match="line:column 1:"):
        EndpointBackend(oxigraph_server.query_url).run("SELECT WHERE {", graphs=[])


def test_unreachable_server_is_an_endpoint_error(unused_port: int) -> None:
    backend = EndpointBackend(f"http://127.0.0.1:{unused_port}/query", timeout=2)
    with pytest.raises(EndpointError, match=f"cannot reach http://127.0.0.1:{unused_port}/query"):
        backend.run("ASK {}", graphs=[])


def test_http_errors_are_endpoint_errors(sparql_server: SparqlServer) -> None:
    backend = EndpointBackend(sparql_server.base_url + "/no-such-path")
    with pytest.raises(EndpointError, match="answered HTTP 404"):
        backend.run("ASK {}", graphs=[])


class _BasicOnly(http.server.BaseHTTPRequestHandler):
    """Challenges for Basic until it gets it; records the Authorization header of each request."""

    seen: ClassVar[list[str | None]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.seen.append(self.headers.get("Authorization"))
        if self.headers.get("Authorization") is None:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="pactgraph"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"head": {}, "boolean": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_credentials_come_from_the_environment_and_never_show(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PACTGRAPH_ENDPOINT_USER", "analyst")
    monkeypatch.setenv("PACTGRAPH_ENDPOINT_PASSWORD", "s3cret")
    server = http.server.HTTPServer(("127.0.0.1", 0), _BasicOnly)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _BasicOnly.seen = []
    try:
        url = f"http://127.0.0.1:{server.server_port}/query"
        assert EndpointBackend(url).run("ASK {}", graphs=[]) is True
        # Sent when the server asks for it, not before (Virtuoso refuses an unasked-for one).
        assert _BasicOnly.seen == [None, "Basic YW5hbHlzdDpzM2NyZXQ="]
    finally:
        server.shutdown()
        server.server_close()
    monkeypatch.setenv("PACTGRAPH_ENDPOINT_TOKEN", "tok")
    assert base_headers("*/*")["Authorization"] == "Bearer tok"
    with pytest.raises(EndpointError) as caught:
        EndpointBackend("http://user:pw@127.0.0.1:1/query", timeout=1).run("ASK {}", graphs=[])
    assert "pw" not in str(caught.value)


def _redirect_to(url: str, code: int = 302) -> Callable[[bytes, socket.socket], None]:
    def answer(_: bytes, connection: socket.socket) -> None:
        connection.sendall(
            f"HTTP/1.1 {code} Moved\r\nLocation: {url}\r\nContent-Length: 0\r\n"
            "Connection: close\r\n\r\n".encode()
        )

    return answer


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_a_redirected_query_is_refused_not_sent_again_as_a_get(
    code: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PACTGRAPH_ENDPOINT_TOKEN", "tok")
    elsewhere = Listener(json_answer({"head": {}, "boolean": True}))
    first = Listener(_redirect_to(elsewhere.url, code))
    try:
        with pytest.raises(EndpointError) as caught:
            EndpointBackend(first.url, timeout=5).run("ASK {}", graphs=[])
        assert f"redirecting the POST to {elsewhere.url}" in str(caught.value)
        assert elsewhere.connections == []
    finally:
        first.close()
        elsewhere.close()


def test_a_redirect_to_another_origin_carries_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTGRAPH_ENDPOINT_TOKEN", "tok")
    elsewhere = Listener(_redirect_to("about:blank", 404))
    first = Listener(_redirect_to(elsewhere.url))
    try:
        with contextlib.suppress(EndpointError):  # the other server answers 404
            request("HEAD", first.url, body=None, headers=base_headers("*/*"), timeout=5)
        assert b"Authorization: Bearer tok" in first.connections[0]
        assert len(elsewhere.connections) == 1
        assert b"authorization" not in elsewhere.connections[0].lower()
    finally:
        first.close()
        elsewhere.close()


# Virtuoso's answer when its loader deadlocks: an HTML page whose first line is its DOCTYPE.
DEADLOCKED = (
    b'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>Error</title></head>'
    b"<body><h3>SPARQL Graph Protocol request failed</h3><pre>Error 40001\n"
    b"SR172: Transaction deadlocked</pre></body></html>"
)


def _deadlocked_then_created(times: int) -> Callable[[bytes, socket.socket], None]:
    answered = []

    def answer(_: bytes, connection: socket.socket) -> None:
        answered.append(1)
        if len(answered) <= times:
            head = f"HTTP/1.1 500 Request Failed\r\nContent-Length: {len(DEADLOCKED)}\r\n"
            connection.sendall(head.encode() + b"Connection: close\r\n\r\n" + DEADLOCKED)
        else:
            connection.sendall(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")

    return answer


def test_a_part_the_server_reports_deadlocked_is_sent_again(tmp_path: Path) -> None:
    server = Listener(_deadlocked_then_created(times=2))
    graph = tmp_path / "graph.nt"
    graph.write_bytes(b"<urn:a> <urn:b> <urn:c> .\n")
    try:
        results = push(graphs=[("urn:g", graph)], graph_store=server.url, timeout=10)
        assert [r.triples for r in results] == [1]
        assert len(server.connections) == 3
        assert all(c.endswith(b"<urn:a> <urn:b> <urn:c> .\n") for c in server.connections)
    finally:
        server.close()


def test_an_html_error_page_is_reported_by_its_text() -> None:
    server = Listener(_deadlocked_then_created(times=99))
    try:
        with pytest.raises(EndpointError) as caught:
            push(graphs=[("urn:g", b"<urn:a> <urn:b> <urn:c> .\n")], graph_store=server.url)
        assert "answered HTTP 500 Request Failed: Error SPARQL Graph Protocol request failed" in (
            str(caught.value)
        )
        assert "SR172: Transaction deadlocked" in str(caught.value)
        assert len(server.connections) == 4  # sent four times in all, then given up
    finally:
        server.close()


def test_graph_store_guesses() -> None:
    assert guess_graph_store("http://h:7878/query") == "http://h:7878/store"
    assert guess_graph_store("http://h:3030/ds/sparql") == "http://h:3030/ds/data"
    assert guess_graph_store("http://h:3030/ds/query") == "http://h:3030/ds/data"
    assert guess_graph_store("http://h:8890/sparql") == "http://h:8890/sparql-graph-crud-auth"
    # A Virtuoso behind a proxy that mounts it elsewhere says what it is in its Server header.
    virtuoso = "Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu"
    assert (
        guess_graph_store("http://h/kg/sparql", server=virtuoso)
        == "http://h/kg/sparql-graph-crud-auth"
    )


@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
def test_server_fixture_really_stops(engine: str, tmp_path: Path, unused_port: int) -> None:
    server: OxigraphServer | VirtuosoServer
    if engine == "oxigraph":
        server = OxigraphServer.start(tmp_path / "db", unused_port)
    elif not Path(VIRTUOSO).exists() and not os.environ.get("PACTGRAPH_REQUIRE_VIRTUOSO"):
        pytest.skip("Virtuoso 7 is not installed (apt-get install virtuoso-opensource)")
    else:
        server = VirtuosoServer.start(tmp_path / "db", http_port=unused_port, sql_port=free_port())
    pid = server.process.pid
    server.stop()
    with pytest.raises(OSError):  # noqa: PT011 - any refusal will do
        urllib.request.urlopen(server.query_url, timeout=1)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_trickling_server_is_stopped_by_the_total_deadline() -> None:
    """A byte every 0.4 s resets any per-read timeout; the deadline is for the whole answer."""
    server = Listener(trickle(every=0.4))
    try:
        backend = EndpointBackend(server.url, timeout=1.5)
        started = time.monotonic()
        with pytest.raises(DeadlineError) as raised:
            backend.run("SELECT * WHERE { ?s ?p ?o }", graphs=[])
        elapsed = time.monotonic() - started
    finally:
        server.close()
    assert 1.4 < elapsed < 60  # the trickle would last 400 s
    assert str(raised.value) == (
        f"{server.url} did not answer within the deadline of 1.5 s "
        "(a longer one: --timeout SECONDS or PACTGRAPH_TIMEOUT)"
    )
    assert raised.value.exit_code == 3


def test_the_deadline_is_sent_to_the_server() -> None:
    server = Listener(json_answer({"head": {"vars": []}, "results": {"bindings": []}}))
    try:
        EndpointBackend(server.url, timeout=7.5).run("SELECT * WHERE { ?s ?p ?o }", graphs=[])
    finally:
        server.close()
    head = server.connections[0].split(b"\r\n\r\n")[0].decode().lower().splitlines()
    assert "timeout: 8" in head


@pytest.mark.parametrize(
    ("document", "query", "what"),
    [
        ({"results": {"bindings": []}}, "SELECT * WHERE { ?s ?p ?o }", "no 'head' object"),
        ([1, 2], "SELECT * WHERE { ?s ?p ?o }", "no 'head' object"),
        (
            {"head": {"vars": ["s"]}},
            "SELECT * WHERE { ?s ?p ?o }",
            "no list of solutions ('results' with 'bindings')",
        ),
        (
            {"head": {}, "results": {"bindings": []}},
            "ASK { }",
            "an ASK answer without a true or false 'boolean'",
        ),
        (
            {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri"}}]}},
            "SELECT * WHERE { ?s ?p ?o }",
            "a term it could not read (KeyError: 'value')",
        ),
    ],
)
def test_malformed_results_are_the_endpoints_fault(document: object, query: str, what: str) -> None:
    server = Listener(json_answer(document))
    try:
        with pytest.raises(EndpointError) as raised:
            EndpointBackend(server.url).run(query, graphs=[])
    finally:
        server.close()
    assert str(raised.value) == (
        f"endpoint {server.url} answered malformed SPARQL JSON results: {what}"
    )
    assert raised.value.exit_code == 3


def test_service_is_refused_before_the_endpoint_is_asked(listener: Listener) -> None:
    backend = EndpointBackend(listener.url)
    with pytest.raises(ServiceError):
        backend.run("SELECT * WHERE { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }", graphs=[])
    time.sleep(0.2)
    assert listener.connections == []


def test_service_goes_to_the_endpoint_when_allowed(oxigraph_server: OxigraphServer) -> None:
    """Allowed, a federated query is the server's to run (here: oxigraph serve, which has no
    HTTP client and refuses it), never parsed by evaluating it here."""
    backend = EndpointBackend(oxigraph_server.query_url, allow_service=True)
    with pytest.raises(EndpointError):
        backend.run("SELECT * WHERE { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }", graphs=[])
