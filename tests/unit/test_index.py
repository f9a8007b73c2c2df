"""The index's rules, one at a time: matching forms, Chicago ranges, sorting, locators."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.index import locators, marks, terms
from edition.index.locators import Page, abbreviate, sort_key
from edition.index.marks import Form, Matcher, Occurrence


def _find(forms, text):
    matcher = Matcher([Form(f, entry, exact=f != f.lower(), wildcard=f.endswith("*")) for f, entry in forms])
    return [(" ".join(text[s:e].split()), entry) for s, e, entry in matcher.find(text)]


def test_forms_match_whole_words_longest_first():
    forms = [("Trotsky", "T"), ("Leon Trotsky", "T"), ("Fourth International", "FI"), ("International", "I"),
             ("permanent revolution", "PR"), ("Thermidor*", "Th"), ("workers' state", "WS")]
    text = ("Leon Trotsky’s Fourth International, not Trotskyism; Permanent revolution and the permanent\n"
            "revolution; Thermidorians and Thermidor; the workers’ state, the International.")
    assert _find(forms, text) == [
        ("Leon Trotsky", "T"), ("Fourth International", "FI"), ("Permanent revolution", "PR"),
        ("permanent revolution", "PR"), ("Thermidorians", "Th"), ("Thermidor", "Th"),
        ("workers’ state", "WS"), ("International", "I")]


def test_capitalised_forms_match_in_their_case_only():
    assert _find([("Stalin", "S")], "STALIN and stalin and Stalin") == [("Stalin", "S")]
    exact = Matcher([Form("labour", "L", exact=True, wildcard=False)])
    assert [e for *_, e in exact.find("Labour and labour")] == ["L"]


def test_default_forms_follow_the_heading():
    assert terms.default_forms("Shachtman, Max") == ["Shachtman"]
    assert terms.default_forms("revolution, permanent") == ["permanent revolution"]
    assert terms.default_forms("Communist Party (USA)") == ["Communist Party"]
    assert terms.default_forms("Thermidor") == ["Thermidor"]


@pytest.mark.parametrize("first, last, shown", [
    (3, 10, "10"), (71, 72, "72"), (96, 117, "117"), (100, 104, "104"), (1100, 1113, "1113"), (101, 108, "8"),
    (808, 833, "33"), (1103, 1104, "4"), (321, 328, "28"), (498, 532, "532"), (1087, 1089, "89"),
    (1496, 1504, "1504"), (11564, 11615, "615"), (12991, 13001, "3001"), (2787, 2816, "2816")])
def test_ranges_abbreviated_the_chicago_way(first, last, shown):
    assert abbreviate(first, last) == shown


def test_headings_sort_word_by_word():
    headings = ["Trotskyism", "Trotsky, Leon", "Leftism", "Left Opposition", "The Revolution Betrayed",
                "Rakovsky, Christian", "Écrits", "ecology", "New York", "Newark"]
    assert sorted(headings, key=sort_key) == [
        "ecology", "Écrits", "Left Opposition", "Leftism", "New York", "Newark", "Rakovsky, Christian",
        "The Revolution Betrayed", "Trotsky, Leon", "Trotskyism"]
    subs = ["on Thermidor", "and the bureaucracy", "murder of", "in exile"]
    assert sorted(subs, key=lambda s: sort_key(s, sub=True)) == [
        "and the bureaucracy", "in exile", "murder of", "on Thermidor"]


def _marked(occurrences, entries):
    index = terms.IndexFile(Path("index.yaml"), entries, [])
    return marks.Marked(index, occurrences)


def test_page_locators_ranges_notes_and_no_page_twice():
    entry = terms.Entry("Trotsky, Leon", ["Trotsky"], 1, 1)
    pages = {"a": Page(3, "iv"), "b": Page(4, "v"), "c": Page(10, "1"), "d": Page(11, "2"), "e": Page(11, "2"),
             "f": Page(12, "3"), "g": Page(20, "11"), "h": Page(22, "13"), "i": Page(22, "13"), "j": Page(30, "21")}
    notes = {"g", "i", "j"}
    occurrences = [Occurrence(m, "Trotsky, Leon", "t", "n1" if m in notes else "", 1) for m in "abcdefghij"]
    groups, flags = locators.groups(_marked(occurrences, [entry]), pages, {"t": 1}, {"n1": "1"})
    [group] = groups
    [view] = group.entries
    assert [loc.text for loc in view.locators] == ["iv–v", "1–3", "11n", "13", "21n"]
    assert view.locators[1].first_mark == "c" and view.locators[1].last_mark == "f"
    assert flags == []


def test_paragraph_locators_without_pages_and_flags_for_long_entries():
    entry = terms.Entry("Stalin, Joseph", ["Stalin"], 4, 3)
    occurrences = [Occurrence(f"m{i}", "Stalin, Joseph", "t2", "", p) for i, p in enumerate([3, 4, 5, 9])]
    occurrences.append(Occurrence("m9", "Stalin, Joseph", "t2", "n4", 40))
    groups, _ = locators.groups(_marked(occurrences, [entry]), None, {"t1": 1, "t2": 2}, {"n4": "4"})
    assert [loc.text for loc in groups[0].entries[0].locators] == ["2.3–5", "2.9", "2n4"]
    many = {f"m{i}": Page(2 * i, str(2 * i)) for i in range(9)}
    occurrences = [Occurrence(m, "Stalin, Joseph", "t1", "", 1) for m in many]
    _, flags = locators.groups(_marked(occurrences, [entry]), many, {"t1": 1}, {})
    assert [(f.code, f.line, f.fields["count"]) for f in flags] == [("i-007", 4, 9)]


def test_entries_without_pages_here_are_left_out_with_references_to_them():
    """A shared index in a pamphlet: entries of other texts go, and so do "see also" alone and references."""
    here = terms.Entry("Trotsky, Leon", ["Trotsky"], 1, 1, see_also=["Bonapartism"])
    elsewhere = terms.Entry("Bonapartism", ["Bonapartism"], 2, 1, see_also=["Trotsky, Leon"])
    alias = terms.Entry("Bronstein", [], 3, 1, see="Trotsky, Leon")
    gone = terms.Entry("Lev", [], 4, 1, see="Bonapartism")
    occurrences = [Occurrence("m1", "Trotsky, Leon", "t", "", 1)]
    groups, _ = locators.groups(_marked(occurrences, [here, elsewhere, alias, gone]), {"m1": Page(5, "3")},
                                {"t": 1}, {})
    views = [view for group in groups for view in group.entries]
    assert [(v.heading, [r.heading for r in v.see], [r.heading for r in v.see_also]) for v in views] == [
        ("Bronstein", ["Trotsky, Leon"], []), ("Trotsky, Leon", [], [])]
