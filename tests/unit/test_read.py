"""The reader and make_blocks: source format → blocks and inlines."""

from edition.model.nodes import BulletList, Emph, Heading, Paragraph, Strong
from edition.clean.passes.blocks import make_blocks, wrap_width
from edition.model.markup import parse_inlines
from edition.read.texts import decode
from tests.helpers import context_of, dump, text_of_lines


def test_inlines():
    assert dump(parse_inlines("plain *italic* and **bold *inner*** end")) == \
        "plain <emph>italic</emph> and <strong>bold <emph>inner</emph></strong> end"
    assert dump(parse_inlines("2 * 3 * 4 and a* b")) == "2 * 3 * 4 and a* b"
    assert dump(parse_inlines("<b>x</b> & y")) == "<b>x</b> & y"
    assert isinstance(parse_inlines("*a*")[0], Emph) and isinstance(parse_inlines("**a**")[0], Strong)


def test_blocks():
    lines = ["First para", "wrapped here.", "", "Heading line", "Intro:", "- one", "- two", "  continued", "", "Last."]
    text = text_of_lines(lines, headings={4})
    make_blocks(text, context_of(text))
    blocks = text.blocks
    assert [(type(b).__name__, b.line) for b in blocks] == [
        ("Paragraph", 1), ("Heading", 4), ("Paragraph", 5), ("BulletList", 6), ("Paragraph", 10)]
    assert dump(blocks[0].inlines) == "First para wrapped here."
    assert [dump(i) for i in blocks[3].items] == ["one", "two continued"]
    assert isinstance(blocks[1], Heading) and isinstance(blocks[3], BulletList) and isinstance(blocks[4], Paragraph)


def test_hard_wrapped_text_without_blank_lines():
    paragraph = ("The workers of the world have nothing to lose but their chains and they have a world to win, "
                 "which is more than can be said for any other class of society that ever existed before now.")
    words, lines, line = paragraph.split(), [], ""
    for _ in range(3):
        for word in words:
            if len(line) + len(word) + 1 > 60:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
        line = ""
    assert wrap_width(list(enumerate(lines, start=1))) is not None
    text = text_of_lines(lines)
    make_blocks(text, context_of(text))
    assert [dump(b.inlines) for b in text.blocks] == [paragraph] * 3


def test_encoding_detection():
    assert decode("Café".encode("utf-8")) == ("Café", "utf-8")
    assert decode("Café ‘x’".encode("cp1252")) == ("Café ‘x’", "windows-1252")
