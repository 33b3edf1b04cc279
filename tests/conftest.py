"""Shared fixtures: a small, valid graph_data directory written by hand, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

from pactgraph.cli import cli
from pactgraph.model.resources import default_data_dir

if TYPE_CHECKING:
    from pactgraph.importers.entities import Resolver

    from .servers import Listener, OxigraphServer, SparqlServer, VirtuosoServer

MINIMAL = {
    "documents.yaml": """\
        - id: document/source
          kind: article
          label: A source
          date: 2024-06-27
        """,
    "actors.yaml": """\
        - id: state/PRK
          kind: state
          label: North Korea
          aliases: [DPRK]
        - id: state/RUS
          kind: state
          label: Russia
        """,
    "agreements.yaml": """\
        - id: agreement/treaty
          kind: treaty
          label: A treaty
          parties: [state/PRK, state/RUS]
          status: in_force
          signed: 2024-06-19
          entered_into_force: 2024-12-04
          articles:
            - number: "4"
              text: the other side shall provide military and other assistance
          sources:
            - document: document/source
              quote: signed a treaty
        """,
    "commitments.yaml": """\
        - id: commitment/ru-kp
          committer: state/RUS
          beneficiary: state/PRK
          obligation: defense
          basis: agreement/treaty
          article: "4"
          sources:
            - document: document/source
              quote: shall provide military and other assistance
        """,
}


def write_data(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return directory


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked java (HermiT) are skipped, with the way to get it, where there is no Java."""
    if shutil.which("java") is None:
        skip = pytest.mark.skip(reason="HermiT needs Java: apt-get install default-jre-headless")
        for item in items:
            if item.get_closest_marker("java"):
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default store lives in the user's cache: every test gets its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A valid graph_data directory: two states, a treaty, one commitment."""
    return write_data(tmp_path / "data", MINIMAL)


@pytest.fixture
def shipped_data(tmp_path: Path) -> Path:
    """A copy of the shipped graph_data, safe to modify."""
    return Path(shutil.copytree(default_data_dir(), tmp_path / "graph_data"))


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Result]:
    """Run the CLI in tmp_path; stdout and stderr are kept apart."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args), prog_name="pactgraph")

    return invoke


@pytest.fixture
def resolver(tmp_path: Path) -> Resolver:
    """Curated MINIMAL data with an ATOP id and the KN-23, and hand-written code tables."""
    from pactgraph.importers.entities import (
        Resolver,
        read_alpha2,
        read_cow_names,
        read_iso_names,
        read_state_names,
    )
    from pactgraph.load.curated import read_records

    from .datasets import CURATED_WITH_ATOP, write_shared

    shared = write_shared(tmp_path / "shared")
    data = write_data(tmp_path / "data", {**MINIMAL, **CURATED_WITH_ATOP})
    crosswalk = shared / "crosswalks" / "countrycode_iso_cow_gw.csv"
    cow = shared / "cow_states_2016" / "states2016.csv"
    return Resolver(
        curated=read_records(data),
        states=read_state_names(crosswalk=crosswalk, cow_states=cow),
        iso_names=read_iso_names(crosswalk),
        cow_names=read_cow_names(cow),
        alpha2=read_alpha2(crosswalk),
    )


@pytest.fixture
def unused_port() -> int:
    from .servers import free_port

    return free_port()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A real `oxigraph serve` per test module, stopped by its PID afterwards."""
    from .servers import OxigraphServer, free_port

    server = OxigraphServer.start(tmp_path_factory.mktemp("oxigraph"), free_port())
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """A real Virtuoso 7 (`virtuoso-t +foreground`) per test module, its own database and ports,
    stopped by its PID afterwards. Skipped where Debian's virtuoso-opensource is not installed,
    except where PACTGRAPH_REQUIRE_VIRTUOSO is set (CI, whose .ci/run installs it)."""
    from .servers import VIRTUOSO, VirtuosoServer, free_port

    if not Path(VIRTUOSO).exists():
        if os.environ.get("PACTGRAPH_REQUIRE_VIRTUOSO"):
            pytest.fail(f"Virtuoso 7 is required here but missing at {VIRTUOSO}")
        pytest.skip(
            "Virtuoso 7 is not installed (apt-get install virtuoso-opensource); CI runs these"
        )
    server = VirtuosoServer.start(
        tmp_path_factory.mktemp("virtuoso"), http_port=free_port(), sql_port=free_port()
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def sparql_engine(request: pytest.FixtureRequest) -> SparqlServer:
    """Each server engine in turn, for the behavioural endpoint tests."""
    server: SparqlServer = request.getfixturevalue(f"{request.param}_server")
    return server


@pytest.fixture
def sparql_server(sparql_engine: SparqlServer, monkeypatch: pytest.MonkeyPatch) -> SparqlServer:
    """Each server engine in turn, the environment holding the credentials its Graph Store asks
    for (Virtuoso: Digest, dba/dba) for the test's duration only."""
    for name, value in sparql_engine.credentials.items():
        monkeypatch.setenv(name, value)
    return sparql_engine


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A loopback server that records every connection (and answers nothing)."""
    from .servers import Listener

    server = Listener()
    try:
        yield server
    finally:
        server.close()
