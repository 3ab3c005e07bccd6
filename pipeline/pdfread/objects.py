"""Reading PDF objects as the format defines them, shared by the checker and the review tools."""
from __future__ import annotations

import pikepdf


def inherited(node: object, key: str, limit: int = 64) -> pikepdf.Object | None:
    """``key`` of ``node`` or of the nearest ancestor along /Parent that has it (inheritable
    page attributes such as /Resources and /MediaBox, field attributes such as /TU).

    At most ``limit`` levels are climbed, so a /Parent cycle cannot loop forever; None when
    no node has the key or a /Parent is not a dictionary."""
    for _ in range(limit):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if key in node:
            return node.get(key)
        node = node.get("/Parent")
    return None
