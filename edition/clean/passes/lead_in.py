"""mark_lead_in: set the opening words of a text, and of a section opened in capitals, as a lead-in.

Capitals the source used for a lead-in (at the start of a text, after a
heading, or opening a paragraph that begins a new section: "ONE must
judge…") become normal case, marked so that the templates set them in small
caps; a text whose source has none gets its first words as a lead-in, the
typographic convention of this book::

    SELDOM does history …        →  LeadIn("Seldom") " does history …"
    The question we raised …     →  LeadIn("The question") " we raised …"

In a Project Gutenberg file the lead-in waits for the text: the short lines
of its title page ("by", a name) are passed over.

Words in capitals keep their capital letter where the text writes them
capitalised elsewhere (a "SOVIET" lead-in becomes "Soviet").
"""

from __future__ import annotations

import re

from edition.model.changes import Change
from edition.model.nodes import Heading, LeadIn, Paragraph, Str
from edition.model.walk import plain
from edition.clean.passes.patterns import ENDS_SENTENCE, heading_like

# A word set in capitals: "SELDOM", "19TH", "U.S.S.R.", "O'BRIEN"; single "A" and "I" count.
CAPS_WORD = r"(?:[0-9]*[A-Z][A-Z'’.-]*[A-Z.]|[0-9]+[A-Z]{2}|A|I)"
CAPS_RUN = re.compile(rf"^([“\"‘']?{CAPS_WORD}(?:[,;:]?\s+{CAPS_WORD})*)(?=[\s,;:]|$)")
FIRST_WORDS = re.compile(r"^([A-Za-z0-9][\w’'-]*)(\s+[\w’'-]+)?")


def mark_lead_in(text, context) -> list[Change]:
    changes = []
    known = _capitalised_words(text)
    acronyms = _acronyms(text)
    opening = True
    gutenberg = text.gutenberg
    for block in text.blocks:
        if isinstance(block, Heading):
            opening = opening if opening is True else "section"
            continue
        if not isinstance(block, Paragraph) or block.role is not None or _title(plain(block.inlines)):
            continue
        if gutenberg and opening is True and _title_page(plain(block.inlines)):
            continue                                    # 'by', '(Pëtr Alekseevich Kropotkin)': not the text yet
        if block.inlines and isinstance(block.inlines[0], Str):
            if opening or _section_capitals(block.inlines[0].text, acronyms):
                change = _lead_in(block, known, typographic=opening is True)
                if change:
                    changes.append(change)
        opening = False
    return changes


def _lead_in(block: Paragraph, known: set[str], typographic: bool) -> Change | None:
    first = block.inlines[0]
    match = CAPS_RUN.match(first.text)
    if match and any(len(re.sub(r"[^A-Z]", "", w)) >= 2 for w in match[1].split()):
        words = re.split(r"(\s+)", match[1])
        cased = [word if word.isspace() else _case(word, known, index == 0) for index, word in enumerate(words)]
        lead, rule = "".join(cased), "lead-in capitals to small caps"
    elif typographic:
        match = FIRST_WORDS.match(first.text)
        if not match:
            return None
        lead = match[1] if len(match[1]) > 3 or not match[2] else match[0]
        rule = "typographic lead-in"
    else:
        return None
    before = plain(block.inlines)
    rest = first.text[len(match[1]) if rule.startswith("lead-in") else len(lead):]
    block.inlines[0:1] = [LeadIn([Str(lead)])] + ([Str(rest)] if rest else [])
    return Change("mark_lead_in", block.source, block.line, before[:60], plain(block.inlines)[:60], rule)


def _title_page(text: str) -> bool:
    """A line of a book's title page: a few words, no sentence."""
    return len(text.split()) <= 8 and not ENDS_SENTENCE.search(text.rstrip())


def _title(text: str) -> bool:
    """A title or heading set as a paragraph: short, in capitals or title case, without a full stop."""
    return heading_like(text) or (text.isupper() and len(text.split()) <= 12)


def _section_capitals(line: str, acronyms: set[str]) -> bool:
    """'ONE must judge…', 'THERE ARE PERIODS in…': capitals then lower case, not an acronym the text uses."""
    match = CAPS_RUN.match(line)
    if not match or not re.match(r"[,;:]?\s+[a-z]", line[match.end():]):
        return False
    words = re.findall(r"[A-Z][A-Z'’]+", match[1])
    return bool(words) and not all(word in acronyms for word in words)


def _acronyms(text) -> set[str]:
    """Words in capitals that the text uses in mid-sentence: 'USSR', 'GPU'."""
    found = set()
    for block in text.blocks:
        if isinstance(block, Paragraph):
            found.update(re.findall(r"\w[,;]? ([A-Z]{2,})\b", plain(block.inlines)))
    return found


def _case(word: str, known: set[str], first: bool) -> str:
    """'SOVIET' → 'Soviet' where the text writes it so; 'THERE' → 'There' first in the run; else lower case."""
    if word in ("I",) or re.fullmatch(r"(?:[A-Z]\.)+", word):
        return word
    lead = re.match(r"^[“\"‘']*", word)[0]
    lower = word[len(lead):].lower()
    core = re.sub(r"[^a-z’'-]", "", lower)
    if core in known or first:
        index = next((i for i, c in enumerate(lower) if c.isalpha()), 0)
        return lead + (lower[:index] + lower[index:index + 1].upper() + lower[index + 1:] if not lower[:1].isdigit()
                       else lower)
    return lead + lower


def _capitalised_words(text) -> set[str]:
    """Words the text writes capitalised in mid-sentence, lower-cased: 'soviet', 'stalin'."""
    words = set()
    lower_seen = set()
    for block in text.blocks:
        if isinstance(block, Paragraph):
            for match in re.finditer(r"(?<=[a-z,;] )([A-Z][a-z]+)|\b([a-z]+)\b", plain(block.inlines)):
                if match[1]:
                    words.add(match[1].lower())
                else:
                    lower_seen.add(match[2])
    return words - lower_seen
