"""The ``pactgraph`` command line: parse, call one library function, map errors to exit codes.

Exit codes (see cli_options): 0 success, 1 problems found, 2 usage or input error, 3 unreachable.
Library modules are imported inside the commands so that ``pactgraph --help`` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from pactgraph.cli.options import Settings, global_options, progress, reports_errors, settings

F = TypeVar("F", bound=Callable[..., Any])
_VERSIONED = ("rdflib", "pyoxigraph", "owlready2", "networkx", "pyvis", "click", "PyYAML")


def _version_text() -> str:
    from importlib import metadata

    lines = [f"pactgraph {metadata.version('pactgraph')}"]
    for name in _VERSIONED:
        try:
            lines.append(f"  {name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"  {name} (not installed)")
    lines.append(f"  python {sys.version.split()[0]}")
    return "\n".join(lines)


# The commands of the other modules, imported only when one of them runs (or --help lists them):
# a command then loads its own module and not every other's (30 ms of a 300 ms trace).
_ELSEWHERE = {
    "queries": "pactgraph.cli.query:list_named_queries",
    "query": "pactgraph.cli.query:query",
    "push": "pactgraph.cli.query:push",
    "trace": "pactgraph.cli.questions:trace",
    "explain": "pactgraph.cli.questions:explain",
    "timeline": "pactgraph.cli.questions:timeline",
    "analyze": "pactgraph.cli.questions:analyze",
    "coverage": "pactgraph.cli.questions:coverage",
    "viz": "pactgraph.cli.views:viz",
    "import": "pactgraph.cli.imports:import_",
}


class _Commands(click.Group):
    """A group whose commands in other modules are imported when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_ELSEWHERE})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _ELSEWHERE and cmd_name not in self.commands:
            from importlib import import_module

            module, attribute = _ELSEWHERE[cmd_name].split(":")
            self.add_command(getattr(import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


def _show_version(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_version_text())
        ctx.exit()


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="show the versions of pactgraph and its libraries, then exit",
)
@global_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """pactgraph: who is committed to whom, since when, on what terms, and how we know.

    \b
    Examples:
      pactgraph validate
      pactgraph build -o build/pactgraph.ttl
      pactgraph --data my_data build --format nt
    """
    if ctx.obj is None:
        ctx.obj = Settings()


def _rdf_output(what: str, *, default: str = "") -> Callable[[F], F]:
    """-o FILE and --format, as build and reason share them."""

    def decorate(command: F) -> F:
        command = click.option(
            "--format",
            "format_",
            type=click.Choice(["turtle", "nt", "jsonld", "xml"]),
            default=None,
            help="RDF syntax of --output [default: from the file suffix, else turtle]",
        )(command)
        return click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help=f"write {what} to this file (atomically){default}",
        )(command)

    return decorate


@cli.command()
@_rdf_output("the graph", default=" [default: stdout]")
@global_options
@reports_errors
def build(output: Path | None, format_: str | None) -> None:
    """Compile the ontology and graph_data into one RDF file.

    The same input always gives byte-identical N-Triples. A failed build leaves any earlier
    output untouched. The embedded store is refreshed too (not with --endpoint). RDF/XML
    (--format xml, or a .owl/.rdf file) opens in Protégé.

    \b
    Examples:
      pactgraph build -o build/pactgraph.ttl
      pactgraph build --format nt > pactgraph.nt
      pactgraph build -o build/pactgraph.owl
    """
    from pactgraph.load.export import build as run_build

    options = settings()
    result, data = run_build(data_dir=options.data_dir, output=output, format=format_)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    click.echo(result.summary(), err=True)
    if options.endpoint is None:  # refresh the embedded store too, so the next read is fast
        from pactgraph.store.embedded import default_store_dir, ensure_store

        try:
            ensure_store(
                data_dir=options.data_dir,
                store_dir=options.store or default_store_dir(),
                progress=progress,
            )
        except OSError as error:
            click.echo(f"warning: the store was not refreshed: {error}", err=True)


@cli.command()
@global_options
@reports_errors
def validate() -> None:
    """Check graph_data: every problem at once, each with file:line, record and field.

    Exit status: 0 no problems, 1 problems found, 2 the checks could not run.

    \b
    Examples:
      pactgraph validate
      pactgraph --data my_data validate
    """
    from pactgraph.load.checks import validate as run_validate

    report = run_validate(data_dir=settings().data_dir)
    click.echo(report.text())
    sys.exit(report.exit_code)


@cli.command()
@_rdf_output("the inferred graph")
@global_options
@reports_errors
def reason(output: Path | None, format_: str | None) -> None:
    """OWL 2 RL inferences of the ontology and data, kept in their own graph.

    The store holds them in pgid:graph/inferred, made when it is built (only what the ontology
    marks as materialised, never "an ally of an ally"). Read commands include them unless
    given --no-inferred. A summary goes to stderr; -o writes the inferred triples.

    \b
    Examples:
      pactgraph reason
      pactgraph reason -o build/inferred.ttl
      pactgraph query -e 'SELECT ?pact WHERE { ?pact a pg:DefensePact }' --no-inferred
    """
    from pactgraph.store.embedded import reason as run_reason

    options = settings()
    result = run_reason(
        data_dir=options.data_dir,
        store_dir=options.store,
        output=output,
        format=format_,
        progress=progress,
    )
    where = f"; wrote {output}" if output is not None else ""
    click.echo(result.summary() + where, err=True)


def main() -> None:
    cli(prog_name="pactgraph")
