"""Names: ISO codes, labels and aliases in any case, QIDs, IRIs and CURIEs; clear failures."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pactgraph.ask.names import NameLookupError, Names, compact, expand_iri
from pactgraph.store.dataset import default_graphs
from pactgraph.store.embedded import memory_backend

from .conftest import MINIMAL, write_data
from .datasets import CURATED_WITH_ATOP, write_shared


@pytest.fixture
def names(tmp_path: Path) -> Names:
    files = dict(MINIMAL)
    files["actors.yaml"] = """\
        - id: person/kim-il-sung
          kind: person
          label: Kim Il Sung
          aliases: [Kim]
        - id: person/kim-jong-un
          kind: person
          label: Kim Jong Un
          aliases: [Kim]
        - id: state/PRK
          kind: state
          label: North Korea
          aliases: [DPRK]
          wikidata: Q423
        - id: state/RUS
          kind: state
          label: Russia
        """
    backend = memory_backend(data_dir=write_data(tmp_path / "d", files))
    return Names(backend, default_graphs())


@pytest.mark.parametrize(
    "text",
    [
        "PRK",
        "prk",
        "North Korea",
        "north korea",
        "DPRK",
        "Q423",
        "pgid:state/PRK",
        "https://w3id.org/pactgraph/id/state/PRK",
        "<https://w3id.org/pactgraph/id/state/PRK>",
    ],
)
def test_every_way_of_naming_north_korea(names: Names, text: str) -> None:
    assert names.resolve(text, actors_only=True).iri == "https://w3id.org/pactgraph/id/state/PRK"


def refused(names: Names, text: str) -> str:
    """The message a name that names no single actor is refused with."""
    with pytest.raises(NameLookupError) as caught:
        names.resolve(text, actors_only=True)
    return str(caught.value)


def test_ambiguous_names_list_the_candidates(names: Names) -> None:
    assert refused(names, "kim") == (
        "'kim' is ambiguous: it names Kim Il Sung "
        "(pgid:person/kim-il-sung), Kim Jong Un (pgid:person/kim-jong-un)"
    )


def test_unknown_names_suggest_the_nearest(names: Names) -> None:
    with pytest.raises(NameLookupError, match="unknown actor 'Rusia'; did you mean 'Russia'"):
        names.resolve("Rusia", actors_only=True)


def test_non_actors_are_not_actors(names: Names) -> None:
    assert names.resolve("A treaty").iri.endswith("agreement/treaty")
    with pytest.raises(NameLookupError, match="unknown actor 'A treaty'"):
        names.resolve("A treaty", actors_only=True)


def test_iris_and_curies() -> None:
    assert expand_iri("pg:State") == "https://w3id.org/pactgraph/ontology#State"
    assert expand_iri("nope:x") is None
    assert expand_iri("North Korea") is None
    assert compact("https://w3id.org/pactgraph/id/state/PRK") == "pgid:state/PRK"


def test_a_two_letter_code_without_imports_says_where_such_codes_come_from(names: Names) -> None:
    assert refused(names, "KP") == (
        "unknown actor 'KP' (two-letter ISO codes are known once a dataset is imported, see "
        "'pactgraph import --help'; else give the three-letter code or a name)"
    )


def test_alpha2_codes_from_an_import_resolve_and_clash_openly_with_an_alias(
    tmp_path: Path,
) -> None:
    from pactgraph.importers.imports import import_atop

    shared = write_shared(tmp_path / "shared")
    # A made-up organisation whose alias is China's alpha-2 code.
    actors = textwrap.dedent("""\
        - id: organization/chollima-news
          kind: non_state_organization
          label: Chollima News
          aliases: [CN]
        """) + textwrap.dedent(MINIMAL["actors.yaml"])
    data = write_data(tmp_path / "d", {**MINIMAL, **CURATED_WITH_ATOP, "actors.yaml": actors})
    store_dir = tmp_path / "store"
    import_atop(shared / "atop_5.1", data_dir=data, store_dir=store_dir)
    # The in-memory backend has no kept name index: exact and folded names go through SPARQL.
    backend = memory_backend(data_dir=data, store_dir=store_dir)
    names = Names(backend, default_graphs(backend))
    korea = "https://w3id.org/pactgraph/id/state/PRK"
    assert names.resolve("KP", actors_only=True).iri == korea
    assert names.resolve("kp", actors_only=True).iri == korea
    for text in ("CN", "cn"):
        assert refused(names, text) == (
            f"'{text}' is ambiguous: it names China (pgid:state/CHN), "
            "Chollima News (pgid:organization/chollima-news)"
        )
    with pytest.raises(NameLookupError, match=r"^unknown actor 'XX'$"):
        names.resolve("XX", actors_only=True)  # with imports, no hint about imports
