"""Every IRI and prefix pactgraph uses, and the names that map curated keys to them.

Only the standard library is imported here: the CLI reads these tables at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

ONTOLOGY: Final = "https://w3id.org/pactgraph/ontology#"
ONTOLOGY_IRI: Final = "https://w3id.org/pactgraph/ontology"
INSTANCES: Final = "https://w3id.org/pactgraph/id/"
WIKIDATA: Final = "http://www.wikidata.org/entity/"

PROV: Final = "http://www.w3.org/ns/prov#"
DCTERMS: Final = "http://purl.org/dc/terms/"
SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
SCHEMA: Final = "https://schema.org/"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"

PREFIXES: Final = {
    "pg": ONTOLOGY,
    "pgid": INSTANCES,
    "wd": WIKIDATA,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "schema": SCHEMA,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
}

# The prologue every query the library writes opens with (user queries get what they lack).
SPARQL_PREFIXES: Final = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def compact(iri: str) -> str:
    """The shortest CURIE for an IRI, or the IRI itself."""
    best = iri
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) - len(namespace) + len(prefix) + 1 < len(best):
            best = f"{prefix}:{iri[len(namespace) :]}"
    return best


# Named graphs (DESIGN §5).
GRAPH_ONTOLOGY: Final = INSTANCES + "graph/ontology"
GRAPH_CURATED: Final = INSTANCES + "graph/curated"
GRAPH_INFERRED: Final = INSTANCES + "graph/inferred"


def import_graph(dataset: str) -> str:
    """The named graph that holds one imported dataset."""
    return f"{INSTANCES}graph/import/{dataset}"


def term(local_name: str) -> str:
    """The IRI of an ontology term, e.g. ``term("Commitment")``."""
    return ONTOLOGY + local_name


def instance(record_id: str) -> str:
    """The IRI of a record, e.g. ``instance("state/PRK")``."""
    return INSTANCES + record_id


def concept(scheme: str, key: str) -> str:
    """The IRI of a SKOS concept; keys are snake_case, IRI slugs lowercase-hyphenated."""
    return f"{concept_scheme(scheme)}/{key.replace('_', '-')}"


def concept_scheme(scheme: str) -> str:
    return f"{INSTANCES}concept/{scheme.replace('_', '-')}"


def wikidata(qid: str) -> str:
    return WIKIDATA + qid


# SKOS concept schemes: scheme name -> the keys curated data and the CLI use.
# The ontology declares one skos:Concept per key (a test keeps the two in step).
CONCEPT_SCHEMES: Final[dict[str, tuple[str, ...]]] = {
    "obligation": (
        "defense",
        "offense",
        "neutrality",
        "non_aggression",
        "consultation",
        "military_assistance",
        "extended_deterrence",
        "arms_supply",
        "technology_transfer",
        "security_assistance",
    ),
    "status": (
        "signed",
        "in_force",
        "expired",
        "terminated",
        "suspended",
        "ended",
        "succeeded",
        "unconfirmed",
    ),
    "modality": ("binding", "offered", "intended", "not_ruled_out"),
    "condition": (
        "specific_adversary",
        "location",
        "non_provocation",
        "in_accordance_with",
        "armed_attack",
        "other",
    ),
    "transfer_kind": ("arms", "technology", "components", "troops"),
    "transfer_status": ("offered", "agreed", "ongoing", "delivered", "suspected"),
    "confidence": ("high", "moderate", "low", "unstated"),
    "event_type": (
        "summit",
        "visit",
        "launch",
        "deployment",
        "veto",
        "report",
        "designation",
        "sanction",
        "exercise",
        "statement",
        "conference",
    ),
    "date_event": (
        "signed",
        "ratified",
        "entered_into_force",
        "expired",
        "terminated",
        "suspended",
    ),
    "role": ("member_of", "leader_of", "part_of", "affiliated_with"),
    "document_type": (
        "article",
        "treaty_text",
        "report",
        "strategy",
        "statement",
        "news_report",
        "dataset",
        "reference_work",
    ),
}

# Curated ``kind`` keys -> ontology classes.
ACTOR_CLASSES: Final = {
    "state": "State",
    "international_organization": "InternationalOrganization",
    "grouping": "Grouping",
    "person": "Person",
    "non_state_organization": "NonStateOrganization",
    "government_body": "GovernmentBody",
    "actor": "Actor",  # one an imported dataset names but cannot place (e.g. 'unknown supplier')
}
AGREEMENT_CLASSES: Final = {
    "treaty": "Treaty",
    "joint_statement": "JointStatement",
    "declaration": "Declaration",
    "arrangement": "Arrangement",
}
CAPABILITY_CLASSES: Final = {
    "weapon_system": "WeaponSystem",
    "ballistic_missile": "BallisticMissile",
    "short_range_ballistic_missile": "ShortRangeBallisticMissile",
    "icbm": "ICBM",
    "cruise_missile": "CruiseMissile",
    "munition": "Munition",
    "space_system": "SpaceSystem",
    "technology": "Technology",
    "component": "Component",
    "nuclear_arsenal": "NuclearArsenal",
    "military_force": "MilitaryForce",
}


def class_values(classes: Iterable[str]) -> str:
    """Ontology classes as the terms of a SPARQL VALUES block ("pg:State pg:Person ...").

    Queries name a kind's classes this way, not by ``?class rdfs:subClassOf* pg:Actor``:
    Virtuoso 7 answered such a join with nothing on some databases and not others (its plan
    follows its sampled statistics), while the ontology's classes are fixed and tested here.
    """
    return " ".join(f"pg:{name}" for name in sorted(set(classes)))


ACTOR_CLASS_VALUES: Final = class_values(ACTOR_CLASSES.values())
CAPABILITY_CLASS_VALUES: Final = class_values([*CAPABILITY_CLASSES.values(), "Capability"])

# The first path segment of a record id, per actor kind (DESIGN §3).
ACTOR_ID_PREFIXES: Final = {
    "state": "state",
    "international_organization": "organization",
    "grouping": "grouping",
    "person": "person",
    "non_state_organization": "organization",
    "government_body": "organization",
    "actor": "actor",
}

# Agreement date events -> the direct property that carries the preferred date.
DATE_EVENT_PROPERTIES: Final = {
    "signed": "signedOn",
    "ratified": "ratifiedOn",
    "entered_into_force": "enteredIntoForceOn",
    "expired": "expiredOn",
    "terminated": "terminatedOn",
    "suspended": "suspendedOn",
}


def with_prefixes(text: str) -> tuple[str, int]:
    """SPARQL text with the project's prefixes it does not declare itself, and their length.

    They go on one line, before the user's first line, so that errors keep their line numbers;
    columns on the first line are off by the length returned.
    """
    declared = set(re.findall(r"(?im)(?:^|\s)PREFIX\s+([\w.-]*):", text))
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    prelude = "".join(f"{line} " for line in missing)
    return prelude + text, len(prelude)
