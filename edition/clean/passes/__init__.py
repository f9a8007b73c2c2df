"""The passes, in the order they run.

Each pass is a function ``pass_name(text, context) -> list[Change]``: it edits
one text of the model in place and returns a record of every change it made
(and of every suspect it saw but did not change).  The whole order is this
list.  The first five work on the text's lines; ``make_blocks`` turns the
lines into paragraphs, headings and lists; the rest work on those blocks.
A text can switch passes off by name in the manifest (``skip:``), all but
``make_blocks``.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass

from edition.manifest.load import Manifest
from edition.messages import Message, message
from edition.model.changes import Change
from edition.clean.lexicon import Lexicon
from edition.model.nodes import Edition, Text
from edition.model.walk import all_blocks, text_blocks
from edition.clean.passes.blocks import make_blocks
from edition.clean.passes.column_junk import remove_column_junk
from edition.clean.passes.boilerplate import remove_boilerplate
from edition.clean.passes.bylines import mark_bylines
from edition.clean.passes.decisions import mark_blockquotes_and_sidebars
from edition.clean.passes.encoding import fix_encoding
from edition.clean.passes.errata import apply_errata
from edition.clean.passes.full_stops import restore_full_stops
from edition.clean.passes.furniture import remove_page_furniture
from edition.clean.passes.gutenberg import remove_gutenberg_boilerplate
from edition.clean.passes.headings import mark_headings
from edition.clean.passes.hyphens import join_hyphenated_words
from edition.clean.passes.illustrations import mark_illustrations
from edition.clean.passes.lead_in import mark_lead_in
from edition.clean.passes.long_s import restore_long_s
from edition.clean.passes.notes import link_notes
from edition.clean.passes.ocr_words import correct_ocr_words
from edition.clean.passes.pull_quotes import remove_pull_quotes
from edition.clean.passes.split_paragraphs import rejoin_split_paragraphs
from edition.clean.passes.typography import smarten_typography

PASSES = [
    ("fix_encoding", fix_encoding),
    ("remove_gutenberg_boilerplate", remove_gutenberg_boilerplate),
    ("remove_page_furniture", remove_page_furniture),
    ("remove_column_junk", remove_column_junk),
    ("join_hyphenated_words", join_hyphenated_words),
    ("restore_full_stops", restore_full_stops),
    ("make_blocks", make_blocks),
    ("apply_errata", apply_errata),
    ("mark_blockquotes_and_sidebars", mark_blockquotes_and_sidebars),
    ("remove_boilerplate", remove_boilerplate),
    ("mark_illustrations", mark_illustrations),
    ("link_notes", link_notes),
    ("mark_bylines", mark_bylines),
    ("mark_headings", mark_headings),
    ("rejoin_split_paragraphs", rejoin_split_paragraphs),
    ("remove_pull_quotes", remove_pull_quotes),
    ("restore_long_s", restore_long_s),
    ("correct_ocr_words", correct_ocr_words),
    ("mark_lead_in", mark_lead_in),
    ("smarten_typography", smarten_typography),
]
PASS_NAMES = [name for name, _ in PASSES]
REQUIRED = {"make_blocks"}
#: the passes a text can switch off for one paragraph (``skip: [{pass, paragraph}]``): they change the words of
#: a block in place and nothing else, so the block can be put back as it was before them
PARAGRAPH_PASSES = ("correct_ocr_words", "mark_lead_in", "smarten_typography")


@dataclass
class Context:
    """What a pass may read besides its text: the edition and the lexicon learned from all its texts."""

    lexicon: Lexicon
    edition: Edition | None = None


def unknown_passes(manifest: Manifest) -> list[Message]:
    """A problem for each pass named in a text's ``skip:`` that is not one of ``PASS_NAMES``, at its line."""
    problems = []
    for spec in manifest.texts:
        for entry in spec["skip"] or []:
            name = entry if isinstance(entry, str) else entry[0]
            if not isinstance(entry, str) and name in PASS_NAMES and name not in PARAGRAPH_PASSES:
                place = entry[2]
                problems.append(message("m-009", spec.file or manifest.path, place.line, place.column, key="skip",
                                        problem=f"{name!r} cannot be switched off for one paragraph; those that "
                                                f"can are {', '.join(PARAGRAPH_PASSES)}"))
            elif name not in PASS_NAMES:
                close = difflib.get_close_matches(name, PASS_NAMES, n=1)
                hint = f" — did you mean '{close[0]}'?" if close else f"; passes are {', '.join(PASS_NAMES)}"
                place = spec.places.get("skip") if isinstance(entry, str) else entry[2]
                problems.append(message("m-009", spec.file or manifest.path, place and place.line,
                                        place and place.column, key="skip", problem=f"no pass named {name!r}{hint}"))
    return problems


def lexicon_for(texts: list[Text]) -> Lexicon:
    keep = set().union(*(t.settings.keep for t in texts)) if texts else set()
    return Lexicon(["\n".join(line for _, line in t.lines) for t in texts], keep)


def run_text(text: Text, context: Context, skip: set[str] = frozenset()) -> list[Change]:
    """Run every pass over one text, in order, except those skipped."""
    unknown = set(skip) - set(PASS_NAMES)
    if unknown:
        raise ValueError(f"unknown pass {', '.join(sorted(unknown))}; passes are {', '.join(PASS_NAMES)}")
    skipped = (set(skip) | text.settings.skip) - REQUIRED
    changes = []
    for name, apply in PASSES:
        if name in skipped:
            continue
        lines = {line for pass_name, line in text.settings.skip_paragraphs if pass_name == name}
        held = _held(text, lines) if lines else []
        found = apply(text, context)
        for block, attribute, value in held:          # the paragraphs it must not touch, as they were
            setattr(block, attribute, value)
        changes.extend(c for c in found if c.line not in lines) if lines else changes.extend(found)
    return changes


def _held(text: Text, lines: set[int]) -> list[tuple]:
    """A copy of the words of each block that begins on one of ``lines``, to put back after a pass."""
    held = []
    for block in all_blocks(text_blocks(text)):
        if block.line in lines:
            for attribute in ("inlines", "items"):
                if hasattr(block, attribute):
                    held.append((block, attribute, copy.deepcopy(getattr(block, attribute))))
    return held


def run_passes(edition: Edition, changes: dict[str, list[Change]] | None = None,
               texts: list[Text] | None = None, lexicon: Lexicon | None = None) -> dict[str, list[Change]]:
    """Run every pass over every text of the edition (or over ``texts`` only, with the ``lexicon`` learned
    from all the edition's texts as read); return the changes per text id."""
    changes = changes if changes is not None else {}
    context = Context(lexicon or lexicon_for(edition.texts), edition)
    for text in edition.texts if texts is None else texts:
        changes.setdefault(text.id, []).extend(run_text(text, context))
    return changes
