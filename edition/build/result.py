"""What a build gives back: its outputs, pages, time and warnings (``build.build``, printed by the command)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from edition.messages import Message

FORMATS = ("epub", "pdf", "kepub", "azw3")      # what a build can make


@dataclass
class Result:
    outputs: list[Path] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    warnings: list[Message] = field(default_factory=list)
    up_to_date: bool = False        # nothing had changed: the outputs are the last build's
    #: per text, the clean-up's changes applied and suspects left (what the review report lists)
    report: dict = field(default_factory=dict)
    laid_out: int = 0               # pieces of the print edition laid out (the others came from the cache)
    pieces: int = 0                 # pieces of the print edition

    @classmethod
    def unchanged(cls, out_dir: Path, record: dict, started: float) -> "Result":
        """A build that found nothing changed (``cache.unchanged``): the outputs are the last build's."""
        outputs = [out_dir / name for name in record["outputs"] if name not in ("report.html", "report.json")]
        return cls(outputs=outputs, pages=record.get("pages", 0), seconds=time.perf_counter() - started,
                   up_to_date=True)
