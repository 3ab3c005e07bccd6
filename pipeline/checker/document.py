"""Opening a PDF for checking: every way a file can be unreadable becomes a CheckerInputError.

The opening itself is pipeline.pdfread.opening's, shared with `tags` and `review`.
"""
from __future__ import annotations

import os

import pikepdf

from ..pdfread import opening


def open_pdf(path: str | os.PathLike) -> pikepdf.Pdf:
    """Open *path* with pikepdf, or raise CheckerInputError with a one-line reason."""
    from .findings import CheckerInputError

    try:
        return opening.open_pdf(path)
    except opening.UnreadableFile as exc:
        raise CheckerInputError(str(exc)) from None


def damaged(name: str, exc: BaseException) -> Exception:
    """The error to raise when the file turns out to be broken while it is being checked."""
    from .findings import CheckerInputError

    return CheckerInputError(str(opening.damaged(name, exc)))
