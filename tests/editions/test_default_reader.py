"""Build the default reader for real and check what a reader and a printer would check."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pikepdf
import pytest

from edition.manifest import load as manifest_module
from edition.prepress import preflight
from edition.check import epubcheck as validate
from edition.build.pipeline import build
from tests.helpers import READER, epub_files

pytestmark = pytest.mark.slow      # each test builds an edition

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


def _titles():
    """The texts' titles and running heads as the book sets them (in the house style: model/typography.py)."""
    from edition.model.typography import smarten

    spec = manifest_module.load(READER)
    return [smarten(t["title"]) for t in spec.texts], [smarten(t["short_title"] or t["title"]) for t in spec.texts]


def test_outputs_written_and_epubcheck_clean(reader, tmp_path):
    result, out = reader
    assert sorted(p.name for p in result.outputs) == ["reader-cover.pdf", "reader.epub", "reader.pdf"]
    assert result.pages > 100
    assert validate.epubcheck(out / "reader.epub", tmp_path / "report.json") == []
    assert not list(out.glob(".building-*")), "the temporary folder was left behind"


def test_every_text_in_order_in_the_epub(reader):
    _, out = reader
    files = epub_files(out / "reader.epub")
    opf = ET.fromstring(files["EPUB/content.opf"])
    hrefs = {item.get("id"): item.get("href") for item in opf.iter(OPF + "item")}
    spine = [hrefs[ref.get("idref")] for ref in opf.iter(OPF + "itemref")]
    titles, _ = _titles()
    text_docs = []
    for href in spine:
        body = files["EPUB/" + href]
        match = re.search(r'<section class="text[^"]*"[^>]*>\s*(?:<span class="page-break"[^>]*></span>)*\s*'
                          r'<header>\s*<h1[^>]*>(.*?)</h1>', body, re.S)
        if match:
            text_docs.append((href, match[1]))
            paragraphs = re.findall(r'<p(?: id="[^"]+")?>', body)
            assert len(paragraphs) >= 5, f"{href} has only {len(paragraphs)} running paragraphs"
            assert "&lt;p" not in body and "&lt;section" not in body, f"markup escaped twice in {href}"
    assert [ET.fromstring(f"<t>{t}</t>").text for _, t in text_docs] == titles
    assert spine[0] == "cover.xhtml" and "nav.xhtml" in spine


def test_every_text_in_order_in_the_pdf(reader_pages):
    titles = [title.replace("\xa0", " ") for title in _titles()[0]]      # the PDF's text has plain spaces
    starts = []
    for title in titles:
        pages = [i for i, text in enumerate(reader_pages) if _flat(text).startswith(title)]
        assert pages, f"no page opens with {title!r}"
        starts.append(pages[0])
    assert starts == sorted(starts)


def _flat(text: str) -> str:
    """A page's text with its line breaks and hyphenation undone, for matching titles."""
    return " ".join(text.replace("-\n", "").split())


def _contents(reader_pages):
    """(title, printed page) pairs read from the contents page of the PDF."""
    page = next(t for t in reader_pages if t.lstrip().startswith("Contents"))
    entries = []
    for line in page.splitlines():
        match = re.match(r"(.+?)[ .]{3,}\s*([0-9]+|[ivxlc]+)\s*$", line)
        if match:
            entries.append((match[1].strip().replace("\xa0", " "), match[2]))
    return entries


def _folio(page_text: str) -> str:
    """The printed page number: the last line on an opening page (folio at the foot)."""
    return page_text.strip().splitlines()[-1].strip()


def test_contents_page_numbers_are_the_pages_where_texts_start(reader_pages):
    titles = [title.replace("\xa0", " ") for title in _titles()[0]]      # the PDF's text has plain spaces
    entries = _contents(reader_pages)
    assert len([e for e in entries if not e[0].startswith("Part ") and e[0] != "Index"]) == len(titles)
    checked = 0
    for title in titles:
        entry = next(e for e in entries if e[0].startswith(title))
        opening = next(i for i, t in enumerate(reader_pages) if _flat(t).startswith(title))
        assert _folio(reader_pages[opening]) == entry[1], f"{title}: contents say {entry[1]}"
        if entry[1].isdigit():
            assert int(entry[1]) % 2 == 1, f"{title} opens on a left-hand page"
            assert opening % 2 == 0, f"{title} is not on a right-hand page of the PDF"
        checked += 1
    assert checked == len(titles)


def test_body_starts_at_page_one_after_roman_front_matter(reader_pages):
    entries = dict(_contents(reader_pages))
    assert entries["Introduction"] in {"v", "vii", "ix"}
    part_one = next(v for k, v in entries.items() if k.startswith("Part One"))
    assert part_one == "1"


def test_running_heads_and_folios(reader_pages):
    """Left pages carry the book's title and an even folio, right pages the text's short title and an odd one;
    chapter openings carry neither head."""
    _, short_titles = _titles()
    book_title = "What Became of October"
    heads = {"left": 0, "right": 0}
    for index, text in enumerate(reader_pages[20:130], start=20):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        head = next((line for line in lines if re.fullmatch(r"\d+ .+|.+ \d+", line)
                     and (book_title in line or any(s in line for s in short_titles))), None)
        if head is None:
            continue
        folio = int(re.search(r"\d+", head)[0])
        if book_title in head:
            assert index % 2 == 1 and folio % 2 == 0, (index, head)      # a left page, an even folio
            heads["left"] += 1
        else:
            assert index % 2 == 0 and folio % 2 == 1, (index, head)
            heads["right"] += 1
    assert heads["left"] > 30 and heads["right"] > 30, heads
    openings = [t for t in reader_pages if _flat(t).startswith("Stalinist Imperialism")]
    assert openings and book_title not in openings[0]


def test_fonts_embedded_and_outline(reader):
    _, out = reader
    pdf = out / "reader.pdf"
    assert next(f for f in preflight.preflight(pdf) if f.check == "fonts").ok
    reader_pdf = pikepdf.open(pdf)
    fonts = set()
    for page in reader_pdf.pages[:12]:
        for font in ((page.obj.get("/Resources") or {}).get("/Font") or {}).values():
            fonts.add(str(font.get("/BaseFont")))
    assert any("Garamond" in f for f in fonts), fonts
    with reader_pdf.open_outline() as opened:
        top = opened.root
    outline = [item.title for item in top]
    assert outline == ["Contents", "Introduction", "Part One The Revolution and Its Prospects",
                       "Part Two Thermidor and Bonapartism", "Part Three What Was Stalinism?", "Index"]
    children = [item.title for item in top[2].children]   # nested texts
    assert children == ["The Prospect of Revolution", "The October Revolution Was Profoundly Democratic!"]
    assert str(reader_pdf.docinfo["/Title"]) == "What Became of October"


def test_epub_metadata(reader):
    _, out = reader
    files = epub_files(out / "reader.epub")
    opf = ET.fromstring(files["EPUB/content.opf"])
    meta = opf.find(OPF + "metadata")
    assert meta.find(DC + "identifier").text == "urn:uuid:6f1c7d2e-4b1a-5c3e-9a8d-2f7e1b0c9d41"
    assert [t.text for t in meta.iter(DC + "title")][0] == "What Became of October"
    assert meta.find(DC + "language").text == "en"
    ids = [e.get("id") for e in meta.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids in the package metadata"
    roles = {e.get("refines"): e.text for e in meta.iter(OPF + "meta") if e.get("property") == "role"}
    people = {e.text: roles["#" + e.get("id")] for e in list(meta.iter(DC + "creator")) + list(meta.iter(DC + "contributor"))}
    assert people["The Edition Collective"] == "edt"
    assert people["Leon Trotsky"] == "aut" and people["Max Eastman"] == "trl"
    modified = [e.text for e in meta.iter(OPF + "meta") if e.get("property") == "dcterms:modified"]
    assert modified == ["2026-11-21T00:00:00Z"]
    nav = files["EPUB/nav.xhtml"]
    assert 'epub:type="toc"' in nav and 'epub:type="landmarks"' in nav and 'epub:type="bodymatter"' in nav
    assert "EPUB/toc.ncx" in files


def test_builds_are_reproducible(reader, tmp_path):
    """The same bytes again, also when the pieces are laid out in one process rather than on every core."""
    result, out = reader
    again = build(READER, tmp_path, workers=1)
    assert again.laid_out == result.laid_out > 10          # every piece laid out, none from a cache
    for output in again.outputs:
        assert output.read_bytes() == (out / output.name).read_bytes(), f"{output.name} differs between builds"


def test_lead_in_small_caps_and_typography_reach_the_page(reader):
    _, out = reader
    files = epub_files(out / "reader.epub")
    james = files["EPUB/james-third-international.xhtml"]
    assert '<span class="lead-in">There is a logic</span> in history and despite all the rich' in james
    shachtman = files["EPUB/shachtman-stalinist-social-system.xhtml"]
    assert '<span class="lead-in">It</span> is impossible' in shachtman
    debate = files["EPUB/shachtman-kerensky-debate.xhtml"]
    assert '<span class="lead-in">Seldom</span> does history' in debate
    assert 'class="opens-section"><span class="lead-in">One</span> must judge' in debate
    assert "“" in debate and '"' not in re.sub(r"<[^>]+>", "", debate)


def test_no_wrong_ocr_corrections_in_the_book(reader):
    """Words the old OCR corrector spoiled ('The leader rump', 'the Soviets Thermidor', 'officers corps',
    'Stalinists bloc') reach the page as written."""
    _, out = reader
    text = " ".join(re.sub(r"<[^>]+>", " ", body) for name, body in epub_files(out / "reader.epub").items()
                    if name.endswith(".xhtml"))
    text = " ".join(text.split())
    for phrase in ["The leaden rump of bureaucracy", "the Soviet’s Thermidor", "officer’s corps", "Stalinist’s bloc"]:
        assert phrase in text, phrase
    for wrong in ["leader rump", "Soviets Thermidor", "officers corps", "Stalinists bloc"]:
        assert wrong not in text, wrong


def test_page_labels_are_the_folios(reader, reader_pages):
    """A PDF viewer's page numbers are the printed folios: roman in the front matter, arabic from the body
    (issue 17); every page whose folio is printed is labelled with it."""
    import pypdfium2

    from tests.helpers import folio, running_heads

    _, out = reader
    document = pypdfium2.PdfDocument(str(out / "reader.pdf"))
    try:
        labels = [document.get_page_label(i) for i in range(len(document))]
    finally:
        document.close()
    heads = running_heads()
    printed = {i: folio(text, heads) for i, text in enumerate(reader_pages)}
    wrong = [(i, shown, labels[i]) for i, shown in printed.items() if shown and shown != labels[i]]
    assert sum(1 for shown in printed.values() if shown) > 100 and not wrong, wrong[:5]
    assert labels[0] == "i" and "1" in labels


def test_each_font_subset_has_its_own_tag(reader):
    """The pieces' subsets of one face are distinct fonts: each gets a tag of its own (ISO 32000-1 §9.6.4)."""
    import collections

    _, out = reader
    with pikepdf.open(out / "reader.pdf") as book:
        fonts = {font.objgen: str(font.BaseFont) for page in book.pages
                 for font in page.obj.get("/Resources", {}).get("/Font", {}).values()}
    tags = collections.Counter(name.split("+")[0] for name in fonts.values() if "+" in name)
    assert len(fonts) > 10 and max(tags.values()) == 1, tags.most_common(3)


def test_the_manifests_words_are_set_as_the_texts(reader, reader_pages):
    """Titles, authors and the copyright page come from the manifest and go through the texts' typography:
    'John O’Mahony', never a straight apostrophe (issue 17)."""
    from edition.model.typography import smarten

    assert smarten("John O'Mahony -- Trotsky's \"Results\" 1923-28 ...") == "John O’Mahony—Trotsky’s “Results” 1923–28 …"
    _, out = reader
    files = epub_files(out / "reader.epub")
    assert any("O’Mahony" in body for body in files.values())
    assert not any("O'Mahony" in body for body in files.values())
    assert "O'Mahony" not in " ".join(reader_pages) and "O’Mahony" in " ".join(reader_pages)


def test_hyphenation_leaves_whole_syllables(reader_pages):
    """Measured on the PDF's lines (issue 17): no break leaves fewer than three letters before the hyphen, and
    fewer than one line in seven ends in one (it was one in five, with 236 breaks after two letters)."""
    import re

    lines = [line.rstrip() for page in reader_pages for line in page.splitlines() if line.strip()]
    broken = [line for line in lines if line.endswith(("-", "\u2010"))]
    short = [line for line in broken if re.search(r"(^|[\s(‘“—])[^\W\d_]{1,2}[-\u2010]$", line)]
    assert not short, short[:5]
    assert len(broken) < len(lines) / 7, f"{len(broken)} of {len(lines)} lines end in a hyphen"
