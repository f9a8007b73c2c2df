"""Change records: what the reader and each pass did to a text, for review and undo."""

from __future__ import annotations

import hashlib
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
    confidence: float = 1.0
    #: False for a suspect: something the pass saw but did not dare to change
    applied: bool = True
    #: the editor's reason, for a change the manifest asked for (an erratum's note)
    note: str = ""
    #: for a change of one word (or a word split in two): the words it found and the word it made
    words: tuple = ()

    def key(self, text: str) -> str:
        """Names the change within the edition, however its lines move: its text, pass, rule and strings."""
        digest = hashlib.sha256("\0".join((text, self.pass_name, self.rule, self.before, self.after)).encode())
        return digest.hexdigest()[:16]

    def as_dict(self) -> dict:
        return {"pass": self.pass_name, "rule": self.rule, "source": self.source, "line": self.line,
                "before": self.before, "after": self.after, "confidence": round(self.confidence, 2),
                "applied": self.applied, **({"note": self.note} if self.note else {}),
                **({"words": list(self.words)} if self.words else {})}
