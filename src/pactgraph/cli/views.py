"""``viz``: the network as one self-contained, offline HTML page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from pactgraph.cli.options import DATE, INFERRED, Status, global_options, graph, reports_errors


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("pactgraph.html"),
    show_default=True,
    help="the HTML file to write",
)
@click.option(
    "--as-of",
    type=DATE,
    default=None,
    help="the date the page opens on, YYYY-MM-DD [default: today]",
)
@click.option("--focus", metavar="ACTOR", default=None, help="only the neighbourhood of ACTOR")
@click.option(
    "--depth",
    type=click.IntRange(1, 6),
    default=1,
    show_default=True,
    help="how many links away from --focus",
)
@click.option(
    "--kinds",
    default=None,
    metavar="LIST",
    help="relations to draw, comma-separated: commitment,transfer,membership,party,capability",
)
@click.option("--title", default="pactgraph", show_default=True, help="the page title")
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="draw every actor and link, however large (a large store otherwise opens on the "
    "best-linked actors)",
)
@INFERRED
@global_options
@reports_errors
def viz(
    output: Path,
    as_of: dt.date | None,
    focus: str | None,
    depth: int,
    kinds: str | None,
    title: str,
    everything: bool,
    inferred: bool,
) -> None:
    """Write the network as one HTML file that opens offline: legend, search, filters, a date
    slider, and the evidence behind every actor and link.

    \b
    Examples:
      pactgraph viz -o build/pactgraph.html
      pactgraph viz --focus "North Korea" --depth 2 --as-of 1990-01-01
      pactgraph viz --kinds commitment,transfer --title "Who arms whom"
    """
    from pactgraph.errors import SetupError

    relations = [k.strip() for k in kinds.split(",") if k.strip()] if kinds else None
    unknown = sorted(
        set(relations or ()) - {"commitment", "transfer", "membership", "party", "capability"}
    )
    if unknown:
        raise SetupError(
            f"unknown kind '{unknown[0]}' "
            "(choose from commitment, transfer, membership, party, capability)"
        )
    with Status("viz: drawing the network…") as status:
        result = graph(inferred=inferred).view(
            output,
            as_of=as_of,
            focus=focus,
            depth=depth,
            relations=relations,
            title=title,
            everything=everything,
            progress=status,
        )
    if result.note:
        click.echo(f"note: {result.note}", err=True)
    click.echo(
        f"wrote {result.output}: {result.nodes} nodes, {result.edges} links, "
        f"{result.bytes:,} bytes",
        err=True,
    )
