"""Any SPARQL 1.1 endpoint as a backend (SPARQL Protocol), and uploads by Graph Store Protocol.

Credentials come only from the environment — ``PACTGRAPH_ENDPOINT_TOKEN`` (a bearer token) or
``PACTGRAPH_ENDPOINT_USER`` and ``PACTGRAPH_ENDPOINT_PASSWORD`` (basic) — never from the command
line, and never appear in messages.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from pactgraph.errors import EndpointError
from pactgraph.model.terms import Term, from_oxigraph, from_sparql_json
from pactgraph.store.backends import (
    Answer,
    QuerySyntaxError,
    Solutions,
    check_syntax,
    make_triple,
    safe_url,
)
from pactgraph.store.sparqltext import query_form

DEFAULT_TIMEOUT = 30.0


def _headers(accept: str) -> dict[str, str]:
    headers = {"Accept": accept, "User-Agent": "pactgraph"}
    token = os.environ.get("PACTGRAPH_ENDPOINT_TOKEN")
    user = os.environ.get("PACTGRAPH_ENDPOINT_USER")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    elif user:
        secret = f"{user}:{os.environ.get('PACTGRAPH_ENDPOINT_PASSWORD', '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(secret).decode()
    return headers


def _request(
    method: str, url: str, *, body: bytes, headers: Mapping[str, str], timeout: float
) -> bytes:
    request = urllib.request.Request(url, data=body, headers=dict(headers), method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data: bytes = response.read()
            return data
    except urllib.error.HTTPError as error:
        detail = error.read(500).decode("utf-8", "replace").strip().splitlines()
        reason = f": {detail[0]}" if detail else ""
        if error.code == 400:
            raise QuerySyntaxError(
                f"{safe_url(url)} refused the query (HTTP 400){reason}"
            ) from None
        raise EndpointError(
            f"{safe_url(url)} answered HTTP {error.code} {error.reason}{reason}"
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        cause = error.reason if isinstance(error, urllib.error.URLError) else error
        raise EndpointError(f"cannot reach {safe_url(url)}: {cause}") from None


class EndpointBackend:
    """A SPARQL 1.1 query endpoint; the default graph is the union of ``graphs``."""

    def __init__(self, url: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        if not url.startswith(("http://", "https://")):
            raise EndpointError(f"not an http(s) URL: {safe_url(url)}")
        self.url, self.timeout = url, timeout
        self.description = f"endpoint {safe_url(url)}"

    def graph_names(self) -> list[str]:
        answer = self.run("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", graphs=())
        assert isinstance(answer, Solutions)
        return sorted(row["g"].value for row in answer.dicts() if "g" in row)

    def run(self, query: str, *, graphs: Sequence[str]) -> Answer:
        check_syntax(query)
        form = query_form(query)
        fields = [("query", query), *(("default-graph-uri", g) for g in graphs)]
        body = urllib.parse.urlencode(fields).encode()
        accept = (
            "application/n-triples"
            if form in ("CONSTRUCT", "DESCRIBE")
            else "application/sparql-results+json"
        )
        headers = {**_headers(accept), "Content-Type": "application/x-www-form-urlencoded"}
        data = _request("POST", self.url, body=body, headers=headers, timeout=self.timeout)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return _parse_ntriples(data)
        try:
            document = json.loads(data)
        except ValueError as error:
            raise EndpointError(f"{self.description} did not answer SPARQL JSON: {error}") from None
        try:
            if "boolean" in document:
                return bool(document["boolean"])
            names = tuple(document["head"].get("vars", []))
            rows = tuple(
                tuple(from_sparql_json(b[n]) if n in b else None for n in names)
                for b in document["results"]["bindings"]
            )
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise EndpointError(
                f"{self.description} answered JSON that is not a SPARQL result "
                f"(missing or malformed {error})"
            ) from None
        return Solutions(names, rows)


def _parse_ntriples(data: bytes) -> tuple[tuple[Term, Term, Term], ...]:
    import pyoxigraph as ox

    triples = []
    for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        triples.append(
            make_triple(*(from_oxigraph(t) for t in (quad.subject, quad.predicate, quad.object)))
        )
    return tuple(triples)


def guess_graph_store(endpoint: str) -> str:
    """Oxigraph serves queries at /query and graphs at /store; Fuseki at /ds/sparql and /ds/data."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    store_path = "/store" if path in ("", "/query") else path.rsplit("/", 1)[0] + "/data"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, store_path, "", ""))


@dataclass(frozen=True)
class PushResult:
    graph: str
    triples: int


def push(
    *,
    graphs: Iterable[tuple[str, bytes]],
    graph_store: str,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[str], None] | None = None,
) -> list[PushResult]:
    """PUT each graph's N-Triples to the Graph Store Protocol URL (replacing what was there)."""
    results = []
    for name, data in graphs:
        url = f"{graph_store}?{urllib.parse.urlencode({'graph': name})}"
        headers = {**_headers("*/*"), "Content-Type": "application/n-triples"}
        if progress:
            progress(f"uploading {name} ({len(data):,} bytes)…")
        _request("PUT", url, body=data, headers=headers, timeout=timeout)
        results.append(PushResult(name, data.count(b"\n")))
    return results
