"""pactgraph: a knowledge graph of who is committed to whom.

The public API mirrors the command line: each command calls one of these functions. Names are
imported on first use, so that ``pactgraph --help`` does not pay for the whole library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .checks import Report, validate
    from .curated import inspect, read_records
    from .export import BuildResult, build, compile_graph, serialize
    from .ontology import load_ontology, ontology_path
    from .problems import InputError, Problem, SetupError
    from .resources import default_data_dir

_PUBLIC = {
    "Report": "checks",
    "validate": "checks",
    "inspect": "curated",
    "read_records": "curated",
    "BuildResult": "export",
    "build": "export",
    "compile_graph": "export",
    "serialize": "export",
    "load_ontology": "ontology",
    "ontology_path": "ontology",
    "InputError": "problems",
    "Problem": "problems",
    "SetupError": "problems",
    "default_data_dir": "resources",
}

__all__ = [
    "BuildResult",
    "InputError",
    "Problem",
    "Report",
    "SetupError",
    "build",
    "compile_graph",
    "default_data_dir",
    "inspect",
    "load_ontology",
    "ontology_path",
    "read_records",
    "serialize",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module 'pactgraph' has no attribute {name!r}")
