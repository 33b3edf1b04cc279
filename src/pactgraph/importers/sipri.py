"""SIPRI Arms Transfers Database exports: each deal becomes a Transfer of a weapon system.

Two layouts are read: the trade register (one row per deal: ``recipient,supplier,order_year,…``) and
the newer deliveries export (a preamble, then one row per deal and delivery year, keyed by ``SIPRI
AT Database ID``, each line ending in ';'). Names map to states and organisations, designations to
weapon systems (a curated alias such as "Hwasong-11" for the KN-23 wins).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from pactgraph.errors import InputError
from pactgraph.importers.batch import Batch, Progress, RowLog
from pactgraph.importers.entities import Resolver
from pactgraph.importers.tables import Row, RowError, detect_header, read_table
from pactgraph.model import records as r
from pactgraph.model.dates import DateFormatError, PartialDate
from pactgraph.model.problems import Problem

REGISTER = "register"
DELIVERIES = "deliveries"
LAYOUTS = {REGISTER: "recipient,supplier,", DELIVERIES: "SIPRI AT Database ID,"}
REGISTER_COLUMNS = (
    "recipient",
    "supplier",
    "order_year",
    "order_year_uncertain",
    "number_ordered",
    "number_ordered_uncertain",
    "weapon_designation",
    "weapon_description",
    "number_delivered",
    "number_delivered_uncertain",
    "delivery_years",
    "status",
    "comments",
    "tiv_per_unit",
    "tiv_total_order",
    "tiv_delivered",
)
DELIVERIES_COLUMNS = (
    "SIPRI AT Database ID",
    "Supplier",
    "Recipient",
    "Designation",
    "Description",
    "Order date",
    "Order date is estimate",
    "Numbers delivered",
    "Numbers delivered is estimate",
    "Delivery year",
    "Status",
    "TIV deal unit",
    "TIV delivery values",
)
NAME_COLUMNS = ("sipri_name", "cown")
_GENERATED = re.compile(r"Data generated: (\d{1,2} \w{3} \d{4})")


def document(*, name: str, accessed: dt.date) -> r.Document:
    """SIPRI's required attribution, as the source of every imported transfer."""
    return r.Document(
        id=f"document/{name}-arms-transfers-database",
        kind="dataset",
        label="SIPRI Arms Transfers Database",
        title="SIPRI Arms Transfers Database",
        url="https://www.sipri.org/databases/armstransfers",
        license="(c) SIPRI",
        citation="Source: SIPRI Arms Transfers Database, "
        f"https://www.sipri.org/databases/armstransfers, accessed {accessed.isoformat()}",
    )


def read_names(path: Path) -> dict[str, int]:
    """SIPRI name → COW code (the 360info table); names without a code are left out."""
    table = read_table(path, required=NAME_COLUMNS)
    found = {}
    for row in table.rows():
        code = row.integer("cown")
        if code is not None:
            found[row.values["sipri_name"].strip()] = code
    return found


def accessed_date(path: Path) -> dt.date:
    """When the data was generated, if the export says so; else when the file was last written."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = "".join(next(handle, "") for _ in range(20))
    except OSError:
        head = ""
    match = _GENERATED.search(head)
    if match:
        return dt.datetime.strptime(match.group(1), "%d %b %Y").date()
    return dt.date.fromtimestamp(path.stat().st_mtime)


def read_sipri(
    path: Path,
    *,
    resolver: Resolver,
    names: dict[str, int],
    name: str = "sipri",
    accessed: dt.date | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
) -> Batch:
    """The transfers of a SIPRI export in either layout; InputError for unknown layouts."""
    layout = detect_header(path, LAYOUTS)
    if layout is None:
        raise InputError(
            [
                Problem(
                    path,
                    None,
                    "is not a SIPRI export pactgraph reads: expected a header starting "
                    f"'{LAYOUTS[REGISTER]}…' (trade register) or "
                    f"'{LAYOUTS[DELIVERIES]}…' (deliveries by year)",
                )
            ]
        )
    source = document(name=name, accessed=accessed or accessed_date(path))
    log = RowLog(name, skip_bad_rows, progress)
    reader = _Reader(resolver, names, source.id)
    if layout == REGISTER:
        table = read_table(path, required=REGISTER_COLUMNS, header_starts=LAYOUTS[REGISTER])
        for row in log.each(table.rows()):
            with log.reading(row):
                reader.register_row(row)
    else:
        table = read_table(
            path, required=DELIVERIES_COLUMNS, header_starts=LAYOUTS[DELIVERIES], trailing=";"
        )
        deals: dict[str, list[Row]] = defaultdict(list)
        for row in log.each(table.rows()):
            with log.reading(row):
                deals[_required(row, "SIPRI AT Database ID")].append(row)
        for deal, rows in deals.items():
            with log.reading(rows[0]):
                reader.deal(deal, rows)
    bad = log.finish()
    if progress:
        made, added = len(reader.transfers), len(resolver.created)
        progress(f"{name}: {log.rows:,} rows read, {made:,} transfers, {added:,} entities added")
    # What the register records, it vouches for up to the end of the last year it covers.
    years = [t.end or t.start for t in reader.transfers if t.end or t.start]
    last = max((year.last_day for year in years if year is not None), default=None)
    if last is not None:
        source = dataclasses.replace(source, coverage_end=PartialDate.parse(str(last.year)))
    return Batch(
        dataset=name,
        records=(source, *reader.transfers),
        entities=tuple(resolver.created.values()),
        extra=(),
        entity_extra=resolver.alpha2_statements(),
        rows=log.rows,
        bad_rows=bad,
        unresolved=dict(resolver.unresolved),
        matched={"weapon systems": reader.curated_items},
    )


def _required(row: Row, column: str) -> str:
    value = row.text_of(column)
    if value is None:
        raise RowError(row.problem("is empty", column=column))
    return value


def _year(row: Row, column: str, *, uncertain: bool) -> PartialDate:
    text = _required(row, column)
    try:
        date = PartialDate.parse(text)
    except DateFormatError as error:
        raise RowError(row.problem(str(error), column=column)) from None
    if date.precision != "year":
        raise RowError(row.problem(f"'{text}' is not a year", column=column))
    return dataclasses.replace(date, uncertain=uncertain)


class _Reader:
    """Turns rows into transfers, resolving names and designations as it goes."""

    def __init__(self, resolver: Resolver, names: dict[str, int], document: str) -> None:
        self.resolver, self.names, self.document = resolver, names, document
        self.transfers: list[r.Transfer] = []
        self.curated_items = 0
        self.seen: dict[str, int] = {}

    def _actor(self, name: str, on: dt.date) -> str:
        return self.resolver.actor(name, on=on, cow=self.names.get(name))

    def _item(self, designation: str, description: str | None) -> str:
        item = self.resolver.capability(designation, description=description)
        if item in self.resolver.by_id:
            self.curated_items += 1
        return item

    def register_row(self, row: Row) -> None:
        order = _year(row, "order_year", uncertain=row.text_of("order_year_uncertain") == "?")
        ordered, delivered = row.integer("number_ordered"), row.integer("number_delivered")
        years = _years(row)
        digest = hashlib.sha1(row.text.encode("utf-8")).hexdigest()[:12]
        self.seen[digest] = self.seen.get(digest, 0) + 1
        suffix = "" if self.seen[digest] == 1 else f"-{self.seen[digest]}"
        estimated = tuple(
            prop
            for column, prop in (
                ("number_ordered_uncertain", "numberOrdered"),
                ("number_delivered_uncertain", "numberDelivered"),
            )
            if row.text_of(column) == "?"
        )
        self._add(
            record_id=f"transfer/sipri-{digest}{suffix}",
            source_id=None,
            supplier=_required(row, "supplier"),
            recipient=_required(row, "recipient"),
            designation=_required(row, "weapon_designation"),
            description=row.text_of("weapon_description"),
            order=order,
            ordered=ordered,
            delivered=delivered,
            years=years,
            condition=row.text_of("status"),
            comments=row.text_of("comments"),
            tiv=(row.decimal("tiv_per_unit"), row.decimal("tiv_total_order")),
            tiv_delivered=row.decimal("tiv_delivered"),
            estimated=estimated,
            evidence=(self._evidence(row),),
        )

    def deal(self, deal: str, rows: list[Row]) -> None:
        first = rows[0]
        order = _year(
            first, "Order date", uncertain=first.text_of("Order date is estimate") == "Yes"
        )
        delivered = sum(row.integer("Numbers delivered") or 0 for row in rows)
        values = [row.decimal("TIV delivery values") for row in rows]
        tiv = sum((Decimal(v) for v in values if v is not None), Decimal(0))
        years = sorted({_year(row, "Delivery year", uncertain=False).text for row in rows})
        estimated = (
            ("numberDelivered",)
            if any(row.text_of("Numbers delivered is estimate") == "Yes" for row in rows)
            else ()
        )
        self._add(
            record_id=f"transfer/sipri-deal-{re.sub(r'[^0-9A-Za-z-]', '-', deal)}",
            source_id=deal,
            supplier=_required(first, "Supplier"),
            recipient=_required(first, "Recipient"),
            designation=_required(first, "Designation"),
            description=first.text_of("Description"),
            order=order,
            ordered=None,
            delivered=delivered,
            years=years,
            condition=first.text_of("Status"),
            comments=None,
            tiv=(first.decimal("TIV deal unit"), None),
            tiv_delivered=str(tiv) if any(v is not None for v in values) else None,
            estimated=estimated,
            evidence=tuple(self._evidence(row) for row in rows),
        )

    def _evidence(self, row: Row) -> r.Evidence:
        return r.Evidence(
            document=self.document, quote=row.text, locator=f"{row.path.name} line {row.line}"
        )

    def _add(
        self,
        *,
        record_id: str,
        source_id: str | None,
        supplier: str,
        recipient: str,
        designation: str,
        description: str | None,
        order: PartialDate,
        ordered: int | None,
        delivered: int | None,
        years: list[str],
        condition: str | None,
        comments: str | None,
        tiv: tuple[str | None, str | None],
        tiv_delivered: str | None,
        estimated: tuple[str, ...],
        evidence: tuple[r.Evidence, ...],
    ) -> None:
        on = order.first_day
        who, whom = self._actor(supplier, on), self._actor(recipient, on)
        item = self._item(designation, description)
        if ordered is not None and delivered is not None and delivered >= ordered > 0:
            status = "delivered"
        elif delivered:
            status = "ongoing"
        else:
            status = "agreed"
        self.transfers.append(
            r.Transfer(
                id=record_id,
                label=f"{designation} from {supplier.rstrip('*')} to {recipient.rstrip('*')} "
                f"(ordered {order.text})",
                description=comments,
                supplier=who,
                recipient=whom,
                items=(item,),
                kind="arms",
                status=status,
                start=order,
                end=PartialDate.parse(years[-1]) if years else None,
                ordered=ordered,
                delivered=delivered,
                delivery_years="; ".join(years) if years else None,
                tiv_per_unit=tiv[0],
                tiv_total_order=tiv[1],
                tiv_delivered=tiv_delivered,
                condition=condition,
                source_id=source_id,
                estimated=estimated,
                evidence=evidence,
            )
        )


def _years(row: Row) -> list[str]:
    text = row.text_of("delivery_years")
    if text is None:
        return []
    years = [part.strip() for part in text.split(";") if part.strip()]
    bad = [year for year in years if not re.fullmatch(r"\d{4}", year)]
    if bad:
        raise RowError(row.problem(f"'{bad[0]}' is not a year", column="delivery_years"))
    return sorted(years)
