"""Field readers: nested evidence, disputed date claims, quote length."""

from __future__ import annotations

from pathlib import Path

from pactgraph.load.fields import MAX_QUOTE, FieldReader, Reference
from pactgraph.load.yamlfile import Mapping, read_yaml
from pactgraph.model.dates import PartialDate
from pactgraph.model.problems import Problem
from pactgraph.model.records import DateClaim, Evidence


def reader_for(tmp_path: Path, text: str) -> tuple[FieldReader, list[Problem], list[Reference]]:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    root, _ = read_yaml(path)
    assert isinstance(root, Mapping)
    problems: list[Problem] = []
    references: list[Reference] = []
    reader = FieldReader(
        root, path=path, record="agreement/x", problems=problems, references=references
    )
    return reader, problems, references


def test_disputed_claims_keep_every_source(tmp_path: Path) -> None:
    reader, problems, references = reader_for(
        tmp_path,
        """\
expired:
  - {date: 1996-09-10, preferred: true, sources: [{document: document/a, quote: in 1996}]}
  - {date: 1995-09-07, sources: [{document: document/b, quote: until 1995}]}
""",
    )
    claims = reader.date_claims("expired")
    assert problems == []
    assert claims == (
        DateClaim(
            "expired", PartialDate("1996-09-10", "day"), True, (Evidence("document/a", "in 1996"),)
        ),
        DateClaim(
            "expired",
            PartialDate("1995-09-07", "day"),
            False,
            (Evidence("document/b", "until 1995"),),
        ),
    )
    assert [(ref.target, ref.field) for ref in references] == [
        ("document/a", "expired[0].sources[0].document"),
        ("document/b", "expired[1].sources[0].document"),
    ]


def test_disputed_claims_each_need_a_source(tmp_path: Path) -> None:
    reader, problems, _ = reader_for(
        tmp_path,
        """\
expired:
  - {date: 1996, preferred: true}
  - {date: 1995}
""",
    )
    reader.date_claims("expired")
    assert [(p.field, p.message) for p in problems] == [
        ("expired[0].sources", "a statement needs at least one source with a quote"),
        ("expired[1].sources", "a statement needs at least one source with a quote"),
    ]


def test_quotes_are_short_and_whitespace_is_normalised(tmp_path: Path) -> None:
    long_quote = "word " * (MAX_QUOTE // 4)
    reader, problems, _ = reader_for(
        tmp_path,
        f"""\
sources:
  - document: document/a
    quote: "two   spaces"
  - document: document/a
    quote: "{long_quote}"
""",
    )
    evidence = reader.evidence()
    assert evidence[0].quote == "two spaces"
    assert [p.field for p in problems] == ["sources[1].quote"]
    assert "keep it under 600" in problems[0].message
