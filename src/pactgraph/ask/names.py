"""Names to IRIs: an ISO code, a label or alias (any case), a Wikidata QID, an IRI or a CURIE.

ISO 3166 alpha-3 codes come with the curated states (their ids); alpha-2 codes only with an
import, which reads them from its code table (see :mod:`pactgraph.importers.entities`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pactgraph.errors import UsageError
from pactgraph.model.terms import Term, TermError
from pactgraph.model.vocab import (
    ACTOR_CLASS_VALUES,
    PREFIXES,
    SPARQL_PREFIXES,
    WIKIDATA,
    compact,
    import_graph,
)
from pactgraph.store.backends import Backend, Solutions

if TYPE_CHECKING:
    from pactgraph.store.snapshot import NameIndex

_QID = re.compile(r"^Q[1-9]\d*$")
_ALPHA2 = re.compile(r"^[A-Za-z]{2}$")
_ACTOR = (
    f"OPTIONAL {{ ?thing a ?class . VALUES ?class {{ {ACTOR_CLASS_VALUES} }} "
    'BIND("yes" AS ?actor) }'
)
_NAMED = (
    "{ ?thing rdfs:label ?name } UNION { ?thing skos:altLabel ?name } "
    "UNION { ?thing pg:isoCode ?name } UNION { ?thing pg:isoAlpha2Code ?name }"
)
# Exact names (and QIDs) are index lookups; only when they fail is every name scanned.
_EXACT = (
    SPARQL_PREFIXES
    + "SELECT DISTINCT ?thing ?label ?actor WHERE { { VALUES ?name { %s } "
    + _NAMED
    + " } %s ?thing rdfs:label ?label . "
    + _ACTOR
    + " }"
)
_FOLDED = (
    SPARQL_PREFIXES
    + "SELECT DISTINCT ?thing ?label ?actor WHERE { VALUES ?wanted { %s } "
    + _NAMED
    + " FILTER(LCASE(STR(?name)) = ?wanted) ?thing rdfs:label ?label . "
    + _ACTOR
    + " }"
)
_ALL = (
    SPARQL_PREFIXES
    + "SELECT DISTINCT ?label ?actor WHERE { ?thing rdfs:label ?label . "
    + _ACTOR
    + " }"
)


class NameLookupError(UsageError):
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
    """Looks things up by any of their names in one backend."""

    def __init__(self, backend: Backend, graphs: Sequence[str]) -> None:
        self.backend, self.graphs = backend, graphs

    def _matches(self, query: str) -> dict[str, Named]:
        answer = self.backend.run(query, graphs=self.graphs)
        assert isinstance(answer, Solutions)
        found: dict[str, Named] = {}
        for row in answer.dicts():
            named = Named(row["thing"].value, row["label"].value, "actor" in row)
            found[named.iri] = Named(
                named.iri, named.label, named.is_actor or found.get(named.iri, named).is_actor
            )
        return found

    def resolve(self, text: str, *, actors_only: bool = False) -> Named:
        """The one thing ``text`` names; raises NameLookupError with candidates or suggestions."""
        what = "actor" if actors_only else "name"
        iri = expand_iri(text)
        if iri is not None:
            label = labels_for(self.backend, [iri], self.graphs).get(iri, iri)
            return Named(iri, label, actors_only)
        wanted = text.strip()
        by_qid = ""
        if _QID.match(wanted.upper()):
            by_qid = (
                f"UNION {{ ?thing skos:exactMatch {Term.iri(WIKIDATA + wanted.upper()).n3()} }}"
            )
        found = self._matches(_EXACT % (Term.literal(wanted).n3(), by_qid))
        found = {i: n for i, n in found.items() if n.is_actor or not actors_only}
        index = None if found else name_index(self.backend, self.graphs, actors_only=actors_only)
        if index is not None:  # any case or accent, ISO and COW codes: one dictionary lookup
            from pactgraph.store.snapshot import fold

            found = {
                iri: Named(iri, index.labels[iri], iri in index.actors)
                for iri in index.names.get(fold(wanted), ())
            }
        elif not found:
            found = self._matches(_FOLDED % Term.literal(wanted.lower()).n3())
        found = {i: n for i, n in found.items() if n.is_actor or not actors_only}
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            listed = sorted(f"{n.label} ({compact(n.iri)})" for n in found.values())
            raise NameLookupError(f"'{text}' is ambiguous: it names {', '.join(listed)}", listed)
        if index is not None:
            pool = sorted(set(index.labels.values()))
        else:
            answer = self.backend.run(_ALL, graphs=self.graphs)
            assert isinstance(answer, Solutions)
            pool = sorted(
                {row["label"].value for row in answer.dicts() if "actor" in row or not actors_only}
            )
        import difflib

        close = difflib.get_close_matches(text, pool, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise NameLookupError(f"unknown {what} '{text}'{self._code_hint(wanted)}{hint}", close)

    def _code_hint(self, wanted: str) -> str:
        """Why a two-letter code is unknown where nothing is imported: the alpha-2 codes come
        from an import's code table, so a curated-only graph cannot know them."""
        if not _ALPHA2.match(wanted) or any(g.startswith(import_graph("")) for g in self.graphs):
            return ""
        return (
            " (two-letter ISO codes are known once a dataset is imported, see 'pactgraph import "
            "--help'; else give the three-letter code or a name)"
        )


def name_index(backend: Backend, graphs: Sequence[str], *, actors_only: bool) -> NameIndex | None:
    """The folded-name index kept beside the embedded store (None for an endpoint)."""
    from pactgraph.store import snapshot as kept
    from pactgraph.store.backends import OxigraphBackend

    directory = getattr(backend, "path", None)
    if directory is None:
        return None
    found = kept.load_names(directory, graphs, actors_only=actors_only)
    if found is None and isinstance(backend, OxigraphBackend):
        index = kept.build(backend.store, directory, graphs)[1]
        found = kept.actor_names(index) if actors_only else index
    return found


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
