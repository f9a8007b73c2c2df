"""Preflight a PDF for print: what a print shop checks before it accepts a file.

Seven checks, each giving one or more findings of one line: fonts (every
font used is embedded), boxes (page sizes, TrimBox inside BleedBox inside
MediaBox, the trim size), bleed, pages (the count, a multiple of 4 for
saddle-stitching), images (effective resolution as placed), colour (no RGB
for a CMYK press, no text in four-colour black) and glyphs (nothing drawn with .notdef, no U+FFFD in the
text).  pikepdf reads the objects and parses the page content
(``pikepdf.parse_content_stream``), read operator by operator keeping the
transformation matrix, the colour spaces and the font through q/Q, form
XObjects and tiling patterns, and the text each font's ToUnicode map gives
the codes drawn (for U+FFFD).  Only what the
pages draw counts: a font or an image listed in the resources but never
used is not reported (WeasyPrint gives every page the same resources).
"""

from __future__ import annotations

import io
import logging
import math
import re
import sys
from array import array
from dataclasses import dataclass, field, replace
from pathlib import Path

import pikepdf

from edition.messages import BadInput, message
from edition.units import MM

TOLERANCE = 0.5         # pt, for comparing boxes and sizes
CHECKS = ("fonts", "boxes", "bleed", "pages", "images", "colour", "glyphs")
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
RGB_SPACES = {"DeviceRGB", "CalRGB", "ICC RGB"}
SHORT_NAMES = {"/RGB": "/DeviceRGB", "/G": "/DeviceGray", "/CMYK": "/DeviceCMYK", "/I": "/Indexed"}
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_DEPTH = 12          # nested forms and patterns followed
RICH_BLACK_K = 0.8      # text with this much K and more than RICH_BLACK_CMY of each of C, M and Y is four-colour black
RICH_BLACK_CMY = 0.05


@dataclass(frozen=True)
class Expect:
    """What the PDF should be; None means: don't check, only report."""

    trim: tuple[float, float] | None = None      # page trim size in mm (width, height)
    bleed: float | None = None                   # bleed in mm on every side (0 = none)
    cmyk: bool = False                           # no RGB colour allowed
    multiple_of: int = 1                         # page count multiple (4 for saddle-stitch)
    min_dpi: int = 300


@dataclass(frozen=True)
class Finding:
    check: str        # one of CHECKS
    ok: bool
    detail: str       # one line a printer understands, naming pages where relevant


def preflight(path: Path, expect: Expect = Expect(), walked: list[list[dict]] | None = None) -> list[Finding]:
    """Check the PDF at ``path``; the findings come check by check, in the order of CHECKS.

    ``walked``: what its pages draw, already read (``walk``) from the PDFs it was joined from, in order
    (the book's pieces, each walked once as it was written); its pages' boxes are still read from it.
    Raises BadInput when the file cannot be read as a PDF."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInput(message("m-009", path, key="FILE", problem=f"cannot read it: {error.strerror or error}"))
    if b"%PDF-" not in data[:1024]:
        raise BadInput(message("m-009", path, key="FILE", problem="not a PDF (no %PDF- header)"))
    seen = [_unplain(page, f"{number}/") for number, pages in enumerate(walked or []) for page in pages]
    boxes = _our_boxes(data) if seen else None
    if boxes is not None and len(boxes) == len(seen):
        return _checks(seen, boxes, expect)
    chatty = logging.getLogger("pikepdf._core")
    level, chatty.level = chatty.level, logging.ERROR     # repairs qpdf makes as it reads are not findings
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:        # (qpdf tries the empty password itself)
            boxes = [_Boxes.of(page) for page in pdf.pages]
            walk = _Walk()
            seen = [walk.page(page) for page in pdf.pages]
    except pikepdf.PasswordError:
        raise BadInput(message("m-009", path, key="FILE", problem="the PDF is encrypted with a password"))
    except (pikepdf.PdfError, ValueError, TypeError) as error:   # ValueError: a malformed box or operand
        raise BadInput(message("m-009", path, key="FILE", problem=f"not a readable PDF ({error})")) from error
    finally:
        chatty.setLevel(level)
    return _checks(seen, boxes, expect)


def _checks(seen: list[_Seen], boxes: list[_Boxes], expect: Expect) -> list[Finding]:
    replacements = [page.replacements for page in seen]
    return [*_fonts(seen), *_boxes(boxes, expect), *_bleed(boxes, expect), *_page_count(len(seen), expect),
            *_images(seen, expect), *_colour(seen, expect), *_glyphs(seen, replacements)]


def walk(path: Path) -> list[dict]:
    """What each page of a PDF draws, as plain data for ``preflight(…, walked=)``."""
    walker = _Walk()
    with pikepdf.open(path) as pdf:
        return [_plain(walker.page(page)) for page in pdf.pages]


def _plain(seen: _Seen) -> dict:
    return {"fonts": {str(key): [font.name, font.subtype, font.embedded] for key, font in seen.fonts.items()},
            "spaces": sorted(seen.spaces), "blend": sorted(seen.blend),
            "images": [[*image.pixels, *image.placed, image.space] for image in seen.images],
            "glyphs": seen.glyphs, "replacements": seen.replacements, "missing": seen.missing,
            "rich_black": seen.rich_black}


def _unplain(page: dict, prefix: str) -> _Seen:
    """A page's ``_Seen`` from its plain data; its fonts' keys take ``prefix`` (fonts of different files
    are different fonts)."""
    return _Seen({prefix + key: _Font(name, subtype, embedded, False, None, None, None)
                  for key, (name, subtype, embedded) in page["fonts"].items()},
                 set(page["spaces"]), set(page["blend"]),
                 [_Image((width, height), (across, down), space) for width, height, across, down, space in page["images"]],
                 page["glyphs"], page["replacements"], dict(page["missing"]), page.get("rich_black", 0))


def report(findings: list[Finding]) -> str:
    """The findings, a line each: 'ok    fonts   all 4 fonts embedded', 'FAIL  images  page 2: …'."""
    return "\n".join(f"{'ok' if f.ok else 'FAIL':<6}{f.check:<8}{f.detail}" for f in findings)


def parse_expect(trim: str | None = None, bleed: str | None = None, cmyk: bool = False, multiple_of: int = 1,
                 min_dpi: int = 300) -> Expect:
    """An Expect from command-line values; raises BadInput naming the bad one."""
    from edition.units import TRIM_SIZES, parse_length, parse_trim

    size = None
    if trim is not None:
        size = parse_trim(trim)
        if size is None:
            raise BadInput(message("m-009", key="--trim", problem=f"{trim!r} is not one of {', '.join(TRIM_SIZES)} "
                                                                  "nor 'W x H mm' / 'W x H in'"))
    length = None
    if bleed is not None:
        length = parse_length(bleed)
        if length is None:
            raise BadInput(message("m-009", key="--bleed", problem=f"{bleed!r} is not a length such as 3mm, "
                                                                   "0.125in or 9pt"))
    if multiple_of < 1:
        raise BadInput(message("m-009", key="--multiple-of", problem=f"{multiple_of}; give 1 or more"))
    if min_dpi < 1:
        raise BadInput(message("m-009", key="--min-dpi", problem=f"{min_dpi}; give 1 or more"))
    return Expect(size, length, cmyk, multiple_of, min_dpi)


# What the pages draw ------------------------------------------------------------------------------------------


@dataclass
class _Font:
    """A font as the checks need it."""

    name: str                   # BaseFont, without the subset prefix
    subtype: str
    embedded: bool
    cids: bool                  # Type0 with 2-byte codes: Identity-H/V, or an embedded CMap such as WeasyPrint's
    cmap: dict[int, int] | None  # code → CID from an embedded CMap; None for Identity-H/V (code = CID)
    gids: bytes | None          # the CIDToGIDMap stream; None for /Identity
    glyph_count: int | None     # glyphs in the embedded TrueType/OpenType font
    source: object = None       # the font dictionary, for ToUnicode
    unicode: dict[int, str] | None = None
    drawn: set[int] = field(default_factory=set)   # codes found to have a glyph, not to look them up again
    lost: set[int] | None = None                   # codes whose text is U+FFFD (a character lost before)

    def replacements(self) -> set[int]:
        """The codes the ToUnicode map gives as U+FFFD, the replacement character."""
        if self.lost is None:
            if self.unicode is None:
                self.unicode = _to_unicode(_get(self.source, "/ToUnicode"))
            self.lost = {code for code, text in self.unicode.items() if "\ufffd" in text}
        return self.lost

    def has(self, code: int) -> bool:
        """Whether the code is drawn with a glyph of its own, not .notdef."""
        cid = self.cid(code)
        gid = self.gid(cid)
        return not (cid == 0 or gid == 0 or (self.glyph_count is not None and gid >= self.glyph_count))

    def gid(self, cid: int) -> int:
        if self.gids is None:
            return cid
        return int.from_bytes(self.gids[2 * cid:2 * cid + 2], "big") if 2 * cid + 2 <= len(self.gids) else 0

    def cid(self, code: int) -> int:
        return code if self.cmap is None else self.cmap.get(code, 0)

    def char(self, code: int) -> str:
        """How to name a code: 'U+0D9A' from the ToUnicode map, else 'code 0C23'."""
        if self.unicode is None:
            self.unicode = _to_unicode(_get(self.source, "/ToUnicode"))
        text = self.unicode.get(code)
        return " ".join(f"U+{ord(c):04X}" for c in text) if text else f"code {code:04X}"


@dataclass
class _Image:
    pixels: tuple[int, int]
    placed: tuple[float, float]   # pt, along the image's own axes
    space: str


@dataclass
class _Seen:
    """What one page draws."""

    fonts: dict[object, _Font] = field(default_factory=dict)
    spaces: set[str] = field(default_factory=set)          # colour spaces colour is set in
    blend: set[str] = field(default_factory=set)           # transparency groups' colour spaces
    images: list[_Image] = field(default_factory=list)
    glyphs: int = 0                                        # CID-font glyphs checked
    replacements: int = 0                                  # U+FFFD in the text drawn
    missing: dict[str, list[str]] = field(default_factory=dict)   # font name -> codes drawn as .notdef
    rich_black: int = 0                                    # text drawn in four-colour black


@dataclass(frozen=True)
class _State:
    ctm: tuple[float, ...] = IDENTITY
    fill: str = "DeviceGray"
    stroke: str = "DeviceGray"
    font: _Font | None = None
    cmyk: tuple[float, ...] | None = None      # the fill colour's C, M, Y, K, when it is set in CMYK


def _rich_black(cmyk: tuple[float, ...] | None) -> bool:
    """Black made of all four inks (C, M and Y under a heavy K), as an RGB black converted through a profile
    comes out: text in it prints blurred by the plates' registration."""
    return cmyk is not None and len(cmyk) == 4 and cmyk[3] >= RICH_BLACK_K and min(cmyk[:3]) > RICH_BLACK_CMY


class _Walk:
    """Reads every page's content with the part of the graphics state the checks need."""

    def __init__(self):
        self.fonts: dict[object, _Font] = {}

    def page(self, page: pikepdf.Page) -> _Seen:
        seen = _Seen()
        group = _get(page.obj, "/Group")
        if _is_dictionary(group) and "/CS" in group:
            seen.blend.add(self.space(group["/CS"], {}))
        if "/Contents" in page.obj:         # its streams, parsed as one
            self.stream(page, _get(page.obj, "/Resources") or {}, _State(), seen, ())
        return seen

    def stream(self, content, resources, state: _State, seen: _Seen, inside: tuple) -> None:
        """Follow one content stream (a page's, or a form's or a pattern's stream); ``state.ctm`` is also its
        patterns' base space."""
        base = state.ctm
        saved = []
        for operands, operator in pikepdf.parse_content_stream(content):
            operator = str(operator)
            if operator == "q":
                saved.append(state)
            elif operator == "Q":
                state = saved.pop() if saved else state
            elif operator == "cm" and len(operands) == 6:
                state = replace(state, ctm=_multiply(tuple(_number(v) for v in operands), state.ctm))
            elif operator in ("rg", "RG"):
                seen.spaces.add("DeviceRGB")
                if operator == "rg":
                    state = replace(state, cmyk=None)
            elif operator in ("k", "K"):
                seen.spaces.add("DeviceCMYK")
                if operator == "k":
                    state = replace(state, cmyk=tuple(_number(v) for v in operands))
            elif operator in ("g", "G"):
                seen.spaces.add("DeviceGray")
                if operator == "g":
                    state = replace(state, cmyk=None)
            elif operator == "cs" and operands:
                state = replace(state, fill=self.space(operands[0], resources), cmyk=None)
            elif operator == "CS" and operands:
                state = replace(state, stroke=self.space(operands[0], resources))
            elif operator in ("sc", "scn", "SC", "SCN"):
                space = state.fill if operator.islower() else state.stroke
                if operator.islower() and space in ("DeviceCMYK", "ICC CMYK") and len(operands) == 4:
                    state = replace(state, cmyk=tuple(_number(v) for v in operands))
                if space == "Pattern" and operands and isinstance(operands[-1], pikepdf.Name):
                    self.pattern(operands[-1], resources, base, seen, inside)
                else:
                    seen.spaces.add(space)
            elif operator == "sh" and operands:
                shading = _get(_get(resources, "/Shading"), operands[0])
                if _is_dictionary(shading) and "/ColorSpace" in shading:
                    seen.spaces.add(self.space(shading["/ColorSpace"], resources))
            elif operator == "Tf" and operands:
                state = replace(state, font=self.font(resources, operands[0], seen))
            elif operator in ("Tj", "'", '"', "TJ") and operands:
                if _rich_black(state.cmyk):
                    seen.rich_black += 1
                if state.font is not None and (state.font.cids or state.font.replacements()):
                    text = operands[-1]         # (else nothing to count in the text)
                    if operator == "TJ":
                        # strings and numbers: a string is a pikepdf.Object, a number an int or a Decimal
                        strings = [bytes(item) for item in text.as_list() if type(item) is pikepdf.Object] \
                            if isinstance(text, pikepdf.Array) else []
                    else:
                        strings = [bytes(text)] if isinstance(text, pikepdf.String) else []
                    self.text(state.font, strings, seen)
            elif operator == "Do" and operands:
                self.xobject(operands[0], resources, state, seen, inside)
            elif operator == "INLINE IMAGE":     # BI … ID … EI, its keys and values written in full
                self.image(operands[0].obj, resources, state, seen)

    def xobject(self, name, resources, state: _State, seen: _Seen, inside: tuple) -> None:
        xobject = _get(_get(resources, "/XObject"), name)
        if not isinstance(xobject, pikepdf.Stream):
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self.image(xobject, resources, state, seen)
        elif subtype == "/Form" and _key(xobject) not in inside and len(inside) < MAX_DEPTH:
            group = _get(xobject, "/Group")
            if _is_dictionary(group) and "/CS" in group:
                seen.blend.add(self.space(group["/CS"], resources))
            matrix = tuple(_number(v) for v in (_get(xobject, "/Matrix") or IDENTITY))
            self.stream(xobject, _get(xobject, "/Resources") or resources,
                        replace(state, ctm=_multiply(matrix, state.ctm)), seen, inside + (_key(xobject),))

    def pattern(self, name, resources, base, seen: _Seen, inside: tuple) -> None:
        pattern = _get(_get(resources, "/Pattern"), name)
        if not _is_dictionary(pattern):
            return
        matrix = tuple(_number(v) for v in (_get(pattern, "/Matrix") or IDENTITY))
        if pattern.get("/PatternType") == 2:
            shading = _get(pattern, "/Shading")
            if _is_dictionary(shading) and "/ColorSpace" in shading:
                seen.spaces.add(self.space(shading["/ColorSpace"], resources))
        elif _key(pattern) not in inside and len(inside) < MAX_DEPTH and isinstance(pattern, pikepdf.Stream):
            self.stream(pattern, _get(pattern, "/Resources") or {}, _State(ctm=_multiply(matrix, base)), seen,
                        inside + (_key(pattern),))

    def image(self, image, resources, state: _State, seen: _Seen) -> None:
        """An image drawn in the unit square of the current matrix: an image XObject, or an inline image's
        settings (as pikepdf gives them, /W written /Width, /RGB /DeviceRGB, …)."""
        a, b, c, d = state.ctm[:4]
        if image.get("/ImageMask"):
            label = "stencil mask"
        elif "/ColorSpace" in image:
            label = self.space(image["/ColorSpace"], resources)
        else:
            label = "JPEG 2000's own"
        seen.images.append(_Image((int(image.get("/Width", 0)), int(image.get("/Height", 0))),
                                  (math.hypot(a, b), math.hypot(c, d)), label))

    def space(self, value, resources, depth: int = 0) -> str:
        """A colour space's plain name: DeviceRGB, ICC CMYK, Indexed DeviceRGB, spot colour Gold, …"""
        if isinstance(value, pikepdf.Name):
            name = str(value)
            name = SHORT_NAMES.get(name, name)
            if name in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern"):
                return name[1:]
            named = _get(_get(resources, "/ColorSpace"), name)
            if named is not None and depth < 4:
                return self.space(named, resources, depth + 1)
            return name.lstrip("/")
        if isinstance(value, pikepdf.Array) and len(value):
            family = str(value[0])
            family = SHORT_NAMES.get(family, family)
            if family == "/ICCBased" and len(value) > 1:
                components = _get(value[1], "/N")
                return {1: "ICC gray", 3: "ICC RGB", 4: "ICC CMYK"}.get(components, f"ICC {components} components")
            if family == "/Indexed" and len(value) > 1 and depth < 4:
                return "Indexed " + self.space(value[1], resources, depth + 1)
            if family == "/Separation" and len(value) > 1:
                return f"spot colour {str(value[1]).lstrip('/')}"
            if family in ("/Pattern", "/DeviceN"):
                return family[1:]
            return family.lstrip("/")
        return "unknown"

    def font(self, resources, name, seen: _Seen) -> _Font | None:
        font = _get(_get(resources, "/Font"), name)
        if not _is_dictionary(font):
            return None
        key = _key(font)
        if key not in self.fonts:
            self.fonts[key] = _read_font(font)
        seen.fonts[key] = self.fonts[key]
        return self.fonts[key]

    def text(self, font: _Font, strings: list[bytes], seen: _Seen) -> None:
        if not font.cids:
            if font.replacements():
                seen.replacements += sum(code in font.lost for code in b"".join(strings))
            return
        if any(map((1).__and__, map(len, strings))):
            strings = [string[:len(string) & ~1] for string in strings]       # an odd last byte is no code
        codes = array("H", b"".join(strings))                                # 2-byte codes, big-endian
        if sys.byteorder == "little":
            codes.byteswap()
        seen.glyphs += len(codes)
        if font.replacements():
            seen.replacements += sum(code in font.lost for code in codes)
        if font.drawn.issuperset(codes):
            return
        for code in codes:
            if code in font.drawn:
                continue
            if font.has(code):
                font.drawn.add(code)
            else:
                seen.missing.setdefault(font.name, []).append(font.char(code))


def _read_font(font) -> _Font:
    subtype = str(font.get("/Subtype", ""))
    name = str(font.get("/BaseFont", "(unnamed)")).lstrip("/")
    name = name.split("+", 1)[1] if re.match(r"[A-Z]{6}\+", name) else name
    target = font
    if subtype == "/Type0":
        descendants = _get(font, "/DescendantFonts")
        target = descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else {}
    descriptor = _get(target, "/FontDescriptor")
    files = [key for key in FONT_FILES if _is_dictionary(descriptor) and key in descriptor]
    embedded = subtype == "/Type3" or bool(files)
    encoding = _get(font, "/Encoding")
    cmap = _cid_map(encoding) if subtype == "/Type0" and isinstance(encoding, pikepdf.Stream) else None
    identity = isinstance(encoding, pikepdf.Name) and str(encoding) in ("/Identity-H", "/Identity-V")
    cids = subtype == "/Type0" and (identity or bool(cmap))
    gids = _get(target, "/CIDToGIDMap")
    glyph_count = None
    if files and files[0] in ("/FontFile2", "/FontFile3") and _get(target, "/Subtype") != "/CIDFontType0":
        program = _get(descriptor, files[0])
        glyph_count = _glyph_count(program.read_bytes()) if isinstance(program, pikepdf.Stream) else None
    return _Font(name, subtype.lstrip("/"), embedded, cids, cmap,
                 gids.read_bytes() if isinstance(gids, pikepdf.Stream) else None, glyph_count, font)


def _glyph_count(data: bytes) -> int | None:
    """numGlyphs from a TrueType or OpenType font's maxp table; None for other formats."""
    if len(data) < 12 or data[:4] not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        return None
    for i in range(int.from_bytes(data[4:6], "big")):
        record = data[12 + 16 * i:28 + 16 * i]
        if record[:4] == b"maxp":
            offset = int.from_bytes(record[8:12], "big")
            return int.from_bytes(data[offset + 4:offset + 6], "big") or None
    return None


def _cid_map(stream) -> dict[int, int] | None:
    """An embedded CMap with 2-byte codes as code → CID (its cidchar and cidrange entries); None for any other
    CMap.  WeasyPrint writes one when a character has no glyph, mapping its code to CID 0."""
    text = stream.read_bytes().decode("latin-1")
    spaces = re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", "".join(
        re.findall(r"begincodespacerange(.*?)endcodespacerange", text, re.S)))
    if not spaces or "usecmap" in text or any(len(low) != 4 or len(high) != 4 for low, high in spaces):
        return None
    table: dict[int, int] = {}
    for block in re.findall(r"begincidchar(.*?)endcidchar", text, re.S):
        for code, cid in re.findall(r"<([0-9A-Fa-f]+)>\s*(\d+)", block):
            table[int(code, 16)] = int(cid)
    for block in re.findall(r"begincidrange(.*?)endcidrange", text, re.S):
        for low, high, cid in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)", block):
            for code in range(int(low, 16), min(int(high, 16), 0xFFFF) + 1):
                table[code] = int(cid) + code - int(low, 16)
    return table


def _to_unicode(stream) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries: code → text."""
    if not isinstance(stream, pikepdf.Stream):
        return {}
    text = stream.read_bytes().decode("latin-1")
    table: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            table[int(code, 16)] = _utf16(target)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])",
                                            block):
            low, high = int(low, 16), int(high, 16)
            if target.startswith("["):
                for i, each in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", target)):
                    table[low + i] = _utf16(each)
            else:
                start, width = int(target[1:-1] or "0", 16), len(target) - 2
                for i in range(min(high - low + 1, 0x10000)):
                    table[low + i] = _utf16(f"{start + i:0{width}x}")
    return table


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", "replace") if len(hex_text) % 4 == 0 else ""


def _get(mapping, key, default=None):
    """mapping[key] (pikepdf follows indirect references); ``default`` when absent or when ``mapping`` is no
    dictionary."""
    if not _is_dictionary(mapping):
        return default
    value = mapping.get(key)
    return default if value is None else value


def _is_dictionary(value) -> bool:
    """A dictionary or a stream (whose dictionary ``get`` reads), pikepdf's or plain."""
    return isinstance(value, (pikepdf.Dictionary, pikepdf.Stream, dict))


def _number(value) -> float:
    """An operand or array item as a float; 0 for what is no number (a malformed PDF)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _key(obj):
    """What tells objects apart: an indirect object's number and generation, a direct one's text."""
    return obj.objgen if obj.is_indirect else hash(obj.unparse())


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix m × n, PDF's row-vector convention (m applies first)."""
    return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5])


# The page boxes ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Boxes:
    media: tuple[float, float, float, float]
    bleed: tuple[float, float, float, float]
    trim: tuple[float, float, float, float]
    trim_set: bool
    turned: bool                     # /Rotate 90 or 270: width and height swap on the press

    @classmethod
    def of(cls, page: pikepdf.Page) -> _Boxes:
        """The boxes as a printer reads them: BleedBox and TrimBox default to the CropBox, then the MediaBox."""
        rotate = page.obj.get("/Rotate", 0)
        return cls(_rect(page.mediabox), _rect(page.bleedbox), _rect(page.trimbox), "/TrimBox" in page.obj,
                   (rotate if isinstance(rotate, int) else 0) % 180 == 90)

    def size(self, box: tuple[float, float, float, float]) -> tuple[float, float]:
        width, height = box[2] - box[0], box[3] - box[1]
        return (height, width) if self.turned else (width, height)


def _our_boxes(data: bytes) -> list[_Boxes] | None:
    """The pages' boxes of a PDF the build joined; None if it cannot be read."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return [_Boxes.of(page) for page in pdf.pages]
    except (pikepdf.PdfError, ValueError, TypeError):
        return None


def _rect(rectangle) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in rectangle)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _inside(inner, outer) -> bool:
    return (inner[0] >= outer[0] - TOLERANCE and inner[1] >= outer[1] - TOLERANCE
            and inner[2] <= outer[2] + TOLERANCE and inner[3] <= outer[3] + TOLERANCE)


def _margins(inner, outer) -> tuple[float, float, float, float]:
    """How far ``outer`` reaches beyond ``inner``: left, bottom, right, top, in pt."""
    return inner[0] - outer[0], inner[1] - outer[1], outer[2] - inner[2], outer[3] - inner[3]


# The checks -------------------------------------------------------------------------------------------------


def _fonts(seen: list[_Seen]) -> list[Finding]:
    used: dict[object, tuple[_Font, list[int]]] = {}
    for number, page in enumerate(seen, 1):
        for key, font in page.fonts.items():
            used.setdefault(key, (font, []))[1].append(number)
    missing = [(font, pages) for font, pages in used.values() if not font.embedded]
    if not missing:
        detail = "no text, no fonts" if not used else "1 font embedded" if len(used) == 1 else \
            f"all {len(used)} fonts embedded"
        return [Finding("fonts", True, detail)]
    return [Finding("fonts", False, f"{font.name} ({font.subtype}) not embedded, used on {_pages(pages)}")
            for font, pages in sorted(missing, key=lambda item: (item[1][0], item[0].name))]


def _boxes(boxes: list[_Boxes], expect: Expect) -> list[Finding]:
    if not boxes:
        return [Finding("boxes", False, "no pages")]
    findings = []
    for name, which in (("trim", lambda b: b.trim), ("MediaBox", lambda b: b.media)):
        sizes = _pages_by(boxes, lambda b: _size_mm(b.size(which(b))))
        if len(sizes) > 1:
            findings.append(Finding("boxes", False, "page sizes differ: " + ", ".join(
                f"{size} mm {name} on {_pages(pages)}" for size, pages in sizes.items())))
    first = boxes[0]
    wanted = (expect.trim[0] * MM, expect.trim[1] * MM) if expect.trim is not None else None
    if not findings:
        trim = f"TrimBox {_size_mm(first.size(first.trim))} mm"
        if wanted is not None and not _differs(first.size(first.trim), wanted):
            trim += " as expected"
        if not first.trim_set:
            trim += " (not set: taken from the CropBox or MediaBox)"
        inset = _margins(first.trim, first.media)
        if max(abs(v) for v in inset) >= TOLERANCE:
            trim += (f", {_mm(inset[0])} mm inside the MediaBox on every side" if max(inset) - min(inset) < TOLERANCE
                     else f", inside the MediaBox by {', '.join(_mm(v) for v in inset)} mm (left, bottom, right, top)")
        findings.append(Finding("boxes", True, f"{_count(len(boxes), 'page')}: MediaBox "
                                               f"{_size_mm(first.size(first.media))} mm, BleedBox "
                                               f"{_size_mm(first.size(first.bleed))} mm, {trim}"))
    for problem, pages in _pages_by(boxes, _nesting).items():
        if problem:
            findings.append(Finding("boxes", False, f"{_pages(pages)}: {problem}"))
    if wanted is not None:
        wrong = _pages_by(boxes, lambda b: _size_mm(b.size(b.trim)) if _differs(b.size(b.trim), wanted) else "")
        for size, pages in wrong.items():
            if size:
                findings.append(Finding("boxes", False, f"{_pages(pages)}: TrimBox is {size} mm, "
                                                        f"expected {_size_mm(wanted)} mm"))
    return findings


def _nesting(boxes: _Boxes) -> str:
    if not _inside(boxes.trim, boxes.bleed):
        return "the TrimBox reaches outside the BleedBox"
    if not _inside(boxes.bleed, boxes.media):
        return "the BleedBox reaches outside the MediaBox"
    return ""


def _bleed(boxes: list[_Boxes], expect: Expect) -> list[Finding]:
    if not boxes:
        return [Finding("bleed", False, "no pages")]
    if not expect.bleed:
        # pages that bleed (a BleedBox beyond the trim) need the room for it on the sheet (the MediaBox)
        cramped = _pages_by(boxes, lambda b: "" if all(room >= bleed - TOLERANCE for room, bleed in zip(
            _margins(b.trim, b.media), _margins(b.trim, b.bleed))) else
            f"the pages bleed ({_describe_bleed(_margins(b.trim, b.bleed))}) but the MediaBox leaves "
            f"{_describe_bleed(_margins(b.trim, b.media))} beyond the trim: the sheet has no room for the bleed")
        if any(cramped):
            return [Finding("bleed", False, f"{_pages(pages)}: {problem}") for problem, pages in cramped.items()
                    if problem]
        found = _pages_by(boxes, lambda b: _describe_bleed(_margins(b.trim, b.bleed)))
        return [Finding("bleed", True, "; ".join(f"{text} on {_pages(pages)}" if len(found) > 1 else text
                                                 for text, pages in found.items()))]
    need = expect.bleed * MM
    findings = []
    for number, b in enumerate(boxes, 1):
        bleed, room = _margins(b.trim, b.bleed), _margins(b.trim, b.media)
        if min(bleed) < need - TOLERANCE:
            findings.append((f"{_describe_bleed(bleed)} (BleedBox), needs {_mm(need)} mm", number))
        elif min(room) < need - TOLERANCE:
            findings.append((f"the MediaBox leaves {_describe_bleed(room)} beyond the trim, too little for the "
                             f"{_mm(need)} mm bleed", number))
    if not findings:
        return [Finding("bleed", True, f"{_mm(need)} mm bleed on every side, within the MediaBox, "
                                       f"on every page")]
    grouped: dict[str, list[int]] = {}
    for problem, number in findings:
        grouped.setdefault(problem, []).append(number)
    return [Finding("bleed", False, f"{_pages(pages)}: {problem}") for problem, pages in grouped.items()]


def _describe_bleed(margins) -> str:
    if max(margins) < TOLERANCE:
        return "no bleed"
    if max(margins) - min(margins) < TOLERANCE:
        return f"{_mm(min(margins))} mm bleed on every side"
    return f"bleed {', '.join(_mm(v) for v in margins)} mm (left, bottom, right, top)"


def _pages(numbers) -> str:
    """'page 3', 'pages 1–4, 7'."""
    numbers = sorted(set(numbers))
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    text = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)
    return ("page " if len(numbers) == 1 else "pages ") + text


def _page_count(count: int, expect: Expect) -> list[Finding]:
    if count == 0:
        return [Finding("pages", False, "no pages")]
    if expect.multiple_of <= 1:
        return [Finding("pages", True, _count(count, "page"))]
    if count % expect.multiple_of:
        short = -count % expect.multiple_of
        return [Finding("pages", False, f"{_count(count, 'page')}, not a multiple of {expect.multiple_of}: add "
                                        f"{_count(short, 'blank page')} or remove {count % expect.multiple_of}")]
    return [Finding("pages", True, f"{_count(count, 'page')}, a multiple of {expect.multiple_of}")]


def _images(seen: list[_Seen], expect: Expect) -> list[Finding]:
    findings, lowest, count = [], None, 0
    for number, page in enumerate(seen, 1):
        for image in page.images:
            if min(image.placed) < 0.01 or min(image.pixels) < 1:
                continue
            count += 1
            dpi = (image.pixels[0] / (image.placed[0] / 72), image.pixels[1] / (image.placed[1] / 72))
            if lowest is None or min(dpi) < lowest[0]:
                lowest = (min(dpi), number)
            if round(min(dpi)) < expect.min_dpi:
                shown = (f"{round(dpi[0])} dpi" if abs(dpi[0] - dpi[1]) < 1
                         else f"{round(dpi[0])}×{round(dpi[1])} dpi")
                detail = (f"page {number}: image {image.pixels[0]}×{image.pixels[1]} px shown at "
                          f"{_size_mm(image.placed)} mm: {shown}, needs {expect.min_dpi}")
                if Finding("images", False, detail) not in findings:
                    findings.append(Finding("images", False, detail))
    if findings:
        return findings
    if lowest is None:
        return [Finding("images", True, "no images")]
    return [Finding("images", True, f"{_count(count, 'image')}, lowest {round(lowest[0])} dpi "
                                    f"(page {lowest[1]}), needs {expect.min_dpi}")]


def _colour(seen: list[_Seen], expect: Expect) -> list[Finding]:
    content = _by_label((n, page.spaces) for n, page in enumerate(seen, 1))
    images = _by_label((n, [i.space for i in page.images]) for n, page in enumerate(seen, 1))
    blend = _by_label((n, page.blend) for n, page in enumerate(seen, 1))
    if not expect.cmyk:
        parts = [f"{what} {', '.join(sorted(found))}" for what, found in
                 (("page content", content), ("images", images), ("transparency groups", blend)) if found]
        return [Finding("colour", True, "; ".join(parts) or "no colour set (black by default)")]
    findings = []
    for label, pages in content.items():
        if _is_rgb(label):
            findings.append(Finding("colour", False, f"{_pages(pages)}: RGB colour in the page content ({label})"))
    for label, pages in images.items():
        if _is_rgb(label):
            count = sum(1 for page in seen for image in page.images if image.space == label)
            findings.append(Finding("colour", False, f"{_pages(pages)}: {_count(count, 'RGB image')} ({label})"))
    for label, pages in blend.items():
        if _is_rgb(label):
            findings.append(Finding("colour", False, f"{_pages(pages)}: transparency blends in {label}"))
    rich = [number for number, page in enumerate(seen, 1) if page.rich_black]
    if rich:
        runs = sum(seen[number - 1].rich_black for number in rich)
        findings.append(Finding("colour", False, f"{_pages(rich)}: {_count(runs, 'text run')} in four-colour black "
                                                 "(C, M and Y under K): set black text in K only"))
    if findings:
        return findings
    used = sorted(set(content) | set(images))
    return [Finding("colour", True, (f"no RGB: {', '.join(used)}" if used else "no RGB: no colour set")
                    + "; no text in four-colour black")]


def _by_label(pages_and_labels) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for number, labels in pages_and_labels:
        for label in labels:
            if number not in found.setdefault(label, []):
                found[label].append(number)
    return found


def _is_rgb(label: str) -> bool:
    return label.removeprefix("Indexed ") in RGB_SPACES


def _glyphs(seen: list[_Seen], replacements: list[int]) -> list[Finding]:
    missing: dict[str, tuple[list[int], list[str]]] = {}
    for number, page in enumerate(seen, 1):
        for font, codes in page.missing.items():
            pages, all_codes = missing.setdefault(font, ([], []))
            pages.append(number)
            all_codes.extend(codes)
    findings = []
    for font, (pages, codes) in missing.items():
        shown = list(dict.fromkeys(codes))
        more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
        findings.append(Finding("glyphs", False, f"{_pages(pages)}: {_count(len(codes), 'glyph')} missing from "
                                                 f"{font}, drawn as .notdef: {', '.join(shown[:8])}{more}"))
    unknown = [number for number, count in enumerate(replacements, 1) if count]
    if unknown:
        findings.append(Finding("glyphs", False, f"{_pages(unknown)}: {sum(replacements)} U+FFFD (replacement "
                                                 "character) in the text, where a character was lost"))
    if findings:
        return findings
    checked = sum(page.glyphs for page in seen)
    return [Finding("glyphs", True, f"no missing glyphs: {checked} glyphs of CID fonts checked, no U+FFFD in "
                                    "the text")]


def _pages_by(boxes: list[_Boxes], key) -> dict[str, list[int]]:
    """Page numbers grouped by ``key(boxes)``, in order of first appearance."""
    grouped: dict[str, list[int]] = {}
    for number, each in enumerate(boxes, 1):
        grouped.setdefault(key(each), []).append(number)
    return grouped


def _differs(size: tuple[float, float], wanted: tuple[float, float]) -> bool:
    return abs(size[0] - wanted[0]) > TOLERANCE or abs(size[1] - wanted[1]) > TOLERANCE


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _mm(points: float) -> str:
    text = f"{points / MM:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _size_mm(size: tuple[float, float]) -> str:
    return f"{_mm(size[0])}×{_mm(size[1])}"
