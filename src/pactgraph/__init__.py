"""pactgraph: a knowledge graph of who is committed to whom.

The public API mirrors the command line: each command calls one of these functions. Names are
imported on first use, so that ``pactgraph --help`` does not pay for the whole library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pactgraph.ask.queries import get_query, list_queries
    from pactgraph.ask.queries import run as run_query
    from pactgraph.ask.trace import trace
    from pactgraph.errors import InputError, SetupError
    from pactgraph.importers.imports import (
        ImportSummary,
        import_atop,
        import_sipri,
        list_imports,
        remove_import,
    )
    from pactgraph.load.checks import Report, validate
    from pactgraph.load.curated import inspect, read_records
    from pactgraph.load.export import BuildResult, build, compile_graph, serialize
    from pactgraph.model.ontology import load_ontology, ontology_path
    from pactgraph.model.problems import Problem
    from pactgraph.model.resources import default_data_dir
    from pactgraph.store.embedded import (
        default_graphs,
        memory_backend,
        named_graphs,
        open_backend,
        open_store,
    )
    from pactgraph.store.reasoning import Inference, reason

_PUBLIC = {
    "Report": "load.checks",
    "validate": "load.checks",
    "inspect": "load.curated",
    "read_records": "load.curated",
    "BuildResult": "load.export",
    "build": "load.export",
    "compile_graph": "load.export",
    "serialize": "load.export",
    "ImportSummary": "importers.imports",
    "import_atop": "importers.imports",
    "import_sipri": "importers.imports",
    "list_imports": "importers.imports",
    "remove_import": "importers.imports",
    "load_ontology": "model.ontology",
    "ontology_path": "model.ontology",
    "InputError": "errors",
    "Problem": "model.problems",
    "SetupError": "errors",
    "default_data_dir": "model.resources",
    "get_query": "ask.queries",
    "list_queries": "ask.queries",
    "Inference": "store.reasoning",
    "reason": "store.embedded",
    "default_graphs": "store.dataset",
    "memory_backend": "store.embedded",
    "named_graphs": "store.dataset",
    "open_backend": "store.embedded",
    "open_store": "store.embedded",
    "trace": "ask.trace",
}
_RENAMED = {"run_query": ("ask.queries", "run")}

__all__ = [
    "BuildResult",
    "ImportSummary",
    "Inference",
    "InputError",
    "Problem",
    "Report",
    "SetupError",
    "build",
    "compile_graph",
    "default_data_dir",
    "default_graphs",
    "get_query",
    "import_atop",
    "import_sipri",
    "inspect",
    "list_imports",
    "list_queries",
    "load_ontology",
    "memory_backend",
    "named_graphs",
    "ontology_path",
    "open_backend",
    "open_store",
    "read_records",
    "reason",
    "remove_import",
    "run_query",
    "serialize",
    "trace",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
    if name in _RENAMED:
        module, attribute = _RENAMED[name]
        return getattr(importlib.import_module(f".{module}", __name__), attribute)
    raise AttributeError(f"module 'pactgraph' has no attribute {name!r}")
