"""Ontology quality: labels, definitions, domains, ranges, disjointness, metadata, OWL tools."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from pactgraph.load.export import serialize
from pactgraph.model.ontology import load_ontology
from pactgraph.model.vocab import CONCEPT_SCHEMES, ONTOLOGY, ONTOLOGY_IRI, concept, concept_scheme

TOP_KINDS = [
    "Actor",
    "Agreement",
    "AgreementArticle",
    "AgreementPhase",
    "Participation",
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

    from pactgraph.load.export import compile_graph
    from pactgraph.model.resources import default_data_dir

    graph, _ = compile_graph(data_dir=default_data_dir())
    path = tmp_path / f"pactgraph{suffix}"
    path.write_bytes(serialize(graph, fmt))
    world = owlready2.World()
    loaded = world.get_ontology(path.as_uri()).load(format="ntriples" if fmt == "nt" else "rdfxml")
    state = world[ONTOLOGY + "State"]
    assert state is not None
    assert {i.iri.rsplit("/", 1)[1] for i in state.instances()} >= {"PRK", "RUS", "CHN"}
    assert world[ONTOLOGY + "Commitment"] in set(loaded.classes())


# Declared terms the shipped data need not use, and why (OOPS! P04, "unconnected elements").
UNUSED_WITH_REASON = {
    "BallisticMissile": "a parent kind; the data uses its subclasses",
    "CruiseMissile": "a capability kind for imports (SIPRI)",
    "quantity": "no curated transfer states a quantity yet (SIPRI's counts have their own terms)",
    "suspendedOn": "no suspended agreement curated yet",
    "variantOf": "no variant curated yet (resembles is, and says less)",
    "materialised": "an annotation of the ontology itself, for the reasoner",
}


def used_terms() -> set[str]:
    """Ontology terms the shipped data, or an import of the test fixtures, uses."""
    from pactgraph.load.export import compile_graph
    from pactgraph.model.resources import default_data_dir

    data, _ = compile_graph(data_dir=default_data_dir(), include_ontology=False)
    from .datasets import imported_terms

    used = {str(p) for p in data.predicates()} | {str(o) for o in data.objects(None, RDF.type)}
    curated = {term.removeprefix(ONTOLOGY) for term in used if term.startswith(ONTOLOGY)}
    return curated | imported_terms()


def test_no_declared_term_is_left_unused_without_a_reason(ontology: Graph) -> None:
    from pactgraph.store.rules import materialised_terms

    classes, properties = materialised_terms(ontology)
    inferred = {str(t).removeprefix(ONTOLOGY) for t in (*classes, *properties)}
    declared = {
        str(t).removeprefix(ONTOLOGY)
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for t in own_terms(ontology, kind)
    }
    unused = declared - used_terms() - inferred - set(TOP_KINDS)  # top kinds group the others
    assert unused == set(UNUSED_WITH_REASON)


def test_nothing_is_transitive_so_no_ally_of_an_ally(ontology: Graph) -> None:
    assert list(ontology.subjects(RDF.type, OWL.TransitiveProperty)) == []
    chains = list(ontology.subject_objects(OWL.propertyChainAxiom))
    assert [str(p).removeprefix(ONTOLOGY) for p, _ in chains] == ["committedTo"]
    chain = list(ontology.items(chains[0][1]))
    assert URIRef(ONTOLOGY + "committedTo") not in chain  # not recursive through itself


def test_the_inferred_kinds_are_defined_and_declared_materialised(ontology: Graph) -> None:
    from pactgraph.store.rules import materialised_terms

    classes, properties = materialised_terms(ontology)
    names = {str(t).removeprefix(ONTOLOGY) for t in (*classes, *properties)}
    assert names == {
        "party",
        "partyTo",
        "makesCommitment",
        "basisOf",
        "committedTo",
        "SecurityCommitment",
        "DefenseCommitment",
        "ExtendedDeterrenceCommitment",
        "BindingDefenseCommitment",
        "DefensePact",
        "TreatyAlly",
    }
    for cls in classes:
        assert ontology.value(cls, SKOS.definition) is not None
    definition = str(ontology.value(URIRef(ONTOLOGY + "TreatyAlly"), SKOS.definition))
    assert "neither time nor reciprocity" in definition
    assert "trace --as-of" in definition


def test_shapes_name_only_declared_classes_and_properties(ontology: Graph) -> None:
    from pactgraph.load.shapes import load_shapes

    sh = "http://www.w3.org/ns/shacl#"
    shapes = load_shapes()
    declared = set(ontology.subjects(RDF.type, None))
    named = set(shapes.objects(None, URIRef(sh + "targetClass")))
    named |= {p for p in shapes.objects(None, URIRef(sh + "path")) if isinstance(p, URIRef)}
    named |= set(shapes.objects(None, URIRef(sh + "class")))
    assert {str(t) for t in named - declared} == {"http://www.w3.org/2000/01/rdf-schema#label"}
