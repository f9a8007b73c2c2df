"""Inputs that once took time in the square of their size (issue 15) give the right result.

Each input here took minutes or more before; now it takes a fraction of a second. The time itself is
measured by bench/clean_speed.py and bench/hostile_time.py, not asserted here."""

from __future__ import annotations

import random

from edition.clean.passes.notes import OWNED_NOTE, _body
from edition.clean.passes.patterns import hyphen_end
from edition.clean.passes.pull_quotes import remove_pull_quotes
from edition.clean.passes.split_paragraphs import Passages, rejoin_split_paragraphs
from edition.model.typography import curl_quotes, em_dashes
from edition.model.nodes import Emph, Paragraph, Str, Text
from edition.model.walk import plain
from edition.model.markup import parse_inlines
from tests.helpers import context_of, text_of_lines


def test_em_dash_after_a_long_run_of_spaces():
    text = "a" + " " * 150_000 + "b -- c" + " " * 150_000
    result = em_dashes(text)
    assert result == "a" + " " * 150_000 + "b—c" + " " * 150_000
    assert em_dashes("a --- --b") == "a——b" and em_dashes("x - y") == "x - y"


def test_emphasis_with_thousands_of_unclosed_marks():
    for mark in ("*", "**", "_"):
        text = f"{mark}word " * 20_000
        inlines = parse_inlines(text)
        assert plain(inlines) == text, mark
    inlines = parse_inlines("*a " * 5_000 + "b*")
    assert len(inlines) == 1 and isinstance(inlines[0], Emph) and plain(inlines[0].children).endswith(" *a b")


def test_quotes_hyphens_and_notes_on_long_runs():
    assert curl_quotes("'tis " * 30_000) == "’tis " * 30_000
    assert hyphen_end("a" * 150_000 + "-1-") is None and hyphen_end("a" * 9 + "-b-") == (10, "b")
    assert hyphen_end("the revolu-") == (4, "revolu") and hyphen_end("x--") is None
    match = OWNED_NOTE.match("Translator's note: x" + " " * 150_000 + "y ]")
    assert _body(match[3]) == "x" + " " * 150_000 + "y"


def _words(rng, count):
    return " ".join(rng.choice(["land", "bread", "work", "mill", "field", "hand", "town", "sea", "iron", "coal",
                                "grain", "wage", "rent", "law", "home", "road"]) + str(rng.randrange(400))
                    for _ in range(count))


def test_pull_quotes_in_thousands_of_paragraphs():
    rng = random.Random(15)
    texts = [_words(rng, rng.randrange(8, 80)) + "." for _ in range(4_000)]
    long = next(t for t in texts if len(t.split()) > 40)
    quote = " ".join(long.split()[5:25])
    text = Text(id="t", title="T", source="t.txt", first_line=1, last_line=1,
                blocks=[Paragraph([Str(t)], "t.txt", n) for n, t in enumerate(texts[:2000] + [quote] + texts[2000:])])
    changes = remove_pull_quotes(text, None)
    assert [c.before for c in changes] == [quote] and len(text.blocks) == 4_000
    passages = Passages()
    passages.add("long", long)
    assert passages.repeats(quote)
    passages.remove("long")
    passages.add("same", quote)
    assert not passages.repeats(quote)           # only a longer paragraph can hold a pull-quote's passage


def test_rejoining_thousands_of_split_paragraphs():
    rng = random.Random(16)
    lines = []
    for _ in range(3_000):
        lines += [_words(rng, 12) + " and the", "", "rest " + _words(rng, 12) + ".", ""]
    text = text_of_lines(lines)
    context = context_of(text)
    from edition.clean.passes.blocks import make_blocks
    make_blocks(text, context)
    rejoin_split_paragraphs(text, context)
    assert len(text.blocks) == 3_000
    assert all(plain(b.inlines).count(" and the rest ") == 1 for b in text.blocks)
