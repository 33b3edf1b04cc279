"""OWL 2 RL inferences: each declared kind, nothing transitive, apart from the asserted graphs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, URIRef

from pactgraph.load.curated import read_records
from pactgraph.load.export import compile_graph
from pactgraph.model import records as r
from pactgraph.model import vocab
from pactgraph.model.ontology import load_ontology
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


def expected_counts(records: tuple[r.AnyRecord, ...]) -> dict[str, int]:
    """What each materialised term should count, by the ontology's definitions, read off the
    records themselves (not from the reasoner): so the counts follow the curated data."""
    commitments = [c for c in records if isinstance(c, r.Commitment)]
    transfers = [t for t in records if isinstance(t, r.Transfer) and t.basis]
    states = {a.id for a in records if isinstance(a, r.Actor) and a.kind == "state"}
    defense = [c for c in commitments if c.obligation == "defense"]
    binding = [c for c in defense if c.modality == "binding"]
    deterrence = [c for c in commitments if c.obligation == "extended_deterrence"]
    return {
        "pg:BindingDefenseCommitment": len(binding),
        "pg:DefenseCommitment": len(defense),
        "pg:DefensePact": len({c.basis for c in binding if c.basis}),
        "pg:ExtendedDeterrenceCommitment": len(deterrence),
        "pg:SecurityCommitment": len(defense) + len(deterrence),
        "pg:TreatyAlly": len({c.committer for c in binding} & states),
        "pg:basisOf": len([c for c in commitments if c.basis]) + len(transfers),
        "pg:committedTo": len({(c.committer, c.beneficiary) for c in commitments}),
        "pg:makesCommitment": len(commitments),
    }


def test_nothing_asserted_is_repeated_and_the_summary_counts_kinds() -> None:
    graphs = named_graphs(data_dir=default_data_dir(), inferred=False)
    store = store_of(graphs)
    result = materialise(store)
    asserted = set().union(*(set(g) for g in graphs.values()))
    assert not set(inferred_graph(store)) & asserted
    assert dict(result.counts) == expected_counts(read_records(default_data_dir()))
    assert result.engine == ENGINE
    assert materialise(store).counts == result.counts  # run again: replaced, not added to


def without_large_pacts(union: Graph, records: tuple[r.AnyRecord, ...]) -> Graph:
    """The curated graph without the thousands of pairs written out for pacts of more than three
    parties (each with its conditions and derivations): owlrl takes minutes per 10,000 triples,
    and the pairs of NATO, the OAS or the EU add nothing the three-party pacts do not exercise."""
    large = {a.id for a in records if isinstance(a, r.Agreement) and len(a.parties) > 3}
    dropped = {
        str(vocab.INSTANCES + c.id)
        for c in records
        if isinstance(c, r.Commitment) and c.derived and c.basis in large
    }

    def statement(node: object) -> str:
        return "/".join(str(node).split("/")[:7])  # …/id/commitment/{slug}, its parts cut off

    kept = Graph()
    for s, p, o in union:
        if statement(s) not in dropped and str(o) not in dropped:
            kept.add((s, p, o))
    return kept


def test_the_rules_derive_what_owlrl_derives_on_the_curated_graph() -> None:
    """The fast engine is checked against the reference engine (owlrl's full OWL 2 RL closure),
    both on the same graph: the curated data, its largest pacts' pairs left out."""
    union, records = compile_graph(data_dir=default_data_dir())
    sample = without_large_pacts(union, records)
    assert len(sample) < len(union) / 3
    ontology = load_ontology()
    store = store_of(
        {
            vocab.GRAPH_ONTOLOGY: ontology,
            vocab.GRAPH_CURATED: sample - ontology,
        }
    )
    materialise(store)
    assert set(inferred_graph(store)) == set(reference_inferences(sample, engine="owlrl"))


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
    # The scratch graph of each round's new triples is gone.
    assert {g.value for g in base.named_graphs()} == {g.value for g in whole.named_graphs()}
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
