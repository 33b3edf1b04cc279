"""The actor network and the name index, read out of a store once and kept beside it.

Deriving the network with SPARQL joins costs a minute on a store with ATOP and SIPRI imported
(1.6M quads): every ``explain``, ``analyze`` and ``viz`` paid it. A :class:`Snapshot` holds, for
every commitment, transfer, membership and agreement party, the plain values the questions
filter on (ends, kinds, dates), and every actor's label and kind; a :class:`NameIndex` holds every
name (label, alias, ISO alpha-3 and alpha-2 code, COW code) folded for case-insensitive lookup.
Both are read with one scan per predicate (index lookups, no joins), written when the store is
built, into the store's content-hashed directory, and read back in milliseconds.

Undated links get a *first known date* (DESIGN §4: nothing counts before it is known to exist):
a transfer's item's start, else the earliest publication date of the sources it cites.
"""

from __future__ import annotations

import contextlib
import pickle
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from pactgraph.model import vocab
from pactgraph.store.pairs import Pairs, oxigraph_pairs
from pactgraph.store.selection import graphs_key

_PG = vocab.ONTOLOGY
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_ALT = vocab.SKOS + "altLabel"
_NOTATION = vocab.SKOS + "notation"
_EXACT = vocab.SKOS + "exactMatch"
_DERIVED = vocab.PROV + "wasDerivedFrom"
_ISSUED = vocab.DCTERMS + "issued"
_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


class Link(NamedTuple):
    """One reified link between two actors (or an actor and an agreement, for ``party``)."""

    iri: str
    relation: str  # commitment, transfer, membership, party
    source: str
    target: str
    kind: str  # obligation, transfer kind, "member", "party to"
    start: str | None  # ISO day the link starts, as recorded
    end: str | None
    first_known: str | None  # start, else the earliest date its evidence vouches for
    modality: str | None = None
    status: str | None = None
    basis: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """Actors (label, kind), agreements (label, signed day) and every link, in a stable order."""

    actors: dict[str, tuple[str, str]]
    agreements: dict[str, tuple[str, str | None]]
    rows: tuple[tuple[str | None, ...], ...]  # Link fields as plain tuples: quick to unpickle
    # Each link's rdfs:label: kept in a file of its own, read only by those who show them.
    labels: dict[str, str] | None = None

    @property
    def links(self) -> list[Link]:
        return [Link(*row) for row in self.rows]  # type: ignore[arg-type]


@dataclass(frozen=True)
class NameIndex:
    """Folded name → the IRIs it names; each IRI's label; which IRIs are actors."""

    names: dict[str, tuple[str, ...]]
    labels: dict[str, str]
    actors: frozenset[str]


def fold(text: str) -> str:
    """A name compared without case, accents or extra spaces."""
    if text.isascii():  # most names: nothing to decompose (a tenth of the time, 74,000 names)
        return " ".join(text.casefold().split())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def first_day(value: str) -> str | None:
    """The first day of an ISO date, year-month or year (``2021`` → ``2021-01-01``)."""
    found = _DAY.match(value)
    if not found:
        return None
    year, month, day = found.groups()
    return f"{year}-{month or '01'}-{day or '01'}"


def _label_from_iri(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].replace("-", " ")


class _Columns:
    """Values of one predicate by subject; interned strings keep the pickle small."""

    def __init__(self, pairs: Pairs) -> None:
        self.pairs = pairs
        self.strings: dict[str, str] = {}
        self.scans: dict[tuple[str, str | None], dict[str, list[str]]] = {}

    def s(self, text: str) -> str:
        return self.strings.setdefault(text, text)

    def many(
        self, predicate: str, value: str | None = None, subject: str | None = None
    ) -> dict[str, list[str]]:
        if subject is None and (predicate, value) in self.scans:  # labels are read twice
            return self.scans[(predicate, value)]
        found: dict[str, list[str]] = {}
        intern = self.strings.setdefault
        for node, term in self.pairs(predicate, value, subject):
            values = found.get(node)
            if values is None:
                found[intern(node, node)] = [intern(term, term)]
            elif term not in values:
                values.append(intern(term, term))
        for values in found.values():
            if len(values) > 1:
                values.sort()
        if subject is None:
            self.scans[(predicate, value)] = found
        return found

    def one(self, predicate: str) -> dict[str, str]:
        return {s: values[0] for s, values in self.many(predicate).items()}

    def sourced(self, node: str, issued: dict[str, str]) -> str | None:
        """The earliest publication date of the documents ``node`` cites."""
        documents = self.many(_DERIVED, None, node).get(node, [])
        return min((issued[d] for d in documents if d in issued), default=None)


def extract(pairs: Pairs) -> tuple[Snapshot, NameIndex]:
    """The network and the name index from the triples of the selected graphs."""
    col = _Columns(pairs)
    labels = col.one(_LABEL)
    notation = col.one(_NOTATION)
    classes = _actor_classes(col.many(_SUBCLASS))
    typed: dict[str, list[str]] = {}
    for cls, name in classes.items():
        for node in col.many(_RDF_TYPE, cls):
            typed.setdefault(node, []).append(name)
    kinds: dict[str, str] = {}
    for node, names in typed.items():
        specific = sorted(k for k in names if k != "Actor")
        kinds[node] = (specific or ["Actor"])[0]
    starts = col.one(_PG + "startDateDay")
    ends = col.one(_PG + "endDateDay")
    valid_from = col.one(_PG + "validFromDay")
    valid_to = col.one(_PG + "validToDay")
    issued = {d: day for d, v in col.one(_ISSUED).items() if (day := first_day(v))}
    items = col.many(_PG + "item")

    def concept(values: dict[str, str], node: str) -> str:
        return notation.get(values.get(node, ""), "")

    links: list[Link] = []
    committer, beneficiary = col.many(_PG + "committer"), col.many(_PG + "beneficiary")
    obligation, modality = col.one(_PG + "obligationType"), col.one(_PG + "modality")
    basis = col.one(_PG + "basis")
    for c in sorted(committer):
        if c not in beneficiary or c not in labels or c not in obligation or c not in modality:
            continue
        for a in committer[c]:
            for b in beneficiary[c]:
                links.append(
                    Link(
                        c,
                        "commitment",
                        a,
                        b,
                        concept(obligation, c),
                        valid_from.get(c),
                        valid_to.get(c),
                        valid_from.get(c),
                        modality=concept(modality, c),
                        basis=basis.get(c),
                    )
                )
    supplier, recipient = col.many(_PG + "supplier"), col.many(_PG + "recipient")
    transfer_kind, transfer_status = col.one(_PG + "transferKind"), col.one(_PG + "transferStatus")
    for t in sorted(supplier):
        if t not in recipient or t not in labels or t not in transfer_kind:
            continue
        if t not in transfer_status:
            continue
        known = starts.get(t) or min(
            [starts[i] for i in items.get(t, ()) if i in starts] or _opt(col.sourced(t, issued)),
            default=None,
        )
        for a in supplier[t]:
            for b in recipient[t]:
                links.append(
                    Link(
                        t,
                        "transfer",
                        a,
                        b,
                        concept(transfer_kind, t),
                        starts.get(t),
                        ends.get(t),
                        known,
                        status=concept(transfer_status, t),
                    )
                )
    holder, role_in, role = (
        col.many(_PG + "roleHolder"),
        col.many(_PG + "roleIn"),
        col.one(_PG + "roleType"),
    )
    for m in sorted(holder):
        if m not in role_in or m not in labels or concept(role, m) != "member_of":
            continue
        for a in holder[m]:
            for b in role_in[m]:
                links.append(
                    Link(
                        m,
                        "membership",
                        a,
                        b,
                        "member",
                        valid_from.get(m),
                        valid_to.get(m),
                        valid_from.get(m) or col.sourced(m, issued),
                    )
                )
    signed = col.one(_PG + "signedOnDay")
    # A party's own dates, where it joined or left after the signature (its participation).
    joined, left = col.one(_PG + "joinedOnDay"), col.one(_PG + "leftOnDay")
    membership: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    participation_of = col.one(_PG + "participationOf")
    for agreement, owns in col.many(_PG + "hasParticipation").items():
        for own in owns:
            if own in participation_of:
                membership[(agreement, participation_of[own])] = (joined.get(own), left.get(own))
    agreements: dict[str, tuple[str, str | None]] = {}
    parties = col.many(_PG + "party")
    for agreement in sorted(parties):
        if agreement not in labels:
            continue
        agreements[agreement] = (labels[agreement], signed.get(agreement))
        known = signed.get(agreement) or col.sourced(agreement, issued)
        for party in parties[agreement]:
            came, went = membership.get((agreement, party), (None, None))
            links.append(
                Link(
                    f"{agreement}#party-{party.rsplit('/', 1)[-1]}",
                    "party",
                    party,
                    agreement,
                    "party to",
                    came or signed.get(agreement),
                    went,
                    came or known,
                )
            )
    # Every end of a link is an actor with a kind and a label, even one a dataset could not place.
    actors: dict[str, tuple[str, str]] = {
        node: (labels.get(node) or _label_from_iri(node), kind) for node, kind in kinds.items()
    }
    for link in links:
        for node in (link.source, link.target):
            if node not in actors and node not in agreements:
                actors[node] = (labels.get(node) or _label_from_iri(node), "Actor")
    link_labels = {link.iri: labels[link.iri] for link in links if link.iri in labels}
    link_labels.update((link.iri, "party to") for link in links if link.relation == "party")
    snapshot = Snapshot(
        actors=actors,
        agreements=agreements,
        rows=tuple(tuple(link) for link in links),
        labels=link_labels,
    )
    return snapshot, _name_index(col, labels, actors)


def _opt(value: str | None) -> list[str]:
    return [value] if value is not None else []


def _actor_classes(subclass_of: dict[str, list[str]]) -> dict[str, str]:
    """Every class under pg:Actor (pg:Actor included), by IRI, to its local name."""
    actor = _PG + "Actor"
    found = {actor}
    changed = True
    while changed:
        changed = False
        for cls, parents in subclass_of.items():
            if cls not in found and any(p in found for p in parents):
                found.add(cls)
                changed = True
    return {cls: cls.rsplit("#", 1)[-1] for cls in found if cls.startswith(_PG)}


def _name_index(
    col: _Columns, labels: dict[str, str], actors: dict[str, tuple[str, str]]
) -> NameIndex:
    names: dict[str, set[str]] = {}
    codes = ("isoCode", "isoAlpha2Code", "cowCode", "sipriName")
    for predicate in (_LABEL, _ALT, *(_PG + code for code in codes)):
        for node, values in col.many(predicate).items():
            for value in values:
                names.setdefault(fold(value), set()).add(node)
    # Wikidata QIDs name what matches them.
    for node, matches in col.many(_EXACT).items():
        for match in matches:
            if match.startswith(vocab.WIKIDATA):
                names.setdefault(fold(match.removeprefix(vocab.WIKIDATA)), set()).add(node)
    wanted = {n for nodes in names.values() for n in nodes}
    kept = {n: labels.get(n) or actors.get(n, ("", ""))[0] or _label_from_iri(n) for n in wanted}
    return NameIndex(
        names={key: tuple(sorted(nodes)) for key, nodes in names.items()},
        labels=kept,
        actors=frozenset(n for n in wanted if n in actors),
    )


# --- kept beside the store ------------------------------------------------------------------


def _path(directory: Path, what: str, graphs: Sequence[str]) -> Path:
    return directory / f"{what}-{graphs_key(graphs)}.pickle"


def actor_names(index: NameIndex) -> NameIndex:
    """The part of an index that names actors (what most commands look up: small, quick)."""
    names = {
        key: kept
        for key, nodes in index.names.items()
        if (kept := tuple(n for n in nodes if n in index.actors))
    }
    return NameIndex(names, {n: index.labels[n] for n in index.actors}, index.actors)


def save(directory: Path, graphs: Sequence[str], snapshot: Snapshot, index: NameIndex) -> None:
    """Write the files (atomically, each) into a store's directory."""
    files = (
        ("network", replace(snapshot, labels=None)),
        ("labels", snapshot.labels or {}),
        ("names", index),
        ("actor-names", actor_names(index)),
    )
    for what, value in files:
        target = _path(directory, what, graphs)
        partial = target.with_suffix(".partial")
        partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(target)


def build(
    store: Any, directory: Path, graphs: Sequence[str], *, pairs: Pairs | None = None
) -> tuple[Snapshot, NameIndex]:
    """Extract from a pyoxigraph Store (or ``pairs`` read from it: a base's scans replayed) and
    keep the result in ``directory``."""
    snapshot, index = extract(pairs or oxigraph_pairs(store, graphs))
    # A read-only store still answers, only without the shortcut next time.
    with contextlib.suppress(OSError):
        save(directory, graphs, snapshot, index)
    return snapshot, index


def load_network(
    directory: Path, graphs: Sequence[str], *, labels: bool = False
) -> Snapshot | None:
    """The kept network; with ``labels``, each link's label too (a second, larger file)."""
    found = _load(_path(directory, "network", graphs))
    if not isinstance(found, Snapshot):
        return None
    if labels:
        kept = _load(_path(directory, "labels", graphs))
        if not isinstance(kept, dict):
            return None
        found = replace(found, labels=kept)
    return found


def load_names(
    directory: Path, graphs: Sequence[str], *, actors_only: bool = False
) -> NameIndex | None:
    found = _load(_path(directory, "actor-names" if actors_only else "names", graphs))
    return found if isinstance(found, NameIndex) else None


def _load(path: Path) -> object:
    try:
        with path.open("rb") as stream:
            value = pickle.load(stream)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return value
