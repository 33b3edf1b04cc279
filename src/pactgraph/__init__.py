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
    from .imports import ImportSummary, import_atop, import_sipri, list_imports, remove_import
    from .ontology import load_ontology, ontology_path
    from .problems import InputError, Problem, SetupError
    from .queries import get_query, list_queries
    from .queries import run as run_query
    from .reasoning import Inference, reason
    from .resources import default_data_dir
    from .store import default_graphs, memory_backend, named_graphs, open_backend, open_store
    from .trace import trace

_PUBLIC = {
    "Report": "checks",
    "validate": "checks",
    "inspect": "curated",
    "read_records": "curated",
    "BuildResult": "export",
    "build": "export",
    "compile_graph": "export",
    "serialize": "export",
    "ImportSummary": "imports",
    "import_atop": "imports",
    "import_sipri": "imports",
    "list_imports": "imports",
    "remove_import": "imports",
    "load_ontology": "ontology",
    "ontology_path": "ontology",
    "InputError": "problems",
    "Problem": "problems",
    "SetupError": "problems",
    "default_data_dir": "resources",
    "get_query": "queries",
    "list_queries": "queries",
    "Inference": "reasoning",
    "reason": "reasoning",
    "default_graphs": "store",
    "memory_backend": "store",
    "named_graphs": "store",
    "open_backend": "store",
    "open_store": "store",
    "trace": "trace",
}
_RENAMED = {"run_query": ("queries", "run")}

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
