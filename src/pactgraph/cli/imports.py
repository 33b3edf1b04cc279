"""``pactgraph import``: real datasets into the graph, each as its own named graph."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pactgraph.cli.options import DATE, echo, global_options, progress, reports_errors, settings

if TYPE_CHECKING:
    from pactgraph.importers.imports import ImportSummary

_NAME = click.option(
    "--name", default=None, help="the import's name, and its graph pgid:graph/import/NAME"
)
_SKIP = click.option(
    "--skip-bad-rows",
    is_flag=True,
    help="import the good rows and list the bad ones [default: stop, import nothing]",
)
_CROSSWALK = click.option(
    "--crosswalk",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="COW↔ISO code list [default: ../crosswalks/countrycode_iso_cow_gw.csv beside the data]",
)
_COW = click.option(
    "--cow-states",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="COW state list [default: ../cow_states_2016/states2016.csv beside the data]",
)


def _store_dir() -> Path:
    from pactgraph.errors import SetupError
    from pactgraph.store.embedded import default_store_dir

    options = settings()
    if options.endpoint:
        raise SetupError("import writes the embedded store: drop --endpoint, then use push")
    return options.store or default_store_dir()


def _report(summary: ImportSummary) -> None:
    from pactgraph.model.vocab import compact

    click.echo(
        f"imported {summary.name} into {compact(summary.graph)}: {summary.rows:,} rows, "
        f"{summary.records:,} records, {summary.triples:,} triples in {summary.seconds:.1f} s"
    )
    matched = [f"{what} {count:,}" for what, count in summary.matched.items() if count]
    if matched:
        click.echo(f"matched to curated records: {', '.join(matched)}")
    if summary.unresolved:
        click.echo(f"unresolved names ({len(summary.unresolved)}), kept as plain actors:")
        for name, count in sorted(summary.unresolved.items()):
            echo(f"  {name} ({count:,} row{'s' if count != 1 else ''})")
    if summary.bad_rows:
        click.echo(f"skipped bad rows ({len(summary.bad_rows)}):")
        for problem in summary.bad_rows:
            echo(f"  {problem}")


@click.group("import", invoke_without_command=True)
@click.option("--remove", metavar="NAME", default=None, help="take an imported dataset out")
@global_options
@click.pass_context
@reports_errors
def import_(ctx: click.Context, remove: str | None) -> None:
    """Import real datasets (ATOP alliances, SIPRI arms transfers) beside the curated data.

    Each import is its own named graph, pgid:graph/import/NAME; importing again under the same name
    replaces it. Without a subcommand, lists what is imported. States, treaties and weapon
    systems resolve to the curated ones (COW codes, ATOP ids, SIPRI names, aliases); the states
    an import links to can then be named by their ISO alpha-2 code too (KP for North Korea), read
    from the crosswalk. Cite the datasets as their documents in the graph say (see README).

    \b
    Examples:
      pactgraph import atop ../shared/data/atop_5.1
      pactgraph import sipri \\
        ../shared/data/sipri_arms_transfers/sipri_trade_register_1950_2024_clean.csv
      pactgraph import
      pactgraph import --remove sipri
    """
    from pactgraph.importers.imports import list_imports, remove_import
    from pactgraph.store.embedded import ensure_store

    if ctx.invoked_subcommand is not None:
        if remove:
            raise click.UsageError("--remove takes no subcommand")
        return
    store_dir = _store_dir()
    if remove:
        remove_import(name=remove, store_dir=store_dir)
        ensure_store(data_dir=settings().data_dir, store_dir=store_dir, progress=progress)
        click.echo(f"removed {remove}")
        return
    found = list_imports(store_dir=store_dir)
    if not found:
        click.echo("no datasets imported")
    for item in found:
        triples = f"{item['triples']:,} triples" if "triples" in item else "?"
        click.echo(f"{item['name']}: {triples} from {item.get('source', '?')}")


@import_.command("atop")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@_NAME
@_CROSSWALK
@_COW
@_SKIP
@global_options
@reports_errors
def atop(
    directory: Path,
    name: str | None,
    crosswalk: Path | None,
    cow_states: Path | None,
    skip_bad_rows: bool,
) -> None:
    """Import ATOP 5.1 (its alliance, phase and member files in DIRECTORY).

    \b
    Example:
      pactgraph import atop ../shared/data/atop_5.1
    """
    from pactgraph.importers.imports import import_atop

    summary = import_atop(
        directory,
        data_dir=settings().data_dir,
        store_dir=_store_dir(),
        name=name or "atop",
        crosswalk=crosswalk,
        cow_states=cow_states,
        skip_bad_rows=skip_bad_rows,
        progress=progress,
    )
    _report(summary)


@import_.command("sipri")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_NAME
@click.option(
    "--names",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"SIPRI name → COW code table [default: {Path('sipri_name_to_cown_from_360info.csv')} "
    "beside FILE, if there]",
)
@_CROSSWALK
@_COW
@click.option(
    "--accessed",
    type=DATE,
    default=None,
    help="when the data was obtained, for the citation [default: the export's date, else the "
    "file's]",
)
@_SKIP
@global_options
@reports_errors
def sipri(
    file: Path,
    name: str | None,
    names: Path | None,
    crosswalk: Path | None,
    cow_states: Path | None,
    accessed: dt.date | None,
    skip_bad_rows: bool,
) -> None:
    """Import a SIPRI arms-transfers export (trade register, or deliveries by year).

    \b
    Examples:
      pactgraph import sipri \\
        ../shared/data/sipri_arms_transfers/sipri_trade_register_1950_2024_clean.csv
      pactgraph import sipri --name sipri-deliveries \\
        ../shared/data/sipri_arms_transfers/sipri_deliveries_1995_2025_raw_2026-02-12.csv
    """
    from pactgraph.importers.imports import import_sipri

    summary = import_sipri(
        file,
        data_dir=settings().data_dir,
        store_dir=_store_dir(),
        name=name or "sipri",
        names=names,
        crosswalk=crosswalk,
        cow_states=cow_states,
        accessed=accessed,
        skip_bad_rows=skip_bad_rows,
        progress=progress,
    )
    _report(summary)
