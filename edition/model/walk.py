"""The one walker of the document tree: every node in reading order, and the inlines' strings to rewrite.

Which fields of a node hold its children is said once, by the node's class
(``CONTENTS`` in ``nodes.py``); everything that goes through the tree asks
``children_of``::

    [n.kind for n in walk([Paragraph([Str("a "), Emph([Str("b")])], "t.txt", 1)])]
        → ["paragraph", "str", "emph", "str"]
    plain([Str("a "), Emph([Str("b")])]) → "a b"

``splice`` rewrites the strings of a list of inlines in place, as a
Pandoc filter does: a function given each ``Str`` returns None to keep it
or a list of nodes to put in its place.
"""

from __future__ import annotations

from typing import Callable, Iterator

from edition.model.nodes import BulletList, Heading, Paragraph, Str


def children_of(node) -> list:
    """A node's children in reading order: blocks, inlines (a list's items one after another), notes."""
    found = []
    for name in type(node).CONTENTS:
        value = getattr(node, name)
        if name == "items":                     # a list's items: each a list of inlines
            for item in value:
                found.extend(item)
        else:
            found.extend(value)
    return found


def walk(nodes: list, into: Callable = lambda node: True) -> Iterator:
    """Every node under (and in) ``nodes``, each before its children, in reading order; the children of a
    node are visited where ``into(node)``."""
    stack = [iter(nodes)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        yield node
        if type(node).CONTENTS and into(node):
            stack.append(iter(children_of(node)))


def places(inlines: list) -> Iterator[tuple[list, int, object]]:
    """(the list holding it, its index there, the node) for every inline under ``inlines``, in reading order:
    where a node can be replaced, or another put before or after it."""
    stack = [(inlines, 0)]
    while stack:
        owner, index = stack.pop()
        if index >= len(owner):
            continue
        node = owner[index]
        yield owner, index, node
        stack.append((owner, index + 1))
        if type(node).CONTENTS:
            stack.append((node.children, 0))


def query(nodes: list, *kinds: type) -> list:
    """The nodes of these classes under (and in) ``nodes``, in reading order."""
    return [node for node in walk(nodes) if isinstance(node, kinds)]


def plain(inlines: list) -> str:
    """The text of a list of inlines, without markup."""
    return "".join(node.text for node in walk(inlines) if isinstance(node, Str))


def strs(inlines: list) -> list[Str]:
    """Every Str leaf in reading order."""
    return query(inlines, Str)


def splice(inlines: list, replace: Callable[[Str], list | None], into: Callable = lambda node: True) -> None:
    """Rewrite the strings of ``inlines`` in place: ``replace(Str)`` gives None (keep it) or the nodes to
    put in its place; the children of a node are rewritten too where ``into(node)``."""
    out = []
    for node in inlines:
        if isinstance(node, Str):
            replaced = replace(node)
            out.extend([node] if replaced is None else replaced)
            continue
        if type(node).CONTENTS and into(node):
            splice(node.children, replace, into)
        out.append(node)
    inlines[:] = out


def inline_lists(block) -> list[list]:
    """The lists of inlines a block holds (a paragraph has one, a list one per item), its inner blocks'
    included: the lists a pass rewrites in place."""
    found = []
    for inner in all_blocks([block]):
        if isinstance(inner, (Paragraph, Heading)):
            found.append(inner.inlines)
        elif isinstance(inner, BulletList):
            found.extend(inner.items)
    return found


def all_blocks(blocks: list) -> Iterator:
    """Every block, those inside block quotations and sidebars included, in reading order."""
    return walk(blocks, into=lambda block: "blocks" in type(block).CONTENTS)


def text_blocks(text) -> list:
    """A text's blocks and its notes' blocks: everything a word or typography pass reads."""
    return list(text.blocks) + [block for note in text.notes for block in note.blocks]
