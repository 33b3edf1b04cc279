"""Answers as text: exact table, CSV, TSV (W3C), JSON and SPARQL JSON output."""

from __future__ import annotations

import json

from pactgraph.model.terms import Term
from pactgraph.store.backends import Solutions
from pactgraph.views.results import render

XSD = "http://www.w3.org/2001/XMLSchema#"
PRK = Term.iri("https://w3id.org/pactgraph/id/state/PRK")
ANSWER = Solutions(
    ("state", "name", "n"),
    (
        (
            PRK,
            Term.literal('say "hi"\tnow', language="en"),
            Term.literal("3", datatype=XSD + "integer"),
        ),
        (Term.iri("http://example.org/x"), None, None),
    ),
)


def test_table_shows_labels_not_iris() -> None:
    text = render(ANSWER, "table", labels={PRK.value: "North Korea"})
    assert text == (
        "state                 name          n\n"
        "--------------------  ------------  -\n"
        'North Korea           say "hi" now  3\n'
        "http://example.org/x\n"
        "(2 rows)\n"
    )


def test_tsv_follows_the_w3c_format() -> None:
    assert render(ANSWER, "tsv") == (
        "?state\t?name\t?n\n"
        '<https://w3id.org/pactgraph/id/state/PRK>\t"say \\"hi\\"\\tnow"@en\t3\n'
        "<http://example.org/x>\t\t\n"
    )


def test_csv_is_rfc4180() -> None:
    assert render(ANSWER, "csv") == (
        "state,name,n\r\n"
        'https://w3id.org/pactgraph/id/state/PRK,"say ""hi""\tnow",3\r\n'
        "http://example.org/x,,\r\n"
    )


def test_json_is_a_list_of_objects() -> None:
    assert json.loads(render(ANSWER, "json")) == [
        {"state": PRK.value, "name": 'say "hi"\tnow', "n": 3},
        {"state": "http://example.org/x"},
    ]


def test_sparql_json_follows_the_w3c_format() -> None:
    document = json.loads(render(ANSWER, "sparql-json"))
    assert document["head"] == {"vars": ["state", "name", "n"]}
    assert document["results"]["bindings"][0] == {
        "state": {"type": "uri", "value": PRK.value},
        "name": {"type": "literal", "value": 'say "hi"\tnow', "xml:lang": "en"},
        "n": {"type": "literal", "value": "3", "datatype": XSD + "integer"},
    }


def test_ask_in_sparql_json_is_the_w3c_boolean_form() -> None:
    assert json.loads(render(True, "sparql-json")) == {"head": {}, "boolean": True}
    assert json.loads(render(False, "sparql-json")) == {"head": {}, "boolean": False}


def test_ask_and_construct() -> None:
    assert render(True, "table") == "true\n"
    assert render(False, "json") == "false\n"
    triples = (
        (PRK, Term.iri("http://www.w3.org/2000/01/rdf-schema#label"), Term.literal("North Korea")),
    )
    assert render(triples, "nt") == (
        "<https://w3id.org/pactgraph/id/state/PRK> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"North Korea" .\n'
    )
    turtle = render(triples, "turtle")
    assert turtle.startswith("@prefix ")
    assert 'rdfs:label "North Korea"' in turtle
