"""Opening a PDF to read it: one function for `check`, `tags` and `review`, so the three
agree on what is unreadable (exit 2 and one line) and what is not.

    try:
        pdf = open_pdf(path)
    except UnreadableFile as exc:
        print(exc)   # "book.pdf: is damaged or truncated (can't find startxref)"

Damaged files are refused rather than silently repaired: a report on a file qpdf has
reconstructed would be about something other than what will be published.
"""
from __future__ import annotations

import os

import pikepdf

# A PDF header may be preceded by a little junk; readers look in the first 1024 bytes.
HEADER_WINDOW = 1024


class UnreadableFile(Exception):
    """The file cannot be read as a PDF at all; the message is one line naming the file."""


def open_pdf(path: str | os.PathLike) -> pikepdf.Pdf:
    """Open ``path`` with pikepdf (no recovery of damaged files), or raise UnreadableFile."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            head = fh.read(HEADER_WINDOW)
    except IsADirectoryError:
        raise unreadable(name, "is a directory, not a PDF file") from None
    except FileNotFoundError:
        raise unreadable(name, "no such file") from None
    except OSError as exc:
        raise unreadable(name, f"cannot be read ({exc.strerror or exc})") from None
    if not head:
        raise unreadable(name, "is empty")
    if b"%PDF-" not in head:
        raise unreadable(name, "is not a PDF file (no %PDF- header)")
    try:
        pdf = pikepdf.open(name, attempt_recovery=False)
    except pikepdf.PasswordError:
        raise unreadable(name, "is encrypted and needs a password to be opened") from None
    except (pikepdf.PdfError, ValueError, RuntimeError, OSError) as exc:
        raise unreadable(name, f"is damaged or truncated ({first_line(exc)})") from None
    try:
        len(pdf.pages)  # qpdf reads the page tree here: a /Kids loop is a damaged file
    except (pikepdf.PdfError, RuntimeError, RecursionError) as exc:
        pdf.close()
        raise unreadable(name, f"is damaged: its page tree cannot be read ({first_line(exc)})") from None
    return pdf


def first_line(exc: BaseException) -> str:
    """The first line of an error message, without the file name qpdf puts in front."""
    text = str(exc).strip().splitlines()
    msg = text[0] if text else type(exc).__name__
    if ": " in msg and msg.split(": ", 1)[0].endswith(".pdf"):
        msg = msg.split(": ", 1)[1]
    return msg[:200]


def unreadable(name: str, reason: str) -> UnreadableFile:
    return UnreadableFile(f"{name}: {reason}")


def damaged(name: str, exc: BaseException) -> UnreadableFile:
    """The error for a file that turns out to be broken while it is being read."""
    return unreadable(name, f"is damaged ({first_line(exc)})")
