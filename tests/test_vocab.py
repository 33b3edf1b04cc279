"""IRIs are built one way: instance ids, concepts, named graphs."""

from __future__ import annotations

from pactgraph.model import vocab


def test_instance_and_term_iris() -> None:
    assert vocab.instance("state/PRK") == "https://w3id.org/pactgraph/id/state/PRK"
    assert vocab.term("Commitment") == "https://w3id.org/pactgraph/ontology#Commitment"
    assert vocab.wikidata("Q423") == "http://www.wikidata.org/entity/Q423"


def test_concept_keys_are_snake_case_and_iris_hyphenated() -> None:
    assert vocab.concept("transfer_kind", "non_aggression") == (
        "https://w3id.org/pactgraph/id/concept/transfer-kind/non-aggression"
    )


def test_named_graphs() -> None:
    assert vocab.GRAPH_CURATED == "https://w3id.org/pactgraph/id/graph/curated"
    assert vocab.import_graph("atop") == "https://w3id.org/pactgraph/id/graph/import/atop"


def test_every_actor_kind_has_a_class_and_an_id_prefix() -> None:
    assert set(vocab.ACTOR_CLASSES) == set(vocab.ACTOR_ID_PREFIXES)


def test_the_class_values_are_the_ontologys_subclasses() -> None:
    """Queries list a kind's classes (see vocab.class_values): the list must be the ontology's."""
    from rdflib import RDFS, URIRef

    from pactgraph.model.ontology import load_ontology

    ontology = load_ontology()
    for top, listed in (
        ("Actor", vocab.ACTOR_CLASS_VALUES),
        ("Capability", vocab.CAPABILITY_CLASS_VALUES),
    ):
        below = ontology.transitive_subjects(RDFS.subClassOf, URIRef(vocab.term(top)))
        assert listed == vocab.class_values(str(c).rsplit("#", 1)[1] for c in below)
