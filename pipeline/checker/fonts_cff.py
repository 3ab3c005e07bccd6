"""A small reader for CFF font programs (FontFile3 /Type1C, /CIDFontType0C).

Enough for the font rules: glyph names or CIDs per glyph (the charset, for
7.21.4.2 CharSet/CIDSet and 7.21.8 .notdef), the built-in encoding, and glyph
advance widths from the Type 2 charstrings (7.21.5). Malformed data raises
FontProgramError.
"""
from __future__ import annotations

import struct

from .fonts_sfnt import FontProgramError

# The 391 standard strings of the Compact Font Format specification (Adobe TN 5176, Appendix A).
STANDARD_STRINGS = [".notdef", "space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand", "quoteright", "parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period", "slash", "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "colon", "semicolon", "less", "equal", "greater", "question", "at", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "bracketleft", "backslash", "bracketright", "asciicircum", "underscore", "quoteleft", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "braceleft", "bar", "braceright", "asciitilde", "exclamdown", "cent", "sterling", "fraction", "yen", "florin", "section", "currency", "quotesingle", "quotedblleft", "guillemotleft", "guilsinglleft", "guilsinglright", "fi", "fl", "endash", "dagger", "daggerdbl", "periodcentered", "paragraph", "bullet", "quotesinglbase", "quotedblbase", "quotedblright", "guillemotright", "ellipsis", "perthousand", "questiondown", "grave", "acute", "circumflex", "tilde", "macron", "breve", "dotaccent", "dieresis", "ring", "cedilla", "hungarumlaut", "ogonek", "caron", "emdash", "AE", "ordfeminine", "Lslash", "Oslash", "OE", "ordmasculine", "ae", "dotlessi", "lslash", "oslash", "oe", "germandbls", "onesuperior", "logicalnot", "mu", "trademark", "Eth", "onehalf", "plusminus", "Thorn", "onequarter", "divide", "brokenbar", "degree", "thorn", "threequarters", "twosuperior", "registered", "minus", "eth", "multiply", "threesuperior", "copyright", "Aacute", "Acircumflex", "Adieresis", "Agrave", "Aring", "Atilde", "Ccedilla", "Eacute", "Ecircumflex", "Edieresis", "Egrave", "Iacute", "Icircumflex", "Idieresis", "Igrave", "Ntilde", "Oacute", "Ocircumflex", "Odieresis", "Ograve", "Otilde", "Scaron", "Uacute", "Ucircumflex", "Udieresis", "Ugrave", "Yacute", "Ydieresis", "Zcaron", "aacute", "acircumflex", "adieresis", "agrave", "aring", "atilde", "ccedilla", "eacute", "ecircumflex", "edieresis", "egrave", "iacute", "icircumflex", "idieresis", "igrave", "ntilde", "oacute", "ocircumflex", "odieresis", "ograve", "otilde", "scaron", "uacute", "ucircumflex", "udieresis", "ugrave", "yacute", "ydieresis", "zcaron", "exclamsmall", "Hungarumlautsmall", "dollaroldstyle", "dollarsuperior", "ampersandsmall", "Acutesmall", "parenleftsuperior", "parenrightsuperior", "twodotenleader", "onedotenleader", "zerooldstyle", "oneoldstyle", "twooldstyle", "threeoldstyle", "fouroldstyle", "fiveoldstyle", "sixoldstyle", "sevenoldstyle", "eightoldstyle", "nineoldstyle", "commasuperior", "threequartersemdash", "periodsuperior", "questionsmall", "asuperior", "bsuperior", "centsuperior", "dsuperior", "esuperior", "isuperior", "lsuperior", "msuperior", "nsuperior", "osuperior", "rsuperior", "ssuperior", "tsuperior", "ff", "ffi", "ffl", "parenleftinferior", "parenrightinferior", "Circumflexsmall", "hyphensuperior", "Gravesmall", "Asmall", "Bsmall", "Csmall", "Dsmall", "Esmall", "Fsmall", "Gsmall", "Hsmall", "Ismall", "Jsmall", "Ksmall", "Lsmall", "Msmall", "Nsmall", "Osmall", "Psmall", "Qsmall", "Rsmall", "Ssmall", "Tsmall", "Usmall", "Vsmall", "Wsmall", "Xsmall", "Ysmall", "Zsmall", "colonmonetary", "onefitted", "rupiah", "Tildesmall", "exclamdownsmall", "centoldstyle", "Lslashsmall", "Scaronsmall", "Zcaronsmall", "Dieresissmall", "Brevesmall", "Caronsmall", "Dotaccentsmall", "Macronsmall", "figuredash", "hypheninferior", "Ogoneksmall", "Ringsmall", "Cedillasmall", "questiondownsmall", "oneeighth", "threeeighths", "fiveeighths", "seveneighths", "onethird", "twothirds", "zerosuperior", "foursuperior", "fivesuperior", "sixsuperior", "sevensuperior", "eightsuperior", "ninesuperior", "zeroinferior", "oneinferior", "twoinferior", "threeinferior", "fourinferior", "fiveinferior", "sixinferior", "seveninferior", "eightinferior", "nineinferior", "centinferior", "dollarinferior", "periodinferior", "commainferior", "Agravesmall", "Aacutesmall", "Acircumflexsmall", "Atildesmall", "Adieresissmall", "Aringsmall", "AEsmall", "Ccedillasmall", "Egravesmall", "Eacutesmall", "Ecircumflexsmall", "Edieresissmall", "Igravesmall", "Iacutesmall", "Icircumflexsmall", "Idieresissmall", "Ethsmall", "Ntildesmall", "Ogravesmall", "Oacutesmall", "Ocircumflexsmall", "Otildesmall", "Odieresissmall", "OEsmall", "Oslashsmall", "Ugravesmall", "Uacutesmall", "Ucircumflexsmall", "Udieresissmall", "Yacutesmall", "Thornsmall", "Ydieresissmall", "001.000", "001.001", "001.002", "001.003", "Black", "Bold", "Book", "Light", "Medium", "Regular", "Roman", "Semibold"]
assert len(STANDARD_STRINGS) == 391


def _index(data: bytes, pos: int) -> tuple[list[bytes], int]:
    """Read a CFF INDEX at pos: (items, position after it)."""
    if pos + 2 > len(data):
        raise FontProgramError("truncated INDEX")
    (count,) = struct.unpack_from(">H", data, pos)
    if count == 0:
        return [], pos + 2
    osize = data[pos + 2]
    if not 1 <= osize <= 4:
        raise FontProgramError("bad INDEX offset size")
    offs = []
    base = pos + 3
    for i in range(count + 1):
        chunk = data[base + i * osize: base + (i + 1) * osize]
        offs.append(int.from_bytes(chunk, "big"))
    start = base + (count + 1) * osize - 1
    items = [data[start + offs[i]: start + offs[i + 1]] for i in range(count)]
    return items, start + offs[-1]


def _dict(data: bytes) -> dict[int, list]:
    """Decode a Top/Private/Font DICT: operator -> operands (two-byte ops as 1200 + b1)."""
    out: dict[int, list] = {}
    ops: list = []
    i = 0
    while i < len(data):
        b0 = data[i]
        if b0 <= 21:
            if b0 == 12:
                key = 1200 + data[i + 1]
                i += 2
            else:
                key = b0
                i += 1
            out[key] = ops
            ops = []
        elif b0 == 28:
            ops.append(struct.unpack_from(">h", data, i + 1)[0])
            i += 3
        elif b0 == 29:
            ops.append(struct.unpack_from(">i", data, i + 1)[0])
            i += 5
        elif b0 == 30:  # real number, nibbles
            i += 1
            s = ""
            while i < len(data):
                b = data[i]
                i += 1
                done = False
                for nib in (b >> 4, b & 15):
                    if nib == 15:
                        done = True
                        break
                    s += "0123456789.EE?-"[nib] + ("-" if nib == 12 else "")
                if done:
                    break
            try:
                ops.append(float(s))
            except ValueError:
                ops.append(0.0)
        elif 32 <= b0 <= 246:
            ops.append(b0 - 139)
            i += 1
        elif 247 <= b0 <= 250:
            ops.append((b0 - 247) * 256 + data[i + 1] + 108)
            i += 2
        elif 251 <= b0 <= 254:
            ops.append(-(b0 - 251) * 256 - data[i + 1] - 108)
            i += 2
        else:
            i += 1
    return out


class CFFFont:
    def __init__(self, data: bytes) -> None:
        try:
            self._parse(data)
        except (IndexError, struct.error) as exc:
            raise FontProgramError(f"malformed CFF: {exc}") from exc

    def _parse(self, data: bytes) -> None:
        self.data = data
        if len(data) < 4 or data[0] != 1:
            raise FontProgramError("not a CFF version 1 font program")
        pos = data[2]
        _names, pos = _index(data, pos)
        tops, pos = _index(data, pos)
        strings, pos = _index(data, pos)
        self.gsubrs, _ = _index(data, pos)
        if not tops:
            raise FontProgramError("no Top DICT")
        top = _dict(tops[0])
        self.strings = strings
        self.is_cid = 1230 in top
        cs_off = top.get(17, [None])[0]
        if cs_off is None:
            raise FontProgramError("no CharStrings")
        self.charstrings, _ = _index(data, cs_off)
        n = len(self.charstrings)
        self.charset = self._charset(top.get(15, [0])[0], n)  # SIDs or CIDs per glyph
        self._encoding_off = top.get(16, [0])[0]
        # Private DICTs: one for a name-keyed font, one per Font DICT for CID-keyed.
        if self.is_cid and 1236 in top:
            fds, _ = _index(data, top[1236][0])
            self.privates = [self._private(_dict(fd), top) for fd in fds]
            self.fdselect = self._fdselect(top.get(1237, [0])[0], n)
        else:
            self.privates = [self._private(top, None)]
            self.fdselect = None
        self._names = None
        self._gid_by_name = None
        self._gid_by_cid = None

    def _private(self, d: dict, top: dict | None) -> dict:
        # Glyph space to 1/1000 em: FontMatrix of the (Font) DICT, times the Top DICT's for CID fonts.
        scale = float(d[1207][0]) if len(d.get(1207, ())) == 6 else None
        if top is not None and len(top.get(1207, ())) == 6:
            scale = float(top[1207][0]) * (scale if scale is not None else 1.0)
        info = {"default": 0.0, "nominal": 0.0, "subrs": [], "scale": 1000.0 * (scale or 0.001)}
        if 18 in d and len(d[18]) >= 2:
            size, off = d[18][0], d[18][1]
            priv = _dict(self.data[off:off + size])
            info["default"] = float(priv.get(20, [0])[0])
            info["nominal"] = float(priv.get(21, [0])[0])
            if 19 in priv:
                info["subrs"], _ = _index(self.data, off + priv[19][0])
        return info

    def _charset(self, off: int, n: int) -> list[int]:
        if off in (0, 1, 2):  # predefined ISOAdobe/Expert/ExpertSubset: use gid as SID
            return list(range(n))
        data = self.data
        fmt = data[off]
        out = [0]
        pos = off + 1
        if fmt == 0:
            for i in range(n - 1):
                out.append(struct.unpack_from(">H", data, pos + 2 * i)[0])
        else:
            while len(out) < n:
                (first,) = struct.unpack_from(">H", data, pos)
                if fmt == 1:
                    left = data[pos + 2]
                    pos += 3
                else:
                    (left,) = struct.unpack_from(">H", data, pos + 2)
                    pos += 4
                out.extend(range(first, first + left + 1))
        return out[:n]

    def _fdselect(self, off: int, n: int) -> list[int] | None:
        if not off:
            return None
        data = self.data
        fmt = data[off]
        if fmt == 0:
            return list(data[off + 1: off + 1 + n])
        if fmt == 3:
            (nranges,) = struct.unpack_from(">H", data, off + 1)
            out = [0] * n
            for r in range(nranges):
                first, fd = struct.unpack_from(">HB", data, off + 3 + 3 * r)
                (nxt,) = struct.unpack_from(">H", data, off + 3 + 3 * (r + 1))
                for g in range(first, min(nxt, n)):
                    out[g] = fd
            return out
        return None

    # -- names and lookups ---------------------------------------------------
    def _sid_name(self, sid: int) -> str:
        if sid < 391:
            return STANDARD_STRINGS[sid]
        k = sid - 391
        return self.strings[k].decode("latin-1") if k < len(self.strings) else f"sid{sid}"

    @property
    def glyph_names(self) -> list[str]:
        """Glyph names by glyph id (name-keyed fonts only)."""
        if self._names is None:
            self._names = [self._sid_name(s) for s in self.charset]
        return self._names

    def gid_for_name(self, name: str) -> int | None:
        if self._gid_by_name is None:
            self._gid_by_name = {nm: g for g, nm in enumerate(self.glyph_names)}
        return self._gid_by_name.get(name)

    def gid_for_cid(self, cid: int) -> int | None:
        if not self.is_cid:
            return cid if cid < len(self.charstrings) else None
        if self._gid_by_cid is None:
            self._gid_by_cid = {c: g for g, c in enumerate(self.charset)}
        return self._gid_by_cid.get(cid)

    def builtin_encoding(self) -> dict[int, str] | None:
        """code -> glyph name of the font's own encoding; None if it is StandardEncoding."""
        off = self._encoding_off
        if off == 0:
            return None
        if off == 1:
            return {}  # the CFF Expert encoding: not tabulated here
        data = self.data
        fmt = data[off] & 0x7F
        out: dict[int, str] = {}
        names = self.glyph_names
        if fmt == 0:
            ncodes = data[off + 1]
            for g in range(1, ncodes + 1):
                if g < len(names):
                    out[data[off + 1 + g]] = names[g]
        elif fmt == 1:
            nranges = data[off + 1]
            g = 1
            for r in range(nranges):
                first, left = data[off + 2 + 2 * r], data[off + 3 + 2 * r]
                for code in range(first, first + left + 1):
                    if g < len(names):
                        out[code] = names[g]
                    g += 1
        if data[off] & 0x80:  # supplements
            pos = off + 2 + (data[off + 1] if fmt == 0 else 2 * data[off + 1])
            for k in range(data[pos]):
                code, sid = struct.unpack_from(">BH", data, pos + 1 + 3 * k)
                out[code] = self._sid_name(sid)
        return out

    # -- widths ----------------------------------------------------------------
    def advance(self, gid: int) -> float | None:
        """Advance width in 1/1000 em (glyph units scaled by the FontMatrix), or None."""
        if gid >= len(self.charstrings) or not self.privates:
            return None
        fd = self.fdselect[gid] if self.fdselect and gid < len(self.fdselect) else 0
        priv = self.privates[fd] if fd < len(self.privates) else self.privates[0]
        try:
            width = _charstring_width(self.charstrings[gid], priv["subrs"], self.gsubrs)
        except (IndexError, struct.error, RecursionError):
            return None
        if width is None:
            return priv["default"] * priv["scale"]
        return (priv["nominal"] + width) * priv["scale"]


def _bias(subrs: list) -> int:
    n = len(subrs)
    return 107 if n < 1240 else 1131 if n < 33900 else 32768


_STEM_OPS = {1, 3, 18, 23, 19, 20}


def _charstring_width(code: bytes, lsubrs: list, gsubrs: list):
    """Return the width operand of a Type 2 charstring, or None if it has none.

    Runs only until the first stack-clearing operator, following subroutine calls."""
    stack: list[float] = []

    def run(cs: bytes, depth: int):
        i = 0
        while i < len(cs):
            b0 = cs[i]
            if b0 >= 32 or b0 == 28 or b0 == 255:
                if b0 == 28:
                    stack.append(struct.unpack_from(">h", cs, i + 1)[0])
                    i += 3
                elif b0 == 255:
                    stack.append(struct.unpack_from(">i", cs, i + 1)[0] / 65536.0)
                    i += 5
                elif b0 <= 246:
                    stack.append(b0 - 139)
                    i += 1
                elif b0 <= 250:
                    stack.append((b0 - 247) * 256 + cs[i + 1] + 108)
                    i += 2
                else:
                    stack.append(-(b0 - 251) * 256 - cs[i + 1] - 108)
                    i += 2
                continue
            if b0 in (10, 29):  # callsubr / callgsubr
                subrs = lsubrs if b0 == 10 else gsubrs
                idx = int(stack.pop()) + _bias(subrs)
                if depth > 10 or not 0 <= idx < len(subrs):
                    return ("done", None)
                res = run(subrs[idx], depth + 1)
                if res is not None:
                    return res
                i += 1
                continue
            if b0 == 11:  # return
                return None
            n = len(stack)
            if b0 in _STEM_OPS:
                return ("done", stack[0] if n % 2 else None)
            if b0 == 21:
                return ("done", stack[0] if n > 2 else None)
            if b0 in (4, 22):
                return ("done", stack[0] if n > 1 else None)
            if b0 == 14:
                return ("done", stack[0] if n in (1, 5) else None)
            return ("done", None)
        return None

    res = run(code, 0)
    return res[1] if res else None
