"""The clean-up engine on its own: one file in, the cleaned text and every change out.

Used by ``edition clean``; a build runs the same passes over the whole
edition (``passes.run_passes``), with the manifest's decisions.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from edition.model import markup
from edition.model.walk import inline_lists, plain, text_blocks
from edition.model.changes import Change
from edition.messages import BadInput, message
from edition.clean.chapters import split_chapters
from edition.clean.passes import PASS_NAMES, PASSES, Context, lexicon_for, run_text
from edition.read.texts import read_file


@dataclass
class Cleaned:
    text: str                       # the cleaned text, in the source format
    changes: list[Change]           # every change and suspect, in pass order
    raw_lines: list[tuple[int, str]]
    chapters: list = field(default_factory=list)   # the texts it is cut into (chapters=True), or its problem


def rules() -> list[tuple[str, str]]:
    """Each pass and the first line of its description."""
    out = []
    for name, apply in PASSES:
        doc = (__import__(apply.__module__, fromlist=["_"]).__doc__ or "").strip().splitlines()
        out.append((name, doc[0].split(": ", 1)[-1] if doc else ""))
    return out


def clean_file(path: Path, skip: set[str] = frozenset(), chapters: bool = False) -> Cleaned:
    """The file cleaned; with ``chapters``, also cut into the texts ``split: chapters`` would make of it."""
    unknown = set(skip) - set(PASS_NAMES)
    if unknown:
        raise BadInput(message("m-009", key="--skip", problem=f"no pass named {', '.join(sorted(unknown))}; "
                                                                f"passes are {', '.join(PASS_NAMES)}"))
    try:
        text, changes = read_file(path)
    except OSError:
        raise BadInput(message("m-004", path, path=path))
    raw = list(text.lines)
    changes += run_text(text, Context(lexicon_for([text])), skip)
    cleaned = Cleaned(markup.write(text), changes, raw)
    if chapters:
        text.settings.split = "chapters"
        cleaned.chapters = [piece for piece, _ in split_chapters(text, [])]
    return cleaned


def word_diff(raw_lines: list[tuple[int, str]], cleaned: str, context: int = 6) -> str:
    """What changed, word by word: '12: … the [-Iasting-]{+lasting+} peace …', one hunk a line."""
    old, where = [], []
    for number, line in raw_lines:
        for word in line.split():
            old.append(word)
            where.append(number)
    new = cleaned.split()
    out = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        line = where[i1] if i1 < len(where) else (where[-1] if where else 0)
        before = " ".join(old[max(0, i1 - context):i1])
        after = " ".join(old[i2:i2 + context])
        removed = f"[-{' '.join(old[i1:i2])}-]" if i2 > i1 else ""
        added = f"{{+{' '.join(new[j1:j2])}+}}" if j2 > j1 else ""
        out.append(f"{line}: …{before} {removed}{added} {after}…".replace("  ", " "))
    return "\n".join(out) + ("\n" if out else "")



def word_count(text) -> int:
    """The words of a text's blocks and notes."""
    return sum(len(plain(inlines).split()) for block in text_blocks(text) for inlines in inline_lists(block))
