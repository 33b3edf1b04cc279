"""The Python API's own checks on query text: what the command line checks, the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactgraph.graph import Graph
from pactgraph.store.backends import Solutions
from pactgraph.store.sparqltext import QueryTextError

from .conftest import MINIMAL, write_data


@pytest.fixture
def graph(tmp_path: Path) -> Graph:
    return Graph.open(data=write_data(tmp_path / "d", MINIMAL), store=tmp_path / "store")


def test_from_is_refused_rather_than_ignored(graph: Graph) -> None:
    for clause in ("FROM <urn:x>", "FROM NAMED <urn:x>"):
        with pytest.raises(QueryTextError, match=r"reads FROM <urn:x>, which pactgraph would ig"):
            graph.query(f"SELECT * {clause} WHERE {{ ?s ?p ?o }}")
    # What the message proposes instead works.
    answer = graph.query("SELECT ?s WHERE { GRAPH <urn:x> { ?s ?p ?o } }")
    assert answer == Solutions(("s",), ())


def test_an_id_as_printed_is_read(graph: Graph) -> None:
    answer = graph.query("SELECT ?l WHERE { pgid:state/PRK rdfs:label ?l }")
    assert isinstance(answer, Solutions)
    assert [row[0].value for row in answer.rows if row[0]] == ["North Korea"]
