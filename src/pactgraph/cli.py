"""The ``pactgraph`` command line: parse, call one library function, map errors to exit codes.

Exit codes: 0 success, 1 checks found problems, 2 usage or input error, 3 store or endpoint
unreachable.
Library modules are imported inside the commands so that ``pactgraph --help`` starts fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

_VERSIONED = ("rdflib", "pyoxigraph", "owlready2", "networkx", "pyvis", "click", "PyYAML")


@dataclass(frozen=True)
class Settings:
    """Global options, carried by click's context object (no module-global state)."""

    data: Path | None = None
    store: Path | None = None
    debug: bool = False

    @property
    def data_dir(self) -> Path:
        from .resources import default_data_dir

        return self.data or default_data_dir()


def _version_text() -> str:
    lines = [f"pactgraph {metadata.version('pactgraph')}"]
    for name in _VERSIONED:
        try:
            lines.append(f"  {name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"  {name} (not installed)")
    lines.append(f"  python {sys.version.split()[0]}")
    return "\n".join(lines)


def _show_version(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_version_text())
        ctx.exit()


def _remember(field: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """Store a global option in the context object, wherever on the line it was given."""

    def callback(ctx: click.Context, _: click.Parameter, value: Any) -> Any:
        if value is not None and value is not False:
            root = ctx.find_root()
            root.obj = replace(root.obj or Settings(), **{field: value})
        return value

    return callback


def global_options(command: F) -> F:
    """--data, --store and --debug, accepted before or after the command name."""
    options = [
        click.option(
            "--data",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            expose_value=False,
            callback=_remember("data"),
            is_eager=True,
            help="graph_data directory [default: the shipped data]",
        ),
        click.option(
            "--store",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            expose_value=False,
            callback=_remember("store"),
            is_eager=True,
            help="directory of the embedded store [default: the user cache]",
        ),
        click.option(
            "--debug",
            is_flag=True,
            default=False,
            expose_value=False,
            callback=_remember("debug"),
            is_eager=True,
            help="show tracebacks instead of short messages",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def settings() -> Settings:
    ctx = click.get_current_context().find_root()
    return ctx.obj if isinstance(ctx.obj, Settings) else Settings()


def reports_errors(command: F) -> F:
    """Turn library errors into a message on stderr and an exit code, unless --debug."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .problems import InputError, SetupError

        try:
            return command(*args, **kwargs)
        except (InputError, SetupError) as error:
            if settings().debug:
                raise
            if isinstance(error, InputError):
                for problem in error.problems:
                    click.echo(str(problem), err=True)
                count = len(error.problems)
                click.echo(
                    f"error: {count} problem{'s' if count != 1 else ''} in the input; "
                    "nothing was written",
                    err=True,
                )
            else:
                click.echo(f"error: {error}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="file to write (atomically) [default: stdout]",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["turtle", "nt", "jsonld", "xml"]),
    default=None,
    help="RDF syntax [default: from the file suffix, else turtle]",
)
@global_options
@reports_errors
def build(output: Path | None, format_: str | None) -> None:
    """Compile the ontology and graph_data into one RDF file.

    The same input always gives byte-identical N-Triples. A failed build leaves any earlier
    output untouched. RDF/XML (--format xml, or a .owl/.rdf file) opens in Protégé.

    \b
    Examples:
      pactgraph build -o build/pactgraph.ttl
      pactgraph build --format nt > pactgraph.nt
      pactgraph build -o build/pactgraph.owl
    """
    from .export import build as run_build

    result, data = run_build(data_dir=settings().data_dir, output=output, format=format_)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    click.echo(result.summary(), err=True)


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
    from .checks import validate as run_validate

    report = run_validate(data_dir=settings().data_dir)
    click.echo(report.text())
    sys.exit(report.exit_code)


def main() -> None:
    cli(prog_name="pactgraph")
