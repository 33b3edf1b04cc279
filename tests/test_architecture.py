"""The package's shape (DESIGN §2): layer folders, no import cycle, a small top level."""

from __future__ import annotations

from pathlib import Path

import grimp
import networkx as nx

import pactgraph

PACKAGE = Path(pactgraph.__file__).parent


def test_no_import_cycle_between_any_two_modules() -> None:
    """Imports inside functions count; only type-checking imports are left out."""
    graph = grimp.build_graph("pactgraph", exclude_type_checking_imports=True)
    imports = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported != "pactgraph":  # the package's lazy __getattr__ is not an import
                imports.add_edge(module, imported)
    assert list(nx.simple_cycles(imports)) == []


def test_the_top_level_holds_the_api_and_the_layers() -> None:
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    layers = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert len(modules) <= 12
    assert layers == ["ask", "cli", "importers", "load", "model", "store", "views"]


def test_no_module_is_named_utils() -> None:
    assert not [p for p in PACKAGE.rglob("*.py") if p.stem in ("utils", "helpers", "misc")]
