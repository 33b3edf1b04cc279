"""The public API: every name in __all__ is the function or class it claims, however many
submodules were imported first, and importing the package stays cheap."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys

import pytest

import pactgraph


def _import_every_submodule() -> list[str]:
    names = [
        module.name
        for module in pkgutil.walk_packages(pactgraph.__path__, prefix="pactgraph.")
        if not module.name.endswith("__main__")
    ]
    for name in names:
        importlib.import_module(name)
    return names


@pytest.mark.parametrize("name", pactgraph.__all__)
def test_every_public_name_is_what_it_claims_after_every_import(name: str) -> None:
    _import_every_submodule()
    for _ in range(2):  # a submodule of the same name must not shadow it on the second look
        value = getattr(pactgraph, name)
        assert inspect.isclass(value) or inspect.isfunction(value), (name, value)
        assert not inspect.ismodule(value)
        assert value.__name__ in (name, "run")  # run_query is queries.run under its public name


def test_trace_works_twice() -> None:
    """Once a regression: ``pactgraph.trace`` became the submodule after its first call."""
    graph = pactgraph.Graph.in_memory()
    first = pactgraph.trace(graph.backend, target="North Korea", graphs=graph.graphs)
    second = pactgraph.trace(graph.backend, target="North Korea", graphs=graph.graphs)
    assert first == second
    assert [c.committer.label for c in first.commitments] == ["China", "Russia"]


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        pactgraph.nope  # type: ignore[attr-defined]  # noqa: B018


def test_importing_the_package_is_cheap() -> None:
    code = (
        "import sys, pactgraph; print(sorted(m for m in ('rdflib', 'pyoxigraph', 'yaml') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
