"""One node per state, organisation and weapon system, whichever dataset names it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import URIRef

from pactgraph.importers.entities import CROSSWALK_DOCUMENT, Resolver, fold, read_alpha2, slug
from pactgraph.load.triples import PG, PROV, iri
from pactgraph.model import records as r

from .test_shared_data import DATA


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


def test_alpha2_codes_come_from_rows_with_both_iso_codes(tmp_path: Path) -> None:
    crosswalk = tmp_path / "codes.csv"
    crosswalk.write_text(
        "country.name.en,iso3c,iso2c,cown\n"
        "Namibia,NAM,NA,565\n"  # "NA" is Namibia's code, not a missing value
        "Kosovo,,,347\n"
        "Somewhere,SMW,,999\n"
    )
    codes = read_alpha2(crosswalk)
    assert list(codes) == ["NAM"]
    assert codes["NAM"].code == "NA"
    assert codes["NAM"].evidence == r.Evidence(
        document=CROSSWALK_DOCUMENT.id, quote="Namibia,NAM,NA,565", locator="line 2"
    )
    # A crosswalk without alpha-2 codes still places states; it only names none by them.
    crosswalk.write_text("country.name.en,iso3c,cown\nNamibia,NAM,565\n")
    assert read_alpha2(crosswalk) == {}


def test_each_linked_state_gets_its_alpha2_code_citing_the_crosswalk_once(
    resolver: Resolver,
) -> None:
    assert resolver.state(731, on=None) == "state/PRK"  # curated
    # The curated state will cite the crosswalk: its document comes with the import.
    assert CROSSWALK_DOCUMENT.id in resolver.created
    assert resolver.state(710, on=None) == "state/CHN"  # added from the crosswalk row
    assert resolver.state(365, on=dt.date(1970, 1, 1)) == "state/SUN"  # no alpha-2 code
    assert resolver.state(315, on=None) == "state/cow-315"  # no ISO code at all
    assert resolver.actor("African Union**", on=None).startswith("organization/")
    statements = resolver.alpha2_statements()
    codes = {s: str(o) for s, p, o in statements if p == PG.isoAlpha2Code}
    assert codes == {iri("state/PRK"): "KP", iri("state/CHN"): "CN"}  # RUS: never linked
    cited = {s: o for s, p, o in statements if p == PROV.qualifiedDerivation}
    assert cited == {iri("state/PRK"): URIRef(f"{iri('state/PRK')}/iso-alpha-2/evidence/1")}
    quotes = [str(o) for _, p, o in statements if p == PG.quote]
    assert quotes == ["North Korea,PRK,KP,408.0,PRK,731.0,North Korea,PRK,731.0,731.0,41.0"]
    # China's own record cites that row already: the code adds no second copy of it.
    china = resolver.created["state/CHN"]
    assert china.evidence[0].quote.startswith("China,CHN,CN,")


@pytest.mark.shared_data
@pytest.mark.skipif(not DATA.is_dir(), reason=f"{DATA} is absent (the real code tables)")
def test_the_real_crosswalk_pairs_each_alpha3_with_one_alpha2() -> None:
    codes = read_alpha2(DATA / "crosswalks" / "countrycode_iso_cow_gw.csv")
    assert (codes["PRK"].code, codes["KOR"].code, codes["NAM"].code) == ("KP", "KR", "NA")
    assert "SUN" not in codes  # no code is made up for a dissolved state
    by_code = [code.code for code in codes.values()]
    assert len(by_code) == len(set(by_code))  # no alpha-2 code names two states
