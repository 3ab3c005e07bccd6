"""PDF/X-4 (ISO 15930-7) preflight: the rules that can be checked by machine.

    findings = check_pdfx(pdf)               # an open pikepdf.Pdf
    report = add_pdfx(report, "book.pdf")   # a check_file report with the PDF/X findings too

Rule ids (clause "X-4" + what the rule is about):

version      pdfx-version-missing     XMP pdfxid:GTS_PDFXVersion is not "PDF/X-4..."
             pdfx-version-disagrees   Info /GTS_PDFXVersion differs from the XMP's
             pdfx-pdf-version         the file's PDF version is newer than 1.6
encryption   pdfx-encrypted           the file is encrypted (/Encrypt in the trailer)
trapped      pdfx-trapped             Info /Trapped is missing or neither /True nor /False
             pdfx-trapped-disagrees   XMP pdf:Trapped differs from Info /Trapped
output intent pdfx-output-intent      no (or more than one) GTS_PDFX output intent
             pdfx-output-condition    no OutputConditionIdentifier
             pdfx-output-profile      no embedded DestOutputProfile (X-4, not X-4p), or not ICC
             pdfx-profile-class       the profile's device class is not 'prtr' (output)
             pdfx-profile-components  /N of the profile stream differs from its colour space
boxes        pdfx-trim-box            a page has neither TrimBox nor ArtBox, or has both
             pdfx-box-nesting         TrimBox/ArtBox outside BleedBox, or a box outside MediaBox
colour       pdfx-colour-space        a device colour space the output intent does not
                                      describe (DeviceRGB with a CMYK intent, DeviceCMYK with
                                      an RGB one); DeviceGray is allowed with every intent
fonts        pdfx-font-not-embedded   a font (other than Type 3) without a font program

The checker never imports the writer: these rules read the file only.
"""
from __future__ import annotations

import re
from dataclasses import replace
from xml.parsers import expat

import pikepdf
from pikepdf import Name

from .findings import CheckerInputError, Finding, Report
from .pdfx_content import page_colours
from .xmp import parse_packet

CLAUSE = "X-4"
PDFX_NS = "http://www.npes.org/pdfx/ns/id/"
PDF_NS = "http://ns.adobe.com/pdf/1.3/"
ICC_SPACES = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4, b"Lab ": 3}
INTENT_DEVICE = {1: "DeviceGray", 3: "DeviceRGB", 4: "DeviceCMYK"}
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _f(rule: str, message: str, page: int | None = None, obj: int | None = None) -> Finding:
    return Finding(CLAUSE, rule, message, page=page, obj=obj)


def _xmp_values(pdf: pikepdf.Pdf) -> dict[str, str]:
    """pdfxid:GTS_PDFXVersion and pdf:Trapped from the XMP (as element or attribute)."""
    meta = pdf.Root.get("/Metadata")
    if not isinstance(meta, pikepdf.Stream):
        return {}
    try:
        packet = parse_packet(meta.read_bytes())
    except (expat.ExpatError, ValueError, pikepdf.PdfError):
        return {}
    if packet.unbound:  # not namespace-well-formed
        return {}
    wanted = {(PDFX_NS, "GTS_PDFXVersion"): "version", (PDF_NS, "Trapped"): "trapped"}
    found: dict[str, str] = {}
    for element in packet.root.iter():
        if (element.ns, element.name) in wanted and element.text:
            found[wanted[(element.ns, element.name)]] = element.text.strip()
        for attr in element.attributes:
            if (attr.ns, attr.name) in wanted:
                found[wanted[(attr.ns, attr.name)]] = attr.value.strip()
    return found


def check_identification(pdf: pikepdf.Pdf, header: bytes | None) -> list[Finding]:
    out = []
    xmp = _xmp_values(pdf)
    version = xmp.get("version", "")
    if not version.startswith("PDF/X-4"):
        out.append(_f("pdfx-version-missing", "The XMP metadata does not identify the file as "
                      f"PDF/X-4 (pdfxid:GTS_PDFXVersion is {version or 'missing'!r})"))
    info = pdf.trailer.get("/Info")
    info_version = info.get("/GTS_PDFXVersion") if isinstance(info, pikepdf.Dictionary) else None
    if info_version is not None and version and str(info_version) != version:
        out.append(_f("pdfx-version-disagrees", f"Info /GTS_PDFXVersion {str(info_version)!r} "
                      f"differs from the XMP's {version!r}"))
    declared = _pdf_version(pdf, header)
    if declared is not None and declared > (1, 6):
        out.append(_f("pdfx-pdf-version", f"PDF version {declared[0]}.{declared[1]}: PDF/X-4 "
                      "files are PDF 1.6 at most"))
    return out


def _pdf_version(pdf: pikepdf.Pdf, header: bytes | None) -> tuple[int, int] | None:
    """The header's version, or the catalog's /Version when that is newer."""
    found = None
    if header:
        m = re.match(rb"%PDF-(\d)\.(\d)", header)
        if m:
            found = (int(m.group(1)), int(m.group(2)))
    else:
        major, _, minor = pdf.pdf_version.partition(".")
        if major.isdigit() and minor[:1].isdigit():
            found = (int(major), int(minor[:1]))
    catalog = pdf.Root.get("/Version")
    if isinstance(catalog, pikepdf.Name):
        declared = re.match(r"/(\d)\.(\d)", str(catalog))
        if declared and (found is None or (int(declared.group(1)), int(declared.group(2))) > found):
            found = (int(declared.group(1)), int(declared.group(2)))
    return found


def check_encryption(pdf: pikepdf.Pdf) -> list[Finding]:
    if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
        return [_f("pdfx-encrypted", "The file is encrypted; PDF/X allows no encryption")]
    return []


def check_trapped(pdf: pikepdf.Pdf) -> list[Finding]:
    info = pdf.trailer.get("/Info")
    trapped = info.get("/Trapped") if isinstance(info, pikepdf.Dictionary) else None
    value = str(trapped).lstrip("/") if trapped is not None else None
    if value not in ("True", "False"):
        return [_f("pdfx-trapped", "Info /Trapped is " + (f"{value!r}" if value else "missing")
                   + "; PDF/X wants /True or /False")]
    xmp = _xmp_values(pdf).get("trapped")
    if xmp is not None and xmp != value:
        return [_f("pdfx-trapped-disagrees", f"XMP pdf:Trapped {xmp!r} differs from Info /Trapped {value!r}")]
    return []


def pdfx_intent(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    intents = pdf.Root.get("/OutputIntents")
    if not isinstance(intents, pikepdf.Array):
        return []
    return [i for i in intents if isinstance(i, pikepdf.Dictionary) and i.get("/S") == Name.GTS_PDFX]


def intent_components(pdf: pikepdf.Pdf) -> int | None:
    """The number of colour components of the PDF/X output profile (None: no usable one)."""
    intents = pdfx_intent(pdf)
    profile = intents[0].get("/DestOutputProfile") if len(intents) == 1 else None
    if not isinstance(profile, pikepdf.Stream):
        return None
    try:
        data = profile.read_bytes()
    except pikepdf.PdfError:
        return None
    return ICC_SPACES.get(data[16:20]) if len(data) >= 128 else None


def check_output_intent(pdf: pikepdf.Pdf) -> list[Finding]:
    intents = pdfx_intent(pdf)
    if len(intents) != 1:
        return [_f("pdfx-output-intent", f"{len(intents)} GTS_PDFX output intents; PDF/X needs exactly one")]
    intent, out = intents[0], []
    if not isinstance(intent.get("/OutputConditionIdentifier"), pikepdf.String) \
            or not str(intent.OutputConditionIdentifier):
        out.append(_f("pdfx-output-condition", "The PDF/X output intent has no OutputConditionIdentifier"))
    profile = intent.get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream):
        out.append(_f("pdfx-output-profile", "The PDF/X output intent embeds no DestOutputProfile "
                      "(PDF/X-4 embeds it; a reference alone is PDF/X-4p)"))
        return out
    try:
        data = profile.read_bytes()
    except pikepdf.PdfError as exc:
        return out + [_f("pdfx-output-profile", f"The output profile cannot be read ({exc})",
                         obj=profile.objgen[0])]
    if len(data) < 128 or data[36:40] != b"acsp":
        return out + [_f("pdfx-output-profile", "The output profile is not an ICC profile",
                         obj=profile.objgen[0])]
    if data[12:16] != b"prtr":
        out.append(_f("pdfx-profile-class", f"The output profile's class is "
                      f"{data[12:16].decode('latin-1')!r}, not an output device profile ('prtr')",
                      obj=profile.objgen[0]))
    components = ICC_SPACES.get(data[16:20])
    n = profile.get("/N")
    if components is None or not isinstance(n, int) or int(n) != components:
        out.append(_f("pdfx-profile-components", f"The output profile's data colour space "
                      f"{data[16:20].decode('latin-1').strip()!r} does not match its /N {n}",
                      obj=profile.objgen[0]))
    return out


def _box(page: pikepdf.Page, key: str) -> tuple[float, float, float, float] | None:
    value = page.obj.get(key)
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):  # not numbers
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _inside(inner, outer, tolerance: float = 0.01) -> bool:
    return (outer[0] - tolerance <= inner[0] and outer[1] - tolerance <= inner[1]
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def check_boxes(pdf: pikepdf.Pdf) -> list[Finding]:
    out = []
    for number, page in enumerate(pdf.pages, start=1):
        media = _box(page, "/MediaBox")
        trim, art, bleed = (_box(page, k) for k in ("/TrimBox", "/ArtBox", "/BleedBox"))
        has_trim, has_art = "/TrimBox" in page.obj, "/ArtBox" in page.obj
        if has_trim == has_art:
            out.append(_f("pdfx-trim-box", "The page has " + ("neither TrimBox nor ArtBox" if not has_trim
                          else "both TrimBox and ArtBox") + "; PDF/X wants one of them", page=number))
        for name in ("/TrimBox", "/ArtBox", "/BleedBox"):
            if name in page.obj and _box(page, name) is None:
                out.append(_f("pdfx-box-nesting", f"The {name[1:]} is not an array of four numbers",
                              page=number))
        finished = trim or art
        if finished is not None and bleed is not None and not _inside(finished, bleed):
            out.append(_f("pdfx-box-nesting", f"The {'TrimBox' if trim else 'ArtBox'} extends beyond "
                          "the BleedBox", page=number))
        for name, box in (("TrimBox", trim), ("ArtBox", art), ("BleedBox", bleed)):
            if media is not None and box is not None and not _inside(box, media):
                out.append(_f("pdfx-box-nesting", f"The {name} extends beyond the MediaBox", page=number))
    return out


def check_colour_spaces(pdf: pikepdf.Pdf) -> list[Finding]:
    """Device colour spaces against the output intent's (without a usable intent, the
    output intent rules have said so already)."""
    components = intent_components(pdf)
    if components not in INTENT_DEVICE:
        return []
    allowed = {"DeviceGray", INTENT_DEVICE[components]}
    out = []
    for page in page_colours(pdf):
        for space in sorted(page.spaces - allowed):
            what = {4: "a CMYK", 3: "an RGB", 1: "a gray"}[components]
            out.append(_f("pdfx-colour-space", f"{space} is used, but the output intent is {what} "
                          "profile: convert it to the output condition's colour space", page=page.number))
    return out


def check_fonts_embedded(pdf: pikepdf.Pdf) -> list[Finding]:
    out, seen = [], set()
    for number, page in enumerate(pdf.pages, start=1):
        for font in _fonts(page.obj.get("/Resources"), set()):
            if font.objgen in seen and font.objgen != (0, 0):
                continue
            seen.add(font.objgen)
            subtype = font.get("/Subtype")
            if subtype == Name.Type3:
                continue
            target = font
            if subtype == Name.Type0:
                descendants = font.get("/DescendantFonts")
                target = (descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants)
                          else None)
            descriptor = target.get("/FontDescriptor") if target is not None else None
            if not isinstance(descriptor, pikepdf.Dictionary) or not any(k in descriptor for k in FONT_FILES):
                out.append(_f("pdfx-font-not-embedded", f"The font {font.get('/BaseFont', '?')} is not "
                              "embedded", page=number, obj=font.objgen[0] or None))
    return out


def _fonts(resources, seen: set, depth: int = 0):
    if not isinstance(resources, pikepdf.Dictionary) or depth > 12:
        return
    for font in (resources.get("/Font") or {}).values():
        if isinstance(font, pikepdf.Dictionary):
            yield font
    for xobject in (resources.get("/XObject") or {}).values():
        if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == Name.Form \
                and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _fonts(xobject.get("/Resources"), seen, depth + 1)


def check_pdfx(pdf: pikepdf.Pdf, header: bytes | None = None) -> list[Finding]:
    """Every PDF/X-4 finding of an open file (``header``: its first bytes, for the version)."""
    findings: list[Finding] = []
    for rule in (check_encryption, check_trapped, check_output_intent, check_boxes,
                 check_colour_spaces, check_fonts_embedded):
        findings += rule(pdf)
    return check_identification(pdf, header) + findings


def add_pdfx(report: Report, path: str) -> Report:
    """``report`` (from check_file) with the PDF/X-4 findings of the file at ``path``."""
    from .document import open_pdf

    with open(path, "rb") as fh:
        header = fh.read(1024)
    try:
        with open_pdf(path) as pdf:
            extra = check_pdfx(pdf, header)
    except CheckerInputError:
        raise
    except (pikepdf.PdfError, ValueError, TypeError, AttributeError, LookupError,
            ArithmeticError, UnicodeError, RecursionError) as exc:
        # an object of the wrong type where a rule expects another: fail closed, one line
        raise CheckerInputError(f"{path}: could not be checked for PDF/X-4: "
                                f"{type(exc).__name__}: {exc}") from None
    return replace(report, findings=[*report.findings, *extra])


def press_summary(path: str) -> list[dict]:
    """Per page: the highest total ink coverage (per cent) and each placed image's
    effective resolution (ppi), for the build report."""
    from .document import open_pdf

    with open_pdf(path) as pdf:
        return [{"page": page.number, "max_ink": round(page.max_ink, 1),
                 "images": [{"name": image.name.lstrip("/"), "pixels": list(image.pixels),
                             "ppi": round(image.ppi)} for image in page.images]}
                for page in page_colours(pdf)]
