"""A small reader for Type 1 font programs (FontFile): glyph names, widths, encoding.

The program is a cleartext PostScript part (FontMatrix, Encoding) followed by an
eexec-encrypted part holding the CharStrings dictionary. We decrypt it, collect
the glyph names (7.21.4.2 CharSet, 7.21.8 .notdef) and read each glyph's width
from its hsbw/sbw command (7.21.5). Same interface as CFFFont for name-keyed fonts.
"""
from __future__ import annotations

import re

from .fonts_sfnt import FontProgramError

_EEXEC_KEY, _CHARSTRING_KEY = 55665, 4330
_HEX = re.compile(rb"^[0-9A-Fa-f\s]+$")
_CHARSTRING = re.compile(rb"/([^\s/\[\]{}()<>%]+)\s+(\d+)\s+(?:RD|-\|)\s")
_ENC_ENTRY = re.compile(rb"dup\s+(\d+)\s*/([^\s/\[\]{}()<>%]+)\s+put")
_MATRIX = re.compile(rb"/FontMatrix\s*\[\s*([-+0-9.eE]+)")
_LENIV = re.compile(rb"/lenIV\s+(\d+)")


def _decrypt(data: bytes, key: int, skip: int) -> bytes:
    r = key
    out = bytearray(len(data))
    for i, c in enumerate(data):
        out[i] = c ^ (r >> 8)
        r = ((c + r) * 52845 + 22719) & 0xFFFF
    return bytes(out[skip:])


def _strip_pfb(data: bytes) -> bytes:
    """Remove PFB segment headers (0x80 type len) if a writer left them in."""
    if not data.startswith(b"\x80\x01"):
        return data
    out, pos = bytearray(), 0
    while pos + 6 <= len(data) and data[pos] == 0x80 and data[pos + 1] in (1, 2):
        size = int.from_bytes(data[pos + 2:pos + 6], "little")
        out += data[pos + 6:pos + 6 + size]
        pos += 6 + size
    return bytes(out)


class Type1Font:
    is_cid = False

    def __init__(self, data: bytes) -> None:
        data = _strip_pfb(data)
        at = data.find(b"eexec")
        if at < 0:
            raise FontProgramError("no eexec section")
        clear, cipher = data[:at], data[at + 5:].lstrip(b"\r\n\t ")
        if _HEX.match(cipher[:4] or b"x"):
            hexpart = re.sub(rb"[^0-9A-Fa-f]", b"", cipher.split(b"0000000000")[0])
            cipher = bytes.fromhex(hexpart[: len(hexpart) // 2 * 2].decode())
        private = _decrypt(cipher, _EEXEC_KEY, 4)
        m = _MATRIX.search(clear)
        self.scale = 1000.0 * float(m.group(1)) if m else 1.0
        self._encoding = {int(c): n.decode("latin-1") for c, n in _ENC_ENTRY.findall(clear) if int(c) < 256}
        self._standard = b"StandardEncoding def" in clear
        m = _LENIV.search(private)
        leniv = int(m.group(1)) if m else 4
        start = private.find(b"/CharStrings")
        if start < 0:
            raise FontProgramError("no CharStrings")
        self.glyph_names: list[str] = []
        self._charstrings: list[bytes] = []
        pos = start
        while True:
            m = _CHARSTRING.search(private, pos)
            if not m:
                break
            size = int(m.group(2))
            body = private[m.end():m.end() + size]
            self.glyph_names.append(m.group(1).decode("latin-1"))
            self._charstrings.append(body)
            pos = m.end() + size
        self._leniv = leniv
        self._gid = {n: g for g, n in enumerate(self.glyph_names)}

    @property
    def charstrings(self) -> list[bytes]:
        return self._charstrings

    def gid_for_name(self, name: str) -> int | None:
        return self._gid.get(name)

    def builtin_encoding(self) -> dict[int, str] | None:
        """code -> glyph name of the font's own encoding; None if it is StandardEncoding."""
        return None if self._standard else dict(self._encoding)

    def advance(self, gid: int) -> float | None:
        if not 0 <= gid < len(self._charstrings):
            return None
        cs = _decrypt(self._charstrings[gid], _CHARSTRING_KEY, self._leniv) if self._leniv >= 0 else b""
        stack: list[int] = []
        i = 0
        while i < len(cs):
            v = cs[i]
            if v >= 32:
                if v <= 246:
                    stack.append(v - 139)
                    i += 1
                elif v <= 250:
                    stack.append((v - 247) * 256 + cs[i + 1] + 108)
                    i += 2
                elif v <= 254:
                    stack.append(-(v - 251) * 256 - cs[i + 1] - 108)
                    i += 2
                else:
                    stack.append(int.from_bytes(cs[i + 1:i + 5], "big", signed=True))
                    i += 5
                continue
            if v == 13 and len(stack) >= 2:  # hsbw: sbx wx
                return stack[1] * self.scale
            if v == 12 and i + 1 < len(cs) and cs[i + 1] == 7 and len(stack) >= 4:  # sbw
                return stack[2] * self.scale
            if v == 12 and i + 1 < len(cs) and cs[i + 1] == 12 and len(stack) >= 2:  # div
                b, a = stack.pop(), stack.pop()
                stack.append(a / b if b else 0)
                i += 2
                continue
            return None
        return None
