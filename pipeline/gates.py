"""Both gates on one file, in this process: our checker, and page-validation beside it.

page-validation (Rust; it lets go of the interpreter while it reads) judges the file in a
thread while our checker does, so the two take the time of the longer. The build asks here,
or through a gate process that asks here (``pipeline.gate_process``)."""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .second_opinion import SecondOpinion, not_run, second_opinion

if TYPE_CHECKING:
    from .checker import Report


@dataclass
class Verdicts:
    report: Report  # our checker's, PDF/UA-1 and PDF/A-2a
    opinion: SecondOpinion | None  # page-validation's (not_run() if not asked), None: it did not finish


def judge_here(path: str | os.PathLike, second: bool = True) -> Verdicts:
    """Our checker's verdict on ``path`` and, with ``second``, page-validation's."""
    from .checker import check_file

    opinions: list[SecondOpinion] = []
    beside = threading.Thread(target=lambda: opinions.append(second_opinion(path)), daemon=True)
    if second:
        beside.start()
    try:
        report = check_file(path, pdfa=True)
    finally:
        if second:
            beside.join()
    if not second:
        return Verdicts(report, not_run())
    return Verdicts(report, opinions[0] if opinions else None)
