"""Query forms, update refusal, and where parameters are bound."""

from __future__ import annotations

import pytest

from pactgraph.model.terms import Term
from pactgraph.store.sparqltext import QueryTextError, bind_values, query_form, variables


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("PREFIX a: <http://a/> SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("# SELECT in a comment\nASK { }", "ASK"),
        ("construct { ?s ?p ?o } where { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://x/y>", "DESCRIBE"),
    ],
)
def test_query_forms(text: str, form: str) -> None:
    assert query_form(text) == form


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <a:b> <a:b> <a:b> }",
        "DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "LOAD <http://x/y>",
        "CLEAR DEFAULT",
    ],
)
def test_updates_are_refused(text: str) -> None:
    with pytest.raises(QueryTextError, match="SPARQL Update is not allowed"):
        query_form(text)


def test_values_open_the_where_group_not_a_construct_template() -> None:
    text = 'CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o } # }'
    bound = bind_values(text, {"s": Term.iri("http://x/a")})
    assert bound == 'CONSTRUCT { ?s ?p "{" } WHERE { VALUES (?s) { (<http://x/a>) }  ?s ?p ?o } # }'


def test_braces_in_strings_iris_and_comments_are_skipped() -> None:
    text = '# {\nSELECT ("{" AS ?x) WHERE { ?s <http://x/{y}> ?o }'
    bound = bind_values(text, {"o": Term.literal("1")})
    assert bound.endswith('WHERE { VALUES (?o) { ("1") }  ?s <http://x/{y}> ?o }')


def test_no_where_group_to_bind_in() -> None:
    with pytest.raises(QueryTextError, match="no WHERE group"):
        bind_values("DESCRIBE <http://x/y>", {"a": Term.literal("1")})


def test_variables() -> None:
    assert variables("SELECT ?a $b WHERE { ?a ?c '?not' }") == {"a", "b", "c"}
