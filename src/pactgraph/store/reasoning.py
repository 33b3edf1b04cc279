"""OWL 2 RL inferences, kept in their own named graph (``pgid:graph/inferred``).

:func:`materialise` runs the rules the ontology calls for (:mod:`pactgraph.store.rules`) to a
fixpoint (semi-naively) in the Oxigraph store while it is being built, adding what is new;
:func:`materialise_change` infers only what one changed graph adds. Measured against owlrl and
reasonable (README, "Reasoning"): owlrl takes seconds on the curated graph and minutes at scale;
reasonable is fast but knows no property chains. A test checks that owlrl derives exactly the
same triples of the declared kinds (:func:`reference_inferences`).
"""

from __future__ import annotations

import json
import time
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
_SEEDS_AT_MOST = 5_000  # seeds for one variable: beyond, one scan beats a VALUES join
_LOOKUPS_AT_MOST = 4_000  # conclusions checked one by one: beyond, one scan of what is held


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


def _select(rule: Rule, seeds: tuple[str, list[Any]] | None = None) -> str:
    """The rule as a SELECT; with ``seeds`` (a variable, and IRIs), only from those nodes."""
    variables = "?s ?o" if "?o" in rule.conclusion else "?s"
    values = ""
    if seeds is not None:
        # In a subquery: Oxigraph joins a long VALUES block in place by nested loops (5 s for
        # 2,000 nodes), a subquery's by hash (0.4 s).
        var, nodes = seeds
        listed = " ".join(str(node) for node in nodes)
        values = f"{{ SELECT {var} WHERE {{ VALUES {var} {{ {listed} }} }} }} "
    return f"SELECT DISTINCT {variables} WHERE {{ {values}{rule.where} . FILTER(isIRI(?s)) }}"


Seeds = dict[str, dict[str, set[Any]]]  # predicate → object → the subjects of such triples


def _seeds(triples: list[Any]) -> Seeds:
    found: Seeds = {}
    for t in triples:
        by_object = found.setdefault(t.predicate.value, {})
        by_object.setdefault(t.object.value, set()).add(t.subject)
    return found


def _queries(rule: Rule, seeds: Seeds | None, *, seeded: bool) -> list[str]:
    """The queries that find what a rule concludes from the triples ``seeds`` indexes; every
    conclusion when there are no seeds (a first round).

    A conclusion that rests on one of those triples has it match a pattern of the rule's body,
    whose subject variable is then that triple's subject: so running the rule once per variable,
    from the subjects such triples give it, finds every such conclusion (and some old ones,
    which :func:`_unknown` drops). Semi-naive evaluation, seeded by node. Not ``seeded``, a rule
    that reads such triples runs whole: in a build from nothing, where each round adds tens of
    thousands of triples, that is quicker (14 s rather than 17 with ATOP and SIPRI).
    """
    if seeds is None:
        return [_select(rule)]
    import pyoxigraph as ox

    by_var: dict[str, set[Any]] = {}
    for var, predicate, objects in reads(rule):
        by_object = seeds.get(predicate, {})
        wanted = by_var.setdefault(var, set())
        for obj in by_object if objects is None else objects & by_object.keys():
            wanted.update(by_object[obj])
    by_var = {var: nodes for var, nodes in by_var.items() if nodes}
    if not seeded:
        return [_select(rule)] if by_var else []
    for nodes in by_var.values():
        # VALUES cannot name a blank node, and past a point one scan beats a join.
        if len(nodes) > _SEEDS_AT_MOST or any(isinstance(n, ox.BlankNode) for n in nodes):
            return [_select(rule)]
    return [_select(rule, (var, sorted(nodes, key=str))) for var, nodes in by_var.items()]


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
    delta: list[Any] | None = None
    if changed is not None:
        delta = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(changed))]
        _drop_restated(store, plans, delta, inferred)
    # Each rule is a SELECT and what is new is added from Python: as SPARQL UPDATEs with FILTER
    # NOT EXISTS the same rules took 30 s on an ATOP + SIPRI store.
    rounds, every = 0, []
    while rounds < _MAX_ROUNDS and (delta is None or delta):
        rounds += 1
        seeds = None if delta is None else _seeds(delta)
        added: list[Any] = []
        for rule in plans:
            for query in _queries(rule, seeds, seeded=changed is not None):
                solutions = (
                    store.query(query, use_default_graph_as_union=True)
                    if union
                    else store.query(query, default_graph=default)
                )
                assert isinstance(solutions, ox.QuerySolutions)  # every rule is a SELECT
                new = _unknown(store, rule, solutions)
                store.extend([ox.Quad(t.subject, t.predicate, t.object, inferred) for t in new])
                added.extend(new)
        delta = added
        if changed is not None:
            every.extend(added)
    took = time.perf_counter() - started
    return Inference(count_inferences(store), ENGINE, took, rounds), every


def _drop_restated(store: ox.Store, plans: list[Rule], triples: list[Any], inferred: Any) -> None:
    """Take out of the inferred graph what ``triples`` now assert."""
    import pyoxigraph as ox

    products = {_product(rule) for rule in plans}
    for t in triples:
        if t.predicate.value in products or (
            t.predicate.value == RDF_TYPE and t.object.value in products
        ):
            store.remove(ox.Quad(t.subject, t.predicate, t.object, inferred))


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
