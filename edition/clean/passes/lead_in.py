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

The rules of the book (issue 17): a lead-in opens a text or a section, and
no other paragraph; a paragraph the source opens in capitals mid-text opens
a section of the source's (the templates set a space before it); two
lead-ins never follow each other (the second's capitals are set in normal
case); a lead-in is the first line's first few words (``LONGEST_WORDS``,
``LONGEST_CHARACTERS``), never a numeral alone ("19th and 20th century",
not "19th"). Short paragraphs before the source's own capitals at a text's
opening are its standfirst (role ``standfirst``), set apart and without a
lead-in; when the standfirst says everything the subtitle says, the
subtitle is not printed above it (``Text.subtitle_in_standfirst``)::

    Max Shachtman debates the Russian Revolution with … Alexander Kerensky.   → a standfirst
    SELDOM does history record …                                              → LeadIn("Seldom") …
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
FIRST_WORDS = re.compile(r"^([A-Za-z0-9][\w’'-]*)((?:\s+[\w’'-]+){0,3})")


LONGEST_WORDS = 4          # a lead-in: at most this many words …
LONGEST_CHARACTERS = 30    # … and characters, well within the first line
STANDFIRST_WORDS = 80      # a standfirst is a paragraph or two of at most this many words
#: words a lead-in does not end on when it is cut short
DANGLING = frozenset("a an the and or but of in on to for by with at from as".split())


def mark_lead_in(text, context) -> list[Change]:
    known = _capitalised_words(text)
    acronyms = _acronyms(text)
    changes = _mark_standfirst(text, acronyms)
    opening = True                  # True at the text's opening, "section" after a heading or a separator
    previous_lead = False           # the paragraph before has a lead-in
    gutenberg = text.gutenberg
    for block in text.blocks:
        if isinstance(block, Heading) or (isinstance(block, Paragraph) and _separator(block)):
            opening = opening if opening is True else "section"
            previous_lead = False
            continue
        if not isinstance(block, Paragraph) or block.role is not None or _title(plain(block.inlines)):
            previous_lead = previous_lead and isinstance(block, Paragraph) and block.role == "standfirst"
            continue
        if gutenberg and opening is True and _title_page(plain(block.inlines)):
            continue                                    # 'by', '(Pëtr Alekseevich Kropotkin)': not the text yet
        lead = False
        if block.inlines and isinstance(block.inlines[0], Str):
            if opening or _section_capitals(block.inlines[0].text, acronyms):
                change = _lead_in(block, known, typographic=opening is True, small_caps=not previous_lead)
                if change:
                    changes.append(change)
                    lead = change.rule != "lead-in capitals to normal case"
        opening, previous_lead = False, lead
    return changes


def _mark_standfirst(text, acronyms: set[str]) -> list[Change]:
    """The short paragraphs before the source's own lead-in capitals, at the text's opening: its standfirst."""
    paragraphs = []
    for block in text.blocks[:3]:
        if not isinstance(block, Paragraph) or block.role is not None or not block.inlines \
                or not isinstance(block.inlines[0], Str):
            return []
        if _section_capitals(block.inlines[0].text, acronyms):
            break
        paragraphs.append(block)
    else:
        return []
    if not paragraphs or sum(len(plain(b.inlines).split()) for b in paragraphs) > STANDFIRST_WORDS:
        return []
    changes = []
    for block in paragraphs:
        block.role = "standfirst"
        changes.append(Change("mark_lead_in", block.source, block.line, plain(block.inlines)[:60], "",
                              "standfirst: the text opens after it, at the source's capitals"))
    said = _words(" ".join(plain(b.inlines) for b in paragraphs))
    if text.subtitle and _words(text.subtitle) <= said:
        text.subtitle_in_standfirst = True
        changes.append(Change("mark_lead_in", paragraphs[0].source, paragraphs[0].line, text.subtitle, "",
                              "the standfirst says what the subtitle says: the subtitle is not printed twice"))
    return changes


def _words(string: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", string.lower()))


def _separator(block: Paragraph) -> bool:
    """'* * *', '—', '———': a section break set as a paragraph."""
    return not re.search(r"[^\W_]", plain(block.inlines))


def _lead_in(block: Paragraph, known: set[str], typographic: bool, small_caps: bool = True) -> Change | None:
    first = block.inlines[0]
    match = CAPS_RUN.match(first.text)
    if match and any(len(re.sub(r"[^A-Z]", "", w)) >= 2 for w in match[1].split()):
        words = re.split(r"(\s+)", match[1])
        cased = "".join(word if word.isspace() else _case(word, known, index == 0) for index, word in enumerate(words))
        taken, rule = len(match[1]), "lead-in capitals to small caps"
    elif typographic:
        match = FIRST_WORDS.match(first.text)
        if not match:
            return None
        cased = first.text[:len(match[0])]
        taken, rule = len(cased), "typographic lead-in"
    else:
        return None
    before = plain(block.inlines)
    rest = first.text[taken:]
    if not small_caps:
        block.inlines[0:1] = [Str(cased + rest)]
        return Change("mark_lead_in", block.source, block.line, before[:60], plain(block.inlines)[:60],
                      "lead-in capitals to normal case")
    whole = cased + rest
    lead = _first_words(whole, len(cased.split()) if rule.startswith("lead-in") else 0)
    rest = whole[len(lead):]
    block.inlines[0:1] = [LeadIn([Str(lead)])] + ([Str(rest)] if rest else [])
    return Change("mark_lead_in", block.source, block.line, before[:60], plain(block.inlines)[:60], rule)


def _first_words(words: str, capitals: int) -> str:
    """The lead-in of a paragraph beginning ``words``: the ``capitals`` words the source set in capitals,
    or (none) one word, two when the first is short ('The question'); at most ``LONGEST_WORDS`` and
    ``LONGEST_CHARACTERS``, not ending on an article or preposition, never a numeral alone ('19th and 20th
    century', not '19th')."""
    spans = [m.span() for m in re.finditer(r"\S+", words[:200])]
    parts = [words[a:b] for a, b in spans]
    if capitals:
        count = min(capitals, LONGEST_WORDS)
        while count > 1 and spans[count - 1][1] > LONGEST_CHARACTERS:
            count -= 1
    else:
        count = 1 if len(parts[0]) > 3 or len(parts) == 1 else 2
    while count < min(len(parts), LONGEST_WORDS) and not any(_content_word(p) for p in parts[:count]):
        count += 1                                  # '19th' alone is no lead-in: '19th and 20th century'
    while count > 1 and not _content_word(parts[count - 1]) and _content_word(parts[0]):
        count -= 1                                  # 'There is a logic', not 'There is a'
    return words[:spans[count - 1][1]]


def _content_word(word: str) -> bool:
    bare = word.strip("“‘\"'’”,;:.").lower()
    return bool(bare) and not re.search(r"\d", bare) and bare not in DANGLING


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
