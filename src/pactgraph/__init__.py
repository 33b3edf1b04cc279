"""pactgraph: a knowledge graph of who is committed to whom.

Start from one object: ``Graph.open()`` (the embedded store), ``Graph.connect(url)`` (a SPARQL
endpoint) or ``Graph.in_memory()`` (rdflib); its methods are the commands (trace, explain,
timeline, analyze, query, view) and return typed, frozen answers with ``to_json()``. The
functions below build, validate, import and reason. Names are imported on first use, so that
``pactgraph --help`` does not pay for the whole library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pactgraph.ask.analysis import Analysis, analyze
    from pactgraph.ask.evidence import Reading, Ref, Source
    from pactgraph.ask.explain import Explanation, explain
    from pactgraph.ask.queries import NamedQuery, get_query, list_queries
    from pactgraph.ask.queries import run as run_query
    from pactgraph.ask.timeline import Timeline, timeline
    from pactgraph.ask.trace import Commitment, Trace, trace
    from pactgraph.errors import (
        EndpointError,
        InputError,
        PactgraphError,
        SetupError,
        UsageError,
    )
    from pactgraph.graph import Graph
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
    from pactgraph.store.dataset import default_graphs, named_graphs
    from pactgraph.store.embedded import (
        memory_backend,
        open_backend,
        open_store,
        push_dataset,
        reason,
    )
    from pactgraph.store.reasoning import Inference

_PUBLIC = {
    "analysis": ("Analysis", "analyze"),
    "evidence": ("Reading", "Ref", "Source"),
    "explain": ("Explanation", "explain"),
    "queries": ("NamedQuery", "get_query", "list_queries"),
    "timeline": ("Timeline", "timeline"),
    "trace": ("Commitment", "Trace", "trace"),
}
_MODULES = {
    **{name: f"ask.{module}" for module, names in _PUBLIC.items() for name in names},
    **dict.fromkeys(
        ("EndpointError", "InputError", "PactgraphError", "SetupError", "UsageError"), "errors"
    ),
    "Graph": "graph",
    **dict.fromkeys(
        ("ImportSummary", "import_atop", "import_sipri", "list_imports", "remove_import"),
        "importers.imports",
    ),
    "Report": "load.checks",
    "validate": "load.checks",
    "inspect": "load.curated",
    "read_records": "load.curated",
    **dict.fromkeys(("BuildResult", "build", "compile_graph", "serialize"), "load.export"),
    "load_ontology": "model.ontology",
    "ontology_path": "model.ontology",
    "Problem": "model.problems",
    "default_data_dir": "model.resources",
    "default_graphs": "store.dataset",
    "named_graphs": "store.dataset",
    **dict.fromkeys(
        ("memory_backend", "open_backend", "open_store", "push_dataset", "reason"),
        "store.embedded",
    ),
    "Inference": "store.reasoning",
}
_RENAMED = {"run_query": ("ask.queries", "run")}

__all__ = [
    "Analysis",
    "BuildResult",
    "Commitment",
    "EndpointError",
    "Explanation",
    "Graph",
    "ImportSummary",
    "Inference",
    "InputError",
    "NamedQuery",
    "PactgraphError",
    "Problem",
    "Reading",
    "Ref",
    "Report",
    "SetupError",
    "Source",
    "Timeline",
    "Trace",
    "UsageError",
    "analyze",
    "build",
    "compile_graph",
    "default_data_dir",
    "default_graphs",
    "explain",
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
    "push_dataset",
    "read_records",
    "reason",
    "remove_import",
    "run_query",
    "serialize",
    "timeline",
    "trace",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return getattr(importlib.import_module(f".{_MODULES[name]}", __name__), name)
    if name in _RENAMED:
        module, attribute = _RENAMED[name]
        return getattr(importlib.import_module(f".{module}", __name__), attribute)
    raise AttributeError(f"module 'pactgraph' has no attribute {name!r}")
