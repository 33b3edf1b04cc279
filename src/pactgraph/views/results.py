"""Query answers as text: a table, CSV and TSV (W3C), JSON, SPARQL JSON, Turtle, N-Triples."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from pactgraph.errors import UsageError
from pactgraph.model.terms import Term, to_rdflib, to_sparql_json
from pactgraph.model.vocab import PREFIXES, XSD, compact
from pactgraph.store.backends import Answer, Solutions

SELECT_FORMATS = ("table", "csv", "tsv", "json", "sparql-json")
MAX_CELL = 60


def render(answer: Answer, fmt: str, *, labels: Mapping[str, str] | None = None) -> str:
    """The answer in ``fmt``; ASK answers print true or false, or in sparql-json the W3C
    boolean form ``{"head": {}, "boolean": true}``."""
    if isinstance(answer, bool):
        if fmt == "sparql-json":
            return json.dumps({"head": {}, "boolean": answer}, indent=2) + "\n"
        return "true\n" if answer else "false\n"
    if isinstance(answer, Solutions):
        writer = {
            "table": _table,
            "csv": _csv,
            "tsv": _tsv,
            "json": _json,
            "sparql-json": _sparql_json,
        }.get(fmt)
        if writer is None:
            raise UsageError(
                f"a SELECT answer cannot be written as {fmt}; "
                f"choose from {', '.join(SELECT_FORMATS)}"
            )
        return writer(answer, labels or {})
    return _graph(answer, "nt" if fmt == "nt" else "turtle")


def _display(term: Term | None, labels: Mapping[str, str]) -> str:
    if term is None:
        return ""
    text = (labels.get(term.value) or compact(term.value)) if term.kind == "iri" else term.value
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _table(answer: Solutions, labels: Mapping[str, str]) -> str:
    rows = [[_display(t, labels) for t in row] for row in answer.rows]
    header = list(answer.variables)
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _csv(answer: Solutions, _: Mapping[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as the W3C CSV results format
    writer.writerow(answer.variables)
    for row in answer.rows:
        writer.writerow(["" if t is None else t.value for t in row])
    return out.getvalue()


def _tsv(answer: Solutions, _: Mapping[str, str]) -> str:
    """W3C SPARQL 1.1 TSV: terms in Turtle syntax, unbound as empty (rdflib has no writer)."""
    lines = ["\t".join("?" + v for v in answer.variables)]
    lines += ["\t".join("" if t is None else _tsv_term(t) for t in row) for row in answer.rows]
    return "\n".join(lines) + "\n"


def _tsv_term(term: Term) -> str:
    if (
        term.kind == "literal"
        and term.datatype == XSD + "integer"
        and term.value.lstrip("+-").isdigit()
    ):
        return term.value  # the W3C format writes numbers bare
    return term.n3().replace("\t", "\\t")


def _plain(term: Term) -> Any:
    if term.kind == "literal":
        if term.datatype == XSD + "integer":
            return int(term.value)
        if term.datatype == XSD + "boolean":
            return term.value == "true"
    return term.value


def _json(answer: Solutions, _: Mapping[str, str]) -> str:
    rows = [{k: _plain(v) for k, v in row.items()} for row in answer.dicts()]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def _sparql_json(answer: Solutions, _: Mapping[str, str]) -> str:
    document = {
        "head": {"vars": list(answer.variables)},
        "results": {
            "bindings": [{k: to_sparql_json(v) for k, v in row.items()} for row in answer.dicts()]
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _graph(triples: tuple[tuple[Term, Term, Term], ...], fmt: str) -> str:
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(tuple(to_rdflib(t) for t in triple))
    if fmt == "nt":
        return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))
    return str(graph.serialize(format="turtle"))
