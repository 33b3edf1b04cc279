"""Where queries run: the embedded Oxigraph store, an in-memory rdflib Dataset, or an endpoint.

Each backend takes finished SPARQL text (parameters already bound) and the named graphs whose union
is the default graph, and answers in :class:`~pactgraph.terms.Term` values, so that callers and
tests see the same answer from every backend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pactgraph.errors import UsageError
from pactgraph.model.terms import Term, from_oxigraph, from_rdflib


class QuerySyntaxError(UsageError):
    """The query does not parse; the message gives line and column where known."""


@dataclass(frozen=True)
class Solutions:
    """The answer to a SELECT query."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def dicts(self) -> list[dict[str, Term]]:
        return [
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]


Triples = tuple[tuple[Term, Term, Term], ...]
Answer = Solutions | bool | Triples


class Backend(Protocol):
    """Runs read-only SPARQL over the union of the given named graphs."""

    description: str

    def run(self, query: str, *, graphs: Sequence[str]) -> Answer: ...

    def graph_names(self) -> list[str]:
        """The named graphs the backend holds."""
        ...


class OxigraphBackend:
    """A pyoxigraph Store, on disk (opened read-only) or in memory."""

    def __init__(self, store: ox.Store, *, description: str, path: Path | None = None) -> None:
        self.store, self.description = store, description
        self.path = path  # the store's directory on disk: what is kept beside it lives there

    def graph_names(self) -> list[str]:
        import pyoxigraph as ox

        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def run(self, query: str, *, graphs: Sequence[str]) -> Answer:
        import pyoxigraph as ox

        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
            ox.NamedNode(g) for g in graphs
        ]
        try:
            result = self.store.query(query, default_graph=default)
        except SyntaxError as error:
            raise QuerySyntaxError(
                str(error).replace("error at ", "syntax error at line:column ")
            ) from None
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            rows = tuple(tuple(from_oxigraph(s[n]) for n in names) for s in result)
            return Solutions(names, rows)
        return tuple(
            make_triple(
                from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)
            )
            for t in result
        )


class RdflibBackend:
    """An rdflib Dataset in memory: slow at scale, but needs nothing but Python."""

    def __init__(self, graphs: dict[str, Any], *, description: str = "rdflib (in memory)") -> None:
        self.graphs, self.description = graphs, description
        self._unions: dict[tuple[str, ...], Any] = {}

    def graph_names(self) -> list[str]:
        return sorted(self.graphs)

    def _union(self, graphs: Sequence[str]) -> Any:
        from rdflib import Dataset, URIRef

        key = tuple(sorted(graphs))
        if key not in self._unions:
            union = Dataset(default_union=True)
            for graph_iri in key:
                if graph_iri in self.graphs:
                    union.graph(URIRef(graph_iri)).__iadd__(self.graphs[graph_iri])
            self._unions[key] = union
        return self._unions[key]

    def run(self, query: str, *, graphs: Sequence[str]) -> Answer:
        from pyparsing import ParseException

        union = self._union(graphs)
        try:
            result = union.query(query)
        except ParseException as error:
            raise QuerySyntaxError(
                f"syntax error at line:column {error.lineno}:{error.col}: {error.msg}"
            ) from None
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type == "SELECT":
            names = tuple(str(v) for v in result.vars or ())
            rows = tuple(tuple(from_rdflib(row[i]) for i in range(len(names))) for row in result)
            return Solutions(names, rows)
        return tuple(make_triple(*(from_rdflib(term) for term in t)) for t in result)


def make_triple(s: Term | None, p: Term | None, o: Term | None) -> tuple[Term, Term, Term]:
    if s is None or p is None or o is None:
        raise ValueError("a triple with an unbound term")
    return s, p, o


def select(
    backend: Backend, template: str, iris: Sequence[str], graphs: Sequence[str]
) -> list[dict[str, Term]]:
    """Rows of a SELECT whose ``%s`` (each of them) takes the IRIs, written as escaped terms."""
    if not iris:
        return []
    values = " ".join(Term.iri(iri).n3() for iri in sorted(set(iris)))
    answer = backend.run(template.replace("%s", values), graphs=graphs)
    assert isinstance(answer, Solutions)
    return answer.dicts()


def check_syntax(query: str) -> None:
    """Parse the query locally (an empty store answers at once) so errors never reach a server."""
    import pyoxigraph as ox

    try:
        ox.Store().query(query)
    except SyntaxError as error:
        raise QuerySyntaxError(
            str(error).replace("error at ", "syntax error at line:column ")
        ) from None
    except RuntimeError:
        pass  # parsed; a runtime-only complaint is the real backend's to make


def safe_url(url: str) -> str:
    """A URL with any user:password removed, for messages."""
    return re.sub(r"//[^/@]*@", "//", url)
