"""The public API: every name in __all__ resolves, lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

import pactgraph


@pytest.mark.parametrize("name", pactgraph.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(pactgraph, name) is not None


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
