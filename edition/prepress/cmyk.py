"""The print-cmyk profile: a PDF/X-4 converted to CMYK by Ghostscript, black text kept on the black plate.

    0 0 0 rg (WeasyPrint's black)  →  0 g  →  Ghostscript  →  K only (DeviceGray, printed on the black plate)
    0.267 0.267 0.267 RG (a grey rule)  →  0.267 G  →  K 73 % only
    0.478 0.122 0.106 rg (a cover's red) →  Ghostscript  →  C, M, Y and K (through the ICC profiles)

Ghostscript's pdfwrite converts RGB through ICC profiles, which makes
RGB black four-colour black (C 72 M 68 Y 67 K 88 with its default CMYK
profile): text in it would print blurred by the plates' registration and
soak the paper.  So black and the neutral greys (red, green and blue
equal) are first written as DeviceGray (``0 g``), which Ghostscript
leaves as it is and a CMYK press prints on the black plate alone;
everything else goes through the profiles.  Ghostscript keeps
the pages, their boxes (moved so that the MediaBox starts at 0), the
outline, the page labels and the links (as explicit destinations), and
drops or replaces the rest, which is put back from the file it converted:
the document information (its dates were the clock's), the XMP metadata
(which names the file PDF/X-4), the language and the page mode; the output
intent becomes Ghostscript's CMYK profile, the one it converted to.  What
is not kept: the named destinations (links into the file from outside by
name), and a structure tree (the print profiles are not tagged).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf

from edition.messages import BuildFailed, message
from edition.processes import end_with_parent

#: where Debian's ghostscript package keeps the CMYK profile its conversion uses by default
PROFILE_FOLDERS = (Path("/usr/share/color/icc/ghostscript"), Path("/usr/share/ghostscript/iccprofiles"),
                   Path("/opt/homebrew/share/ghostscript/iccprofiles"),
                   Path("/usr/local/share/ghostscript/iccprofiles"))
PROFILE = "default_cmyk.icc"
CONDITION = "Ghostscript default CMYK (default_cmyk.icc)"
KEPT = ("/Metadata", "/Lang", "/PageMode", "/ViewerPreferences")
SECONDS = 600            # no conversion of a book takes this long


def ghostscript() -> str | None:
    """The Ghostscript command, or None where it is not installed."""
    return shutil.which("gs")


def require() -> None:
    """Raise BuildFailed (b-008, saying what to install) when Ghostscript or its CMYK profile is missing."""
    if ghostscript() is None:
        raise BuildFailed(message("b-008", what="Ghostscript ('gs' is not on PATH)"))
    if cmyk_profile() is None:
        raise BuildFailed(message("b-008", what=f"Ghostscript's CMYK profile ({PROFILE} in none of "
                                                f"{', '.join(str(p) for p in PROFILE_FOLDERS)})"))


def cmyk_profile() -> Path | None:
    for folder in PROFILE_FOLDERS:
        if (folder / PROFILE).is_file():
            return folder / PROFILE
    return None


def convert(path: Path) -> None:
    """Convert the PDF at ``path`` to CMYK in place (see the module's docstring); the same file, the same bytes."""
    require()
    profile = cmyk_profile()
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        gray, converted = Path(folder) / "gray.pdf", Path(folder) / "cmyk.pdf"
        with pikepdf.open(path) as source:
            neutral_as_gray(source)
            source.save(gray)
        command = [ghostscript(), "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
                   "-sColorConversionStrategy=CMYK", "-sProcessColorModel=DeviceCMYK",
                   f"-sOutputICCProfile={profile}", "-dAutoRotatePages=/None",
                   "-dAutoFilterColorImages=false", "-dColorImageFilter=/FlateEncode",
                   "-dAutoFilterGrayImages=false", "-dGrayImageFilter=/FlateEncode",
                   "-dDownsampleColorImages=false", "-dDownsampleGrayImages=false", "-dDownsampleMonoImages=false",
                   f"-sOutputFile={converted}", str(gray)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS,
                                  preexec_fn=end_with_parent)
        except subprocess.TimeoutExpired:
            raise BuildFailed(message("b-002", format=f"CMYK version of {path.name}",
                                      problem=f"Ghostscript took more than {SECONDS} s"))
        if done.returncode or not converted.is_file():
            problem = (done.stderr or done.stdout).strip().splitlines()
            raise BuildFailed(message("b-002", format=f"CMYK version of {path.name}",
                                      problem=f"Ghostscript ended with exit code {done.returncode}: "
                                              f"{problem[-1] if problem else 'no message'}"))
        with pikepdf.open(path) as original, pikepdf.open(converted) as made:
            restore(original, made, profile.read_bytes())
            made.save(path, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def neutral_as_gray(pdf: pikepdf.Pdf) -> int:
    """Rewrite RGB black and greys (``0 0 0 rg``, ``0.2 0.2 0.2 RG``: red, green and blue equal) as DeviceGray
    (``0 g``, ``0.2 G``) in every page's content and every form it draws; returns how many were rewritten."""
    done: set = set()
    count = 0

    def rewrite(stream_owner, resources) -> None:
        nonlocal count
        instructions = []
        changed = False
        for operands, operator in pikepdf.parse_content_stream(stream_owner):
            name = str(operator)
            if name in ("rg", "RG") and len(operands) == 3 and float(operands[0]) == float(operands[1]) \
                    == float(operands[2]):
                operands, operator = [operands[0]], pikepdf.Operator("g" if name == "rg" else "G")
                changed = True
                count += 1
            instructions.append((operands, operator))
        if changed:
            data = pikepdf.unparse_content_stream(instructions)
            if isinstance(stream_owner, pikepdf.Page):
                stream_owner.obj.Contents = pdf.make_stream(data)
            else:
                stream_owner.write(data)
        forms = resources.get("/XObject", {}) if resources is not None else {}
        for key in list(forms.keys()):
            form = forms[key]
            if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == "/Form" and form.objgen not in done:
                done.add(form.objgen)
                rewrite(form, form.get("/Resources"))

    for page in pdf.pages:
        if "/Contents" in page.obj:
            rewrite(page, page.obj.get("/Resources"))
    return count


def restore(original: pikepdf.Pdf, made: pikepdf.Pdf, icc: bytes) -> None:
    """Put back into Ghostscript's ``made`` what it dropped from ``original``, and the CMYK output intent."""
    def copied(value):
        return made.copy_foreign(value) if isinstance(value, pikepdf.Object) and value.is_indirect else value

    if "/ID" in original.trailer:          # (Ghostscript's is random; the file's own is made from the edition)
        made.trailer.ID = pikepdf.Array([pikepdf.String(bytes(part)) for part in original.trailer.ID])
    made.docinfo = made.make_indirect(pikepdf.Dictionary())
    for key, value in original.docinfo.items():
        made.docinfo[key] = copied(value)
    for key in KEPT:
        if key in original.Root:
            made.Root[key] = copied(original.Root[key])
        elif key in made.Root:
            del made.Root[key]
    profile = made.make_stream(icc)
    profile.N = 4
    made.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX, OutputConditionIdentifier=pikepdf.String(CONDITION),
        Info=pikepdf.String(CONDITION), RegistryName=pikepdf.String(""), DestOutputProfile=profile)])
    for page in made.pages:
        if page.obj.get("/Rotate") == 0:
            del page.obj["/Rotate"]
