"""The name of one selection of graphs, for the files kept beside a store for it."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

FORMAT = 1  # bump when the layout of a kept file changes


def graphs_key(graphs: Sequence[str]) -> str:
    """A short digest naming one selection of graphs (CRC-32: a handful of selections per store,
    and zlib is loaded anyway, where hashlib would load OpenSSL into every question)."""
    text = "\n".join([str(FORMAT), *sorted(set(graphs))])
    return f"{zlib.crc32(text.encode()):08x}"
