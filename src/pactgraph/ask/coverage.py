"""What the record covers (DESIGN §4, currency): so that a partial answer is never read as whole.

Two questions. :func:`record_scope` is the one line trace, explain and timeline end with: the span
of the curated sources, the datasets imported and where their coverage ends, and, for an actor no
curated commitment names in a store without imports, that ``pactgraph import atop`` adds ATOP's
1815-2018 alliances. :func:`coverage` is the ``coverage`` command: that line, and the commitments
in force on the cut-off date whose latest source is older than it, grouped by agreement and ranked
by how many actors they connect, so that the gap is known rather than hidden.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pactgraph.ask.evidence import Ref, Result
from pactgraph.ask.names import labels_for
from pactgraph.model.dates import PartialDate
from pactgraph.model.terms import Term
from pactgraph.model.vocab import GRAPH_CURATED, SPARQL_PREFIXES
from pactgraph.store.backends import Backend, Solutions

_DOCUMENTS = (
    SPARQL_PREFIXES
    + """SELECT ?document ?label ?issued ?coverage WHERE {
  ?document a pg:Document .
  OPTIONAL { ?document rdfs:label ?label }
  OPTIONAL { ?document dcterms:issued ?issued }
  OPTIONAL { ?document pg:coverageEnd ?coverage }
}"""
)

_NAMED_IN_CURATED = (
    SPARQL_PREFIXES
    + """SELECT ?c WHERE { { ?c pg:committer %s } UNION { ?c pg:beneficiary %s }
  ?c a pg:Commitment } LIMIT 1"""
)

# Each commitment's parties, basis, end, and the dates its sources (and its basis's) vouch for.
_SOURCES = (
    SPARQL_PREFIXES
    + """SELECT ?c ?committer ?beneficiary ?basis ?to_day ?issued ?coverage WHERE {
  ?c a pg:Commitment ; pg:committer ?committer ; pg:beneficiary ?beneficiary .
  OPTIONAL { ?c pg:basis ?basis }
  OPTIONAL { ?c pg:validToDay ?to_day }
  { ?c prov:wasDerivedFrom ?document } UNION { ?c pg:basis/prov:wasDerivedFrom ?document }
  OPTIONAL { ?document dcterms:issued ?issued }
  OPTIONAL { ?document pg:coverageEnd ?coverage }
}"""
)

ATOP_HINT = "`pactgraph import atop DIR` adds ATOP 5.1's alliances, 1815-2018"


@dataclass(frozen=True)
class Dataset(Result):
    """An imported dataset and the last day its records vouch for."""

    id: str
    label: str
    coverage_end: str | None


@dataclass(frozen=True)
class Scope(Result):
    """What the record an answer came from covers."""

    curated_from: str | None
    curated_to: str | None
    datasets: tuple[Dataset, ...]
    hint: str | None = None

    def text(self) -> str:
        """One line: ``Record: curated sources dated 1949 to 2026; imported: …``."""
        if self.curated_from and self.curated_to:
            curated = f"curated sources dated {self.curated_from} to {self.curated_to}"
        else:
            curated = "no dated curated source"
        if self.datasets:
            imported = "; imported: " + ", ".join(
                f"{d.label} (to {d.coverage_end})" if d.coverage_end else d.label
                for d in self.datasets
            )
        else:
            imported = "; no dataset imported"
        return f"Record: {curated}{imported}." + (f" {self.hint}." if self.hint else "")


@dataclass(frozen=True)
class StaleGroup(Result):
    """Commitments under one agreement whose latest source predates the cut-off."""

    agreement: Ref | None
    actors: int
    commitments: int
    latest_source: str


@dataclass(frozen=True)
class Coverage(Result):
    """The ``coverage`` command's answer."""

    record: Scope
    stale_before: str
    groups: tuple[StaleGroup, ...]


def record_scope(backend: Backend, *, graphs: Sequence[str], target: str | None = None) -> Scope:
    """The span of the curated sources and the imported datasets; with ``target`` (an IRI), the
    hint to import ATOP when nothing curated names it and nothing is imported.

    The embedded store keeps the span beside itself (``scope-*.json``, named like the network
    files): reading every document on each question would cost a cold trace a fifth of its time.
    """
    kept = _kept(backend, graphs)
    scope = _load_scope(kept) if kept else None
    if scope is None:
        scope = _scope(backend, graphs)
        if kept:
            with contextlib.suppress(OSError):  # a read-only store answers all the same
                partial = kept.with_suffix(".partial")
                partial.write_text(json.dumps(scope.to_json()), encoding="utf-8")
                partial.replace(kept)
    if target is None or scope.datasets:
        return scope
    curated = [GRAPH_CURATED] if GRAPH_CURATED in graphs else graphs
    if _rows(backend, _NAMED_IN_CURATED.replace("%s", f"<{target}>"), curated):
        return scope
    return dataclasses.replace(
        scope, hint=f"No curated commitment to or from this actor: {ATOP_HINT}"
    )


def _kept(backend: Backend, graphs: Sequence[str]) -> Path | None:
    from pactgraph.store.selection import graphs_key

    directory = getattr(backend, "path", None)  # the embedded store's folder; None elsewhere
    return Path(directory) / f"scope-{graphs_key(graphs)}.json" if directory else None


def _load_scope(path: Path) -> Scope | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
        return Scope(
            curated_from=value["curated_from"],
            curated_to=value["curated_to"],
            datasets=tuple(Dataset(**item) for item in value["datasets"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _scope(backend: Backend, graphs: Sequence[str]) -> Scope:
    datasets = [
        Dataset(
            Ref.of(row["document"].value, {}).id,
            row["label"].value if "label" in row else row["document"].value,
            row["coverage"].value,
        )
        for row in _rows(backend, _DOCUMENTS, graphs)
        if "coverage" in row
    ]
    # Dated by the curated graph's own documents (a store may lack it: then every undated-coverage
    # document in the union counts).
    curated = [GRAPH_CURATED] if GRAPH_CURATED in graphs else graphs
    curated_dates = [
        PartialDate.parse(row["issued"].value)
        for row in _rows(backend, _DOCUMENTS, curated)
        if "issued" in row and "coverage" not in row
    ]
    curated_dates.sort(key=lambda date: date.first_day)
    return Scope(
        curated_from=str(curated_dates[0]) if curated_dates else None,
        curated_to=str(curated_dates[-1]) if curated_dates else None,
        datasets=tuple(sorted(datasets, key=lambda d: d.id)),
    )


def coverage(
    backend: Backend, *, stale_before: dt.date | None = None, graphs: Sequence[str]
) -> Coverage:
    """The record's scope, and the commitments not ended by ``stale_before`` (default: two years
    before today) whose latest source is older, by agreement, most actors first."""
    cutoff = stale_before or two_years_ago(dt.date.today())
    latest: dict[str, PartialDate | None] = {}  # None: no dated source
    pairs: dict[str, tuple[str, str, str | None]] = {}
    for row in _rows(backend, _SOURCES, graphs):
        key = row["c"].value
        if "to_day" in row and dt.date.fromisoformat(row["to_day"].value) <= cutoff:
            continue  # ended before the cut-off: not a gap
        vouched = row.get("coverage") or row.get("issued")
        date = PartialDate.parse(vouched.value) if vouched else None
        latest[key] = _newer(latest.get(key), date)
        basis = row["basis"].value if "basis" in row else None
        pairs[key] = (row["committer"].value, row["beneficiary"].value, basis)
    by_basis: dict[str | None, list[str]] = {}
    for key, date in latest.items():
        if date is None or date.last_day < cutoff:
            by_basis.setdefault(pairs[key][2], []).append(key)
    labels = labels_for(backend, [b for b in by_basis if b], graphs)
    groups = []
    for basis, keys in by_basis.items():
        actors = {actor for key in keys for actor in pairs[key][:2]}
        newest: PartialDate | None = None
        for key in keys:
            newest = _newer(newest, latest[key])
        groups.append(
            StaleGroup(
                agreement=Ref.of(basis, labels) if basis else None,
                actors=len(actors),
                commitments=len(keys),
                latest_source=str(newest) if newest else "undated",
            )
        )
    groups.sort(key=lambda g: (-g.actors, -g.commitments, g.agreement.id if g.agreement else ""))
    return Coverage(
        record=record_scope(backend, graphs=graphs),
        stale_before=cutoff.isoformat(),
        groups=tuple(groups),
    )


def _newer(one: PartialDate | None, other: PartialDate | None) -> PartialDate | None:
    if one is None or other is None:
        return one or other
    return other if other.last_day > one.last_day else one


def two_years_ago(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - 2)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 2, day=28)


def _rows(backend: Backend, query: str, graphs: Sequence[str]) -> list[dict[str, Term]]:
    answer = backend.run(query, graphs=graphs)
    assert isinstance(answer, Solutions)
    return answer.dicts()
