"""The question pactgraph exists for: ``trace``."""

from __future__ import annotations

import datetime as dt
import json

import click

from .cli_options import backend, global_options, reports_errors


class DateType(click.ParamType):  # type: ignore[type-arg]
    name = "date"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"'{value}' is not a date: expected YYYY-MM-DD, e.g. 2024-12-04", param, ctx)


@click.command()
@click.option(
    "--to",
    "target",
    required=True,
    metavar="ACTOR",
    help="the actor committed to: ISO code, name, alias or Wikidata QID",
)
@click.option("--from", "committer", metavar="ACTOR", help="only commitments by this actor")
@click.option(
    "--obligation",
    default="defense",
    show_default=True,
    metavar="TYPE|any",
    help="obligation type (defense, consultation, military_assistance, …) or any",
)
@click.option(
    "--as-of",
    type=DateType(),
    default=None,
    help="the date to answer for, YYYY-MM-DD [default: today]",
)
@click.option(
    "--include-inactive",
    is_flag=True,
    help="also list signed-but-not-in-force, expired and terminated commitments",
)
@click.option(
    "--depth",
    type=click.IntRange(1, 5),
    default=1,
    show_default=True,
    help="2 or more adds indirect chains (committed to a state committed to ACTOR)",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["table", "json"]),
    default="table",
    help="output format [default: table]",
)
@global_options
@reports_errors
def trace(
    target: str,
    committer: str | None,
    obligation: str,
    as_of: dt.date | None,
    include_inactive: bool,
    depth: int,
    format_: str,
) -> None:
    """Who is committed to ACTOR, under what, since when, with the evidence.

    \b
    Examples:
      pactgraph trace --to "North Korea"
      pactgraph trace --to PRK --as-of 1993-01-01 --include-inactive
      pactgraph trace --to DPRK --obligation any --depth 2 --format json
    """
    from .report import render_trace
    from .store import default_graphs
    from .trace import trace as run_trace

    result = run_trace(
        backend(),
        target=target,
        committer=committer,
        obligation=obligation.lower(),
        as_of=as_of,
        include_inactive=include_inactive,
        depth=depth,
        graphs=default_graphs(),
    )
    if format_ == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        click.echo(render_trace(result), nl=False)
