"""Text for a terminal: control, escape and direction characters shown, never acted on."""

from __future__ import annotations

from pactgraph.views.terminal import printable


def test_escape_sequences_are_shown_not_sent() -> None:
    # A window-title OSC, a screen clear, a C1 CSI, a bell.
    hostile = "\x1b]0;pwned\x07 \x1b[2J \x9b31m"
    assert printable(hostile) == "\\x1b]0;pwned\\x07 \\x1b[2J \\x9b31m"


def test_direction_controls_are_shown_not_obeyed() -> None:
    assert printable("Korea\u202eaerok") == "Korea\\u202eaerok"
    assert printable("\u2066a\u2069") == "\\u2066a\\u2069"


def test_ordinary_text_is_untouched() -> None:
    text = "Corée du Nord\t\u041a\u041d\u0414\u0420\n조선민주주의인민공화국 — دولة"  # КНДР
    assert printable(text) == text
