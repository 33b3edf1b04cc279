"""The OWL ontology (ontology/pactgraph.ttl), the source of truth for every kind and property."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pactgraph.errors import SetupError
from pactgraph.model.resources import ontology_dir

if TYPE_CHECKING:
    from rdflib import Graph


def ontology_path() -> Path:
    return ontology_dir() / "pactgraph.ttl"


def load_ontology(path: Path | None = None) -> Graph:
    """The ontology as an rdflib Graph."""
    from rdflib import Graph
    from rdflib.plugins.parsers.notation3 import BadSyntax

    source = path or ontology_path()
    graph = Graph()
    try:
        graph.parse(source, format="turtle")
    except (OSError, BadSyntax) as error:
        raise SetupError(f"cannot read the ontology {source}: {error}") from error
    return graph
