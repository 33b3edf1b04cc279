"""SIPRI deals become transfers of weapon systems, in both export layouts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pactgraph.errors import InputError
from pactgraph.importers.batch import Batch
from pactgraph.importers.entities import Resolver
from pactgraph.importers.sipri import accessed_date, read_names, read_sipri
from pactgraph.model import records as r

from .datasets import write_shared


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    return write_shared(tmp_path / "data") / "sipri_arms_transfers"


def read(path: Path, resolver: Resolver, **options: bool) -> Batch:
    names = read_names(path.parent / "sipri_name_to_cown_from_360info.csv")
    return read_sipri(path, resolver=resolver, names=names, accessed=dt.date(2026, 1, 2), **options)


def transfers(batch: Batch) -> list[r.Transfer]:
    return [record for record in batch.records if isinstance(record, r.Transfer)]


def test_a_register_row_is_a_transfer_with_its_marks(shared: Path, resolver: Resolver) -> None:
    batch = read(shared / "register.csv", resolver)
    missile = transfers(batch)[0]
    assert (missile.supplier, missile.recipient, missile.items) == (
        "state/PRK",
        "state/RUS",
        ("capability/kn-23",),  # SIPRI's Hwasong-11 is the curated KN-23
    )
    assert missile.label == "Hwasong-11 from North Korea to Russia (ordered 2023)"
    assert (str(missile.start), str(missile.end), missile.delivery_years) == (
        "2023?",
        "2024",
        "2023; 2024",
    )
    assert (missile.ordered, missile.delivered, missile.status) == (None, 50, "ongoing")
    assert missile.estimated == ("numberDelivered",)
    assert (missile.tiv_per_unit, missile.tiv_total_order, missile.tiv_delivered) == (
        "2",
        None,
        "100",
    )
    assert missile.evidence[0].quote == (
        "Russia,North Korea,2023,?,,,Hwasong-11,surface-to-surface missile,50,?,2023; 2024,"
        "New,,2,,100"
    )
    assert missile.evidence[0].locator == "register.csv line 2"
    source = batch.records[0]
    assert isinstance(source, r.Document)
    assert source.citation == (
        "Source: SIPRI Arms Transfers Database, https://www.sipri.org/databases/armstransfers, "
        "accessed 2026-01-02"
    )


def test_names_resolve_to_states_of_their_time(shared: Path, resolver: Resolver) -> None:
    tank, widget, rebels = transfers(read(shared / "register.csv", resolver))[1:]
    assert (tank.supplier, tank.recipient, tank.status) == (
        "state/SUN",
        "state/cow-315",
        "delivered",
    )
    assert tank.description == "Made under licence,\npartly"
    assert (widget.supplier, widget.recipient, widget.status) == (
        "state/SRB",
        "state/cow-678",
        "agreed",
    )
    assert widget.condition == "Second hand"
    assert rebels.recipient == "organization/sipri-hezbollah-lebanon"
    assert rebels.supplier == "actor/sipri-unknown-supplier-s"


def test_the_deliveries_layout_is_one_transfer_per_deal(shared: Path, resolver: Resolver) -> None:
    batch = read(shared / "deliveries.csv", resolver)
    (deal,) = transfers(batch)
    assert (deal.id, deal.source_id, deal.items) == (
        "transfer/sipri-deal-101",
        "101",
        ("capability/kn-23",),
    )
    assert (deal.delivered, deal.delivery_years, deal.tiv_delivered) == (15, "2023; 2024", "37.5")
    assert (str(deal.start), deal.estimated) == ("2023?", ("numberDelivered",))
    assert [e.locator for e in deal.evidence] == ["deliveries.csv line 6", "deliveries.csv line 7"]
    assert batch.rows == 2


def test_the_export_date_is_the_default_access_date(shared: Path) -> None:
    assert accessed_date(shared / "deliveries.csv") == dt.date(2026, 2, 12)


def test_an_unknown_layout_is_refused(tmp_path: Path, resolver: Resolver) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InputError) as caught:
        read_sipri(path, resolver=resolver, names={})
    assert str(caught.value.problems[0]) == (
        f"{path}: is not a SIPRI export pactgraph reads: expected a header starting "
        "'recipient,supplier,…' (trade register) or 'SIPRI AT Database ID,…' (deliveries by year)"
    )


def test_a_bad_year_is_a_bad_row(shared: Path, resolver: Resolver) -> None:
    path = shared / "register.csv"
    path.write_text(path.read_text().replace("Russia,North Korea,2023", "Russia,North Korea,20x3"))
    with pytest.raises(InputError) as caught:
        read(path, resolver)
    assert str(caught.value.problems[0]) == (
        f"{path}:2: field 'order_year': '20x3' is not a date (expected YYYY, YYYY-MM or "
        "YYYY-MM-DD, optionally followed by ~ for approximate or ? for uncertain)"
    )
    batch = read(path, resolver, skip_bad_rows=True)
    assert len(transfers(batch)) == 3
    assert [p.line for p in batch.bad_rows] == [2]
