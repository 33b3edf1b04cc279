"""Names to IRIs: an ISO code, a label or alias (any case), a Wikidata QID, an IRI or a CURIE."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .backends import Backend, Solutions
from .terms import Term, TermError
from .vocab import PREFIXES

_NAMES = """
PREFIX pg: <https://w3id.org/pactgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?thing ?name ?label ?actor WHERE {
  ?thing rdfs:label ?label .
  { ?thing rdfs:label ?name } UNION { ?thing skos:altLabel ?name }
  UNION { ?thing pg:isoCode ?name }
  UNION { ?thing skos:exactMatch ?wd
          FILTER(STRSTARTS(STR(?wd), "http://www.wikidata.org/entity/"))
          BIND(STRAFTER(STR(?wd), "http://www.wikidata.org/entity/") AS ?name) }
  OPTIONAL { ?thing a ?class . ?class rdfs:subClassOf* pg:Actor . BIND(true AS ?actor) }
}
"""


class NameLookupError(LookupError):
    """A name that matches nothing, or more than one thing."""

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)


@dataclass(frozen=True)
class Named:
    iri: str
    label: str
    is_actor: bool


class Names:
    """Every labelled thing in a backend, loaded once, looked up by any of its names."""

    def __init__(self, backend: Backend, graphs: Sequence[str]) -> None:
        answer = backend.run(_NAMES, graphs=graphs)
        assert isinstance(answer, Solutions)
        self._by_name: dict[str, dict[str, Named]] = {}
        self.labels: dict[str, str] = {}
        for row in answer.dicts():
            named = Named(row["thing"].value, row["label"].value, "actor" in row)
            self.labels[named.iri] = named.label
            self._by_name.setdefault(row["name"].value.casefold(), {})[named.iri] = named

    def resolve(self, text: str, *, actors_only: bool = False) -> Named:
        """The one thing ``text`` names; raises NameLookupError with candidates or suggestions."""
        what = "actor" if actors_only else "name"
        iri = expand_iri(text)
        if iri is not None:
            known = self.labels.get(iri)
            return Named(iri, known or iri, actors_only)
        found = {
            i: n
            for i, n in self._by_name.get(text.strip().casefold(), {}).items()
            if n.is_actor or not actors_only
        }
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            listed = sorted(f"{n.label} ({compact(n.iri)})" for n in found.values())
            raise NameLookupError(f"'{text}' is ambiguous: it names {', '.join(listed)}", listed)
        pool = sorted(
            {
                next(iter(v.values())).label
                for k, v in self._by_name.items()
                if any(n.is_actor or not actors_only for n in v.values())
            }
        )
        close = difflib.get_close_matches(text, pool, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise NameLookupError(f"unknown {what} '{text}'{hint}", close)


def expand_iri(text: str) -> str | None:
    """An absolute IRI from ``<…>``, ``http(s)://…`` or a known CURIE (``pgid:state/PRK``)."""
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if value.startswith(("http://", "https://", "urn:")):
        try:
            return Term.iri(value).value
        except TermError:
            return None
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and " " not in local:
        return Term.iri(PREFIXES[prefix] + local).value
    return None


def compact(iri: str) -> str:
    """The shortest CURIE for an IRI, or the IRI itself."""
    best = iri
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) - len(namespace) + len(prefix) + 1 < len(best):
            best = f"{prefix}:{iri[len(namespace) :]}"
    return best


def labels_for(backend: Backend, iris: Iterable[str], graphs: Sequence[str]) -> dict[str, str]:
    """The rdfs:label of each IRI that has one (one small query, IRIs bound as data)."""
    wanted = sorted(set(iris))
    if not wanted:
        return {}
    values = " ".join(Term.iri(iri).n3() for iri in wanted)
    answer = backend.run(
        "SELECT ?thing ?label WHERE { VALUES ?thing { " + values + " } "
        "?thing <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
        graphs=graphs,
    )
    assert isinstance(answer, Solutions)
    return {row["thing"].value: row["label"].value for row in answer.dicts()}
