"""Where the shipped ontology, curated data and named queries are.

In a wheel they sit inside the package; in a source checkout (editable install) at the top of the
repository, where contributors edit them.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # src/pactgraph, or the installed package


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent.parent / name


def default_data_dir() -> Path:
    return _shipped("graph_data")


def ontology_dir() -> Path:
    return _shipped("ontology")


def queries_dir() -> Path:
    return _shipped("queries")
