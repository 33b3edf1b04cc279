"""Query forms, update refusal, where parameters are bound, and SERVICE clauses found."""

from __future__ import annotations

import pytest

from pactgraph.model.terms import Term
from pactgraph.store.sparqltext import (
    QueryTextError,
    ServiceError,
    bind_values,
    escape_curie_slashes,
    query_form,
    refuse_service,
    service_targets,
    variables,
)


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


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        (
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
            ["<http://127.0.0.1:9/x>"],
        ),
        ("select * where { service silent ?where { ?s ?p ?o } }", ["?where"]),
        ("ASK { { SELECT * WHERE { SERVICE ex:remote { ?s ?p ?o } } } }", ["ex:remote"]),
        ("SELECT * WHERE { \\u0053ERVICE <http://e/> { ?s ?p ?o } }", ["<http://e/>"]),
        ("SELECT * WHERE {SERVICE<http://e/>{?s ?p ?o}}", ["<http://e/>"]),
        # glued to a number or a triple's full stop, the keyword is still one
        ("SELECT * WHERE { ?s ?p 1.SERVICE <http://e/> { ?s ?p ?o } }", ["<http://e/>"]),
        ("SELECT * WHERE { ?s ?p 1e5SERVICE <http://e/> { ?s ?p ?o } }", ["<http://e/>"]),
        ("SELECT * WHERE { ?s ?p ?o .SERVICE <http://e/> { ?s ?p ?o } }", ["<http://e/>"]),
        # "less than" then a closing parenthesis: not an IRI that could hide the keyword
        ("SELECT * WHERE { ?a ?b ?c FILTER(?c<1)SERVICE?s#>\n{ ?x ?y ?z } }", ["?s"]),
    ],
)
def test_service_clauses_are_found(text: str, targets: list[str]) -> None:
    assert service_targets(text) == targets


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p 'SERVICE <http://e/> { }' }  # SERVICE <http://e/> {}",
        "SELECT * WHERE { ?s ?p '''it's a\nSERVICE <http://e/> {}''' }",
        "SELECT * WHERE { ?s <https://schema.org/Service> ?o }",
        "PREFIX : <http://e/> SELECT * WHERE { ?s ex:SERVICE :SERVICE . ?s ?p 'x'@service }",
        "SELECT ?service WHERE { ?service a _:SERVICE }",
        'SELECT * WHERE { ?s rdfs:label ?l FILTER(CONTAINS(?l, "Federal Security Service")) }',
    ],
)
def test_the_word_elsewhere_is_no_service_clause(text: str) -> None:
    assert service_targets(text) == []
    refuse_service(text)  # no error


def test_refusal_names_the_servers_and_the_way_to_allow() -> None:
    with pytest.raises(ServiceError) as raised:
        refuse_service("SELECT * WHERE { SERVICE SILENT <http://e/x> { ?s ?p ?o } }")
    assert str(raised.value) == (
        "the query calls SERVICE <http://e/x>: a federated query sends requests to other "
        "servers, and is refused unless allowed (--allow-service, or PACTGRAPH_ALLOW_SERVICE=1)"
    )


def test_the_named_queries_never_use_service() -> None:
    from pactgraph.ask.queries import list_queries

    catalogue = list_queries()
    assert catalogue
    for named in catalogue:
        assert service_targets(named.text) == [], named.name


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("ASK { pgid:state/PRK ?p ?o }", "ASK { pgid:state\\/PRK ?p ?o }"),
        ("ASK { pgid:commitment/a/b-1 ?p ?o }", "ASK { pgid:commitment\\/a\\/b-1 ?p ?o }"),
        # A property path, a spaced slash, strings, IRIs and comments stay as written.
        ("ASK { ?a pg:partyTo/rdfs:label ?l }", "ASK { ?a pg:partyTo/rdfs:label ?l }"),
        ("ASK { ?a pgid:x/pg:y ?l }", "ASK { ?a pgid:x/pg:y ?l }"),
        ("ASK { ?a ?p pgid:x / ?b }", "ASK { ?a ?p pgid:x / ?b }"),
        ('ASK { ?a ?p "pgid:state/PRK" }', 'ASK { ?a ?p "pgid:state/PRK" }'),
        ("ASK { ?a ?p <pgid:state/PRK> } # pgid:a/b", "ASK { ?a ?p <pgid:state/PRK> } # pgid:a/b"),
    ],
)
def test_printed_ids_are_read_as_printed(text: str, read: str) -> None:
    assert escape_curie_slashes(text) == read
