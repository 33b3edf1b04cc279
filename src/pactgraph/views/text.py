"""explain, timeline and analyze results as text for a 100-column terminal."""

from __future__ import annotations

import textwrap
from typing import Any

WIDTH = 100


def _wrap(text: str, indent: str = "    ") -> str:
    filled: str = textwrap.fill(
        text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ", break_on_hyphens=False
    )
    return filled


def _quote(sources: list[dict[str, Any]]) -> str:
    if not sources:
        return ""
    source = sources[0]
    by = ", ".join(x for x in (source["publisher"], source["title"], source["date"]) if x)
    return f' "{source["quote"]}" ({by})'


def _kind(link: dict[str, Any]) -> str:
    return ", ".join(x for x in (link["kind"], link.get("status")) if x)


def render_explain(result: dict[str, Any]) -> str:
    head = f"{result['from']['label']} and {result['to']['label']} as of {result['as_of']}"
    if not result["paths"]:
        return f"{head}: not connected\n"
    lines = [
        f"{head}: {len(result['paths'])} shortest path(s) of {result['paths'][0]['length']} step(s)"
    ]
    for number, path in enumerate(result["paths"], start=1):
        lines += ["", f"Path {number}: " + " — ".join(n["label"] for n in path["nodes"])]
        for step in path["steps"]:
            for link in step:
                arrow = f"{link['from']['label']} → {link['to']['label']}"
                lines.append(
                    _wrap(
                        f"{arrow}: {link['relation']} ({_kind(link)}), "
                        f"{link['label']}.{_quote(link['sources'])}"
                    )
                )
    return "\n".join(lines) + "\n"


def render_timeline(result: dict[str, Any]) -> str:
    lines = [f"Timeline of {result['actor']['label']} ({result['actor']['id']})"]
    if not result["entries"]:
        lines.append("  nothing recorded")
    for entry in result["entries"]:
        lines.append(
            _wrap(
                f"{entry['date']}  {entry['what']}: {entry['label']}.{_quote(entry['sources'])}",
                indent="  ",
            )
        )
    return "\n".join(lines) + "\n"


def render_analysis(result: dict[str, Any]) -> str:
    lines = [
        f"{result['analysis'].capitalize()} as of {result['as_of']} "
        f"({result['actors']} actors, {result['links']} links; {result['method']})",
        "",
    ]
    if result["analysis"] == "centrality":
        lines.append(f"  {'actor':<40} {'degree':>6} {'degree c.':>10} {'betweenness':>12}")
        lines += [
            f"  {r['label'][:40]:<40} {r['degree']:>6} {r['degree_centrality']:>10.4f} "
            f"{r['betweenness']:>12.4f}"
            for r in result["rows"]
        ]
    elif result["analysis"] == "blocs":
        lines += [
            _wrap(
                f"bloc {r['bloc']} ({len(r['members'])}): "
                + ", ".join(m["label"] for m in r["members"]),
                indent="  ",
            )
            for r in result["rows"]
        ]
    else:
        lines.append("  Brokers (removing one splits the network):")
        lines += [f"    {r['label']} (into {r['separates']} parts)" for r in result["rows"]]
        lines.append("  Bridges (the only link between two parts):")
        lines += [f"    {a['label']} — {b['label']}" for a, b in result["bridges"]]
    return "\n".join(lines) + "\n"
