"""The passes, in the order they run.

Each pass is a function ``pass_name(text, context) -> list[Change]``: it edits
one text of the model in place and returns a record of every change it made.
The whole order is this list; a pass is switched off by name (an unknown name
is an error).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from edition.changes import Change
from edition.model import Edition, Text
from edition.passes.bylines import mark_bylines
from edition.passes.headings import mark_headings
from edition.passes.lead_in import mark_lead_in
from edition.passes.typography import smarten_typography

PASSES = [
    ("mark_bylines", mark_bylines),
    ("mark_headings", mark_headings),
    ("mark_lead_in", mark_lead_in),
    ("smarten_typography", smarten_typography),
]


@dataclass
class Context:
    """What a pass may read besides its text: the edition, and which passes to skip."""

    edition: Edition
    skip: frozenset = field(default_factory=frozenset)


def run_passes(edition: Edition, changes: dict[str, list[Change]] | None = None,
               skip: frozenset = frozenset()) -> dict[str, list[Change]]:
    """Run every pass over every text, in order; return the changes per text id."""
    unknown = set(skip) - {name for name, _ in PASSES}
    if unknown:
        raise ValueError(f"unknown pass {', '.join(sorted(unknown))}; passes are {', '.join(n for n, _ in PASSES)}")
    changes = changes if changes is not None else {}
    context = Context(edition, frozenset(skip))
    for text in edition.texts:
        record = changes.setdefault(text.id, [])
        for name, apply in PASSES:
            if name not in skip:
                record.extend(apply(text, context))
    return changes

