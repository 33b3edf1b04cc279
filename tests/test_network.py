"""The projection shared by analyze, explain and the views."""

from __future__ import annotations

import datetime as dt

from pactgraph.ask.network import edge_summary, project, undirected_simple
from pactgraph.model.resources import default_data_dir
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import memory_backend

ID = "https://w3id.org/pactgraph/id/"


def test_edges_stand_for_the_nodes_they_collapse() -> None:
    backend = memory_backend(data_dir=default_data_dir())
    graph = project(backend, graphs=default_graphs(), as_of=dt.date(2025, 1, 1))
    links = edge_summary(graph, ID + "state/RUS", ID + "state/PRK")
    kinds = {(link["relation"], link["kind"], link["id"].removeprefix(ID)) for link in links}
    assert ("commitment", "defense", "commitment/ru-kp-defense-2024") in kinds
    assert ("commitment", "defense", "commitment/kp-ru-defense-2024") in kinds
    assert ("transfer", "arms", "transfer/kp-ru-missiles-2023") in kinds
    # Offers are not commitments in force.
    assert not any(
        link["modality"] != "binding" for link in links if link["relation"] == "commitment"
    )
    # Suspected transfers appear unless only confirmed ones are asked for.
    suspected = [link for link in links if link.get("status") == "suspected"]
    assert [link["id"].removeprefix(ID) for link in suspected] == [
        "transfer/ru-kp-military-technology-2024"
    ]
    confirmed = project(
        backend, graphs=default_graphs(), as_of=dt.date(2025, 1, 1), confirmed_only=True
    )
    kept = edge_summary(confirmed, ID + "state/RUS", ID + "state/PRK")
    assert not any(link.get("status") == "suspected" for link in kept)
    # Where a component was made is not a supply: no edge from the state of manufacture.
    assert edge_summary(graph, ID + "state/DEU", ID + "state/PRK") == []


def test_undirected_simple_counts_links_per_pair() -> None:
    backend = memory_backend(data_dir=default_data_dir())
    graph = project(backend, graphs=default_graphs(), as_of=dt.date(2025, 1, 1), agreements=True)
    simple = undirected_simple(graph)
    assert simple[ID + "state/RUS"][ID + "state/PRK"]["weight"] >= 3
    assert not any(data.get("kind") == "Agreement" for _, data in simple.nodes(data=True))
    with_agreements = undirected_simple(graph, actors_only=False)
    assert with_agreements.has_edge(
        ID + "state/PRK", ID + "agreement/ru-kp-comprehensive-strategic-partnership-2024"
    )


def test_a_transfer_without_a_known_supplier_is_drawn_from_its_item() -> None:
    from pactgraph.ask.network import capabilities
    from pactgraph.store.embedded import open_store

    backend = open_store(data_dir=default_data_dir())
    _, edges = capabilities(backend, [], graphs=default_graphs(backend))
    legs = sorted(key for _, _, key, data in edges if data["of"].endswith("/foreign-components-kp"))
    assert legs
    assert all(key.endswith("-to") for key in legs)
    # Only the transfers without a supplier come in when none are asked for.
    moved = {d["of"] for _, _, _, d in edges if d["relation"] == "transfer"}
    assert {iri.removeprefix(ID) for iri in moved} == {"transfer/foreign-components-kp"}
