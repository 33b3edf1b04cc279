"""One object to ask a dataset questions: ``Graph.open()`` (the embedded store), ``Graph.connect()``
(a SPARQL endpoint) or ``Graph.in_memory()`` (rdflib). Every CLI command is a call on it.

>>> graph = Graph.open()
>>> [c.committer.label for c in graph.trace("North Korea").commitments]
['China', 'Russia']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pactgraph.ask.analysis import Analysis
    from pactgraph.ask.coverage import Coverage
    from pactgraph.ask.explain import Explanation
    from pactgraph.ask.queries import NamedQuery
    from pactgraph.ask.timeline import Timeline
    from pactgraph.ask.trace import Trace
    from pactgraph.store.backends import Answer, Backend
    from pactgraph.views.html import ViewResult

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Graph:
    """A backend and the named graphs whose union every question reads."""

    backend: Backend
    graphs: tuple[str, ...]

    @classmethod
    def of(cls, backend: Backend, *, inferred: bool = True) -> Graph:
        """Any backend, reading pactgraph's graphs in it (the reasoner's too, unless told not)."""
        from pactgraph.store.dataset import default_graphs

        return cls(backend, tuple(default_graphs(backend, inferred=inferred)))

    @classmethod
    def open(
        cls,
        *,
        data: Path | None = None,
        store: Path | None = None,
        inferred: bool = True,
        progress: Progress | None = None,
    ) -> Graph:
        """The embedded store for ``data`` (default: the shipped graph_data), rebuilt if stale."""
        from pactgraph.model.resources import default_data_dir
        from pactgraph.store.embedded import open_store

        backend = open_store(
            data_dir=data or default_data_dir(), store_dir=store, progress=progress
        )
        return cls.of(backend, inferred=inferred)

    @classmethod
    def connect(cls, endpoint: str, *, inferred: bool = True) -> Graph:
        """A SPARQL 1.1 endpoint holding the graphs ``push`` uploaded."""
        from pactgraph.store.endpoint import EndpointBackend

        return cls.of(EndpointBackend(endpoint), inferred=inferred)

    @classmethod
    def in_memory(
        cls, *, data: Path | None = None, store: Path | None = None, inferred: bool = True
    ) -> Graph:
        """The same dataset in rdflib, for Python users who want ``rdflib`` objects."""
        from pactgraph.model.resources import default_data_dir
        from pactgraph.store.embedded import memory_backend

        backend = memory_backend(data_dir=data or default_data_dir(), store_dir=store)
        return cls.of(backend, inferred=inferred)

    def trace(
        self,
        target: str,
        *,
        committer: str | None = None,
        obligation: str = "defense",
        as_of: dt.date | None = None,
        include_inactive: bool = False,
        depth: int = 1,
    ) -> Trace:
        """Who is committed to ``target``, under what, since when, with the evidence."""
        from pactgraph.ask.trace import trace

        return trace(
            self.backend,
            target=target,
            committer=committer,
            obligation=obligation,
            as_of=as_of,
            include_inactive=include_inactive,
            depth=depth,
            graphs=self.graphs,
        )

    def explain(
        self, first: str, second: str, *, as_of: dt.date | None = None, max_paths: int = 3
    ) -> Explanation:
        """The shortest paths between two actors, every step with its evidence."""
        from pactgraph.ask.explain import explain

        return explain(
            self.backend,
            first=first,
            second=second,
            as_of=as_of,
            max_paths=max_paths,
            graphs=self.graphs,
        )

    def timeline(
        self, actor: str, *, start: dt.date | None = None, end: dt.date | None = None
    ) -> Timeline:
        """What started, ended or happened for ``actor``, in date order, with sources."""
        from pactgraph.ask.timeline import timeline

        return timeline(self.backend, actor=actor, start=start, end=end, graphs=self.graphs)

    def analyze(
        self, analysis: str, *, as_of: dt.date | None = None, obligation: str | None = None
    ) -> Analysis:
        """Centrality, blocs or brokers of the actor network in force on ``as_of``."""
        from pactgraph.ask.analysis import analyze

        return analyze(
            self.backend, analysis=analysis, as_of=as_of, obligation=obligation, graphs=self.graphs
        )

    def coverage(self, *, stale_before: dt.date | None = None) -> Coverage:
        """What the record covers, and the commitments whose latest source predates
        ``stale_before`` (default: two years before today), by agreement."""
        from pactgraph.ask.coverage import coverage

        return coverage(self.backend, stale_before=stale_before, graphs=self.graphs)

    def query(
        self,
        query: NamedQuery | str,
        params: Mapping[str, str] | None = None,
        *,
        today: dt.date | None = None,
    ) -> Answer:
        """A named query (see ``pactgraph.get_query``) or SPARQL text, parameters bound as data;
        text may use the project's prefixes (pg:, pgid:, rdfs:…) without declaring them, and the
        ids answers print (pgid:state/PRK) as they are printed."""
        from pactgraph.ask.queries import run
        from pactgraph.model.vocab import with_prefixes
        from pactgraph.store.sparqltext import escape_curie_slashes, refuse_dataset

        if isinstance(query, str):
            # The graphs chosen here override FROM: refused, never silently ignored. Checked on
            # the caller's text only: lexing every query the library writes cost a trace 20 ms.
            refuse_dataset(query)
        text = with_prefixes(escape_curie_slashes(query))[0] if isinstance(query, str) else query
        return run(text, params or {}, backend=self.backend, graphs=self.graphs, today=today)

    def view(
        self,
        output: Path,
        *,
        as_of: dt.date | None = None,
        focus: str | None = None,
        depth: int = 1,
        relations: Sequence[str] | None = None,
        title: str = "pactgraph",
        everything: bool = False,
        progress: Callable[[str], None] | None = None,
    ) -> ViewResult:
        """Write the network as one self-contained, offline HTML page. A large network opens
        on its best-linked actors (``ViewResult.note`` says so) unless ``everything``."""
        from pactgraph.views.html import write_view

        return write_view(
            self.backend,
            output=output,
            as_of=as_of,
            focus=focus,
            depth=depth,
            relations=relations,
            title=title,
            graphs=self.graphs,
            everything=everything,
            progress=progress,
        )
