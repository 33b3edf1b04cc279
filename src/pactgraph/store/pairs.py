"""Pairs: the (subject, object) values of one predicate, the one shape the network is read in.

:mod:`pactgraph.store.snapshot` reads a store through a :data:`Pairs` function: one index scan
per predicate. With ATOP and SIPRI imported those scans return 600,000 rows and take 8 s, nearly
all of them from the imported graphs, which a curated edit does not change. So a base
(:mod:`pactgraph.store.base`) keeps what its scans returned (:class:`Recorder`), and a store
rebuilt from it replays them, adding only what the curated graph and the new inferences hold
(:func:`replayed`). Scans replayed are the same scans run again: a test compares the two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pactgraph.store.backends import Backend

# (subject, object) pairs of one predicate (and object, if given) over the selected graphs,
# objects as lexical values; an optional subject restricts the scan to that node.
Pairs = Callable[[str, str | None, str | None], Iterable[tuple[str, str]]]
Scans = dict[tuple[str, str | None], list[tuple[str, str]]]


def _pattern(predicate: str, value: str | None, subject: str | None) -> str:
    s = f"<{subject}>" if subject else "?s"
    o = f"<{value}>" if value else "?o"
    bind = f" BIND(<{subject}> AS ?s)" if subject else ""
    bind += f" BIND(<{value}> AS ?o)" if value else ""
    return f"SELECT ?s ?o WHERE {{ {s} <{predicate}> {o} .{bind} }}"


def oxigraph_pairs(store: Any, graphs: Sequence[str]) -> Pairs:
    """Pairs from a pyoxigraph Store: one single-pattern query (an index scan) per predicate."""
    import pyoxigraph as ox

    named = [ox.NamedNode(g) for g in graphs]

    def pairs(predicate: str, value: str | None, subject: str | None) -> Iterable[tuple[str, str]]:
        query = _pattern(predicate, value, subject)
        for row in store.query(query, default_graph=named):
            yield row[0].value, row[1].value

    return pairs


def backend_pairs(backend: Backend, graphs: Sequence[str]) -> Pairs:
    """Pairs from any backend (an endpoint, rdflib), through the same single-pattern queries."""
    from pactgraph.store.backends import Solutions

    def pairs(predicate: str, value: str | None, subject: str | None) -> Iterable[tuple[str, str]]:
        answer = backend.run(_pattern(predicate, value, subject), graphs=graphs)
        assert isinstance(answer, Solutions)
        for s, o in answer.rows:
            if s is not None and o is not None:
                yield s.value, o.value

    return pairs


def triple_pairs(triples: Iterable[Any]) -> Pairs:
    """Pairs from a few pyoxigraph Triples held in memory (a build's new inferences)."""
    by_predicate: dict[str, list[tuple[str, str]]] = {}
    for triple in triples:
        pair = (triple.subject.value, triple.object.value)
        by_predicate.setdefault(triple.predicate.value, []).append(pair)

    def pairs(predicate: str, value: str | None, subject: str | None) -> Iterable[tuple[str, str]]:
        return [
            (s, o)
            for s, o in by_predicate.get(predicate, ())
            if (value is None or o == value) and (subject is None or s == subject)
        ]

    return pairs


class Recorder:
    """Pairs that keep what every whole-predicate scan returned, to be saved with :meth:`save`."""

    def __init__(self, pairs: Pairs) -> None:
        self.pairs = pairs
        self.scans: Scans = {}

    def __call__(
        self, predicate: str, value: str | None, subject: str | None
    ) -> Iterable[tuple[str, str]]:
        found = list(self.pairs(predicate, value, subject))
        if subject is None:  # scans of one node are index lookups: quick, and not kept
            self.scans[(predicate, value)] = found
        return found

    def save(self, path: Path) -> None:
        import pickle

        partial = path.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(self.scans, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(path)


def load_scans(path: Path) -> Scans | None:
    import pickle

    try:
        with path.open("rb") as stream:
            found = pickle.load(stream)
    except (OSError, pickle.UnpicklingError, EOFError):
        return None
    return found if isinstance(found, dict) else None


def replayed(scans: Scans, *, added: Pairs, everything: Pairs) -> Pairs:
    """Pairs of a store made of a base and additions: a whole-predicate scan is what the base's
    scan returned plus what ``added`` holds; anything else (one node's values, or a scan the
    base never ran) is read from ``everything``. Pairs may repeat, as they do in a scan over
    several graphs that state the same triple."""

    def pairs(predicate: str, value: str | None, subject: str | None) -> Iterable[tuple[str, str]]:
        kept = scans.get((predicate, value)) if subject is None else None
        if kept is None:
            return everything(predicate, value, subject)
        return chain(kept, added(predicate, value, None))

    return pairs


def joined(*sources: Pairs) -> Pairs:
    """The pairs of several sources, one after the other."""

    def pairs(predicate: str, value: str | None, subject: str | None) -> Iterable[tuple[str, str]]:
        return chain.from_iterable(source(predicate, value, subject) for source in sources)

    return pairs
