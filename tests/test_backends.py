"""Backends: federated queries refused before anything is sent; every query under a deadline."""

from __future__ import annotations

import time

import pytest

from pactgraph.errors import EndpointError
from pactgraph.store.backends import DeadlineError, OxigraphBackend, RdflibBackend, Solutions
from pactgraph.store.sparqltext import ServiceError

from .servers import Listener


def _oxigraph(**options: object) -> OxigraphBackend:
    import pyoxigraph as ox

    return OxigraphBackend(ox.Store(), description="test store", **options)  # type: ignore[arg-type]


def _rdflib(**options: object) -> RdflibBackend:
    return RdflibBackend({}, **options)  # type: ignore[arg-type]


def runaway(size: int, factors: int = 3) -> str:
    """COUNT over a cartesian product of ``size`` values ``factors`` times."""
    values = " ".join(str(n) for n in range(size))
    blocks = " ".join(f"VALUES ?v{i} {{ {values} }}" for i in range(factors))
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {blocks} }}"


# Half an hour or more in either engine, were it not stopped: 2000³ solutions in pyoxigraph, 10⁸
# in rdflib (200³ and 10⁵ take about 2 s here), so no machine finishes it within the deadline.
RUNAWAY = {"OxigraphBackend": runaway(2000), "RdflibBackend": runaway(10, 8)}


@pytest.mark.parametrize("make", [_oxigraph, _rdflib])
@pytest.mark.parametrize("silent", ["", "SILENT "])
def test_service_is_refused_before_any_connection(
    make: object, silent: str, listener: Listener
) -> None:
    backend = make()  # type: ignore[operator]
    query = f"SELECT * WHERE {{ SERVICE {silent}<{listener.url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(ServiceError) as raised:
        backend.run(query, graphs=[])
    assert str(raised.value).startswith(f"the query calls SERVICE <{listener.url}>: ")
    time.sleep(0.2)
    assert listener.connections == []


def test_service_runs_when_allowed(listener: Listener) -> None:
    """The listener sees what an allowed SERVICE sends (so its silence above means something)."""
    backend = _oxigraph(allow_service=True, timeout=10)
    with pytest.raises(EndpointError):
        backend.run(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}", graphs=[])
    assert len(listener.connections) == 1
    assert listener.connections[0].startswith(b"POST /sparql ")


@pytest.mark.parametrize("make", [_oxigraph, _rdflib])
def test_a_runaway_query_is_stopped_at_its_deadline(make: object) -> None:
    backend = make(timeout=0.5)  # type: ignore[operator]
    started = time.monotonic()
    with pytest.raises(DeadlineError) as raised:
        backend.run(RUNAWAY[type(backend).__name__], graphs=[])
    # Stopped, not finished: a minute is far below the query's time in full, on any machine.
    assert time.monotonic() - started < 60
    assert str(raised.value) == (
        f"the query on {'the ' if isinstance(backend, OxigraphBackend) else ''}"
        f"{backend.description} was stopped at its deadline of 0.5 s "
        "(a longer one: --timeout SECONDS or PACTGRAPH_TIMEOUT)"
    )
    assert raised.value.exit_code == 3


def test_a_quick_query_answers_within_its_deadline() -> None:
    answer = _oxigraph(timeout=5).run("SELECT (1 AS ?one) WHERE { }", graphs=[])
    assert isinstance(answer, Solutions)
    assert answer.rows[0][0] is not None
    assert answer.rows[0][0].value == "1"


def test_rdflib_would_load_from_graphs_from_the_web_so_from_is_refused(listener: Listener) -> None:
    with pytest.raises(ServiceError) as raised:
        _rdflib().run(f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}", graphs=[])
    assert str(raised.value) == (
        f"the query reads FROM <{listener.url}>: the in-memory rdflib backend would load it "
        "from the web, and is refused unless allowed (--allow-service, or "
        "PACTGRAPH_ALLOW_SERVICE=1)"
    )
    time.sleep(0.2)
    assert listener.connections == []
