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


def heading_like(text: str) -> bool:
    """A short line in title case without a full stop: 'The Effect of Cutting Off Social Contacts'."""
    words = text.split()
    if not 0 < len(words) <= 12 or ENDS_SENTENCE.search(text.rstrip()) or text.rstrip().endswith(","):
        return False
    capitals = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return capitals >= max(2, 0.6 * len(words)) and words[-1][:1].isupper()
