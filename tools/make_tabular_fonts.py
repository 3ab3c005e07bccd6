"""Make the body font's tabular-figure faces: fonts/AtkinsonHyperlegibleTabular-*.ttf.

ReportLab maps characters to glyphs through a font's cmap only and cannot apply an
OpenType feature, so the tabular figures of Atkinson Hyperlegible (its ``tnum`` feature:
zero.tf .. nine.tf, all one width) are out of its reach. Each derived face is the
original with the characters that ``tnum`` substitutes mapped, in every cmap subtable, to
the substituted glyphs, and renamed (family "Atkinson Hyperlegible Tabular"). Nothing
else changes: the glyphs, metrics, hinting and the other tables are the original's; the
digital signature (DSIG), which the change invalidates, is dropped.

The layout sets table cells in these faces (``pipeline.layout.fonts.tabular``); a fonts
folder without them, or a font without ``tnum``, keeps the font's own figures.

Reproducible: the same input files and fontTools version give the same bytes (the
original's head.created/modified are kept, no bounding box is recomputed). Run from the
repository root::

    .venv/bin/python tools/make_tabular_fonts.py            # writes the files
    .venv/bin/python tools/make_tabular_fonts.py --check    # exit 1 if they are not up to date
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
FAMILY = "Atkinson Hyperlegible"
DERIVED = "Atkinson Hyperlegible Tabular"
FACES = {  # original file stem -> derived file stem
    "AtkinsonHyperlegible-Regular": "AtkinsonHyperlegibleTabular-Regular",
    "AtkinsonHyperlegible-Italic": "AtkinsonHyperlegibleTabular-Italic",
    "AtkinsonHyperlegible-Bold": "AtkinsonHyperlegibleTabular-Bold",
    "AtkinsonHyperlegible-BoldItalic": "AtkinsonHyperlegibleTabular-BoldItalic",
}
NOTE = "; tabular figures by default (tools/make_tabular_fonts.py)"


def tnum_mapping(font: TTFont) -> dict[str, str]:
    """glyph -> tabular glyph, from the single substitutions of the font's ``tnum`` lookups
    (an extension lookup's too); empty when the font has no such feature."""
    if "GSUB" not in font:
        return {}
    gsub = font["GSUB"].table
    if not gsub.FeatureList:
        return {}
    indices = sorted({i for rec in gsub.FeatureList.FeatureRecord if rec.FeatureTag == "tnum"
                      for i in rec.Feature.LookupListIndex})
    mapping: dict[str, str] = {}
    for index in indices:
        lookup = gsub.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            if lookup.LookupType == 7:  # extension: the real subtable is inside
                sub = sub.ExtSubTable
            if getattr(sub, "LookupType", lookup.LookupType) == 1:
                for glyph, target in sub.mapping.items():
                    mapping.setdefault(glyph, target)
    return mapping


def _rename(font: TTFont, stem: str) -> None:
    """Family "Atkinson Hyperlegible" -> "Atkinson Hyperlegible Tabular" in every name
    record that carries it (family, full name, unique id, PostScript name, typographic
    family); the version string says what was changed."""
    ps_old = FAMILY.replace(" ", "")
    ps_new = DERIVED.replace(" ", "")
    for record in font["name"].names:
        text = record.toUnicode()
        if record.nameID in (1, 4, 16, 18, 21):
            new = text.replace(FAMILY, DERIVED, 1)
        elif record.nameID in (3, 6, 20):
            new = text.replace(ps_old, ps_new, 1)
        elif record.nameID == 5:
            new = text + NOTE
        else:
            continue
        record.string = new
    if font["name"].getDebugName(6) != stem:
        raise SystemExit(f"{stem}: unexpected PostScript name {font['name'].getDebugName(6)!r}")


def derive(source: Path, stem: str) -> bytes | None:
    """The derived face's bytes, or None when the font has no ``tnum`` feature."""
    font = TTFont(source, recalcBBoxes=False, recalcTimestamp=False)
    mapping = tnum_mapping(font)
    if not mapping:
        return None
    changed = 0
    for table in font["cmap"].tables:
        for code, glyph in list(table.cmap.items()):
            if glyph in mapping:
                table.cmap[code] = mapping[glyph]
                changed += 1
    if not changed:
        return None
    if "DSIG" in font:
        del font["DSIG"]
    _rename(font, stem)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fonts", type=Path, default=ROOT / "fonts", help="the fonts folder")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when a file is missing or differs")
    args = parser.parse_args(argv)
    stale = 0
    for original, stem in FACES.items():
        source = args.fonts / f"{original}.ttf"
        target = args.fonts / f"{stem}.ttf"
        data = derive(source, stem)
        if data is None:
            print(f"{source.name}: no tnum feature, no tabular face (the layout keeps its figures)")
            continue
        current = target.read_bytes() if target.is_file() else None
        if current == data:
            print(f"{target.name}: up to date")
        elif args.check:
            print(f"{target.name}: {'differs' if current else 'missing'}")
            stale += 1
        else:
            target.write_bytes(data)
            print(f"{target.name}: written ({len(data)} bytes)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
