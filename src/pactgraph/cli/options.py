"""What every command shares: global options, the selected backend, errors mapped to exit codes.

Exit codes: 0 success, 1 checks found problems, 2 usage or input error, 3 store or endpoint
unreachable (or a query stopped at its deadline), 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from pactgraph.graph import Graph
    from pactgraph.store.backends import Backend

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_TIMEOUT = 120.0  # the store's own default (store.backends), without importing it here
SHOWN_PROBLEMS = 20  # beyond this a failed command points to `validate`, which lists them all


@dataclass(frozen=True)
class Settings:
    """Global options, carried by click's context object (no module-global state)."""

    data: Path | None = None
    store: Path | None = None
    endpoint: str | None = None
    debug: bool = False
    timeout: float = DEFAULT_TIMEOUT
    allow_service: bool = False

    @property
    def data_dir(self) -> Path:
        from pactgraph.model.resources import default_data_dir

        return self.data or default_data_dir()


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A YYYY-MM-DD date; anything else fails with the format expected."""

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


DATE = DateType()
FORMAT = click.option(
    "--format",
    "format_",
    type=click.Choice(["table", "json"]),
    default="table",
    help="output format [default: table]",
)
AS_OF = click.option(
    "--as-of", type=DATE, default=None, help="the date to answer for, YYYY-MM-DD [default: today]"
)
INFERRED = click.option(
    "--inferred/--no-inferred",
    default=True,
    help="include the reasoner's graph (pgid:graph/inferred) [default: --inferred]",
)


def _remember(field: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """Store a global option in the context object, wherever on the line it was given."""

    def callback(ctx: click.Context, _: click.Parameter, value: Any) -> Any:
        if value is not None and value is not False:
            root = ctx.find_root()
            root.obj = replace(root.obj or Settings(), **{field: value})
        return value

    return callback


def global_options(command: F) -> F:
    """--data, --store, --endpoint, --timeout, --allow-service and --debug, accepted before or
    after the command name."""
    directory = click.Path(file_okay=False, path_type=Path)
    options: list[tuple[str, dict[str, Any]]] = [
        ("data", {"type": directory, "help": "graph_data directory [default: shipped data]"}),
        (
            "store",
            {
                "type": directory,
                "help": "directory of the embedded store [default: ~/.cache/pactgraph/store]",
            },
        ),
        (
            "endpoint",
            {"metavar": "URL", "help": "run read commands against this SPARQL 1.1 query endpoint"},
        ),
        (
            "timeout",
            {
                "type": Seconds(),
                "metavar": "SECONDS",
                "envvar": "PACTGRAPH_TIMEOUT",
                "help": "stop any query that runs longer, on the store or an endpoint "
                f"[default: {DEFAULT_TIMEOUT:g}; env PACTGRAPH_TIMEOUT]",
            },
        ),
        (
            "allow-service",
            {
                "is_flag": True,
                "envvar": "PACTGRAPH_ALLOW_SERVICE",
                "help": "let queries call other servers with SERVICE (federated queries; "
                "refused by default) [env PACTGRAPH_ALLOW_SERVICE=1]",
            },
        ),
        ("debug", {"is_flag": True, "help": "show tracebacks instead of short messages"}),
    ]
    for name, extra in reversed(options):
        option = click.option(
            f"--{name}",
            expose_value=False,
            callback=_remember(name.replace("-", "_")),
            is_eager=True,
            **extra,
        )
        command = option(command)
    return command


class Seconds(click.FloatRange):
    """A positive, finite number of seconds: FloatRange lets "nan" through (it compares false
    with any bound), which would turn the deadline off."""

    def __init__(self) -> None:
        super().__init__(min=0, min_open=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import math

        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number of seconds", param, ctx)
        return number


def settings() -> Settings:
    ctx = click.get_current_context().find_root()
    return ctx.obj if isinstance(ctx.obj, Settings) else Settings()


def progress(message: str) -> None:
    """A step of a long operation on stderr. On a terminal every step; piped, the steps under
    way ("…") are left out, but for the notice that the store is being rebuilt (it explains a
    minute's wait); summaries ("13 rows read, 10 records made") always show."""
    steps = message.endswith("…") and not message.startswith("building the store")
    if _is_terminal(sys.stderr) or not steps:
        click.echo(message, err=True)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class Status:
    """A status line on stderr while something slow runs, redrawn with the seconds taken;
    erased when done. Only on a terminal: piped or redirected, it writes nothing."""

    DELAY = 0.5  # seconds before the line appears: quick commands never flash it

    def __init__(self, message: str, *, stream: Any = None) -> None:
        self.message = message
        self.stream = stream if stream is not None else sys.stderr
        self.shown = False
        self._stop: threading.Event | None = None
        self._thread: threading.Thread | None = None

    def __call__(self, message: str) -> None:
        """Take a new message (a ``progress`` callback for library functions)."""
        self.message = message

    def __enter__(self) -> Status:
        if _is_terminal(self.stream):
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._started = time.monotonic()
            self._thread.start()
        return self

    def _run(self) -> None:
        assert self._stop is not None
        if self._stop.wait(self.DELAY):
            return
        while True:
            elapsed = time.monotonic() - self._started
            self.stream.write(f"\r\x1b[K{self.message} {elapsed:.0f} s")
            self.stream.flush()
            self.shown = True
            if self._stop.wait(0.5):
                return

    def __exit__(self, *_: object) -> None:
        if self._stop is not None and self._thread is not None:
            self._stop.set()
            self._thread.join()
            if self.shown:
                self.stream.write("\r\x1b[K")
                self.stream.flush()


def backend() -> Backend:
    """The backend the global options select: --endpoint, else the embedded store."""
    from pactgraph.store.embedded import open_backend

    options = settings()
    return open_backend(
        data_dir=options.data_dir,
        store_dir=options.store,
        endpoint=options.endpoint,
        progress=progress,
        timeout=options.timeout,
        allow_service=options.allow_service,
    )


def graph(*, inferred: bool = True) -> Graph:
    """The dataset the global options select, reading curated data, imports and, with
    ``inferred``, the reasoner's graph."""
    from pactgraph.graph import Graph

    return Graph.of(backend(), inferred=inferred)


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """click.echo, made harmless for a terminal: messages (stderr) always, results (stdout) when
    it is a terminal — a file or pipe gets the answer's text as it is."""
    stream = sys.stderr if err else sys.stdout
    if err or _is_terminal(stream):
        from pactgraph.views.terminal import printable

        text = printable(text)
    click.echo(text, err=err, nl=nl)


def _fail(error: Exception, code: int) -> None:
    if settings().debug:
        raise error
    echo(f"error: {error}", err=True)
    sys.exit(code)


def reports_errors(command: F) -> F:
    """Turn library errors into a message on stderr and an exit code, unless --debug."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from pactgraph.errors import InputError, PactgraphError

        try:
            return command(*args, **kwargs)
        except InputError as error:
            if settings().debug:
                raise
            for problem in error.problems[:SHOWN_PROBLEMS]:
                echo(str(problem), err=True)
            count = len(error.problems)
            if count > SHOWN_PROBLEMS:
                hidden = count - SHOWN_PROBLEMS
                click.echo(f"… and {hidden} more: 'pactgraph validate' lists them all", err=True)
            click.echo(
                f"error: {count} problem{'s' if count != 1 else ''} in the input; "
                "nothing was written",
                err=True,
            )
            sys.exit(error.exit_code)
        except PactgraphError as error:
            _fail(error, error.exit_code)
        except KeyboardInterrupt:
            if settings().debug:
                raise
            click.echo("interrupted", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as error:
            # A bug, not the user's doing: one line, and the way to the traceback.
            if settings().debug:
                raise
            echo(
                f"error: internal error ({type(error).__name__}: {error}); "
                "--debug shows the traceback",
                err=True,
            )
            sys.exit(1)

    return wrapper  # type: ignore[return-value]
