"""Opening a PDF for checking: every way a file can be unreadable becomes a CheckerInputError."""
from __future__ import annotations

import os

import pikepdf

# A PDF header may be preceded by a little junk; readers look in the first 1024 bytes.
_HEADER_WINDOW = 1024


def open_pdf(path: str | os.PathLike) -> pikepdf.Pdf:
    """Open *path* with pikepdf, or raise CheckerInputError with a one-line reason.

    Damaged files are refused rather than silently repaired: a checker that reports on a
    reconstructed file would be judging something other than what will be published.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            head = fh.read(_HEADER_WINDOW)
    except IsADirectoryError:
        raise _error(name, "is a directory, not a PDF file") from None
    except FileNotFoundError:
        raise _error(name, "no such file") from None
    except OSError as exc:
        raise _error(name, f"cannot be read ({exc.strerror or exc})") from None
    if not head:
        raise _error(name, "is empty")
    if b"%PDF-" not in head:
        raise _error(name, "is not a PDF file (no %PDF- header)")
    try:
        return pikepdf.open(name, attempt_recovery=False)
    except pikepdf.PasswordError:
        raise _error(name, "is encrypted and needs a password to be opened") from None
    except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
        raise _error(name, f"is damaged or truncated ({_first_line(exc)})") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    msg = text[0] if text else type(exc).__name__
    # qpdf prefixes messages with the file name; the caller names the file already.
    if ": " in msg and msg.split(": ", 1)[0].endswith(".pdf"):
        msg = msg.split(": ", 1)[1]
    return msg[:200]


def _error(name: str, reason: str) -> Exception:
    from .findings import CheckerInputError

    return CheckerInputError(f"{name}: {reason}")


def damaged(name: str, exc: BaseException) -> Exception:
    """The error to raise when the file turns out to be broken while it is being checked."""
    return _error(name, f"is damaged ({_first_line(exc)})")
