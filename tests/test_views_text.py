"""Text renderings of explain, timeline and analyze results."""

from __future__ import annotations

from pactgraph.ask.analysis import Analysis, Score
from pactgraph.ask.evidence import Ref
from pactgraph.ask.explain import Explanation
from pactgraph.ask.timeline import Timeline
from pactgraph.views.text import render_analysis, render_explain, render_timeline

A = Ref("pgid:state/AAA", "A")
B = Ref("pgid:state/BBB", "B")


def test_not_connected_and_nothing_recorded() -> None:
    ends = Explanation(from_=A, to=B, as_of="2020-01-01", paths=())
    assert render_explain(ends) == "A and B as of 2020-01-01: not connected\n"
    empty = Timeline(actor=A, from_=None, to=None, entries=())
    assert render_timeline(empty) == "Timeline of A (pgid:state/AAA)\n  nothing recorded\n"


def test_centrality_table() -> None:
    result = Analysis(
        analysis="centrality",
        as_of="2020-01-01",
        obligation="any",
        actors=2,
        links=1,
        method="exact",
        rows=(Score("pgid:state/AAA", "A", 1, 1.0, 0.0),),
    )
    assert render_analysis(result) == (
        "Centrality as of 2020-01-01 (2 actors, 1 links; exact)\n\n"
        "  actor                                    degree  degree c.  betweenness\n"
        "  A                                             1     1.0000       0.0000\n"
    )


def test_json_drops_the_keyword_underscore() -> None:
    assert Explanation(from_=A, to=B, as_of="2020-01-01", paths=()).to_json() == {
        "from": {"id": "pgid:state/AAA", "label": "A"},
        "to": {"id": "pgid:state/BBB", "label": "B"},
        "as_of": "2020-01-01",
        "paths": [],
        "record": None,
    }
