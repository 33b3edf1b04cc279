"""Any SPARQL 1.1 endpoint as a backend (SPARQL Protocol); HTTP, credentials and deadlines are
:mod:`pactgraph.store.endpoint_http`'s, uploads :mod:`pactgraph.store.graphstore`'s.

Engines differ in a few ways a standard query cannot avoid; each is adapted here, once, for all:

- Virtuoso 7 answers an xsd:boolean as "1" or "0" (in a SELECT's bindings); read as "true" and
  "false", the canonical forms the embedded store gives.
- Virtuoso 7 answers ``SELECT ?g WHERE { GRAPH ?g { } }`` (the cheap listing of named graphs
  Oxigraph and Fuseki support) with one empty solution; the names are then read from the graphs'
  triples, ``GRAPH ?g { ?s ?p ?o }``, which every engine answers.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Sequence
from typing import Any

from pactgraph.errors import EndpointError, UsageError
from pactgraph.model.terms import Term, from_oxigraph, from_sparql_json
from pactgraph.store.backends import (
    DEFAULT_TIMEOUT,
    Answer,
    Solutions,
    check_syntax,
    make_triple,
    safe_url,
)
from pactgraph.store.endpoint_http import base_headers, request
from pactgraph.store.sparqltext import query_form, refuse_dataset, refuse_service

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BOOLEANS = {"1": "true", "0": "false"}


def _canonical(term: Term) -> Term:
    if term.datatype == XSD_BOOLEAN and term.value in _BOOLEANS:
        return Term.literal(_BOOLEANS[term.value], datatype=XSD_BOOLEAN)
    return term


def _term(binding: dict[str, str]) -> Term:
    return _canonical(from_sparql_json(binding))


class EndpointBackend:
    """A SPARQL 1.1 query endpoint; the default graph is the union of ``graphs``."""

    def __init__(
        self, url: str, *, timeout: float | None = DEFAULT_TIMEOUT, allow_service: bool = False
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"not an http(s) URL: '{safe_url(url)}'")
        self.url, self.timeout, self.allow_service = url, timeout, allow_service
        self.description = f"endpoint {safe_url(url)}"

    def graph_names(self) -> list[str]:
        for query in (
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }",
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",  # Virtuoso: see the module
        ):
            answer = self.run(query, graphs=())
            assert isinstance(answer, Solutions)
            names = sorted({row["g"].value for row in answer.dicts() if "g" in row})
            if names:
                return names
        return []

    def run(self, query: str, *, graphs: Sequence[str]) -> Answer:
        if not self.allow_service:
            refuse_service(query)
        refuse_dataset(query)  # default-graph-uri overrides FROM (SPARQL 1.1 Protocol §2.1.4)
        check_syntax(query)
        form = query_form(query)
        fields = [("query", query), *(("default-graph-uri", g) for g in graphs)]
        body = urllib.parse.urlencode(fields).encode()
        accept = (
            "application/n-triples"
            if form in ("CONSTRUCT", "DESCRIBE")
            else "application/sparql-results+json"
        )
        headers = {**base_headers(accept), "Content-Type": "application/x-www-form-urlencoded"}
        data = request("POST", self.url, body=body, headers=headers, timeout=self.timeout).body
        if form in ("CONSTRUCT", "DESCRIBE"):
            return _parse_ntriples(data)
        try:
            document = json.loads(data)
        except ValueError as error:
            raise EndpointError(f"{self.description} did not answer SPARQL JSON: {error}") from None
        return self._results(document, form)

    def _results(self, document: Any, form: str) -> Answer:
        """A SPARQL 1.1 JSON results document, checked: a malformed one is the server's fault."""

        def bad(what: str) -> EndpointError:
            return EndpointError(
                f"{self.description} answered malformed SPARQL JSON results: {what}"
            )

        if not isinstance(document, dict) or not isinstance(document.get("head"), dict):
            raise bad("no 'head' object")
        if form == "ASK":
            if not isinstance(document.get("boolean"), bool):
                raise bad("an ASK answer without a true or false 'boolean'")
            return bool(document["boolean"])
        names = document["head"].get("vars", [])
        results = document.get("results")
        bindings = results.get("bindings") if isinstance(results, dict) else None
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise bad("'head' has no list of variable names ('vars')")
        if not isinstance(bindings, list) or not all(isinstance(b, dict) for b in bindings):
            raise bad("no list of solutions ('results' with 'bindings')")
        try:
            rows = tuple(tuple(_term(b[n]) if n in b else None for n in names) for b in bindings)
        except (KeyError, TypeError, ValueError) as error:
            raise bad(f"a term it could not read ({type(error).__name__}: {error})") from None
        return Solutions(tuple(names), rows)


def _parse_ntriples(data: bytes) -> tuple[tuple[Term, Term, Term], ...]:
    import pyoxigraph as ox

    triples = []
    for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        terms = (from_oxigraph(t) for t in (quad.subject, quad.predicate, quad.object))
        triples.append(make_triple(*(_canonical(t) if t else t for t in terms)))
    return tuple(triples)
