"""Reading a source file as editors save it: UTF-8 with or without a byte-order mark,
LF, CRLF or CR line ends; control characters are refused with their line and column."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .problems import Problems

# C0 and C1 control characters other than tab and line feed, and the two noncharacters
# a text editor may leave behind; none of them can be shown or read aloud.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
MAX_REPORTED = 10  # control characters reported per file


def read_source(path: Path, problems: Problems) -> str | None:
    """The file's text with LF line ends and no BOM; None (and a problem) when it cannot be
    read, is not UTF-8, or holds control characters."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(path, f"cannot read: {exc.strerror}")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.add(path, f"not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded); "
                           f"save the file as UTF-8", line)
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = 0
    for number, line_text in enumerate(text.split("\n"), start=1):
        match = _CONTROL.search(line_text)
        if match is None:
            continue
        found += 1
        if found <= MAX_REPORTED:
            char = match.group(0)
            name = unicodedata.name(char, None) or _CONTROL_NAMES.get(char, "a control character")
            problems.add(path, f"column {match.start() + 1}: control character U+{ord(char):04X} "
                               f"({name}) cannot be shown; delete it", number)
    if found > MAX_REPORTED:
        problems.add(path, f"{found - MAX_REPORTED} more lines with control characters")
    return None if found else text


_CONTROL_NAMES = {"\x00": "NULL", "\x1b": "ESCAPE", "\x7f": "DELETE", "\x0c": "FORM FEED",
                  "\x0b": "LINE TABULATION", "\x08": "BACKSPACE"}
