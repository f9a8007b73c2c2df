"""Patterns that recognise kinds of lines and paragraphs, shared by the passes: sentence ends,
captions, titles and the words a sentence cannot end on."""

from __future__ import annotations

import re

#: a picture's caption left in the text: "Photo: …", or a line ending in a place and a date
CAPTION = re.compile(r"^(?:Photo|Picture|Pictured|Illustration|Cartoon|Image)\b[:.]?\s|^(?:Above|Below|Left|Right)\s*:\s"
                     r"|^[A-Z][^.!?]{5,90},\s+(?:(?:c\.|about|circa)\s+)?(?:\d{1,2}\s+[A-Z][a-z]+\s+)?"
                     r"(?:[A-Z][a-z]+\s+)?1[5-9]\d\d(?:\s*[-–]\s*\d{2,4})?$")
SENTENCE_END = re.compile(r"[.!?:;…][”’\"')\]]*$|[.!?][”’\"')\]]*\s*\[\d+\]$")
ENDS_SENTENCE = re.compile(r"[.!?:…][”’\"')\]]*(?:\s*\[\d+\])?$|\[\d+\]$|[”’\"]$")
DANGLING = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "with", "for", "by", "from", "at", "as",
            "that", "which", "who", "whose", "but", "not", "is", "are", "was", "were", "be", "its", "their",
            "his", "her", "our", "this", "these", "than", "into", "against", "between", "nor", "if"}

#: titles before a name: their full stop ends no sentence, and no paragraph ends on one
TITLES = ("Mr", "Mrs", "Messrs", "Dr", "Rev", "Capt", "Lieut", "Col", "Sergt", "Esq", "Hon", "Prof", "Gen", "St", "Mme",
          "Mlle", "Sen", "Gov")


def heading_like(text: str) -> bool:
    """A short line in title case without a full stop: 'The Effect of Cutting Off Social Contacts'."""
    words = text.split()
    if not 0 < len(words) <= 12 or ENDS_SENTENCE.search(text.rstrip()) or text.rstrip().endswith(","):
        return False
    capitals = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return capitals >= max(2, 0.6 * len(words)) and words[-1][:1].isupper()


def hyphen_end(text: str, letters: str = "A-Za-z") -> tuple[int, str] | None:
    """The word a text ends in before a hyphen ('… revolu-' → (start, 'revolu')), as ``re.search(r"([LETTERS]+)-$",
    text)`` would find it, in linear time: the regex tries every letter of a long run to the run's end."""
    if not text.endswith("-") and not text.endswith("-\n"):
        return None
    tail = 2 if text.endswith("\n") else 1          # '$' also matches before a final line end
    match = _reversed_word(letters).match(text[::-1], tail)
    if not match:
        return None
    return len(text) - match.end(), text[len(text) - match.end():len(text) - tail]


_REVERSED: dict[str, re.Pattern] = {}


def _reversed_word(letters: str) -> re.Pattern:
    if letters not in _REVERSED:
        _REVERSED[letters] = re.compile(rf"(?<=-)[{letters}]+")
    return _REVERSED[letters]
