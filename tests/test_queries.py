"""Named queries: the catalogue, parameters, and the same answers on every backend.

The same behavioural tests run against the embedded Oxigraph store, an in-memory rdflib Dataset
and two real server engines the graphs were pushed to: `oxigraph serve` and Virtuoso 7.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pactgraph.ask.queries import (
    NamedQuery,
    Param,
    QueryError,
    bind,
    get_query,
    list_queries,
    parse_header,
    parse_value,
    run,
)
from pactgraph.model.resources import default_data_dir
from pactgraph.store.backends import Backend, Solutions
from pactgraph.store.dataset import default_graphs, named_graphs
from pactgraph.store.embedded import memory_backend, open_store
from pactgraph.store.endpoint import EndpointBackend
from pactgraph.store.graphstore import guess_graph_store, push
from pactgraph.store.sparqltext import QueryTextError

from .servers import OxigraphServer, SparqlServer, VirtuosoServer

# One sensible set of parameters per named query; a new query must add its own here.
SAMPLES: dict[str, dict[str, str]] = {
    "actor-timeline": {"actor": "North Korea"},
    "agreements-by-status": {"status": "in_force"},
    "alliance-links": {},
    "assessments": {"about": "pgid:commitment/ru-kp-defense-2024"},
    "capability-lineage": {"capability": "pgid:capability/kn-23"},
    "commitments-by": {"committer": "RUS"},
    "defence-commitments-to": {"target": "DPRK", "as_of": "2025-06-01"},
    "disputed-dates": {},
    "documents-cited": {},
    "evidence-for": {"record": "pgid:commitment/ru-kp-defense-2024"},
    "grouping-members": {"grouping": "United Nations"},
    "suppliers-of": {"system": "pgid:capability/kn-23"},
    "transfers-between": {"supplier": "North Korea"},
}
GRAPHS = default_graphs()
# rdflib evaluates these joins in written order: minutes each on the shipped data (measured
# > 90 s), where Oxigraph takes milliseconds. They are compared on the embedded store and a server.
RDFLIB_TOO_SLOW = {"alliance-links", "actor-timeline"}


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Backend:
    return open_store(data_dir=default_data_dir(), store_dir=tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="module")
def memory() -> Backend:
    return memory_backend(data_dir=default_data_dir())


def pushed(server: SparqlServer) -> Backend:
    """The shipped data pushed to a server engine, as the backend that reads it."""
    graphs = {
        name: graph.serialize(format="nt", encoding="utf-8")
        for name, graph in named_graphs(data_dir=default_data_dir()).items()
    }
    with pytest.MonkeyPatch.context() as patch:
        for variable, value in server.credentials.items():
            patch.setenv(variable, value)
        push(graphs=graphs.items(), graph_store=guess_graph_store(server.query_url))
    return EndpointBackend(server.query_url)


@pytest.fixture(scope="module")
def oxigraph_endpoint(oxigraph_server: OxigraphServer) -> Backend:
    return pushed(oxigraph_server)


@pytest.fixture(scope="module")
def virtuoso_endpoint(virtuoso_server: VirtuosoServer) -> Backend:
    return pushed(virtuoso_server)


# Both server engines: Oxigraph server, and Virtuoso 7 with its own SPARQL dialect.
ENDPOINTS = [
    pytest.param(name, marks=pytest.mark.endpoint)
    for name in ("oxigraph_endpoint", "virtuoso_endpoint")
]


@pytest.fixture(scope="module", params=ENDPOINTS)
def endpoint(request: pytest.FixtureRequest) -> Backend:
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="module", params=["embedded", "memory", *ENDPOINTS])
def backend(request: pytest.FixtureRequest) -> Backend:
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="module", params=["embedded", *ENDPOINTS])
def fast(request: pytest.FixtureRequest) -> Backend:
    """The backends that answer every named query on the shipped data in seconds: rdflib's join
    order takes minutes on alliance-links and actor-timeline here (README, Speed)."""
    return request.getfixturevalue(request.param)


def answer(backend: Backend, name: str, **params: str) -> Solutions:
    result = run(get_query(name), params, backend=backend, graphs=GRAPHS)
    assert isinstance(result, Solutions)
    return result


def ids(solutions: Solutions, variable: str) -> list[str]:
    return [
        row[variable].value.rsplit("/id/", 1)[-1] for row in solutions.dicts() if variable in row
    ]


def test_at_least_twelve_queries_each_with_title_description_and_a_sample() -> None:
    catalogue = list_queries()
    assert len(catalogue) >= 12
    assert sorted(q.name for q in catalogue) == sorted(SAMPLES)
    for named in catalogue:
        assert named.title != named.name
        assert named.description


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.endpoint
def test_every_named_query_answers_alike_on_every_backend(
    name: str, embedded: Backend, memory: Backend, endpoint: Backend
) -> None:
    chosen = (embedded, endpoint) if name in RDFLIB_TOO_SLOW else (embedded, memory, endpoint)
    answers = [answer(b, name, **SAMPLES[name]) for b in chosen]
    assert len({a.variables for a in answers}) == 1
    assert len({tuple(sorted(a.rows)) for a in answers}) == 1


def test_defence_commitments_to_north_korea_today(backend: Backend) -> None:
    found = answer(backend, "defence-commitments-to", target="North Korea", as_of="2026-11-22")
    assert ids(found, "committer") == ["state/CHN", "state/RUS"]
    assert ids(found, "agreement") == [
        "agreement/cn-kp-friendship-cooperation-mutual-assistance-1961",
        "agreement/ru-kp-comprehensive-strategic-partnership-2024",
    ]


@pytest.mark.parametrize(
    ("as_of", "committers"),
    [
        ("1960-01-01", []),
        ("1975-06-01", ["state/CHN", "state/SUN"]),
        ("1993-01-01", ["state/CHN", "state/RUS"]),  # Russia as the Soviet Union's continuator
        ("2000-01-01", ["state/CHN"]),  # after the 1961 Soviet treaty ended in 1996
        ("2024-07-01", ["state/CHN"]),  # the 2024 treaty is signed, not yet in force
        ("2024-12-04", ["state/CHN", "state/RUS"]),  # in force from the day of exchange
    ],
)
def test_defence_commitments_over_the_treaties_lives(
    backend: Backend, as_of: str, committers: list[str]
) -> None:
    found = answer(backend, "defence-commitments-to", target="PRK", as_of=as_of)
    assert ids(found, "committer") == committers


def test_as_of_defaults_to_today(backend: Backend) -> None:
    text = bind(
        get_query("defence-commitments-to"),
        {"target": "PRK"},
        backend=backend,
        graphs=GRAPHS,
        today=dt.date(1975, 6, 1),
    )
    assert '"1975-06-01"^^<http://www.w3.org/2001/XMLSchema#date>' in text


def test_alliance_links(fast: Backend) -> None:
    found = answer(fast, "alliance-links")
    pairs = set(zip(ids(found, "state1"), ids(found, "state2"), strict=True))
    assert {
        ("state/CHN", "state/PRK"),
        ("state/JPN", "state/USA"),
        ("state/KOR", "state/USA"),
        ("state/PRK", "state/RUS"),
        ("state/FIN", "state/USA"),  # NATO since 2023 (graph_data's coverage since 2018)
    } <= pairs
    assert ("state/SUN", "state/PRK") not in pairs  # ended with the Soviet Union
    # The UN Charter binds its members to nothing toward each other: not an alliance link.
    assert "agreement/un-charter-1945" not in ids(found, "agreement")


def test_evidence_for_a_commitment_has_quotes(backend: Backend) -> None:
    found = answer(backend, "evidence-for", record="pgid:commitment/ru-kp-defense-2024")
    quotes = [row["quote"].value for row in found.dicts()]
    assert any(
        q.startswith("in case any one of the two sides is put in a state of war") for q in quotes
    )


def test_disputed_dates_keep_both_claims(backend: Backend) -> None:
    found = answer(backend, "disputed-dates")
    soviet = "agreement/su-kp-friendship-cooperation-mutual-assistance-1961"
    claims = {
        (row["date"].value, row["preferred"].value)
        for row in found.dicts()
        if row["agreement"].value.endswith(soviet)
    }
    assert claims == {("1996-09-10", "true"), ("1995-09-07", "false")}


def test_header_parsing() -> None:
    named = parse_header(
        "q",
        "# title: T\n# description: D\n"
        "# param: who (actor, required) the actor\n"
        "# param: when (date, optional) a date\nSELECT * WHERE {}\n",
    )
    assert named == NamedQuery(
        "q",
        "T",
        "D",
        (Param("who", "actor", True, "the actor"), Param("when", "date", False, "a date")),
        named.text,
    )
    with pytest.raises(QueryError, match="bad param line"):
        parse_header("q", "# param: who (person, required) x\n")


def test_unknown_query_suggests_close_names() -> None:
    with pytest.raises(QueryError, match="did you mean defence-commitments-to"):
        get_query("defense-commitments-to")


def test_missing_and_unknown_parameters_are_named(memory: Backend) -> None:
    named = get_query("defence-commitments-to")
    with pytest.raises(QueryError, match="missing required parameter 'target'"):
        bind(named, {}, backend=memory, graphs=GRAPHS)
    with pytest.raises(QueryError, match="unknown parameter 'who'"):
        bind(named, {"target": "PRK", "who": "x"}, backend=memory, graphs=GRAPHS)


@pytest.mark.parametrize(
    ("param", "raw", "message"),
    [
        (Param("d", "date", True, ""), "2024-13-01", "'2024-13-01' is not a date as YYYY-MM-DD"),
        (Param("n", "integer", True, ""), "many", "'many' is not a whole number"),
        (Param("s", "concept:status", True, ""), "alive", "'alive' is not one of: signed"),
        (Param("i", "iri", True, ""), "not an iri", "not an IRI or CURIE"),
    ],
)
def test_bad_values_say_what_is_expected(param: Param, raw: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_value(param, raw, None)


def test_hostile_values_stay_data(memory: Backend) -> None:
    text = "SELECT ?x WHERE { ?s ?p ?x FILTER(?x = ?v) }"
    hostile = '" } ; DROP ALL ; SELECT * WHERE { "'
    bound = bind(text, {"v": hostile}, backend=memory, graphs=GRAPHS)
    assert '"\\" } ; DROP ALL ; SELECT * WHERE { \\""' in bound
    result = memory.run(bound, graphs=GRAPHS)
    assert isinstance(result, Solutions)
    assert result.rows == ()


def test_updates_are_refused(memory: Backend) -> None:
    with pytest.raises(QueryTextError, match="read-only"):
        run("DELETE WHERE { ?s ?p ?o }", {}, backend=memory, graphs=GRAPHS)


def test_named_queries_ship_with_the_package() -> None:
    from pactgraph.model.resources import queries_dir

    assert (queries_dir() / "alliance-links.rq").is_file()
    assert Path(queries_dir()).name == "queries"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_inference_adds_no_rows_to_the_named_queries(name: str, embedded: Backend) -> None:
    """The queries ask for asserted kinds: the inferred graph must neither add nor repeat rows."""
    named = get_query(name)
    with_inferred = run(named, SAMPLES[name], backend=embedded, graphs=default_graphs())
    without = run(named, SAMPLES[name], backend=embedded, graphs=default_graphs(inferred=False))
    assert isinstance(with_inferred, Solutions)
    assert with_inferred == without
    assert default_graphs()[-1] == "https://w3id.org/pactgraph/id/graph/inferred"
