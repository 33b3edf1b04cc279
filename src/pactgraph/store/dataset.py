"""The dataset's named graphs: the one definition the embedded store, ``push``, the rdflib
backend and endpoints share (DESIGN §5).

A dataset is the ontology, the curated data, one graph per imported dataset (plus the entities
the imports added, in one shared graph) and the reasoner's inferences over all of them. The
asserted graphs come from :func:`load_dataset`; the inferred graph is always derived from them,
so no consumer can hold the one without the other.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pactgraph.model import vocab

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Node

    from pactgraph.store.backends import Backend
    from pactgraph.store.reasoning import Inference

Progress = Callable[[str], None]
ENTITIES = "entities"  # the graph shared by every import's added entities; not an import name
ENTITIES_SUFFIX = ".entities.nt"


def imports_dir(store_dir: Path) -> Path:
    """Where imported datasets are kept, as N-Triples beside the store."""
    return store_dir / "imports"


def import_files(store_dir: Path) -> dict[str, list[Path]]:
    """The files of the datasets imported beside the store, by the graph they load into.

    The entities each import added (states, weapon systems…) all load into one graph, so that a
    state two datasets name is stated once: a query's default graph, a union of graphs, would
    otherwise match its triples once per graph.
    """
    folder = imports_dir(store_dir)
    if not folder.is_dir():
        return {}
    files: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*.nt")):
        if path.name.endswith(ENTITIES_SUFFIX):
            files.setdefault(vocab.import_graph(ENTITIES), []).append(path)
        else:
            files.setdefault(vocab.import_graph(path.stem), []).append(path)
    return files


def load_dataset(
    store: ox.Store, *, data_dir: Path, store_dir: Path | None, progress: Progress | None = None
) -> Inference:
    """Fill a writable pyoxigraph Store with every graph of the dataset, inferences included."""
    curated = compile_curated(data_dir)  # InputError first
    load_imported(store, store_dir=store_dir, progress=progress)
    return add_curated(
        store,
        curated=curated,
        imports=bool(store_dir and import_files(store_dir)),
        progress=progress,
    )


def compile_curated(data_dir: Path) -> list[ox.Quad]:
    """The curated graph as pyoxigraph quads (raises InputError on bad graph_data).

    Made straight from the records' triples: through an rdflib Graph and N-Triples text, the
    same 190,000 triples took 5 s rather than 3.
    """
    from pactgraph.load.curated import read_records
    from pactgraph.load.triples import records_to_triples

    return oxigraph_quads(records_to_triples(read_records(data_dir)), graph=vocab.GRAPH_CURATED)


def oxigraph_quads(triples: Iterable[tuple[Node, Node, Node]], *, graph: str) -> list[ox.Quad]:
    """rdflib triples as pyoxigraph quads in ``graph``, each distinct term converted once."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal

    into = ox.NamedNode(graph)
    terms: dict[Node, Any] = {}

    def term(node: Node) -> Any:
        found = terms.get(node)
        if found is None:
            if isinstance(node, Literal):
                found = (
                    ox.Literal(str(node), language=node.language)
                    if node.language
                    else ox.Literal(str(node), datatype=ox.NamedNode(node.datatype))
                    if node.datatype
                    else ox.Literal(str(node))
                )
            elif isinstance(node, BNode):
                found = ox.BlankNode(str(node))
            else:
                found = ox.NamedNode(str(node))
            terms[node] = found
        return found

    return [ox.Quad(term(s), term(p), term(o), into) for s, p, o in triples]


def load_imported(
    store: ox.Store, *, store_dir: Path | None, progress: Progress | None = None
) -> None:
    """The graphs that do not depend on graph_data: the ontology and the imported datasets.

    A store holding only these is kept as the base that rebuilds after a curated edit start
    from (see :mod:`pactgraph.store.base`).
    """
    import pyoxigraph as ox

    from pactgraph.model.ontology import load_ontology

    ontology = load_ontology().serialize(format="nt", encoding="utf-8")
    store.bulk_load(
        ontology, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(vocab.GRAPH_ONTOLOGY)
    )
    for name, paths in import_files(store_dir).items() if store_dir else ():
        for path in paths:
            if progress:
                progress(f"loading {path.name} ({path.stat().st_size / 1e6:,.0f} MB)…")
            store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))


def add_curated(
    store: ox.Store, *, curated: list[ox.Quad], imports: bool, progress: Progress | None = None
) -> Inference:
    """Add the curated graph to a store holding the rest, then reason over all of it."""
    from pactgraph.store.reasoning import materialise

    store.bulk_extend(curated)
    if progress and imports:
        progress("reasoning (OWL RL rules)…")
    return materialise(store)


def graph_dumps(store: ox.Store) -> Iterator[tuple[str, bytes]]:
    """Each named graph of a pyoxigraph Store as N-Triples, in a stable order."""
    import pyoxigraph as ox

    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    for name in names:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        assert data is not None  # dump returns the bytes when given no output
        yield name, data


def graph_files(store: ox.Store) -> Generator[tuple[str, Path], None, None]:
    """Each named graph as an N-Triples file, one at a time, in a stable order.

    A file, not bytes: an imported dataset's graph runs to gigabytes, which ``push`` streams. Each
    file is deleted once the caller asks for the next graph (or stops).
    """
    import tempfile

    import pyoxigraph as ox

    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    with tempfile.TemporaryDirectory(prefix="pactgraph-push-") as folder:
        for number, name in enumerate(names):
            path = Path(folder) / f"{number}.nt"
            store.dump(output=path, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
            try:
                yield name, path
            finally:
                path.unlink(missing_ok=True)  # gone already if the interpreter is exiting


def named_graphs(
    *, data_dir: Path, store_dir: Path | None = None, inferred: bool = True
) -> dict[str, Graph]:
    """The dataset as rdflib Graphs by name (built in memory; the embedded store is faster)."""
    import pyoxigraph as ox
    from rdflib import Graph

    store = ox.Store()
    load_dataset(store, data_dir=data_dir, store_dir=store_dir)
    graphs = {}
    for name, data in graph_dumps(store):
        if inferred or name != vocab.GRAPH_INFERRED:
            graphs[name] = Graph().parse(data=data, format="nt")
    return graphs


def default_graphs(backend: Backend | None = None, *, inferred: bool = True) -> list[str]:
    """The named graphs whose union commands query: ontology, curated data, the imports
    ``backend`` holds (none when no backend is given), and with ``inferred`` the reasoner's."""
    imported = [
        name
        for name in (backend.graph_names() if backend is not None else ())
        if name.startswith(vocab.import_graph(""))
    ]
    graphs = [vocab.GRAPH_ONTOLOGY, vocab.GRAPH_CURATED, *imported]
    return [*graphs, vocab.GRAPH_INFERRED] if inferred else graphs
