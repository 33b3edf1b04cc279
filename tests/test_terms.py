"""Terms: one shape for every backend, and escaping no value can break out of."""

from __future__ import annotations

import pytest

from pactgraph.model.terms import (
    XSD_STRING,
    Term,
    TermError,
    from_oxigraph,
    from_rdflib,
    from_sparql_json,
    to_oxigraph,
    to_rdflib,
    to_sparql_json,
)

SAMPLES = [
    Term.iri("https://w3id.org/pactgraph/id/state/PRK"),
    Term.literal("North Korea"),
    Term.literal("Corée du Nord", language="FR"),
    Term.literal("2024-06-19", datatype="http://www.w3.org/2001/XMLSchema#date"),
    Term("bnode", "b0"),
]


@pytest.mark.parametrize("term", SAMPLES)
def test_round_trips_through_every_library(term: Term) -> None:
    assert from_oxigraph(to_oxigraph(term)) == term
    assert from_rdflib(to_rdflib(term)) == term
    assert from_sparql_json(to_sparql_json(term)) == term


def test_plain_and_xsd_string_literals_are_one_term() -> None:
    from rdflib import XSD, Literal

    assert from_rdflib(Literal("x")) == from_rdflib(Literal("x", datatype=XSD.string))
    assert Term.literal("x").datatype == XSD_STRING


def test_literals_escape_quotes_backslashes_and_newlines() -> None:
    assert Term.literal('a"b\\c\nd').n3() == '"a\\"b\\\\c\\nd"'


@pytest.mark.parametrize("bad", ["not an iri", "http://x/<script>", "relative/path", ""])
def test_bad_iris_are_refused(bad: str) -> None:
    with pytest.raises(TermError):
        Term.iri(bad)


def test_an_iri_smuggled_past_the_constructor_cannot_be_written() -> None:
    with pytest.raises(TermError):
        Term("iri", "http://x/> } DROP ALL {").n3()
