"""The whole CLI against both server engines (Oxigraph server and Virtuoso 7), answering as the
embedded store does; and what ``push`` does on the wire: Digest, streamed bodies, a graph that fails
half-way named."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from pactgraph.errors import EndpointError
from pactgraph.model.terms import Term
from pactgraph.store import graphstore
from pactgraph.store.backends import Solutions
from pactgraph.store.endpoint import XSD_BOOLEAN, EndpointBackend
from pactgraph.store.graphstore import guess_graph_store, push, put_deadline

from .conftest import MINIMAL, write_data
from .datasets import CURATED_WITH_ATOP, write_shared
from .servers import Listener, SparqlServer, VirtuosoServer

pytestmark = pytest.mark.endpoint
Run = Callable[..., Result]
CURATED = "https://w3id.org/pactgraph/id/graph/curated"


@pytest.fixture
def imported(run: Run, tmp_path: Path) -> Path:
    """A store with the small ATOP and SIPRI fixtures imported beside curated data."""
    write_shared(tmp_path / "shared")
    write_data(tmp_path / "data", {**MINIMAL, **CURATED_WITH_ATOP})
    atop = run("--data", "data", "--store", "st", "import", "atop", "shared/atop_5.1")
    assert atop.exit_code == 0, atop.output
    sipri = run(
        "--data", "data", "--store", "st", "import", "sipri",
        "shared/sipri_arms_transfers/register.csv", "--accessed", "2026-01-02",
    )  # fmt: skip
    assert sipri.exit_code == 0, sipri.output
    return tmp_path


@pytest.mark.usefixtures("imported")
def test_push_the_imported_store_then_trace_through_the_endpoint(
    run: Run, sparql_server: SparqlServer
) -> None:
    pushed = run("--data", "data", "--store", "st", "push", "--endpoint", sparql_server.query_url)
    assert pushed.exit_code == 0, pushed.output
    assert [line.split(":")[-2].rsplit("/", 1)[-1] for line in pushed.stdout.splitlines()] == [
        "curated", "atop", "entities", "sipri", "inferred", "ontology",
    ]  # fmt: skip
    for form in ("table", "json"):
        args = ["trace", "--to", "North Korea", "--as-of", "2025-06-01", "--format", form]
        local = run("--data", "data", "--store", "st", *args)
        remote = run("--endpoint", sparql_server.query_url, *args)
        assert local.exit_code == remote.exit_code == 0, remote.output
        assert remote.stdout == local.stdout
    committers = [c["committer"]["label"] for c in json.loads(remote.stdout)["commitments"]]
    assert committers == ["Russia", "China"]  # China's only source is ATOP: the import is read


@pytest.mark.usefixtures("imported")
def test_a_second_push_replaces_rather_than_adds(run: Run, sparql_server: SparqlServer) -> None:
    backend = EndpointBackend(sparql_server.query_url)
    counts = []
    for _ in range(2):
        pushed = run(
            "--data", "data", "--store", "st", "push", "--endpoint", sparql_server.query_url
        )
        assert pushed.exit_code == 0, pushed.output
        answer = backend.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graphs=[CURATED])
        assert isinstance(answer, Solutions)
        assert answer.rows[0][0] is not None
        counts.append(int(answer.rows[0][0].value))
    assert f"{CURATED}: {counts[0]} triples" in pushed.stdout.splitlines()
    assert counts[0] == counts[1]


def test_graph_names_and_booleans_read_alike(sparql_server: SparqlServer) -> None:
    """Virtuoso lists no graphs for `GRAPH ?g { }` and answers xsd:boolean as 1 or 0; both are
    read as Oxigraph answers them."""
    data = (
        b'<urn:pg:a> <urn:pg:flag> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n'
        b'<urn:pg:b> <urn:pg:flag> "false"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n'
    )
    push(graphs=[("urn:pg:flags", data)], graph_store=guess_graph_store(sparql_server.query_url))
    backend = EndpointBackend(sparql_server.query_url)
    assert "urn:pg:flags" in backend.graph_names()
    query = "SELECT ?s ?flag WHERE { ?s <urn:pg:flag> ?flag } ORDER BY ?s"
    answer = backend.run(query, graphs=["urn:pg:flags"])
    assert isinstance(answer, Solutions)
    assert [row[1] for row in answer.rows] == [
        Term.literal("true", datatype=XSD_BOOLEAN),
        Term.literal("false", datatype=XSD_BOOLEAN),
    ]
    graph = backend.run(
        "CONSTRUCT { ?s <urn:pg:flag> ?flag } WHERE { ?s <urn:pg:flag> ?flag }",
        graphs=["urn:pg:flags"],
    )
    assert isinstance(graph, tuple)
    assert sorted(triple[2].value for triple in graph) == ["false", "true"]


def test_virtuoso_refuses_a_push_without_credentials(
    virtuoso_server: VirtuosoServer,
    minimal_data: Path,
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PACTGRAPH_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("PACTGRAPH_ENDPOINT_PASSWORD", raising=False)
    result = run("--data", str(minimal_data), "push", "--endpoint", virtuoso_server.query_url)
    assert result.exit_code == 3
    store = guess_graph_store(virtuoso_server.query_url)
    message = result.stderr.splitlines()[-1]
    assert message.startswith(f"error: push failed on graph {CURATED} (")
    assert message.endswith(
        f"{store}?graph=https%3A%2F%2Fw3id.org%2Fpactgraph%2Fid%2Fgraph%2Fcurated answered "
        "HTTP 401 Unauthorized; graphs already replaced on the server: none"
    )


def test_a_wrong_password_is_refused_by_digest(
    virtuoso_server: VirtuosoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PACTGRAPH_ENDPOINT_USER", "dba")
    monkeypatch.setenv("PACTGRAPH_ENDPOINT_PASSWORD", "not-the-password")
    store = guess_graph_store(virtuoso_server.query_url)
    with pytest.raises(EndpointError) as raised:
        push(graphs=[("urn:pg:x", b"")], graph_store=store)
    assert str(raised.value) == (
        f"push failed on graph urn:pg:x (0 bytes): {store}?graph=urn%3Apg%3Ax answered "
        "HTTP 401 digest auth failed; graphs already replaced on the server: none"
    )


def _created_then(status: bytes) -> Callable[[bytes, socket.socket], None]:
    """A Graph Store that takes the first PUT (201) and answers every later one ``status``."""
    answered: list[bytes] = []

    def answer(_: bytes, connection: socket.socket) -> None:
        line = b"201 Created" if not answered else status
        answered.append(line)
        connection.sendall(
            b"HTTP/1.1 " + line + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )

    return answer


def test_a_graph_that_fails_half_way_is_named(tmp_path: Path) -> None:
    server = Listener(_created_then(b"500 Internal Server Error"))
    first, second = tmp_path / "first.nt", tmp_path / "second.nt"
    first.write_bytes(b"<urn:a> <urn:b> <urn:c> .\n")
    second.write_bytes(b"<urn:a> <urn:b> <urn:d> .\n" * 3)
    try:
        with pytest.raises(EndpointError) as raised:
            push(graphs=[("urn:g:one", first), ("urn:g:two", second)], graph_store=server.url)
    finally:
        server.close()
    assert str(raised.value) == (
        f"push failed on graph urn:g:two (78 bytes): {server.url}?graph=urn%3Ag%3Atwo answered "
        "HTTP 500 Internal Server Error; graphs already replaced on the server: urn:g:one"
    )
    assert raised.value.exit_code == 3


def test_a_graph_file_is_streamed_with_its_length(tmp_path: Path) -> None:
    server = Listener(_created_then(b"201 Created"))
    graph = tmp_path / "graph.nt"
    graph.write_bytes(b"<urn:a> <urn:b> <urn:c> .\n" * 1000)
    try:
        pushed = push(graphs=[("urn:g:big", graph)], graph_store=server.url)
    finally:
        server.close()
    assert [(p.graph, p.triples) for p in pushed] == [("urn:g:big", 1000)]
    head, _, body = server.connections[0].partition(b"\r\n\r\n")
    lines = head.decode().lower().splitlines()
    assert lines[0] == "put /sparql?graph=urn%3ag%3abig http/1.1"
    assert "content-length: 26000" in lines
    assert not any(line.startswith("transfer-encoding") for line in lines)
    assert body == graph.read_bytes()


def test_a_push_deadline_grows_with_the_size_of_the_graph() -> None:
    """--timeout is a query's; a PUT gets a second more per megabyte it sends."""
    assert put_deadline(120, 0) == 120
    assert put_deadline(120, 50_000_000) == 170
    assert put_deadline(None, 50_000_000) is None


def test_a_large_graph_goes_in_parts_unless_it_has_blank_nodes(
    sparql_server: SparqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PUT, then POSTs that add to it: the server holds every triple once. Blank nodes keep
    a graph whole, or _:b in one part and _:b in the next would be two nodes."""
    monkeypatch.setattr(graphstore, "PART_BYTES", 1000)
    plain, blank = tmp_path / "plain.nt", tmp_path / "blank.nt"
    plain.write_bytes(b"".join(b"<urn:s%d> <urn:p> <urn:o> .\n" % n for n in range(500)))
    blank.write_bytes(b"".join(b'_:b <urn:p> "%d" .\n' % n for n in range(500)))
    seen: list[str] = []
    graphs = [("urn:pg:plain", plain), ("urn:pg:blank", blank)]
    push(
        graphs=graphs, graph_store=guess_graph_store(sparql_server.query_url), progress=seen.append
    )
    assert seen[0] == "uploading urn:pg:plain (1,026 bytes, part 1 of 15)…"
    assert seen[-1] == "uploading urn:pg:blank (9,890 bytes)…"
    backend = EndpointBackend(sparql_server.query_url)
    for name, query, expected in [
        ("urn:pg:plain", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "500"),
        ("urn:pg:blank", "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }", "1"),
    ]:
        answer = backend.run(query, graphs=[name])
        assert isinstance(answer, Solutions)
        assert answer.rows[0][0] is not None
        assert answer.rows[0][0].value == expected
