"""Pairs: scans of one predicate, kept by a base and replayed with what was added since."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from pactgraph.store.pairs import (
    Recorder,
    joined,
    load_scans,
    oxigraph_pairs,
    replayed,
    triple_pairs,
)

EX = "http://example.org/"
KNOWS, TYPE = EX + "knows", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def node(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def store_with(graph: str, *triples: tuple[str, str, str]) -> ox.Store:
    store = ox.Store()
    for s, p, o in triples:
        store.add(ox.Quad(node(s), ox.NamedNode(p), node(o), node(graph)))
    return store


def test_a_recorder_keeps_whole_scans_only_and_saves_them(tmp_path: Path) -> None:
    store = store_with("base", ("a", KNOWS, "b"), ("a", TYPE, "Person"), ("c", TYPE, "Place"))
    recorder = Recorder(oxigraph_pairs(store, [EX + "base"]))
    assert sorted(recorder(KNOWS, None, None)) == [(EX + "a", EX + "b")]
    assert list(recorder(TYPE, EX + "Person", None)) == [(EX + "a", EX + "Person")]
    assert list(recorder(TYPE, None, EX + "c")) == [(EX + "c", EX + "Place")]
    recorder.save(tmp_path / "scans.pickle")
    assert load_scans(tmp_path / "scans.pickle") == {
        (KNOWS, None): [(EX + "a", EX + "b")],
        (TYPE, EX + "Person"): [(EX + "a", EX + "Person")],
    }
    assert load_scans(tmp_path / "absent.pickle") is None


def test_replayed_scans_add_what_was_added_and_ask_the_store_for_the_rest() -> None:
    store = store_with("base", ("a", KNOWS, "b"), ("c", TYPE, "Place"))
    recorder = Recorder(oxigraph_pairs(store, [EX + "base"]))
    recorder(KNOWS, None, None)
    store.add(ox.Quad(node("b"), ox.NamedNode(KNOWS), node("c"), node("added")))
    store.add(ox.Quad(node("d"), ox.NamedNode(TYPE), node("Place"), node("added")))
    inferred = [ox.Triple(node("c"), ox.NamedNode(KNOWS), node("a"))]
    every = oxigraph_pairs(store, [EX + "base", EX + "added"])
    pairs = replayed(
        recorder.scans,
        added=joined(oxigraph_pairs(store, [EX + "added"]), triple_pairs(inferred)),
        everything=every,
    )
    # A kept scan, plus the added graph and the new inferences.
    assert sorted(pairs(KNOWS, None, None)) == [
        (EX + "a", EX + "b"),
        (EX + "b", EX + "c"),
        (EX + "c", EX + "a"),
    ]
    # A scan the base never ran, and one node's values: read from the store.
    assert sorted(pairs(TYPE, EX + "Place", None)) == [
        (EX + "c", EX + "Place"),
        (EX + "d", EX + "Place"),
    ]
    assert list(pairs(KNOWS, None, EX + "b")) == [(EX + "b", EX + "c")]


def test_triple_pairs_filter_by_object_and_subject() -> None:
    triples = [
        ox.Triple(node("a"), ox.NamedNode(TYPE), node("Person")),
        ox.Triple(node("b"), ox.NamedNode(TYPE), node("Place")),
    ]
    pairs = triple_pairs(triples)
    assert list(pairs(TYPE, EX + "Place", None)) == [(EX + "b", EX + "Place")]
    assert list(pairs(TYPE, None, EX + "a")) == [(EX + "a", EX + "Person")]
    assert list(pairs(KNOWS, None, None)) == []
