"""The review report: per text, every change grouped by pass and rule, every suspect, and counts.

An editor proofreads the edition from this page: each change shows the raw
file and line it touched, what stood there and what the engine made of it.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from edition.model.changes import Change
from edition.model.nodes import Edition
from edition.clean.passes import PASS_NAMES


def sections(edition: Edition, changes: dict[str, list[Change]]) -> list[dict]:
    """What the report template shows, per text in reading order."""
    order = {name: i for i, name in enumerate(["omit"] + PASS_NAMES)}
    out = []
    for text in edition.texts:
        records = changes.get(text.id, [])
        applied = [c for c in records if c.applied]
        suspects = [c for c in records if not c.applied]
        groups = defaultdict(list)
        for change in applied:
            groups[(change.pass_name, change.rule)].append(change)
        out.append({
            "text": text,
            "groups": sorted(groups.items(), key=lambda item: (order.get(item[0][0], 99), item[0][1])),
            "suspects": suspects,
            "counts": Counter(c.pass_name for c in applied),
        })
    return out
