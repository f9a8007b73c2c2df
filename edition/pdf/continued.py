"""The index's "(continued)" headings: an entry whose subentries run on into the next column or page
repeats its heading there.

    Stalin, Joseph                     |  Stalin, Joseph (continued)
      and Trotsky, 12, 40              |    on Thermidor, 77
      left turn of, 31                 |    and the bureaucracy, 80

Where the columns break is known only after layout, so the index is laid
out, the first line of every column read back (``weasy.column_tops``),
and, where a column opens among an entry's subentries, laid out again with
the heading repeated before that subentry (the template's ``push``).  A
repeated heading takes a line and moves what follows, so this goes on until
the headings asked for are the ones the columns open with (four layouts
of the default reader's index); after ``ROUNDS`` layouts the build warns
(``p-007``).
"""

from __future__ import annotations

PREFIX = "ix-continued-"          # the id of a repeated heading: PREFIX + the id of the subentry it stands before
ROUNDS = 6                        # layouts at most, the first included
WITHIN = "index-groups"           # the id of the element the index's columns are


def wanted(tops: list[tuple[int, int, tuple]]) -> frozenset:
    """The subentries (ids) before which a heading must be repeated: those a column opens with, or within,
    away from their entry's own first line; a repeated heading already opening a column is kept."""
    found = set()
    for _page, _column, around in tops:
        items = [name for name, tag in around if tag == "li"]
        if not items:
            continue
        if items[0].startswith(PREFIX):
            found.add(items[1] if len(items) > 1 else items[0][len(PREFIX):])
        elif len(items) > 1:
            found.add(items[1])
    return frozenset(found)


def missing(tops: list[tuple[int, int, tuple]]) -> list[tuple[int, int, str]]:
    """The subentries that open a column with no heading repeated above them: (page, column, subentry id)."""
    found = []
    for page, column, around in tops:
        items = [name for name, tag in around if tag == "li"]
        if len(items) > 1:
            found.append((page, column, items[1]))
    return found
