"""The OWL 2 RL rules the ontology calls for, as SPARQL patterns.

The ontology says what is worth inferring: classes and properties annotated ``pg:materialised
true``. For those terms, and only those, :func:`rules` compiles the OWL 2 RL rules that their
axioms call for (prp-inv, prp-spo1, prp-spo2, cax-sco, cls-int1 with cls-hv2 and cls-svf1) into
SPARQL group patterns; :mod:`pactgraph.store.reasoning` runs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pactgraph.errors import UsageError
from pactgraph.model import vocab

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class ReasoningError(UsageError):
    """The ontology marks a term as materialised but uses an axiom the rules do not cover."""


@dataclass(frozen=True)
class Rule:
    """One OWL 2 RL rule instance: what it concludes, from which pattern."""

    kind: str  # the materialised term, as a CURIE: "pg:partyTo", "pg:DefensePact"
    name: str  # the OWL 2 RL rule, e.g. "prp-inv1"
    conclusion: str  # a triple pattern over ?s and ?o
    where: str  # a SPARQL group pattern binding ?s (and ?o)


def materialised_terms(ontology: Graph) -> tuple[list[Node], list[Node]]:
    """The classes and the properties the ontology marks ``pg:materialised true``."""
    from rdflib import OWL, RDF, Literal, URIRef

    marked = sorted(ontology.subjects(URIRef(vocab.term("materialised")), Literal(True)), key=str)
    classes = [t for t in marked if (t, RDF.type, OWL.Class) in ontology]
    return classes, [t for t in marked if t not in classes]


def rules(ontology: Graph) -> list[Rule]:
    """The OWL 2 RL rules that derive the materialised terms from the axioms about them."""
    from rdflib import OWL, RDFS

    classes, properties = materialised_terms(ontology)
    found: list[Rule] = []
    for prop in properties:
        kind, head = vocab.compact(str(prop)), f"?s <{prop}> ?o"
        for inverse in {
            *ontology.objects(prop, OWL.inverseOf),
            *ontology.subjects(OWL.inverseOf, prop),
        }:
            found.append(Rule(kind, "prp-inv", head, f"?o <{inverse}> ?s"))
        for sub in ontology.subjects(RDFS.subPropertyOf, prop):
            found.append(Rule(kind, "prp-spo1", head, f"?s <{sub}> ?o"))
        for chain in ontology.objects(prop, OWL.propertyChainAxiom):
            links = list(ontology.items(chain))
            hops = ["?s", *(f"?v{i}" for i in range(1, len(links))), "?o"]
            steps = " . ".join(
                f"{a} <{p}> {b}" for a, p, b in zip(hops, links, hops[1:], strict=False)
            )
            found.append(Rule(kind, "prp-spo2", head, steps))
    for cls in classes:
        kind, head = vocab.compact(str(cls)), f"?s a <{cls}>"
        for sub in ontology.subjects(RDFS.subClassOf, cls):
            found.append(Rule(kind, "cax-sco", head, _membership(ontology, sub)))
        for definition in ontology.objects(cls, OWL.equivalentClass):
            found.append(Rule(kind, "cls-int1", head, _membership(ontology, definition)))
    return found


def _membership(ontology: Graph, expression: Node, var: str = "?s", *, bound: bool = False) -> str:
    """A SPARQL pattern true of the members of a class expression (OWL 2 RL, left-hand side).

    ``bound`` says an earlier pattern binds ``var``: class tests then check that node only.
    Written so because Oxigraph mostly joins in the order written, and a VALUES or path at the
    wrong place made every rule scan every typed node of an imported store (seconds per rule).
    """
    from rdflib import OWL, RDFS, BNode

    if not isinstance(expression, BNode):  # a named class, or any of its subclasses (cax-sco)
        classes = sorted(
            (c for c in ontology.transitive_subjects(RDFS.subClassOf, expression)
             if not isinstance(c, BNode)),
            key=str,
        )  # fmt: skip
        if len(classes) == 1:
            return f"{var} a <{classes[0]}>"
        if bound:
            listed = ", ".join(f"<{c}>" for c in classes)
            return f"{var} a {var}_class FILTER({var}_class IN ({listed}))"
        return " UNION ".join(f"{{ {var} a <{c}> }}" for c in classes)
    intersection = ontology.value(expression, OWL.intersectionOf)
    if intersection is not None:
        # Restrictions first: "has obligation type defence" narrows far more than "is a
        # Commitment".
        members = sorted(ontology.items(intersection), key=lambda m: not isinstance(m, BNode))
        parts = [
            _membership(ontology, member, var, bound=bound or n > 0)
            for n, member in enumerate(members)
        ]
        return " . ".join(parts)
    prop = ontology.value(expression, OWL.onProperty)
    value = ontology.value(expression, OWL.hasValue)
    if prop is not None and value is not None:  # cls-hv2
        return f"{var} <{prop}> <{value}>"
    filler = ontology.value(expression, OWL.someValuesFrom)
    if prop is not None and filler is not None:  # cls-svf1
        inner = _membership(ontology, filler, f"{var}_f", bound=True)
        return f"{var} <{prop}> {var}_f . {inner}"
    raise ReasoningError(f"no OWL 2 RL rule here for the class expression {expression!r}")


Read = tuple[str, str, frozenset[str] | None]  # subject variable, predicate, objects (None: any)
_CLASS_TEST = re.compile(r"(\?\w+) a (\?\w+) FILTER\(\2 IN \(([^)]*)\)\)")
_TRIPLE = re.compile(r"(\?\w+) (a|<[^>]+>) (<[^>]+>|\?\w+)")


def reads(rule: Rule) -> list[Read]:
    """Each triple pattern of a rule's body: its subject variable, predicate and the objects it
    can match (the classes of a class test, an IRI it names; None for a variable)."""
    found: list[Read] = []
    for var, _, listed in _CLASS_TEST.findall(rule.where):
        found.append((var, RDF_TYPE, frozenset(re.findall(r"<([^>]+)>", listed))))
    for var, predicate, obj in _TRIPLE.findall(_CLASS_TEST.sub("", rule.where)):
        objects = frozenset([obj.strip("<>")]) if obj.startswith("<") else None
        found.append((var, RDF_TYPE if predicate == "a" else predicate.strip("<>"), objects))
    return found
