"""remove_boilerplate: mastheads, web comment forms, share buttons, a poster's dateline; never the author's words.

Only the edges of a text are searched: a dateline or masthead before the
text begins, and a comment form or share buttons after it ends.  A form
begins at one of its own phrases ("Leave a comment", "Share this:"), or at a
single word ("Reply", "Print") only if another line of a form follows close
after it.  From a
comment form's first line on, everything short is removed; a long paragraph
stops the removal, since it may be the author's::

    Tuesday 9 January 2024, by Robert Paris      (removed: the poster's dateline)
    …
    Any message or comments?                     (removed, with the rest of the form)
"""

from __future__ import annotations

import re

from edition.model.changes import Change
from edition.model.nodes import Paragraph
from edition.model.walk import plain

DAYS = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DATELINE = re.compile(
    rf"^(?:{DAYS},?\s+)?(?:\d{{1,2}}\s+{MONTHS}|{MONTHS}\s+\d{{1,2}},?)\s+\d{{4}}(?:,?\s+(?:by|par)\s+[\w .'-]+)?$"
    rf"|^(?:Posted|Published|Submitted)\s+(?:on|by)\s+.{{3,80}}$", re.I)
FORM = re.compile(
    r"^(?:Any message or comments\??|Leave a (?:comment|reply)|Leave a Reply|Comments?|\d+ comments?|Reply|"
    r"Your email address will not be published.*|Required fields are marked.*|This forum is moderated.*|"
    r"Who are you\??|Your post|To create paragraphs, just leave blank lines\.?|Share this:?|Like this:?|"
    r"Share on (?:Facebook|Twitter|X)|Facebook|Twitter|Email|Print|Tweet|WhatsApp|Related|Subscribe.*|"
    r"Posted in .*|Tags?: .*|Filed under .*|Click to (?:share|print|email).*)$", re.I)
MASTHEAD_WORDS = 6
#: a web site's furniture before the text: a navigation bar, a licence tag
SITE = re.compile(r"^(?:[^|]{1,20}\|){2,}[^|]*$|^(?:Anti-Copyright|Copyleft|Skip to (?:main )?content|Menu|Search)$"
                  r"|^Vol(?:ume)?\.?\s+[IVXLC\d]+\b.{0,40}\bNo\.?\s*\d+", re.I)


def remove_boilerplate(text, context) -> list[Change]:
    changes = []
    blocks = text.blocks

    def remove(block, rule, where=None):
        if where is None:
            where = next(i for i, b in enumerate(blocks) if b is block)
        del blocks[where]
        changes.append(Change("remove_boilerplate", block.source, block.line, plain(block.inlines), "", rule,
                              confidence=0.9))

    if blocks and isinstance(blocks[0], Paragraph) and _masthead(plain(blocks[0].inlines)):
        remove(blocks[0], "masthead")
    top = [b for b in blocks[:6] if isinstance(b, Paragraph)]
    site = [i for i, b in enumerate(top) if SITE.match(plain(b.inlines).strip())]
    if site:
        for block in top[:site[-1] + 1]:
            if len(plain(block.inlines).split()) <= 12:
                remove(block, "masthead or site navigation")
    for block in [b for b in blocks[:4] if isinstance(b, Paragraph)]:
        if DATELINE.match(plain(block.inlines).strip()):
            remove(block, "dateline of whoever posted the text")

    start = next((i for i, b in enumerate(blocks) if i >= len(blocks) * 0.5 and isinstance(b, Paragraph)
                  and FORM.match(plain(b.inlines).strip()) and _form_begins(blocks, i)), None)
    if start is not None:
        for block in list(blocks[start:]):
            words = plain(getattr(block, "inlines", []))
            if isinstance(block, Paragraph) and (FORM.match(words.strip()) or len(words.split()) <= 25) \
                    and not re.match(r"^\[\d+\]", words):
                remove(block, "web comment form or share buttons", start)   # each in its turn at `start`
            else:
                break
    return changes


#: a form's own words: one of these alone is evidence enough; a single word ("Reply", "Print", "Related", "Comments")
#: may be the text's own, and begins a form only with another of the form's lines close after it
FORM_PHRASE = re.compile(r"^(?:Any message or comments|Leave a (?:comment|reply)|Your email address will not be published|"
                         r"Required fields are marked|This forum is moderated|To create paragraphs, just leave blank lines|"
                         r"Share this|Like this|Share on |Click to (?:share|print|email))", re.I)


def _form_begins(blocks, index: int) -> bool:
    if FORM_PHRASE.match(plain(blocks[index].inlines).strip()):
        return True
    return any(isinstance(b, Paragraph) and FORM.match(plain(b.inlines).strip()) for b in blocks[index + 1:index + 4])


def _masthead(words: str) -> bool:
    """A short line in lower case before the text: a publication's name or slogan."""
    return (0 < len(words.split()) <= MASTHEAD_WORDS and words == words.lower() and not re.search(r"[.!?:\d]", words))
