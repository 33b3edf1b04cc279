"""Agreement-level obligations: one declaration, a directed commitment per ordered pair."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from pactgraph.load.curated import inspect, read_records
from pactgraph.load.triples import commitment_validity
from pactgraph.model import records as r
from pactgraph.model.dates import PartialDate
from pactgraph.model.resources import default_data_dir

from .conftest import MINIMAL, write_data

REPLACED = Path(__file__).parent / "replaced" / "commitments.yaml"

ACTORS = """\
    - id: state/AAA
      kind: state
      label: Aland
    - id: state/BBB
      kind: state
      label: Borduria
    - id: state/CCC
      kind: state
      label: Carpania
    - id: state/DDD
      kind: state
      label: Dorland
    """

PACT = """\
    - id: agreement/pact
      kind: treaty
      label: The Pact
      parties:
        - state/AAA
        - state/BBB
        - actor: state/CCC
          joined: 2001-05-01
          sources: [{document: document/source, quote: C joined}]
        - actor: state/DDD
          left: 2000-06-01
          sources: [{document: document/source, quote: D left}]
      status: in_force
      signed: 1999-01-01
      entered_into_force: 1999-03-01
      articles:
        - number: "5"
          text: an attack on one is an attack on all
          sources: [{document: document/source, quote: an attack on one is an attack on all}]
      sources: [{document: document/source, quote: the pact}]
      obligations:
    """

AMONG = """\
        - obligation: defense
          article: "5"
          among: parties
          conditions: [{kind: location, note: in Europe}]
"""


def pact_data(tmp_path: Path, obligations: str, commitments: str = "") -> Path:
    files = {
        "documents.yaml": MINIMAL["documents.yaml"],
        "actors.yaml": ACTORS,
        "agreements.yaml": textwrap.dedent(PACT)
        + textwrap.indent(textwrap.dedent(obligations), "    "),
    }
    if commitments:
        files["commitments.yaml"] = commitments
    return write_data(tmp_path / "pact", files)


def derived(directory: Path) -> dict[tuple[str, str], r.Commitment]:
    return {
        (c.committer, c.beneficiary): c
        for c in read_records(directory)
        if isinstance(c, r.Commitment) and c.derived
    }


def test_among_parties_derives_every_ordered_pair_that_ever_overlapped(tmp_path: Path) -> None:
    pairs = derived(pact_data(tmp_path, AMONG))
    # D left (2000) before C joined (2001): never parties together, so no pledge between them.
    expected = {
        (a, b)
        for a in ("state/AAA", "state/BBB", "state/CCC", "state/DDD")
        for b in ("state/AAA", "state/BBB", "state/CCC", "state/DDD")
        if a != b and {a, b} != {"state/CCC", "state/DDD"}
    }
    assert set(pairs) == expected


def test_a_derived_pledge_holds_over_both_parties_participation(tmp_path: Path) -> None:
    records = read_records(pact_data(tmp_path, AMONG))
    by_id = {record.id: record for record in records}
    pairs = derived(pact_data(tmp_path, AMONG))

    def span(a: str, b: str) -> tuple[str | None, str | None]:
        start, end = commitment_validity(pairs[(a, b)], by_id)
        return (str(start) if start else None, str(end) if end else None)

    assert span("state/AAA", "state/BBB") == ("1999-03-01", None)
    assert span("state/AAA", "state/CCC") == ("2001-05-01", None)
    assert span("state/CCC", "state/AAA") == ("2001-05-01", None)
    assert span("state/AAA", "state/DDD") == ("1999-03-01", "2000-06-01")


def test_a_derived_pledge_has_a_stable_id_label_and_all_its_evidence(tmp_path: Path) -> None:
    pledge = derived(pact_data(tmp_path, AMONG))[("state/AAA", "state/CCC")]
    assert pledge.id == "commitment/pact-defense-aaa-ccc"
    assert pledge.label == "Aland defence commitment to Carpania (The Pact, Article 5)"
    assert pledge.article == "5"
    assert pledge.conditions == (r.Condition("location", "in Europe"),)
    # The article's quote, then the joining party's membership source.
    assert [e.quote for e in pledge.evidence] == [
        "an attack on one is an attack on all",
        "C joined",
    ]


def test_from_and_to_lists_make_an_asymmetric_pledge(tmp_path: Path) -> None:
    obligations = """\
        - obligation: extended_deterrence
          from: [state/AAA]
          to: [state/BBB, state/CCC]
          modality: intended
          valid_from: 2010-01-01
          sources: [{document: document/source, quote: A covers B and C}]
    """
    pairs = derived(pact_data(tmp_path, obligations))
    assert set(pairs) == {("state/AAA", "state/BBB"), ("state/AAA", "state/CCC")}
    pledge = pairs[("state/AAA", "state/BBB")]
    assert (pledge.obligation, pledge.modality) == ("extended_deterrence", "intended")
    assert pledge.valid_from == PartialDate.parse("2010-01-01")


@pytest.mark.parametrize(
    ("obligations", "message"),
    [
        (
            "- {obligation: defense, article: '9', among: parties}",
            "article '9' is not one of the agreement's articles (5)",
        ),
        (
            "- {obligation: defense, from: [state/AAA], to: [state/PRK], "
            "sources: [{document: document/source, quote: q}]}",
            "'state/PRK' is not a party to the agreement",
        ),
        ("- {obligation: defense, among: parties}", "a pledge needs a source"),
        ("- {obligation: defense, article: '5'}", "say who pledges to whom"),
        ("- {obligation: defense, article: '5', among: everyone}", "write 'among: parties'"),
        (
            "- {obligation: defense, article: '5', among: parties, from: [state/AAA], "
            "to: [state/BBB]}",
            "not both",
        ),
        ("- {obligation: defence, article: '5', among: parties}", "defence"),
    ],
)
def test_a_bad_declaration_names_its_file_line_and_field(
    tmp_path: Path, obligations: str, message: str
) -> None:
    problems = [str(p) for p in inspect(pact_data(tmp_path, obligations)).problems]
    assert problems, "expected a problem"
    assert any(message in p and "agreements.yaml:" in p for p in problems), problems
    assert any("agreement/pact" in p for p in problems), problems


REPEAT = """\
    - id: commitment/a-b
      committer: state/AAA
      beneficiary: state/BBB
      obligation: defense
      basis: agreement/pact
      article: "5"
      conditions: [{kind: location, note: in Europe}]
      sources: [{document: document/source, quote: an attack on one}]
    """


def test_a_hand_written_pair_that_repeats_a_derived_one_is_a_problem_naming_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = pact_data(tmp_path, AMONG, REPEAT)
    monkeypatch.chdir(directory)
    problems = [str(p) for p in inspect(directory).problems]
    assert problems == [
        "commitments.yaml:1: commitment/a-b: repeats the pledge commitment/pact-defense-aaa-bbb "
        "derived from agreement/pact (agreements.yaml:22): delete it, or say what it adds"
    ]


def test_a_hand_written_pair_that_says_more_replaces_the_derived_one_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refined = REPEAT.replace("in Europe}]", "in Europe}, {kind: other, note: a reservation}]")
    directory = pact_data(tmp_path, AMONG, refined)
    monkeypatch.chdir(directory)
    curated = inspect(directory)
    assert curated.problems == ()
    ids = {c.id for c in curated.records if isinstance(c, r.Commitment)}
    assert "commitment/a-b" in ids
    assert "commitment/pact-defense-aaa-bbb" not in ids
    assert "commitment/pact-defense-bbb-aaa" in ids
    assert curated.notes == (
        "commitments.yaml:1: commitment/a-b refines the pledge commitment/pact-defense-aaa-bbb "
        "that agreements.yaml:22 derives; the hand-written record replaces it",
    )


def _replaced() -> list[dict[str, object]]:
    loaded = yaml.safe_load(REPLACED.read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


def test_every_replaced_hand_written_pledge_is_derived_with_the_same_terms() -> None:
    """The pairs written out by hand before issue 22 (kept in tests/replaced/) say exactly what
    the shipped declarations now derive: pair, obligation, basis, article, terms, validity."""
    records = read_records(default_data_dir())
    by_id = {record.id: record for record in records}
    derived_pairs = {
        (c.basis, c.committer, c.beneficiary, c.obligation): c
        for c in records
        if isinstance(c, r.Commitment) and c.derived
    }
    replaced = _replaced()
    assert len(replaced) >= 180  # NATO's newcomers alone
    for item in replaced:
        written = r.Commitment(
            id=str(item["id"]),
            committer=str(item["committer"]),
            beneficiary=str(item["beneficiary"]),
            obligation=str(item["obligation"]),
            basis=str(item["basis"]),
            modality=str(item.get("modality", "binding")),
            article=str(item["article"]) if "article" in item else None,
            valid_from=PartialDate.parse(str(item["valid_from"])) if "valid_from" in item else None,
            valid_to=PartialDate.parse(str(item["valid_to"])) if "valid_to" in item else None,
        )
        assert written.id not in by_id, f"{written.id} is still written by hand"
        key = (written.basis, written.committer, written.beneficiary, written.obligation)
        pledge = derived_pairs.get(key)
        assert pledge is not None, f"{written.id}: no derived pledge for {key}"
        assert pledge.modality == written.modality, written.id
        # A declaration may name the article a hand-written pair left out (Article 2 of the
        # Russia-Belarus treaty), never another one.
        assert written.article in (None, pledge.article), written.id
        if written.basis == "agreement/north-atlantic-treaty-1949":
            # The declaration carries the hand-written records' terms word for word.
            assert (pledge.trigger, pledge.scope) == (item.get("trigger"), item.get("scope"))
            conditions = [(c.kind, c.note) for c in pledge.conditions]
            assert conditions == [(c["kind"], c.get("note")) for c in item["conditions"]]  # type: ignore[attr-defined]
        assert commitment_validity(pledge, by_id) == commitment_validity(written, by_id), written.id
