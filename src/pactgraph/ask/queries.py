"""The library of named SPARQL queries (queries/*.rq) and running any query with bound parameters.

Each file starts with a header comment::

    # title: Defence commitments toward a state
    # description: Who is committed to defend ACTOR on a date, under which agreement.
    # param: target (actor, required) the state defended
    # param: as_of (date, optional) the date to check [default: today]
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pactgraph.ask.names import Names, expand_iri
from pactgraph.errors import UsageError
from pactgraph.model.resources import queries_dir
from pactgraph.model.terms import Term
from pactgraph.model.vocab import CONCEPT_SCHEMES, XSD, concept
from pactgraph.store.backends import Answer, Backend
from pactgraph.store.sparqltext import bind_values, query_form, variables

TYPES = (
    "actor",
    "iri",
    "date",
    "integer",
    "decimal",
    "string",
    *(f"concept:{s}" for s in CONCEPT_SCHEMES),
)
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[a-z_:]+),\s*"
    r"(?P<need>required|optional)\)\s*(?P<meaning>.*)$"
)


class QueryError(UsageError):
    """A named query that does not exist, a missing parameter, a value of the wrong type."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    meaning: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str


def parse_header(name: str, text: str) -> NamedQuery:
    fields: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, colon, value = line.lstrip("# ").partition(":")
        if not colon:
            continue
        key, value = key.strip(), value.strip()
        if key == "param":
            match = _PARAM.match(value)
            if match is None or match["type"] not in TYPES:
                raise QueryError(
                    f"{name}: bad param line '{value}' (expected 'NAME (type, "
                    f"required|optional) meaning' with type one of {', '.join(TYPES)})"
                )
            params.append(
                Param(match["name"], match["type"], match["need"] == "required", match["meaning"])
            )
        elif key in ("title", "description"):
            fields[key] = value
    return NamedQuery(
        name, fields.get("title", name), fields.get("description", ""), tuple(params), text
    )


def list_queries(directory: Path | None = None) -> list[NamedQuery]:
    """Every named query, by name."""
    folder = directory or queries_dir()
    return [
        parse_header(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.rq"))
    ]


def get_query(name: str, directory: Path | None = None) -> NamedQuery:
    catalogue = {query.name: query for query in list_queries(directory)}
    if name in catalogue:
        return catalogue[name]
    close = difflib.get_close_matches(name, list(catalogue), n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(close)}?" if close else "; see 'pactgraph queries'"
    raise QueryError(f"unknown query '{name}'{hint}")


def parse_value(param: Param, raw: str, names: Names | None) -> Term:
    """A parameter's text as a typed RDF term; raises QueryError naming the parameter."""
    kind = param.type
    try:
        if kind in ("actor", "iri"):
            if names is None:
                iri = expand_iri(raw)
                if iri is None:
                    raise QueryError(f"parameter '{param.name}': not an IRI or CURIE: '{raw}'")
                return Term.iri(iri)
            return Term.iri(names.resolve(raw, actors_only=kind == "actor").iri)
        if kind == "date":
            return Term.literal(
                dt.date.fromisoformat(raw.strip()).isoformat(), datatype=XSD + "date"
            )
        if kind == "integer":
            return Term.literal(str(int(raw)), datatype=XSD + "integer")
        if kind == "decimal":
            return Term.literal(str(Decimal(raw)), datatype=XSD + "decimal")
        if kind.startswith("concept:"):
            scheme = kind.split(":", 1)[1]
            key = raw.strip().lower().replace("-", "_").replace(" ", "_")
            if key not in CONCEPT_SCHEMES[scheme]:
                raise QueryError(
                    f"parameter '{param.name}': '{raw}' is not one of: "
                    f"{', '.join(CONCEPT_SCHEMES[scheme])}"
                )
            return Term.iri(concept(scheme, key))
        return Term.literal(raw)
    except QueryError:
        raise
    except ValueError as error:
        expected = {
            "date": "a date as YYYY-MM-DD",
            "integer": "a whole number",
            "decimal": "a number",
        }.get(kind, kind)
        raise QueryError(f"parameter '{param.name}': '{raw}' is not {expected}") from error
    except InvalidOperation:
        raise QueryError(f"parameter '{param.name}': '{raw}' is not a number") from None


def bind(
    query: NamedQuery | str,
    values: Mapping[str, str],
    *,
    backend: Backend,
    graphs: Sequence[str],
    today: dt.date | None = None,
) -> str:
    """The query text with its parameters bound; checks names, requirements and types.

    An optional date parameter whose meaning ends in ``[default: today]`` gets today's date.
    """
    if isinstance(query, str):
        text = query
        declared = {name: Param(name, "string", False, "") for name in values}
    else:
        text = query.text
        declared = {p.name: p for p in query.params}
        unknown = sorted(set(values) - set(declared))
        if unknown:
            raise QueryError(
                f"unknown parameter '{unknown[0]}' (this query takes: "
                f"{', '.join(declared) or 'none'})"
            )
        values = dict(values)
        for param in query.params:
            if param.name not in values and param.meaning.endswith("[default: today]"):
                values[param.name] = (today or dt.date.today()).isoformat()
        missing = [p.name for p in query.params if p.required and p.name not in values]
        if missing:
            raise QueryError(
                f"missing required parameter '{missing[0]}': {declared[missing[0]].meaning}"
            )
    query_form(text)  # refuses SPARQL Update before anything runs
    needs_names = any(declared[n].type in ("actor", "iri") for n in values)
    names = Names(backend, graphs) if needs_names else None
    terms = {name: _typed(declared[name], raw, names, text) for name, raw in values.items()}
    return bind_values(text, terms)


def _typed(param: Param, raw: str, names: Names | None, text: str) -> Term:
    if param.name not in variables(text):
        raise QueryError(f"the query has no variable ?{param.name} to bind")
    if param.type == "string" and names is None:
        # Ad-hoc queries (-e/-f) have no declared types: IRIs and CURIEs are IRIs, dates are dates.
        iri = expand_iri(raw)
        if iri:
            return Term.iri(iri)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
            return parse_value(Param(param.name, "date", False, ""), raw, None)
    return parse_value(param, raw, names)


def run(
    query: NamedQuery | str,
    values: Mapping[str, str],
    *,
    backend: Backend,
    graphs: Sequence[str],
    today: dt.date | None = None,
) -> Answer:
    """Run a named query (or SPARQL text) with parameters on a backend."""
    text = bind(query, values, backend=backend, graphs=graphs, today=today)
    return backend.run(text, graphs=graphs)
