"""RDF terms as plain values, the same whichever backend answered, and their safe serialisation.

Results from pyoxigraph, rdflib and SPARQL endpoints all become :class:`Term`, so that formatting
and tests compare like with like (rdflib's ``Literal("x")`` and ``Literal("x",
datatype=xsd:string)`` differ; here both are a literal "x" of type xsd:string).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from pactgraph.errors import UsageError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Characters RDF 1.1 N-Triples forbid in an IRI reference.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


class TermError(UsageError):
    """A value that cannot be an RDF term (an IRI with spaces, say)."""


@dataclass(frozen=True, order=True)
class Term:
    kind: Literal["iri", "literal", "bnode"]
    value: str
    datatype: str | None = None
    language: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        if not value or _BAD_IRI.search(value) or ":" not in value:
            raise TermError(f"not an absolute IRI: {value!r}")
        return cls("iri", value)

    @classmethod
    def literal(
        cls, value: str, *, datatype: str | None = None, language: str | None = None
    ) -> Term:
        if language:
            return cls("literal", value, RDF_LANG_STRING, language.lower())
        return cls("literal", value, datatype or XSD_STRING)

    def n3(self) -> str:
        """N-Triples / SPARQL syntax, escaped so that no value can break out of its term."""
        if self.kind == "iri":
            if _BAD_IRI.search(self.value):
                raise TermError(f"not an IRI: {self.value!r}")
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{re.sub(r'[^A-Za-z0-9_]', '_', self.value)}"
        text = '"' + "".join(_ESCAPES.get(ch, ch) for ch in self.value) + '"'
        if self.language:
            return f"{text}@{self.language}"
        if self.datatype and self.datatype != XSD_STRING:
            return f"{text}^^<{self.datatype}>"
        return text

    def __str__(self) -> str:
        return self.value


def from_oxigraph(term: Any) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        return Term.literal(term.value, datatype=term.datatype.value, language=term.language)
    raise TermError(f"unsupported term {term!r}")


def to_oxigraph(term: Term) -> Any:
    import pyoxigraph as ox

    if term.kind == "iri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.language:
        return ox.Literal(term.value, language=term.language)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype or XSD_STRING))


def from_rdflib(term: Any) -> Term | None:
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdfLiteral

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("iri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, RdfLiteral):
        datatype = str(term.datatype) if term.datatype else None
        return Term.literal(str(term), datatype=datatype, language=term.language)
    raise TermError(f"unsupported term {term!r}")


def to_rdflib(term: Term) -> Any:
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdfLiteral

    if term.kind == "iri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    if term.language:
        return RdfLiteral(term.value, lang=term.language)
    datatype = None if term.datatype in (None, XSD_STRING) else URIRef(term.datatype)
    return RdfLiteral(term.value, datatype=datatype)


def from_sparql_json(binding: dict[str, str]) -> Term:
    """A term from the W3C SPARQL 1.1 JSON results format."""
    kind = binding["type"]
    if kind == "uri":
        return Term("iri", binding["value"])
    if kind == "bnode":
        return Term("bnode", binding["value"])
    return Term.literal(
        binding["value"], datatype=binding.get("datatype"), language=binding.get("xml:lang")
    )


def to_sparql_json(term: Term) -> dict[str, str]:
    if term.kind == "iri":
        return {"type": "uri", "value": term.value}
    if term.kind == "bnode":
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype != XSD_STRING:
        out["datatype"] = term.datatype
    return out
