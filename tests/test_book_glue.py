"""helpers.book.glue: the text a sentence shows is exactly the string the chapter formatted."""

from __future__ import annotations

import pytest

from helpers.book import Text, glue

pytest.importorskip("myst_nb")


@pytest.mark.parametrize("shown", ["5.70", "+0.35", "1,200", "98.75%", "[0.24, 0.47]", "(n = 187)"])
def test_glued_text_survives_the_book_round_trip(shown, monkeypatch):
    from IPython.core.formatters import format_display_data
    from myst_nb.core.variables import format_plain_text
    import myst_nb

    captured = {}

    def fake_glue(name, variable, display=True):
        captured[name] = format_display_data(variable)[0]["text/plain"]

    monkeypatch.setattr(myst_nb, "glue", fake_glue)
    out = glue("value", shown)
    assert isinstance(out, Text) and out == shown
    # what the book's {glue:text} / {eval} role shows (myst-nb literal_evals text/plain)
    assert format_plain_text(captured["value"], "") == shown
