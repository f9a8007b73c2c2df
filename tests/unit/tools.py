"""Small helpers for the unit tests: a text from a few lines, a dump of inlines."""

from edition.model.nodes import Str, Text
from edition.clean.passes import Context, lexicon_for
from edition.clean.passes.blocks import make_blocks


def dump(nodes):
    """Inlines as a string: 'plain <emph>italic</emph>'."""
    out = []
    for node in nodes:
        if isinstance(node, Str):
            out.append(node.text)
        else:
            out.append(f"<{node.kind}>{dump(node.children)}</{node.kind}>")
    return "".join(out)


def text_of_lines(lines, **settings) -> Text:
    base = {"headings": set(), "blockquotes": [], "sidebars": [], "joins": set(), "errata": [], "keep": set(),
            "skip": set()}
    base.update(settings)
    return Text(id="t", title="T", source="t.txt", first_line=1, last_line=len(lines),
                lines=list(enumerate(lines, start=1)), settings=base)


def context_of(*texts) -> Context:
    return Context(lexicon_for(list(texts)))


def blocks_of(*paragraphs, **settings) -> tuple[Text, Context]:
    """A text of paragraphs separated by blank lines, its blocks made, and a context to run passes in."""
    lines = []
    for paragraph in paragraphs:
        lines += paragraph.split("\n") + [""]
    text = text_of_lines(lines, **settings)
    context = context_of(text)
    make_blocks(text, context)
    return text, context
