"""CMap reading for the font rules: embedded encoding CMaps and ToUnicode CMaps.

A CMap is a small PostScript program. We do not run it; we tokenize it and pick
out the few definitions the rules need: WMode, CMapName, usecmap, CIDSystemInfo,
the code space ranges (to split shown strings into codes), the CID mappings and
the bfchar/bfrange Unicode mappings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# ISO 32000-1:2008, 9.7.5.2, Table 118: the predefined CMaps a reader knows by name.
_PREDEFINED_STEMS = [
    "GB-EUC", "GBpc-EUC", "GBK-EUC", "GBKp-EUC", "GBK2K", "UniGB-UCS2", "UniGB-UTF16", "B5pc",
    "HKscs-B5", "ETen-B5", "ETenms-B5", "CNS-EUC", "UniCNS-UCS2", "UniCNS-UTF16", "90ms-RKSJ",
    "90msp-RKSJ", "Add-RKSJ", "EUC", "Ext-RKSJ", "UniJIS-UCS2", "UniJIS-UCS2-HW", "UniJIS-UTF16",
    "KSC-EUC", "KSCms-UHC", "KSCms-UHC-HW", "UniKS-UCS2", "UniKS-UTF16", "Identity",
]
PREDEFINED_CMAPS = frozenset(
    [f"{stem}-{wm}" for stem in _PREDEFINED_STEMS for wm in "HV"]
    + ["83pv-RKSJ-H", "90pv-RKSJ-H", "KSCpc-EUC-H", "H", "V"]
)

# Orderings whose predefined CMaps let a reader derive Unicode (ISO 19005-2, 6.2.11.7.2).
CJK_ORDERINGS = frozenset({"GB1", "CNS1", "Japan1", "Korea1"})

_TOKEN = re.compile(
    rb"""
    (?P<ws>\s+|%[^\r\n]*)
  | (?P<hex><(?!<)[0-9A-Fa-f\s]*>)
  | (?P<lit>\((?:\\.|[^\\()])*\))
  | (?P<name>/[^\s/\[\]<>(){}%]*)
  | (?P<delim><<|>>|[\[\]{}])
  | (?P<word>[^\s/\[\]<>(){}%]+)
  | (?P<junk>.)
    """,
    re.X | re.S,
)
_LIT_ESC = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


class Hex(bytes):
    """A <hex> string token: the bytes, with the number of bytes written."""


def _tokens(data: bytes):
    """Yield (kind, value): 'hex' -> Hex, 'lit' -> bytes, 'name' -> str,
    'num' -> int/float, 'op' -> str (operators and delimiters)."""
    for m in _TOKEN.finditer(data):
        kind = m.lastgroup
        text = m.group()
        if kind in ("ws", "junk"):
            continue
        if kind == "hex":
            digits = re.sub(rb"\s", b"", text[1:-1])
            if len(digits) % 2:
                digits += b"0"
            yield "hex", Hex(bytes.fromhex(digits.decode()))
        elif kind == "lit":
            body = re.sub(rb"\\(.)", lambda e: _LIT_ESC.get(e.group(1), e.group(1)), text[1:-1])
            yield "lit", body
        elif kind == "name":
            yield "name", text[1:].decode("latin-1")
        elif kind == "word":
            try:
                yield "num", int(text)
            except ValueError:
                try:
                    yield "num", float(text)
                except ValueError:
                    yield "op", text.decode("latin-1")
        else:
            yield "op", text.decode("latin-1")


def _int(b: bytes) -> int:
    return int.from_bytes(b, "big")


@dataclass
class CMapInfo:
    """What an embedded CMap (encoding or ToUnicode) defines."""

    name: str | None = None
    wmode: int | None = None
    usecmap: str | None = None
    registry: str | None = None
    ordering: str | None = None
    supplement: int | None = None
    # (number of bytes, low, high)
    codespace: list[tuple[int, int, int]] = field(default_factory=list)
    # CID mappings: single codes and (nbytes, low, high, first CID)
    cid_single: dict[tuple[int, int], int] = field(default_factory=dict)
    cid_ranges: list[tuple[int, int, int, int]] = field(default_factory=list)
    # Unicode mappings: code -> UTF-16BE bytes; ranges (nbytes, low, high, dst)
    # where dst is the starting UTF-16BE bytes or a list of them.
    uni_single: dict[tuple[int, int], bytes] = field(default_factory=dict)
    uni_ranges: list[tuple[int, int, int, bytes | list[bytes]]] = field(default_factory=list)
    _by_code: dict | None = field(default=None, repr=False)

    # -- code splitting ----------------------------------------------------
    def split_codes(self, data: bytes) -> list[tuple[int, int]]:
        """Split a shown string into (nbytes, code) by the code space ranges.

        Bytes that match no range are taken as codes of the shortest length that
        the code space uses (ISO 32000-1:2008, 9.7.6.3 leaves that to the reader)."""
        spaces = self.codespace or [(2, 0, 0xFFFF)]
        lengths = sorted({n for n, _, _ in spaces})
        out = []
        i = 0
        while i < len(data):
            for n in lengths:
                if i + n > len(data):
                    break
                code = _int(data[i:i + n])
                if any(sn == n and lo <= code <= hi for sn, lo, hi in spaces):
                    out.append((n, code))
                    i += n
                    break
            else:
                n = min(lengths[0], len(data) - i)
                out.append((n, _int(data[i:i + n])))
                i += n
        return out

    # -- lookups -----------------------------------------------------------
    def cid(self, nbytes: int, code: int) -> int | None:
        cid = self.cid_single.get((nbytes, code))
        if cid is not None:
            return cid
        for n, lo, hi, start in self.cid_ranges:
            if n == nbytes and lo <= code <= hi:
                return start + code - lo
        return None

    def unicode(self, nbytes: int, code: int) -> str | None:
        raw = self.uni_single.get((nbytes, code))
        if raw is None:
            raw = self._uni_from_ranges(nbytes, code, exact=True)
        if raw is None:
            # Writers key 1-byte codes as <0041> (or the reverse) often enough: accept any length.
            if self._by_code is None:
                self._by_code = {}
                for (_n, c), value in self.uni_single.items():
                    self._by_code.setdefault(c, value)
            raw = self._by_code.get(code)
            if raw is None:
                raw = self._uni_from_ranges(nbytes, code, exact=False)
        if raw is None:
            return None
        return raw.decode("utf-16-be", errors="surrogatepass") if len(raw) % 2 == 0 else raw.decode("latin-1")

    def _uni_from_ranges(self, nbytes: int, code: int, exact: bool) -> bytes | None:
        for n, lo, hi, dst in self.uni_ranges:
            if lo <= code <= hi and (n == nbytes or not exact):
                if isinstance(dst, list):
                    k = code - lo
                    return dst[k] if k < len(dst) else None
                # Increment the destination (9.10.3 says only its last byte varies; writers
                # commonly let it carry, and readers follow them).
                value = _int(dst) + code - lo
                size = max(len(dst), 2)
                return value.to_bytes(size, "big") if 0 <= value < 1 << (8 * size) else None
        return None


def parse_cmap(data: bytes) -> CMapInfo:
    """Read the definitions the font rules need from a CMap program."""
    info = CMapInfo()
    toks = list(_tokens(data))
    items: list = []
    section = None  # the begin...end block being read
    for idx, (kind, val) in enumerate(toks):
        if section:
            if kind == "op" and val == "end" + section:
                _apply_section(info, section, items)
                section = None
            else:
                items.append((kind, val))
            continue
        if kind == "op" and val in _SECTIONS:
            section = val[5:]
            items = []
            continue
        if kind == "name" and idx + 1 < len(toks):
            nkind, nval = toks[idx + 1]
            if val == "WMode" and nkind == "num":
                info.wmode = int(nval)
            elif val == "CMapName" and nkind == "name":
                info.name = nval
            elif val in ("Registry", "Ordering") and nkind == "lit":
                setattr(info, val.lower(), nval.decode("latin-1"))
            elif val == "Supplement" and nkind == "num":
                info.supplement = int(nval)
            elif nkind == "op" and nval == "usecmap":
                info.usecmap = val
    return info


_SECTIONS = frozenset({
    "begincodespacerange", "begincidrange", "begincidchar", "beginbfchar",
    "beginbfrange", "beginnotdefrange", "beginnotdefchar",
})


def _apply_section(info: CMapInfo, section: str, items: list) -> None:
    if section == "codespacerange":
        for (k1, lo), (k2, hi) in zip(items[0::2], items[1::2], strict=False):
            if k1 == "hex" and k2 == "hex":
                info.codespace.append((len(lo), _int(lo), _int(hi)))
    elif section in ("cidrange", "notdefrange"):
        target = info.cid_ranges if section == "cidrange" else None
        for j in range(0, len(items) - 2, 3):
            (k1, lo), (k2, hi), (k3, dst) = items[j:j + 3]
            if k1 == k2 == "hex" and k3 == "num" and target is not None:
                target.append((len(lo), _int(lo), _int(hi), int(dst)))
    elif section == "cidchar":
        for (k1, src), (k2, dst) in zip(items[0::2], items[1::2], strict=False):
            if k1 == "hex" and k2 == "num":
                info.cid_single[(len(src), _int(src))] = int(dst)
    elif section == "bfchar":
        for (k1, src), (k2, dst) in zip(items[0::2], items[1::2], strict=False):
            if k1 == "hex" and k2 in ("hex", "lit"):
                info.uni_single[(len(src), _int(src))] = bytes(dst)
            elif k1 == "hex" and k2 == "name":
                info.uni_single[(len(src), _int(src))] = dst.encode("utf-16-be")
    elif section == "bfrange":
        j = 0
        while j + 2 < len(items):
            (k1, lo), (k2, hi) = items[j], items[j + 1]
            kind, dst = items[j + 2]
            j += 3
            if kind == "op" and dst == "[":
                values = []
                while j < len(items) and items[j] != ("op", "]"):
                    if items[j][0] in ("hex", "lit"):
                        values.append(bytes(items[j][1]))
                    j += 1
                j += 1
                dst = values
            elif kind not in ("hex", "lit"):
                continue
            if k1 == k2 == "hex":
                value = dst if isinstance(dst, list) else bytes(dst)
                info.uni_ranges.append((len(lo), _int(lo), _int(hi), value))
