"""The questions pactgraph exists for: ``trace``, ``explain``, ``timeline``, ``analyze``, and
``coverage``: what the record behind their answers covers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

from pactgraph.cli.options import (
    AS_OF,
    DATE,
    FORMAT,
    INFERRED,
    Status,
    echo,
    global_options,
    graph,
    reports_errors,
)

if TYPE_CHECKING:
    from pactgraph.ask.evidence import Result

R = TypeVar("R", bound="Result")


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
@AS_OF
@click.option(
    "--include-inactive",
    is_flag=True,
    help="also list signed-but-not-in-force, expired, terminated and succeeded commitments",
)
@click.option(
    "--depth",
    type=click.IntRange(1, 5),
    default=1,
    show_default=True,
    help="2 or more adds indirect chains (committed to a state committed to ACTOR)",
)
@FORMAT
@INFERRED
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
    inferred: bool,
) -> None:
    """Who is committed to ACTOR, under what, since when, with the evidence.

    \b
    Examples:
      pactgraph trace --to "North Korea"
      pactgraph trace --to PRK --as-of 1993-01-01 --include-inactive
      pactgraph trace --to DPRK --obligation any --depth 2 --format json
    """
    from pactgraph.views.text import render_trace

    result = graph(inferred=inferred).trace(
        target,
        committer=committer,
        obligation=obligation,
        as_of=as_of,
        include_inactive=include_inactive,
        depth=depth,
    )
    _emit(result, format_, render_trace)


def _emit(result: R, format_: str, render: Callable[[R], str]) -> None:
    if format_ == "json":
        import json

        echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        echo(render(result), nl=False)


@click.command()
@click.argument("first", metavar="ACTOR")
@click.argument("second", metavar="ACTOR")
@AS_OF
@click.option(
    "--max-paths",
    type=click.IntRange(1, 50),
    default=3,
    show_default=True,
    help="how many shortest paths to show",
)
@FORMAT
@INFERRED
@global_options
@reports_errors
def explain(
    first: str, second: str, as_of: dt.date | None, max_paths: int, format_: str, inferred: bool
) -> None:
    """How two actors are connected: the shortest paths over commitments, transfers,
    memberships and shared agreements, every step with its evidence.

    \b
    Examples:
      pactgraph explain Japan "North Korea"
      pactgraph explain USA PRK --as-of 2000-01-01 --max-paths 5 --format json
    """
    from pactgraph.views.text import render_explain

    with Status(f"explain: searching the paths between {first} and {second}…"):
        result = graph(inferred=inferred).explain(first, second, as_of=as_of, max_paths=max_paths)
    _emit(result, format_, render_explain)


@click.command()
@click.argument("actor", metavar="ACTOR")
@click.option("--from", "start", type=DATE, default=None, help="from this date, YYYY-MM-DD")
@click.option("--to", "end", type=DATE, default=None, help="up to this date, YYYY-MM-DD")
@FORMAT
@INFERRED
@global_options
@reports_errors
def timeline(
    actor: str, start: dt.date | None, end: dt.date | None, format_: str, inferred: bool
) -> None:
    """What started, ended or happened for ACTOR, in date order, with sources.

    \b
    Examples:
      pactgraph timeline "North Korea"
      pactgraph timeline Russia --from 2022-01-01 --format json
    """
    from pactgraph.ask.timeline import check_period
    from pactgraph.views.text import render_timeline

    check_period(start, end)  # before the store is opened or built
    with Status(f"timeline: collecting what happened to {actor}…"):
        result = graph(inferred=inferred).timeline(actor, start=start, end=end)
    _emit(result, format_, render_timeline)


@click.command()
@click.argument("analysis", type=click.Choice(["centrality", "blocs", "brokers"]))
@AS_OF
@click.option(
    "--obligation",
    default=None,
    metavar="TYPE",
    help="only commitments of this type (transfers and memberships then drop out)",
)
@FORMAT
@INFERRED
@global_options
@reports_errors
def analyze(
    analysis: str, as_of: dt.date | None, obligation: str | None, format_: str, inferred: bool
) -> None:
    """NetworkX analyses of the network in force: centrality, blocs or brokers.

    centrality: degree and betweenness; blocs: communities over commitments, transfers and
    memberships in force; brokers: articulation points and bridges.

    \b
    Examples:
      pactgraph analyze centrality
      pactgraph analyze blocs --as-of 1990-01-01 --obligation defense
      pactgraph analyze brokers --format json
    """
    from pactgraph.views.text import render_analysis

    with Status(f"analyze {analysis}: projecting the network and measuring it…"):
        result = graph(inferred=inferred).analyze(analysis, as_of=as_of, obligation=obligation)
    _emit(result, format_, render_analysis)


@click.command()
@click.option(
    "--stale-before",
    type=DATE,
    default=None,
    help="list commitments whose latest source is older than this date (default: two years ago)",
)
@FORMAT
@INFERRED
@global_options
@reports_errors
def coverage(stale_before: dt.date | None, format_: str, inferred: bool) -> None:
    """What the record covers: the curated sources' span, the datasets imported and where their
    coverage ends, and the commitments not ended whose latest source predates --stale-before,
    grouped by agreement, those connecting most actors first.

    \b
    Examples:
      pactgraph coverage
      pactgraph coverage --stale-before 2019-01-01 --format json
    """
    from pactgraph.views.text import render_coverage

    with Status("coverage: dating every commitment's latest source…"):
        result = graph(inferred=inferred).coverage(stale_before=stale_before)
    _emit(result, format_, render_coverage)
