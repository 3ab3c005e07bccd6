"""What a content stream's operands name in its resource dictionary: fonts (``Tf``),
XObjects (``Do``), patterns, and the properties of marked content (``BDC``).

Shared by the checker's content walker and the page-text reader, so the two resolve
the same operand to the same object.
"""
from __future__ import annotations

import pikepdf

from .contentstream import Name, text_of
from .objects import text


def resource_dict(resources: object, category: str) -> pikepdf.Dictionary | None:
    """One category of a resource dictionary (``"/Font"``, ``"/XObject"``, ...), else None."""
    if not isinstance(resources, pikepdf.Dictionary):
        return None
    found = resources.get(category)
    return found if isinstance(found, pikepdf.Dictionary) else None


def resource(resources: object, category: str, key: str) -> pikepdf.Object | None:
    """The resource named ``key`` (with its slash: ``"/F1"``) in ``category``, else None."""
    table = resource_dict(resources, category)
    return table.get(key) if table is not None else None


def font_resource(resources: object, key: object) -> pikepdf.Dictionary | None:
    """The font dictionary a ``Tf`` operand names, else None."""
    if not isinstance(key, str):
        return None
    font = resource(resources, "/Font", str(key))
    return font if isinstance(font, pikepdf.Dictionary) else None


def xobject_resource(resources: object, key: object) -> pikepdf.Stream | None:
    """The XObject a ``Do`` operand names, else None."""
    if not isinstance(key, str):
        return None
    xobj = resource(resources, "/XObject", str(key))
    return xobj if isinstance(xobj, pikepdf.Stream) else None


def marked_properties(operands: list, resources: object) -> pikepdf.Dictionary | dict | None:
    """The property list of a ``BDC``: its inline dictionary, or the one its name
    stands for in the resources' /Properties; None for ``BMC`` and anything else."""
    if len(operands) < 2:
        return None
    props = operands[1]
    if isinstance(props, Name):
        props = resource(resources, "/Properties", props)
    return props if isinstance(props, (pikepdf.Dictionary, dict)) else None


def property_text(value: object) -> str | None:
    """A text value of a property list: from an inline dictionary (a content-stream
    string or name) or from a resource (a PDF object)."""
    if isinstance(value, (bytes, str)) and not isinstance(value, pikepdf.Object):
        return text_of(value)
    return text(value)


def objkey(obj: object) -> tuple[int, int] | None:
    """(object number, generation) of an indirect object, else None."""
    try:
        og = obj.objgen  # type: ignore[attr-defined]
    except (AttributeError, pikepdf.PdfError):
        return None
    return og if og != (0, 0) else None
