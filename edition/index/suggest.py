"""Draft an index file from the cleaned texts: people, organisations, places and recurring ideas.

Offline and dictionary-based: proper names are runs of capitalised words
that the texts never write in lower case; a surname said alone and with a
given name makes a person ("Trotsky, Leon" with forms "Trotsky" and "Leon
Trotsky"); capitalised runs ending in words such as Party or International
are organisations; all-capital words are acronyms; a name mostly after "in",
"to" or "from" is a place.  Ideas are lower-case phrases used far more often
here than in English at large (wordfreq's counts).  The draft is YAML in the
index file's format, each entry with a comment giving its count and the
forms seen, ready for an editor to cut and correct.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from wordfreq import zipf_frequency

from edition.index.marks import units
from edition.model.nodes import Edition
from edition.model.walk import plain

ORGANISATION_WORDS = {
    "academy", "action", "army", "assembly", "association", "bulletin", "bureau", "church", "club", "commissariat",
    "committee", "communist", "congress", "council", "court", "front", "government", "group", "guard", "international",
    "league", "movement", "opposition", "organisation", "organization", "party", "press", "review", "society",
    "soviet", "union", "workers", "federation", "bloc", "tendency", "faction", "caucus", "conference", "institute",
    "university", "times", "post", "tribune", "journal", "magazine", "news", "herald", "guardian", "pravda",
}
TITLES = {"Chancellor", "Mr", "Mrs", "Ms", "Dr", "Comrade", "General", "Marshal", "Professor", "Prof", "Sir", "Lord", "Lady",
          "Tsar", "Czar", "Saint", "St", "President", "Premier", "Prince", "Count", "Colonel", "Captain"}
PLACE_WORDS = {"in", "to", "from", "at", "into", "across", "throughout"}
LINKS = {"of", "of the", "and", "de", "la", "von", "van", "der", "for", "the"}
STOP = set("""a an the and or but of in on at to for from by with as is was were be been are it its this that these
those which who whom whose what when where why how not no nor so than then there their they them he his him she her we
our us you your i my me all any each every some such only own same other another more most much many few very can
could would should will shall may might must do does did done has have had having into upon out up down over under
again further once here also just even both either neither whether while because if though although until unless
about against between through during before after above below off too one two three""".split())

NAME_RUN = re.compile(r"(?:[A-Z]\.\s*)*[A-Z][\w’'\-]*[a-z][\w’'\-]*(?:\s+(?:(?:of the|of|de|la|von|van|der|for)\s+)?"
                      r"(?:[A-Z]\.\s*)*[A-Z][\w’'\-]*[a-z0-9][\w’'\-]*)*|\b[A-Z]{2,6}\b")
SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[“\"(‘]\s*)$")


@dataclass
class Candidate:
    heading: str
    kind: str                                   # person, organisation, place, acronym, idea, name
    forms: Counter = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.forms.values())


def _strip_possessive(name: str) -> str:
    return re.sub(r"[’']s?$", "", name)


def _paragraphs(edition: Edition) -> list[str]:
    return [plain(unit.inlines) for text in edition.texts for unit in units(text)]


def names(paragraphs: list[str]) -> tuple[Counter, Counter, Counter, Counter]:
    """Capitalised runs (not at a sentence's start), lower-case words, and words after place prepositions."""
    runs, lower, after_place, starts = Counter(), Counter(), Counter(), Counter()
    for paragraph in paragraphs:
        for word in re.findall(r"\b[a-z][\w’'-]*", paragraph):
            lower[word] += 1
    lower_words = set(lower)
    for paragraph in paragraphs:
        for match in NAME_RUN.finditer(paragraph):
            run = _strip_possessive(match.group().strip())
            before = paragraph[:match.start()].split()
            at_start = bool(SENTENCE_START.search(paragraph[:match.start()]))
            words = run.split()
            while words and (words[0].rstrip(".") in TITLES or words[0].lower() in STOP or
                             (len(words) > 1 and words[0].lower() in lower_words)):
                before.append(words.pop(0))
                at_start = False
            if not words or (run.isupper() and re.fullmatch(r"[IVXLC]+", run)):
                continue
            run = " ".join(words)
            if at_start:
                starts[run] += 1
                if len(words) == 1:
                    continue
            runs[run] += 1
            if before and before[-1].lower() in PLACE_WORDS:
                after_place[run] += 1
    return runs, lower, after_place, starts


def _is_common(word: str, lower: Counter) -> bool:
    """A capitalised word that is an ordinary word: the texts write it in lower case too, or English does."""
    plain_word = word.lower()
    return lower[plain_word] > 0 or (zipf_frequency(plain_word, "en") > 4.2 and not word.isupper())


def candidates(edition: Edition, minimum: int = 2) -> list[Candidate]:
    paragraphs = _paragraphs(edition)
    runs, lower, after_place, starts = names(paragraphs)
    found: dict[str, Candidate] = {}

    # people: "Leon Trotsky" together with "Trotsky" alone
    singles = {run: n for run, n in runs.items() if " " not in run and not run.isupper()}
    persons = {}
    for run, n in runs.items():
        words = run.split()
        if len(words) < 2 or any(w.lower() in ORGANISATION_WORDS for w in words) or any(w in LINKS for w in words):
            continue
        surname, first = words[-1], words[0]
        if _is_common(surname, lower) or first.lower() in lower or "’" in first or "'" in first \
                or re.search(r"(ism|ist|ists|ite|ites|ian|ians)$", surname) or singles.get(first, 0) > n:
            continue
        if singles.get(surname, 0) >= 1 or n >= 2:
            if surname not in persons or runs[persons[surname]] < n:
                persons[surname] = run
    for surname, full in persons.items():
        given = full[: -len(surname)].strip()
        inverted = f"{surname}, {given}" if not re.search(r"-[a-z]", surname) else full
        candidate = Candidate(inverted, "person")
        for run, n in runs.items():
            if run == surname or (run.endswith(" " + surname) and not any(
                    w.lower() in ORGANISATION_WORDS for w in run.split())):
                candidate.forms[run] += n
        found[surname] = candidate

    for run, n in runs.items():
        words = run.split()
        if run in found or any(run == f or run.endswith(" " + s) for s in persons for f in [s]):
            continue
        if run.isupper():
            kind = "acronym"
        elif any(w.lower() in ORGANISATION_WORDS for w in words) and len(words) > 1:
            kind = "organisation"
        elif len(words) == 1 and _is_common(run, lower):
            continue
        elif after_place[run] * 2 >= n and n >= 2:
            kind = "place"
        else:
            kind = "name"
        candidate = found.setdefault(run, Candidate(run, kind))
        candidate.forms[run] += n + (starts[run] if len(words) == 1 else 0)

    found.update({c.heading: c for c in ideas(paragraphs)})
    return sorted((c for c in found.values() if c.count >= minimum),
                  key=lambda c: (["person", "organisation", "acronym", "place", "name", "idea"].index(c.kind),
                                 -c.count, c.heading))


def ideas(paragraphs: list[str], limit: int = 120) -> list[Candidate]:
    """Lower-case words and phrases this edition uses far more than English does.

    A word counts if the texts use it at least thirty times as often as English at large; a phrase of two
    or three words if its words go together far more often than chance and one of them is such a word.
    """
    total = 0
    unigrams, phrases = Counter(), Counter()
    for paragraph in paragraphs:
        for clause in re.split(r"[.!?;:,()“”\"—–]|\b[A-Z][\w’'-]*", paragraph):
            words = re.findall(r"(?<![\w’'])[^\W\d_A-Z][\w’'-]*[^\W\d_]s’|(?<![\w’'])[^\W\d_A-Z][\w’'-]*[^\W\d_]", clause)
            total += len(words)
            for i, word in enumerate(words):
                unigrams[word] += 1
                for n in (2, 3):
                    gram = words[i:i + n]
                    if len(gram) == n and gram[0] not in STOP and gram[-1] not in STOP and \
                            (n == 2 or gram[1] in ("of", "in", "and", "for") or gram[1] not in STOP):
                        phrases[" ".join(gram)] += 1
    if not total:
        return []

    def keyness(word: str) -> float:
        expected = 10 ** zipf_frequency(word, "en") / 1e9 * total
        return (unigrams[word] + 1) / (expected + 0.5)

    scored = []
    for word, n in unigrams.items():
        if n >= 5 and word not in STOP and len(word) > 3 and keyness(word) >= 30:
            scored.append((n * math.log(keyness(word)), word, n))
    for phrase, n in phrases.items():
        words = phrase.split()
        chance = math.prod(unigrams[w] / total for w in words) * total
        if n >= 3 and n / chance >= 20 and max(keyness(w) for w in words) >= 10:
            scored.append((n * math.log(n / chance) * len(words), phrase, n))
    counts = {phrase: n for _, phrase, n in scored}
    # a phrase always inside one longer phrase is that phrase; a plural joins its singular
    inside = {short for long in counts for short in counts if short != long and f" {short} " in f" {long} "
              and counts[short] == counts[long]}
    scored.sort(reverse=True)
    out: dict[str, Candidate] = {}
    for _, phrase, n in scored:
        if phrase in inside:
            continue
        singular = next((s for s in (phrase[:-2], phrase[:-1]) if phrase.endswith("s") and s in counts), None)
        candidate = out.get(singular or phrase) or out.setdefault(phrase, Candidate(singular or phrase, "idea"))
        if singular and singular not in out:
            out[singular] = candidate
            out.pop(phrase, None)
        candidate.forms[phrase] += n
        if len(out) >= limit:
            break
    return list({id(c): c for c in out.values()}.values())


def _quote(text: str) -> str:
    return text if re.fullmatch(r"[A-Za-z][\w .’'-]*", text) and not text.endswith(" ") else '"' + text.replace('"', '\\"') + '"'


def draft(edition: Edition, minimum: int = 2) -> str:
    """The suggestions as an index file (YAML), with counts and forms in comments."""
    groups = defaultdict(list)
    for candidate in candidates(edition, minimum):
        groups[candidate.kind].append(candidate)
    titles = {"person": "People (surname first)", "organisation": "Organisations", "acronym": "Acronyms",
              "place": "Places", "name": "Other names: people, places, works, events — sort them out",
              "idea": "Ideas and recurring phrases"}
    lines = [f"# A draft index for {edition.meta.title}, made by `edition index suggest` from the cleaned texts.",
             "# Keep what belongs in the index, correct the headings, merge forms, add subentries and see also;",
             "# then name this file in the manifest (index: index.yaml). Counts are occurrences in the texts.",
             "entries:"]
    for kind in titles:
        if not groups[kind]:
            continue
        lines.append(f"  # {titles[kind]}")
        for candidate in groups[kind]:
            seen = ", ".join(f"{form} {n}" for form, n in candidate.forms.most_common())
            forms = ", ".join(_quote(f) for f, _ in candidate.forms.most_common())
            lines.append(f"  {_quote(candidate.heading)}: [{forms}]   # {candidate.count}: {seen}")
    return "\n".join(lines) + "\n"
