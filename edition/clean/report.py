"""The review report: the queue of changes to check first, then per text every change by pass and rule.

An editor proofreads the edition from this page (and from ``edition review``, which shows the same
entries): each change shows the raw file and line it touched, the printed page where it lands, and only
the characters that changed, marked (``marking.py``).  The queue puts the suspects and the changes the
engine was least sure of first.  The entries are also written as ``report.json`` for the desk.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass

from edition.clean import marking
from edition.clean.passes import PASS_NAMES
from edition.model.changes import Change
from edition.model.nodes import Edition, Text
from edition.model import markup
from edition.model.walk import all_blocks, inline_lists, places, text_blocks

#: changes at or above this confidence, of these kinds, are not queued: they only state what the manifest says
#: or mark structure the editor sees in the book's contents (headings, the note links)
SURE = 1.0


@dataclass
class Entry:
    """One change or suspect, as the report and the desk show it."""

    key: str
    text: Text
    change: Change
    page: str                   # the printed page where it lands ("" without a PDF)

    @property
    def marked(self):
        """The change's words, with only the changed characters marked; a suspect's word marked."""
        change = self.change
        if not change.applied and change.words and change.words[0] in change.before and not change.words[1]:
            at = change.before.index(change.words[0])
            return marking.escape(change.before[:at]) + marking.Markup("<mark>") + \
                marking.escape(change.words[0]) + marking.Markup("</mark>") + marking.escape(
                    change.before[at + len(change.words[0]):])
        if not change.applied and not change.after:              # a suspect with nothing proposed
            return marking.escape(change.before)
        if change.after == "" and change.before:
            return marking.Markup("<del>") + marking.visible(change.before) + marking.Markup("</del>")
        if change.before == change.after:
            return marking.escape(change.before)
        return marking.html(change.before, change.after)

    def as_dict(self) -> dict:
        return {"key": self.key, "text": self.text.id, "page": self.page, **self.change.as_dict(),
                "marked": str(self.marked)}


def entries(edition: Edition, changes: dict[str, list[Change]]) -> list[Entry]:
    """Every change and suspect of the edition, in reading order, with its printed page."""
    out = []
    for text in edition.texts:
        page, seen = page_finder(text), Counter()
        for change in changes.get(text.id, []):
            key = change.key(text.id)
            seen[key] += 1                      # the same change twice in a text (a running head): -2, -3, …
            out.append(Entry(key if seen[key] == 1 else f"{key}-{seen[key]}", text, change, page(change)))
    return out


def queue(found: list[Entry], reviewed: set[str] = frozenset()) -> list[Entry]:
    """What to check first: the suspects and the changes the engine was not sure of, lowest confidence
    first, then every other change that alters the words (not those the editor asked for, nor the marking
    of structure); those ``reviewed`` already left out."""
    chosen = [e for e in found if e.key not in reviewed and queued(e.change)]
    return sorted(chosen, key=lambda e: (e.change.confidence, e.change.applied))


def queued(change: Change) -> bool:
    return wanted(change.pass_name, change.applied, change.confidence, change.before, change.after)


def wanted(pass_name: str, applied: bool, confidence: float, before: str, after: str) -> bool:
    """Whether a change is for the editor to check: not the manifest's own statements (lines omitted,
    errata), nor structure marked with the words unchanged, unless the engine was unsure."""
    if pass_name in ("omit", "apply_errata"):
        return False
    return not applied or confidence < SURE or before != after


def page_finder(text: Text):
    """A function giving the printed page a change of ``text`` lands on: that of the block holding its raw
    line, at the change's words where a page begins inside the block (pages as marked by the PDF's layout)."""
    rows = []                                   # (line, page at the block's start, [(offset, page)], text)
    page = text.page_breaks[-1].label if text.page_breaks else ""       # (blank pages before it come first)
    for block in all_blocks(text.blocks):
        start, breaks, words = page, [], []
        for inlines in inline_lists(block):
            for _, _, node in places(inlines):
                if node.kind == "page_break":
                    page = node.label
                    breaks.append((sum(len(w) for w in words), page))
                elif node.kind == "str":
                    words.append(node.text)
        if not inline_lists(block):
            continue
        rows.append((block.line, start, breaks, "".join(words)))
    rows.sort(key=lambda row: row[0])
    lines = [row[0] for row in rows]

    def find(change: Change) -> str:
        at = bisect.bisect_right(lines, change.line) - 1
        if at < 0:
            return rows[0][1] if rows else page
        _, start, breaks, words = rows[at]
        if not breaks:
            return start
        phrase = change.after or change.before
        position = words.find(phrase.strip("…")[:40]) if phrase else -1
        if position < 0:
            return start
        found = start
        for offset, label in breaks:
            if offset <= position:
                found = label
        return found

    return find


def texts(edition: Edition) -> list[dict]:
    """Each text as cleaned, for the desk to set beside its raw lines: its blocks' (raw line, text in the
    source format), notes included, in the order of their lines."""
    out = []
    for text in edition.texts:
        blocks = sorted(((block.line, markup.block_paragraphs(block)) for block in text_blocks(text)),
                        key=lambda item: item[0])
        out.append({"id": text.id, "title": text.title, "source": text.source, "first_line": text.first_line,
                    "last_line": text.last_line, "blocks": [[line, "\n\n".join(paragraphs)]
                                                            for line, paragraphs in blocks if paragraphs]})
    return out


def sections(edition: Edition, changes: dict[str, list[Change]], found: list[Entry] | None = None) -> list[dict]:
    """What the report template shows, per text in reading order."""
    order = {name: i for i, name in enumerate(["omit"] + PASS_NAMES)}
    by_change = {id(e.change): e for e in (found or [])}
    out = []
    for text in edition.texts:
        records = changes.get(text.id, [])
        applied = [c for c in records if c.applied]
        suspects = [c for c in records if not c.applied]
        groups = defaultdict(list)
        for change in applied:
            groups[(change.pass_name, change.rule)].append(by_change.get(id(change)) or Entry("", text, change, ""))
        out.append({
            "text": text,
            "groups": sorted(groups.items(), key=lambda item: (order.get(item[0][0], 99), item[0][1])),
            "suspects": [by_change.get(id(c)) or Entry("", text, c, "") for c in suspects],
            "counts": Counter(c.pass_name for c in applied),
        })
    return out
