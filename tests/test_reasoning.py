"""OWL 2 RL inferences: each declared kind, nothing transitive, apart from the asserted graphs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, URIRef

from pactgraph.load.export import compile_graph
from pactgraph.model import vocab
from pactgraph.model.resources import default_data_dir
from pactgraph.store.dataset import named_graphs
from pactgraph.store.embedded import reason
from pactgraph.store.reasoning import (
    ENGINE,
    Inference,
    inferred_graph,
    materialise,
    materialise_change,
    reference_inferences,
)

from .conftest import MINIMAL, write_data

PG = vocab.ONTOLOGY
ID = vocab.INSTANCES


def store_of(graphs: dict[str, Graph]) -> ox.Store:
    store = ox.Store()
    for name, graph in graphs.items():
        data = graph.serialize(format="nt", encoding="utf-8")
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    return store


def inferred(graphs: dict[str, Graph]) -> set[tuple[str, str, str]]:
    store = store_of(graphs)
    materialise(store)
    return {(str(s), str(p), str(o)) for s, p, o in inferred_graph(store)}


def plain(name: str) -> str:
    return textwrap.dedent(MINIMAL[name])


def t(s: str, p: str, o: str) -> tuple[str, str, str]:
    """A triple written short: pgid and pg local names, 'a' for rdf:type."""
    return ID + s, str(RDF.type) if p == "a" else PG + p, (PG + o if p == "a" else ID + o)


def test_each_declared_inference_on_a_small_graph(minimal_data: Path) -> None:
    result = inferred(named_graphs(data_dir=minimal_data))
    assert result == {
        t("state/RUS", "makesCommitment", "commitment/ru-kp"),
        t("agreement/treaty", "basisOf", "commitment/ru-kp"),
        t("state/RUS", "committedTo", "state/PRK"),
        t("commitment/ru-kp", "a", "DefenseCommitment"),
        t("commitment/ru-kp", "a", "BindingDefenseCommitment"),
        t("commitment/ru-kp", "a", "SecurityCommitment"),
        t("agreement/treaty", "a", "DefensePact"),
        t("state/RUS", "a", "TreatyAlly"),
    }  # North Korea is committed to, but commits to nobody: not a treaty ally


def test_inverse_properties_both_ways(minimal_data: Path) -> None:
    """The curated triples state party and partyTo both; an imported graph may state one."""
    graphs = named_graphs(data_dir=minimal_data)
    curated = graphs[vocab.GRAPH_CURATED]
    curated.remove((None, URIRef(PG + "partyTo"), None))
    curated.remove(
        (URIRef(ID + "agreement/treaty"), URIRef(PG + "party"), URIRef(ID + "state/RUS"))
    )
    curated.add((URIRef(ID + "state/RUS"), URIRef(PG + "partyTo"), URIRef(ID + "agreement/treaty")))
    result = inferred(graphs)
    assert t("state/PRK", "partyTo", "agreement/treaty") in result
    assert t("agreement/treaty", "party", "state/RUS") in result


def test_offers_and_other_obligations_are_not_defence_pacts(tmp_path: Path) -> None:
    commitments = plain("commitments.yaml").replace(
        "obligation: defense", "obligation: defense\n  modality: offered"
    )
    extended = plain("commitments.yaml").replace("ru-kp", "ru-kp-nuclear")
    extended = extended.replace("obligation: defense", "obligation: extended_deterrence")
    data = write_data(tmp_path / "data", {**MINIMAL, "commitments.yaml": commitments + extended})
    result = inferred(named_graphs(data_dir=data))
    assert t("commitment/ru-kp", "a", "DefenseCommitment") in result
    assert t("commitment/ru-kp", "a", "BindingDefenseCommitment") not in result
    assert t("commitment/ru-kp-nuclear", "a", "ExtendedDeterrenceCommitment") in result
    assert t("commitment/ru-kp-nuclear", "a", "SecurityCommitment") in result
    assert t("agreement/treaty", "a", "DefensePact") not in result
    assert t("state/RUS", "a", "TreatyAlly") not in result


def test_an_ally_of_an_ally_is_not_inferred(tmp_path: Path) -> None:
    actors = plain("actors.yaml") + "- id: state/SYR\n  kind: state\n  label: Syria\n"
    second = (
        plain("commitments.yaml")
        .replace("commitment/ru-kp", "commitment/kp-sy")
        .replace("committer: state/RUS", "committer: state/PRK")
        .replace("beneficiary: state/PRK", "beneficiary: state/SYR")
        .replace('  basis: agreement/treaty\n  article: "4"\n', "")
    )
    data = write_data(
        tmp_path / "data",
        {**MINIMAL, "actors.yaml": actors, "commitments.yaml": second + plain("commitments.yaml")},
    )
    committed = {
        (s, o) for s, p, o in inferred(named_graphs(data_dir=data)) if p == PG + "committedTo"
    }
    assert committed == {(ID + "state/PRK", ID + "state/SYR"), (ID + "state/RUS", ID + "state/PRK")}


def test_nothing_asserted_is_repeated_and_the_summary_counts_kinds() -> None:
    graphs = named_graphs(data_dir=default_data_dir(), inferred=False)
    store = store_of(graphs)
    result = materialise(store)
    asserted = set().union(*(set(g) for g in graphs.values()))
    assert not set(inferred_graph(store)) & asserted
    assert dict(result.counts) == {
        "pg:BindingDefenseCommitment": 206,
        "pg:DefenseCommitment": 206,
        "pg:DefensePact": 11,
        "pg:ExtendedDeterrenceCommitment": 3,
        "pg:SecurityCommitment": 209,
        "pg:TreatyAlly": 44,
        "pg:basisOf": 226,
        "pg:committedTo": 213,
        "pg:makesCommitment": 228,
    }
    assert result.engine == ENGINE
    assert materialise(store).counts == result.counts  # run again: replaced, not added to


def test_the_rules_derive_what_owlrl_derives_on_the_curated_graph() -> None:
    """The fast engine is checked against the reference engine (owlrl's full OWL 2 RL closure)."""
    graphs = named_graphs(data_dir=default_data_dir())
    store = store_of(graphs)
    materialise(store)
    union, _ = compile_graph(data_dir=default_data_dir())
    assert set(inferred_graph(store)) == set(reference_inferences(union, engine="owlrl"))


@pytest.mark.parametrize("parts", [2, 3, 7])
def test_a_change_infers_what_a_build_from_nothing_infers(parts: int) -> None:
    """The curated data dealt into two graphs: reasoning over one, then over what adding the other
    adds, gives what reasoning over both at once gives (so a store rebuilt from a base is right)."""
    graphs = named_graphs(data_dir=default_data_dir(), inferred=False)
    curated = sorted(graphs.pop(vocab.GRAPH_CURATED), key=str)
    changed, kept = Graph(), Graph()
    for n, triple in enumerate(curated):
        (changed if n % parts == 0 else kept).add(triple)
    graphs[vocab.import_graph("kept")] = kept
    base = store_of(graphs)
    before = materialise(base)
    data = changed.serialize(format="nt", encoding="utf-8")
    base.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(vocab.GRAPH_CURATED))
    after, new = materialise_change(base, changed=vocab.GRAPH_CURATED)

    whole = store_of({**graphs, vocab.GRAPH_CURATED: changed})
    expected = materialise(whole)
    assert set(inferred_graph(base)) == set(inferred_graph(whole))
    assert after.counts == expected.counts
    assert 0 < len(new) < expected.total  # something was inferred from the change, not all
    assert before.total < expected.total


def test_summary_saved_with_the_store_and_the_graph_written(
    minimal_data: Path, tmp_path: Path
) -> None:
    result = reason(data_dir=minimal_data, store_dir=tmp_path / "s", output=tmp_path / "inf.nt")
    assert (result.total, result.rounds) == (8, 3)
    assert result.summary().startswith("inferred 8 triples in ")
    assert result.summary().endswith(
        f"(3 rounds; {ENGINE}): 1 pg:BindingDefenseCommitment, 1 pg:DefenseCommitment, "
        "1 pg:DefensePact, 1 pg:SecurityCommitment, 1 pg:TreatyAlly, 1 pg:basisOf, "
        "1 pg:committedTo, 1 pg:makesCommitment"
    )
    written = Graph().parse(tmp_path / "inf.nt", format="nt")
    assert len(written) == 8
    assert (URIRef(ID + "state/RUS"), RDF.type, URIRef(PG + "TreatyAlly")) in written
    assert Inference.load(tmp_path / "nowhere") is None
