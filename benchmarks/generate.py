"""Write an alliance-shaped graph_data directory of about N triples (deterministic for a seed).

States, bilateral treaties with dates (some expired), a defence commitment in each direction with
its source and quote, and arms transfers: the shapes the curated graph has, at any size.

    python benchmarks/generate.py --triples 100000 --out /tmp/gen-100k
"""

from __future__ import annotations

import argparse
import itertools
import random
import string
from pathlib import Path

TRIPLES_PER_TREATY = 95  # measured: a treaty, two commitments, a transfer, and their evidence


def state_codes(count: int) -> list[str]:
    letters = string.ascii_uppercase
    return ["".join(t) for t in itertools.islice(itertools.product(letters, repeat=3), count)]


def generate(*, triples: int, out: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    treaties = max(1, triples // TRIPLES_PER_TREATY)
    codes = state_codes(max(20, min(5000, treaties // 5)))
    out.mkdir(parents=True, exist_ok=True)
    source = "[{document: document/generated, quote: generated for benchmarks}]"
    (out / "documents.yaml").write_text(
        "- id: document/generated\n  kind: dataset\n  label: Generated benchmark data\n",
        encoding="utf-8",
    )
    actors = [
        f"- id: state/{c}\n  kind: state\n  label: State {c}\n  aliases: [{c.lower()}land]\n"
        for c in codes
    ]
    (out / "actors.yaml").write_text("".join(actors), encoding="utf-8")
    agreements, commitments, transfers, capabilities = [], [], [], []
    for number in range(treaties):
        one, other = sorted(rng.sample(codes, 2))
        start = rng.randint(1900, 2020)
        ended = rng.random() < 0.3
        agreement = f"agreement/t{number:07d}"
        dates = f"  signed: {start}-01-15\n  entered_into_force: {start}-03-01\n" + (
            f"  expired: {start + rng.randint(1, 30)}-03-01\n" if ended else ""
        )
        agreements.append(
            f"- id: {agreement}\n  kind: treaty\n  label: Treaty {number} of {one} and {other}\n"
            f"  parties: [state/{one}, state/{other}]\n"
            f"  status: {'expired' if ended else 'in_force'}\n"
            f'{dates}  articles: [{{number: "1", text: mutual defence}}]\n  sources: {source}\n'
        )
        for committer, beneficiary in ((one, other), (other, one)):
            commitments.append(
                f"- id: commitment/t{number:07d}-{committer.lower()}\n"
                f"  committer: state/{committer}\n"
                f"  beneficiary: state/{beneficiary}\n  obligation: defense\n  basis: {agreement}\n"
                f'  article: "1"\n  conditions: [{{kind: armed_attack}}]\n  sources: {source}\n'
            )
        capability = f"capability/w{number:07d}"
        capabilities.append(
            f"- id: {capability}\n  kind: weapon_system\n  label: Weapon {number}\n"
            f"  sources: {source}\n"
        )
        transfers.append(
            f"- id: transfer/t{number:07d}\n  label: Transfer {number}\n  supplier: state/{one}\n"
            f"  recipient: state/{other}\n"
            f"  items: [{capability}]\n  kind: arms\n  status: delivered\n  start: {start + 1}\n"
            f"  sources: {source}\n"
        )
    for name, records in (
        ("agreements.yaml", agreements),
        ("commitments.yaml", commitments),
        ("capabilities.yaml", capabilities),
        ("transfers.yaml", transfers),
    ):
        (out / name).write_text("".join(sorted(records)), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(generate(triples=args.triples, out=args.out, seed=args.seed))


if __name__ == "__main__":
    main()
