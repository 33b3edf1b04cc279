"""Every quote attributed to one of the two source articles occurs in its text.

Whitespace and typographic quotes are normalised. Needs ../shared/seeds, or $PACTGRAPH_SHARED/seeds
(skipped where absent: a user's clone has no copy of the articles).
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from pactgraph.load.curated import read_records
from pactgraph.model.records import AnyRecord, Evidence
from pactgraph.model.resources import default_data_dir

SHARED = Path(os.environ.get("PACTGRAPH_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEEDS = SHARED / "seeds"
ARTICLES = {
    "document/cfr-how-japan-is-viewing-2024": "000_709ac2fb4af8273e.txt",
    "document/api-trilateral-cooperation-russia-north-korea-2024": "002_4215d8aa514694a1.txt",
}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for typographic, plain in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        text = text.replace(typographic, plain)
    return " ".join(text.split()).casefold()


def evidence_of(record: AnyRecord) -> list[Evidence]:
    found = list(record.evidence)
    for part in (*getattr(record, "dates", ()), *getattr(record, "articles", ())):
        found += part.evidence
    return found


def test_every_seed_quote_is_in_its_article() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"the source articles are not here ({SEEDS}); they are not redistributed")
    texts = {
        doc: normalise((SEEDS / name).read_text(encoding="utf-8")) for doc, name in ARTICLES.items()
    }
    checked, missing = 0, []
    for record in read_records(default_data_dir()):
        for evidence in evidence_of(record):
            if evidence.document in texts:
                checked += 1
                if normalise(evidence.quote) not in texts[evidence.document]:
                    missing.append(f"{record.id}: {evidence.quote}")
    assert missing == []
    assert checked >= 100


def test_normalisation_is_not_too_forgiving() -> None:
    assert normalise("“no limits”\n  cooperation") == normalise('"No limits" cooperation')
    assert normalise("no limits") not in normalise("no-limits")
