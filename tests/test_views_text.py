"""Text renderings of explain, timeline and analyze results."""

from __future__ import annotations

from pactgraph.views.text import render_analysis, render_explain, render_timeline


def test_not_connected_and_nothing_recorded() -> None:
    ends = {"from": {"label": "A"}, "to": {"label": "B"}, "as_of": "2020-01-01", "paths": []}
    assert render_explain(ends) == "A and B as of 2020-01-01: not connected\n"
    empty = {"actor": {"label": "A", "id": "pgid:state/AAA"}, "entries": []}
    assert render_timeline(empty) == "Timeline of A (pgid:state/AAA)\n  nothing recorded\n"


def test_centrality_table() -> None:
    result = {
        "analysis": "centrality",
        "as_of": "2020-01-01",
        "actors": 2,
        "links": 1,
        "method": "exact",
        "rows": [{"label": "A", "degree": 1, "degree_centrality": 1.0, "betweenness": 0.0}],
    }
    assert render_analysis(result) == (
        "Centrality as of 2020-01-01 (2 actors, 1 links; exact)\n\n"
        "  actor                                    degree  degree c.  betweenness\n"
        "  A                                             1     1.0000       0.0000\n"
    )
