"""The OWL 2 RL rules compiled from the ontology's axioms about the materialised terms."""

from __future__ import annotations

import pytest
from rdflib import OWL, BNode, URIRef

from pactgraph.model import vocab
from pactgraph.model.ontology import load_ontology
from pactgraph.store.rules import RDF_TYPE, ReasoningError, reads, rules

PG = vocab.ONTOLOGY
DECLARED = {
    "pg:party": {"prp-inv"},
    "pg:partyTo": {"prp-inv"},
    "pg:makesCommitment": {"prp-inv"},
    "pg:basisOf": {"prp-inv"},
    "pg:committedTo": {"prp-spo2"},
    "pg:SecurityCommitment": {"cax-sco"},
    "pg:DefenseCommitment": {"cax-sco", "cls-int1"},
    "pg:ExtendedDeterrenceCommitment": {"cls-int1"},
    "pg:BindingDefenseCommitment": {"cls-int1"},
    "pg:DefensePact": {"cls-int1"},
    "pg:TreatyAlly": {"cls-int1"},
}


def test_rules_cover_exactly_the_declared_terms() -> None:
    found: dict[str, set[str]] = {}
    for rule in rules(load_ontology()):
        found.setdefault(rule.kind, set()).add(rule.name)
    assert found == DECLARED


def test_an_axiom_without_a_rule_is_refused() -> None:
    ontology = load_ontology()
    definition = BNode()
    ontology.add((URIRef(PG + "TreatyAlly"), OWL.equivalentClass, definition))
    ontology.add((definition, OWL.allValuesFrom, URIRef(PG + "State")))
    with pytest.raises(ReasoningError, match="no OWL 2 RL rule here"):
        rules(ontology)


def test_each_pattern_a_rule_reads_is_found_with_what_it_can_match() -> None:
    """What seeded reasoning relies on: every triple pattern of a body, with its subject
    variable, predicate and the objects it can match."""
    found = {rule.kind: reads(rule) for rule in rules(load_ontology())}
    assert found["pg:committedTo"] == [
        ("?s", PG + "makesCommitment", None),
        ("?v1", PG + "beneficiary", None),
    ]
    assert found["pg:basisOf"] == [("?o", PG + "basis", None)]
    ally = found["pg:TreatyAlly"]
    assert ("?s_f", RDF_TYPE, frozenset({PG + "BindingDefenseCommitment"})) in ally
    assert ("?s", RDF_TYPE, frozenset({PG + "State"})) in ally
    assert ("?s", PG + "makesCommitment", None) in ally
    for rule in rules(load_ontology()):
        patterns = rule.where.count(" a ") + rule.where.count("> ?") + rule.where.count("> <")
        assert len(reads(rule)) == patterns, rule
