"""``validate``: every problem in graph_data and its fit to the ontology, in one report.

Exit codes, as the CLI uses them: 0 clean, 1 problems found, 2 the checks could not run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pactgraph.load.curated import inspect
from pactgraph.model import records as r
from pactgraph.model.ontology import load_ontology, ontology_path
from pactgraph.model.problems import Problem

if TYPE_CHECKING:
    from rdflib import Graph

CLEAN, PROBLEMS_FOUND, COULD_NOT_RUN = 0, 1, 2


@dataclass(frozen=True)
class Report:
    """The outcome of :func:`validate`; ``notes`` say what the reasoner found, or why not."""

    problems: tuple[Problem, ...]
    records: int
    checked: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        return PROBLEMS_FOUND if self.problems else CLEAN

    def text(self) -> str:
        lines = [str(problem) for problem in self.problems]
        lines += self.notes
        count = len(self.problems)
        verdict = "no problems" if not count else f"{count} problem{'s' if count != 1 else ''}"
        records = f"{self.records} record{'s' if self.records != 1 else ''}"
        lines.append(f"{verdict} in {records} (checked {', '.join(self.checked)})")
        return "\n".join(lines)


def validate(*, data_dir: Path) -> Report:
    """Check the curated data (schema, references, dates, statuses), its ontology terms, the
    SHACL shapes and OWL consistency (HermiT; skipped, and said so, without Java).

    Shapes and consistency run on the RDF of clean records only: a record the loader rejects
    would otherwise be reported twice. Raises :class:`~pactgraph.problems.SetupError` when the
    checks cannot run at all.
    """
    curated = inspect(data_dir)
    ontology = load_ontology()
    problems = [*curated.problems, *undeclared_terms(curated.records, ontology)]
    checked = ["schema", "references", "dates", "statuses", "ontology terms"]
    notes: list[str] = list(curated.notes)
    if not problems:
        from pactgraph.load.consistency import check_consistency
        from pactgraph.load.shapes import shape_problems
        from pactgraph.load.triples import records_to_graph

        data = records_to_graph(curated.records)
        problems += shape_problems(data, ontology=ontology, records=curated.records)
        consistency = check_consistency(data + ontology, records=curated.records)
        problems += consistency.problems
        notes.append(consistency.note())
        checked += ["shapes"] + ([] if consistency.verdict == "skipped" else ["consistency"])
    return Report(tuple(problems), len(curated.records), tuple(checked), tuple(notes))


def undeclared_terms(records: tuple[r.AnyRecord, ...], ontology: Graph) -> list[Problem]:
    """Classes, properties and concepts the data uses that the ontology does not declare."""
    from rdflib import RDF, URIRef

    from pactgraph.load.triples import records_to_graph
    from pactgraph.model.vocab import INSTANCES, ONTOLOGY

    declared = set(ontology.subjects(RDF.type, None))
    data = records_to_graph(records)
    used = {p for p in data.predicates() if str(p).startswith(ONTOLOGY)}
    used |= {
        o
        for o in data.objects()
        if isinstance(o, URIRef)
        and (str(o).startswith(ONTOLOGY) or str(o).startswith(INSTANCES + "concept/"))
    }
    return [
        Problem(
            ontology_path(), None, f"the data uses <{term}>, which the ontology does not declare"
        )
        for term in sorted(used - declared, key=str)
    ]
