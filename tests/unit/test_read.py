"""The reader: source format → blocks and inlines."""

from edition.model import BulletList, Emph, Heading, Paragraph, Str, Strong
from edition.read import parse_blocks, parse_inlines


def dump(nodes):
    out = []
    for node in nodes:
        if isinstance(node, Str):
            out.append(node.text)
        else:
            out.append(f"<{node.kind}>{dump(node.children)}</{node.kind}>")
    return "".join(out)


def test_inlines():
    assert dump(parse_inlines("plain *italic* and **bold *inner*** end")) == \
        "plain <emph>italic</emph> and <strong>bold <emph>inner</emph></strong> end"
    assert dump(parse_inlines("2 * 3 * 4 and a* b")) == "2 * 3 * 4 and a* b"
    assert dump(parse_inlines("<b>x</b> & y")) == "<b>x</b> & y"
    assert isinstance(parse_inlines("*a*")[0], Emph) and isinstance(parse_inlines("**a**")[0], Strong)


def test_blocks():
    lines = ["First para", "wrapped here.", "", "Heading line", "Intro:", "- one", "- two", "  continued", "", "Last."]
    blocks = parse_blocks(list(enumerate(lines, start=10)), "x.txt", headings={13})
    kinds = [(type(b).__name__, b.line) for b in blocks]
    assert kinds == [("Paragraph", 10), ("Heading", 13), ("Paragraph", 14), ("BulletList", 15), ("Paragraph", 19)]
    assert dump(blocks[0].inlines) == "First para wrapped here."
    assert [dump(i) for i in blocks[3].items] == ["one", "two continued"]
    assert isinstance(blocks[1], Heading) and isinstance(blocks[3], BulletList) and isinstance(blocks[4], Paragraph)
