"""Change records: what the reader and each pass did to a text, for review and undo."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """One change to a text: which pass made it, where, and what it was and became."""

    pass_name: str
    source: str          # raw file, relative to the manifest
    line: int            # line in the raw file
    before: str
    after: str
    rule: str            # why, in a few words
