"""Text bound for a terminal, made harmless: no control, escape or direction-changing characters.

A label read from an import, a name the user typed or a server's error message may carry escape
sequences (a terminal would retitle its window, clear the screen, rewrite earlier lines) or
bidirectional controls (which reorder what is shown). Each such character is shown as a visible
escape (``\\x1b``, ``\\u202e``), so nothing is hidden and nothing acts.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the Unicode direction controls.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control, escape and direction character written as its escape."""
    return _UNSAFE.sub(_visible, text)
