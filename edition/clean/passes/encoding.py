"""fix_encoding: repair mojibake and normalise Unicode, line by line.

ftfy undoes text decoded with the wrong encoding and expands ligatures;
this pass also drops soft hyphens, zero-width and control characters, and
makes odd spaces (no-break, thin, ideographic) plain spaces (the typography
pass puts no-break spaces back where they belong), and prints the long s as
the s it is::

    Trotskyâ€™s ﬁrst re\u00adgime   →   Trotsky’s first regime
    ſuch is the caſe              →   such is the case
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

from edition.model.changes import Change

INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]")
ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, normalization="NFC",
                              fix_character_width=True, fix_latin_ligatures=True, explain=True)


def fix_line(line: str) -> tuple[str, list[str]]:
    """One line → the repaired line and the names of the repairs."""
    fixed, explanation = ftfy.fix_and_explain(line, config=CONFIG)
    rules = [step[1] for step in explanation or [] if step[0] in ("apply", "transcode", "encode", "decode")]
    cleaned = INVISIBLE.sub("", fixed)
    if cleaned != fixed:
        rules.append("invisible characters")
    spaced = ODD_SPACES.sub(" ", cleaned)
    if spaced != cleaned:
        rules.append("odd spaces")
    if "ſ" in spaced:
        spaced = spaced.replace("ſ", "s")
        rules.append("long s")
    return unicodedata.normalize("NFC", spaced), rules


def fix_encoding(text, context) -> list[Change]:
    changes = []
    for index, (number, line) in enumerate(text.lines):
        fixed, rules = fix_line(line)
        if fixed != line:
            text.lines[index] = (number, fixed)
            changes.append(Change("fix_encoding", text.source, number, line, fixed,
                                  ", ".join(dict.fromkeys(rules)) or "unicode normalisation"))
    return changes
