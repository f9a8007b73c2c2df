"""apply_errata: the editor's corrections, each an exact 'before → after' that must match as often as stated.

Errata are applied to the paragraphs as the earlier passes left them (lines
joined, hyphens resolved), before the word and typography passes, so they
are written against the text as it reads in the raw file, ``*italic*``
markup included.  A stale erratum,
one that no longer matches exactly as often as it says, fails the build::

    errata: ["O'Malony → O'Mahony"]     By John O'Malony  →  By John O'Mahony
"""

from __future__ import annotations

from edition.model.changes import Change
from edition.messages import BadInput, message
from edition.model.walk import inline_lists
from edition.model.markup import inlines_text, parse_inlines


def apply_errata(text, context) -> list[Change]:
    changes, problems = [], []
    for erratum in text.settings.errata:
        hits = [(block, inlines) for block in text.blocks for inlines in inline_lists(block)
                if erratum.before in inlines_text(inlines)]
        found = sum(inlines_text(inlines).count(erratum.before) for _, inlines in hits)
        if found != erratum.count:
            problems.append(message("c-001", erratum.file, erratum.line, before=erratum.before,
                                    after=erratum.after, found=found, expected=erratum.count, text=text.source))
            continue
        for block, inlines in hits:
            inlines[:] = parse_inlines(inlines_text(inlines).replace(erratum.before, erratum.after))
            changes.append(Change("apply_errata", text.source, block.line, erratum.before, erratum.after,
                                  "erratum", note=erratum.note))
    if problems:
        raise BadInput(problems)
    return changes
