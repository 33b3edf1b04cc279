"""ATOP alliances become agreements with phases, and member obligations directed commitments."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactgraph.errors import InputError
from pactgraph.importers.atop import read_atop
from pactgraph.importers.batch import Batch
from pactgraph.importers.entities import Resolver
from pactgraph.model import records as r

from .datasets import MEMBERS, write_atop


def read(directory: Path, resolver: Resolver, **options: bool) -> Batch:
    return read_atop(directory, resolver=resolver, **options)


def records(batch: Batch, kind: type) -> dict[str, r.AnyRecord]:
    return {record.id: record for record in batch.records if isinstance(record, kind)}


def test_an_alliance_is_an_agreement_with_its_phases(tmp_path: Path, resolver: Resolver) -> None:
    batch = read(write_atop(tmp_path / "atop"), resolver)
    agreements = records(batch, r.Agreement)
    alliance = agreements["agreement/atop-9001"]
    assert isinstance(alliance, r.Agreement)
    assert alliance.label == "ATOP alliance 9001 (China, North Korea; 1961)"
    assert (alliance.kind, alliance.status, alliance.atop_id) == ("treaty", "in_force", 9001)
    assert alliance.parties == ("state/CHN", "state/PRK")
    assert alliance.secret is False
    assert alliance.evidence[0].locator == "atop5_1a.csv line 2"
    ended = agreements["agreement/atop-9002"]
    assert isinstance(ended, r.Agreement)
    assert ended.status == "ended"
    assert [(p.number, str(p.start), str(p.end)) for p in ended.phases] == [
        (1, "1980-01", "1990-01"),
        (2, "1990-01", "1995-06"),
    ]
    assert batch.rows == 3 + 4 + 6


def test_member_obligations_become_directed_commitments(tmp_path: Path, resolver: Resolver) -> None:
    batch = read(write_atop(tmp_path / "atop"), resolver)
    made = records(batch, r.Commitment)
    china = made["commitment/atop-9001-p0-chn-prk-defense"]
    assert isinstance(china, r.Commitment)
    assert (china.committer, china.beneficiary, china.basis) == (
        "state/CHN",
        "state/PRK",
        "agreement/atop-9001",
    )
    assert (str(china.valid_from), china.valid_to, china.phase) == ("1961-07-11", None, 0)
    assert [c.kind for c in china.conditions] == ["location"]
    assert china.evidence[0].quote.startswith("atopid 9001; member 710; phase 0; defense 1;")
    korea = made["commitment/atop-9001-p0-prk-chn-defense"]
    assert isinstance(korea, r.Commitment)
    assert korea.conditions == ()


def test_cow_365_splits_at_the_end_of_the_soviet_union(tmp_path: Path, resolver: Resolver) -> None:
    made = records(read(write_atop(tmp_path / "atop"), resolver), r.Commitment)
    spans = sorted(
        (c.committer, c.beneficiary, str(c.valid_from), str(c.valid_to))
        for c in made.values()
        if isinstance(c, r.Commitment) and c.basis == "agreement/atop-9002"
    )
    assert spans == [
        ("state/PRK", "state/RUS", "1991-12-26", "1995-06"),
        ("state/PRK", "state/SUN", "1990-01", "1991-12-26"),
        ("state/RUS", "state/PRK", "1991-12-26", "1995-06"),
        ("state/SUN", "state/PRK", "1990-01", "1991-12-26"),
    ]


def test_a_curated_treaty_is_the_same_node(tmp_path: Path, resolver: Resolver) -> None:
    batch = read(write_atop(tmp_path / "atop"), resolver)
    assert "agreement/atop-9003" not in records(batch, r.Agreement)
    assert batch.matched == {"agreements": 1, "commitments": 1}
    made = records(batch, r.Commitment)
    # Russia's defence commitment is curated: it gains ATOP as a source, not a twin.
    assert "commitment/atop-9003-p0-rus-prk-defense" not in made
    assert "commitment/atop-9003-p0-prk-rus-defense" in made
    subjects = {str(s) for s, _, _ in batch.extra}
    assert "https://w3id.org/pactgraph/id/commitment/ru-kp" in subjects
    assert "https://w3id.org/pactgraph/id/agreement/treaty/phase/0" in subjects


def test_missing_columns_stop_the_import(tmp_path: Path, resolver: Resolver) -> None:
    directory = write_atop(tmp_path / "atop")
    path = directory / "atop5_1m.csv"
    header, rest = path.read_text().split("\n", 1)
    path.write_text(header.replace("nonagg", "nonaggression") + "\n" + rest)
    with pytest.raises(InputError) as caught:
        read(directory, resolver)
    assert str(caught.value.problems[0]).startswith(f"{path}:1: missing column nonagg (")


def test_a_missing_file_is_named(tmp_path: Path, resolver: Resolver) -> None:
    directory = write_atop(tmp_path / "atop")
    (directory / "atop5_1aph.csv").unlink()
    with pytest.raises(InputError, match=r"has no file matching atop\*aph.csv \(phases\)"):
        read(directory, resolver)


def test_bad_rows_stop_the_import_unless_skipped(tmp_path: Path, resolver: Resolver) -> None:
    bad = [{**MEMBERS[0], "yrent": "19x1"}, *MEMBERS[1:]]
    directory = write_atop(tmp_path / "atop", members=bad)
    with pytest.raises(InputError) as caught:
        read(directory, resolver)
    messages = [str(p) for p in caught.value.problems]
    assert messages[0] == (f"{directory / 'atop5_1m.csv'}:2: field 'yrent': '19x1' is not a number")
    assert messages[-1].endswith(
        "1 bad row: nothing imported (pass --skip-bad-rows to import the rest)"
    )
    batch = read(directory, resolver, skip_bad_rows=True)
    assert [p.line for p in batch.bad_rows] == [2]
    assert "commitment/atop-9001-p0-prk-chn-defense" not in records(batch, r.Commitment)
