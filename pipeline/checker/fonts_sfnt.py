"""A small reader for the TrueType (sfnt) tables the font rules need.

Only what 7.21 asks about: the cmap subtables (7.21.6, 7.21.8), advance widths
from hhea/hmtx scaled by head.unitsPerEm (7.21.5), the glyph count and which
glyphs have outlines (7.21.4.2 CIDSet). Tables are read lazily, each once.
Malformed data raises FontProgramError; callers treat that as "cannot tell".
"""
from __future__ import annotations

import struct


class FontProgramError(Exception):
    """The embedded font program cannot be read."""


class TrueTypeFont:
    def __init__(self, data: bytes) -> None:
        if len(data) < 12:
            raise FontProgramError("font program too short")
        tag = data[:4]
        if tag == b"ttcf":
            # A collection: use the first font (PDF embeds one font; be lenient).
            (offset,) = struct.unpack_from(">I", data, 12)
        else:
            offset = 0
        self.data = data
        self.sfnt_version = data[offset:offset + 4]
        (num_tables,) = struct.unpack_from(">H", data, offset + 4)
        self.tables: dict[bytes, tuple[int, int]] = {}
        for i in range(num_tables):
            rec = offset + 12 + 16 * i
            if rec + 16 > len(data):
                raise FontProgramError("truncated table directory")
            tag, _checksum, toff, tlen = struct.unpack_from(">4sIII", data, rec)
            self.tables[tag] = (toff, tlen)
        self._cmaps: dict[tuple[int, int], dict[int, int]] | None = None
        self._advances: list[int] | None = None
        self._loca: list[int] | None = None

    # -- basics ------------------------------------------------------------
    def table(self, tag: bytes) -> bytes | None:
        entry = self.tables.get(tag)
        if entry is None:
            return None
        off, length = entry
        if off + length > len(self.data):
            length = max(0, len(self.data) - off)
        return self.data[off:off + length]

    @property
    def is_cff(self) -> bool:
        return self.sfnt_version == b"OTTO" or b"CFF " in self.tables

    @property
    def units_per_em(self) -> int:
        head = self.table(b"head")
        if not head or len(head) < 54:
            return 1000
        (upem,) = struct.unpack_from(">H", head, 18)
        return upem or 1000

    @property
    def num_glyphs(self) -> int | None:
        maxp = self.table(b"maxp")
        if not maxp or len(maxp) < 6:
            return None
        return struct.unpack_from(">H", maxp, 4)[0]

    # -- widths ------------------------------------------------------------
    def advance(self, gid: int) -> float | None:
        """Advance width of a glyph in 1/1000 em, or None if unknown."""
        if self._advances is None:
            self._advances = self._read_hmtx()
        if not self._advances:
            return None
        adv = self._advances[gid] if gid < len(self._advances) else self._advances[-1]
        return adv * 1000.0 / self.units_per_em

    def _read_hmtx(self) -> list[int]:
        hhea, hmtx = self.table(b"hhea"), self.table(b"hmtx")
        if not hhea or not hmtx or len(hhea) < 36:
            return []
        (n,) = struct.unpack_from(">H", hhea, 34)
        n = min(n, len(hmtx) // 4)
        return [struct.unpack_from(">H", hmtx, 4 * i)[0] for i in range(n)]

    # -- glyph presence (for CIDSet) -------------------------------------------
    def has_outline(self, gid: int) -> bool:
        """True if glyph gid exists and has data in 'glyf' (an empty glyph is absent)."""
        n = self.num_glyphs
        if n is None or gid >= n:
            return False
        if self._loca is None:
            self._loca = self._read_loca()
        if not self._loca:
            return True  # no glyf/loca (CFF-flavoured): cannot tell, assume present
        if gid + 1 >= len(self._loca):
            return False
        return self._loca[gid + 1] > self._loca[gid]

    def _read_loca(self) -> list[int]:
        head, loca = self.table(b"head"), self.table(b"loca")
        if not head or not loca or len(head) < 54:
            return []
        (fmt,) = struct.unpack_from(">h", head, 50)
        if fmt == 0:
            return [2 * v for v in struct.unpack_from(">%dH" % (len(loca) // 2), loca)]
        return list(struct.unpack_from(">%dI" % (len(loca) // 4), loca))

    # -- cmap ----------------------------------------------------------------
    @property
    def cmap_ids(self) -> list[tuple[int, int]]:
        """(platform, encoding) of every cmap subtable, in table order."""
        cmap = self.table(b"cmap")
        if not cmap or len(cmap) < 4:
            return []
        (count,) = struct.unpack_from(">H", cmap, 2)
        ids = []
        for i in range(count):
            if 4 + 8 * i + 8 > len(cmap):
                break
            pid, eid, _off = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
            ids.append((pid, eid))
        return ids

    def cmap(self, platform: int, encoding: int) -> dict[int, int] | None:
        """The mapping code -> glyph id of one subtable, or None if absent."""
        if self._cmaps is None:
            self._cmaps = {}
            cmap = self.table(b"cmap") or b""
            for i, key in enumerate(self.cmap_ids):
                (off,) = struct.unpack_from(">I", cmap, 4 + 8 * i + 4)
                if key not in self._cmaps:
                    try:
                        self._cmaps[key] = _read_subtable(cmap, off)
                    except struct.error:
                        self._cmaps[key] = {}
        return self._cmaps.get((platform, encoding))


def _read_subtable(cmap: bytes, off: int) -> dict[int, int]:
    (fmt,) = struct.unpack_from(">H", cmap, off)
    out: dict[int, int] = {}
    if fmt == 0:
        for code, gid in enumerate(cmap[off + 6:off + 6 + 256]):
            if gid:
                out[code] = gid
    elif fmt == 4:
        (segx2,) = struct.unpack_from(">H", cmap, off + 6)
        seg = segx2 // 2
        ends = struct.unpack_from(">%dH" % seg, cmap, off + 14)
        starts = struct.unpack_from(">%dH" % seg, cmap, off + 16 + segx2)
        deltas = struct.unpack_from(">%dh" % seg, cmap, off + 16 + 2 * segx2)
        ro_pos = off + 16 + 3 * segx2
        offsets = struct.unpack_from(">%dH" % seg, cmap, ro_pos)
        for i in range(seg):
            start, end = starts[i], ends[i]
            if start > end or start == 0xFFFF:
                continue
            for code in range(start, end + 1):
                if offsets[i] == 0:
                    gid = (code + deltas[i]) & 0xFFFF
                else:
                    pos = ro_pos + 2 * i + offsets[i] + 2 * (code - start)
                    if pos + 2 > len(cmap):
                        continue
                    (gid,) = struct.unpack_from(">H", cmap, pos)
                    if gid:
                        gid = (gid + deltas[i]) & 0xFFFF
                if gid:
                    out[code] = gid
    elif fmt == 6:
        first, count = struct.unpack_from(">HH", cmap, off + 6)
        for i, gid in enumerate(struct.unpack_from(">%dH" % count, cmap, off + 10)):
            if gid:
                out[first + i] = gid
    elif fmt in (12, 13):
        (ngroups,) = struct.unpack_from(">I", cmap, off + 12)
        for i in range(min(ngroups, 100000)):
            start, end, gid0 = struct.unpack_from(">III", cmap, off + 16 + 12 * i)
            for code in range(start, min(end, start + 0x10000) + 1):
                gid = gid0 if fmt == 13 else gid0 + code - start
                if gid:
                    out[code] = gid
    return out
