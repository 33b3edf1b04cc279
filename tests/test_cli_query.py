"""The queries, query and push commands: exact output and exit codes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from pactgraph.store.embedded import ensure_store

from .servers import Listener, OxigraphServer, json_answer

Run = Callable[..., Result]


@pytest.fixture
def query(run: Run, minimal_data: Path, tmp_path: Path) -> Run:
    def invoke(*args: str) -> Result:
        return run("--data", str(minimal_data), "--store", str(tmp_path / "store"), *args)

    return invoke


def test_queries_lists_names_titles_and_params(run: Run) -> None:
    result = run("queries")
    assert result.exit_code == 0
    assert "defence-commitments-to: Defence commitments toward a state on a date\n" in result.output
    assert (
        "    -p target (actor, required) the actor defended (ISO code, name, alias or QID)\n"
        in result.output
    )


def test_queries_as_json(run: Run) -> None:
    listed = json.loads(run("queries", "--format", "json").output)
    entry = next(q for q in listed if q["name"] == "defence-commitments-to")
    meaning = "the actor defended (ISO code, name, alias or QID)"
    assert entry["params"][0] == {
        "name": "target",
        "type": "actor",
        "required": True,
        "description": meaning,
    }
    assert set(entry) == {"name", "title", "description", "params"}


def test_named_query_table(query: Run) -> None:
    result = query(
        "query", "defence-commitments-to", "-p", "target", "dprk", "-p", "as_of", "2025-01-01"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "committer  agreement  article    valid_from  valid_to\n"
        "---------  ---------  ---------  ----------  --------\n"
        "Russia     A treaty   Article 4  2024-12-04\n"
        "(1 row)\n"
    )
    assert result.stderr.startswith("building the store in ")


def test_an_id_as_printed_is_read_in_query_text(query: Run) -> None:
    # Answers print ids as pgid:state/PRK; SPARQL reads a slash in a prefixed name only escaped.
    result = query("query", "-e", "SELECT ?l WHERE { pgid:state/PRK rdfs:label ?l }")
    assert result.exit_code == 0, result.output
    assert result.stdout == "l\n-----------\nNorth Korea\n(1 row)\n"


def test_own_query_with_project_prefixes_and_csv(query: Run) -> None:
    result = query(
        "query", "-e", "SELECT ?s WHERE { ?s a pg:State } ORDER BY ?s", "--format", "csv"
    )
    assert result.stdout_bytes == (
        b"s\r\nhttps://w3id.org/pactgraph/id/state/PRK\r\n"
        b"https://w3id.org/pactgraph/id/state/RUS\r\n"
    )


def test_query_from_a_file_with_a_parameter(query: Run, tmp_path: Path) -> None:
    (tmp_path / "q.rq").write_text(
        "SELECT ?label WHERE { ?who rdfs:label ?label }\n", encoding="utf-8"
    )
    result = query(
        "query", "-f", str(tmp_path / "q.rq"), "-p", "who", "pgid:state/RUS", "--format", "json"
    )
    assert json.loads(result.stdout) == [{"label": "Russia"}]


def test_ask_prints_true(query: Run) -> None:
    assert query("query", "-e", "ASK { ?s a pg:State }").stdout == "true\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["query", "defense-commitments-to"],
            "error: unknown query 'defense-commitments-to'; did you mean defence-commitments-to",
        ),
        (["query", "defence-commitments-to"], "error: missing required parameter 'target'"),
        (
            ["query", "defence-commitments-to", "-p", "target", "Rusia"],
            "error: unknown actor 'Rusia'; did you mean 'Russia'?",
        ),
        (
            ["query", "defence-commitments-to", "-p", "target", "PRK", "-p", "as_of", "yesterday"],
            "error: parameter 'as_of': 'yesterday' is not a date as YYYY-MM-DD",
        ),
        (
            ["query", "-e", "SELECT ?s WHERE { ?s ?p }"],
            "error: syntax error at line:column 1:26: expected one of",
        ),
        (["query", "-e", "DROP ALL"], "error: SPARQL Update is not allowed: queries are read-only"),
        (["query"], "error: give exactly one of: a query NAME, -f FILE or -e TEXT"),
        (
            ["query", "alliance-links", "--format", "turtle"],
            "error: a SELECT answer cannot be written as turtle; choose from table, csv, tsv,",
        ),
    ],
)
def test_usage_errors_exit_2_with_a_message(query: Run, args: list[str], message: str) -> None:
    result = query(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(message)
    assert result.stdout == ""


def test_unreachable_endpoint_exits_3(run: Run, unused_port: int) -> None:
    result = run("--endpoint", f"http://127.0.0.1:{unused_port}/query", "query", "alliance-links")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: cannot reach http://127.0.0.1:{unused_port}/query")


@pytest.mark.endpoint
def test_push_then_query_the_endpoint(
    run: Run, minimal_data: Path, oxigraph_server: OxigraphServer
) -> None:
    pushed = run("--data", str(minimal_data), "push", "--endpoint", oxigraph_server.query_url)
    assert pushed.exit_code == 0, pushed.output
    graphs = [line.split(": ")[0].rsplit("/", 1)[1] for line in pushed.stdout.splitlines()]
    assert graphs == ["curated", "inferred", "ontology"]
    result = run(
        "--endpoint",
        oxigraph_server.query_url,
        "query",
        "defence-commitments-to",
        "-p",
        "target",
        "North Korea",
        "-p",
        "as_of",
        "2025-01-01",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert [row["committer"] for row in json.loads(result.stdout)] == [
        "https://w3id.org/pactgraph/id/state/RUS"
    ]


def test_push_needs_somewhere_to_push(run: Run) -> None:
    result = run("push")
    assert result.exit_code == 2
    assert result.stderr == "error: push needs --endpoint URL or --graph-store URL\n"


@pytest.mark.parametrize(
    ("flag", "rows"),
    [
        ((), "agreement\n---------\nA treaty\n(1 row)\n"),
        (("--inferred",), "agreement\n---------\nA treaty\n(1 row)\n"),
        (("--no-inferred",), "agreement\n---------\n(0 rows)\n"),
    ],
)
def test_inferred_kinds_are_found_unless_no_inferred(
    query: Run, flag: tuple[str, ...], rows: str
) -> None:
    text = "SELECT ?agreement WHERE { ?agreement a pg:DefensePact }"
    result = query("query", "-e", text, "--format", "table", *flag)
    assert result.exit_code == 0, result.output
    assert result.stdout == rows


# --- hardening: SERVICE, deadlines, Ctrl-C, malformed endpoint answers ---------------------------


def runaway(size: int) -> str:
    """COUNT over a cartesian product of ``size`` values, three times."""
    values = " ".join(str(n) for n in range(size))
    blocks = " ".join(f"VALUES ?v{i} {{ {values} }}" for i in range(3))
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {blocks} }}"


REFUSED = (
    "error: the query calls SERVICE <{url}>: a federated query sends requests to other servers, "
    "and is refused unless allowed (--allow-service, or PACTGRAPH_ALLOW_SERVICE=1)\n"
)


@pytest.mark.parametrize("silent", ["", "SILENT "])
@pytest.mark.parametrize("how", ["-e", "-f"])
def test_service_is_refused_and_nothing_connects(
    query: Run, listener: Listener, tmp_path: Path, silent: str, how: str
) -> None:
    text = f"SELECT * WHERE {{ SERVICE {silent}<{listener.url}> {{ ?s ?p ?o }} }}"
    if how == "-f":
        (tmp_path / "federated.rq").write_text(text, encoding="utf-8")
        text = str(tmp_path / "federated.rq")
    result = query("query", how, text)
    assert result.exit_code == 2
    assert result.stderr.endswith(REFUSED.format(url=listener.url))
    assert "Traceback" not in result.stderr
    time.sleep(0.2)
    assert listener.connections == []


def test_service_is_refused_before_an_endpoint_is_asked(run: Run, listener: Listener) -> None:
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }"
    result = run("--endpoint", listener.url, "query", "-e", text)
    assert result.exit_code == 2
    assert result.stderr == REFUSED.format(url="http://127.0.0.1:1/x")
    time.sleep(0.2)
    assert listener.connections == []


IGNORED_FROM = (
    "error: the query reads FROM {graphs}, which pactgraph would ignore: it answers over the "
    "store's graphs (curated, imported and, unless --no-inferred, inferred); to read one graph, "
    "write GRAPH <name> {{ … }} in the WHERE clause\n"
)


@pytest.mark.parametrize("clause", ["FROM <urn:x>", "FROM NAMED <urn:x>", "from <urn:x>"])
def test_a_dataset_clause_is_refused_not_ignored(query: Run, clause: str) -> None:
    result = query("query", "-e", f"SELECT ?l {clause} WHERE {{ ?s rdfs:label ?l }} LIMIT 1")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(IGNORED_FROM.format(graphs="<urn:x>"))


def test_a_dataset_clause_is_refused_before_an_endpoint_is_asked(
    run: Run, listener: Listener
) -> None:
    result = run("--endpoint", listener.url, "query", "-e", "SELECT * FROM <urn:y> WHERE { }")
    assert result.exit_code == 2
    assert result.stderr == IGNORED_FROM.format(graphs="<urn:y>")
    time.sleep(0.2)
    assert listener.connections == []


def test_an_empty_or_odd_endpoint_is_a_usage_error(run: Run) -> None:
    for url, shown in (("", "''"), ("ftp://example.org/sparql", "'ftp://example.org/sparql'")):
        result = run("--endpoint", url, "query", "-e", "ASK { }")
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"error: not an http(s) URL: {shown}\n"


def test_allow_service_lets_the_query_call_out(query: Run, listener: Listener) -> None:
    text = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    result = query("--allow-service", "--timeout", "20", "query", "-e", text)
    assert len(listener.connections) == 1  # the listener closes without answering:
    assert result.exit_code == 3  # the store reports the failed call
    assert "Traceback" not in result.stderr


def test_a_runaway_query_is_stopped_by_timeout(
    query: Run, minimal_data: Path, tmp_path: Path
) -> None:
    path = ensure_store(data_dir=minimal_data, store_dir=tmp_path / "store")
    # Half an hour in full (200 values take 2 s here): only the deadline ends it.
    result = query("--timeout", "0.5", "query", "-e", runaway(2000))
    assert result.exit_code == 3
    assert result.stderr == (
        f"error: the query on the embedded store {path} was stopped at its deadline of 0.5 s "
        "(a longer one: --timeout SECONDS or PACTGRAPH_TIMEOUT)\n"
    )


def test_the_timeout_comes_from_the_environment(
    query: Run, minimal_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_store(data_dir=minimal_data, store_dir=tmp_path / "store")
    monkeypatch.setenv("PACTGRAPH_TIMEOUT", "0.5")
    result = query("query", "-e", runaway(2000))
    assert result.exit_code == 3
    assert "was stopped at its deadline of 0.5 s" in result.stderr
    monkeypatch.setenv("PACTGRAPH_TIMEOUT", "soon")
    result = query("query", "-e", "ASK { }")
    assert result.exit_code == 2
    assert "Invalid value for '--timeout': 'soon' is not a valid float range." in result.stderr
    for endless in ("nan", "inf"):  # no deadline at all, by another name
        result = query("--timeout", endless, "query", "-e", "ASK { }")
        assert result.exit_code == 2
        assert f"'{endless}' is not a finite number of seconds" in result.stderr


def _pactgraph(minimal_data: Path, store: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pactgraph",
            "--data",
            str(minimal_data),
            "--store",
            str(store),
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_real_runaway_is_stopped_by_timeout(minimal_data: Path, tmp_path: Path) -> None:
    """2000³ solutions (hours), in a real process, stopped after 1 s."""
    path = ensure_store(data_dir=minimal_data, store_dir=tmp_path / "store")
    started = time.monotonic()
    process = _pactgraph(
        minimal_data, tmp_path / "store", "--timeout", "1", "query", "-e", runaway(2000)
    )
    _, stderr = process.communicate(timeout=30)
    assert time.monotonic() - started < 60  # far below the query's time in full
    assert process.returncode == 3
    assert stderr == (
        f"error: the query on the embedded store {path} was stopped at its deadline of 1 s "
        "(a longer one: --timeout SECONDS or PACTGRAPH_TIMEOUT)\n"
    )


def test_ctrl_c_stops_a_runaway_query_at_once(minimal_data: Path, tmp_path: Path) -> None:
    ensure_store(data_dir=minimal_data, store_dir=tmp_path / "store")
    process = _pactgraph(minimal_data, tmp_path / "store", "query", "-e", runaway(2000))
    time.sleep(2)  # started, and deep in the query
    assert process.poll() is None
    interrupted = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert time.monotonic() - interrupted < 30  # far below the query's time in full
    assert process.returncode == 130
    assert stderr == "interrupted\n"


def test_an_endpoint_answer_without_head_exits_3(run: Run) -> None:
    server = Listener(json_answer({"results": {"bindings": []}}))
    try:
        result = run("--endpoint", server.url, "query", "-e", "SELECT * WHERE { ?s ?p ?o }")
    finally:
        server.close()
    assert result.exit_code == 3
    assert result.stderr == (
        f"error: endpoint {server.url} answered malformed SPARQL JSON results: no 'head' object\n"
    )


def test_ask_as_sparql_json(query: Run) -> None:
    result = query("query", "-e", "ASK { ?s a pg:State }", "--format", "sparql-json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"head": {}, "boolean": True}
