"""Ontology quality: labels, definitions, domains, ranges, disjointness, metadata, OWL tools."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from pactgraph.export import serialize
from pactgraph.ontology import load_ontology
from pactgraph.vocab import CONCEPT_SCHEMES, ONTOLOGY, ONTOLOGY_IRI, concept, concept_scheme

TOP_KINDS = [
    "Actor",
    "Agreement",
    "AgreementArticle",
    "AgreementPhase",
    "Commitment",
    "Capability",
    "Transfer",
    "Event",
    "Document",
    "Assessment",
    "Affiliation",
    "DateClaim",
    "Condition",
]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def own_terms(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(
        s
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY)
    )


@pytest.mark.parametrize(
    "kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty]
)
def test_every_term_has_label_and_definition(ontology: Graph, kind: URIRef) -> None:
    terms = own_terms(ontology, kind)
    assert terms
    unlabelled = [t for t in terms if ontology.value(t, RDFS.label) is None]
    undefined = [t for t in terms if ontology.value(t, SKOS.definition) is None]
    assert (unlabelled, undefined) == ([], [])


def test_object_properties_have_domain_and_range(ontology: Graph) -> None:
    missing = [
        p
        for p in own_terms(ontology, OWL.ObjectProperty)
        if ontology.value(p, RDFS.domain) is None or ontology.value(p, RDFS.range) is None
    ]
    assert missing == []


def test_top_kinds_are_pairwise_disjoint(ontology: Graph) -> None:
    groups = [
        set(Graph.collection(ontology, members))  # type: ignore[arg-type]
        for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
        for members in ontology.objects(node, OWL.members)
    ]
    top = {URIRef(ONTOLOGY + name) for name in TOP_KINDS}
    assert top in groups


def test_no_subclass_cycles(ontology: Graph) -> None:
    for cls in own_terms(ontology, OWL.Class):
        ancestors = set(ontology.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        assert cls not in {a for b in ancestors for a in ontology.objects(b, RDFS.subClassOf)}


def test_metadata(ontology: Graph) -> None:
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in ontology
    for prop in (
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.license,
        DCTERMS.creator,
        OWL.versionIRI,
        OWL.versionInfo,
    ):
        assert ontology.value(header, prop) is not None, prop


def test_concept_schemes_match_the_keys_the_code_uses(ontology: Graph) -> None:
    for scheme, keys in CONCEPT_SCHEMES.items():
        in_ontology = {
            str(ontology.value(c, SKOS.notation))
            for c in ontology.subjects(SKOS.inScheme, URIRef(concept_scheme(scheme)))
        }
        assert in_ontology == set(keys), scheme
        for key in keys:
            assert ontology.value(URIRef(concept(scheme, key)), SKOS.definition) is not None


@pytest.mark.parametrize(("fmt", "suffix"), [("nt", ".nt"), ("xml", ".owl")])
def test_owlready2_loads_ontology_and_data_in_a_fresh_world(
    tmp_path: Path, fmt: str, suffix: str
) -> None:
    import owlready2

    from pactgraph.export import compile_graph
    from pactgraph.resources import default_data_dir

    graph, _ = compile_graph(data_dir=default_data_dir())
    path = tmp_path / f"pactgraph{suffix}"
    path.write_bytes(serialize(graph, fmt))
    world = owlready2.World()
    loaded = world.get_ontology(path.as_uri()).load(format="ntriples" if fmt == "nt" else "rdfxml")
    state = world[ONTOLOGY + "State"]
    assert state is not None
    assert {i.iri.rsplit("/", 1)[1] for i in state.instances()} >= {"PRK", "RUS", "CHN"}
    assert world[ONTOLOGY + "Commitment"] in set(loaded.classes())
