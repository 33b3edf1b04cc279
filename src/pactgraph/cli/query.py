"""Commands over SPARQL: ``queries``, ``query`` and ``push``."""

from __future__ import annotations

import json
import re
from typing import IO, TYPE_CHECKING

import click

from pactgraph.cli.options import (
    FORMAT,
    INFERRED,
    echo,
    global_options,
    graph,
    progress,
    reports_errors,
    settings,
)

if TYPE_CHECKING:
    from pactgraph.ask.queries import NamedQuery


@click.command("queries")
@FORMAT
@global_options
@reports_errors
def list_named_queries(format_: str) -> None:
    """List the named queries: the question each answers, and its parameters.

    \b
    Examples:
      pactgraph queries
      pactgraph queries --format json
    """
    from pactgraph.ask.queries import list_queries

    catalogue = list_queries()
    if format_ == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "name": q.name,
                        "title": q.title,
                        "description": q.description,
                        "params": [
                            {
                                "name": p.name,
                                "type": p.type,
                                "required": p.required,
                                "description": p.meaning,
                            }
                            for p in q.params
                        ],
                    }
                    for q in catalogue
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    for named in catalogue:
        click.echo(f"{named.name}: {named.title}")
        click.echo(f"    {named.description}")
        for param in named.params:
            need = "required" if param.required else "optional"
            click.echo(f"    -p {param.name} ({param.type}, {need}) {param.meaning}")


@click.command()
@click.argument("name", required=False)
@click.option(
    "-f",
    "--file",
    "file_",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="run the SPARQL query in FILE ('-' for stdin)",
)
@click.option("-e", "--execute", "text", default=None, help="run this SPARQL query text")
@click.option(
    "-p",
    "--param",
    "params",
    type=(str, str),
    multiple=True,
    metavar="NAME VALUE",
    help="bind a parameter (repeatable); bound as data, never pasted into the text",
)
@click.option(
    "--format",
    "format_",
    default="table",
    type=click.Choice(["table", "csv", "tsv", "json", "sparql-json", "turtle", "nt"]),
    help="output format [default: table; Turtle for CONSTRUCT and DESCRIBE]",
)
@INFERRED
@global_options
@reports_errors
def query(
    name: str | None,
    file_: IO[str] | None,
    text: str | None,
    params: tuple[tuple[str, str], ...],
    format_: str,
    inferred: bool,
) -> None:
    """Run a named query, or your own SPARQL, read-only.

    Parameters are parsed (IRI, CURIE, actor name or ISO code, date, number, string) and bound
    as data. SPARQL Update is refused, and so is SERVICE (a federated query) unless given
    --allow-service. A query is stopped after --timeout seconds (exit 3). Your own queries may use
    the prefixes pg:, pgid:, skos:, prov:, dcterms:, rdfs:, xsd: … without declaring them.

    \b
    Examples:
      pactgraph query defence-commitments-to -p target "North Korea" -p as_of 1990-01-01
      pactgraph query alliance-links --format csv
      pactgraph query -e 'SELECT ?state WHERE { ?state a pg:State }'
      pactgraph query -f my.rq -p who pgid:state/RUS --format sparql-json
    """
    from pactgraph.ask.names import labels_for
    from pactgraph.ask.queries import QueryError, get_query
    from pactgraph.model.vocab import with_prefixes
    from pactgraph.store.backends import QuerySyntaxError, Solutions
    from pactgraph.store.sparqltext import escape_curie_slashes, refuse_dataset, refuse_service
    from pactgraph.views.results import render

    given = [x for x in (name, file_, text) if x is not None]
    if len(given) != 1:
        raise QueryError("give exactly one of: a query NAME, -f FILE or -e TEXT")
    values = dict(params)
    if len(values) != len(params):
        raise QueryError("a parameter is given twice")
    offset = 0
    if name is not None:
        source: NamedQuery | str = get_query(name)
    else:
        own = text if text is not None else file_.read() if file_ else ""
        source, offset = with_prefixes(escape_curie_slashes(own))
    if not settings().allow_service:  # before the store is opened or an endpoint asked anything
        refuse_service(source if isinstance(source, str) else source.text)
    refuse_dataset(source if isinstance(source, str) else source.text)
    chosen = graph(inferred=inferred)
    try:
        answer = chosen.query(source, values)
    except QuerySyntaxError as error:
        raise QuerySyntaxError(shift_first_line(str(error), offset)) from None
    labels = None
    if format_ == "table" and isinstance(answer, Solutions):
        iris = (t.value for row in answer.rows for t in row if t is not None and t.kind == "iri")
        labels = labels_for(chosen.backend, iris, chosen.graphs)
    echo(render(answer, format_, labels=labels), nl=False)


def shift_first_line(message: str, offset: int) -> str:
    """Undo the column shift the added prefixes cause on the query's first line."""
    match = re.search(r"line:column 1:(\d+)", message)
    if match is None or not offset:
        return message
    column = max(1, int(match.group(1)) - offset)
    return message[: match.start()] + f"line:column 1:{column}" + message[match.end() :]


@click.command()
@click.option(
    "--graph-store",
    metavar="URL",
    default=None,
    help="Graph Store Protocol URL [default: guessed from --endpoint]",
)
@global_options
@reports_errors
def push(graph_store: str | None) -> None:
    """Upload every named graph to a SPARQL server (Graph Store Protocol, PUT of N-Triples).

    Each graph replaces the one of the same name on the server. Credentials come only from the
    environment: PACTGRAPH_ENDPOINT_TOKEN, or PACTGRAPH_ENDPOINT_USER and
    PACTGRAPH_ENDPOINT_PASSWORD.

    \b
    Examples:
      pactgraph push --endpoint http://localhost:7878/query
      pactgraph push --endpoint http://localhost:3030/ds/sparql
      pactgraph push --endpoint http://localhost:8890/sparql        (Virtuoso: Digest auth)
      pactgraph push --graph-store http://localhost:3030/ds/data
    """
    from pactgraph.errors import SetupError
    from pactgraph.store.embedded import push_dataset
    from pactgraph.store.graphstore import graph_store_for

    options = settings()
    if not options.endpoint and not graph_store:
        raise SetupError("push needs --endpoint URL or --graph-store URL")
    target = graph_store or graph_store_for(options.endpoint or "", timeout=options.timeout)
    pushed = push_dataset(
        data_dir=options.data_dir,
        store_dir=options.store,
        graph_store=target,
        progress=progress,
        timeout=options.timeout,
    )
    for result in pushed:
        click.echo(f"{result.graph}: {result.triples} triples")
