"""The back-of-book index in the built reader: every locator, in both formats, lands where its entry is named."""

from __future__ import annotations

import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET

import pikepdf
import pytest
import yaml

from edition.build.pipeline import STYLES, build
from edition.cli import main
from edition.index import terms
from edition.index.locators import sort_key
from tests.helpers import (READER, ROOT, SMALL, column_lines, destination_pages, epub_files, folio, italic_text,
                           page_body, running_heads)

pytestmark = pytest.mark.slow      # each test builds an edition

X = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
def _flat(text: str) -> str:
    """Text with hyphenation, ligatures, line breaks and apostrophes made plain, for finding a form in it."""
    text = unicodedata.normalize("NFKC", text).replace("\u2010\n", "").replace("-\n", "-").replace("'", "’")
    text = text.replace("\ufffe", "-")     # pdfium's mark for a word's own hyphen ending a line ('Bolshevik-')
    return " ".join(text.split())


def _found(forms: list[str], text: str, before: int | None = None) -> bool:
    """Whether a form stands in the text (starting before ``before``, if given)."""
    for form in forms:
        pattern = re.escape(_flat(form).rstrip("*")).replace(r"\ ", r"\s+") + (r"\w*" if form.endswith("*") else "")
        for match in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", text, re.IGNORECASE):
            if before is None or match.start() < before:
                return True
    return False


def _names_on_page(forms: list[str], pages: list[str], page: int, heads: set[str]) -> bool:
    """A form stands on the page, or starts on its last line and runs on, hyphenated, onto the next."""
    body = page_body(pages[page], heads)
    following = page_body(pages[page + 1], heads) if page + 1 < len(pages) else ""
    return _found(forms, _flat(body + "\n" + following), before=len(_flat(body)))


def _forms() -> dict[str, list[str]]:
    """Entry key → the forms that mark it: its own, those of 'see' entries pointing at it, for a subentry
    found by text its parent's, and the phrases of its manual marks."""
    index = terms.load(ROOT / "source" / "index.yaml")
    forms: dict[str, list[str]] = {}
    for entry in index.all_entries():
        forms.setdefault(entry.key, []).extend(entry.forms)
        if entry.see:
            forms.setdefault(entry.see, []).extend(entry.forms)
        if entry.parent and not entry.forms:
            forms[entry.key] = entry.parent.forms
    for mark in index.marks:                   # a manual mark's phrase stands for its entry
        forms.setdefault(mark.entry, []).append(mark.at)
    return forms


def _entries(index_doc: ET.Element):
    """(key, li, locator anchors, xref anchors) for every entry and subentry of the EPUB's index."""
    def term(li):
        return "".join(next(e for e in li if e.get(EPUB_TYPE) == "index-term").itertext())

    for li in index_doc.iter(X + "li"):
        if li.get(EPUB_TYPE) != "index-entry":
            continue
        parent = next((p for p in index_doc.iter(X + "li") if any(c is li for u in p.iter(X + "ul") for c in u)
                       and p is not li), None)
        key = term(li) if parent is None else f"{term(parent)}{terms.SUB_SEPARATOR}{term(li)}"
        own = [a for a in li.iter(X + "a") if a.get(EPUB_TYPE) == "index-locator"
               and not any(a is b for ul in li.findall(X + "ul") for b in ul.iter(X + "a"))]
        xrefs = [a for span in li.findall(X + "span") if span.get(EPUB_TYPE, "").startswith("index-xref")
                 for a in span.iter(X + "a")]
        yield key, li, own, xrefs


def test_index_locators_land_where_their_entry_is_named(reader, reader_pages):
    """Each locator of the EPUB's index links to an element naming the entry; the PDF page of that element
    names it too, and its printed number is the locator's text; the PDF's index links to the same places."""
    _, out = reader
    files = epub_files(out / "reader.epub")
    index_doc = ET.fromstring(files["EPUB/index.xhtml"])
    documents = {name.split("/")[-1]: ET.fromstring(body) for name, body in files.items() if name.endswith(".xhtml")}
    pdf = pikepdf.open(out / "reader.pdf")
    destinations = destination_pages(out / "reader.pdf")
    heads = running_heads()
    forms = _forms()
    checked, marks_in_order = 0, []
    for key, _, locators, _ in _entries(index_doc):
        assert locators or key in forms, key
        for a in locators:
            file_name, mark = a.get("href").split("#")
            element = next(e for e in documents[file_name].iter() if e.get("id") == mark)
            assert _found(forms[key], _flat("".join(element.itertext()))), (key, mark)
            page = destinations[mark]
            assert _names_on_page(forms[key], reader_pages, page, heads), f"{key}: page {page + 1} does not name it"
            printed = folio(reader_pages[page], heads)
            shown = a.text.rstrip("n")
            assert printed is not None and printed.endswith(shown), f"{key}: locator {a.text}, page printed {printed}"
            marks_in_order.append(mark)
            checked += 1
    assert checked > 500, checked
    pdf_marks = [dest for dest in _index_links(pdf, reader_pages) if not dest.startswith("ix-")]
    assert pdf_marks == marks_in_order


def _index_links(pdf: pikepdf.Pdf, reader_pages: list[str]) -> list[str]:
    """The destinations of the links on the PDF's index pages, in order."""
    opening = next(i for i, t in enumerate(reader_pages) if t.lstrip().startswith("Index"))
    return [str(annotation["/Dest"]) for page in pdf.pages[opening:]
            for annotation in page.obj.get("/Annots", [])]


def test_subentries_run_on_under_their_heading_continued(reader, reader_pages):
    """No column or page of the printed index opens with a subentry whose heading stands in the column
    before: the heading is repeated there, "Heading (continued)", and only there."""
    _, out = reader
    opening = next(i for i, t in enumerate(reader_pages) if t.lstrip().startswith("Index"))
    em = 10.5 * 0.86                           # the index's type size (book.css, print.css), in points
    bare, misplaced, wrong, continued = [], [], [], []
    last_heading = ""                          # the last main heading's line, column by column
    for position in range(opening, len(reader_pages)):
        columns = column_lines(out / "reader.pdf", position)
        if position == opening:                # the title and the headnote stand above the columns
            below = min(y for x, y, line in columns[0] if "related headings" in line)
            columns = [[item for item in column if item[1] < below - 1] for column in columns]
        for number, column in enumerate(columns, 1):
            left = min(x for x, _, _ in column)
            where = f"page {position + 1} column {number}"
            for row, (x, _, line) in enumerate(column):
                indent = (x - left) / em
                if line.endswith("(continued)"):
                    continued.append(where)
                    if row:
                        misplaced.append(f"{where}, line {row + 1}: {line!r}")
                    heading = line.removesuffix(" (continued)")
                    if not last_heading.startswith(heading + ","):
                        wrong.append(f"{where}: {line!r} after {last_heading!r}")
                elif row == 0 and 0.5 < indent < 1.5:          # a subentry's first line, one em in
                    bare.append(f"{where} opens with the subentry {line!r} ({indent:.1f} em in)")
                if indent < 0.5 and not line.endswith("(continued)") and len(line) > 2:
                    last_heading = line
    assert not bare, f"{len(bare)} columns open with a subentry and no heading: " + "; ".join(bare)
    assert not misplaced, "a continued heading inside a column: " + "; ".join(misplaced)
    assert not wrong, "continued headings that are not the heading before: " + "; ".join(wrong)
    assert len(continued) >= 2, f"the reader's index ({len(reader_pages) - opening} pages) repeats only {continued}"


def test_titles_of_works_italic_in_the_index_and_the_notes(reader, reader_pages):
    """Titles marked *so* in the index file are italic in its headings, and where the authors' notes name
    them; a title within an italic subtitle is roman."""
    _, out = reader
    pdf = out / "reader.pdf"
    opening = next(i for i, t in enumerate(reader_pages) if t.lstrip().startswith("Index"))
    index = " ".join(italic_text(pdf, n) for n in range(opening, len(reader_pages)))
    index = re.sub(r"\s+", " ", index.replace("\u2010 ", "").replace("-\n", ""))
    for heading in ("*Red Flag, The*, ", "*Results and Prospects* (Trotsky)", "*Capital* (Marx)", "*Pravda*",
                    "*New York Times*"):
        near = index.find(heading.strip("*")[:8])
        assert heading in index, f"{heading!r} not in the index as set: …{index[near - 40:near + 80]}…"
    assert "See also *Revolution Betrayed, The* (Trotsky)" in index or "*Revolution Betrayed, The* (Trotsky)" in index
    notes = {n: re.sub(r"\s+", " ", italic_text(pdf, n)) for n, page in enumerate(reader_pages)
             if "Red Flag" in page or "Bilan de la Terreur" in page or "Chapter 11 of" in page}
    found = " | ".join(notes.values())
    assert "See *The Red Flag*, January, 1937" in found, found[:300]
    assert "*Bilan de la Terreur en U.R.S.S*" in found
    assert re.search(r"\*New York ?\n? ?Times\*", found) or "*New York Times*" in found
    assert "*Chapter 11 of* The Revolution Betrayed" in found, "the title in the subtitle is not roman"


def test_index_sorted_ranged_and_cross_referenced(reader, reader_pages):
    _, out = reader
    files = epub_files(out / "reader.epub")
    index_doc = ET.fromstring(files["EPUB/index.xhtml"])
    pdf = pikepdf.open(out / "reader.pdf")
    destinations = destination_pages(out / "reader.pdf")
    index_file = terms.load(ROOT / "source" / "index.yaml")
    sort_keys = {e.heading: sort_key(e.sort or e.heading) for e in index_file.entries}
    ids = {li.get("id") for li in index_doc.iter(X + "li")}

    groups = [s for s in index_doc.iter(X + "section") if s.get(EPUB_TYPE) == "index-group"]
    assert len(groups) >= 15
    headings = []
    for group in groups:
        letter = "".join(group.find(X + "h2").itertext())
        names = ["".join(next(e for e in li if e.get(EPUB_TYPE) == "index-term").itertext())
                 for li in group.find(X + "ul").findall(X + "li")]
        assert all(sort_key(n)[0][0][:1].upper() == letter for n in names if letter != "Numerals and symbols")
        headings += names
    assert headings == sorted(headings, key=lambda h: sort_keys[h]), "headings out of order"

    ranges = 0
    for key, li, locators, xrefs in _entries(index_doc):
        pages = []
        for a in locators:
            page = destinations[a.get("href").split("#")[1]]
            pages.append(page)
        assert pages == sorted(pages) and len(set(pages)) == len(pages), f"{key}: pages out of order or twice"
        for span in li.findall(X + "span"):
            if span.get(EPUB_TYPE) == "index-locator-range":
                first, last = (destinations[a.get("href").split("#")[1]] for a in span.findall(X + "a"))
                assert first < last
                ranges += 1
        for a in xrefs:
            assert a.get("href").startswith("#") and a.get("href")[1:] in ids, f"{key}: {a.get('href')} dangles"
            assert a.get(EPUB_TYPE) == "index-term"
    assert ranges >= 20
    xref_links = [dest for dest in _index_links(pdf, reader_pages) if dest.startswith("ix-")]
    assert xref_links and all(dest in destinations for dest in xref_links)
    text = "\n".join(reader_pages[-12:])
    assert "See also" in text and re.search(r"\d+n\b", text), "no see also or note locators in the PDF index"


def test_index_in_package_landmarks_and_contents(reader, reader_pages):
    _, out = reader
    files = epub_files(out / "reader.epub")
    assert re.search(r'<item href="index.xhtml" id="[^"]+" media-type="application/xhtml\+xml" properties="index"',
                     files["EPUB/content.opf"])
    assert '<a epub:type="index" href="index.xhtml">Index</a>' in files["EPUB/nav.xhtml"]
    assert '<section class="index" id="index" epub:type="index" role="doc-index"' in files["EPUB/index.xhtml"]
    contents = next(t for t in reader_pages if t.lstrip().startswith("Contents"))
    listed = re.search(r"Index[ .]+(\d+)", contents)[1]
    opening = next(i for i, t in enumerate(reader_pages) if t.lstrip().startswith("Index"))
    assert reader_pages[opening].strip().splitlines()[-1].strip() == listed
    assert opening % 2 == 0, "the index opens on a left-hand page"
    assert opening > max(i for i, t in enumerate(reader_pages[:opening]) if "Banda" in t)


def test_default_index_is_curated():
    index = terms.load(ROOT / "source" / "index.yaml")
    people = [e for e in index.entries if re.fullmatch(r"[^,]+, [A-Z][^,]*", e.heading)]
    assert len(index.entries) >= 150
    assert len(people) >= 40 and "Shachtman, Max" in [p.heading for p in people]
    assert sum(len(e.subentries) for e in index.entries) >= 15
    assert any(e.see for e in index.entries) and sum(len(e.see_also) for e in index.entries) >= 10


def _small_with_index(tmp_path, index: str):
    folder = tmp_path / "small"
    shutil.copytree(SMALL.parent, folder)
    (folder / "index.yaml").write_text(index, encoding="utf-8")
    manifest = folder / "small.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "index: index.yaml\n", encoding="utf-8")
    return manifest


def test_epub_without_print_gets_paragraph_locators(tmp_path):
    manifest = _small_with_index(tmp_path, yaml.safe_dump({"entries": {
        "capitals": None, "Soviet press": {"see_also": ["items"]}, "items": {"forms": ["item*"]},
        "press, Soviet": {"see": "Soviet press"}}}))
    result = build(manifest, tmp_path / "out", ("epub",))         # EPUBCheck runs inside and must pass
    index = epub_files(result.outputs[0])["EPUB/index.xhtml"]
    assert re.search(r'<span epub:type="index-term">items</span>, <span class="ix-range" epub:type="index-locator-range">'
                     r'<a epub:type="index-locator" href="first-text-more.xhtml#first-text-more-ix\d+">1\.3</a>–'
                     r'<a epub:type="index-locator" href="first-text-more.xhtml#first-text-more-ix\d+">5</a></span>', index), index
    assert re.search(r"<i>See</i> <a epub:type=\"index-term\" href=\"#ix-soviet-press\">Soviet press</a>", index)
    assert "3.12 is the twelfth paragraph" in index


def test_index_problems_named_with_their_lines(tmp_path, capsys):
    manifest = _small_with_index(tmp_path, "entries:\n  capitals:\n  nowhere to be found:\n"
                                           "  Soviet press: [Soviet press, capitals]\n")
    assert main(["check", str(manifest)]) == 0
    err = capsys.readouterr().err
    assert "index.yaml:3:3: i-001 index entry 'nowhere to be found' matches nothing" in err
    assert "index.yaml:4:3: i-002 form 'capitals' is given for 'capitals' and for 'Soviet press'" in err
    (manifest.parent / "index.yaml").write_text("entries:\n  capitals: {see_also: [Soviet pres]}\n"
                                                "  Soviet press:\n  x: {forms: 3, sea: y}\n", encoding="utf-8")
    assert main(["check", str(manifest)]) == 2
    err = capsys.readouterr().err
    assert "index.yaml:4:17: m-001 unknown key 'sea' — did you mean 'see'?" in err
    assert "index.yaml:2:3: i-004 see also reference from 'capitals' to 'Soviet pres': no such heading — did you " \
           "mean 'Soviet press'?" in err


def test_suggest_drafts_a_valid_index_file(tmp_path, capsys):
    assert main(["index", "suggest", str(READER)]) == 0
    draft = capsys.readouterr().out
    (tmp_path / "index.yaml").write_text(draft, encoding="utf-8")
    index = terms.load(tmp_path / "index.yaml")
    headings = [e.heading for e in index.entries]
    assert {"Trotsky, Leon", "Shachtman, Max", "Kerensky, Alexander", "Fourth International", "USSR",
            "Bonapartism"} <= set(headings)
    assert "bureaucratic collectivism" in headings and "permanent revolution" in headings
    assert len(headings) >= 150
    assert re.search(r'"Trotsky, Leon": \[Trotsky, Leon Trotsky.*\]\s+# \d+: Trotsky \d+', draft)


def test_an_index_or_style_change_leaves_the_texts_as_cleaned(tmp_path, monkeypatch):
    """The build keeps each text as cleaned and as marked: a changed index file marks every text again,
    from the texts as cleaned (the passes do not run), and the new entry is in the index; a changed
    style lays the book out again and leaves the texts as cleaned and marked."""
    from edition.build import pipeline as build_module

    manifest = _small_with_index(tmp_path, yaml.safe_dump({"entries": {"capitals": None}}))
    out = tmp_path / "out"
    build(manifest, out, ("epub", "pdf"))
    cached = {p.name.split("-")[0] for p in (out / ".edition-cache").iterdir()}
    assert {"text", "marked"} <= cached
    (manifest.parent / "index.yaml").write_text(yaml.safe_dump({"entries": {
        "capitals": None, "items": {"forms": ["item*"]}}}), encoding="utf-8")
    monkeypatch.setattr(build_module, "run_passes", lambda *args: pytest.fail("a text was cleaned again"))
    result = build(manifest, out, ("epub", "pdf"))
    index = epub_files(result.outputs[0])["EPUB/index.xhtml"]
    assert '<span epub:type="index-term">items</span>' in index
    assert '<span epub:type="index-term">capitals</span>' in index

    styles = tmp_path / "styles"
    shutil.copytree(STYLES, styles)
    (styles / "print.css").write_text((styles / "print.css").read_text(encoding="utf-8")
                                      + "\np { word-spacing: 0.01em; }\n", encoding="utf-8")
    monkeypatch.setattr(build_module, "STYLES", styles)
    marker = build_module.index_marks.Marker
    monkeypatch.setattr(marker, "text", lambda *args: pytest.fail("a text was marked again"))
    restyled = build(manifest, out, ("epub", "pdf"))
    assert restyled.laid_out == restyled.pieces and not restyled.up_to_date
