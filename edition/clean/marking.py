"""What a change did, word by word: the changed characters marked, the words around them kept, the rest cut.

``segments("The leaden rump", "The leader rump")`` gives ``[("same", "The leade"), ("del", "n"),
("ins", "r"), ("same", " rump")]``: the words are compared first (so that a change never cuts a word in
two), then, inside the words that differ, the characters they share at either end are left unmarked.
Long runs of unchanged words are cut to ``context`` words either side of a change, so an odd space in a
long paragraph shows as the few words around it.  ``html`` writes the segments as ``<del>``/``<ins>``,
with invisible and odd characters (a no-break space, a soft hyphen) shown as a visible sign.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from markupsafe import Markup, escape

#: the most words (and spaces) compared word by word
LONGEST = 4000
TOKEN = re.compile(r"[\w’']+|\s+|[^\w\s]")
WORDS = re.compile(r"\S+\s*")


def segments(before: str, after: str, context: int = 6) -> list[tuple[str, str]]:
    """(kind, text) runs: kind "same", "del" or "ins"; unchanged runs cut to ``context`` words around
    each change (the cut marked "…").

    The words both strings begin and end with are set aside first, so an odd space in a long paragraph
    compares a word or two; a middle longer than ``LONGEST`` words is not compared word by word but
    marked whole (difflib can take time quadratic in what it compares)."""
    head = _common(before, after)
    while head and not head[-1].isspace():           # back to a word's start
        head = head[:-1]
    tail = _common(before[len(head):][::-1], after[len(head):][::-1])[::-1]
    while tail and not tail[0].isspace():
        tail = tail[1:]
    old = TOKEN.findall(before[len(head):len(before) - len(tail)])
    new = TOKEN.findall(after[len(head):len(after) - len(tail)])
    runs: list[tuple[str, str]] = []
    _add(runs, "same", head)
    if len(old) + len(new) > LONGEST:
        opcodes = [("replace", 0, len(old), 0, len(new))]
    else:
        opcodes = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    middle: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            _add(middle, "same", "".join(old[i1:i2]))
            continue
        gone, come = "".join(old[i1:i2]), "".join(new[j1:j2])
        first = len(_common(gone, come))
        last = len(_common(gone[first:][::-1], come[first:][::-1]))
        _add(middle, "same", gone[:first])
        _add(middle, "del", gone[first:len(gone) - last])
        _add(middle, "ins", come[first:len(come) - last])
        _add(middle, "same", gone[len(gone) - last:])
    kept = sum(len(text) for kind, text in middle if kind == "same")
    gone, come = "".join(old), "".join(new)
    if gone and come and kept * 3 < max(len(gone), len(come)):      # hardly alike: one whole for the other
        middle = [("del", gone), ("ins", come)]
    for kind, text in middle:
        _add(runs, kind, text)
    _add(runs, "same", tail)
    return _shorten(runs, context)


def changed(before: str, after: str) -> bool:
    return any(kind != "same" for kind, _ in segments(before, after))


def html(before: str, after: str, context: int = 6, marks: dict[str, str] | None = None) -> Markup:
    """The segments as HTML: ``<del>``/``<ins>`` around the changed characters only; ``marks``: words (→ a
    name) to set in ``<mark data-key="name">`` where they first stand unchanged (the suspects)."""
    out = []
    marks = dict(marks or {})
    for kind, text in segments(before, after, context):
        if kind != "same":
            out.append(Markup(f"<{kind}>{visible(text)}</{kind}>"))
            continue
        out.append(_marked(text, marks))
    return Markup("").join(out)


def _marked(text: str, marks: dict[str, str]) -> Markup:
    """Unchanged text, the first whole-word occurrence of each word of ``marks`` marked (and taken out)."""
    found = []
    for word, name in list(marks.items()):
        match = re.search(rf"(?<![\w’']){re.escape(word)}(?![\w’'])", text)
        if match:
            found.append((match.start(), match.end(), name))
            del marks[word]
    out, position = [], 0
    for start, end, name in sorted(found):
        if start < position:
            continue
        out += [escape(text[position:start]),
                Markup('<mark data-key="{}">{}</mark>').format(name, text[start:end])]
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def visible(text: str) -> Markup:
    """Text with every character that would not show (odd spaces, invisible ones) as a sign naming it."""
    out = []
    for character in text:
        if character != " " and (character.isspace() or unicodedata.category(character) in ("Cf", "Cc", "Zs")):
            name = unicodedata.name(character, "control character").lower()
            sign = "⍽" if unicodedata.category(character) == "Zs" else "¤"
            out.append(Markup('<span class="odd" title="U+{:04X} {}">{}</span>').format(ord(character), name, sign))
        else:
            out.append(escape(character))
    return Markup("").join(out)


def _common(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _add(runs: list, kind: str, text: str) -> None:
    if not text:
        return
    if runs and runs[-1][0] == kind:
        runs[-1] = (kind, runs[-1][1] + text)
    else:
        runs.append((kind, text))


def _shorten(runs: list, context: int) -> list[tuple[str, str]]:
    """Cut each unchanged run to ``context`` words after the change before it and before the next."""
    out = []
    for position, (kind, text) in enumerate(runs):
        if kind != "same":
            out.append((kind, text))
            continue
        words = WORDS.findall(text)
        lead = text[:len(text) - len(text.lstrip())]
        first, last = position == 0, position == len(runs) - 1
        keep_head = 0 if first else context + 1     # the rest of a changed word, and the words after it
        keep_tail = 0 if last else context + 1
        if len(words) <= keep_head + keep_tail or len(runs) == 1:
            out.append((kind, text))
            continue
        head = lead + "".join(words[:keep_head]) if keep_head else ""
        tail = "".join(words[-keep_tail:]) if keep_tail else ""
        out.append((kind, head + "… " + tail if keep_tail else head.rstrip() + " …"))
    return out
