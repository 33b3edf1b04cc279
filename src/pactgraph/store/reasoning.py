"""OWL 2 RL inferences, kept in their own named graph (``pgid:graph/inferred``).

:func:`materialise` runs the rules the ontology calls for (:mod:`pactgraph.store.rules`) to a
fixpoint in the Oxigraph store while it is being built, adding what is new;
:func:`materialise_change` infers only what one changed graph adds (semi-naively, by graph).
Measured against owlrl and reasonable (README, "Reasoning"): owlrl takes seconds on the curated
graph and minutes at scale; reasonable is fast but knows no property chains. A test checks that
owlrl derives exactly the same triples of the declared kinds (:func:`reference_inferences`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pactgraph.model import vocab
from pactgraph.store.rules import (
    RDF_TYPE,
    ReasoningError,
    Rule,
    materialised_terms,
    reads,
    rules,
)

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

ENGINE = "OWL 2 RL rules for the declared axioms, as SPARQL queries in Oxigraph"
_SUMMARY = "INFERENCE.json"  # beside the store's data: what the build inferred, and how fast
_MAX_ROUNDS = 20  # the declared axioms reach their fixpoint in a handful of rounds
_LOOKUPS_AT_MOST = 4_000  # conclusions checked one by one: beyond, one scan of what is held
# A change's new inferences, while they are reasoned over.
_SCRATCH = "urn:x-pactgraph:reasoning-delta"


@dataclass(frozen=True)
class Inference:
    """What a materialisation inferred: triples per kind, the engine, and the time it took."""

    counts: tuple[tuple[str, int], ...]
    engine: str
    seconds: float
    rounds: int

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    def summary(self) -> str:
        kinds = ", ".join(f"{n} {kind}" for kind, n in self.counts) or "nothing"
        return (
            f"inferred {self.total} triples in {self.seconds:.2f} s "
            f"({self.rounds} rounds; {self.engine}): {kinds}"
        )

    def save(self, directory: Path) -> None:
        record = {"counts": dict(self.counts), "engine": self.engine, "seconds": self.seconds}
        record["rounds"] = self.rounds
        (directory / _SUMMARY).write_text(json.dumps(record, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> Inference | None:
        try:
            record = json.loads((directory / _SUMMARY).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        counts = tuple(sorted(record["counts"].items()))
        return cls(counts, str(record["engine"]), float(record["seconds"]), int(record["rounds"]))


def _select(rule: Rule) -> str:
    """The rule as a SELECT of every conclusion."""
    variables = "?s ?o" if "?o" in rule.conclusion else "?s"
    return f"SELECT DISTINCT {variables} WHERE {{ {rule.where} . FILTER(isIRI(?s)) }}"


def _delta_queries(rule: Rule, graph: str) -> list[str]:
    """The rule once per conjunct of its body, that conjunct read from ``graph`` (the new
    triples) and put first, since Oxigraph mostly joins in the order written.

    A conclusion that rests on a new triple has it match one conjunct: so these queries find
    every new conclusion (and some old ones, which :func:`_unknown` drops). Semi-naive
    evaluation, by graph. Seeding the rules by node with VALUES instead fell back to whole
    rules for a curated graph of 190,000 triples: 26 s of a rebuild with ATOP and SIPRI.
    """
    variables = "?s ?o" if "?o" in rule.conclusion else "?s"
    parts = rule.where.split(" . ")
    found = []
    for n, part in enumerate(parts):
        body = " . ".join([f"GRAPH <{graph}> {{ {part} }}", *parts[:n], *parts[n + 1 :]])
        found.append(f"SELECT DISTINCT {variables} WHERE {{ {body} . FILTER(isIRI(?s)) }}")
    return found


def _reading(plans: list[Rule], delta: list[Any]) -> list[Rule]:
    """The rules with a pattern that one of ``delta``'s triples matches: a build from nothing
    runs them whole again, which is quicker there than per pattern (each round adds tens of
    thousands of triples everywhere)."""
    held = {(t.predicate.value, t.object.value) for t in delta}
    predicates = {p for p, _ in held}
    return [
        rule
        for rule in plans
        if any(
            p in predicates if objects is None else any((p, o) in held for o in objects)
            for _, p, objects in reads(rule)
        )
    ]


def _product(rule: Rule) -> str:
    """The property, or for a class membership the class, a rule derives."""
    _, predicate, obj = rule.conclusion.split(" ", 2)
    return (obj if predicate == "a" else predicate).strip("<>")


def _unknown(store: ox.Store, rule: Rule, solutions: Any) -> list[Any]:
    """The triples a rule's solutions conclude that the store does not hold yet.

    Many solutions (hundreds of thousands in a round with imports) are compared against what
    the store holds of the rule's product, read in one index scan: one lookup per solution took
    two thirds of the reasoning time. A few are looked up one by one.
    """
    import pyoxigraph as ox

    _, predicate, obj = rule.conclusion.split(" ", 2)
    prop = ox.NamedNode(RDF_TYPE if predicate == "a" else predicate.strip("<>"))
    value = ox.NamedNode(obj.strip("<>")) if obj != "?o" else None
    found = {(row["s"], value or row["o"]) for row in solutions}
    if len(found) <= _LOOKUPS_AT_MOST:
        return [
            ox.Triple(s, prop, o)
            for s, o in found
            if next(iter(store.quads_for_pattern(s, prop, o)), None) is None
        ]
    if predicate == "a":
        typed = {q.subject for q in store.quads_for_pattern(None, prop, value)}
        return [ox.Triple(s, prop, o) for s, o in found if s not in typed]
    held = {(q.subject, q.object) for q in store.quads_for_pattern(None, prop, value)}
    return [ox.Triple(s, prop, o) for s, o in found - held]


def materialise(store: ox.Store) -> Inference:
    """Write the inferences of every graph in a writable pyoxigraph Store to the inferred graph.

    Only triples not already asserted are written, so the inferred graph can be left out of a
    query without losing anything and added without duplicating anything.
    """
    return _materialise(store, changed=None)[0]


def materialise_change(store: ox.Store, *, changed: str) -> tuple[Inference, list[Any]]:
    """What the graph ``changed`` adds to a store whose inferred graph holds what every other
    graph implies (a base's, see :mod:`pactgraph.store.base`): the summary, and the new triples.

    Inferred from the changed graph's triples, then from each round's new ones. Conclusions the
    changed graph now asserts are dropped from the inferred graph, so the result is what a build
    from nothing makes (a test compares them).
    """
    return _materialise(store, changed=changed)


def _materialise(store: ox.Store, *, changed: str | None) -> tuple[Inference, list[Any]]:
    import pyoxigraph as ox

    started = time.perf_counter()
    inferred = ox.NamedNode(vocab.GRAPH_INFERRED)
    if changed is None and store.contains_named_graph(inferred):
        store.remove_graph(inferred)
    graphs = sorted(g.value for g in store.named_graphs() if g != inferred)
    default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
        *(ox.NamedNode(g) for g in graphs),
        inferred,
    ]
    # These are all the store's graphs: when its default graph is empty, as a build leaves it,
    # Oxigraph's union default graph reads each pattern from one index rather than once per
    # graph (12 s rather than 29 with ATOP and SIPRI).
    union = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None
    plans = rules(_ontology_of(store))

    def infer(query: str, rule: Rule) -> list[Any]:
        """What the query concludes that is new, added to the inferred graph."""
        solutions = (
            store.query(query, use_default_graph_as_union=True)
            if union
            else store.query(query, default_graph=default)
        )
        new = _unknown(store, rule, solutions)
        store.extend([ox.Quad(t.subject, t.predicate, t.object, inferred) for t in new])
        return new

    # Each rule is a SELECT and what is new is added from Python: as SPARQL UPDATEs with FILTER
    # NOT EXISTS the same rules took 30 s on an ATOP + SIPRI store.
    every: list[Any] = []
    if changed is None:
        rounds = _whole_rounds(plans, infer)
    else:
        _drop_restated(store, plans, ox.NamedNode(changed), inferred)
        rounds, every = _change_rounds(store, plans, infer, changed=changed)
    took = time.perf_counter() - started
    return Inference(count_inferences(store), ENGINE, took, rounds), every


Infer = Callable[[str, Rule], list[Any]]  # a query of a rule → what it adds that is new


def _whole_rounds(plans: list[Rule], infer: Infer) -> int:
    """Whole rules, again while a round adds what they read: the rounds it took."""
    rounds, delta = 0, None
    while rounds < _MAX_ROUNDS and (delta is None or delta):
        rounds += 1
        again = plans if delta is None else _reading(plans, delta)
        delta = [t for rule in again for t in infer(_select(rule), rule)]
    return rounds


def _change_rounds(
    store: ox.Store, plans: list[Rule], infer: Infer, *, changed: str
) -> tuple[int, list[Any]]:
    """Rounds from one graph's triples, then from each round's new ones (kept in a scratch
    graph while they are read): the rounds it took and every triple added."""
    import pyoxigraph as ox

    scratch = ox.NamedNode(_SCRATCH)
    every: list[Any] = []
    delta: list[Any] = []
    rounds, source = 0, changed
    try:
        while rounds < _MAX_ROUNDS and (rounds == 0 or delta):
            if rounds:
                if store.contains_named_graph(scratch):
                    store.remove_graph(scratch)
                store.extend([ox.Quad(t.subject, t.predicate, t.object, scratch) for t in delta])
                source = _SCRATCH
            rounds += 1
            delta = [
                t for rule in plans for query in _delta_queries(rule, source)
                for t in infer(query, rule)
            ]  # fmt: skip
            every.extend(delta)
    finally:
        if store.contains_named_graph(scratch):
            store.remove_graph(scratch)
    return rounds, every


def _drop_restated(store: ox.Store, plans: list[Rule], changed: Any, inferred: Any) -> None:
    """Take out of the inferred graph what the graph ``changed`` now asserts."""
    import pyoxigraph as ox

    kind = ox.NamedNode(RDF_TYPE)
    for product in sorted({_product(rule) for rule in plans}):
        term = ox.NamedNode(product)
        asserted = [
            *store.quads_for_pattern(None, term, None, changed),
            *store.quads_for_pattern(None, kind, term, changed),
        ]
        for quad in asserted:
            store.remove(ox.Quad(quad.subject, quad.predicate, quad.object, inferred))


def _ontology_of(store: ox.Store) -> Graph:
    import pyoxigraph as ox
    from rdflib import Graph

    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(vocab.GRAPH_ONTOLOGY))
    return Graph().parse(data=data, format="nt")


def count_inferences(store: ox.Store) -> tuple[tuple[str, int], ...]:
    query = (
        f"SELECT ?p ?c (COUNT(*) AS ?n) WHERE {{ GRAPH <{vocab.GRAPH_INFERRED}> {{ ?s ?p ?o }} "
        f"BIND(IF(?p = <{RDF_TYPE}>, ?o, ?p) AS ?c) }} GROUP BY ?p ?c"
    )
    import pyoxigraph as ox

    rows = store.query(query)
    assert isinstance(rows, ox.QuerySolutions)
    return tuple(sorted((vocab.compact(row["c"].value), int(row["n"].value)) for row in rows))


def inferred_graph(store: ox.Store) -> Graph:
    """The inferred graph of a store (read-only or not), as an rdflib Graph."""
    import pyoxigraph as ox
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in vocab.PREFIXES.items():
        graph.bind(prefix, namespace)
    inferred = ox.NamedNode(vocab.GRAPH_INFERRED)
    if store.contains_named_graph(inferred):
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=inferred)
        graph.parse(data=data, format="nt")
    return graph


def reference_inferences(graph: Graph, *, engine: str = "owlrl") -> Graph:
    """What a full OWL 2 RL engine infers from ``graph`` (ontology and data), declared kinds only.

    The reference the rules are checked against, and what the benchmark times. Filtering to the
    materialised terms also drops owlrl's noise (owl:sameAs self-links, triples about literals,
    owl:Thing typing, the schema closure).
    """
    from rdflib import RDF, Graph, URIRef

    classes, properties = materialised_terms(graph)
    closed = Graph()
    if engine == "owlrl":
        import owlrl

        closed += graph
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    elif engine == "reasonable":
        import reasonable

        reasoner = reasonable.PyReasoner()
        reasoner.from_graph(graph)
        for triple in reasoner.reason():
            closed.add(triple)
    else:
        raise ReasoningError(f"unknown engine '{engine}' (choose from owlrl, reasonable)")
    found = Graph()
    for s, p, o in closed:
        wanted = p in properties or (p == RDF.type and o in classes)
        if wanted and isinstance(s, URIRef) and (s, p, o) not in graph:
            found.add((s, p, o))
    return found
