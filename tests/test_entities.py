"""One node per state, organisation and weapon system, whichever dataset names it."""

from __future__ import annotations

import datetime as dt

from pactgraph.importers.entities import Resolver, fold, slug
from pactgraph.model import records as r


def test_slugs_and_folded_names() -> None:
    assert slug("EMB-314 Super Tucano") == "emb-314-super-tucano"
    assert slug("***") == "unnamed"
    assert fold("Antigua & Barbuda") == fold("antigua and barbuda")
    assert fold("Türkiye") == "turkiye"
    assert fold("Yemen Arab Republic (North Yemen)") == "yemen arab republic"


def test_cow_365_is_the_soviet_union_until_26_december_1991(resolver: Resolver) -> None:
    assert resolver.state(365, on=dt.date(1991, 12, 25)) == "state/SUN"
    assert resolver.state(365, on=dt.date(1991, 12, 26)) == "state/RUS"
    assert resolver.state(365, on=None) == "state/RUS"
    soviet = resolver.created["state/SUN"]
    assert isinstance(soviet, r.Actor)
    assert (soviet.label, soviet.cow_code) == ("Soviet Union", 365)
    assert "state/RUS" not in resolver.created  # curated already


def test_a_curated_state_is_reused_and_others_are_added_once(resolver: Resolver) -> None:
    assert resolver.state(731, on=None) == "state/PRK"
    assert "state/PRK" not in resolver.created
    assert resolver.state(710, on=None) == resolver.state(710, on=None) == "state/CHN"
    china = resolver.created["state/CHN"]
    assert isinstance(china, r.Actor)
    assert china.label == "China"
    assert china.evidence[0].quote.startswith("China,CHN,")
    assert "document/countrycode-codelist-0.6.0" in resolver.created


def test_a_state_without_iso_code_keeps_its_cow_code(resolver: Resolver) -> None:
    assert resolver.state(315, on=None) == "state/cow-315"
    assert resolver.created["state/cow-315"].label == "Czechoslovakia"


def test_an_unknown_code_is_kept_and_listed(resolver: Resolver) -> None:
    assert resolver.state(8152, on=None) == "actor/cow-8152"
    assert resolver.unresolved == {"COW code 8152": 1}


def test_names_resolve_by_label_code_table_and_kind(resolver: Resolver) -> None:
    day = dt.date(2000, 1, 1)
    assert resolver.actor("DPRK", on=day) == "state/PRK"  # a curated alias
    assert resolver.actor("Serbia", on=day) == "state/SRB"  # crosswalk name
    assert resolver.actor("Yemen Arab Republic (North Yemen)", on=day) == "state/cow-678"
    assert resolver.actor("Soviet Union", on=dt.date(1970, 1, 1), cow=365) == "state/SUN"
    assert resolver.actor("African Union**", on=day) == "organization/sipri-african-union"
    assert resolver.actor("Hamas (Palestine)*", on=day) == "organization/sipri-hamas-palestine"
    kinds = {k: v.kind for k, v in resolver.created.items() if isinstance(v, r.Actor)}
    assert kinds["organization/sipri-african-union"] == "international_organization"
    assert kinds["organization/sipri-hamas-palestine"] == "non_state_organization"
    assert resolver.unresolved == {}
    assert resolver.actor("unknown supplier(s)", on=day) == "actor/sipri-unknown-supplier-s"
    assert resolver.unresolved == {"unknown supplier(s)": 1}


def test_designations_resolve_through_curated_aliases(resolver: Resolver) -> None:
    assert resolver.capability("Hwasong-11", description="SRBM") == "capability/kn-23"
    made = resolver.capability("T-55", description="tank")
    assert made == resolver.capability("t-55", description=None) == "capability/sipri-t-55"
    tank = resolver.created[made]
    assert (tank.label, tank.description) == ("T-55", "tank")
