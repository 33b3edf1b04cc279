"""Where queries run: the embedded Oxigraph store, an in-memory rdflib Dataset, or an endpoint.

Each backend takes finished SPARQL text (parameters already bound) and the named graphs whose union
is the default graph, and answers in :class:`~pactgraph.terms.Term` values, so that callers and
tests see the same answer from every backend.

Every backend bounds each query by a deadline (``timeout`` seconds: DEFAULT_TIMEOUT for the
store and endpoints, none for the rdflib backend unless given) and refuses federated queries
(SERVICE) before anything runs, unless built with ``allow_service=True``. pyoxigraph evaluates
a query in Rust without returning to Python, so neither a deadline nor Ctrl-C could stop it in
the calling thread: the query runs in a worker thread while the calling thread waits, a quarter
of a second at a time, for the answer, the deadline or an interrupt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox

import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pactgraph.errors import EndpointError, UsageError
from pactgraph.model.terms import Term, from_oxigraph, from_rdflib
from pactgraph.store.sparqltext import refuse_from, refuse_service

DEFAULT_TIMEOUT = 120.0  # seconds; the command line's --timeout and PACTGRAPH_TIMEOUT change it
_POLL = 0.25  # how often a waiting caller looks at the clock (and lets Ctrl-C in)
_CHECK_ROWS = 4096  # a streaming answer looks for cancellation every so many rows
T = TypeVar("T")


class QuerySyntaxError(UsageError):
    """The query does not parse; the message gives line and column where known."""


class DeadlineError(EndpointError):
    """A query ran past its deadline and was stopped (exit 3, as the store or endpoint failing)."""


class _CancelledError(Exception):
    """Raised in a worker whose caller has stopped waiting."""


def within_deadline(work: Callable[[threading.Event], T], *, timeout: float | None, what: str) -> T:
    """``work(cancel)`` in a worker thread, its answer or error; DeadlineError past ``timeout``.

    The caller's thread waits in short steps, so Ctrl-C (KeyboardInterrupt) reaches it at once
    even while the worker is inside Rust. On a deadline or an interrupt ``cancel`` is set: work
    that streams rows stops at the next check; work inside one Rust call (an aggregate, a sort)
    finishes in the background, its answer dropped — the command line exits at once anyway.
    """
    cancel = threading.Event()
    outcome: list[tuple[bool, Any]] = []

    def target() -> None:
        try:
            outcome.append((True, work(cancel)))
        except BaseException as error:  # handed to the waiting thread, raised there
            # pyoxigraph's answers may only be freed by the thread that made them: free what the
            # worker's frames hold here, keeping the traceback's lines for --debug.
            import traceback

            seen: BaseException | None = error
            while seen is not None:
                if seen.__traceback__ is not None:
                    traceback.clear_frames(seen.__traceback__)
                seen = seen.__cause__ or seen.__context__
            outcome.append((False, error))

    worker = threading.Thread(target=target, name="pactgraph-query", daemon=True)
    started = time.monotonic()
    worker.start()
    try:
        while worker.is_alive():
            left = _POLL if timeout is None else min(_POLL, started + timeout - time.monotonic())
            if left <= 0:
                break
            worker.join(left)
    except BaseException:
        cancel.set()
        raise
    if worker.is_alive() or not outcome:
        cancel.set()
        raise DeadlineError(
            f"{what} was stopped at its deadline of {timeout:g} s "
            "(a longer one: --timeout SECONDS or PACTGRAPH_TIMEOUT)"
        )
    ok, value = outcome[0]
    if ok:
        return value  # type: ignore[no-any-return]
    raise value


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


Recover = Callable[[BaseException], "tuple[Any, str] | None"]


class OxigraphBackend:
    """A pyoxigraph Store, on disk (opened read-only) or in memory.

    ``recover``, given the error of a failed or stopped query, may hand back a new store and
    description (a damaged store rebuilt): the query then runs once more on it.
    """

    def __init__(
        self,
        store: ox.Store,
        *,
        description: str,
        timeout: float | None = DEFAULT_TIMEOUT,
        allow_service: bool = False,
        recover: Recover | None = None,
        path: Path | None = None,
    ) -> None:
        self.store, self.description = store, description
        self.timeout, self.allow_service = timeout, allow_service
        self._recover = recover
        self.path = path  # the store's directory on disk: what is kept beside it lives there

    def graph_names(self) -> list[str]:
        import pyoxigraph as ox

        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def run(self, query: str, *, graphs: Sequence[str]) -> Answer:
        if not self.allow_service:
            refuse_service(query)
        try:
            return self._run(query, graphs)
        except (StoreError, DeadlineError) as error:
            fresh = self._recover(error) if self._recover else None
            if fresh is None:
                raise
            self.store, self.description = fresh
            self._recover = None  # once: a store that fails again is reported
            return self._run(query, graphs)

    def _run(self, query: str, graphs: Sequence[str]) -> Answer:
        return within_deadline(
            lambda cancel: self._evaluate(query, graphs, cancel),
            timeout=self.timeout,
            what=f"the query on the {self.description}",
        )

    def _query(self, query: str, graphs: Sequence[str]) -> Any:
        """The store's answer, over the union of ``graphs``.

        When those are all the store holds, Oxigraph is asked for its union default graph: it
        then reads each pattern from one index rather than once per listed graph, and answers
        the same (both keep a triple stated in two graphs twice), 2-20 times faster on a store
        with imports.
        """
        import pyoxigraph as ox

        held = {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}
        if set(graphs) == held and not self._default_graph_used():
            return self.store.query(query, use_default_graph_as_union=True)
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
            ox.NamedNode(g) for g in graphs
        ]
        return self.store.query(query, default_graph=default)

    def _default_graph_used(self) -> bool:
        import pyoxigraph as ox

        quads = self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        return next(iter(quads), None) is not None

    def _evaluate(self, query: str, graphs: Sequence[str], cancel: threading.Event) -> Answer:
        import pyoxigraph as ox

        try:
            result = self._query(query, graphs)
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            if isinstance(result, ox.QuerySolutions):
                names = tuple(v.value for v in result.variables)
                rows = tuple(
                    tuple(from_oxigraph(s[n]) for n in names) for s in _watched(result, cancel)
                )
                return Solutions(names, rows)
            return tuple(
                make_triple(
                    from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)
                )
                for t in _watched(result, cancel)
            )
        except SyntaxError as error:
            raise QuerySyntaxError(
                str(error).replace("error at ", "syntax error at line:column ")
            ) from None
        except (OSError, RuntimeError) as error:
            first = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise StoreError(f"the {self.description} failed to answer: {first}", error) from None


class StoreError(EndpointError):
    """The store failed to answer or open (a damaged file, a vanished directory): exit 3."""

    def __init__(self, message: str, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.cause = cause


def _watched(rows: Any, cancel: threading.Event) -> Any:
    """The rows of a streaming answer, stopping once nobody waits for them."""
    for count, row in enumerate(rows):
        if count % _CHECK_ROWS == 0 and cancel.is_set():
            raise _CancelledError
        yield row


class RdflibBackend:
    """An rdflib Dataset in memory: slow at scale, but needs nothing but Python.

    Only the Python API uses it, so it has no deadline unless given one: rdflib's join order
    makes some questions take minutes where Oxigraph takes milliseconds (DESIGN §5).
    """

    def __init__(
        self,
        graphs: dict[str, Any],
        *,
        description: str = "rdflib (in memory)",
        timeout: float | None = None,
        allow_service: bool = False,
    ) -> None:
        self.graphs, self.description = graphs, description
        self.timeout, self.allow_service = timeout, allow_service
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
        if not self.allow_service:
            refuse_service(query)
            refuse_from(query)  # rdflib would fetch FROM graphs over the network
        union = self._union(graphs)
        return within_deadline(
            lambda cancel: self._evaluate(union, query, cancel),
            timeout=self.timeout,
            what=f"the query on {self.description}",
        )

    def _evaluate(self, union: Any, query: str, cancel: threading.Event) -> Answer:
        from pyparsing import ParseException

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
            rows = tuple(
                tuple(from_rdflib(row[i]) for i in range(len(names)))
                for row in _watched(result, cancel)
            )
            return Solutions(names, rows)
        return tuple(
            make_triple(*(from_rdflib(term) for term in t)) for t in _watched(result, cancel)
        )


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
    """Parse the query locally (an empty store answers at once) so errors never reach a server.

    A federated query is left to the server: evaluating it here would call its SERVICE.
    """
    import pyoxigraph as ox

    from pactgraph.store.sparqltext import service_targets

    if service_targets(query):
        return
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
